"""Parse speed: builder's parse_report against pdfplumber's bare text and table extraction.

    .venv/bin/python benchmarks/parse_speed.py [--rounds N] [--all] [MORE.pdf …]

For every PDF under tests/fixtures (except tests/fixtures/bad; with --all, every PDF under
tests/ and data/) and any given on the command line, three methods run on the same file:
builder.parse.parse_report (the whole pipeline), builder.read.pdf.read_pdf alone, and
pdfplumber's extract_text() + extract_tables() on every page ("bare").

What is measured, and why (a best-of-3 wall time per method, run in blocks, measured the
machine's other work: it once printed 2.73 "OVER" on a quiet fixture):

* CPU time of this process (time.process_time), not wall time: another program on the
  machine slows the wall clock, not the CPU seconds our own work takes;
* the methods interleaved, A B C / C B A / A B C …, round after round, so that a slow spell
  of the machine (a busy neighbour, a warm or cold cache) falls on all of them alike;
* the ratio parse / bare taken per round, over all files together and per file, and
  reported as the median with its spread (lowest–highest over the rounds).

The verdict is on the median ratio over all files (the target: parse at most TARGET times
pdfplumber's bare extraction). To reproduce a figure: run the command above on an idle
machine; --rounds 7 narrows the spread.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.errors import ReportError  # noqa: E402
from builder.parse import parse_report  # noqa: E402
from builder.read.pdf import read_pdf  # noqa: E402

TARGET = 0.7


def bare_pdfplumber(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
        return len(pdf.pages)


METHODS: dict[str, Callable[[Path], object]] = {"parse": parse_report, "read": read_pdf, "bare": bare_pdfplumber}


def cpu_seconds(fn: Callable[[Path], object], path: Path) -> float:
    gc.collect()  # the previous method's garbage is not this one's cost
    start = time.process_time()
    fn(path)
    return time.process_time() - start


def best_of(repeat: int, fn: Callable[[Path], object], path: Path) -> float:
    """The least CPU seconds of `repeat` runs (for benchmarks/read_formats.py, one method at a time)."""
    return min(cpu_seconds(fn, path) for _ in range(repeat))


def interleaved(paths: list[Path], rounds: int) -> dict[Path, dict[str, list[float]]]:
    """{path: {method: [CPU seconds, one per round]}}, the methods alternating order each round."""
    times: dict[Path, dict[str, list[float]]] = {p: {m: [] for m in METHODS} for p in paths}
    names = list(METHODS)
    for round_no in range(rounds):
        order = names if round_no % 2 == 0 else names[::-1]
        for path in paths:
            for name in order:
                times[path][name].append(cpu_seconds(METHODS[name], path))
    return times


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def fixture_pdfs(everything: bool) -> list[Path]:
    if everything:
        return sorted(p for d in ("tests", "data") for p in (ROOT / d).rglob("*.pdf")
                      if (ROOT / "tests" / "fixtures" / "bad") not in p.parents)
    fixtures = ROOT / "tests" / "fixtures"
    bad = fixtures / "bad"
    return sorted(p for p in fixtures.rglob("*.pdf") if bad not in p.parents)


def readable(paths: list[Path]) -> list[tuple[Path, int]]:
    """(path, pages) of the files the parser accepts; the others are named and left out."""
    out = []
    for path in paths:
        with pdfplumber.open(path) as pdf:
            scan = not any(page.chars for page in pdf.pages)
        if scan:  # no text layer: read by OCR, measured by benchmarks/ocr_engines.py
            print(f"{path.name[:40]:<40} skipped: a scan, read by OCR")
            continue
        try:
            parse_report(path)  # also loads the lazy parts (pdfminer's font tables …) untimed
        except (ReportError, OSError) as exc:  # a bad file, or one deleted while we ran
            print(f"{path.name[:40]:<40} skipped: {exc}")
            continue
        out.append((path, bare_pdfplumber(path)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, help="more PDFs to measure")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (each method once per file a round)")
    parser.add_argument("--all", action="store_true", help="every PDF under tests/ and data/, not only tests/fixtures")
    args = parser.parse_args()

    files = readable(fixture_pdfs(args.all) + list(args.pdfs))
    if not files:
        print("no PDF to measure")
        return 1
    times = interleaved([p for p, _ in files], args.rounds)
    print(f"CPU seconds per page, median of {args.rounds} interleaved rounds; ratio parse/bare: median (lowest–highest)")
    print(f"{'file':<40} {'pages':>5} {'parse':>7} {'read':>7} {'bare':>7}  ratio")
    for path, pages in files:
        t = times[path]
        ratios = [p / b for p, b in zip(t["parse"], t["bare"], strict=True) if b > 0]
        print(f"{path.name[:40]:<40} {pages:>5} "
              + " ".join(f"{statistics.median(t[m]) / pages:>7.4f}" for m in METHODS)
              + f"  {spread(ratios) if ratios else '-'}")
    total = {m: [sum(times[p][m][r] for p, _ in files) for r in range(args.rounds)] for m in METHODS}
    overall = [p / b for p, b in zip(total["parse"], total["bare"], strict=True)]
    read_overall = [r / b for r, b in zip(total["read"], total["bare"], strict=True)]
    pages = sum(n for _, n in files)
    print(f"all {len(files)} files, {pages} pages: parse/bare {spread(overall)}, read/bare {spread(read_overall)}; "
          f"CPU s: parse {statistics.median(total['parse']):.2f}, bare {statistics.median(total['bare']):.2f}")
    verdict = "within" if statistics.median(overall) <= TARGET else "OVER"
    print(f"median ratio {statistics.median(overall):.2f} — {verdict} the target of {TARGET:g}× pdfplumber's bare extraction")
    return 0


if __name__ == "__main__":
    sys.exit(main())
