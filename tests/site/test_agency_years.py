"""The agency page's 历年 table and peers line, on reports parsed from text the tests write
(tests/textreport.py) for real places: the numbers are ours, the metadata the parser's.

Also the smaller fixes of the same page: the last breadcrumb, the official row label without the
mapping note, the value anchors, the Open Graph front matter.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from bs4 import BeautifulSoup

from builder.pages.agency import agency_page_files, region_links, years_table
from builder.pages.common import agency_page, value_anchor
from builder.pages.peers import MIN_PEERS, group_file, group_files, peer_group, peer_slots
from builder.pages.tables import anchor_field, cell_place, requests_table, value_cells
from builder.template import fields
from tests.textreport import consistent_values, parse_text, write_report

YUEYAHU = "兴庆区月牙湖乡人民政府"
# Districts of 南京市 (county level) and a department of the city: real places the parser places itself.
NANJING = ("南京市玄武区人民政府", "南京市秦淮区人民政府", "南京市建邺区人民政府", "南京市鼓楼区人民政府",
           "南京市浦口区人民政府", "南京市栖霞区人民政府")


def _report(tmp_path, agency: str, year: int, received: int) -> dict:
    variant = "2019" if year < 2021 else "2021"
    text = write_report(consistent_values(variant, received), agency=agency, year=year)
    return parse_text(tmp_path, text, f"{agency}-{year}.txt")


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("years")
    return [_report(tmp, YUEYAHU, 2020, 5), _report(tmp, YUEYAHU, 2021, 8)]


@pytest.fixture(scope="module")
def nanjing(tmp_path_factory):
    """Six district governments of 南京市 in 2021 with 10, 20, … 60 new requests (all granted)."""
    tmp = tmp_path_factory.mktemp("peers")
    return [_report(tmp, name, 2021, 10 * (i + 1)) for i, name in enumerate(NANJING)]


def _page(reports) -> str:
    files = agency_page_files(reports, None)
    return files[agency_page(reports[-1]["agency_id"])]


def _ranks(reports) -> dict[str, list[str]]:
    """Report id → its peers lines, read from its groups' files as assets/peers.js reads them (its value
    found among the group's values: tests/site/test_peers_browser.py runs the script itself); reports
    ranked in no group are left out."""
    files = group_files(reports)
    out: dict[str, list[str]] = {}
    for report in reports:
        for slot in peer_slots(report):
            figure = json.loads(files[slot.file])["figures"].get(slot.figure)
            if figure and slot.value in figure["values"]:
                rank = figure["ranks"][figure["values"].index(slot.value)]
                out.setdefault(report["id"], []).append(f"{slot.prefix}第 {rank} / {figure['count']}")
    return out


def _years_rows(html: str) -> dict[str, list[str]]:
    table = BeautifulSoup(html, "html.parser").select_one("table.years-table")
    heads = [th.get_text() for th in table.select("thead th")]
    rows = {}
    for tr in table.select("tbody tr"):
        cells = [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
        rows[cells[0]] = dict(zip(heads, cells, strict=True))
    return rows


def test_years_table_has_both_years_with_their_numbers_and_the_change(two_years):
    assert [r["year"] for r in two_years] == [2020, 2021]
    assert two_years[0]["agency_id"] == two_years[1]["agency_id"]
    rows = _years_rows(_page(two_years))
    assert list(rows) == ["2020", "2021"]
    assert rows["2020"]["新收申请"] == "5"
    assert rows["2021"]["新收申请"] == "8 较上年 +3（+60.0%）"
    assert rows["2021"]["办理总计"] == "8 较上年 +3（+60.0%）"
    assert rows["2021"]["行政复议"] == "1 较上年持平"
    # Below the indicator's minimum denominator (20) no percentage, its counts and the dagger
    # (builder.template.indicators.rate_figure, the explorer's rule too).
    assert rows["2021"]["予以公开率"] == "— † 8 / 8"
    # The original and the report's own data beside each year.
    assert rows["2020"]["原始文件"] == "TXT"
    assert rows["2021"]["数据"] == "统计表"


def test_years_table_links_each_report_and_its_data(two_years):
    files = agency_page_files(two_years)
    soup = BeautifulSoup(years_table(two_years, {r["id"]: "x" for r in two_years}), "html.parser")
    assert [a["href"] for a in soup.select("tbody th a")] == ["#y2020", "#y2021"]
    assert [a["href"] for a in soup.select("tbody td a")] == ["#y2020", "#y2021"]
    page = files[agency_page(two_years[0]["agency_id"])]
    assert "## 历年数据 {#years}" in page
    assert "{#y2020}" in page and "{#y2021}" in page
    # The agency's CSV holds a row a year, made in the browser from the rows the page holds (the site's size):
    # no file per report, nor per agency.
    assert not [f for f in files if f.endswith(".csv")]
    link = BeautifulSoup(page.split('<p class="agency-data">', 1)[1].split("</p>", 1)[0], "html.parser").a
    assert link["data-file"] == f"{two_years[0]['agency_id']}.csv"
    assert [row.split(",", 1)[0] for row in link["data-rows"].splitlines()] == [r["id"] for r in two_years]


def test_peers_line_ranks_among_bodies_of_the_same_level_and_province(nanjing):
    assert {(r["region"]["province"], r["level"]) for r in nanjing} == {("江苏省", "county")}
    ranks = _ranks(nanjing)
    qinhuai = ranks["nanjingshi-qinhuaiqu-renminzhengfu-2021"]
    assert qinhuai[0] == "江苏省县级政府 2021 年新收申请：第 5 / 6"
    # 予以公开率 (all 100%): ranked only among the five whose denominator reaches 20; ties share rank 1.
    assert qinhuai[1] == "江苏省县级政府 2021 年予以公开率：第 1 / 5"
    xuanwu = ranks["nanjingshi-xuanwuqu-renminzhengfu-2021"]
    assert xuanwu == ["江苏省县级政府 2021 年新收申请：第 6 / 6"]
    assert ranks["nanjingshi-qixiaqu-renminzhengfu-2021"][0].endswith("第 1 / 6")
    # The page names its group's file and its own value; the group's file holds the ranks
    # (assets/peers.js writes "第 5 / 6" from it: tests/site/test_peers_browser.py).
    peers = BeautifulSoup(_page([nanjing[1]]), "html.parser").select_one(".peers")
    assert f"至少 {MIN_PEERS} 个机构" in peers.get_text()
    lines = peers.select("li[data-peer-file]")
    assert [li.contents[0] for li in lines] == [line.split("第 ")[0] for line in qinhuai]
    path = group_file(peer_group(nanjing[1]))
    assert {li["data-peer-file"] for li in lines} == {f"../../{path}"}
    assert [li["data-peer-figure"] for li in lines] == ["received", "granted_rate"]
    assert lines[0]["data-peer-value"] == "20"
    # Without JavaScript: the group's figures and the explorer's view of province, level and year.
    assert [a["href"] for a in lines[0].select("a")] == [
        f"../../{path}", "../../explorer/?province=%E6%B1%9F%E8%8B%8F%E7%9C%81&level=county&year=2021&sort=-received"]
    group = json.loads(group_files(nanjing)[path])
    assert group["group"] == "江苏省县级政府" and group["year"] == 2021
    assert group["figures"]["received"] == {"count": 6, "values": [60, 50, 40, 30, 20, 10], "ranks": [1, 2, 3, 4, 5, 6]}
    assert group["figures"]["granted_rate"]["count"] == 5
    assert group["figures"]["granted_rate"]["ranks"] == [1]  # all 100%: one value, rank 1 shared


def test_no_peers_line_below_the_minimum(nanjing, two_years):
    assert MIN_PEERS == 5
    few = _ranks(nanjing[: MIN_PEERS - 1])
    assert few == {}
    # The group's file says so (no figure ranked); the page is the same whatever the group's size.
    assert json.loads(group_files(nanjing[: MIN_PEERS - 1])[group_file(peer_group(nanjing[1]))])["figures"] == {}
    # A body of another level, kind or province does not make the group bigger.
    assert _ranks([*nanjing[: MIN_PEERS - 1], *two_years]) == {}


def test_a_peer_elsewhere_leaves_the_group_file_alone(nanjing, two_years):
    """A group's file is written again when its bytes change (builder/site.py): a report outside the
    group must not change them, a report inside must; a member's page changes with neither."""
    before = _ranks(nanjing)
    assert _ranks([*nanjing, *two_years]) == before
    assert _ranks(nanjing[1:]) != before
    path = group_file(peer_group(nanjing[1]))
    assert group_files([*nanjing, *two_years])[path] == group_files(nanjing)[path]
    assert group_files(nanjing[1:])[path] != group_files(nanjing)[path]


