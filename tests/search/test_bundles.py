"""The search index in bundles: each build re-indexes only the bundles whose pages changed.

A small built site of three pages (two provinces' region pages and the home page) is indexed with the
real Pagefind; a page of one province is then edited, one removed, and the index is run again.
"""

from __future__ import annotations

import json
from pathlib import Path

from builder.search import BUNDLES_FILE, OUTPUT_SUBDIR, PRIMARY, RECENT, _bucket, index_site
from tests.search.fragments import pagefind_fragments, searchable_fragments


def _page(site: Path, rel: str, text: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<!doctype html><html lang="zh"><head><title>{text}</title></head><body>'
                    f'<div data-pagefind-body><h1>{text}</h1><p>{text}的说明。</p></div></body></html>',
                    encoding="utf-8")


def _two_provinces(site: Path) -> None:
    """The home page, 宁夏 with 银川市, and 河北省: pages of two province bundles and the site's."""
    _page(site, "index.html", "首页")
    _page(site, "regions/ningxia/index.html", "宁夏回族自治区")
    _page(site, "regions/ningxia/yinchuan/index.html", "银川市")
    _page(site, "regions/hebei/index.html", "河北省")


def _indexed(site: Path) -> dict[str, str]:
    return {f["url"]: f["meta"]["title"] for f in pagefind_fragments(site)}


def _searchable(site: Path) -> dict[str, str]:
    return {f["url"]: f["meta"]["title"] for f in searchable_fragments(site)}


def test_only_the_bundle_of_a_changed_page_is_indexed_again(tmp_path):
    """With no room for recent pages (recent_max=0), a changed page's own bundle is indexed whole again."""
    site, state = tmp_path / "site", tmp_path / "build"
    ningxia, hebei = _bucket("ningxia"), _bucket("hebei")
    assert ningxia != hebei  # (two provinces dealt to two bundles)
    _two_provinces(site)

    first = index_site(site, state)
    assert sorted(first["bundles"]) == sorted({PRIMARY, ningxia, hebei}) and first["pages"] == 4
    bundles = json.loads((site / OUTPUT_SUBDIR / BUNDLES_FILE).read_text(encoding="utf-8"))
    assert bundles == {"primary": PRIMARY, "merge": sorted({ningxia, hebei})}
    # The primary bundle carries the script and WebAssembly; a merged one only its index.
    assert (site / OUTPUT_SUBDIR / PRIMARY / "pagefind.js").is_file()
    assert not (site / OUTPUT_SUBDIR / hebei / "pagefind.js").exists()
    assert not list((site / OUTPUT_SUBDIR / hebei).glob("wasm.*"))

    assert index_site(site, state, recent_max=0)["bundles"] == []  # nothing changed: nothing indexed

    _page(site, "regions/ningxia/index.html", "宁夏回族自治区（新）")
    (site / "regions/ningxia/yinchuan/index.html").unlink()
    again = index_site(site, state, recent_max=0)
    assert again["bundles"] == [ningxia] and again["pages"] == 3
    assert _indexed(site) == {"/": "首页", "/regions/ningxia/": "宁夏回族自治区（新）", "/regions/hebei/": "河北省"}


def test_without_a_state_folder_every_bundle_is_indexed(tmp_path):
    site = tmp_path / "site"
    _page(site, "index.html", "首页")
    _page(site, "regions/hebei/index.html", "河北省")
    assert sorted(index_site(site)["bundles"]) == sorted({PRIMARY, _bucket("hebei")})
    assert sorted(index_site(site)["bundles"]) == sorted({PRIMARY, _bucket("hebei")})
    assert set(_indexed(site)) == {"/", "/regions/hebei/"}


def test_changed_and_added_pages_go_to_the_recent_bundle_and_hide_their_old_versions(tmp_path):
    """LSM style: a changed or added page is indexed in the small recent bundle alone, its old version (and
    a removed page) hidden from its big bundle by id; past the bound, the big bundles are indexed whole."""
    site, state = tmp_path / "site", tmp_path / "build"
    ningxia, hebei = _bucket("ningxia"), _bucket("hebei")
    _two_provinces(site)
    index_site(site, state, recent_max=3)

    _page(site, "regions/ningxia/index.html", "宁夏回族自治区（新）")
    _page(site, "regions/hebei/chengde/index.html", "承德市")
    (site / "regions/ningxia/yinchuan/index.html").unlink()
    again = index_site(site, state, recent_max=3)
    assert again["bundles"] == [RECENT] and again["recent"] == 2 and again["pages"] == 4
    told = json.loads((site / OUTPUT_SUBDIR / BUNDLES_FILE).read_text(encoding="utf-8"))
    assert told["recent"] == RECENT and told["merge"] == sorted({ningxia, hebei})
    assert len(told["recent_ids"]) == 2
    assert len(told["shadow"]) == 2  # the old 宁夏 page and the removed 银川 page, by id
    assert _searchable(site) == {"/": "首页", "/regions/ningxia/": "宁夏回族自治区（新）",
                                 "/regions/hebei/": "河北省", "/regions/hebei/chengde/": "承德市"}
    assert index_site(site, state, recent_max=3)["bundles"] == []  # nothing changed: nothing indexed

    # Past the bound (two pending pages and one removed are 3; one more is 4 > 3): the bundles with most
    # pending pages are indexed whole until at most half the bound is left, and leave the recent bundle.
    _page(site, "index.html", "首页（新）")
    past = index_site(site, state, recent_max=3)
    assert ningxia in past["bundles"] and past["pages"] == 4
    assert _searchable(site) == {"/": "首页（新）", "/regions/ningxia/": "宁夏回族自治区（新）",
                                 "/regions/hebei/": "河北省", "/regions/hebei/chengde/": "承德市"}
    told = json.loads((site / OUTPUT_SUBDIR / BUNDLES_FILE).read_text(encoding="utf-8"))
    assert past["recent"] <= 1 and (RECENT in told) == (past["recent"] > 0)
    assert (site / OUTPUT_SUBDIR / RECENT).is_dir() == (past["recent"] > 0)
