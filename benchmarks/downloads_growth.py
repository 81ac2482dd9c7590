"""Whether the downloads pages and the data package descriptors grow with the number of reports.

    .venv/bin/python benchmarks/downloads_growth.py [N ...] [--root CHECKOUT ...]   (default: 1000 10000 100000)

No site is built: for N synthetic reports (benchmarks/page_growth.py's, of this checkout) each --root (a
checkout, imported in a child process; default this one) is asked for its downloads pages
(builder.pages.downloads.downloads_page_files, every dataset file given 1,000 bytes a report of its chunk,
as page_growth.py does) and its files of downloads/ beside the chunks' data (builder.export.package_files:
the schemas, the data package descriptors). Prints per N and checkout: the chunks, the downloads pages (how
many, the index downloads/index.md, the largest, all), the descriptors (how many datapackage.json, the
index downloads/datapackage.json, the largest, all), and the schemas' bytes (a split year's package holds
a copy of them: a package's paths may not climb out of its folder).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys
sys.path.insert(0, sys.argv[1])   # the measured checkout's builder
sys.path.insert(1, sys.argv[2])   # this checkout's benchmarks/ and tests/ (the synthetic records)
sys.path.insert(1, sys.argv[2] + "/benchmarks")
# (the measured builder first: page_growth puts its own checkout first on the path)
from builder.export import chunks, package_files
from builder.pages.downloads import DATASET_FILES, downloads_page_files
import builder
assert builder.__file__.startswith(sys.argv[1]), builder.__file__
from page_growth import synthetic

reports, _failures = synthetic(int(sys.argv[3]))
parts = chunks(reports)
sizes = {f"{chunk}/{name}": 1000 * len(members) for chunk, members in parts.items() for name in DATASET_FILES}
pages = downloads_page_files(sizes, {chunk: len(m) for chunk, m in parts.items()})
files = package_files(list(parts), None, [])
page_bytes = {k: len(v.encode()) for k, v in pages.items()}
descriptors = {k: len(v.encode()) for k, v in files.items() if k.endswith("datapackage.json")}
schemas = sum(len(v.encode()) for k, v in files.items() if "schemas/" in k)
print(json.dumps({"chunks": len(parts), "pages": len(pages), "page_index": page_bytes["downloads/index.md"],
                  "descriptor_index": descriptors["datapackage.json"], "page_max": max(page_bytes.values()),
                  "page_max_name": max(page_bytes, key=page_bytes.get), "pages_all": sum(page_bytes.values()),
                  "descriptors": len(descriptors), "descriptor_max": max(descriptors.values()),
                  "descriptor_max_name": max(descriptors, key=descriptors.get),
                  "descriptors_all": sum(descriptors.values()), "schemas": schemas}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10_000, 100_000])
    parser.add_argument("--root", type=Path, action="append", help="a checkout (repeatable; default: this one)")
    args = parser.parse_args()
    roots = args.root or [HERE]
    print(f"{'N':>8} {'checkout':<24} {'chunks':>6} {'pages':>5} {'index KB':>9} {'largest page KB':>16} "
          f"{'all pages KB':>13} {'packages':>8} {'index KB':>9} {'largest package KB':>19} {'all packages KB':>16} "
          f"{'schemas KB':>11}  largest")
    for n in args.sizes:
        for root in roots:
            out = subprocess.run([sys.executable, "-c", CHILD, str(root.resolve()), str(HERE), str(n)],
                                 capture_output=True, text=True)
            if out.returncode:
                sys.exit(out.stderr)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{n:>8,} {str(root)[-24:]:<24} {r['chunks']:>6} {r['pages']:>5} {r['page_index'] / 1024:>9,.1f} "
                  f"{r['page_max'] / 1024:>16,.1f} {r['pages_all'] / 1024:>13,.1f} {r['descriptors']:>8} "
                  f"{r['descriptor_index'] / 1024:>9,.1f} {r['descriptor_max'] / 1024:>19,.1f} "
                  f"{r['descriptors_all'] / 1024:>16,.1f} {r['schemas'] / 1024:>11,.1f}  "
                  f"{r['page_max_name']}, {r['descriptor_max_name']}")


if __name__ == "__main__":
    main()
