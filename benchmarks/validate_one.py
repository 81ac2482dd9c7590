"""`python -m builder validate NEW` of one report added to N reports already under data/, checkouts interleaved.

    .venv/bin/python benchmarks/build_site.py --n 1000 --keep          # once: kept data
    .venv/bin/python benchmarks/validate_one.py --data <kept>/data --root <checkout before> --root . --rounds 5

What a contributor's pull request costs the validate job. Since validate sees a report as the site build does,
beside every other report under data/ (builder.contribute.validation.SiteView), it scans data/ through the parse
cache the job restores; before, it parsed the new report alone. For each checkout (``--root``) data/ is copied
once and a validate of all of it (no paths) fills that copy's cache (a checkout that keeps none just parses);
then each round adds one report of a new agency (one_add.add_new), times validate of it from process start
to exit (wall, and CPU of the process tree: build_site._children_cpu), and removes it again, checkouts one
after the other in the same round. Prints each round, the medians per checkout and the median of the ratios
[i]/[0] taken round by round.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_site import _children_cpu  # noqa: E402
from one_add import add_new  # noqa: E402


def _validate(root: Path, work: Path, *paths: Path) -> tuple[float, float, int]:
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONPYCACHEPREFIX": str(work / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # (as build_site.build_once: bytecode reused, as on a runner)
    args = [sys.executable, "-m", "builder", "validate", "--data", str(work / "data"), *map(str, paths)]
    if "--cache-dir" in subprocess.run([sys.executable, "-m", "builder", "validate", "--help"], env=env, cwd=root,
                                       capture_output=True, text=True).stdout:
        args[4:4] = ["--cache-dir", str(work / "cache")]
    started, used = time.perf_counter(), _children_cpu()
    done = subprocess.run(args, env=env, cwd=work, capture_output=True, text=True)
    return time.perf_counter() - started, _children_cpu() - used, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="a data folder (build_site.py --keep's)")
    parser.add_argument("--root", type=Path, action="append", required=True, help="a checkout (repeat)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    roots = [r.resolve() for r in args.root]
    works = []
    for root in roots:
        work = Path(tempfile.mkdtemp(prefix=f"validate-one-{root.name}-"))
        shutil.copytree(args.data, work / "data")
        wall, cpu, _rc = _validate(root, work)
        print(f"  {root}: validate of all of data/ (fills its cache) {wall:.1f} s", file=sys.stderr, flush=True)
        works.append(work)
    walls: list[list[float]] = [[] for _ in roots]
    cpus: list[list[float]] = [[] for _ in roots]
    for round_no in range(args.rounds):
        for i, (root, work) in enumerate(zip(roots, works, strict=True)):
            before = {p for p in (work / "data").rglob("*")}
            add_new(work / "data", round_no)
            (new,) = [p for p in (work / "data").rglob("*.txt") if p not in before]
            wall, cpu, rc = _validate(root, work, new)
            walls[i].append(wall)
            cpus[i].append(cpu)
            print(f"round {round_no} [{i}] {root.name}: {wall:.2f} s wall, {cpu:.2f} s CPU (exit {rc})", flush=True)
            for path in sorted((work / "data").rglob("*"), reverse=True):
                if path not in before:
                    path.unlink() if path.is_file() else path.rmdir()
    for i, root in enumerate(roots):
        ratio = "" if i == 0 else (f", ratio to [0] {statistics.median(w / v for w, v in zip(walls[i], walls[0], strict=True)):.2f}× "
                                   f"wall, {statistics.median(c / v for c, v in zip(cpus[i], cpus[0], strict=True)):.2f}× CPU")
        print(f"[{i}] {root}: median {statistics.median(walls[i]):.2f} s wall "
              f"({min(walls[i]):.2f}–{max(walls[i]):.2f}), {statistics.median(cpus[i]):.2f} s CPU{ratio}")
    for work in works:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
