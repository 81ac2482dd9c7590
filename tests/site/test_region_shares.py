"""Region shares of the handling results never count a report that did not print their denominator:
a report printing 予以公开 but no 办理结果总计 adds to the sums, not to the shares, and the page says how
many reports the shares cover."""

from __future__ import annotations

from datetime import date

from builder.pages.figures import pct, share_basis_zh, sum_figures
from builder.pages.overview import national_year_files
from builder.pages.regions import region_tree
from builder.pages.years import choose_year


def _report(name: str, values: dict) -> dict:
    return {"id": f"{name}-2023", "agency": f"{name}人民政府", "agency_id": name, "year": 2023, "level": "county",
            "published": "2024-01-20", "region": {"province": "江苏省", "city": "盐城市", "county": None},
            "values": values, "checks": [], "source": {"path": f"/nowhere/{name}.txt"}}


WITH_TOTAL = _report("dongtai", {"requests.total_processed.total": 100, "requests.granted.total": 50,
                                 "requests.partially_granted.total": 10})
# Parts printed, 总计 not: 80 granted of an unknown number handled.
WITHOUT_TOTAL = _report("jianhu", {"requests.granted.total": 80, "requests.partially_granted.total": 5})


def test_a_report_without_the_total_does_not_push_a_share_up():
    sums = sum_figures([WITH_TOTAL, WITHOUT_TOTAL])
    # Summed as before: every printed part counts in the totals.
    assert (sums["granted"], sums["partially_granted"], sums["processed"]) == (130, 15, 100)
    # Shares only over the report that printed 办理结果总计: 50/100, not 130/100.
    assert sums["granted_share"] == 0.5 and sums["partially_granted_share"] == 0.1
    assert sums["share_reports"] == 1
    assert share_basis_zh(sums, 2) == ("占比只按印出办理结果总计的 1 份报告计算（另有 1 份未印总计，"
                                       "其办理结果件数计入合计、不计入占比）。")
    assert share_basis_zh(sum_figures([WITH_TOTAL]), 1) == ""
    alone = sum_figures([WITHOUT_TOTAL])
    assert alone["granted_share"] is None and alone["share_reports"] == 0
    assert share_basis_zh(alone, 1) == "没有报告印出办理结果总计，不计算占比。"


def test_the_year_page_prints_the_share_and_what_it_covers():
    reports = [WITH_TOTAL, WITHOUT_TOTAL]
    choice = choose_year(reports, date(2025, 1, 1))
    page = national_year_files(region_tree(reports), reports, 2023, choice)["years/2023/index.md"]
    assert f"| 予以公开 | 130 | {pct(0.5)} |" in page
    assert "130.0%" not in page
    assert "占比只按印出办理结果总计的 1 份报告计算（另有 1 份未印总计" in page
    assert "予以公开占比只按印出办理结果总计的报告计算。" in page
