"""四、复议诉讼: the appeals table's fifteen numbers, however the lines broke them.

Steps: read the rows (the values lines, the heading lines, a values row left all blank), then
place the fifteen numbers: as printed, joined over broken lines, the one run of lines that fills
the table, or column by column by the headings of a table with columns the template lacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.fieldmap.cells import Cell, fit, split_row
from builder.fieldmap.mapped import Issue, Mapped, cell_count_issue, printed
from builder.fieldmap.settings import DEFAULT, MapSettings
from builder.locate import Row
from builder.template import (
    APPEAL_FIELDS,
    APPEAL_GROUP_WORDS,
    APPEAL_GROUPS,
    APPEAL_HEADER_WORDS,
    APPEAL_OUTCOME_WORDS,
)
from builder.textnorm import compact


@dataclass
class _Read:
    value_rows: list[list[Cell]] = field(default_factory=list)  # lines with numbers
    blank_row: list[Cell] | None = None  # the values row, every cell left blank
    headers: list[list[str]] = field(default_factory=list)  # heading lines, as printed


def map_appeals(rows: list[Row], variant: str, settings: MapSettings = DEFAULT) -> Mapped:
    """The appeals table's fields (empty, its template None, when the table has no values row)."""
    mapped = Mapped()
    read = _read_rows(rows, settings)
    if not read.value_rows and read.blank_row is None:
        return mapped
    mapped.found.add("appeals")
    mapped.template["appeals"] = variant
    mapped.variant_from_document["appeals"] = False
    fields = list(APPEAL_FIELDS)
    as_printed = [c for r in read.value_rows for c in r] if read.value_rows else list(read.blank_row)
    if len(as_printed) == len(fields):
        mapped.place(fields, as_printed, settings)
        return mapped
    # Values broken over lines: drop the empty debris at the ends of each line, then fit.
    joined = [c for r in read.value_rows or [read.blank_row] for c in _trim(r)]
    cells, exact = fit(joined, len(fields))
    if not exact:
        # Numbers from elsewhere in the part (a summary box: 行政复议 1件) around the table's own:
        # consecutive lines that fill the fifteen cells exactly are the table.
        run = _exact_run([_trim(r) for r in read.value_rows], len(fields))
        if run is not None:
            cells, exact = run, True
    if not exact and len(read.value_rows) == 1 and _place_by_headings(mapped, read, settings):
        return mapped
    if not exact:
        cell_count_issue(mapped, fields, "行政复议、行政诉讼", printed(joined), len(fields), cells is not None, joined)
    mapped.place(fields, cells, settings)
    return mapped


def _read_rows(rows: list[Row], settings: MapSettings) -> _Read:
    read = _Read()
    seen_header = False
    for row in rows:
        split = split_row(row.cells, row.ruled, row.where)
        numbers = any(c.value is not None or c.bad for c in split.values)
        if split.labels and any(w in compact("".join(split.labels)) for w in APPEAL_HEADER_WORDS):
            seen_header = True
            if not numbers:
                read.headers.append(row.cells)
        if numbers:
            read.value_rows.append(split.values)
        elif (seen_header and not split.labels and len(split.values) >= settings.appeals_blank_row
              and read.blank_row is None):
            read.blank_row = split.values
    return read


def _place_by_headings(mapped: Mapped, read: _Read, settings: MapSettings) -> bool:
    """A table with columns the template lacks or without some (no 总计, only 行政复议, an extra
    合计 group): its headings name every column, so each number still has its one place."""
    values = read.value_rows[0]
    named = _by_headings(read.headers, values)
    if named is None:
        return False
    fields = list(APPEAL_FIELDS)
    mapped.issues.append(Issue("cell_count", [f for f in fields if f not in named],
        f"行政复议、行政诉讼表有 {len(values)} 个数字，模板规定 {len(fields)} 个单元格；"
        "已按表头逐列填入，表中没有的单元格记为空值。"))
    mapped.place(list(named), list(named.values()), settings)
    mapped.place([f for f in fields if f not in named], None)
    return True


def _by_headings(headers: list[list[str]], values: list[Cell]) -> dict[str, Cell] | None:
    """Each value's field from the group and outcome headings above its column, when the headings
    are as wide as the values row and name every column once."""
    width = len(values)
    if not headers or any(len(h) != width for h in headers):
        return None
    group: list[str | None] = [None] * width
    outcome: list[str | None] = [None] * width
    for header in headers:
        _read_heading(header, group, outcome)
    placed: dict[str, Cell] = {}
    for j, cell in enumerate(values):
        if group[j] == "sum":
            continue
        if group[j] not in APPEAL_GROUPS or outcome[j] is None:
            return None
        name = f"appeals.{group[j]}.{outcome[j]}"
        if name in placed:
            return None
        placed[name] = cell
    return placed


def _read_heading(header: list[str], group: list[str | None], outcome: list[str | None]) -> None:
    """One heading line's groups and outcomes, column by column, into `group` and `outcome`."""
    current = None
    for j, text in enumerate(header):
        words = compact(text)
        named = next((g for word, g in APPEAL_GROUP_WORDS if word in words), None)
        if named or words in APPEAL_OUTCOME_WORDS:
            current = named  # a group heading spans the blank cells to its right, up to the next heading
        if named and named != "litigation":
            group[j] = named  # a heading over this very column
        elif current and group[j] in (None, "litigation") and (current != "litigation" or group[j] is None):
            group[j] = current  # spanned from its left, never over a heading named above
        if words in APPEAL_OUTCOME_WORDS:
            outcome[j] = APPEAL_OUTCOME_WORDS[words]


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
