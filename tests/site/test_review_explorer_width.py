"""Review (a journalist at 1366 px): the explorer's wide table scrolled sideways in 688 px beside an
empty table of contents, 242 px wide: the page has no heading under its title. The explorer and the
compare page hide the table of contents now (front matter hide: [toc], builder/pages/explorer.py), and
their tables have the column's whole width; at 390 px nothing changes (the phone's layout has no such
column).

The small site of tests/site/test_ux_touch.py, measured in Debian's Chromium."""

from __future__ import annotations

import pytest

from tests.site.test_ux_touch import ux_site  # noqa: F401  (the module's small built site)

# The explorer's table box, the page's grid (header to footer) and what it holds, in px.
BOXES = """(box) => {
  const r = e => { const b = e.getBoundingClientRect(); return {left: b.left, right: b.right, width: b.width}; };
  const grid = document.querySelector('.md-main__inner'), main = document.querySelector(box);
  const sidebars = [...document.querySelectorAll('.md-sidebar')].map(r).filter(b => b.width > 0);
  return {grid: r(grid), box: r(main), sidebars, page: document.documentElement.scrollWidth};
}"""


def _explorer_with_every_column(browser, url, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=width < 500,
                                  has_touch=width < 500)
    page = context.new_page()
    page.goto(url + "explorer/")
    page.wait_for_selector("table.explorer-table tbody tr")
    columns = page.evaluate("[...document.querySelectorAll('input[data-column]')].map(b => b.value)")
    page.goto(url + "explorer/?cols=" + ",".join(columns))
    page.wait_for_function(f"document.querySelectorAll('table.explorer-table thead th').length >= {len(columns)}")
    return context, page


@pytest.mark.browser
def test_the_explorer_s_table_has_the_page_s_width_at_1366px(browser, ux_site):  # noqa: F811
    _built, url = ux_site
    context, page = _explorer_with_every_column(browser, url, 1366)
    try:
        boxes = page.evaluate(BOXES, ".explorer-scroll")
        scroll = page.evaluate("(s => [s.scrollWidth, s.clientWidth])(document.querySelector('.explorer-scroll'))")
    finally:
        context.close()
    assert scroll[0] > scroll[1]  # every column: wider than the screen, it scrolls (inside its box)
    grid = boxes["grid"]
    assert len(boxes["sidebars"]) == 1 and boxes["sidebars"][0]["left"] < boxes["box"]["left"]  # the nav only
    assert grid["right"] - boxes["box"]["right"] < 40, boxes  # no empty column to the table's right
    assert boxes["box"]["width"] >= 900, boxes


@pytest.mark.browser
def test_the_compare_page_has_the_page_s_width_at_1366px(browser, ux_site):  # noqa: F811
    _built, url = ux_site
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    page = context.new_page()
    try:
        page.goto(url + "compare/")
        boxes = page.evaluate(BOXES, "#compare")
    finally:
        context.close()
    assert boxes["grid"]["right"] - boxes["box"]["right"] < 40, boxes
    assert boxes["box"]["width"] >= 900, boxes


@pytest.mark.browser
def test_the_explorer_on_a_phone_keeps_its_layout(browser, ux_site):  # noqa: F811
    _built, url = ux_site
    context, page = _explorer_with_every_column(browser, url, 390)
    try:
        boxes = page.evaluate(BOXES, ".explorer-scroll")
        filters = page.evaluate("getComputedStyle(document.querySelector('.explorer-filters')).gridTemplateColumns")
    finally:
        context.close()
    assert boxes["page"] == 390  # nothing wider than the screen: the table scrolls in its box
    assert boxes["sidebars"] == [] or all(b["right"] <= 0 for b in boxes["sidebars"])  # the drawer, closed
    assert 0 <= boxes["box"]["left"] and boxes["box"]["right"] <= 390 and boxes["box"]["width"] >= 340, boxes
    assert len(filters.split()) == 2  # the filters two a row, as before
