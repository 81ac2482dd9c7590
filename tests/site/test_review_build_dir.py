"""Review of --build-dir: a build folder that is the site folder, or inside it (or a site inside the build
folder's docs/), is refused at once with a one-line error of the user's input (exit 2). Before, the first
was told as "another build is using" the folder (locked twice), the second as an internal error of ours
after every page had been written (MkDocs refusing docs/ inside the site)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import main

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("out", "build_dir"), [("site", "site"), ("site", "site/state"), ("state/docs/site", "state")])
def test_a_build_folder_not_apart_from_the_site_is_refused(tmp_path, monkeypatch, out, build_dir):
    seed = sorted((REPO / "data" / "reports").rglob("*.txt"))[0]
    (tmp_path / "data" / "reports").mkdir(parents=True)
    shutil.copy(seed, tmp_path / "data" / "reports" / seed.name)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--data", "data", "--out", out, "--build-dir", build_dir, "--jobs", "1"])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "must be apart" in lines[0] and "internal error" not in lines[0], result.output
    assert not (tmp_path / build_dir / "docs").exists()  # refused before any page was written


@pytest.mark.parametrize("args", [["--out", "data"], ["--out", "data/site"], ["--out", "."], ["--build-dir", "data/state"]])
def test_a_site_or_build_folder_not_apart_from_the_data_is_refused(tmp_path, monkeypatch, args):
    """A clean build empties --out (MkDocs): --out data would delete the reports; a site inside the data
    would be read as reports by the next build."""
    seed = sorted((REPO / "data" / "reports").rglob("*.txt"))[0]
    (tmp_path / "data" / "reports").mkdir(parents=True)
    shutil.copy(seed, tmp_path / "data" / "reports" / seed.name)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--data", "data", *args, "--jobs", "1"])
    assert result.exit_code == 2, result.output
    assert "must be apart" in result.output and "internal error" not in result.output, result.output
    assert (tmp_path / "data" / "reports" / seed.name).read_bytes() == seed.read_bytes()
