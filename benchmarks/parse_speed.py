"""Parse speed: builder's parse_report against pdfplumber's bare text and table extraction.

    .venv/bin/python benchmarks/parse_speed.py [--rounds N] [--all] [--root DIR …] [MORE.pdf …]

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

With --root (given twice or more: an old checkout and this one, `--root /tmp/before --root .`),
each checkout's builder runs in a worker process of its own (one process cannot import two
`builder` packages), started once and asked for one measurement at a time, so the checkouts are
interleaved too (every method of every checkout once per file a round, the order reversed each
round); each worker measures its own CPU time, bare pdfplumber included. Printed: each
checkout's parse/bare, and each checkout's parse against the first one's.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
SERVING = len(sys.argv) == 3 and sys.argv[1] == "--serve"  # a worker of --root: that checkout's builder
sys.path.insert(0, sys.argv[2] if SERVING else str(ROOT))

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


class Worker:
    """One checkout's builder in a process of its own, measuring one method on one file when asked."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.process = subprocess.Popen([sys.executable, __file__, "--serve", str(self.root)], cwd=self.root,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def cpu_seconds(self, method: str, path: Path) -> float:
        self.process.stdin.write(json.dumps([method, str(path)]) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        if "error" in answer:
            raise RuntimeError(f"{self.root}: {answer['error']}")
        return answer["seconds"]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def serve(root: Path) -> int:
    """The worker's side (builder imported from `root`, see SERVING): answer [method, path] lines
    with CPU seconds."""
    import builder

    assert Path(builder.__file__).resolve().is_relative_to(root.resolve()), builder.__file__
    methods = {"parse": parse_report, "read": read_pdf, "bare": bare_pdfplumber}
    for line in sys.stdin:
        method, path = json.loads(line)
        try:
            if method == "warm":
                parse_report(Path(path))  # the lazy parts (fonts, tables) loaded untimed
                answer = {"seconds": 0.0}
            else:
                answer = {"seconds": cpu_seconds(methods[method], Path(path))}
        except Exception as exc:  # reported to the parent, which stops  # noqa: BLE001
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(answer), flush=True)
    return 0


def compare_roots(roots: list[Path], files: list[tuple[Path, int]], rounds: int) -> int:
    """parse and bare of every checkout, interleaved; the ratios per checkout and against the first."""
    workers = [Worker(root) for root in roots]
    try:
        for worker in workers:
            for path, _ in files:
                worker.cpu_seconds("warm", path)
        jobs = [(w, m) for w in range(len(workers)) for m in ("parse", "bare")]
        totals = {job: [0.0] * rounds for job in jobs}
        for round_no in range(rounds):
            order = jobs if round_no % 2 == 0 else jobs[::-1]
            for path, _ in files:
                for w, method in order:
                    totals[(w, method)][round_no] += workers[w].cpu_seconds(method, path)
    finally:
        for worker in workers:
            worker.close()
    pages = sum(n for _, n in files)
    print(f"{len(files)} files, {pages} pages, {rounds} interleaved rounds; ratio: median (lowest–highest) over rounds")
    first = totals[(0, "parse")]
    for w, worker in enumerate(workers):
        parse, bare = totals[(w, "parse")], totals[(w, "bare")]
        own = [p / b for p, b in zip(parse, bare, strict=True)]
        against = [p / f for p, f in zip(parse, first, strict=True)]
        verdict = "within" if statistics.median(own) <= TARGET else "OVER"
        print(f"{str(worker.root)[-40:]:<40} parse/bare {spread(own)} ({verdict} {TARGET:g}×), parse/first root's parse "
              f"{spread(against)}; CPU s: parse {statistics.median(parse):.2f}, bare {statistics.median(bare):.2f}")
    return 0


def main() -> int:
    if SERVING:
        return serve(Path(sys.argv[2]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, help="more PDFs to measure")
    parser.add_argument("--root", action="append", type=Path, default=[],
                        help="a checkout to measure (give two or more to compare them side by side)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (each method once per file a round)")
    parser.add_argument("--all", action="store_true", help="every PDF under tests/ and data/, not only tests/fixtures")
    args = parser.parse_args()

    files = readable(fixture_pdfs(args.all) + list(args.pdfs))
    if not files:
        print("no PDF to measure")
        return 1
    if args.root:
        return compare_roots(args.root, files, args.rounds)
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
