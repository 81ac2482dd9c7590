"""A region's year page says how many requests its reports printed; when none printed the figure,
it says so ("不详"), never "0 件" (a blank is not 0)."""

from __future__ import annotations

from datetime import date

from builder.pages.regions import region_page_files, region_tree


def _report(agency_id: str, values: dict) -> dict:
    return {"id": f"{agency_id}-2023", "agency_id": agency_id, "agency": agency_id, "year": 2023,
            "body_id": "320000", "level": "province", "region": {"province": "江苏省"}, "values": values,
            "checks": []}


def _sentence(reports) -> str:
    (root,) = region_tree(reports).values()
    page = region_page_files(root, date(2025, 1, 1))[root.page]
    return next(line for line in page.splitlines() if "本年新收申请合计" in line)


def test_a_figure_no_report_printed_is_not_zero():
    sentence = _sentence([_report("jiangsu", {}), _report("jiangsu-b", {})])  # (one body: no page of its own)
    assert "新收申请合计不详" in sentence and "行政诉讼不详" in sentence
    assert "0 件" not in sentence


def test_a_printed_figure_is_its_sum():
    values = {"requests.new_received.total": 7, "appeals.reconsideration.total": 0}
    sentence = _sentence([_report("jiangsu", values), _report("jiangsu-b", {"requests.new_received.total": 5})])
    assert "新收申请合计 12 件" in sentence and "行政复议 0 件" in sentence and "行政诉讼不详" in sentence
