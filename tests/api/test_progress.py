"""Progress reaches the caller as ProgressEvents; the CLI draws a bar on a terminal, lines elsewhere."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from click.testing import CliRunner

from builder.cli import ProgressDisplay, main
from builder.progress import ProgressEvent

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "data/reports/ningxia/yinchuan/xingqingqu-yueyahuxiang-renminzhengfu-2020.txt"


def events(stage: str, total: int) -> list[ProgressEvent]:
    return [ProgressEvent(stage, done, total, f"r{done}.pdf") for done in range(1, total + 1)]


def test_without_a_terminal_a_plain_line_at_each_tenth(capsys):
    show = ProgressDisplay()
    for event in events("parse", 40) + events("pages", 3):
        show(event)
    lines = capsys.readouterr().err.splitlines()
    parse = [line.split("（")[0] for line in lines if line.startswith("解析")]
    assert parse == [f"解析 parse: {n}/40" for n in range(4, 41, 4)]
    assert [line.split("（")[0] for line in lines if line.startswith("页面")] == [
        "页面 pages: 1/3", "页面 pages: 2/3", "页面 pages: 3/3"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_a_bar_per_stage(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    show = ProgressDisplay()
    for event in events("parse", 5) + events("pages", 2):
        show(event)
    screen = terminal.getvalue()
    assert "\r" in screen  # redrawn in place, not a line each
    assert "解析 parse" in screen and "页面 pages" in screen and "100%" in screen
    assert "5/5" not in screen  # the bar, not the plain lines


def test_the_site_reports_each_page_written(tmp_path):
    from builder.batch import Collection
    from builder.parse import parse_report
    from builder.site import generate_docs

    seen: list[ProgressEvent] = []
    generate_docs(Collection(reports=[parse_report(SEED)]), tmp_path / "docs", None, jobs=1, progress=seen.append)
    assert {e.stage for e in seen} == {"agency pages", "region pages"}
    for stage in ("agency pages", "region pages"):
        events = [e for e in seen if e.stage == stage]
        assert [e.done for e in events] == list(range(1, events[0].total + 1))
    assert all((tmp_path / "docs" / e.path).is_file() for e in seen)  # the page just written


def test_validate_shows_progress_on_stderr_and_results_on_stdout(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(SEED), "--data", str(REPO / "data"),
                                       "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    # stored under data/: parsed with every report there, as the site build sees it
    stored = len(list((REPO / "data/reports").rglob("*.txt")))
    assert [line for line in result.stderr.splitlines() if line.startswith("解析 parse")][-1].startswith(
        f"解析 parse: {stored}/{stored}")
    assert result.stdout.startswith(f"✓ {SEED.as_posix()}") and "解析 parse" not in result.stdout
