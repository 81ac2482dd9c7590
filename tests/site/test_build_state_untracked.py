"""The workflows refuse build state committed to the repository: the build unpickles its download pieces
and loads compiled templates from site-build/, so a pull request must not be able to put files there."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.site.test_workflows import load, steps

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / ".github" / "scripts" / "untracked-build-state.sh"


def _repo(tmp_path: Path, *files: str) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.txt").write_text("报告", encoding="utf-8")
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"\x80\x04K\x01.")
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A", "-f"], check=True)
    return tmp_path


@pytest.mark.skipif(shutil.which("git") is None, reason="git")
def test_a_committed_download_piece_stops_the_build(tmp_path):
    repo = _repo(tmp_path, "site-build/download-pieces/0123abcd.pickle")
    run = subprocess.run(["bash", str(SCRIPT)], cwd=repo, capture_output=True, text=True)
    assert run.returncode == 1 and "site-build/download-pieces/0123abcd.pickle" in run.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git")
def test_a_repository_of_reports_only_builds(tmp_path):
    run = subprocess.run(["bash", str(SCRIPT)], cwd=_repo(tmp_path), capture_output=True, text=True)
    assert run.returncode == 0, run.stdout


@pytest.mark.parametrize("name", ["ci.yml", "pages.yml"])
def test_the_check_runs_before_the_build(name):
    names = [s.get("name") for s in steps(load(name))]
    assert names.index("No build state in the repository") < names.index("Build the site")