def test_last_breadcrumb_of_a_township_is_text_not_a_link_to_its_county(two_years):
    report = two_years[0]
    line = region_links(report, agency_page(report["agency_id"]))
    crumbs = line.split(" → ")
    assert crumbs[-1] == "月牙湖乡"
    assert crumbs[-2].startswith("[兴庆区](")


def test_official_row_label_has_no_developer_note(two_years):
    html = requests_table(two_years[0])  # 2019 template: （六）其他处理 is one row
    labels = [th.get_text() for th in BeautifulSoup(html, "html.parser").select("tr[data-row] > th")]
    assert "三、（六）其他处理" in labels
    assert not [label for label in labels if "2019 版" in label or "记在此" in label]
    assert "2021 版报告若仍印为一行" in BeautifulSoup(html, "html.parser").select_one(".table-note").get_text()


def test_every_value_cell_has_a_stable_anchor(two_years):
    report = two_years[1]
    html = requests_table(report)
    soup = BeautifulSoup(html, "html.parser")
    cells = value_cells(soup)  # the ids assets/cite.js gives the cells, from the table's layout
    assert len(cells) == len(soup.select("td")) == len(report["values"]) - sum(  # every cell one field
        not f.startswith("requests.") or f not in fields() for f in report["values"])
    assert all(anchor == value_anchor(report, anchor_field(anchor)) for anchor in cells)
    assert all(anchor_field(anchor) in fields() for anchor in cells)  # the field is read back from the id
    assert value_anchor(report, "requests.new_received.total") == "v-2021-requests-new_received-total"
    # Without a year, the report's whole id names it; whatever it holds, the anchor needs no escaping.
    assert re.fullmatch(r"v-a-b-c-d--x-y-z", value_anchor({"id": "a.b c<d>", "year": None}, "x.y.z"))


