"""四、复议诉讼: the appeals table's fifteen numbers, however the lines broke them."""

from __future__ import annotations

from builder.fieldmap.cells import Cell, fit, split_row
from builder.fieldmap.mapped import Mapped, cell_count_issue, printed
from builder.locate import Row
from builder.template import APPEAL_FIELDS, APPEAL_HEADER_WORDS
from builder.textnorm import compact


def map_appeals(rows: list[Row], mapped: Mapped, variant: str) -> None:
    value_rows: list[list[Cell]] = []
    blank_row: list[Cell] | None = None
    seen_header = False
    for row in rows:
        split = split_row(row.cells, row.ruled)
        numbers = any(c.value is not None or c.bad for c in split.values)
        if split.labels and any(w in compact("".join(split.labels)) for w in APPEAL_HEADER_WORDS):
            seen_header = True
        if numbers:
            value_rows.append(split.values)
        elif seen_header and not split.labels and len(split.values) >= 5 and blank_row is None:
            blank_row = split.values  # the values row, every cell left blank
    if not value_rows and blank_row is None:
        return
    mapped.found.add("appeals")
    mapped.template["appeals"] = variant
    mapped.variant_from_document["appeals"] = False
    fields = list(APPEAL_FIELDS)
    as_printed = [c for r in value_rows for c in r] if value_rows else list(blank_row)
    if len(as_printed) == len(fields):
        cells, exact = as_printed, True
    else:
        # Values broken over lines: drop the empty debris at the ends of each line, then fit.
        joined: list[Cell] = []
        for r in value_rows or [blank_row]:
            joined.extend(_trim(r))
        cells, exact = fit(joined, len(fields))
        if not exact:
            # Numbers from elsewhere in the part (a summary box: 行政复议 1件) around the table's own:
            # consecutive lines that fill the fifteen cells exactly are the table.
            run = _exact_run([_trim(r) for r in value_rows], len(fields))
            if run is not None:
                cells, exact = run, True
        if not exact:
            cell_count_issue(mapped, fields, "行政复议、行政诉讼", printed(joined),
                              len(fields), cells is not None)
    mapped.place(fields, cells)


def _trim(cells: list[Cell]) -> list[Cell]:
    start, end = 0, len(cells)
    while start < end and cells[start].blank and not cells[start].text.strip():
        start += 1
    while end > start and cells[end - 1].blank and not cells[end - 1].text.strip():
        end -= 1
    return cells[start:end]


def _exact_run(rows: list[list[Cell]], size: int) -> list[Cell] | None:
    """The one run of consecutive rows holding exactly `size` cells, if there is exactly one."""
    runs = []
    for start in range(len(rows)):
        total: list[Cell] = []
        for row in rows[start:]:
            total = total + row
            if len(total) >= size:
                break
        if len(total) == size:
            runs.append(total)
    return runs[0] if len(runs) == 1 else None
