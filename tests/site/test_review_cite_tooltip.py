"""Review (a phone user): after tapping a value cell's 「引」 (复制引用), its tooltip stayed on the screen,
over the table, until the next tap elsewhere. Material's tooltip (content.tooltips, from the button's
title) shows while the button is focused or hovered, and a finger's tap leaves it both (the emulated
mouse stays on the button); a mouse's click left it focused, so on a desktop too the tooltip stayed once
the mouse had left. Now it shows a moment, as the panel says 已复制, and goes (assets/cite.js
letTooltipGo); a keyboard's Enter keeps the focus where it was.

The small site of tests/site/test_ux_touch.py, measured in Debian's Chromium."""

from __future__ import annotations

import pytest

from tests.site.test_ux_touch import _open, ux_site  # noqa: F401  (the module's small built site)

AGENCY = "agencies/huaianshi-huaianqu-renminzhengfu/"
# The tooltips on the screen: Material's, with a box and not faded out.
TIPS = """() => [...document.querySelectorAll('.md-tooltip2')].filter(t => {
    const inner = t.querySelector('.md-tooltip2__inner') || t, r = inner.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && Number(getComputedStyle(t).opacity) > 0 && r.bottom > 0 && r.top < innerHeight;
  }).map(t => t.textContent)"""
GONE = f"() => ({TIPS})().length === 0"
SHOWN = f"() => ({TIPS})().join() === '复制引用'"
# The page's charts draw once in view and push the tables down: wait until the page's height has held
# for half a second, so that the button stays where it was pressed.
SETTLED = """() => new Promise(done => { let last = -1, same = 0; const t = setInterval(() => {
    const h = document.body.scrollHeight; same = h === last ? same + 1 : 0; last = h;
    if (same >= 5) { clearInterval(t); done(true); } }, 100); })"""


def _cell(page):
    cell = page.locator("td:has(a.value-place)").first
    cell.scroll_into_view_if_needed()
    page.evaluate(SETTLED)
    return cell


def _shown_then_gone(page) -> None:
    page.locator(".cite-panel").wait_for(state="visible")
    page.wait_for_function(SHOWN, timeout=1000)  # the short confirmation of what was pressed
    page.wait_for_function(GONE, timeout=3000)  # and then it goes


@pytest.mark.browser
def test_a_tapped_cite_button_s_tooltip_goes_away_on_a_phone(browser, ux_site):  # noqa: F811
    _built, url = ux_site
    context, page = _open(browser, url + AGENCY, 390, touch=True)
    try:
        _cell(page).tap()
        _shown_then_gone(page)
        page.wait_for_timeout(500)
        assert page.evaluate(TIPS) == []  # and stays gone
        assert page.locator(".cite-panel").is_visible()  # the panel stays, with its citation
    finally:
        context.close()


@pytest.mark.browser
def test_a_clicked_cite_button_s_tooltip_goes_once_the_mouse_has_left(browser, ux_site):  # noqa: F811
    _built, url = ux_site
    context, page = _open(browser, url + AGENCY, 1366, touch=False)
    try:
        cell = _cell(page)
        cell.hover()
        cell.locator(".cite-btn").click()
        page.locator(".cite-panel").wait_for(state="visible")
        page.wait_for_function(SHOWN, timeout=1000)
        page.mouse.move(5, 300)  # the mouse leaves the button
        page.wait_for_function(GONE, timeout=3000)
    finally:
        context.close()


@pytest.mark.browser
def test_the_keyboard_s_focus_stays_on_the_cite_button(browser, ux_site):  # noqa: F811
    _built, url = ux_site
    context, page = _open(browser, url + AGENCY, 1366, touch=False)
    try:
        button = page.locator("td:has(a.value-place) .cite-btn").first
        button.focus()
        page.keyboard.press("Enter")
        page.locator(".cite-panel").wait_for(state="visible")
        page.wait_for_timeout(1800)
        assert button.evaluate("b => b === document.activeElement")
    finally:
        context.close()
