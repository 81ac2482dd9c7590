"""CPU seconds of the downloads step for one changed report, old way or new, on a kept benchmark site.

    .venv/bin/python benchmarks/downloads_rebuild.py /tmp/bench-site-1000-XXXX/root0 --root ../before --root .

A kept site (benchmarks/build_site.py --keep) gives the reports and their parse cache. For the largest
chunk of downloads (a year), each --root (a checkout, imported in a child process) times, as
process_time best of 3: with segments (builder.export.datasets.segments, this branch on): one segment's
pieces made again, the others' read back (pickled, as build/download-pieces keeps them), the chunk's
files assembled; without (older checkouts): chunk_files over the whole chunk, as their builds did.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import json, pickle, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from builder.batch import collect_reports
from builder.export import chunks
from builder.export import datasets
work = Path(sys.argv[2])
collection = collect_reports(work / "data", work / "cache", 0)
chunk, members = max(chunks(collection.reports).items(), key=lambda item: len(item[1]))
complete = getattr(collection, "with_provenance", lambda reports: reports)
members = complete(members)
best = []
if hasattr(datasets, "segments"):
    cut = datasets.segments(members)
    kept = [pickle.dumps(datasets.segment_pieces(s), protocol=pickle.HIGHEST_PROTOCOL) for s in cut]
    changed = max(range(len(cut)), key=lambda i: len(cut[i]))  # the worst case: the longest segment
    for _ in range(3):
        started = time.process_time()
        pieces = [pickle.loads(b) for b in kept]
        pieces[changed] = datasets.segment_pieces(cut[changed])
        datasets.assemble(chunk, pieces)
        best.append(time.process_time() - started)
    way = f"segments (longest {len(cut[changed])} of {len(cut)})"
else:
    for _ in range(3):
        started = time.process_time()
        datasets.chunk_files(members, chunk)
        best.append(time.process_time() - started)
    way = "whole chunk"
print(json.dumps({"chunk": chunk, "reports": len(members), "way": way, "cpu_s": round(min(best), 3)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path, help="a kept benchmark root (with data/ and cache/)")
    parser.add_argument("--root", type=Path, action="append", help="a checkout (repeatable; default: this one)")
    args = parser.parse_args()
    for root in args.root or [Path(__file__).resolve().parents[1]]:
        out = subprocess.run([sys.executable, "-c", CHILD, str(root.resolve()), str(args.work)], capture_output=True,
                             text=True, check=True).stdout.strip().splitlines()[-1]
        print(f"{root}: {json.loads(out)}")


if __name__ == "__main__":
    main()