def test_open_graph_front_matter_is_plain_text_for_the_template_to_escape(two_years):
    hostile = dict(two_years[1], agency='月牙湖"><script>alert(1)</script>乡')
    page = _page([hostile])
    meta = yaml.safe_load(page.split("---")[1])
    assert meta["og_title"].startswith('月牙湖"><script>alert(1)</script>乡')
    assert meta["og_description"].startswith('月牙湖"><script>alert(1)</script>乡 2021 年度')
    assert "新收申请 8 件" in meta["og_description"]
    assert json.dumps(meta["title"]).count("&lt;script&gt;") == 1  # the title stays escaped once


def test_a_value_links_to_where_it_was_printed(two_years):
    """builder.pages.provenance.place: the cell says its page (for the citation) and links to it."""
    report = dict(two_years[1], source=dict(two_years[1]["source"], file="report.pdf", format="pdf", pages=5),
                  provenance={"requests.new_received.total": {"raw": "8", "page": 3, "bbox": [1, 2, 3, 4],
                                                               "table": 1, "row": 2, "col": 7, "line": None}})
    cell = value_cells(BeautifulSoup(requests_table(report), "html.parser"))["v-2021-requests-new_received-total"]
    assert cell_place(cell) == "第 3 页"
    assert cell.a is None  # the viewer's link is made in the browser (assets/cite.js; tests/site/test_citation.py)
    assert cell.get_text() == "8"
    other = value_cells(BeautifulSoup(requests_table(report), "html.parser"))["v-2021-requests-granted-total"]
    assert cell_place(other) is None and other.a is None


def test_years_under_both_templates_say_whether_the_rates_compare(two_years):
    assert {r["template"]["requests"] for r in two_years} == {"2019", "2021"}
    notes = BeautifulSoup(_page(two_years), "html.parser").select(".years .table-note")
    assert any(n.get_text().startswith("跨模板比较：2019 版（六）其他处理为一行") for n in notes)
    assert not [n for n in BeautifulSoup(_page(two_years[:1]), "html.parser").select(".years .table-note")
                if "跨模板" in n.get_text()]
