"""The explorer's manifest names the year it opens on: the home and region pages' choice
(builder.pages.years.choose_year), written again when that choice changes with the date."""

from __future__ import annotations

import json
from datetime import date

from builder.export import chunks
from builder.pages import explorer
from builder.pages.docs_tree import DocsTree
from builder.pages.years import choose_year


def _reports() -> list[dict]:
    """Four bodies reported 2023, one so far 2024."""
    out = []
    for n, year in ((0, 2023), (1, 2023), (2, 2023), (3, 2023), (0, 2024)):
        out.append({"id": f"body-{n}-{year}", "agency": f"机构{n}", "agency_id": f"body-{n}", "year": year,
                    "region": {"province": "江苏省"}, "values": {}, "checks": []})
    return out


def test_the_manifest_names_the_latest_complete_year():
    reports = _reports()
    choice = choose_year(reports, date(2025, 6, 1))
    manifest = json.loads(explorer.manifest_files(chunks(reports), choice)[explorer.MANIFEST])
    assert (manifest["default_year"], manifest["complete_years"]) == (2023, [2023])
    assert manifest["year_note"] == "显示 2023 年度（最近的完整年度）。"
    # Before 2023's deadline no year is complete: the latest year, said to be incomplete.
    early = choose_year(reports, date(2024, 3, 1))
    manifest = json.loads(explorer.manifest_files(chunks(reports), early)[explorer.MANIFEST])
    assert (manifest["default_year"], manifest["complete_years"]) == (2024, [])
    assert manifest["year_note"] == "显示 2024 年度（最近的年度；尚不完整，数字还会增加）。"


def test_the_manifest_is_written_again_when_the_choice_changes(tmp_path):
    reports = _reports()
    parts = chunks(reports)
    tree = DocsTree(tmp_path / "docs", tmp_path / "state.json")
    explorer.put_explorer_files(tree, "reports-hash", parts, choose_year(reports, date(2024, 3, 1)))
    path = tmp_path / "docs" / explorer.MANIFEST
    assert json.loads(path.read_text(encoding="utf-8"))["default_year"] == 2024
    assert "<summary>什么是“完整年度”</summary><p>“完整年度”指" in (tmp_path / "docs" / explorer.EXPLORER_PAGE).read_text(
        encoding="utf-8")
    # Same reports, a later day: 2023's deadline has passed and the explorer now opens on it.
    explorer.put_explorer_files(tree, "reports-hash", parts, choose_year(reports, date(2025, 6, 1)))
    assert json.loads(path.read_text(encoding="utf-8"))["default_year"] == 2023
