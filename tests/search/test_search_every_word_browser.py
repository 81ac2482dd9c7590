"""A query of several words finds the same pages whatever the search bundles (site-search.js everyWord):
Pagefind leaves out of a bundle's query a word no page of that bundle holds, so two pages of the same text
were found or not by which other pages shared their bundle (the recent bundle after an incremental build
against a clean build's). In Debian's Chromium, over an index of a few hand-written pages made by
builder/search.py's index_site with the real Pagefind, queried through the header box's own script."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.search import _bucket, index_site
from tests.conftest import serve
from tests.search.test_ranking import search

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
# The header's search box as the theme writes it (site_src/overrides/partials/search.html), on a bare page.
HOST = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>机构</title></head><body>
<input type="checkbox" id="__search">
<div class="md-search" role="dialog" data-site-search><div class="md-search__inner" role="search">
<form class="md-search__form" name="search"><input type="text" class="md-search__input" name="query">
<label class="md-search__icon" for="__search">搜索</label><button type="reset">清除</button></form>
<script src="../assets/search-output.js"></script></div></div>
<div data-pagefind-body><h1>机构</h1></div>
<script id="__config" type="application/json">{"base": ".."}</script>
<script src="../assets/javascripts/site-search.js"></script>
</body></html>"""


def _page(site: Path, rel: str, title: str, text: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<!doctype html><html lang="zh"><head><title>{title}</title></head><body>'
                    f'<div data-pagefind-body><h1>{title}</h1><p>{text}</p></div></body></html>', encoding="utf-8")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    site = tmp_path_factory.mktemp("every-word") / "site"
    (site / "agencies").mkdir(parents=True)
    (site / "agencies" / "index.html").write_text(HOST, encoding="utf-8")
    (site / "assets" / "javascripts").mkdir(parents=True)
    shutil.copyfile(REPO / "site_src" / "assets" / "search-output.js", site / "assets" / "search-output.js")
    shutil.copyfile(REPO / "site_src" / "overrides" / "assets" / "javascripts" / "site-search.js",
                    site / "assets" / "javascripts" / "site-search.js")
    assert _bucket("ningxia") != _bucket("hebei")
    # 宁夏's bundle holds no page with "beta"; 河北's does. 甲 and 丙 have the same text, in two bundles.
    _page(site, "regions/ningxia/index.html", "甲", "alpha")
    _page(site, "regions/hebei/index.html", "乙", "alpha beta")
    _page(site, "regions/hebei/c/index.html", "丙", "alpha")
    index_site(site)
    with serve(site) as url:
        yield url


def test_every_word_the_site_holds_is_asked_of_every_page(page):
    # Pagefind alone: 甲 (its bundle has no "beta": the word left out there) and 乙, not 丙.
    assert search(page, "alpha beta") == ["乙"]


def test_a_word_no_page_holds_is_left_out_everywhere(page):
    assert sorted(search(page, "alpha zzzz")) == ["丙", "乙", "甲"]
    assert search(page, "alpha") != [] and sorted(search(page, "beta")) == ["乙"]
