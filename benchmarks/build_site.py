"""Time the full site build on N synthetic reports: cold (empty cache) and warm (nothing changed).

    .venv/bin/python benchmarks/build_site.py             # N = 100 and 1000
    .venv/bin/python benchmarks/build_site.py --n 300     # one size

Synthetic reports are plain-text reports in the seeds' tab-separated layout
(tests/textreport.py writes them), with random counts that satisfy the
template's arithmetic, for county governments of real places (cpca's table of
administrative divisions): half the agencies have two consecutive years. Their
narrative is the seed reports' own text, so the pages weigh what real ones do.

Prints, per N: seconds per report, cold and warm build time by phase, peak
memory (this process and the parse/page workers), and the size of the search
index a browser downloads — with the indexing strategy the site uses (names,
regions, key numbers, rule names; tables, charts and narrative excluded) next
to what a full-text index of the same pages would weigh.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import threading
import time
from importlib import resources
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from builder.metadata import region_slug, slugify  # noqa: E402
from builder.site import build_site  # noqa: E402
from builder.template import template_for_year  # noqa: E402
from tests.textreport import random_values, write_report  # noqa: E402  (the tests' own report writer)


def places(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    """n distinct (province, city, county) from cpca's table of administrative divisions."""
    table = resources.files("cpca").joinpath("resources/adcodes.csv").read_text(encoding="utf-8")
    names = {row["adcode"][:6]: row["name"] for row in csv.DictReader(table.splitlines())
             if row["adcode"].endswith("000000")}
    out = []
    for code, county in names.items():
        province, city = names.get(code[:2] + "0000"), names.get(code[:4] + "00")
        # A county under a prefecture (not a 市辖区 placeholder or a province-level city's own row).
        if code[4:] != "00" and province and city and city != province and county.endswith(("区", "县", "市", "旗")):
            out.append((province, city, county))
    rng.shuffle(out)
    if len(out) < n:
        raise SystemExit(f"cpca has only {len(out)} counties; ask for fewer reports")
    return out[:n]


def narratives() -> list[str]:
    """Real narrative text to pad the synthetic reports to a real report's length: the seeds' parts
    一 and 五, without sentences that state counts (they would contradict the random tables)."""
    from builder.export import report_files
    from builder.parse import parse_report

    out = []
    for path in report_files(REPO / "data"):
        parts = parse_report(path)["parts"]
        text = "\n".join(parts[key] for key in ("overview", "problems"))
        sentences = re.split(r"(?<=[。；])", text)
        out.append("".join(s for s in sentences if not re.search(r"申请|复议|诉讼|\d+\s*[件条]", s)))
    return out


