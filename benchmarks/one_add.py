"""One report added (or changed) to a kept site, rebuilt, several rounds, checkouts interleaved.

    .venv/bin/python benchmarks/build_site.py --n 1000 --keep                  # once: a kept site
    .venv/bin/python benchmarks/one_add.py --data <kept>/data --root ../before --root . --rounds 5
    .venv/bin/python benchmarks/one_add.py --data <kept>/data --root . --work <kept>/root0   # reuse a build

build_site.py times one add once per run, on a machine whose noise is as large as the step; this repeats
it. For each checkout (``--root``) a cold build of the data is made once (or ``--work`` names one already
built by that checkout, in order), built once more with nothing changed and copied beside it as <work>.kept,
then every round, in that folder restored from the copy (its reports left in place: _restore), adds one report
of a new agency (``--change``: edits one report's narrative instead) and times ``python -m builder build`` from
process start to exit, checkouts one after the other in the same round.
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


def _restore(work: Path, kept: Path, folders: set[Path], whole: bool) -> None:
    """work as kept: the build's folders (build/, cache/, site/, bytecode, log) copied back from kept, and in
    data/ the files and folders the round added removed, the others left as they are, so that the build's
    stat index of the reports (builder.batch.StatIndex: size, mtime, ctime, inode) still vouches for them, as
    on the machine of a contributor who adds a report. whole: data/ copied back too (what this benchmark did
    before: every report then has a new inode and ctime, so every round's build hashed all N reports again and
    parsed the new one in a pool, not in the early fork a real add's build takes: builder.batch._early_parses)."""
    for path in work.iterdir():
        if path.name != "data" or whole:
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    for path in kept.iterdir():
        if path.name != "data" or whole:
            (shutil.copytree(path, work / path.name, symlinks=True) if path.is_dir() and not path.is_symlink()
             else shutil.copy2(path, work / path.name, follow_symlinks=False))
    if whole:
        return
    data, kept_data = work / "data", kept / "data"
    for path in sorted(data.rglob("*"), reverse=True):  # (deepest first: a folder after its files)
        if (kept_data / path.relative_to(data)).exists():
            continue
        if not path.is_dir():
            path.unlink()
        elif path not in folders:
            path.rmdir()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the reports (a kept build_site.py run's data/)")
    parser.add_argument("--root", type=Path, action="append", required=True, help="a checkout (repeatable)")
    parser.add_argument("--work", type=Path, action="append", default=[],
                        help="a folder already built by the --root of the same position (data, site, build, cache)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--change", action="store_true", help="edit one report instead of adding one")
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--restore", choices=("data-kept", "whole"), default="data-kept",
                        help="after a round, copy back the build's folders only (default: the reports keep their "
                             "inodes, as on a contributor's machine), or data/ too (every report hashed again)")
    args = parser.parse_args()
    roots = [p.resolve() for p in args.root]
    works = [w.resolve() for w in args.work] + [prepared(r, args.data, args.jobs) for r in roots[len(args.work):]]
    for root, work in zip(roots, works, strict=True):
        # A build with nothing changed, untimed: its stat index of the reports is of their inodes now (a work
        # folder copied, or restored whole, has others); then the copy each round is restored from.
        build_once(root, work, args.jobs)
        kept = work.with_name(work.name + ".kept")
        shutil.rmtree(kept, ignore_errors=True)
        shutil.copytree(work, kept, symlinks=True)
    walls: list[list[float]] = [[] for _ in roots]
    cpus: list[list[float]] = [[] for _ in roots]
    for round_no in range(args.rounds):
        for i, (root, work) in enumerate(zip(roots, works, strict=True)):
            # In place (the build's state names its folders: a copy elsewhere would be a clean build), from
            # a copy kept beside it, restored after the round (restored: the data alone, report by report).
            kept = work.with_name(work.name + ".kept")
            data = work / "data"
            folders = {p for p in data.rglob("*") if p.is_dir()}
            try:
                if args.change:
                    edited = change_one(data)
                    original = (kept / edited.relative_to(work)).read_bytes()
                else:
                    add_new(data, round_no)
                r = build_once(root, work, args.jobs)
            finally:
                _restore(work, kept, folders, whole=args.restore == "whole")
                if args.change:
                    edited.write_bytes(original)
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
