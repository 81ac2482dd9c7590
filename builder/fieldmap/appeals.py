"""四、复议诉讼: the appeals table's fifteen numbers, however the lines broke them."""

from __future__ import annotations

from builder.fieldmap.cells import Cell, fit, split_row
from builder.fieldmap.mapped import Issue, Mapped, cell_count_issue, printed
from builder.locate import Row
from builder.template import (
    APPEAL_FIELDS,
    APPEAL_GROUP_WORDS,
    APPEAL_GROUPS,
    APPEAL_HEADER_WORDS,
    APPEAL_OUTCOME_WORDS,
)
from builder.textnorm import compact


def map_appeals(rows: list[Row], mapped: Mapped, variant: str) -> None:
    value_rows: list[list[Cell]] = []
    blank_row: list[Cell] | None = None
    seen_header = False
    headers: list[list[str]] = []
    for row in rows:
        split = split_row(row.cells, row.ruled)
        numbers = any(c.value is not None or c.bad for c in split.values)
        if split.labels and any(w in compact("".join(split.labels)) for w in APPEAL_HEADER_WORDS):
            seen_header = True
            if not numbers:
                headers.append(row.cells)
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
        if not exact and len(value_rows) == 1:
            # A table with columns the template lacks or without some (no 总计, only 行政复议, an extra
            # 合计 group): its headings name every column, so each number still has its one place.
            named = _by_headings(headers, value_rows[0])
            if named is not None:
                mapped.issues.append(Issue("cell_count", [f for f in fields if f not in named],
                    f"行政复议、行政诉讼表有 {len(value_rows[0])} 个数字，模板规定 {len(fields)} 个单元格；"
                    "已按表头逐列填入，表中没有的单元格记为空值。"))
                mapped.place(list(named), list(named.values()))
                for f in fields:
                    if f not in named:
                        mapped.values[f] = None
                        mapped.unknown.add(f)
                return
        if not exact:
            cell_count_issue(mapped, fields, "行政复议、行政诉讼", printed(joined),
                              len(fields), cells is not None)
    mapped.place(fields, cells)


def _by_headings(headers: list[list[str]], values: list[Cell]) -> dict[str, Cell] | None:
    """Each value's field from the group and outcome headings above its column, when the headings
    are as wide as the values row and name every column once."""
    width = len(values)
    if not headers or any(len(h) != width for h in headers):
        return None
    group: list[str | None] = [None] * width
    outcome: list[str | None] = [None] * width
    for header in headers:
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
    placed: dict[str, Cell] = {}
    for j, cell in enumerate(values):
        if group[j] == "sum":
            continue
        if group[j] not in APPEAL_GROUPS or outcome[j] is None:
            return None
        field = f"appeals.{group[j]}.{outcome[j]}"
        if field in placed:
            return None
        placed[field] = cell
    return placed


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
