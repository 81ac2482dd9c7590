"""A page's front matter holds names from reports and sidecars: MkDocs must read it whatever they
hold, or the page loses its title (and shows the front matter as text)."""

from __future__ import annotations

import pytest
from mkdocs.utils.meta import get_data

from builder.pages.common import front_matter


@pytest.mark.parametrize("name", ["淮安市\uffff人民政府", "淮安市\ufffe人民政府", "淮安市\x85\x9f人民政府",
                                  "淮安市\u2028人民政府", "淮安市<b>&人民政府"])
def test_mkdocs_reads_the_front_matter_of_any_name(name):
    doc, meta = get_data(front_matter(name, boost=2, meta={"og_description": f"{name} 2024 年度"}) + "# 标题\n")
    assert doc.startswith("# 标题")
    assert meta["title"].startswith("淮安市") and meta["title"].endswith("人民政府")
    assert meta["search"] == {"boost": 2}
    assert meta["og_description"].startswith("淮安市") and meta["og_description"].endswith("2024 年度")


def test_mkdocs_reads_the_parts_a_page_hides():
    doc, meta = get_data(front_matter("浏览与筛选", hide=("toc",)) + "# 标题\n")
    assert doc.startswith("# 标题")
    assert meta["hide"] == ["toc"]
