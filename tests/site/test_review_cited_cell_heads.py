"""Review (a journalist following a ranking's link): landing on a cited cell (agencies/<slug>/#v-…, the
links of the rankings and the explorer) put the cell just under the header and its table's column heads
above the screen: a number without its column's name. The heads now land under the header with the cell
below them whenever both fit on the screen (assets/cite.js frameCell); the cell stays framed (:target),
on the screen, its 「引」 button under the finger or the mouse. At a height where they do not fit, the
cell alone as before.

The small site of tests/site/test_ux_touch.py (one 2022 report), measured in Debian's Chromium at 1366 px
and on a 390 px phone."""

from __future__ import annotations

import pytest

from tests.site.test_ux_touch import ux_site  # noqa: F401  (the module's small built site)

AGENCY = "agencies/huaianshi-huaianqu-renminzhengfu/"
# The table's first value row, its 4th, its 16th and its last but one (28 rows under 3 head rows). How
# tall a row is depends on the fonts of the machine (with a CJK font a label wraps to two lines): the 4th
# row fits under its heads on any screen tested here, the 16th only without one, the last never.
FIRST, NEAR = "v-2022-requests-new_received-total", "v-2022-requests-partially_granted-total"
MIDDLE, LAST = "v-2022-requests-rejected_duplicate-total", "v-2022-requests-total_processed-total"
# The cell, its table's head rows (the rows above the table's first value row), the fixed header, and
# what is under the middle of the cell's 「引」 button.
LANDING = """(id) => {
  const cell = document.getElementById(id), table = cell.closest('table');
  const rows = [...table.rows], first = rows.findIndex(r => r.hasAttribute('data-row'));
  const box = e => { const b = e.getBoundingClientRect(); return {top: b.top, bottom: b.bottom, left: b.left, right: b.right}; };
  const button = cell.querySelector('.cite-btn'), b = button.getBoundingClientRect();
  const hit = document.elementFromPoint((b.left + b.right) / 2, (b.top + b.bottom) / 2);
  const wrap = cell.closest('.md-typeset__scrollwrap, .table-wrap');
  return {cell: box(cell), heads: rows.slice(0, first).map(box), header: box(document.querySelector('.md-header')),
          height: innerHeight, width: innerWidth, target: cell.matches(':target'),
          button: hit === button || button.contains(hit), wrap: wrap && box(wrap)};
}"""


def _land(browser, url, anchor, width, height, touch):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=touch, has_touch=touch)
    page = context.new_page()
    page.goto(url + AGENCY + "#" + anchor)
    page.wait_for_selector(".cite-btn", state="attached")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    landing = page.evaluate(LANDING, anchor)
    return context, page, landing


def _framed(landing) -> None:
    cell, header = landing["cell"], landing["header"]
    assert landing["target"]
    assert header["bottom"] <= cell["top"] and cell["bottom"] <= landing["height"], landing
    assert 0 <= cell["left"] and cell["right"] <= landing["width"], landing
    if landing["wrap"]:  # inside the box its table scrolls in
        assert landing["wrap"]["left"] <= cell["left"] and cell["right"] <= landing["wrap"]["right"] + 0.5, landing
    assert landing["button"], landing  # 「引」 is there to press, under no header


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height", "touch"), [(1366, 768, False), (390, 844, True)])
@pytest.mark.parametrize("anchor", [FIRST, NEAR])
def test_a_cited_cell_lands_under_its_column_heads(browser, ux_site, anchor, width, height, touch):  # noqa: F811
    _built, url = ux_site
    context, _page, landing = _land(browser, url, anchor, width, height, touch)
    context.close()
    _framed(landing)
    heads = landing["heads"]
    assert len(heads) == 3  # 申请人情况 / 自然人, 法人或其他组织 / 商业企业 …
    assert landing["header"]["bottom"] <= heads[0]["top"], landing  # the first head row is not under the header
    assert heads[-1]["bottom"] <= landing["cell"]["top"] + 0.5, landing


@pytest.mark.browser
def test_a_link_to_another_cell_of_the_page_lands_under_its_heads_too(browser, ux_site):  # noqa: F811
    _built, url = ux_site
    context, page, _landing = _land(browser, url, FIRST, 1366, 768, False)
    try:
        page.evaluate(f"location.hash = '#{NEAR}'")  # the citation panel's 永久链接, a link in a note
        page.wait_for_function(f"document.getElementById('{NEAR}').matches(':target')")
        page.wait_for_timeout(300)
        landing = page.evaluate(LANDING, NEAR)
    finally:
        context.close()
    _framed(landing)
    assert landing["header"]["bottom"] <= landing["heads"][0]["top"], landing


@pytest.mark.browser
@pytest.mark.parametrize(("anchor", "height"), [(LAST, 768), (MIDDLE, 400)])
def test_where_cell_and_heads_do_not_fit_the_cell_still_lands_in_view(browser, ux_site, anchor, height):  # noqa: F811
    _built, url = ux_site
    context, _page, landing = _land(browser, url, anchor, 1366, height, False)
    context.close()
    _framed(landing)
    assert landing["heads"][0]["top"] < landing["header"]["bottom"]  # (they did not fit)
