"""What the last walk left for a phone user and a journalist, measured in Debian's Chromium (element boxes).

A value cell of an agency page's official tables held two targets, the 「引」 button (10 × 15 px) and the
number's link (7 × 15 px for a "0"), in a cell 34 × 27 px: too small for a finger (WCAG 2.2 target size:
24 px). On a touch screen the cell is one target now (assets/cite.css), no wider than before, and the
citation's panel links where the number was printed. The 未能解析 page's 原因 column was squeezed by a
long file name at 1366 px.
"""

from __future__ import annotations

import pytest

from tests.conftest import build_site_into, serve
from tests.textreport import consistent_values, write_report

AGENCY = "淮安市淮安区人民政府"
LONG_NAME = "huaianshi-" + "hen-chang-de-wen-jian-ming-" * 6 + "buneng-jiexi-2022.txt"

# Every value cell with a 「引」 button: its box, the box under a 24 × 24 square's corners centred in the
# cell (what a finger there would press), the glyph's box, its own number's and the previous cell's.
CELLS = """() => [...document.querySelectorAll('table.report-table td[id^="v-"]')].filter(td => td.querySelector('.cite-btn'))
  .map(td => {
    td.scrollIntoView({block: 'center', inline: 'center'});
    const r = td.getBoundingClientRect(), cx = r.x + r.width / 2, cy = r.y + r.height / 2, button = td.querySelector('.cite-btn');
    const hits = [[-11.5, -11.5], [11.5, -11.5], [-11.5, 11.5], [11.5, 11.5], [0, 0]].map(([dx, dy]) => {
      const e = document.elementFromPoint(cx + dx, cy + dy); return !!e && (e === button || button.contains(e)); });
    const glyph = document.createRange(); glyph.selectNodeContents(button);
    const g = glyph.getBoundingClientRect();
    const number = n => { const a = n && (n.querySelector('a') || n.firstChild); if (!a) return null;
      const range = document.createRange(); range.selectNodeContents(a.nodeType === 3 ? a : a); return range.getBoundingClientRect(); };
    const own = number(td), before = td.previousElementSibling && td.previousElementSibling.matches('td') ? number(td.previousElementSibling) : null;
    return {id: td.id, w: r.width, h: r.height, hits, glyph: [g.left, g.right], own: own && [own.left, own.right],
            before: before && [before.left, before.right]};
  })"""
WIDTHS = "() => [...document.querySelectorAll('table.report-table')].map(t => t.getBoundingClientRect().width)"


@pytest.fixture(scope="module")
def ux_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("ux-touch")
    folder = root / "data" / "reports" / "jiangsu" / "huaian"
    folder.mkdir(parents=True)
    (folder / "huaianshi-huaianqu-renminzhengfu-2022.txt").write_text(
        write_report(consistent_values("2021", 3050), agency=AGENCY, year=2022), encoding="utf-8")
    (folder / LONG_NAME).write_text("这不是一份年度报告。\n", encoding="utf-8")
    built = build_site_into(root / "data", root)
    with serve(built.site) as url:
        yield built, url


def _open(browser, url, width, touch):
    context = browser.new_context(viewport={"width": width, "height": 844}, is_mobile=touch, has_touch=touch)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(".cite-btn", state="attached")
    return context, page


@pytest.mark.browser
def test_on_a_phone_every_value_cell_is_one_target_of_24px_and_no_table_grows(browser, ux_site):
    _built, url = ux_site
    agency = url + "agencies/huaianshi-huaianqu-renminzhengfu/"
    context, page = _open(browser, agency, 390, touch=False)
    mouse_widths = page.evaluate(WIDTHS)
    context.close()
    context, page = _open(browser, agency, 390, touch=True)
    assert page.evaluate(WIDTHS) == mouse_widths  # the touch layout widens no table
    cells = page.evaluate(CELLS)
    context.close()
    assert len(cells) > 100
    for cell in cells:
        assert cell["w"] >= 24 and cell["h"] >= 24, cell
        assert all(cell["hits"]), cell  # a finger anywhere in the middle 24 × 24 presses the button
        if cell["before"] and cell["own"]:
            assert cell["glyph"][0] - cell["before"][1] >= 8, cell  # 「引」 does not touch the number before it
            assert cell["own"][0] >= cell["glyph"][1], cell  # nor run into its own


@pytest.mark.browser
def test_a_phone_s_citation_panel_links_where_the_number_was_printed(browser, ux_site):
    _built, url = ux_site
    context, page = _open(browser, url + "agencies/huaianshi-huaianqu-renminzhengfu/", 390, touch=True)
    cell = page.locator("td:has(a.value-place)").first
    place = cell.locator("a.value-place").get_attribute("href")
    cell.tap()
    link = page.locator(".cite-panel .cite-place")
    link.wait_for(state="visible")
    assert link.get_attribute("href") == place and "/viewer/?r=" in place
    box = link.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    context.close()


@pytest.mark.browser
def test_the_failures_reason_column_is_readable_at_desktop_width(browser, ux_site):
    _built, url = ux_site
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(url + "failures/")
    widths = page.evaluate("[...document.querySelectorAll('article table tbody tr')].map(tr => [...tr.children]"
                           ".map(c => c.getBoundingClientRect().width))")
    wrap = page.evaluate("document.querySelector('article table').closest('.md-typeset__scrollwrap').clientWidth")
    context.close()
    assert widths, "no failure listed"
    for file_width, reason_width in widths:
        assert reason_width >= 0.5 * wrap and reason_width > file_width, (widths, wrap)


@pytest.mark.browser
def test_search_s_clear_button_puts_no_tooltip_over_the_filter_row_on_a_phone(browser, ux_site):
    _built, url = ux_site
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(url)
    page.locator("label.md-header__button[for=__search]").click()  # a phone's header opens the search
    box = page.locator("input.md-search__input")
    box.fill("淮安")
    page.wait_for_function("document.querySelector('.md-search-result__meta').dataset.query === '淮安'", timeout=15000)
    clear = page.locator(".md-search__options button[type=reset]")
    assert clear.get_attribute("aria-label") == "清除"  # named for a screen reader
    clear.hover()
    page.wait_for_timeout(400)  # Material shows its tooltips (content.tooltips) after a moment
    filters = page.locator(".site-search__filters").bounding_box()
    tips = page.evaluate("[...document.querySelectorAll('.md-tooltip, .md-tooltip2')].map(t => t.getBoundingClientRect())"
                         ".filter(r => r.width > 0 && r.height > 0).map(r => [r.left, r.top, r.right, r.bottom])")
    context.close()
    assert filters
    over = [t for t in tips if t[0] < filters["x"] + filters["width"] and filters["x"] < t[2]
            and t[1] < filters["y"] + filters["height"] and filters["y"] < t[3]]
    assert over == [], (tips, filters)
