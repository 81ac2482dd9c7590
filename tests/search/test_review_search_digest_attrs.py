"""The search digest of a page ignores data attributes Pagefind does not read.

An agency page holds its CSV rows in a link's data-rows attribute (assets/tables.js builds the file in
the browser); the rows carry the report file's sha256, so any edit changed them, the digest with them,
and a narrative edit (excluded from search) re-indexed the agency's province bundle all the same
(tests/site/test_incremental.py::test_a_narrative_edit_re_indexes_no_search_bundle_of_its_own)."""

from __future__ import annotations

from builder.search import _indexed_digest

PAGE = """<!doctype html><html lang="zh"><head><title>甲</title></head><body>
<article data-pagefind-body><h1 id="a">甲机构</h1>
<p class="agency-data">本机构数据：<a class="agency-csv" href="../../downloads/" data-file="a.csv"
 data-rows="{rows}" {filter}>a.csv</a></p><p>{text}</p></article></body></html>"""


def _digest(tmp_path, rows="r1,2020,ee1e", text="正文", filter='data-pagefind-filter="省份:宁夏"') -> str:
    path = tmp_path / f"page-{len(list(tmp_path.iterdir()))}.html"
    path.write_text(PAGE.format(rows=rows, text=text, filter=filter), encoding="utf-8")
    return _indexed_digest(path)


def test_a_data_attribute_pagefind_does_not_read_leaves_the_digest(tmp_path):
    assert _digest(tmp_path, rows="r1,2020,b92e") == _digest(tmp_path)


def test_text_and_pagefind_attributes_still_change_it(tmp_path):
    base = _digest(tmp_path)
    assert _digest(tmp_path, text="正文。") != base
    assert _digest(tmp_path, filter='data-pagefind-filter="省份:青海"') != base


def test_an_attribute_pagefind_is_told_to_index_still_counts(tmp_path):
    def digest(value: str) -> str:
        path = tmp_path / f"named-{value}.html"
        path.write_text('<html lang="zh"><body><article data-pagefind-body><p>正文</p>'
                        f'<span data-pagefind-index-attrs="data-label" data-label="{value}"></span>'
                        "</article></body></html>", encoding="utf-8")
        return _indexed_digest(path)

    assert digest("甲") != digest("乙")
