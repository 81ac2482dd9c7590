"""release-files into an --out that already holds files (a previous run's, or anything else): a release's
SHA256SUMS names only the files of this release, never a leftover, and nothing there is lost: a file in a
release folder that this run would not write stops it (ReportError) before anything moves."""

from __future__ import annotations

import pytest

from builder.errors import ReportError
from builder.export import DATASET_FILES, package_files
from builder.pages import downloads
from tests.site.test_release_bounded import _site as release_site

RELEASE = "https://github.com/owner/repo/releases/download"
CHUNKS = ("2023", "2024/jiangsu")


def _site(tmp_path):
    return release_site(tmp_path, dict.fromkeys(CHUNKS, ""))


def test_a_leftover_in_a_release_folder_stops_it_and_is_kept(tmp_path):
    site, out = _site(tmp_path), tmp_path / "release"
    stray = out / "data-2023" / "old-notes.txt"
    stray.parent.mkdir(parents=True)
    stray.write_text("mine", encoding="utf-8")
    with pytest.raises(ReportError, match="old-notes.txt"):
        downloads.release_files(site, out, RELEASE)
    assert stray.read_text(encoding="utf-8") == "mine"
    assert (site / "downloads" / "2023" / "reports.csv").is_file()  # nothing moved
    assert not (out / "data-2023" / downloads.SUMS_FILE).exists()


def test_a_second_run_into_the_same_out_sums_only_its_release(tmp_path):
    out = tmp_path / "release"
    first = downloads.release_files(_site(tmp_path / "a"), out, RELEASE)
    other = out / "data-1999"  # a folder of no release of this site: not summed, not touched
    other.mkdir()
    (other / "x.csv").write_text("x", encoding="utf-8")
    again = downloads.release_files(_site(tmp_path / "b"), out, RELEASE)
    assert {p.name for p in again} >= {p.name for p in first}
    assert not (other / downloads.SUMS_FILE).exists() and (other / "x.csv").read_text(encoding="utf-8") == "x"
    for folder in ("data-2023", "data-2024"):
        names = {line.split("  ", 1)[1] for line in (out / folder / downloads.SUMS_FILE).read_text(encoding="utf-8").splitlines()}
        assert names == {p.name for p in (out / folder).iterdir() if p.name != downloads.SUMS_FILE}
        assert all(name.endswith(tuple(DATASET_FILES)) for name in names)
