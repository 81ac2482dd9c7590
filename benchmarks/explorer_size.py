"""How large are the explorer's key-figures files at scale, and how long do they take to write?

    .venv/bin/python benchmarks/explorer_size.py [--reports 100000] [--years 5]

Synthesises --reports reports from huaian-2024.pdf's parse (the cells the explorer reads, each
scaled by a random factor so that the numbers differ as real ones do; one body per name), spread
over --years years and the 31 provinces with a skew like the real one: a few
provinces publish far more), splits them as the build does (builder.export.chunks) and writes
each chunk's explorer/data file in memory. Prints the number of files, the largest file and the
total, raw and gzip (what the server sends), the manifest's size and the seconds spent.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PROVINCES = ("北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
             "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区",
             "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省",
             "宁夏回族自治区", "新疆维吾尔自治区")
WORDS = ("教育局", "财政局", "民政局", "司法局", "人民政府", "卫生健康委员会", "交通运输局", "生态环境局")


def _kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()

    from builder.export import chunks
    from builder.pages import explorer
    from builder.parse import parse_report
    from builder.template.indicators import INDICATORS
    from builder.template.labels import KEY_FIGURES

    base = parse_report(ROOT / "tests/fixtures/reports/huaian-2024.pdf")
    read = sorted({f for k in KEY_FIGURES for f in k.fields} |
                  {f for i in INDICATORS for f in (*i.numerator, *i.denominator)})
    rng = random.Random(10)
    weights = [1 / (i + 1) ** 0.7 for i in range(len(PROVINCES))]
    cumulative, total = [], 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    bodies = max(1, args.reports // args.years)
    reports = []
    for n in range(args.reports):
        body, year = n % bodies, 2024 - n // bodies % args.years
        at = (body * 0.6180339887 % 1) * total
        province = PROVINCES[next(i for i, c in enumerate(cumulative) if at <= c)]
        r = copy.copy(base)
        scale = rng.lognormvariate(-2, 1.5)
        r["values"] = {f: round((base["values"].get(f) or 0) * scale * rng.uniform(.7, 1.3)) for f in read}
        r.update(id=f"body-{body}-{year}", agency_id=f"body-{body}", year=year,
                 agency=f"{province}第{body}号{WORDS[body % len(WORDS)]}",
                 region={"province": province, "city": None, "county": None, "township": None})
        reports.append(r)

    t = time.perf_counter()
    parts = chunks(reports)
    sizes = {}
    for chunk, members in parts.items():
        for name, text in explorer.chunk_files(members, chunk).items():
            data = text.encode()
            sizes[name] = (len(data), len(gzip.compress(data, 6)), len(members))
    manifest = explorer.manifest_files(parts)[explorer.MANIFEST].encode()
    seconds = time.perf_counter() - t

    largest = max(sizes, key=lambda k: sizes[k][0])
    raw, packed = sum(s[0] for s in sizes.values()), sum(s[1] for s in sizes.values())
    per_year = {}
    for name, (r, g, _n) in sizes.items():
        year = name.split("/")[2].split(".")[0]
        per_year[year] = (per_year.get(year, (0, 0))[0] + r, per_year.get(year, (0, 0))[1] + g)
    print(f"{args.reports:,} reports, {args.years} years → {len(sizes)} data files in {seconds:.1f} s")
    print(f"largest file: {largest} ({sizes[largest][2]:,} reports) {_kb(sizes[largest][0])} raw, "
          f"{_kb(sizes[largest][1])} gzip")
    print(f"all files: {_kb(raw)} raw, {_kb(packed)} gzip ({raw / args.reports:.0f} / {packed / args.reports:.0f} "
          "bytes a report)")
    year = max(per_year)
    print(f"one whole year ({year}, what the explorer loads with no province chosen): {_kb(per_year[year][0])} raw, "
          f"{_kb(per_year[year][1])} gzip")
    print(f"manifest: {_kb(len(manifest))} raw, {_kb(len(gzip.compress(manifest)))} gzip")
    json.loads(manifest)


if __name__ == "__main__":
    main()
