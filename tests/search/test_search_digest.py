"""What decides that the search index's primary bundle is made again: what Pagefind reads in a page.

A whole-site page rendered again with other numbers in its excluded blocks (tables, charts) keeps its
digest, so one report changed does not re-index the bundle for it; a change in what Pagefind reads
(the indexed text, a filter or meta value, the language) changes the digest.
"""

from __future__ import annotations

from builder.search import _indexed_digest

PAGE = """<!doctype html><html lang="{lang}"><head><title>数据质量</title>
<meta data-pagefind-meta="kind:{kind}"></head><body><nav>导航</nav>
<article data-pagefind-body><h1 id="q">数据质量<a class="headerlink" href="#q">¶</a></h1>
<p>{text}</p><section data-search-exclude><table><tr><td>{count}</td></tr></table></section>
</article></body></html>"""


def _digest(tmp_path, **values) -> str:
    fields = {"lang": "zh", "kind": "page", "text": "每份报告的检查结果", "count": "1,000"} | values
    path = tmp_path / f"page-{len(list(tmp_path.iterdir()))}.html"
    path.write_text(PAGE.format(**fields), encoding="utf-8")
    return _indexed_digest(path)


def test_numbers_in_excluded_blocks_do_not_change_the_digest(tmp_path):
    assert _digest(tmp_path) == _digest(tmp_path, count="1,001")


def test_what_pagefind_reads_changes_the_digest(tmp_path):
    base = _digest(tmp_path)
    assert _digest(tmp_path, text="每份报告的检查结果。") != base
    assert _digest(tmp_path, kind="list") != base
    assert _digest(tmp_path, lang="en") != base


def test_a_page_without_a_body_element_is_hashed_whole(tmp_path):
    path = tmp_path / "plain.html"
    path.write_text("<html><body><p>甲</p><div data-search-exclude>1</div></body></html>", encoding="utf-8")
    first = _indexed_digest(path)
    path.write_text("<html><body><p>甲</p><div data-search-exclude>2</div></body></html>", encoding="utf-8")
    assert _indexed_digest(path) != first


def test_digests_before_are_taken_of_the_pages_index_site_compares_them_for(tmp_path):
    """digests_before digests the region and agency pages about to be rendered again (index_site keeps their
    keys when what Pagefind reads is the same after), not the whole-site pages of the primary bundle, whose
    digests index_site compares with its state's: those were parsed for nothing at every add."""
    from builder.search import _bundle_of, digests_before

    pages = ["index.html", "quality/index.html", "years/2022/index.html", "regions/index.html",
             "regions/ningxia/index.html", "regions/ningxia/yinchuan/2022/index.html",
             "agencies/index.html", "agencies/xingqingqu-renminzhengfu/index.html"]
    for rel in pages:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        # (an agency page carries its province's filter: the bundle it is in)
        text = f'{rel}<span data-pagefind-filter="省份">宁夏回族自治区</span>' if rel.count("/") > 1 else rel
        (tmp_path / rel).write_text(PAGE.format(lang="zh", kind="page", text=text, count="1"), encoding="utf-8")
    before = digests_before(tmp_path, [*pages, "regions/ningxia/wuzhong/index.html"])  # (not built: none)
    assert sorted(before) == ["agencies/xingqingqu-renminzhengfu/index.html", "regions/ningxia/index.html",
                              "regions/ningxia/yinchuan/2022/index.html"]
    assert before["regions/ningxia/index.html"] == _indexed_digest(tmp_path / "regions/ningxia/index.html")
    # the pages left out are the primary bundle's; those taken are not
    assert {rel for rel in pages if _bundle_of(rel, tmp_path / rel, {}) == "site"} == set(pages) - set(before)
