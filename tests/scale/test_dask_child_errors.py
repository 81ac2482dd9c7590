"""A Dask task's parsing child that dies: our bug (a traceback) is an internal error, a kill is a limit.

parse_shipped is what a Dask worker runs; it is called here directly (the child process it starts is
the real one), so no cluster is needed to see how a dead child is reported.
"""

from __future__ import annotations

from pathlib import Path

from builder.batch import WorkerLimits, _child_failed, parse_shipped

ROOT = Path(__file__).resolve().parents[2]
SEED = sorted((ROOT / "data" / "reports").rglob("*.txt"))[0]


def test_a_traceback_in_the_child_is_an_internal_error():
    # A memory budget the child cannot read as a number: it fails with a traceback before any parse.
    status, message = parse_shipped("data/reports/x.txt", SEED.name, SEED.read_bytes(), None,
                                    WorkerLimits(seconds=60, memory_bytes="not-a-number"))
    assert status == "internal"
    assert message.startswith("内部错误，请报告 internal error, please report it: data/reports/x.txt (ValueError")


def test_a_killed_child_or_memory_error_is_a_limit():
    assert _child_failed(-9, b"", "a.txt") == ("limit", "解析进程异常退出 the parsing process died (exit code -9)")
    memory = b"Traceback (most recent call last):\n  File \"x\", line 1\nMemoryError\n"
    assert _child_failed(1, memory, "a.txt")[0] == "limit"


def test_the_child_parses_a_report():
    status, report = parse_shipped("data/reports/x.txt", SEED.name, SEED.read_bytes(), None,
                                   WorkerLimits(seconds=60))
    assert status == "ok" and report["source"]["path"] == "data/reports/x.txt" and report["values"]
