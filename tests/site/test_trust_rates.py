"""One rule prints a rate below its minimum count (builder.template.indicators.rate_figure): no percentage
("0.0%" of three requests reads as a finding and says nothing), "—" with its two counts and a dagger,
explained under the table. The agency pages, the region pages' agency tables and the explorer (through its
manifest) all print it so. And /regions/ links a city of one reporting body with the body's name, not the
city's (the city has no page of its own: the link opens the body's)."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from builder.export import chunks
from builder.pages import explorer
from builder.pages.agency import years_table
from builder.pages.regions import agency_table, region_tree, regions_index_files
from builder.template.indicators import (
    INDICATOR,
    UNRANKED_FIGURE,
    UNRANKED_MARK,
    UNRANKED_NOTE,
    rate,
    rate_figure,
    unranked,
)

GRANTED = INDICATOR["granted_rate"]


def _values(granted, processed) -> dict:
    return {"requests.granted.total": granted, "requests.total_processed.total": processed}


def _report(agency_id: str, agency: str, granted, processed, year=2023, city="无锡市", county=None) -> dict:
    region = {"province": "江苏省", "city": city, **({"county": county} if county else {})}
    return {"id": f"{agency_id}-{year}", "agency_id": agency_id, "agency": agency, "year": year, "level": "county",
            "region": region, "values": _values(granted, processed), "checks": []}


def test_the_rule_decides_the_rate_s_text():
    assert rate_figure(rate(GRANTED, _values(15, 30))) == "50.0%" and not unranked(rate(GRANTED, _values(15, 30)))
    for granted, processed in ((0, 3), (3, 3), (0, 0), (None, 5), (2, None)):
        shown = rate(GRANTED, _values(granted, processed))
        assert rate_figure(shown) == UNRANKED_FIGURE == "—" and unranked(shown), (granted, processed)
    assert rate_figure(rate(GRANTED, _values(None, None))) == "" and not unranked(rate(GRANTED, {}))


def test_an_agency_page_prints_no_percentage_below_the_minimum():
    reports = [_report("xishan", "锡山区人民政府", 0, 3, year=2022), _report("xishan", "锡山区人民政府", 12, 40)]
    soup = BeautifulSoup(years_table(reports, {}), "html.parser")
    heads = [th.get_text() for th in soup.select("thead th")]
    column = heads.index(GRANTED.label)
    cells = {tr.th.get_text(): tr.find_all(["th", "td"])[column] for tr in soup.select("tbody tr")}
    assert cells["2022"].get_text(" ", strip=True) == "— † 0 / 3"
    assert "%" not in cells["2022"].get_text()
    assert cells["2022"].sup["title"] == UNRANKED_NOTE.format(minimum=GRANTED.min_denominator)
    assert cells["2023"].get_text(" ", strip=True) == "30.0% 12 / 40" and cells["2023"].sup is None
    note = soup.select_one("p.table-note").get_text()
    assert f"{UNRANKED_MARK}：分母少于 20 件，不计算比率、不排名（予以公开率" in note
    assert "分母少于 10 件，不计算比率、不排名（复议纠错率、诉讼纠错率）" in note


def test_a_region_s_agency_table_prints_the_same_and_says_why():
    html = agency_table([_report("a", "甲局", 0, 3), _report("b", "乙局", 12, 40)], "regions/jiangsu/index.md", 2023)
    soup = BeautifulSoup(html, "html.parser")
    heads = [th.get_text() for th in soup.select("thead th")]
    rates = {tr.a.get_text(): tr.find_all("td")[heads.index(GRANTED.label)].get_text() for tr in soup.select("tbody tr")}
    assert rates == {"甲局": "—（0/3）†", "乙局": "30.0%"}
    assert soup.select_one("p.table-note").get_text() == "†：分母少于 20 件，不计算比率、不排名。"
    # No rate below its minimum: no note.
    assert "table-note" not in agency_table([_report("b", "乙局", 12, 40)], "regions/jiangsu/index.md", 2023)


def test_the_explorer_is_given_the_rule():
    reports = [_report("a", "甲局", 0, 3)]
    manifest = json.loads(explorer.manifest_files(chunks(reports))[explorer.MANIFEST])
    assert manifest["unranked"] == {"figure": UNRANKED_FIGURE, "mark": UNRANKED_MARK, "note": UNRANKED_NOTE}


def test_a_city_of_one_body_is_linked_by_the_body_s_name():
    reports = [_report("xishan", "无锡市锡山区人民政府", 1, 2, city="无锡市", county="锡山区"),
               _report("nj1", "南京市鼓楼区人民政府", 1, 2, city="南京市", county="鼓楼区"),
               _report("nj2", "南京市玄武区人民政府", 1, 2, city="南京市", county="玄武区")]
    page = regions_index_files(region_tree(reports), reports)["regions/index.md"]
    lines = {line.partition("（")[0]: line for line in page.splitlines() if line.startswith("- ")}
    assert lines["- 无锡市：[无锡市锡山区人民政府](../agencies/xishan/index.md)"]  # the body, named as the link's text
    assert "- [南京市](jiangsu/nanjing/index.md)（2 份报告" in page  # a city of two bodies: its own page
    assert "[无锡市]" not in page  # the city's name never links to a body's page
