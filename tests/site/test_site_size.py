"""What keeps the site's bytes per report down (issue 9), without losing what the pages say:

- a region of one body has no pages of its own: its addresses are stubs that send the reader to the
  body's page (and year), links go there directly, a region of two bodies keeps its pages;
- a value cell is its number alone: its anchor is given by assets/cite.js from the table's layout
  (tables.value_cells reads it the same way; Chromium: tests/site/test_citation.py), its place is
  written once where the cells share it;
- the theme's chrome loses its template indentation (site_src/overrides/hooks.py), the article not.
"""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from builder.pages.agency import agency_page_files
from builder.pages.common import value_anchor
from builder.pages.regions import STUB_TEMPLATE, region_page_files, region_tree, walk
from builder.pages.tables import cell_place, requests_table, value_cells
from tests.textreport import consistent_values, parse_text, write_report

REPO = Path(__file__).resolve().parents[2]


def _report(tmp_path, agency: str, year: int, received: int) -> dict:
    text = write_report(consistent_values("2021", received), agency=agency, year=year)
    return parse_text(tmp_path, text, f"{agency}-{year}.txt")


def _front(page: str) -> dict:
    return yaml.safe_load(page.split("---")[1])


@pytest.fixture(scope="module")
def xuanwu(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lone")
    return [_report(tmp, "南京市玄武区人民政府", 2022, 5), _report(tmp, "南京市玄武区人民政府", 2023, 8)]


def _county(reports):
    (province,) = region_tree(reports).values()
    (city,) = province.children.values()
    (county,) = city.children.values()
    return province, city, county


def test_a_lone_body_region_s_addresses_send_the_reader_to_its_body(xuanwu):
    province, _city, county = _county(xuanwu)
    assert county.lone_body == province.lone_body == xuanwu[0]["agency_id"]
    files = region_page_files(county, date(2025, 1, 1))
    body = f"agencies/{xuanwu[0]['agency_id']}/"
    assert set(files) == {county.page, county.page.replace("index.md", "2022/index.md")}  # 2023 shows on its page
    main, year = (_front(files[p]) for p in sorted(files, key=len))
    assert main["template"] == year["template"] == STUB_TEMPLATE
    assert main["location"] == "../../../../" + body
    assert year["location"] == "../../../../../" + body + "#y2022"
    assert main["search"] == {"exclude": True}  # the body's page is what a search finds
    # The Markdown links the body's page, so MkDocs checks the link (and the #y2022 anchor) like any other.
    assert f"](../../../../../{body}index.md#y2022)" in files[county.page.replace("index.md", "2022/index.md")]
    # A link from the region above goes to the body's year directly, not through the stub.
    assert county.year_target(2022) == f"{body}index.md#y2022" and county.target == f"{body}index.md"


def test_a_lone_body_s_page_does_not_link_its_own_stubs(xuanwu):
    lone = frozenset(r.chain for r in walk(region_tree(xuanwu)) if r.lone_body)
    plain = next(iter(agency_page_files(xuanwu).values()))
    page = next(iter(agency_page_files(xuanwu, lone=lone).values()))
    crumbs = next(line for line in page.splitlines() if line.startswith("**地区**"))
    # Without the regions' counts every place is a link; with them, the places of this body alone are text.
    assert "[玄武区](" in plain and "[江苏省](" in plain
    assert "玄武区" in crumbs and "[玄武区](" not in crumbs and "[江苏省](" not in crumbs and "](" not in crumbs


def test_a_region_of_two_bodies_keeps_its_pages(tmp_path, xuanwu):
    other = _report(tmp_path, "南京市玄武区教育局", 2023, 3)
    _province, _city, county = _county([*xuanwu, other])
    assert county.lone_body is None
    files = region_page_files(county, date(2025, 1, 1))
    assert all("template" not in _front(page) for page in files.values())
    assert "## 2023 年的机构" in files[county.page]


def test_stub_template_has_no_chrome_and_escapes_its_address():
    text = (REPO / "site_src" / "overrides" / STUB_TEMPLATE).read_text(encoding="utf-8")
    assert text.count("page.meta.location | e") == 2 and "<script" not in text and "extends" not in text


def test_value_cells_are_their_numbers_alone(xuanwu):
    report = xuanwu[1]
    soup = BeautifulSoup(requests_table(report), "html.parser")
    tds = soup.select("td")
    assert tds and not any(td.has_attr("id") or td.has_attr("data-field") for td in tds)
    cells = value_cells(soup)
    assert len(cells) == len(tds)
    total = cells[value_anchor(report, "requests.new_received.total")]
    assert total.get_text() == "8"
    # A text report prints a row on one line: the row carries the place once, not each of its cells.
    assert cell_place(total).startswith("第 ") and total.find_parent("tr").has_attr("data-place")
    assert not any(td.has_attr("data-place") for td in tds)


def test_chrome_loses_its_indentation_the_article_not():
    spec = importlib.util.spec_from_file_location("hooks", REPO / "site_src" / "overrides" / "hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    article = '<article class="md-content__inner">\n<pre><code>a\n    b\n</code></pre>\n  <p>x</p></article>'
    page = ("\n<!doctype html>\n<html>\n  <head>\n    <title>t</title>\n  </head>\n  <body>\n    <nav>\n"
            f"      <a href='/'>首页</a>\n    </nav>\n    {article}\n    <footer>\n      f\n    </footer>\n"
            "  </body>\n</html>\n")
    squeezed = hooks.squeeze_chrome(page)
    assert article in squeezed  # the article byte for byte, its code block's indentation too
    # no line break left between block tags (hooks._tag_gap)
    assert squeezed.startswith("<!doctype html>\n<html><head><title>t</title></head><body><nav><a href='/'>首页</a></nav>")
    assert "\n " not in squeezed.replace(article, "")
    assert hooks.squeeze_chrome(squeezed) == squeezed
    assert hooks.squeeze_chrome("<p>no article</p>\n   x") == "<p>no article</p>\n   x"
