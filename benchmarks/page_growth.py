"""Which pages and files grow with the number of reports: the largest of each kind at N reports.

    python benchmarks/page_growth.py [N ...]          (default: 1000 10000 100000)
    python benchmarks/page_growth.py --html 1000      (also the largest page of each kind as HTML)

No site is built: the page writers (builder.pages) are called over synthetic records, as the build
calls them, and the text they return is measured (Markdown as written into the docs folder; with
--html, the largest page of each kind converted with the site's Markdown extensions, MkDocs' page
chrome, ~12 KB, aside). Records: N reports of N / YEARS bodies (each body a report a year, a tenth
of them missing a year), on cpca's table of counties (the departments of a county past its ~2,800
counties), a tenth at city level and a fiftieth at province level; random counts that satisfy the
template (tests/textreport.random_values, drawn from a pool); a third with findings (one to ten,
some with thirty), a tenth published late; 3% of N unparseable files.

Region pages are measured for the regions with the most reports at each level (the largest pages
of the kind), not every region. Prints one line per kind: its largest file in KB at each N, and the
ratio of the last N to the first (≈ 1: bounded; ≈ the ratio of the Ns: grows with N).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import random
import sys
import time
from datetime import date
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's builder (and tests/textreport.py)

YEARS = (2019, 2020, 2021, 2022, 2023)
TODAY = date(2025, 6, 1)  # every year's deadline passed: each region shows its latest complete year
DEPARTMENTS = ("人民政府", "教育局", "财政局", "民政局", "自然资源局", "生态环境局", "交通运输局", "卫生健康委员会",
               "公安局", "司法局", "住房和城乡建设局", "农业农村局", "市场监督管理局", "应急管理局", "文化和旅游局")
REGION_SAMPLE = 3  # regions measured per level: those with the most reports
FINDINGS = (
    ("cross_year", "warning", "“自然人”一栏：2022 年度报告结转下年度 2 件，但 2023 年度报告上年结转 1 件。",
     ["requests.carried_forward.natural_person", "requests.carried_over.natural_person"]),
    ("proactive_carry", "warning", "“规章”：2022 年现行有效 0 件，加 2023 年制发 3 件、减废止 1 件应为 2 件，但现行有效为 0 件。",
     ["proactive.rules.in_force", "proactive.rules.issued", "proactive.rules.repealed"]),
    ("row_total", "error", "“予以公开”一行：总计为 5，但六类申请人之和为 4。",
     ["requests.granted.natural_person", "requests.granted.total"]),
    ("late_publication", "warning", "发布日期晚于第四十九条规定的期限。", []),
    ("blank_cells", "info", "表格中有 2 个单元格留空。", ["proactive.rules.issued", "proactive.rules.repealed"]),
)


def counties() -> list[tuple[str, str, str, str]]:
    """(code, province, city, county) of every county under a prefecture in cpca's table, shuffled."""
    table = resources.files("cpca").joinpath("resources/adcodes.csv").read_text(encoding="utf-8")
    names = {row["adcode"][:6]: row["name"] for row in csv.DictReader(table.splitlines())
             if row["adcode"].endswith("000000")}
    out = []
    for code, county in names.items():
        province, city = names.get(code[:2] + "0000"), names.get(code[:4] + "00")
        if code[4:] != "00" and province and city and city != province and county.endswith(("区", "县", "市", "旗")):
            out.append((code, province, city, county))
    random.Random(7).shuffle(out)
    return out


