"""What a walk through a built site found, on one city of two counties built for this module.

A region page on a 390 px phone (walking as a phone user).

Material puts only tables without a class (`table:not([class])`) in its scrolling box; the region pages'
list tables carried class="listing" (builder/pages/listing.py), so a city's table of bodies (ten columns)
pushed the whole page to 489 px and the phone zoomed out (and lost Material's table style). They carry
data-listing now, and scroll in Material's box; this opens their page in Debian's Chromium.

The downloads page printed "datapackage.json（Frictionless Data Package，0 字节）": the page read the
downloads' sizes before the data package was written (builder/site.py `_whole_site_pages`).
"""

from __future__ import annotations

import re

import pytest

from builder.pages.downloads import _size
from tests.conftest import build_site_into, serve
from tests.textreport import consistent_values, write_report

BODIES = (("huaianshi-huaianqu-renminzhengfu", "淮安市淮安区人民政府", 120),
          ("huaianshi-lianshuixian-renminzhengfu", "淮安市涟水县人民政府", 3050))


@pytest.fixture(scope="module")
def city_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("walk-phone")
    folder = root / "data" / "reports" / "jiangsu" / "huaian"
    folder.mkdir(parents=True)
    for stem, agency, received in BODIES:
        (folder / f"{stem}-2022.txt").write_text(write_report(consistent_values("2021", received), agency=agency,
                                                             year=2022), encoding="utf-8")
    built = build_site_into(root / "data", root)
    with serve(built.site) as url:
        yield built, url


@pytest.mark.browser
@pytest.mark.parametrize("path", ["regions/jiangsu/huaian/", "regions/jiangsu/"])
def test_a_region_page_fits_a_390px_phone_and_its_list_table_scrolls_inside(browser, city_site, path):
    built, url = city_site
    assert (built.site / path / "index.html").exists()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(url + path)
    tables = page.evaluate("[...document.querySelectorAll('table[data-listing]')]"
                           ".map(t => t.closest('.md-typeset__scrollwrap')).map(w => w && [w.scrollWidth, w.clientWidth])")
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert any(scroll > client for scroll, client in tables), tables  # the wide table of bodies is there
    assert width <= 390, f"{path}: the page is {width} px wide (list tables {tables})"


def test_the_downloads_page_prints_the_data_package_s_real_size(city_site):
    built, _url = city_site
    size = (built.site / "downloads" / "datapackage.json").stat().st_size
    assert size > 1000
    page = (built.site / "downloads" / "index.html").read_text(encoding="utf-8")
    printed = re.search(r"datapackage.json</a>（Frictionless Data Package，([^）]*)）", page)
    assert printed, page[:2000]
    assert printed.group(1) == _size(size)
