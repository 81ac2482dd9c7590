"""Review (a phone user): every control of the citation panel is a finger's target. The panel's 复制,
在原文中查看 and 关闭 are buttons of at least 24 px (WCAG 2.2 target size, assets/cite.css), but its 永久链接
was a bare link in the panel's small text: 40 × 11 px at 390 px, next to the others. Now a button like them.

The small site of tests/site/test_ux_touch.py."""

from __future__ import annotations

import pytest

from tests.site.test_ux_touch import _open, ux_site  # noqa: F401  (the module's small built site)


@pytest.mark.browser
def test_every_control_of_a_phone_s_citation_panel_is_24px(browser, ux_site):  # noqa: F811
    _built, url = ux_site
    context, page = _open(browser, url + "agencies/huaianshi-huaianqu-renminzhengfu/", 390, touch=True)
    try:
        cell = page.locator("td:has(a.value-place)").first
        cell.tap()
        page.locator(".cite-panel").wait_for(state="visible")
        controls = page.locator(".cite-panel .cite-actions").locator("a, button")
        boxes = {controls.nth(i).inner_text(): controls.nth(i).bounding_box() for i in range(controls.count())}
        assert set(boxes) == {"复制", "在原文中查看", "永久链接", "关闭"}
        small = {name: (round(b["width"]), round(b["height"])) for name, b in boxes.items()
                 if b["width"] < 24 or b["height"] < 24}
        assert small == {}
        permalink = page.locator(".cite-panel .cite-permalink")
        assert permalink.get_attribute("href") == "#" + cell.get_attribute("id")
    finally:
        context.close()