def make_reports(data: Path, n: int, seed: int = 2024) -> None:
    rng = random.Random(seed)
    fillers = narratives()
    agencies = places(rng, (n + 1) // 2)
    written = 0
    for i, (province, city, county) in enumerate(agencies):
        agency = f"{city}{county}人民政府"
        first = rng.choice((2020, 2021, 2022))
        years = (first, first + 1) if i < n - len(agencies) else (first,)
        folder = data / "reports" / region_slug(province, "province") / region_slug(city, "city")
        folder.mkdir(parents=True, exist_ok=True)
        for year in years:
            values = random_values(rng, template_for_year(year))
            prose = (f"本年度共收到政府信息公开申请{values['requests.new_received.total']}件，"
                     f"办结{values['requests.total_processed.total']}件。\n" + rng.choice(fillers))
            text = write_report(values, agency=agency, year=year, prose=prose)
            (folder / f"{slugify(agency)}-{year}.txt").write_text(text, encoding="utf-8")
            written += 1
    assert written == n, written


def full_text_index_size(site: Path) -> int:
    """What the search index would weigh without exclusions: every page's article through the same indexer."""
    from bs4 import BeautifulSoup
    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex(lang=["en"], separator=r"[\s\u200b\-_,:!=\[\]()\"/]+|\.(?!\d)", pipeline=["stemmer"],
                        fields={})

    class Page:  # the three attributes SearchIndex reads from an MkDocs page
        def __init__(self, url, title, content):
            self.url, self.title, self.content, self.toc, self.meta = url, title, content, [], {}

    for path in sorted(site.rglob("index.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        article = soup.select_one("article.md-content__inner")
        if article is None:
            continue
        for el in article.select("script, .headerlink"):
            el.decompose()
        for el in article.select("[data-search-exclude]"):  # the site's exclusions, undone
            del el["data-search-exclude"]
        url = path.parent.relative_to(site).as_posix() + "/" if path.parent != site else ""
        index.add_entry_from_context(Page(url, soup.title.get_text() if soup.title else url, str(article)))
    return len(index.generate_search_index(None).encode("utf-8"))


class MemorySampler:
    """Peak memory of this process and every descendant (parse and page workers run under a forkserver,
    so getrusage(RUSAGE_CHILDREN) never sees them): /proc is sampled every 0.2 s."""

    def __init__(self):
        self.tree_mb = 0.0  # largest sum of resident memory over the whole process tree
        self.worker_mb = 0.0  # largest peak resident memory (VmHWM) of any descendant
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _status(pid: str) -> dict:
        out = {}
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                key, _, value = line.partition(":")
                if key in ("PPid", "VmRSS", "VmHWM"):
                    out[key] = int(value.split()[0])
        except (OSError, ValueError, IndexError):
            pass
        return out

    def _sample(self) -> None:
        me = os.getpid()
        status = {pid: self._status(pid) for pid in os.listdir("/proc") if pid.isdigit()}
        children: dict[int, list[int]] = {}
        for pid, st in status.items():
            children.setdefault(st.get("PPid", -1), []).append(int(pid))
        tree, todo = [], [me]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo += children.get(pid, [])
        self.tree_mb = max(self.tree_mb, sum(status.get(str(p), {}).get("VmRSS", 0) for p in tree) / 1024)
        for pid in tree[1:]:
            self.worker_mb = max(self.worker_mb, status.get(str(pid), {}).get("VmHWM", 0) / 1024)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self._sample()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def self_mb(self) -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def run(n: int, jobs: int, keep: bool) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"bench-site-{n}-"))
    try:
        make_reports(root / "data", n)
        times = {}
        with MemorySampler() as memory:
            for label in ("cold", "warm"):
                t = time.perf_counter()
                result = build_site(root / "data", root / "site", jobs=jobs, build_dir=root / "build",
                                    cache_dir=root / "cache")
                times[label] = (time.perf_counter() - t, result)
        material = root / "site" / "search" / "search_index.json"  # the site now searches with Pagefind
        index = material.read_bytes() if material.exists() else b"".join(
            p.read_bytes() for p in sorted((root / "site" / "pagefind").rglob("*")) if p.is_file())
        full = full_text_index_size(root / "site")
        return {"n": n, "times": times, "index": len(index), "index_gz": len(gzip.compress(index)),
                "full": full, "self_mb": memory.self_mb, "worker_mb": memory.worker_mb, "tree_mb": memory.tree_mb,
                "root": root}
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


def report(r: dict) -> None:
    n = r["n"]
    cold_s, cold = r["times"]["cold"]
    warm_s, warm = r["times"]["warm"]
    mb = 1024 * 1024
    print(f"\n=== N = {n} reports ({cold.reports} built, {cold.failures} failed, {cold.pages} generated pages) ===")
    print(f"{'':14}{'total s':>9}{'s/report':>10}{'parse':>8}{'pages':>8}{'mkdocs':>8}{'parsed':>8}")
    for label, (secs, res) in (("cold build", (cold_s, cold)), ("warm build", (warm_s, warm))):
        s = res.seconds
        print(f"{label:14}{secs:9.1f}{secs / n:10.3f}{s['parse']:8.1f}{s['pages']:8.1f}{s['mkdocs']:8.1f}"
              f"{res.parsed:8d}")
    print(f"peak memory: {r['self_mb']:.0f} MB build process, {r['worker_mb']:.0f} MB largest worker, "
          f"{r['tree_mb']:.0f} MB all processes together")
    print(f"search index a browser downloads: {r['index'] / mb:.2f} MB ({r['index_gz'] / mb:.2f} MB gzip), "
          f"{r['index'] / n / 1024:.1f} KB per report")
    print("  strategy: index only what people search for — agency names, region path, level, years, key numbers,")
    print("  names of failed rules, and the hand-written pages; tables, charts and narrative text carry")
    print("  data-search-exclude.")
    print("  cost: the six parts' narrative text and table cells are not searchable (they are on the pages);")
    print(f"  a full-text index of the same pages would be {r['full'] / mb:.2f} MB "
          f"({r['full'] / max(1, r['index']):.0f}× larger).")
    if r.get("root") and r["root"].exists():
        print(f"  kept: {r['root']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="number of reports (repeatable; default 100 and 1000)")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: one per core)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data, cache and site")
    args = parser.parse_args()
    for n in args.n or [100, 1000]:
        report(run(n, args.jobs, args.keep))


if __name__ == "__main__":
    main()
