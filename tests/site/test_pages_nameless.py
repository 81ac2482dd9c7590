"""A report whose body's name the parser does not take (280 characters of one) is named by its file's
name: its body's page and the quality lists say so, escaped (builder/pages/names.py)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from builder.pages.agency import agency_page_files
from builder.pages.common import agency_page
from builder.pages.names import NAMELESS, NAMELESS_ZH
from builder.pages.quality import PAGE, quality_page_files
from tests.textreport import consistent_values, parse_text, write_report

HOSTILE_FILE = "<b>x&y-2021.txt"  # a file name is the user's too: escaped wherever it is written


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nameless")
    long_name = "某" * 276 + "人民政府"
    nameless = parse_text(tmp, write_report(consistent_values("2021", 8), agency=long_name, year=2021), HOSTILE_FILE)
    named = parse_text(tmp, write_report(consistent_values("2021", 8), agency="兴庆区月牙湖乡人民政府", year=2021),
                       "yueyahu-2021.txt")
    return nameless, named


def test_the_parser_rejects_the_long_name_and_ids_the_report_by_its_file(reports):
    nameless, named = reports
    assert nameless["agency"] is None and nameless["agency_id"] == "bxy"  # (the year is not part of the name)
    assert named["agency"] == "兴庆区月牙湖乡人民政府"


def test_the_page_says_its_name_comes_from_the_file(reports):
    nameless, named = reports
    page = agency_page_files([nameless])[agency_page(nameless["agency_id"])]
    line = next(ln for ln in page.splitlines() if ln.startswith(f"**{NAMELESS_ZH}**"))
    assert "没有找到可用的机构名称" in line and "“bxy”" in line
    # The file's name as printed, escaped for Markdown and HTML: no tag, no bare ampersand.
    assert "“&lt;b&gt;x&amp;y-2021.txt”" in line
    assert "<b>" not in page
    other = agency_page_files([named])[agency_page(named["agency_id"])]
    assert NAMELESS_ZH not in other


def test_the_quality_lists_hold_it_with_its_reason(reports):
    nameless, named = reports
    files = quality_page_files([nameless, named])
    entries = BeautifulSoup(files["quality/2021/index.md"], "html.parser").select("details.quality-report")
    listed = {e.summary.a["href"]: e for e in entries}
    entry = listed["../../agencies/bxy/"]
    assert NAMELESS in entry["data-rules"].split()
    item = entry.select_one(f'li[data-rule="{NAMELESS}"]')
    assert "由文件名“<b>x&y-2021.txt”得出的“bxy”" in item.get_text()  # text, not markup
    assert item.find("b") is None
    assert NAMELESS_ZH in entry.summary.get_text()
    # The filter offers it; the index counts it and explains it.
    assert BeautifulSoup(files[PAGE], "html.parser").select_one(f'select[name="rule"] option[value="{NAMELESS}"]')
    assert f"| [{NAMELESS_ZH}](#{NAMELESS}) | `{NAMELESS}` | — | 1 | 1 |" in files[PAGE]
    assert f"## {NAMELESS_ZH} {{#{NAMELESS}}}" in files[PAGE]
    # A named report with no findings is in no list.
    if not (named.get("checks") or named.get("derived")):
        assert "../../agencies/xingqingqu-yueyahuxiang-renminzhengfu/" not in listed


def test_a_nameless_bodys_reports_of_two_years_are_one_body():
    """The walk of stop 22: huaianshi-…-2020.txt became the body “…2020”, each year's report a body of its own."""
    from builder.parse import _without_year

    assert _without_year("huaianshi-ceshisanxian-renminzhengfu-2020", 2020) == "huaianshi-ceshisanxian-renminzhengfu"
    assert _without_year("2021年度某局报告", 2021) == "某局报告"
    assert _without_year("abc2020x", 2020) == "abc2020x"  # (a year inside the name is the name's)
    assert _without_year("2020", 2020) == "2020"  # (nothing left: the file's name as it is)
    assert _without_year("jinhu-2020", None) == "jinhu-2020"
