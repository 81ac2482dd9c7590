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
