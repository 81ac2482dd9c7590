"""CPU of the pages over the whole collection that one added report makes again, at N reports: which
grow with N (builder.site._whole_site_pages, _year_pages, _peer_files and the per-report bookkeeping
of generate_docs).

    python benchmarks/whole_site_pages.py [N ...]      (default: 1000 10000)

Records: benchmarks/page_growth.py's synthetic ones (N / 5 bodies a year over five years). Each writer
is called as the build calls it after one report of the latest year was added (the quality pages
by builder.site._quality_pages over a docs folder of the build before, its list groups kept; the national pages with the parts
per province and year kept, builder.pages.year_parts, as builder.site._whole_site_pages runs them); CPU seconds, best of 3, one line
per writer (and all of them in one build, peer group files kept) with its ratio between the last N and the first (≈ 1: bounded; ≈ the ratio of the Ns: grows).
"""

from __future__ import annotations

import copy
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_growth import TODAY, synthetic  # noqa: E402  (this checkout's builder, put on sys.path there)

from builder.pages.coverage import coverage_index_files, coverage_year_files  # noqa: E402
from builder.pages.docs_tree import DocsTree, content_hash  # noqa: E402
from builder.pages.figures import memoized  # noqa: E402
from builder.pages.lists import agencies_index_files  # noqa: E402
from builder.pages.overview import national_year_files, overview_markdown  # noqa: E402
from builder.pages.peers import group_files, peer_groups  # noqa: E402
from builder.pages.regions import region_tree, regions_index_files  # noqa: E402
from builder.pages.year_parts import YearSums  # noqa: E402
from builder.pages.years import choose_year  # noqa: E402
from builder.site import _quality_pages  # noqa: E402


def _cpu(run) -> float:
    """Best of 3, each with the key figures computed afresh (a build computes each report's once)."""
    best = float("inf")
    for _ in range(3):
        with memoized():
            started = time.process_time()
            run()
            best = min(best, time.process_time() - started)
    return best


def measure(n: int) -> dict[str, float]:
    reports, _failures = synthetic(n)
    added = copy.deepcopy(reports[-1])
    added["id"], added["agency_id"] = "added-" + added["id"], "added-" + added["agency_id"]
    reports = [*reports, added]
    hashes = {r["id"]: content_hash(r["id"]) for r in reports}
    out = {}
    with tempfile.TemporaryDirectory() as folder:
        roots = region_tree(reports)
        choice = choose_year(reports, TODAY)
        year = added["year"]
        # The parts per province and year kept by the build before the add (builder.site._whole_site_pages).
        year_parts = Path(folder) / "year-parts.msgpack"
        before = reports[:-1]
        made = YearSums(region_tree(before), before, hashes=hashes)
        made.keep(year_parts, "code")
        made.passing(), made.dated()
        made.kept.save()
        # The quality pages as the build before the add left them (builder.site._quality_pages: a docs
        # folder and its state, the list groups' entries kept).
        docs, state = Path(folder) / "docs", Path(folder) / "build" / "docs-state.json"
        tree = DocsTree(docs, state)
        _quality_pages(tree, reports[:-1], "code", hashes, content_hash("before"), made)
        tree.prune()

        one_build: list[YearSums] = []  # inside "all in one": the build's one YearSums

        def sums() -> YearSums:
            """A build's YearSums after the add: every part read from the kept file but the added one's."""
            if one_build:
                return one_build[0]
            out = YearSums(roots, reports, hashes=hashes)
            out.keep(year_parts, "code")
            return out

        def all_in_one():
            one_build[:] = [sums()]
            try:
                for name, run in writers.items():
                    if name != "peer group files (all)":
                        run()
            finally:
                one_build.clear()

        def quality():
            """The add's quality pages: the index, and the list group of the added report (each run starts
            from the state before the add; the docs folder keeps what the first run wrote)."""
            _quality_pages(DocsTree(docs, state), reports, "code", hashes, content_hash("after"), sums())

        writers = {
            "region tree": lambda: region_tree(reports),
            "year choice": lambda: choose_year(reports, TODAY),
            "inputs hashes": lambda: content_hash("code", [hashes[r["id"]] for r in reports]),
            "peer groups (grouping)": lambda: peer_groups(reports),
            "peer group files (all)": lambda: group_files(reports),
            "year parts (kept; one made)": lambda: (lambda s: (s.passing(), s.dated()))(sums()),
            "home page overview": lambda: overview_markdown(reports, today=TODAY, roots=roots, choice=choice,
                                                            sums=sums()),
            "year page": lambda: national_year_files(roots, reports, year, choice, sums()),
            "coverage year page": lambda: coverage_year_files(roots, reports, year, choice, sums()),
            "coverage index": lambda: coverage_index_files(reports, choice, sums()),
            "regions index": lambda: regions_index_files(roots, reports),
            "agencies index": lambda: agencies_index_files(roots, reports, TODAY),
            "quality (groups kept)": quality,
        }
        for name, run in writers.items():
            out[name] = _cpu(run)
        # What the build pays: every writer in one build's memo (a report's key figures computed once).
        out["all in one build's memo"] = _cpu(all_in_one)
    return out


def main() -> None:
    ns = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    results = {n: measure(n) for n in ns}
    print(f"{'CPU s, best of 3':28}" + "".join(f"{'N=' + str(n):>10}" for n in ns) + f"{'ratio':>8}")
    for name in results[ns[0]]:
        row = [results[n][name] for n in ns]
        print(f"{name:28}" + "".join(f"{v:10.3f}" for v in row) + f"{row[-1] / max(row[0], 1e-9):8.1f}")


if __name__ == "__main__":
    main()
