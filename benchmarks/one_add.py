"""One report added (or changed) to a kept site, rebuilt, several rounds, checkouts interleaved.

    .venv/bin/python benchmarks/build_site.py --n 1000 --keep                  # once: a kept site
    .venv/bin/python benchmarks/one_add.py --data <kept>/data --root ../before --root . --rounds 5
    .venv/bin/python benchmarks/one_add.py --data <kept>/data --root . --work <kept>/root0   # reuse a build

build_site.py times one add once per run, on a machine whose noise is as large as the step; this repeats
it. For each checkout (``--root``) a cold build of the data is made once (or ``--work`` names one already
built by that checkout, in order; a copy of it is kept beside it as <work>.kept), then every round, in
that folder restored from the copy, adds one report of a new agency (``--change``: edits one report's narrative instead) and times
``python -m builder build`` from process start to exit, checkouts one after the other in the same round.
Prints each round's wall seconds, the CPU seconds of the build's processes (build_site._children_cpu) and the
build's own phases, then the medians per checkout and the medians of the ratios [i]/[0] taken round by round.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_site import DEPARTMENTS, _write, build_once, change_one, narratives, places  # noqa: E402

# Departments no synthetic agency has (build_site.py names its agencies with DEPARTMENTS).
NEW_DEPARTMENTS = ("审计局", "统计局", "水利局", "农业农村局", "商务局", "司法局", "应急管理局", "林业局")


def prepared(root: Path, data: Path, jobs: int) -> Path:
    work = Path(tempfile.mkdtemp(prefix=f"one-add-{root.name}-"))
    shutil.copytree(data, work / "data")
    print(f"  cold build of {data} by {root} in {work} …", file=sys.stderr, flush=True)
    build_once(root, work, jobs)
    return work


def add_new(data: Path, round_no: int) -> None:
    """A 2022 report of an agency the data does not hold: a department of a county of the data."""
    rng = random.Random(round_no)
    province, city, agency = places(rng, 1)[0]
    county = agency.removeprefix(city)
    for department in DEPARTMENTS:
        county = county.removesuffix(department)
    _write(data, rng, narratives()[:1], province, city, f"{city}{county}{NEW_DEPARTMENTS[round_no % 8]}", 2022)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the reports (a kept build_site.py run's data/)")
    parser.add_argument("--root", type=Path, action="append", required=True, help="a checkout (repeatable)")
    parser.add_argument("--work", type=Path, action="append", default=[],
                        help="a folder already built by the --root of the same position (data, site, build, cache)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--change", action="store_true", help="edit one report instead of adding one")
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    roots = [p.resolve() for p in args.root]
    works = [w.resolve() for w in args.work] + [prepared(r, args.data, args.jobs) for r in roots[len(args.work):]]
    walls: list[list[float]] = [[] for _ in roots]
    cpus: list[list[float]] = [[] for _ in roots]
    for round_no in range(args.rounds):
        for i, (root, work) in enumerate(zip(roots, works, strict=True)):
            # In place (the build's state names its folders: a copy elsewhere would be a clean build), from
            # a copy kept beside it, restored after the round.
            kept = work.with_name(work.name + ".kept")
            if not kept.exists():
                shutil.copytree(work, kept, symlinks=True)
            try:
                if args.change:
                    change_one(work / "data")
                else:
                    add_new(work / "data", round_no)
                r = build_once(root, work, args.jobs)
            finally:
                shutil.rmtree(work)
                shutil.copytree(kept, work, symlinks=True)
            walls[i].append(r["wall"])
            cpus[i].append(r["cpu"])
            phases = " ".join(f"{k}={v:.2f}" for k, v in r["seconds"].items())
            print(f"round {round_no} [{i}] wall {r['wall']:.2f} s cpu {r['cpu']:.2f} s parsed {r['parsed']}  {phases}",
                  flush=True)
    for i, root in enumerate(roots):
        print(f"[{i}] {root}: median {statistics.median(walls[i]):.2f} s (min {min(walls[i]):.2f}, "
              f"max {max(walls[i]):.2f}) over {args.rounds} rounds, CPU of the build's processes median "
              f"{statistics.median(cpus[i]):.2f} s; kept build: {works[i]}")
        if i:
            for name, values in (("wall", walls), ("CPU", cpus)):
                ratios = [b / a for a, b in zip(values[0], values[i], strict=True)]
                print(f"    [{i}]/[0] {name}: median of per-round ratios {statistics.median(ratios):.2f}× "
                      f"(range {min(ratios):.2f}–{max(ratios):.2f})")


if __name__ == "__main__":
    main()
