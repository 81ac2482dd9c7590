"""Chart specs per agency page: plain dicts (the baseline) against shapes authored with Altair.

    .venv/bin/python benchmarks/chart_specs.py                    # 300 agencies, 15 rounds
    .venv/bin/python benchmarks/chart_specs.py --n 1000 --rounds 21 --baseline 554ae42

What an agency page asks of builder/pages/charts.py: for each of its reports the handled, applicants
and appeals charts, and the trend over its years (here two reports per agency, with counts from 0 to
hundreds of thousands, so both kinds of count axis occur); "+ embed" adds the HTML and escaped JSON
of each chart (builder/pages/charts.embed), the same code in both.

The baseline is builder/pages/charts.py as it was at ``--baseline`` (a git revision: by default the
commit that made the specs plain dicts, before they were authored with Altair), loaded as a module
from ``git show``; the other is this checkout's. Both run in this process on the same reports, in
interleaved rounds (A B, then B A, …), timed in process CPU time; the figures are the median round
per agency, and the ratio is this checkout's median over the baseline's. The one-time cost of the
Altair version (importing Altair and converting the five shapes, once per process: each page worker
pays it once) is measured in a fresh interpreter and shown apart.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.pages import charts  # noqa: E402  (this checkout's)
from builder.template import fields  # noqa: E402

DEFAULT_BASELINE = "554ae42"  # "Merge site: browser-drawn charts…": specs as plain dicts


def load_baseline(rev: str):
    source = subprocess.run(["git", "show", f"{rev}:builder/pages/charts.py"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout
    path = Path(tempfile.mkdtemp()) / "charts_baseline.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("charts_baseline", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["charts_baseline"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def agencies(n: int, seed: int = 1) -> list[list[dict]]:
    rng = random.Random(seed)
    ids = list(fields())
    out = []
    for i in range(n):
        scale = rng.choice((0, 3, 40, 2_000, 300_000))
        out.append([{"id": f"a{i}-{year}", "year": year, "values": {f: rng.randint(0, scale) for f in ids}}
                    for year in (2021, 2022)])
    return out


def page_charts(module, reports: list[dict], embed: bool) -> int:
    made = [module.trend_chart(reports)]
    for report in reports:
        rid = report["id"]
        made += [module.handled_chart([report], f"handled-{rid}"), module.applicants_chart(report, f"applicants-{rid}"),
                 module.appeals_chart(report, f"appeals-{rid}")]
    if embed:
        return sum(len(module.embed(c, c.name)) for c in made if c)
    return len(made)


def one_round(module, data: list[list[dict]], embed: bool) -> float:
    gc.collect()
    start = time.process_time()
    for reports in data:
        page_charts(module, reports, embed)
    return time.process_time() - start


def first_use_ms() -> float:
    """CPU ms of the first chart in a fresh interpreter: importing Altair, converting the shapes."""
    code = ("import time\n"
            "from builder.pages import charts\n"
            "from builder.template import fields\n"
            "report = {'year': 2021, 'values': dict.fromkeys(fields(), 1)}\n"
            "start = time.process_time()\n"
            "charts.handled_chart([report, {**report, 'year': 2022}]); charts.handled_chart([report])\n"
            "charts.applicants_chart(report); charts.appeals_chart(report)\n"
            "charts.trend_chart([report, {**report, 'year': 2022}])\n"
            "charts.compare_chart([{'机构': 'x', '件数': 1}], 'c', 'c')\n"
            "print((time.process_time() - start) * 1000)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)  # imports ROOT's
    if done.returncode:
        sys.exit(done.stderr)
    return float(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="agencies (two reports each)")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, help="git revision of the plain-dict charts.py")
    args = parser.parse_args()

    baseline = load_baseline(args.baseline)
    data = agencies(args.n)
    versions = {f"plain dicts ({args.baseline})": baseline, "Altair shapes (this checkout)": charts}
    for module in versions.values():  # warm: the Altair shapes are converted here, once
        page_charts(module, data[0], embed=True)

    print(f"{args.n} agencies × 2 reports: trend + handled, applicants, appeals per report; "
          f"{args.rounds} interleaved rounds, process CPU time, median round")
    for embed in (False, True):
        times: dict[str, list[float]] = {name: [] for name in versions}
        names = list(versions)
        for r in range(args.rounds):
            for name in (names if r % 2 == 0 else names[::-1]):
                times[name].append(one_round(versions[name], data, embed))
        medians = {name: statistics.median(t) for name, t in times.items()}
        label = "build + embed" if embed else "build"
        for name, median in medians.items():
            print(f"  {label:14} {name:32} {median / args.n * 1e6:8.1f} µs per agency")
        base, new = medians.values()
        print(f"  {label:14} ratio Altair shapes / plain dicts: {new / base:.2f}×")
    print(f"  once per process (import Altair, convert the shapes): {first_use_ms():.0f} ms CPU")


if __name__ == "__main__":
    main()
