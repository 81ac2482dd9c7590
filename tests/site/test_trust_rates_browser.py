"""In Chromium, over a site of the seed reports: 月牙湖乡 (one request handled) reads the same below-minimum
rate on its agency page and in the explorer, and the explorer takes that rule's texts from its manifest (the
build's builder.template.indicators), not from a copy of its own. /regions/ names the body a lone-body
city's link opens."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPO, build_site_into, serve

pytestmark = pytest.mark.browser
YUEYAHU = "xingqingqu-yueyahuxiang-renminzhengfu"


@pytest.fixture(scope="module")
def seeds_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("trust-rates")
    shutil.copytree(REPO / "data", root / "data")
    return build_site_into(root / "data", root)


@pytest.fixture(scope="module")
def url(seeds_site):
    with serve(seeds_site.site) as address:
        yield address


def _explorer_cell(browser, url, manifest_edit=None) -> tuple[str, str]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    if manifest_edit:
        def edited(route):
            response = route.fetch()
            manifest = response.json()
            manifest_edit(manifest)
            route.fulfill(response=response, body=json.dumps(manifest, ensure_ascii=False))
        page.route("**/explorer/index.json", edited)
    try:
        page.goto(url + "explorer/?year=all")
        row = page.locator("tbody tr", has_text="月牙湖乡")
        row.first.wait_for()
        cell = row.locator("td[data-key=granted_rate]").first.text_content()
        note = page.locator(".explorer-unranked").first.text_content()
    finally:
        context.close()
    assert errors == []
    return cell, note


def test_agency_page_and_explorer_print_one_rule(browser, url, seeds_site):
    agency = BeautifulSoup((seeds_site.site / f"agencies/{YUEYAHU}/index.html").read_text(encoding="utf-8"), "lxml")
    table = agency.select_one("table.years-table")
    heads = [th.get_text() for th in table.select("thead th")]
    cells = [tr.find_all(["th", "td"])[heads.index("予以公开率")].get_text(" ", strip=True) for tr in table.select("tbody tr")]
    counts = [re.fullmatch(r"— † (\d+) / (\d+)", cell) for cell in cells]
    assert all(counts), cells  # below 20 handled: no percentage on the agency page
    cell, note = _explorer_cell(browser, url)
    assert "%" not in cell
    assert cell in {f"—（{m[1]}/{m[2]}）†" for m in counts}  # the same figure, counts and mark
    assert note.startswith("† 分母少于 20 件，不计算比率、不排名")


def test_the_explorer_takes_the_rule_from_its_manifest(browser, url):
    def edit(manifest):
        manifest["unranked"] = {"figure": "＊", "mark": "‡", "note": "少于 {minimum} 件"}
    cell, note = _explorer_cell(browser, url, edit)
    assert cell.startswith("＊（") and cell.endswith("）‡")
    assert note.startswith("‡ 少于 20 件")


def test_a_lone_body_region_s_link_names_its_body(seeds_site):
    page = BeautifulSoup((seeds_site.site / "regions/index.html").read_text(encoding="utf-8"), "lxml")
    lone = [li for li in page.select("article li") if "：" in li.get_text()]
    assert lone  # (the seeds have cities of one body)
    for li in lone:
        city, _, rest = li.get_text().partition("：")
        link = li.select_one("a")
        assert city not in {a.get_text() for a in li.select("a")}  # the city's name is not the link
        assert "/agencies/" in link["href"] and rest.startswith(link.get_text())
