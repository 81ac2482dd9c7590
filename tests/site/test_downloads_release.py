"""A site too large for GitHub Pages keeps its dataset files in a release: the downloads pages link them
there (SITE_DOWNLOADS_URL), release_files() moves them out of the built site under their flat names, with
each release's SHA256SUMS, and points the data packages at them; without the setting nothing changes."""

from __future__ import annotations

import hashlib
import json

import pytest

from builder.errors import ReportError
from builder.export import DATASET_FILES, package_files
from builder.pages import downloads

RELEASE = "https://github.com/owner/repo/releases/download"
SIZES = {f"{chunk}/{name}": 2048 for chunk in ("2023", "2024/jiangsu") for name in DATASET_FILES}
COUNTS = {"2023": 3, "2024/jiangsu": 2}


def test_without_the_setting_the_page_links_the_site_s_own_files(monkeypatch):
    monkeypatch.delenv(downloads.DOWNLOADS_URL_ENV, raising=False)
    pages = downloads.downloads_page_files(SIZES, COUNTS)
    assert "[reports.csv](2023/reports.csv)" in pages[downloads.PAGE] and RELEASE not in pages[downloads.PAGE]
    # a year split by province: a page of its own, linked from the index
    assert "](2024/index.md)" in pages[downloads.PAGE] and "2024/jiangsu/" not in pages[downloads.PAGE]
    year = pages[downloads.year_page("2024")]
    assert "[reports.csv](jiangsu/reports.csv)" in year and RELEASE not in year


def test_with_the_setting_every_file_is_linked_in_the_release(monkeypatch):
    monkeypatch.setenv(downloads.DOWNLOADS_URL_ENV, RELEASE + "/")
    page = "".join(downloads.downloads_page_files(SIZES, COUNTS).values())
    for chunk in COUNTS:
        for name in DATASET_FILES:
            assert f"]({downloads.asset_url(RELEASE, chunk, name)})" in page
    assert "](2023/" not in page and "](jiangsu/" not in page
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
    for rel, text in package_files(list(COUNTS), None, []).items():
        (site / "downloads" / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / "downloads" / rel).write_text(text, encoding="utf-8")
    index_before = (site / "downloads" / "datapackage.json").read_text(encoding="utf-8")

    moved = downloads.release_files(site, tmp_path / "release", RELEASE)

    assert {p.name for p in moved if p.name != downloads.SUMS_FILE} == \
        {downloads.asset_name(c, n) for c in COUNTS for n in DATASET_FILES}
    assert (tmp_path / "release" / "data-2024" / "2024-jiangsu-tidy.parquet").read_text(encoding="utf-8") == \
        "2024/jiangsu/tidy.parquet"
    assert {p.parent.name for p in moved} == {"data-2023", "data-2024"}  # a release a year
    assert not [p for p in (site / "downloads").rglob("*") if p.name in DATASET_FILES]
    assert not (site / "downloads" / "2024" / "jiangsu").exists()  # (its folder emptied, removed)
    # the pages and the small files stay (the data packages and their schemas too)
    assert (site / "downloads" / "index.html").is_file() and (site / "downloads" / "corrections.csv").is_file()
    assert (site / "downloads" / "2024" / "schemas" / "reports.schema.json").is_file()
    # a year in one folder is in the index package, a year split by province in its own: both point there now
    index = json.loads((site / "downloads" / "datapackage.json").read_text(encoding="utf-8"))
    package = json.loads((site / "downloads" / "2024" / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in index["resources"]}
    assert paths == {f"{RELEASE}/data-2023/2023-{n}" for n in DATASET_FILES} | {"2024/datapackage.json"}, paths
    assert {r["path"] for r in package["resources"]} == {f"{RELEASE}/data-2024/2024-jiangsu-{n}" for n in DATASET_FILES}
    for each in (index, package):  # the schemas still beside each package
        assert {r["schema"] for r in each["resources"] if "schema" in r} == \
            {"schemas/reports.schema.json", "schemas/checks.schema.json"}
    assert json.loads(index_before)["resources"][0]["name"] == index["resources"][0]["name"]
    # each release's SHA256SUMS: every file's SHA-256, in sha256sum's format, sorted by name
    sums = (tmp_path / "release" / "data-2024" / downloads.SUMS_FILE).read_text(encoding="utf-8").splitlines()
    names = [line[66:] for line in sums]
    assert names == sorted(downloads.asset_name("2024/jiangsu", n) for n in DATASET_FILES)
    tidy = hashlib.sha256(b"2024/jiangsu/tidy.parquet").hexdigest()
    assert f"{tidy}  2024-jiangsu-tidy.parquet" in sums
