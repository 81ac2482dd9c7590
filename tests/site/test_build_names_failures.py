"""The build's log names the reports that failed (the walk of stop 22: it said only how many), escaped for a
terminal, and points at the site's 未能解析 page where all of them are."""

from __future__ import annotations

import logging

from builder import site
from builder.batch import Collection, Failure


def test_the_log_names_each_failed_report_escaped_and_points_at_the_page(tmp_path, caplog):
    bad = tmp_path / "data" / "reports" / "jiangsu" / "坏\x1b[31m报告\n-2023.txt"
    failures = [Failure(str(bad), "无法识别的文件 not a report\x07")]
    failures += [Failure(str(tmp_path / "data" / f"r{n}.txt"), "空文件 empty") for n in range(site.FAILURES_SAID + 2)]
    collection = Collection(failures=failures, root=(tmp_path / "data").resolve())
    with caplog.at_level(logging.WARNING, logger=site.__name__):
        site._say_failures(collection)
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0] == "未能解析 failed: reports/jiangsu/坏\\x1b[31m报告\\n-2023.txt — 无法识别的文件 not a report\\x07"
    assert all("\x1b" not in line and "\n" not in line for line in lines)
    assert len(lines) == site.FAILURES_SAID + 2 and lines[-2] == "……另有 3 份 and 3 more"
    assert "failures/" in lines[-1]


def test_nothing_is_said_when_every_report_parsed(caplog):
    with caplog.at_level(logging.WARNING, logger=site.__name__):
        site._say_failures(Collection())
    assert not caplog.records
