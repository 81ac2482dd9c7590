"""Stop 20 review: the recent search bundle (builder/search.py index_site) over paths the session's tests
did not take, with the real Pagefind: a page changed and changed back, a page added and removed again
before any compaction, and an agency page that moves to another province's bundle. Each time a query can
find every live page once, with its current text, and no removed page."""

from __future__ import annotations

from pathlib import Path

from builder.search import _bucket, index_site
from tests.search.fragments import searchable_fragments


def _page(site: Path, rel: str, title: str, province: str | None = None) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    tag = f'<span data-pagefind-filter="省份">{province}</span>' if province else ""
    path.write_text(f'<!doctype html><html lang="zh"><head><title>{title}</title></head><body>'
                    f'<div data-pagefind-body><h1>{title}</h1>{tag}<p>{title}的说明。</p></div></body></html>',
                    encoding="utf-8")


def _searchable(site: Path) -> list[tuple[str, str]]:
    return sorted((f["url"], f["meta"]["title"]) for f in searchable_fragments(site))


def test_changed_back_added_removed_and_moved_pages(tmp_path):
    site, state = tmp_path / "site", tmp_path / "build"
    assert _bucket("ningxia") != _bucket("hebei")
    _page(site, "index.html", "首页")
    _page(site, "regions/ningxia/index.html", "宁夏回族自治区")
    _page(site, "regions/hebei/index.html", "河北省")
    _page(site, "agencies/body-a/index.html", "甲机构", "宁夏回族自治区")
    index_site(site, state)

    _page(site, "regions/ningxia/index.html", "宁夏回族自治区（改）")
    _page(site, "regions/hebei/chengde/index.html", "承德市")
    _page(site, "agencies/body-a/index.html", "甲机构", "河北省")  # (its province, so its bundle, changed)
    index_site(site, state)
    assert _searchable(site) == [("/", "首页"), ("/agencies/body-a/", "甲机构"), ("/regions/hebei/", "河北省"),
                                 ("/regions/hebei/chengde/", "承德市"), ("/regions/ningxia/", "宁夏回族自治区（改）")]
    moved = [f for f in searchable_fragments(site) if f["url"] == "/agencies/body-a/"]
    assert [f["filters"]["省份"] for f in moved] == [["河北省"]]

    _page(site, "regions/ningxia/index.html", "宁夏回族自治区")  # changed back
    (site / "regions/hebei/chengde/index.html").unlink()  # added, then removed
    index_site(site, state, removed=["regions/hebei/chengde/index.html"])
    assert _searchable(site) == [("/", "首页"), ("/agencies/body-a/", "甲机构"), ("/regions/hebei/", "河北省"),
                                 ("/regions/ningxia/", "宁夏回族自治区")]
