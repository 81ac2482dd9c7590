"""CPU seconds of a build's downloads phase (builder.site._downloads) for one report changed and one added,
old way or new, on a kept benchmark site.

    .venv/bin/python benchmarks/downloads_rebuild.py /tmp/bench-site-1000-XXXX/root0 --root ../before --root .
    .venv/bin/python benchmarks/downloads_rebuild.py /tmp/bench-site-1000-XXXX/root0 --times 3 --times 10

A kept site (benchmarks/build_site.py --keep) gives the reports and their parse cache. For each --root (a
checkout, imported in a child process) and each --times M (the collection's reports M times over, under new
ids and bodies: M × N reports in the same years, so each year's chunk of downloads is M times as long), the
phase runs as a build runs it, into a folder of its own: once whole (every chunk's files and pieces made),
once with nothing changed, then --rounds times one report changed (a value of a report drawn by a seeded
draw, the same for every checkout) and --rounds times one report added (a copy of one, as a body of its
own). It prints the CPU seconds (time.process_time: the machine may be shared) of each: whole, nothing
changed, and the median and the largest of the rounds; with --steps, where the rounds' CPU went, by step,
and how often each step ran a round (_kept_pieces: the kept files read; a count, not noise on a shared machine).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import copy, json, random, statistics, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from builder.batch import collect_reports
from builder.pages.docs_tree import DocsTree
from builder import site
from builder.export import chunks, datasets

STEPS = {}  # --steps: CPU seconds of each step of the rounds, summed
CALLS = {}  # --steps: how many times each step ran in the rounds (files read: _kept_pieces; made: _keep_pieces)


def _timed_steps():  # the downloads' steps wrapped: their CPU time summed in STEPS (nested steps count in both)
    try:  # (the download pieces' module, builder.export.pieces; builder.site in an older checkout)
        from builder.export import pieces
    except ImportError:
        pieces = site
    for module, names in ((pieces, ("_kept_pieces", "_keep_pieces", "_made_pieces", "assemble", "segments",
                                    "segment_pieces")),
                          (datasets, ("_parquet_file", "_parquet_of", "_unpacked", "row_group",
                                      "workbook"))):
        for name in names:
            if not hasattr(module, name):  # (another checkout's steps)
                continue
            def timed(*args, _f=getattr(module, name), _name=name, **kwargs):
                started = time.process_time()
                CALLS[_name] = CALLS.get(_name, 0) + 1
                try:
                    return _f(*args, **kwargs)
                finally:
                    STEPS[_name] = STEPS.get(_name, 0.0) + time.process_time() - started
            setattr(module, name, timed)


def phase(collection, hashes, out):
    tree = DocsTree(out / "docs", out / "build" / "docs-state.json")
    started = time.process_time()
    site._downloads(tree, collection, "benchmark", hashes)
    spent = time.process_time() - started
    tree.prune()
    return spent


def main():  # (in a function: the phase's process pool imports this file)
    work, out, times, rounds = Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    steps = sys.argv[6] == "1"
    collection = collect_reports(work / "data", work / "cache", 0)
    originals = [(report, collection.provenance(report)) for report in collection.reports] if times > 1 else []
    for m in range(1, times):  # (copies carry their provenance in the record: no parse key of their own)
        for report, provenance in originals:
            collection.reports.append({**report, "id": f"{report['id']}-copy{m}",
                                       "agency_id": f"{report['agency_id']}-copy{m}",
                                       "source": {**report["source"], "path": f"{report['source']['path']}.copy{m}"},
                                       "provenance": provenance})
    collection.reports.sort(key=lambda r: (r["agency_id"], r.get("year") or 0, r["id"]))
    hashes = {r["id"]: site._report_hash(collection, r) for r in collection.reports}
    whole, nothing = phase(collection, hashes, out), phase(collection, hashes, out)
    draw = random.Random(9)
    if steps:
        _timed_steps()
    changed, added = [], []
    for i in range(rounds):
        report = draw.choice(collection.reports)
        report["values"] = {**report["values"], next(iter(report["values"])): 12345 + i}
        hashes[report["id"]] = f"changed {i}"
        changed.append(phase(collection, hashes, out))
    for i in range(rounds):
        picked = draw.choice(collection.reports)
        report = {**copy.deepcopy(picked), "id": f"{picked['id']}-added{i}", "agency_id": f"{picked['agency_id']}-added{i}",
                  "source": {**picked["source"], "path": f"{picked['source']['path']}.added{i}"},
                  "provenance": collection.provenance(picked)}
        collection.reports.append(report)
        collection.reports.sort(key=lambda r: (r["agency_id"], r.get("year") or 0, r["id"]))
        hashes[report["id"]] = f"added {i}"
        added.append(phase(collection, hashes, out))
    largest = max(len(members) for members in chunks(collection.reports).values())
    print(json.dumps({"reports": len(collection.reports), "largest chunk": largest, "whole": round(whole, 3),
                      "nothing changed": round(nothing, 3),
                      "one changed": [round(statistics.median(changed), 3), round(max(changed), 3)],
                      "one added": [round(statistics.median(added), 3), round(max(added), 3)],
                      **({"steps (CPU ms a round)": {k: round(1000 * v / (2 * rounds), 1)
                                                     for k, v in sorted(STEPS.items(), key=lambda kv: -kv[1])},
                         "steps (calls a round)": {k: round(v / (2 * rounds), 1) for k, v in sorted(CALLS.items())}}
                         if steps else {})}))


if __name__ == "__main__":
    main()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path, help="a kept benchmark root (with data/ and cache/)")
    parser.add_argument("--root", type=Path, action="append", help="a checkout (repeatable; default: this one)")
    parser.add_argument("--times", type=int, action="append", help="the reports M times over (repeatable; default 1)")
    parser.add_argument("--rounds", type=int, default=5, help="one-report rounds of each kind (default 5)")
    parser.add_argument("--steps", action="store_true", help="also the CPU ms of each step a round (nested steps "
                        "count in each: segment_pieces in _made_pieces, _parquet_of in _parquet_file in assemble)")
    args = parser.parse_args()
    roots = args.root or [Path(__file__).resolve().parents[1]]
    print("CPU s of the downloads phase (the main process): whole, nothing changed, one changed and one added "
          "[median, largest]")
    for times in args.times or [1]:
        for root in roots:
            with tempfile.TemporaryDirectory(prefix="downloads-rebuild-") as out:
                script = Path(out) / "child.py"  # (a file, not -c: the phase's process pool imports it)
                script.write_text(CHILD, encoding="utf-8")
                run = subprocess.run([sys.executable, str(script), str(root.resolve()), str(args.work.resolve()),
                                      str(Path(out) / "site"), str(times), str(args.rounds), "1" if args.steps else "0"],
                                     capture_output=True, text=True)
                if run.returncode:
                    sys.exit(f"{root}: {run.stderr.strip().splitlines()[-1] if run.stderr.strip() else run.returncode}")
                print(f"×{times} {root}: {json.loads(run.stdout.strip().splitlines()[-1])}")


if __name__ == "__main__":
    main()
