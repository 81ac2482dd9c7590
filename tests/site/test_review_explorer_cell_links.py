"""Review (a journalist's walk): in 浏览/筛选, a body's figure leads to the cell it came from. Sorted by
新收申请, the explorer showed "504" as plain text: quoting it meant opening the body's page and finding the
year's statistics table by hand. A figure that is one cell of the template (新收申请, 办理总计, 行政复议 …)
now links to that cell on the agency page (#v-<year>-<field>, with its 复制引用 button); 行政诉讼, a sum of
two groups' cells, stays text.

The site is tests/site/yearkit.py's (3 provinces × 5 district governments × 2022–2023)."""

from __future__ import annotations

import json

import pytest

from tests.site.test_review_ranking_links import follow_to_cited_cell
from tests.site.yearkit import built_years_site


@pytest.fixture(scope="module")
def years_site(tmp_path_factory):
    return built_years_site(tmp_path_factory)


def test_the_manifest_names_each_figures_cell(years_site):
    manifest = json.loads((years_site.site / "explorer" / "index.json").read_text(encoding="utf-8"))
    fields = {f["key"]: f["field"] for f in manifest["figures"]}
    assert fields["received"] == "requests.new_received.total"
    assert fields["reconsideration"] == "appeals.reconsideration.total"
    assert fields["litigation"] is None  # 未经复议直接起诉 + 复议后起诉


@pytest.mark.browser
def test_an_explorer_figure_opens_its_cell_with_its_citation(years_site, browser):
    from tests.conftest import serve

    with serve(years_site.site) as url:
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        errors: list[str] = []
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            page.goto(url + "explorer/?year=2023&sort=-received")
            row = page.locator("table.explorer-table tbody tr").first
            row.wait_for()
            received = row.locator("td[data-key=received] a")
            assert received.count() == 1
            assert row.locator("td[data-key=litigation] a").count() == 0
            shown = received.inner_text()
            href = received.get_attribute("href")
            agency = row.locator("th a").get_attribute("href")
            assert href == f"{agency}#v-2023-requests-new_received-total"
            follow_to_cited_cell(page, received, href, "v-2023-requests-new_received-total", shown)
            assert errors == []
        finally:
            context.close()
