"""Parse speed: builder's parse_report against pdfplumber's bare text and table extraction.

    .venv/bin/python benchmarks/parse_speed.py [--repeat N] [MORE.pdf …]

For every PDF under tests/fixtures (except tests/fixtures/bad) and any given on the
command line: pages, seconds per page for builder.parse.parse_report (the whole
pipeline), for builder.read.pdf.read_pdf alone, and for pdfplumber's extract_text() +
extract_tables() on the same pages; then the ratio parse / bare. The target is a
ratio below 2. Each figure is the best of N runs (the least disturbed by other work).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.errors import ReportError  # noqa: E402
from builder.parse import parse_report  # noqa: E402
from builder.read.pdf import read_pdf  # noqa: E402

TARGET = 2.0


def bare_pdfplumber(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
        return len(pdf.pages)


def best_of(repeat: int, fn, path: Path) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return min(times)


def fixture_pdfs() -> list[Path]:
    fixtures = ROOT / "tests" / "fixtures"
    bad = fixtures / "bad"
    return sorted(p for p in fixtures.rglob("*.pdf") if bad not in p.parents)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, help="more PDFs to measure")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best is kept)")
    args = parser.parse_args()

    paths = fixture_pdfs() + list(args.pdfs)
    if paths:  # load the lazy parts first (pdfminer's font tables, the region gazetteer) outside the timing
        bare_pdfplumber(paths[0])
        parse_report(paths[0])
    print(f"{'file':<40} {'pages':>5} {'parse s/page':>12} {'read s/page':>11} {'bare s/page':>11} {'ratio':>6}")
    worst = 0.0
    for path in paths:
        try:
            parse = best_of(args.repeat, parse_report, path)
        except (ReportError, OSError) as exc:  # a bad file, or one deleted while we ran
            print(f"{path.name[:40]:<40} skipped: {exc}")
            continue
        pages = bare_pdfplumber(path)
        parse /= pages
        read = best_of(args.repeat, read_pdf, path) / pages
        bare = best_of(args.repeat, bare_pdfplumber, path) / pages
        ratio = parse / bare
        worst = max(worst, ratio)
        print(f"{path.name[:40]:<40} {pages:>5} {parse:>12.4f} {read:>11.4f} {bare:>11.4f} {ratio:>6.2f}")
    if worst:
        verdict = "within" if worst < TARGET else "OVER"
        print(f"worst ratio {worst:.2f} — {verdict} the target of {TARGET:g}× pdfplumber's bare extraction")
    return 0


if __name__ == "__main__":
    sys.exit(main())
