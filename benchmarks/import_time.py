"""Import time: what `import builder` (and the CLI's module) costs before any work is done.

    .venv/bin/python benchmarks/import_time.py [--repeat N]

Each module is imported in a fresh interpreter under ``python -X importtime``; the figure is its
cumulative time (the module and everything it imports), the best of N runs (the least disturbed by
other work). Also says whether the heavy libraries (pdfplumber, pandas, click, altair) came in with it: the
package's exports load on first use (builder/__init__.py), so `import builder` must bring none.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("builder", "builder.cli")
HEAVY = ("pdfplumber", "pandas", "click", "logging", "altair")


def cumulative_us(module: str) -> int:
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    line = [ln for ln in done.stderr.splitlines() if ln.rstrip().endswith(f"| {module}")][-1]
    return int(line.split("|")[1])


def heavy_loaded(module: str) -> list[str]:
    code = f"import sys, {module}; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    for module in MODULES:
        best = min(cumulative_us(module) for _ in range(args.repeat))
        loaded = heavy_loaded(module)
        print(f"import {module:<12} {best / 1000:7.2f} ms  (best of {args.repeat}; also loads: "
              f"{', '.join(loaded) or 'none of ' + ', '.join(HEAVY)})")


if __name__ == "__main__":
    main()
