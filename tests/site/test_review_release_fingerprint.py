"""Turning SITE_DOWNLOADS_URL on or off makes the next site build a clean one.

release_files() rewrites site/downloads/datapackage.json in place (its paths become release addresses)
and the Pages workflow keeps site/ between runs: a dirty MkDocs build copies a docs file only when it is
newer than the site's, so with the variable turned off the site kept a data package pointing at the
releases, which the workflow no longer updates."""

from __future__ import annotations

from builder.pages.downloads import DOWNLOADS_URL_ENV
from builder.site import _site_fingerprint


def test_downloads_url_is_part_of_the_site_fingerprint(tmp_path, monkeypatch):
    monkeypatch.delenv(DOWNLOADS_URL_ENV, raising=False)
    without = _site_fingerprint(tmp_path)
    monkeypatch.setenv(DOWNLOADS_URL_ENV, "https://github.com/o/r/releases/download")
    assert _site_fingerprint(tmp_path) != without
