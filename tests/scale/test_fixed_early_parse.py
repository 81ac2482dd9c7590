"""A rebuild's one or two new reports are parsed in forks started before the record snapshot is read
(builder.batch._early_parses): the same records as the pool's, the same limits."""

import shutil
import subprocess
import sys
import threading
from pathlib import Path

from builder.batch import DEFAULT_WORKER_LIMITS, _early_parses, _keys, _report_listing, collect_reports
from builder.parse import parse_report

REPO = Path(__file__).resolve().parents[2]


def _seeds(n: int) -> list[Path]:
    return sorted((REPO / "data" / "reports").rglob("*.txt"))[:n]


def test_a_new_report_is_parsed_early_and_its_record_is_the_parse(tmp_path):
    # In a process of its own: an early fork is taken only where no other thread runs (_parse_context),
    # and a test worker may hold one (a served site of another test).
    done = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                           "from tests.scale.test_fixed_early_parse import _early_parse_checked; "
                           "_early_parse_checked(Path(sys.argv[1]))", str(tmp_path)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def _threads_ended() -> None:
    """Wait for the threads pebble started for the forks of the last scan: each sets its future's result, then
    ends, so a scan just after a result was read may still see it running and rightly take no fork
    (_parse_context: no fork while another thread runs). A build starts with none: a process builds once.
    (This race made the test fail in about one run in ten.)"""
    for thread in threading.enumerate():
        if thread is not threading.current_thread():
            thread.join(timeout=30)
    assert threading.active_count() == 1, threading.enumerate()


def _early_parse_checked(tmp_path: Path) -> None:
    data, cache = tmp_path / "data", tmp_path / "cache"
    (data / "reports").mkdir(parents=True)
    first, second, third = _seeds(3)
    for seed in (first, second):
        shutil.copy(seed, data / "reports" / seed.name)
    assert collect_reports(data, cache, jobs=2).parsed == 2
    shutil.copy(third, data / "reports" / third.name)
    _threads_ended()

    keys, unreadable, hashed = _keys(_report_listing(data), cache)
    early = _early_parses(keys, hashed, cache, 1, DEFAULT_WORKER_LIMITS, None)
    assert early is not None and [p.name for p in early[0]] == [third.name]
    for future in early[1]:
        future.cancel()
    _threads_ended()

    out = collect_reports(data, cache, jobs=1)
    assert out.parsed == 1 and not out.failures and len(out.reports) == 3
    record = next(r for r in out.reports if r["source"]["file"] == third.name)
    expected = parse_report(data / "reports" / third.name)
    assert record["values"] == expected["values"] and record["agency"] == expected["agency"]
    # Nothing new: nothing parsed, and nothing started early.
    _threads_ended()
    keys, unreadable, hashed = _keys(_report_listing(data), cache)
    assert _early_parses(keys, hashed, cache, 1, DEFAULT_WORKER_LIMITS, None) is None
    assert collect_reports(data, cache, jobs=1).parsed == 0


def test_more_new_reports_than_early_forks_go_to_the_pool(tmp_path):
    data, cache = tmp_path / "data", tmp_path / "cache"
    (data / "reports").mkdir(parents=True)
    for seed in _seeds(3):
        shutil.copy(seed, data / "reports" / seed.name)
    keys, unreadable, hashed = _keys(_report_listing(data), cache)
    assert hashed == 3
    assert _early_parses(keys, hashed, cache, 2, DEFAULT_WORKER_LIMITS, None) is None
    assert collect_reports(data, cache, jobs=2).parsed == 3


def test_meanwhile_runs_while_a_one_report_rebuild_parses_only(tmp_path):
    """collect_reports' meanwhile (builder.site starts the downloads' imports in a thread with it) is called
    once the early forks are made, and only then: not in a cold scan, nor in one with nothing new; the
    record parsed while its thread runs is the parse's."""
    done = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                           "from tests.scale.test_fixed_early_parse import _meanwhile_checked; "
                           "_meanwhile_checked(Path(sys.argv[1]))", str(tmp_path)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def _meanwhile_checked(tmp_path: Path) -> None:
    from builder.export.pieces import import_encoders_meanwhile

    data, cache = tmp_path / "data", tmp_path / "cache"
    (data / "reports").mkdir(parents=True)
    first, second, third = _seeds(3)
    for seed in (first, second, third):
        shutil.copy(seed, data / "reports" / seed.name)
    calls = []
    assert collect_reports(data, cache, jobs=2, meanwhile=lambda: calls.append("cold")).parsed == 3
    assert calls == []  # (three new: the pool's, after the snapshot)
    (data / "reports" / third.name).unlink()
    assert collect_reports(data, cache, jobs=1, meanwhile=lambda: calls.append("none")).parsed == 0
    assert calls == []
    shutil.copy(third, data / "reports" / f"{third.stem}-copy{third.suffix}")
    _threads_ended()
    assert "pyarrow.parquet" not in sys.modules

    def started():
        calls.append(threading.active_count())
        import_encoders_meanwhile()

    out = collect_reports(data, cache, jobs=1, meanwhile=started)
    assert out.parsed == 1 and not out.failures and len(out.reports) == 3
    assert len(calls) == 1
    _threads_ended()  # (the import thread, ended)
    assert "pyarrow.parquet" in sys.modules
    record = next(r for r in out.reports if r["source"]["file"] == f"{third.stem}-copy{third.suffix}")
    expected = parse_report(data / "reports" / f"{third.stem}-copy{third.suffix}")
    assert record["values"] == expected["values"] and record["agency"] == expected["agency"]
