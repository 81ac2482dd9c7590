"""Peak memory of the site build at several N, phase by phase, side by side: where the memory goes.

    .venv/bin/python benchmarks/build_memory.py --n 300 --n 1000                   # this checkout
    .venv/bin/python benchmarks/build_memory.py --n 300 --root ../before --root .  # side by side
    .venv/bin/python benchmarks/build_memory.py --n 300 --tracemalloc              # + the Python heap by phase

The reports are benchmarks/build_site.py's synthetic ones (the same generator, the same seed). Each
``--root`` is a checkout whose ``builder`` runs the build in a child process, on its own copy of the
data; the roots take turns (cold A, cold B, no-change A, …).

Phases of the benchmark: ``cold`` (empty parse cache, build/ and site/), ``cached`` (the parse cache
kept, build/ and site/ deleted: a deploy that restores its cache on a fresh runner) and ``no-change``
(the same build again).

Memory is the resident set (/proc/<pid>/status VmRSS) of the build's process and of every descendant
(parse workers, page workers, Pagefind), sampled every 0.1 s and summed over the tree; each sample is
put in the build's phase running at that moment (parse, agency pages, region pages, downloads,
explorer data, whole-site pages, year pages, prune, MkDocs, search), so the table says which phase
holds the peak and whether it is the build's own process ("main", also its exact high-water mark
VmHWM), its Python workers or another program. The slope between two N is the marginal memory a
report costs (issue 9: a 16 GB runner building 100,000 reports needs <= ~0.1 MB a report).
With --tracemalloc the child also traces Python allocations of its own process: the heap's peak in each
phase and, at the build's overall peak phase, the lines that hold the most (the build runs several
times slower under it: use a small N).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_site  # noqa: E402  (the same synthetic reports)

PHASES = ("cold", "cached", "no-change")

# The child: the build, with the start and end of each of its phases written to the pipe BENCH_MARKS_FD (monotonic clock,
# the same for every process of the machine), wrapped around the functions the build calls by name.
CHILD = r"""
import contextlib, json, os, resource, sys, time
sys.path.insert(0, sys.argv[1])
import builder
assert builder.__file__.startswith(sys.argv[1]), builder.__file__
from pathlib import Path
marks = os.fdopen(int(os.environ["BENCH_MARKS_FD"]), "w", buffering=1)
trace = os.environ.get("BENCH_TRACEMALLOC") == "1"
if trace:
    import tracemalloc
    tracemalloc.start(8)
heap = {}
snapshots = {}

def mark(name, what):
    marks.write(json.dumps([name, what, time.monotonic()]) + "\n")

@contextlib.contextmanager
def phase(name):
    if trace:
        tracemalloc.reset_peak()
    mark(name, "start")
    try:
        yield
    finally:
        mark(name, "end")
        if trace:
            heap[name] = max(heap.get(name, 0), tracemalloc.get_traced_memory()[1])
            if name in ("parse", "agency pages", "downloads", "mkdocs"):
                snapshots[name] = tracemalloc.take_snapshot()

import builder.site as site
timed = site._timed

@contextlib.contextmanager
def _timed(seconds, name):
    with phase(name), timed(seconds, name):
        yield

site._timed = _timed

def wrap(name, fn):
    def wrapped(*args, **kwargs):
        with phase(name):
            return fn(*args, **kwargs)
    return wrapped

site.collect_reports = wrap("parse", site.collect_reports)
site.run_mkdocs = wrap("mkdocs", site.run_mkdocs)
site.index_site = wrap("search", site.index_site)
data, out, build, cache, jobs = sys.argv[2:7]
r = site.build_site(Path(data), Path(out), jobs=int(jobs), build_dir=Path(build), cache_dir=Path(cache))
top = {}
for name, snap in snapshots.items():
    stats = snap.filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)]).statistics("lineno")
    top[name] = [[str(s.traceback), s.size] for s in stats[:6]]
