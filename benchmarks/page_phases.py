"""CPU of each page phase of one rebuild (builder.site.generate_docs and the prune, no parse, no MkDocs), over a
COPY of a root kept by `benchmarks/build_site.py --keep` (its data/, build/ and cache/ are changed in place).

    cp -a <kept>/root0/{data,build,cache} /tmp/work/
    python benchmarks/page_phases.py /tmp/work base       # the data as before the one-add phase (spare removed,
                                                          # first report as made); with changed code, this
                                                          # build makes every page again: build it once first
    python benchmarks/page_phases.py /tmp/work add        # build_site.py's one-add: the spare body's report
    python benchmarks/page_phases.py /tmp/work remove     # ... and removed again
    python benchmarks/page_phases.py /tmp/work change     # build_site.py's one-change: a sentence added
    python benchmarks/page_phases.py /tmp/work revert     # ... and taken out again
    python benchmarks/page_phases.py /tmp/work add --profile add.prof   # with cProfile

Prints the process CPU of the pages (every phase but the downloads) and each phase's CPU (builder.site's
phases, timed by time.process_time here instead of wall time: wall time is noise on a shared machine).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import build_site as bench  # noqa: E402

from builder import site  # noqa: E402
from builder.batch import collect_reports  # noqa: E402
from builder.metadata import slugify  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("work", type=Path)
    parser.add_argument("step", choices=("base", "add", "remove", "change", "revert", "none"))
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--written", action="store_true", help="list the files written")
    parser.add_argument("--root-code", action="store_true",
                        help="take the code fingerprint the root was built with (build/shown-state.json), so that a "
                             "root kept by other code is not made again whole: for profiling one step only (the "
                             "pages then written are this code's, the kept ones the root's)")
    args = parser.parse_args()
    data = args.work / "data"
    _province, _city, agency, _seed = json.loads((data / ".spare.json").read_text(encoding="utf-8"))
    added = list((data / "reports").rglob(f"{slugify(agency)}-2022.txt"))
    first = sorted((data / "reports").rglob("*.txt"))[0]
    kept = args.work / "first-report.orig"
    if not kept.exists():
        kept.write_bytes(first.read_bytes())
    if args.step in ("base", "remove"):
        for path in added:
            path.unlink()
    if args.step in ("base", "revert"):
        first.write_bytes(kept.read_bytes())
    if args.step == "add" and not added:
        bench.add_one(data)
    if args.step == "change":
        bench.change_one(data)

    collection = collect_reports(data, args.work / "cache", 1)
    if args.root_code:
        code = json.loads((args.work / "build" / site.SHOWN_STATE).read_text(encoding="utf-8"))["code"]
        site.output_fingerprint = lambda: code
    gc.freeze()  # as builder.site._build does
    site.phase_clock = time.process_time  # (CPU time of each phase)
    seconds: dict[str, float] = {}
    profile = cProfile.Profile() if args.profile else None
    started = time.process_time()
    if profile:
        profile.enable()
    tree = site.generate_docs(collection, args.work / "build" / "docs", args.work / "cache", 1,
                              state_file=args.work / "build" / site.DOCS_STATE, seconds=seconds)
    tree.prune()
    if profile:
        profile.disable()
        profile.dump_stats(args.profile)
    total = time.process_time() - started
    pages = sum(v for k, v in seconds.items() if k not in ("downloads", "year pages"))  # (year pages: in whole-site)
    print(f"{args.step}: pages CPU {pages:.3f} s (all of generate_docs {total:.3f}, downloads "
          f"{seconds.get('downloads', 0):.3f}); {len(tree.written)} files written;",
          ", ".join(f"{k} {v:.3f}" for k, v in seconds.items()))
    if args.written:
        print("\n".join(f"  {rel}" for rel in sorted(tree.written)))


if __name__ == "__main__":
    main()
