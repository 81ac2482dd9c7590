"""Originals linked in the repository (at the commit that added them) instead of copied onto the site."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from builder.errors import ReportError
from builder.pages.agency import agency_page_files
from builder.pages.originals import commits_that_added, original_links


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def repo(tmp_path, seed_reports):
    """A git repository holding one seed report, added in a first commit and left alone by a second."""
    report = dict(next(iter(seed_reports.values())))
    original = Path(report["source"]["path"])
    folder = tmp_path / "data" / "reports" / "ningxia"
    folder.mkdir(parents=True)
    path = folder / original.name
    path.write_bytes(original.read_bytes())
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "add a report")
    added = _git(tmp_path, "rev-parse", "HEAD")
    (tmp_path / "README").write_text("x", encoding="utf-8")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "later")
    report["source"] = {**report["source"], "path": path.as_posix()}
    return report, path, added


def test_the_commit_that_added_a_file(repo):
    _report, path, added = repo
    assert commits_that_added([path]) == {path.resolve(): (f"data/reports/ningxia/{path.name}", added)}


def test_link_mode_links_the_original_and_copies_nothing(repo, monkeypatch):
    report, path, added = repo
    monkeypatch.setenv("SITE_REPOSITORY_URL", "https://github.com/example/reports")
    links = original_links([report], "link")
    assert links == {report["source"]["path"]: f"https://github.com/example/reports/blob/{added}/data/reports/ningxia/{path.name}"}
    files = agency_page_files([report], links)
    assert not any(isinstance(content, Path) for content in files.values())  # no copy of the original
    page = next(iter(files.values()))
    assert f'href="https://github.com/example/reports/blob/{added}/' in page
    # auto: the seed is far below the budget, so it is copied
    assert original_links([report], "auto") == {}
    assert any(isinstance(content, Path) for content in agency_page_files([report], {}).values())


def test_link_mode_needs_the_repository_address(repo, monkeypatch):
    report, _path, _added = repo
    for name in ("SITE_REPOSITORY_URL", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ReportError, match="SITE_REPOSITORY_URL"):
        original_links([report], "link")
    with pytest.raises(ReportError, match="SITE_ORIGINALS"):
        original_links([report], "sometimes")
