"""A site too large for GitHub Pages keeps its dataset files in a release: the downloads page links them
there (SITE_DOWNLOADS_URL), release_files() moves them out of the built site under their flat names and
points the data package at them; without the setting nothing changes."""

from __future__ import annotations

import json

import pytest

from builder.errors import ReportError
from builder.export import DATASET_FILES, datapackage
from builder.pages import downloads

RELEASE = "https://github.com/owner/repo/releases/download"
SIZES = {f"{chunk}/{name}": 2048 for chunk in ("2023", "2024/jiangsu") for name in DATASET_FILES}
COUNTS = {"2023": 3, "2024/jiangsu": 2}


def test_without_the_setting_the_page_links_the_site_s_own_files(monkeypatch):
    monkeypatch.delenv(downloads.DOWNLOADS_URL_ENV, raising=False)
    page = downloads.downloads_page_files(SIZES, COUNTS)[downloads.PAGE]
    assert "[reports.csv](2024/jiangsu/reports.csv)" in page and RELEASE not in page


def test_with_the_setting_every_file_is_linked_in_the_release(monkeypatch):
    monkeypatch.setenv(downloads.DOWNLOADS_URL_ENV, RELEASE + "/")
    page = downloads.downloads_page_files(SIZES, COUNTS)[downloads.PAGE]
    for chunk in COUNTS:
        for name in DATASET_FILES:
            assert f"]({downloads.asset_url(RELEASE, chunk, name)})" in page
    assert "](2023/" not in page
    assert f"{RELEASE}/data-2024/2024-jiangsu-reports.csv" in page and "（2 KB）" in page


def test_a_setting_that_is_not_an_http_address_is_refused(monkeypatch):
    monkeypatch.setenv(downloads.DOWNLOADS_URL_ENV, "javascript:alert(1)")
    with pytest.raises(ReportError, match="SITE_DOWNLOADS_URL"):
        downloads.downloads_page_files(SIZES, COUNTS)


def test_release_files_moves_the_files_and_points_the_package_at_them(tmp_path):
    site = tmp_path / "site"
    for path in SIZES:
        (site / "downloads" / path).parent.mkdir(parents=True, exist_ok=True)
        (site / "downloads" / path).write_text(path, encoding="utf-8")
    (site / "downloads" / "index.html").write_text("page", encoding="utf-8")
    (site / "downloads" / "corrections.csv").write_text("changes", encoding="utf-8")
    package = datapackage(list(COUNTS))
    (site / "downloads" / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")

    moved = downloads.release_files(site, tmp_path / "release", RELEASE)

    assert {p.name for p in moved} == {downloads.asset_name(c, n) for c in COUNTS for n in DATASET_FILES}
    assert (tmp_path / "release" / "data-2024" / "2024-jiangsu-tidy.parquet").read_text(encoding="utf-8") == \
        "2024/jiangsu/tidy.parquet"
    assert {p.parent.name for p in moved} == {"data-2023", "data-2024"}  # a release a year
    assert not [p for p in (site / "downloads").rglob("*") if p.name in DATASET_FILES]
    # the pages and the small files stay
    assert (site / "downloads" / "index.html").is_file() and (site / "downloads" / "corrections.csv").is_file()
    paths = {r["path"] for r in json.loads((site / "downloads" / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
    assert f"{RELEASE}/data-2023/2023-reports.parquet" in paths
    assert not [p for p in paths if p.startswith(("2023/", "2024/"))]
