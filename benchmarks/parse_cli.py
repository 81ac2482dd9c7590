"""CPU of one `python -m builder parse FILE` (the whole process: imports included), on the text reports.

    .venv/bin/python benchmarks/parse_cli.py [--rounds N] [--against OTHER_CHECKOUT] [--imports] [FILE …]

Runs the command as a fresh process for every seed text report under data/ (or the files given),
round after round, and reads the CPU seconds (user + system) of each from the kernel
(resource.getrusage(RUSAGE_CHILDREN): the process and anything it waited for), so other work on the
machine does not count. With --against, the same command runs from another checkout of the
repository (e.g. the commit before a change) in the same rounds, interleaved, A B / B A …, and the
ratio is printed. --imports adds the costliest imports of one run (python -X importtime, cumulative
microseconds, wall time: only their order is meaningful on a busy machine).

Target (issue 9): at most 1 s of CPU per parse of a text report.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.0


def cpu_of_run(checkout: Path, path: Path, *flags: str) -> tuple[float, str]:
    """(CPU seconds of `python [flags] -m builder parse path` run from checkout, its stderr)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "PYTHONPATH": str(checkout)}  # that checkout's builder/, not the installed one
    done = subprocess.run([sys.executable, *flags, "-m", "builder", "parse", str(path.resolve())], cwd=checkout,
                          env=env, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{checkout}: parse {path} failed: {done.stderr.strip().splitlines()[-1:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stderr


def costliest_imports(checkout: Path, path: Path, top: int = 12) -> list[tuple[int, str]]:
    _cpu, stderr = cpu_of_run(checkout, path, "-X", "importtime")
    rows = []
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _self, cumulative, name = line.removeprefix("import time:").split("|")
            if cumulative.strip().isdigit():
                rows.append((int(cumulative), name.rstrip()))
    return sorted(rows, reverse=True)[:top]


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s ({min(values):.3f}–{max(values):.3f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="reports to parse (default: the text reports under data/)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--against", type=Path, help="another checkout to measure in the same rounds")
    parser.add_argument("--imports", action="store_true", help="print the costliest imports of one run")
    args = parser.parse_args()

    files = args.files or sorted((ROOT / "data").rglob("*.txt"))
    checkouts = {"this": ROOT} | ({"other": args.against.resolve()} if args.against else {})
    times: dict[str, list[float]] = {name: [] for name in checkouts}
    for round_no in range(args.rounds):
        order = list(checkouts) if round_no % 2 == 0 else list(checkouts)[::-1]
        for path in files:
            for name in order:
                times[name].append(cpu_of_run(checkouts[name], path)[0])
    print(f"CPU seconds per `python -m builder parse` of {len(files)} text reports × {args.rounds} rounds: "
          "median (lowest–highest)")
    for name, checkout in checkouts.items():
        print(f"  {name:<5} {checkout}: {spread(times[name])}")
    if args.against:
        ratios = [a / b for a, b in zip(times["this"], times["other"], strict=True)]
        print(f"  this / other: {spread(ratios).replace(' s', '')}")
    if args.imports:
        for name, checkout in checkouts.items():
            print(f"costliest imports ({name}), cumulative µs:")
            for micros, module in costliest_imports(checkout, files[0]):
                print(f"  {micros:>9} {module}")
    median = statistics.median(times["this"])
    print(f"median {median:.3f} s — {'within' if median <= TARGET else 'OVER'} the target of {TARGET:g} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
