"""Where a build keeps its state: beside --out (site → site-build) or where --build-dir says, never in
whatever folder the command was started from."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from builder.cli import main
from builder.site import default_build_dir

REPO = Path(__file__).resolve().parents[2]


def _data(root: Path) -> Path:
    seed = sorted((REPO / "data" / "reports").rglob("*.txt"))[0]
    (root / "data" / "reports").mkdir(parents=True)
    shutil.copy(seed, root / "data" / "reports" / seed.name)
    return root / "data"


def test_the_state_is_kept_beside_the_site_by_default():
    assert default_build_dir(Path("/srv/www/site")) == Path("/srv/www/site-build")
    assert default_build_dir(Path("public")) == Path("public-build")


def test_build_help_names_the_option():
    help_text = CliRunner().invoke(main, ["build", "--help"]).output
    assert "--build-dir" in help_text and "site-build" in help_text


def test_a_build_started_elsewhere_leaves_no_build_folder_there(tmp_path, monkeypatch):
    data = _data(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    out = tmp_path / "public" / "site"
    result = CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file()
    assert (tmp_path / "public" / "site-build" / "docs" / "index.md").is_file()
    assert (tmp_path / "public" / "site-build" / "docs-state.json").is_file()
    assert sorted(p.name for p in elsewhere.iterdir()) == [".cache"]  # the parse cache only (content-keyed)

    custom = tmp_path / "state"
    result = CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(out), "--jobs", "1",
                                       "--build-dir", str(custom)])
    assert result.exit_code == 0, result.output
    assert (custom / "docs" / "index.md").is_file()
