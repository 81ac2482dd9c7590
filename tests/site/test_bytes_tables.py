"""The official tables with fewer bytes: a text report's rows say their line only where it does not follow
from the row above (data-lines), a row its columns only where they are not the row above's; every value
cell still has its anchor and the place its citation quotes."""

from __future__ import annotations

from bs4 import BeautifulSoup

from builder.pages.provenance import place
from builder.pages.tables import _implied_places, anchor_field, cell_place, proactive_table, requests_table, value_cells


def test_implied_places_follow_the_lines():
    places = ["第 4 行", "第 5 行", True, "第 7 行", "第 9 行", "第 3 页", "第 4 页", "第 10 行", "第 11 行"]
    assert _implied_places(places) == [False, True, True, True, False, False, False, False, True]
    assert _implied_places([]) == []


def test_every_value_cell_of_the_seed_reports_quotes_its_own_place(seed_reports):
    checked = implied = 0
    for report in seed_reports.values():
        for render in (proactive_table, requests_table):
            soup = BeautifulSoup(render(report), "html.parser")
            for anchor, td in value_cells(soup).items():
                field = anchor_field(anchor)
                assert field.startswith(("proactive.", "requests."))
                if not td.get_text(strip=True):
                    continue  # nothing printed, nothing cited
                where = place(report, field)
                assert cell_place(td) == (where.text if where else None), (report["id"], field)
                checked += 1
                implied += not any(h.has_attr("data-place") for h in (td, td.find_parent("tr"), td.find_parent("table")))
    assert checked > 100 and implied > checked / 2  # most rows of a text report say nothing of their line
