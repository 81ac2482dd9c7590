"""build --cache-dir: the parse cache where the user says (the walk's build from another folder wrote into that
folder's .cache), and never among the reports or in the site a clean build empties."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import main

REPO = Path(__file__).resolve().parents[2]


def _data(tmp_path: Path) -> None:
    seed = sorted((REPO / "data" / "reports").rglob("*.txt"))[0]
    (tmp_path / "data" / "reports").mkdir(parents=True)
    shutil.copy(seed, tmp_path / "data" / "reports" / seed.name)


@pytest.mark.parametrize("cache", ["data/.cache", "data", "site/cache", "."])
def test_a_cache_folder_among_the_reports_or_in_the_site_is_refused(tmp_path, monkeypatch, cache):
    _data(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--data", "data", "--out", "site", "--cache-dir", cache, "--jobs", "1"])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "--cache-dir" in lines[0] and "must be apart" in lines[0], result.output
    seed = sorted((REPO / "data" / "reports").rglob("*.txt"))[0].name
    assert {p.name for p in (tmp_path / "data").rglob("*")} == {"reports", seed}  # nothing written among them