print(json.dumps({"reports": r.reports, "failures": r.failures, "parsed": r.parsed, "seconds": r.seconds,
                  "hwm_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "heap": heap, "top": top}))
"""


TreeSampler = build_site.TreeSampler  # (resident memory of the build's process tree, split by kind)


def by_phase(samples, marks) -> dict[str, tuple[int, int, int, int]]:
    """phase → the sample with the largest tree total while it ran (the innermost phase running):
    (total, main, workers, other) KB; "startup+rest" for the samples outside every phase."""
    spans = []
    open_: dict[str, float] = {}
    for name, what, at in marks:
        if what == "start":
            open_[name] = at
        elif name in open_:
            spans.append((name, open_.pop(name), at))
    out: dict[str, tuple[int, int, int, int]] = {}
    for at, main, workers, other in samples:
        running = [s for s in spans if s[1] <= at <= s[2]]
        name = min(running, key=lambda s: s[2] - s[1])[0] if running else "startup+rest"
        total = main + workers + other
        if total > out.get(name, (0,))[0]:
            out[name] = (total, main, workers, other)
    return out


def build_once(root: Path, work: Path, jobs: int, tracemalloc: bool) -> dict:
    args = [sys.executable, "-c", CHILD, str(root), str(work / "data"), str(work / "site"), str(work / "build"),
            str(work / "cache"), str(jobs)]
    env = {**os.environ, "PYTHONPATH": str(root), "BENCH_TRACEMALLOC": "1" if tracemalloc else "0"}
    read, write = os.pipe()
    with (work / "build.log").open("a") as log:
        started = time.perf_counter()
        child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=log, env={**env, "BENCH_MARKS_FD": str(write)},
                                 cwd=root, text=True, pass_fds=(write,))
        os.close(write)
        marks: list = []
        reader = threading.Thread(target=lambda: marks.extend(json.loads(line) for line in os.fdopen(read)),
                                  daemon=True)
        reader.start()
        with TreeSampler(child.pid) as sampler:
            out, _ = child.communicate()
        reader.join(timeout=10)  # (a worker left behind may hold the pipe open)
        wall = time.perf_counter() - started
    if child.returncode:
        raise SystemExit(f"build failed in {work} (see {work / 'build.log'})")
    result = json.loads(out.strip().splitlines()[-1])
    phases = by_phase(sampler.samples, marks)
    return {**result, "wall": wall, "phases": phases, "peak_kb": max((p[0] for p in phases.values()), default=0)}


def run(n: int, roots: list[Path], jobs: int, keep: bool, tracemalloc: bool) -> dict:
    top = Path(tempfile.mkdtemp(prefix=f"bench-memory-{n}-"))
    try:
        build_site.make_reports(top / "data", n)
        works = {}
        for i, root in enumerate(roots):
            works[root] = top / f"root{i}"
            shutil.copytree(top / "data", works[root] / "data")
        out: dict = {root: {} for root in roots}
        for phase in PHASES:
            for root, work in works.items():
                if phase == "cached":
                    for folder in ("site", "build"):
                        shutil.rmtree(work / folder, ignore_errors=True)
                print(f"  N={n} {phase} {root} …", file=sys.stderr, flush=True)
                out[root][phase] = build_once(root, work, jobs, tracemalloc)
        return {"n": n, "roots": out, "top": top}
    finally:
        if not keep:
            shutil.rmtree(top, ignore_errors=True)


def _mb(kb: int) -> str:
    return f"{kb / 1024:.0f}"


def report(r: dict, roots: list[Path]) -> None:
    print(f"\n=== N = {r['n']} reports: peak resident memory, MB (the process tree: main + Python workers + "
          "other programs) ===")
    for i, root in enumerate(roots):
        res = r["roots"][root]
        print(f"[{i}] {root}  ({res['cold']['reports']} built, {res['cold']['failures']} failed)")
        print(f"  {'':12}{'wall s':>8}{'parse s':>8}{'peak':>7}{'main HWM':>10}   peak phase")
        for phase in PHASES:
            p = res[phase]
            where = max(p["phases"].items(), key=lambda kv: kv[1][0])[0] if p["phases"] else "-"
            print(f"  {phase:12}{p['wall']:8.1f}{p['seconds'].get('parse', 0):8.2f}{_mb(p['peak_kb']):>7}"
                  f"{p['hwm_kb'] / 1024:10.0f}   {where}")
        for phase in ("cold", "cached"):
            p = res[phase]
            print(f"  {phase} by build phase (total = main + workers + other; heap = tracemalloc peak of main):")
            for name, (total, main, workers, other) in p["phases"].items():
                heap = p["heap"].get(name)
                extra = f"  heap {heap / 2**20:.0f}" if heap else ""
                print(f"    {name:18}{_mb(total):>6} = {_mb(main):>4} + {_mb(workers):>4} + {_mb(other):>4}{extra}")
        for name, lines in res["cached"].get("top", {}).items():
            print(f"  cached, {name}: the lines holding most of main's Python heap at its end")
            for where, size in lines:
                print(f"    {size / 2**20:7.1f} MB  {where}")


def slopes(results: list[dict], roots: list[Path]) -> None:
    if len(results) < 2:
        return
    print("\n=== marginal memory, MB a report (peak difference / report difference) ===")
    for i, root in enumerate(roots):
        cells = []
        for a, b in zip(results, results[1:], strict=False):
            for phase in ("cold", "cached"):
                pa, pb = a["roots"][root][phase]["peak_kb"], b["roots"][root][phase]["peak_kb"]
                cells.append(f"{phase} N {a['n']}→{b['n']}: {(pb - pa) / 1024 / (b['n'] - a['n']):.3f}")
        print(f"[{i}] " + ", ".join(cells))
    print("\n" + f"{'N':>7} " + " ".join(f"{f'[{i}] {p}':>14}" for i in range(len(roots)) for p in PHASES))
    for res in results:
        print(f"{res['n']:>7} " + " ".join(f"{_mb(res['roots'][root][p]['peak_kb']):>14}" for root in roots
                                          for p in PHASES))


def main() -> None:
    parser = build_site.build_arguments(__doc__.splitlines()[0], "300 and 1000", "measured")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace the Python heap of the build by phase")
    args = parser.parse_args()
    roots = [p.resolve() for p in args.root or [REPO]]
    results = []
    for n in sorted(args.n or [300, 1000]):
        results.append(run(n, roots, args.jobs, args.keep, args.tracemalloc))
        report(results[-1], roots)
    slopes(results, roots)
    for res in results:
        if res["top"].exists():
            print(f"kept: {res['top']}")


if __name__ == "__main__":
    main()
