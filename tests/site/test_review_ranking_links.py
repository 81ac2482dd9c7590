"""Review (a journalist's walk): a ranking's figure leads to the cell it came from. The rankings of the
home, year and region pages showed "504" beside a body's name with no way to it but the body's page,
scrolled by hand to the year's statistics table to find the cell and its 复制引用 button. Each ranked
count now links to that cell on the agency page (#v-<year>-<field>), or, for a figure summed from
several cells (行政诉讼, 不予公开率's numerator), to that year's section (#y<year>).

The site is tests/site/yearkit.py's (3 provinces × 5 district governments × 2022–2023)."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from tests.site.yearkit import built_years_site


@pytest.fixture(scope="module")
def years_site(tmp_path_factory):
    return built_years_site(tmp_path_factory)


def follow_to_cited_cell(page, link, target: str, anchor: str, shown: str) -> None:
    """Click a figure's link: its agency page opens at the cell (:target, in view), which shows the same
    number and holds the 复制引用 button."""
    link.click()
    page.wait_for_url(target)
    cell = page.locator(f"#{anchor}")
    cell.wait_for()
    assert cell.evaluate("c => c.matches(':target')")
    assert cell.locator("a.value-place").inner_text() == shown
    assert cell.locator("button.cite-btn").count() == 1
    top = cell.evaluate("c => c.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]


def _ranking(soup: BeautifulSoup, heading: str):
    title = next(h for h in soup.select("h3") if heading in h.get_text())
    return title.find_next("table")


def test_ranked_figures_link_to_their_cells(years_site):
    soup = BeautifulSoup((years_site.site / "years" / "2023" / "index.html").read_text(encoding="utf-8"), "lxml")
    received = _ranking(soup, "新收申请最多")
    rows = received.select("tbody tr")
    assert len(rows) == 10
    for row in rows:
        name, figure = row.select("td")[1].a, row.select("td")[2].a
        assert figure is not None, row
        agency = name["href"]
        assert figure["href"] == f"{agency}#v-2023-requests-new_received-total"
    litigation = _ranking(soup, "行政诉讼最多").select_one("tbody tr")
    assert litigation.select("td")[2].a["href"] == litigation.select("td")[1].a["href"] + "#y2023"
    granted = _ranking(soup, "予以公开率最高").select_one("tbody tr")
    numerator, denominator = granted.select("td")[3].a, granted.select("td")[4].a
    assert numerator["href"].endswith("#v-2023-requests-granted-total")
    assert denominator["href"].endswith("#v-2023-requests-total_processed-total")
    withheld = _ranking(soup, "不予公开率最高").select_one("tbody tr")
    assert withheld.select("td")[3].a["href"].endswith("#y2023")  # （三）不予公开: eight rows summed


@pytest.mark.browser
def test_a_ranked_figure_opens_its_cell_with_its_citation(years_site, browser):
    from tests.conftest import serve

    with serve(years_site.site) as url:
        context = browser.new_context()
        page = context.new_page()
        try:
            page.goto(url + "years/2023/")
            table = page.locator("h3", has_text="新收申请最多").locator("xpath=following::table[1]")
            first = table.locator("tbody tr").first.locator("td").nth(2).locator("a")
            shown = first.inner_text()
            target = urljoin(page.url, first.get_attribute("href"))
            follow_to_cited_cell(page, first, target, "v-2023-requests-new_received-total", shown)
        finally:
            context.close()
