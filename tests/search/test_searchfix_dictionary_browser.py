"""The dictionary page (数据字典) is not found by a place's pinyin: its columns tables' names (row_zh,
column_zh, …) were indexed, and Pagefind's Chinese segmentation answered zhengzhou or 郑州 中原's pinyin with
the "zh" of them. Over the word-order test's site (real build, real Pagefind, Debian's Chromium)."""

from __future__ import annotations

import pytest

from tests.search.test_ranking import search
from tests.search.test_searchfix_word_order_browser import base  # noqa: F401 (the module's site)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("query", ["zhengzhou zhongyuan", "zhengzhou", "zh", "郑州 中原"])
def test_a_place_pinyin_does_not_find_the_dictionary(page, query):
    assert "数据字典" not in search(page, query)


def test_the_dictionary_is_still_found_by_its_name(page):
    assert "数据字典" in search(page, "数据字典")
