"""The partial build writes the sitemap only when its pages, address or date changed since the last sitemap
it wrote (builder/mkdocs_partial.py, sitemap-state.txt). A clean build between two partial ones writes
MkDocs' own sitemap of its pages: the state must not then say the sitemap is still the older one's.
Here: a partial build, then a report added in a clean build (site-state.json removed, as the build's log
says to force one), then that report removed in a partial build: the sitemap must not list its page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from builder.site import SITE_STATE, build_site
from tests.textreport import consistent_values, write_report

REPO = Path(__file__).resolve().parents[2]
EDITED = "xingqingqu-yueyahuxiang-renminzhengfu"
ADDED = "兴庆区掌政镇人民政府"
ADDED_FILE = "xingqingqu-zhangzhengzhen-renminzhengfu-2021.txt"


def test_a_clean_build_between_partial_ones_leaves_no_stale_sitemap(tmp_path, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://example.org/open-data/")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    folders = dict(build_dir=tmp_path / "build", cache_dir=tmp_path / "cache")
    site = tmp_path / "site"
    build_site(data, site, jobs=1, **folders)
    edited = next(data.rglob(f"{EDITED}-2020.txt"))
    edited.write_text(edited.read_text(encoding="utf-8").replace("一、总体情况", "一、总体情况\n\n本年度新增一句说明。", 1),
                      encoding="utf-8")
    assert build_site(data, site, jobs=1, **folders).dirty
    added = edited.parent / ADDED_FILE
    added.write_text(write_report(consistent_values("2021"), agency=ADDED, year=2021), encoding="utf-8")
    os.unlink(tmp_path / "build" / SITE_STATE)
    assert not build_site(data, site, jobs=1, **folders).dirty
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    added_pages = [line for line in sitemap.splitlines() if "zhangzhengzhen" in line]
    assert added_pages  # (the added report's agency page is in the clean build's sitemap)
    added.unlink()
    assert build_site(data, site, jobs=1, **folders).dirty
    clean = build_site(data, tmp_path / "clean", jobs=1, build_dir=tmp_path / "clean-build", cache_dir=tmp_path / "cache")
    assert "zhangzhengzhen" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert (site / "sitemap.xml").read_bytes() == (tmp_path / "clean" / "sitemap.xml").read_bytes()
    assert not clean.dirty
