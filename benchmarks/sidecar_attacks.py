"""Sidecar mistakes and attacks against the parser: how many end in a traceback, and what a YAML alias
bomb costs.

    .venv/bin/python benchmarks/sidecar_attacks.py [--bomb-timeout 90]

Each mistake is written as the sidecar of a copy of a seed report and run through `builder parse`,
`builder parse --json` and `builder validate` (click's runner, in this process: an exception that is not
the CLI's own exit is a traceback). Then a 318-byte "billion laughs" sidecar is parsed in a child process
capped at 6 GiB of address space, and its peak resident memory printed. Exit status 1 on any traceback.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data/reports/ningxia/yinchuan/xingqingqu-yueyahuxiang-renminzhengfu-2020.txt"
BOMB_LIMIT = 6 * 2**30

MISTAKES = [
    "retrieved: 2021-01-28\n", "published: 2021-01-28\n", "source_url: 5\n", "source_url: [a, b]\n",
    "region: {province: [1, 2]}\n", "region: {province: 5}\n", "region: 5\n", "region: [a, b]\n",
    "region: {provnce: 宁夏回族自治区}\n", "agency: " + "长" * 300 + "\n", "agency: 5\n", "agency: [a]\n",
    "agency: {a: 1}\n", 'agency: "a\\x00b"\n', "year: abc\n", "year: .inf\n", "year: .nan\n", "year: 2020.5\n",
    "year: [2020]\n", "year: {a: 1}\n", "year: true\n", "year: 99999999999999999999999\n", "year: 1066\n",
    "year: -5\n", "year: 2021-01-01\n", "known_issues: 5\n", "known_issues: balance\n", "known_issues: [[a]]\n",
    "known_issues: {a: 1}\n", "known_issues: [no_such_rule]\n", "note: [a, b]\n", "note: {a: 1}\n",
    "note: " + "x" * 20000 + "\n", "sha256: 5\n", "sha256: nothex\n", "published: 5\n", "published: [2021]\n",
    "published: 2021-13-45\n", "retrieved: yesterday\n", 'source_url: "javascript:alert(1)"\n',
    'source_url: "  JaVaScRiPt:alert(1)"\n', 'source_url: "data:text/html,<script>"\n', 'source_url: "http://"\n',
    "known_issue: [balance]\n", "yaer: 2020\n", "- a\n- b\n", "just a string\n", "5\n",
    "a: !!python/object/apply:os.system [echo hi]\n", "a: !!binary aGVsbG8=\n", "note: !foo bar\n",
    "note: &a x\nagency: *a\n", "year: 2020\nyear: 2021\n", "{[a]: 1}\n", "{? {a: 1} : 1}\n", "\tnote: x\n",
    "note: 'unterminated\n",
]
MISTAKES_BYTES = [b"\xff\xfe\x00note: x\n", b"note: \xe9t\xe9\n"]


def bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\nagency: *h\n"


def count_tracebacks(report: Path) -> tuple[int, int]:
    from click.testing import CliRunner

    from builder.cli import main

    runner = CliRunner()
    tried = crashed = 0
    for body in [m.encode() for m in MISTAKES] + MISTAKES_BYTES:
        tried += 1
        report.with_suffix(".yml").write_bytes(body)
        outcomes = [runner.invoke(main, [*args, str(report)]) for args in (["parse"], ["parse", "--json"], ["validate"])]
        # validate catches a crash itself and reports "parser crashed (TypeError: …)": a traceback too.
        bad = [o for o in outcomes if not isinstance(o.exception, (SystemExit, type(None)))
               or "parser crashed" in o.output]
        crashed += bool(bad)
        verdict = f"exit {outcomes[0].exit_code}"
        if bad:
            verdict = "TRACEBACK " + (type(bad[0].exception).__name__ if not isinstance(bad[0].exception, SystemExit)
                                      else "(validate: parser crashed)")
        print(f"{verdict:<28} {body[:50]!r}")
    return tried, crashed


def bomb_peak(report: Path, timeout: float) -> str:
    report.with_suffix(".yml").write_text(bomb(), encoding="utf-8")
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "builder", "parse", str(report), "--json"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (BOMB_LIMIT, BOMB_LIMIT)))
    try:
        _out, err = proc.communicate(timeout=timeout)
        outcome = f"exit {proc.returncode}"
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        outcome = f"still running after {timeout:.0f} s, killed"
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return f"alias bomb ({len(bomb().encode())} bytes): {outcome} in {time.monotonic() - start:.1f} s, peak RSS {peak:.0f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bomb-timeout", type=float, default=90)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))  # this checkout's builder, not another one installed in the venv
    with tempfile.TemporaryDirectory(prefix="sidecar-attacks-") as tmp:
        report = Path(tmp) / SEED.name
        shutil.copyfile(SEED, report)
        # The bomb first: a child forked from this process once it has parsed would count its pages.
        bomb_line = bomb_peak(report, args.bomb_timeout)
        tried, crashed = count_tracebacks(report)
        print(f"{tried} sidecar mistakes, {crashed} ended in a traceback")
        print(bomb_line)
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
