"""The regions and agencies index pages: provinces in division-code order (as every list of provinces),
and the agencies without a known region each listed once, on a page of bounded size."""

from __future__ import annotations

import re

from builder.pages.lists import AGENCIES_PAGE, agencies_index_files
from builder.pages.regions import UNPLACED_LISTED, region_tree, regions_index_files


def _report(agency_id: str, year: int, province: str | None = None, code: str | None = None) -> dict:
    return {"id": f"{agency_id}-{year}", "agency_id": agency_id, "agency": agency_id, "year": year,
            "body_id": code, "level": "province" if province else None,
            "region": {"province": province} if province else {}, "values": {}, "checks": []}


PROVINCES = [("广东省", "440000"), ("北京市", "110000"), ("江苏省", "320000")]


def test_the_agencies_index_lists_provinces_in_division_code_order():
    reports = [_report(f"gov-{code}", 2024, name, code) for name, code in PROVINCES]
    page = agencies_index_files(region_tree(reports), reports)[AGENCIES_PAGE]
    shown = re.findall(r"^\| \[(\S+?)\]", page, flags=re.M)
    assert shown == ["北京市", "江苏省", "广东省"]  # 11, 32, 44 (by the characters it was 北京, 广东, 江苏)


def test_an_unplaced_agency_is_listed_once_whatever_its_years():
    reports = [_report("nowhere", 2022), _report("nowhere", 2023), _report("nowhere", 2024),
               _report("gov-320000", 2024, "江苏省", "320000")]
    page = regions_index_files(region_tree(reports), reports)["regions/index.md"]
    unknown = page.split("## 地区未知", 1)[1]
    assert unknown.count("](../agencies/nowhere/index.md)") == 1


def test_many_unplaced_agencies_are_not_all_listed():
    reports = [_report(f"nowhere-{i:04d}", 2024) for i in range(UNPLACED_LISTED + 5)]
    page = regions_index_files(region_tree(reports), reports)["regions/index.md"]
    assert page.count("](../agencies/nowhere-") == UNPLACED_LISTED
    assert f"共 {UNPLACED_LISTED + 5:,} 个机构" in page and "province=-" in page


def test_a_province_links_to_the_year_its_page_shows_not_an_incomplete_later_one():
    """The walk: 江苏省 linked to 2023, where 2 of its 7 bodies had reported; its page shows 2022."""
    from datetime import date

    jiangsu = [_report(f"gov-32{i:04d}", year, "江苏省", f"32{i:04d}") for i in range(7) for year in (2021, 2022)]
    jiangsu += [_report(f"gov-32{i:04d}", 2023, "江苏省", f"32{i:04d}") for i in range(2)]
    page = agencies_index_files(region_tree(jiangsu), jiangsu, date(2024, 6, 1))[AGENCIES_PAGE]
    row = next(line for line in page.splitlines() if line.startswith("| [江苏省]"))
    assert "year=2022" in row and "2022 年度" in row and "2023" not in row
    # before the deadline of 2021's reports (2022-03-31) no year is complete: the latest, said so
    early = agencies_index_files(region_tree(jiangsu), jiangsu, date(2022, 3, 1))[AGENCIES_PAGE]
    row = next(line for line in early.splitlines() if line.startswith("| [江苏省]"))
    assert "year=2023" in row and "2023 年度（尚不完整）" in row
