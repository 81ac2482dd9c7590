"""The 未能解析 page on a 390 px phone, with a place refused because its page would be another place's
(builder.batch._shared_region_pages): the sidecar's name shows as text, and the reason's long path breaks inside
its cell instead of widening the table past the screen (site.css .failure-list)."""

from __future__ import annotations

import random

import pytest

from tests.conftest import build_site_into, serve
from tests.textreport import random_values, write_report

HOSTILE = '酥江区"</>&<'  # reads as 苏江区 (sujiangqu) once its marks are dropped


@pytest.fixture(scope="module")
def refused_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("failures-phone")
    folder = root / "data" / "reports" / "ningxia"
    folder.mkdir(parents=True)
    for stem, agency, county, seed in (("su", "苏江区人民政府", "苏江区", 1), ("evil", "某机关", HOSTILE, 2)):
        (folder / f"{stem}.txt").write_text(write_report(random_values(random.Random(seed)), agency=agency, year=2023),
                                            encoding="utf-8")
        (folder / f"{stem}.yml").write_text(
            f"region: {{province: 宁夏回族自治区, city: 银川市, county: '{county}'}}\n", encoding="utf-8")
    built = build_site_into(root / "data", root)
    with serve(built.site) as url:
        yield built, url


@pytest.mark.browser
def test_the_refused_place_is_listed_escaped_and_fits_a_phone(browser, refused_site):
    built, url = refused_site
    assert (built.site / "regions/ningxia/yinchuan/sujiangqu/index.html").is_file()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(url + "failures/")
    reason = page.locator(".failure-list td").nth(1).inner_text()
    boxes = page.evaluate("[...document.querySelectorAll('.failure-list .md-typeset__scrollwrap, .failure-list table')]"
                          ".map(e => [e.scrollWidth, e.clientWidth])")
    width = page.evaluate("document.documentElement.scrollWidth")
    injected = page.evaluate("document.querySelectorAll('article td img, article td script').length")
    context.close()
    assert f"地区“{HOSTILE}”的页面地址与已收录的“苏江区”相同" in reason
    assert "regions/ningxia/yinchuan/sujiangqu/index.md" in reason.replace("\n", "")
    assert injected == 0
    assert width <= 390
    assert all(scroll <= client for scroll, client in boxes), boxes
