"""Read time of the formats read by conversion or by calamine: .doc/.wps (LibreOffice), spreadsheets, OFD.

    .venv/bin/python benchmarks/read_formats.py [--repeat N] [FILE …]

For every file under tests/fixtures/formats (or the files given): seconds for
builder.read.read_document (for .doc/.wps: the LibreOffice conversion with a fresh profile, and
the DOCX reader) and for builder.parse.parse_report (the whole pipeline), each the best of N runs
(the least disturbed by other work), then the mean per format.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parse_speed import best_of  # noqa: E402  (benchmarks/ is on sys.path when this runs as a script)

from builder.parse import parse_report  # noqa: E402
from builder.read import read_document  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    files = args.files or sorted((ROOT / "tests/fixtures/formats").glob("*.*"))
    parse_report(files[0])  # imports and dictionaries loaded once, outside the timings
    per_format = defaultdict(list)
    print(f"{'file':48s} {'read s':>8s} {'parse s':>8s}")
    for path in files:
        read = best_of(args.repeat, read_document, path)
        parse = best_of(args.repeat, parse_report, path)
        per_format[path.suffix.lower()].append((read, parse))
        print(f"{path.name:48s} {read:8.2f} {parse:8.2f}")
    print(f"\n{'format':8s} {'files':>5s} {'read s':>8s} {'parse s':>8s}   (mean of the best-of-{args.repeat} figures)")
    for fmt, rows in sorted(per_format.items()):
        n = len(rows)
        print(f"{fmt:8s} {n:5d} {sum(r for r, _ in rows) / n:8.2f} {sum(p for _, p in rows) / n:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
