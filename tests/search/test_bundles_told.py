"""The search index of a build that says which pages it wrote and removed (index_site rendered=, removed=):
the site is not walked, the other pages are the state's, and the index ends as a walk of the site would."""

from __future__ import annotations

import pytest

from builder.search import PRIMARY, RECENT, RECENT_MAX, _bucket, index_site
from tests.search.fragments import pagefind_fragments
from tests.search.test_bundles import _indexed, _page, _searchable, _two_provinces


@pytest.mark.parametrize("recent_max", [0, RECENT_MAX])  # the big bundles indexed again / the recent bundle
def test_a_told_build_indexes_what_it_wrote_and_drops_what_it_removed(tmp_path, recent_max):
    site, state = tmp_path / "site", tmp_path / "build"
    ningxia, hebei = _bucket("ningxia"), _bucket("hebei")
    _two_provinces(site)
    index_site(site, state)

    assert index_site(site, state, rendered=[], removed=[])["bundles"] == []
    _page(site, "regions/ningxia/yinchuan/index.html", "银川市（新）")
    _page(site, "regions/hebei/chengde/index.html", "承德市")
    (site / "regions/ningxia/index.html").unlink()
    told = index_site(site, state, rendered=["regions/ningxia/yinchuan/index.html", "regions/hebei/chengde/index.html"],
                      removed=["regions/ningxia/index.html"], recent_max=recent_max)
    assert sorted(told["bundles"]) == (sorted({ningxia, hebei}) if recent_max == 0 else [RECENT])
    assert told["pages"] == 4
    expected = {"/": "首页", "/regions/ningxia/yinchuan/": "银川市（新）", "/regions/hebei/": "河北省",
                "/regions/hebei/chengde/": "承德市"}
    assert _searchable(site) == expected
    if recent_max == 0:
        assert _indexed(site) == expected
    # The same site walked: nothing left to index, the same records.
    records = sorted(map(str, pagefind_fragments(site)))
    assert index_site(site, state, recent_max=recent_max)["bundles"] == []
    assert sorted(map(str, pagefind_fragments(site))) == records


def test_a_page_written_but_not_there_is_not_indexed(tmp_path):
    """A written docs file MkDocs makes no page of (an excluded one): told, but not on disk, so not a page."""
    site, state = tmp_path / "site", tmp_path / "build"
    _page(site, "index.html", "首页")
    index_site(site, state)
    again = index_site(site, state, rendered=["overrides/main/index.html"])
    assert again["bundles"] == [] and _indexed(site) == {"/": "首页"}


def test_without_a_state_a_told_build_walks_the_site(tmp_path):
    site, state = tmp_path / "site", tmp_path / "build"
    _page(site, "index.html", "首页")
    _page(site, "regions/hebei/index.html", "河北省")
    first = index_site(site, state, rendered=["index.html"])
    assert sorted(first["bundles"]) == sorted({PRIMARY, _bucket("hebei")}) and first["pages"] == 2
