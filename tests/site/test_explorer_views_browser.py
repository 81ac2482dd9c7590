"""The explorer's default year, pinyin initials and Back/Forward, and compare's, in Chromium.

Its own small site: three district governments' 2023 reports (text) and huaian-2024.pdf. One body of
three has reported 2024 (below half of 2023's), so 2023 is the latest complete year: the home page
and the explorer open on it, and 2024 is marked incomplete.
"""

from __future__ import annotations

import random
import re

import pytest

from tests.conftest import REPO, build_site_into, serve
from tests.textreport import random_values, write_report

pytestmark = pytest.mark.browser

BODIES_2023 = ("南京市玄武区人民政府", "延安市宝塔区人民政府", "银川市兴庆区人民政府")
HUAIAN = "huaianshi-renminzhengfu"


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    import shutil

    root = tmp_path_factory.mktemp("views")
    reports = root / "data" / "reports"
    reports.mkdir(parents=True)
    rng = random.Random(9)
    for i, agency in enumerate(BODIES_2023):
        (reports / f"body{i}-2023.txt").write_text(write_report(random_values(rng, "2021"), agency=agency, year=2023),
                                                   encoding="utf-8")
    shutil.copy(REPO / "tests/fixtures/reports/huaian-2024.pdf", reports / "huaian-2024.pdf")
    built = build_site_into(root / "data", root)
    assert not built.result.failures
    with serve(built.site) as address:
        yield address


@pytest.fixture
def page(browser, url):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    errors: list[str] = []
    tab = context.new_page()
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    assert errors == []
    context.close()


def names(page) -> list[str]:
    return page.eval_on_selector_all("table.explorer-table tbody th a", "links => links.map(a => a.textContent)")


def rows(page, count: int):
    page.wait_for_function(f"document.querySelectorAll('table.explorer-table tbody tr').length === {count}")


def test_the_explorer_opens_on_the_latest_complete_year_as_the_home_page_does(page, url):
    page.goto(url)
    assert "显示 2023 年度（最近的完整年度）" in page.text_content("article")
    page.goto(url + "explorer/")
    rows(page, 3)
    assert page.input_value("select[name=year]") == "2023"
    assert sorted(names(page)) == sorted(BODIES_2023)
    assert "year=2023" in page.url
    assert "显示 2023 年度（最近的完整年度）" in page.text_content(".explorer-status")
    labels = page.eval_on_selector_all("select[name=year] option", "os => os.map(o => o.textContent)")
    assert labels == ["全部年度", "2024 年度（不完整）", "2023 年度"]
    assert "“完整年度”指：该年度报告的法定公布期限已过" in page.text_content("article")
    # An address with a year keeps it.
    page.goto(url + "explorer/?year=2024")
    rows(page, 1)
    assert names(page) == ["淮安市人民政府"] and page.input_value("select[name=year]") == "2024"
    assert "最近的完整年度" not in page.text_content(".explorer-status")


def test_a_name_found_in_no_report_of_the_year_offers_every_year(page, url):
    # 淮安市 reported 2024 only: the explorer opens on 2023, so its name finds nothing there.
    page.goto(url + "explorer/?q=huaian")
    rows(page, 0)
    button = page.locator(".explorer-status button.explorer-every-year")
    assert button.text_content() == "在全部年度中查找“huaian”"
    button.click()
    rows(page, 1)
    assert names(page) == ["淮安市人民政府"] and page.input_value("select[name=year]") == "all"
    assert "year=all" in page.url and page.locator(".explorer-every-year").count() == 0


@pytest.mark.parametrize(("query", "found"), [
    ("has", ["淮安市人民政府"]),  # 淮安市: huai an shi
    ("huaian", ["淮安市人民政府"]),
    ("huaians", ["淮安市人民政府"]),  # whole syllables and initials mixed
    ("Huai'an", ["淮安市人民政府"]),
    ("yasbtq", ["延安市宝塔区人民政府"]),  # 延安 yan·an (its reading also splits ya·nan: both match)
    ("njsxwq", ["南京市玄武区人民政府"]),
    ("xqq", ["银川市兴庆区人民政府"]),
    ("rmzf", ["南京市玄武区人民政府", "淮安市人民政府", "延安市宝塔区人民政府", "银川市兴庆区人民政府"]),
    ("hay", []),  # not the initials of any of them (淮安市 is h·a·s)
    ("anjing", []),  # in nanjing, but from the middle of a syllable (nan·jing): noise, not a name
])
def test_names_match_by_pinyin_and_its_initials(page, url, query, found):
    page.goto(url + "explorer/?year=all&sort=name")
    rows(page, 4)
    page.fill("input[name=q]", query)
    rows(page, len(found))
    assert sorted(names(page)) == sorted(found)


def test_back_and_forward_step_through_the_views(page, url):
    page.goto(url + "explorer/")
    rows(page, 3)
    start, entries = page.url, page.evaluate("history.length")
    page.select_option("select[name=year]", "all")
    rows(page, 4)
    page.click("th[data-key=received] button")
    page.wait_for_function("location.search.includes('sort=-received')")
    sorted_url = page.url
    # Typing a name is one step, whatever the number of letters.
    page.type("input[name=q]", "njs", delay=400)
    rows(page, 1)
    page.wait_for_function("location.search.includes('q=njs')")
    assert page.evaluate("history.length") == entries + 3  # the year, the sort, the name
    page.go_back()
    rows(page, 4)
    assert page.url == sorted_url and page.input_value("input[name=q]") == ""
    assert page.get_attribute("th[data-key=received]", "aria-sort") == "descending"
    page.go_back()
    page.wait_for_function("!location.search.includes('sort=')")
    assert page.get_attribute("th[data-key=received]", "aria-sort") is None
    assert page.input_value("select[name=year]") == "all"
    page.go_back()
    rows(page, 3)
    assert page.url == start and page.input_value("select[name=year]") == "2023"
    page.go_forward()
    rows(page, 4)
    assert page.input_value("select[name=year]") == "all"
    all_years = page.url
    # A name typed after Back is a new step: Back returns to the view it was typed in.
    page.type("input[name=q]", "xqq", delay=300)
    rows(page, 1)
    page.go_back()
    rows(page, 4)
    assert page.url == all_years and page.input_value("input[name=q]") == ""


def test_compare_finds_by_initials_and_steps_back_through_metrics(page, url):
    page.goto(url + "compare/?ids=yananshi-baotaqu-renminzhengfu")
    page.wait_for_selector("input[name=add]")
    page.fill("input[name=add]", "has")
    page.wait_for_selector(".compare-found a")
    assert page.eval_on_selector_all(".compare-found a", "as => as.map(a => a.textContent)") == ["淮安市人民政府"]
    page.click(".compare-found a")
    page.wait_for_selector("table.compare-metric")
    assert HUAIAN in page.url
    first = page.input_value("select[name=metric]")
    page.select_option("select[name=metric]", "granted_rate")
    page.wait_for_function("location.search.includes('metric=granted_rate')")
    page.go_back()
    page.wait_for_function(f"document.querySelector('select[name=metric]').value === '{first}'")
    assert re.search(f"metric={first}", page.url)
    page.go_forward()
    page.wait_for_function("document.querySelector('select[name=metric]').value === 'granted_rate'")
    assert "%" in page.text_content("table.compare-metric")
