"""A province's page lists at most AGENCY_TABLE_MAX bodies of a year and sends the rest to the explorer."""

from __future__ import annotations

from builder.pages import regions
from builder.pages.regions import Region


def _report(i: int) -> dict:
    return {"id": f"body-{i:04d}-2024", "agency_id": f"body-{i:04d}", "agency": f"第{i}机构", "year": 2024,
            "level": "county", "region": {"province": "江苏省"}, "values": {"requests.new_received.total": i},
            "checks": []}


def test_a_large_province_lists_the_busiest_bodies_and_links_the_rest(monkeypatch):
    monkeypatch.setattr(regions, "AGENCY_TABLE_MAX", 5)
    region = Region((("province", "江苏省"),), [_report(i) for i in range(12)])
    text = regions._bounded_agency_table(region, region.reports, "regions/jiangsu/index.md", 2024)
    assert "共 12 个机构，这里列出新收申请最多的 5 个" in text
    assert "explorer/index.md?province=%E6%B1%9F%E8%8B%8F%E7%9C%81&year=2024" in text
    listed = [i for i in range(12) if f"第{i}机构" in text]
    assert listed == [7, 8, 9, 10, 11]


def test_a_small_province_lists_every_body():
    region = Region((("province", "江苏省"),), [_report(i) for i in range(3)])
    text = regions._bounded_agency_table(region, region.reports, "regions/jiangsu/index.md", 2024)
    assert all(f"第{i}机构" in text for i in range(3)) and "浏览/筛选" not in text