def synthetic(n: int) -> tuple[list[dict], list]:
    """n reports (see the module's docstring) and the failures beside them."""
    from builder.export import Failure
    from builder.metadata import slugify
    from builder.template import template_for_year
    from tests.textreport import random_values

    rng = random.Random(n)
    places = counties()
    pool = {variant: [random_values(rng, variant) for _ in range(300)] for variant in ("2019", "2021")}
    reports = []
    for body in range(-(-n // len(YEARS))):
        code, province, city, county = places[body % len(places)]
        department = DEPARTMENTS[body // len(places) % len(DEPARTMENTS)]
        kind = rng.random()
        if kind < 0.02:
            level, region, name, body_id = "province", {"province": province}, f"{province}{department}", code[:2]
        elif kind < 0.12:
            level, region, name, body_id = "city", {"province": province, "city": city}, f"{city}{department}", code[:4]
        else:
            level, region = "county", {"province": province, "city": city, "county": county}
            name, body_id = f"{city}{county}{department}", code
        name += "" if body < len(places) * len(DEPARTMENTS) else f"第{body}分局"
        agency_id = f"{slugify(name)}-{body}"
        for year in YEARS:
            if len(reports) == n:
                break
            if rng.random() < 0.1 and year != YEARS[-1]:
                continue
            variant = template_for_year(year)
            late = rng.random() < 0.1
            checks = []
            if rng.random() < 1 / 3:
                many = 30 if rng.random() < 0.02 else rng.randint(1, 10)
                for i in range(many):
                    rule, severity, message, fields = FINDINGS[i % len(FINDINGS)]
                    checks.append({"rule": rule, "severity": severity, "message": message, "fields": fields,
                                   "acknowledged": False})
            derived = ({"requests.withheld_state_secret.total": {"value": 0, "rule": "row_total", "from": [],
                                                                  "note": "该行只印出 6 个数字。"}}
                       if rng.random() < 0.02 else {})
            reports.append({
                "id": f"{agency_id}-{year}", "agency_id": agency_id, "agency": name, "body_id": f"{body_id}-{body}",
                "level": level, "year": year, "region": {"township": None, **region},
                "published": f"{year + 1}-{'05' if late else '01'}-{rng.randint(10, 28)}",
                "values": rng.choice(pool[variant]), "template": dict.fromkeys(("proactive", "requests", "appeals"), variant),
                "checks": checks, "derived": derived, "known_issues": [],
                "source": {"path": f"reports/{slugify(province)}/{agency_id}-{year}.pdf"},
            })
    failures = [Failure(f"reports/broken-{i}.pdf", "无法读取 PDF：文件已损坏（cannot read the PDF: damaged）", "read")
                for i in range(n * 3 // 100)]
    return reports, failures


def _largest(files: dict[str, str | bytes]) -> tuple[str, int]:
    name = max(files, key=lambda k: len(files[k] if isinstance(files[k], bytes) else files[k].encode()))
    text = files[name]
    return name, len(text if isinstance(text, bytes) else text.encode())


def measure(n: int) -> dict[str, tuple[str, int, str]]:
    """{kind: (largest file, its bytes, its text)} for n synthetic reports."""
    from builder.export import chunks, package_files
    from builder.pages import coverage, explorer, lists, overview, quality, regions
    from builder.pages.downloads import DATASET_FILES, downloads_page_files
    from builder.pages.years import by_year, choose_year

    reports, failures = synthetic(n)
    out: dict[str, tuple[str, int, str]] = {}

    def keep(kind: str, files: dict) -> None:
        if not files:
            return
        name, size = _largest(files)
        if kind not in out or size > out[kind][1]:
            out[kind] = (name, size, files[name] if isinstance(files[name], str) else "")

    roots = regions.region_tree(reports)
    nodes = list(regions.walk(roots))
    for level in ("province", "city", "county"):
        of_level = sorted((r for r in nodes if r.level == level and not r.lone_body), key=lambda r: -len(r.reports))
        for region in of_level[:REGION_SAMPLE]:
            files = regions.region_page_files(region, TODAY)
            main = {region.page: files.pop(region.page)}
            keep(f"region page: {level}", main)
            keep(f"region page: {level}, other year", files)
    keep("regions index", regions.regions_index_files(roots, reports))
    keep("agencies index", lists.agencies_index_files(roots, reports))
    keep("failures page", lists.failures_page_files(failures))
    files = quality.quality_page_files(reports)
    keep("quality index", {quality.PAGE: files.pop(quality.PAGE)})
    keep("quality list page", files)
    choice = choose_year(reports, TODAY)
    keep("home page overview", {"index.md": overview.overview_markdown(reports, today=TODAY)})
    keep("coverage index", coverage.coverage_index_files(reports, choice))
    for year in by_year(reports):
        keep("year page", overview.national_year_files(roots, reports, year, choice))
        keep("coverage year page", coverage.coverage_year_files(roots, reports, year, choice))
    parts = chunks(reports)
    years: dict[str, int] = {}
    packed: dict[str, int] = {}
    for chunk, members in parts.items():
        files = explorer.chunk_files(members, chunk)
        keep("explorer data file", files)
        year, data = chunk.split("/")[0], files[explorer.chunk_file(chunk)].encode()
        years[year] = years.get(year, 0) + len(data)
        packed[year] = packed.get(year, 0) + len(gzip.compress(data, 6))
    biggest = max(years, key=years.get)
    out["explorer: one year, all provinces"] = (f"explorer/data/{biggest}*", years[biggest], "")
    out["  … the same, gzip"] = (f"explorer/data/{biggest}*", packed[biggest], "")
    # What a national view of the largest year loads on opening: its rank file (sorted by new requests),
    # or, in a year without rank files, the whole year.
    ranked = getattr(explorer, "ranked_years", lambda parts: {})(parts)
    if biggest.isdigit() and int(biggest) in ranked:
        files = explorer.year_rank_files(parts, int(biggest))
        keep("explorer rank file", files)
        opened = explorer.rank_file(int(biggest), "received")
        out["explorer: national view on load"] = (opened, len(files[opened].encode()), files[opened])
    else:
        out["explorer: national view on load"] = out["explorer: one year, all provinces"]
    keep("explorer manifest", explorer.manifest_files(parts, choice))
    by_agency: dict[str, list[dict]] = {}
    for report in reports:
        by_agency.setdefault(report["agency_id"], []).append(report)
    biggest = max(by_agency, key=lambda a: len(by_agency[a]))
    keep("explorer body file", explorer.body_files(biggest, by_agency[biggest]))
    sizes = {f"{chunk}/{name}": 1000 * len(members) for chunk, members in parts.items() for name in DATASET_FILES}
    keep("downloads page", downloads_page_files(sizes, {chunk: len(m) for chunk, m in parts.items()}))
    keep("datapackage.json", {"downloads/datapackage.json":
                              package_files(list(parts), None, [])["datapackage.json"]})
    return out


def html_size(name: str, text: str) -> tuple[int, int]:
    """(bytes, gzip bytes) of a page's Markdown as HTML with the site's Markdown extensions (a data
    file: of its text)."""
    import markdown

    if not name.endswith(".md"):
        return len(text.encode()), len(gzip.compress(text.encode(), 6))
    body = text.split("\n---\n", 1)[-1] if text.startswith("---\n") else text
    html = markdown.markdown(body, extensions=["attr_list", "md_in_html", "tables", "admonition"]).encode()
    return len(html), len(gzip.compress(html, 6))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10_000, 100_000])
    parser.add_argument("--html", action="store_true", help="also the largest pages as HTML (slower)")
    args = parser.parse_args()
    results = {}
    for n in args.sizes:
        start = time.perf_counter()
        results[n] = measure(n)
        print(f"N = {n:,}: {time.perf_counter() - start:.1f} s", file=sys.stderr)
    kinds = list(dict.fromkeys(k for r in results.values() for k in r))
    first, last = args.sizes[0], args.sizes[-1]
    print(f"{'kind':<36}" + "".join(f"{f'N={n:,} KB':>14}" for n in args.sizes)
          + (f"{'ratio':>7}" if len(args.sizes) > 1 else "") + "  largest file at the last N")
    for kind in kinds:
        cells = [results[n].get(kind) for n in args.sizes]
        line = f"{kind:<36}" + "".join(f"{c[1] / 1024:>14,.1f}" if c else f"{'—':>14}" for c in cells)
        if len(args.sizes) > 1 and cells[0] and cells[-1]:
            line += f"{cells[-1][1] / cells[0][1]:>7.1f}"
        print(line + f"  {cells[-1][0] if cells[-1] else ''}")
        if args.html:
            shown = ["{:.1f}/{:.1f}z".format(*(v / 1024 for v in html_size(c[0], c[2]))) if c and c[2] else "" for c in cells]
            print(" " * 36 + "".join(f"{cell:>14}" for cell in shown) + "   (as HTML / gzip KB)")
    print(f"(ratio: largest at N = {last:,} over largest at N = {first:,}; {last / first:,.0f} would be linear)")


if __name__ == "__main__":
    main()
