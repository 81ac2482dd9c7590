"""Bytes a query fetches with the index in one bundle per province group vs split at BUNDLE_MAX, on a kept site.

    .venv/bin/python benchmarks/search_split_bytes.py ROOT/site [--bundle-max 2000 600]

The kept site's pages are hard-linked (not copied: the kept root stays as it is, read only) into a temporary
folder, indexed by builder/search.py's index_site from scratch with bundle_max = ∞ (the layout before the
split: 6 province bundles and the site's) and with each --bundle-max, and each index is queried in Debian's
Chromium as benchmarks/search.py does (a fresh context per query, an agency page opened, the query typed in
the header's box, bytes served under pagefind/ and the box's script until the first result). Pagefind's
indexing of every page runs once per layout (~30 s CPU at 10,000 reports).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from builder.search import OUTPUT_SUBDIR, index_site  # noqa: E402

QUERIES_HERE = ("兴庆区", "行政复议", "淮安", "郑州")


def linked(site: Path, into: Path) -> None:
    for dirpath, dirs, files in os.walk(site):
        rel = Path(dirpath).relative_to(site)
        if rel == Path("."):
            dirs[:] = [d for d in dirs if d != OUTPUT_SUBDIR]
        (into / rel).mkdir(parents=True, exist_ok=True)
        for name in files:
            os.link(Path(dirpath, name), into / rel / name)


def main() -> None:
    from playwright.sync_api import sync_playwright

    import benchmarks.search as bench

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--bundle-max", type=int, nargs="+", default=[2000])
    args = parser.parse_args()
    bench.QUERIES = QUERIES_HERE
    agency = next(p for p in sorted((args.site / "agencies").iterdir()) if (p / "index.html").is_file())
    page_path = f"agencies/{agency.name}/"
    rows = []
    with tempfile.TemporaryDirectory(prefix="search-split-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        for bundle_max in [10**9, *args.bundle_max]:
            site = Path(tmp) / f"site-{bundle_max}"
            linked(args.site, site)
            cpu = time.process_time()
            done = index_site(site, Path(tmp) / f"state-{bundle_max}", bundle_max=bundle_max)
            bundles = [d.name for d in (site / OUTPUT_SUBDIR).iterdir() if d.is_dir()]
            queries = bench.measure(browser, site, "pagefind", page_path)
            rows.append((bundle_max, len(bundles), done["seconds"], time.process_time() - cpu, queries))
            shutil.rmtree(site)
        browser.close()
    print(f"queried from /{page_path}; bytes fetched for search until the first result (KB), time to it (s)")
    print(f"{'bundle_max':>10} {'bundles':>7} " + "".join(f"{q:>14}" for q in QUERIES_HERE))
    for bundle_max, count, _seconds, _cpu, queries in rows:
        cells = "".join(f"{queries[q]['bytes'] / 1024:>7.0f} KB {queries[q]['seconds']:>4.1f}" for q in QUERIES_HERE)
        print(f"{'∞' if bundle_max == 10**9 else bundle_max:>10} {count:>7} {cells}")


if __name__ == "__main__":
    main()
