"""Step 3: place the numbers of each table's rows on the contract's field ids.

For each table: decide the template variant from what the table itself
prints (per table — real reports mix them), match every row's label to the
template's row, and fit its numbers to the template's cells. What cannot be
placed with certainty stays null and is reported as an issue (`cell_count`,
`bad_number`); cells printed blank stay null and are remembered as blank.
One module per table: proactive.py, requests.py, appeals.py, each returning
its table's `Mapped`; the thresholds they decide by are `MapSettings`.
"""

from __future__ import annotations

from builder.fieldmap.appeals import map_appeals
from builder.fieldmap.mapped import Issue, Mapped
from builder.fieldmap.proactive import map_proactive
from builder.fieldmap.requests import map_requests
from builder.fieldmap.settings import DEFAULT, MapSettings
from builder.locate import Located
from builder.template import template_for_year

__all__ = ["Issue", "MapSettings", "Mapped", "map_tables"]


def map_tables(located: Located, year: int | None = None, settings: MapSettings = DEFAULT) -> Mapped:
    year_variant = template_for_year(year) or "2021"
    proactive = map_proactive(located.rows["proactive"], year_variant, settings)
    requests = map_requests(located.rows["requests"], year_variant, settings)
    # Both templates print the same appeals table: its variant is the one the year calls for.
    appeals = map_appeals(located.rows["appeals"], template_for_year(year) or requests.template["requests"] or "2021",
                          settings)
    return Mapped.combined([proactive, requests, appeals])
