"""Step 3: place the numbers of each table's rows on the contract's field ids.

For each table: decide the template variant from what the table itself
prints (per table — real reports mix them), match every row's label to the
template's row, and fit its numbers to the template's cells. What cannot be
placed with certainty stays null and is reported as an issue (`cell_count`,
`bad_number`); cells printed blank stay null and are remembered as blank.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.fieldmap.cells import Cell, SplitRow, fit, split_row
from builder.fieldmap.labels import match_proactive_label, match_request_label
from builder.locate import Located, Row
from builder.template import (
    APPEAL_FIELDS,
    APPEAL_HEADER_WORDS,
    APPLICANT_COLUMNS,
    DECIMAL_FIELDS,
    PROACTIVE_ROWS,
    PROACTIVE_VARIANT_MARKERS,
    PROCUREMENT_AMOUNT,
    REQUEST_ROWS,
    SIGNED_FIELDS,
    TABLES,
    fields_of,
    template_for_year,
)
from builder.textnorm import compact


@dataclass
class Issue:
    rule: str
    fields: list[str]
    detail: str  # one Chinese sentence


@dataclass
class Mapped:
    template: dict[str, str | None]
    values: dict[str, int | float | None] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    blank: set[str] = field(default_factory=set)  # printed blank / "/" …
    unknown: set[str] = field(default_factory=set)  # null because it could not be read with certainty
    issues: list[Issue] = field(default_factory=list)
    variant_from_document: dict[str, bool] = field(default_factory=dict)
    found: set[str] = field(default_factory=set)  # tables that had rows we could place

    def place(self, fields: list[str], cells: list[Cell] | None, why: str = "") -> None:
        """Put cells on fields (None: the row could not be placed; all its fields stay unknown)."""
        if cells is None:
            for f in fields:
                self.values[f] = None
                self.unknown.add(f)
            return
        for f, cell in zip(fields, cells, strict=True):
            value = cell.value
            if cell.bad or (value is not None and not _allowed(f, value)):
                self.values[f] = None
                self.unknown.add(f)
                self.issues.append(Issue("bad_number", [f], f"单元格“{cell.text.strip()}”不是有效的数字{why}。"))
                continue
            if isinstance(value, float) and f not in DECIMAL_FIELDS and value.is_integer():
                value = int(value)
            if f == PROCUREMENT_AMOUNT and cell.unit:
                self.raw[f] = cell.text.strip()
                if cell.unit == "万元":
                    value = _round(value * 10000)
            self.values[f] = value
            if cell.blank:
                self.blank.add(f)


def _allowed(field_id: str, value: int | float) -> bool:
    if value < 0 and field_id not in SIGNED_FIELDS:
        return False
    return field_id in DECIMAL_FIELDS or float(value).is_integer()


def _round(value: float) -> int | float:
    value = round(value, 2)
    return int(value) if float(value).is_integer() else value


def map_tables(located: Located, year: int | None = None) -> Mapped:
    mapped = Mapped(template={t: None for t in TABLES})
    _map_proactive(located.rows["proactive"], mapped)
    year_variant = template_for_year(year) or "2021"
    _map_requests(located.rows["requests"], mapped, year_variant)
    # Both templates print the same appeals table: its variant is the one the year calls for.
    _map_appeals(located.rows["appeals"], mapped, template_for_year(year) or mapped.template["requests"] or "2021")
    return mapped


def _printed(cells: list[Cell]) -> int:
    return sum(1 for c in cells if c.text.strip())


def _cell_count_issue(mapped: Mapped, fields: list[str], label: str, got: int, expected: int, placed: bool) -> None:
    outcome = "各数字相同，已按位置填入" if placed else "无法确定对应关系，记为空值"
    mapped.issues.append(Issue("cell_count", fields,
                               f"“{label}”一行有 {got} 个数字，模板规定 {expected} 个单元格；{outcome}。"))


# ---------------------------------------------------------------- 二、主动公开


def _map_proactive(rows: list[Row], mapped: Mapped) -> None:
    header_text = ""
    matched: list[tuple[str, SplitRow, bool]] = []  # (row key, the row, whether its heading says 万元)
    section_header = ""
    for row in rows:
        split = split_row(row.cells, row.ruled)
        match = match_proactive_label(split.labels)
        if match is None or not any(c.value is not None or c.blank for c in split.values):
            if split.labels:
                text = compact("".join(split.labels))
                header_text += text
                section_header = text if "信息内容" in text or "项" in text else section_header + text
            continue
        matched.append((match.key, split, "万元" in section_header))
    if not matched:
        return
    mapped.found.add("proactive")

    votes = {t: sum(1 for m in markers if compact(m) in header_text) for t, markers in PROACTIVE_VARIANT_MARKERS.items()}
    if votes["2019"] != votes["2021"]:
        variant = max(votes, key=votes.get)
        from_doc = True
    else:  # no headings to go by: the rows' number of cells decides, where it can
        counts = {"2019": 0, "2021": 0}
        for key, split, _ in matched:
            spec = _proactive_row(key)
            for t in counts:
                if spec.columns[t] and split.fit(len(spec.columns[t]))[1]:
                    counts[t] += 1
        variant = "2021" if counts["2021"] > counts["2019"] else "2019"
        from_doc = counts["2021"] != counts["2019"]
    mapped.template["proactive"] = variant
    mapped.variant_from_document["proactive"] = from_doc
    for f in fields_of("proactive", variant):
        mapped.values.setdefault(f, None)
        mapped.unknown.add(f)  # until a row places it

    placed_rows: set[str] = set()
    for key, split, ten_thousand in matched:
        if key in placed_rows:
            continue
        placed_rows.add(key)
        spec = _proactive_row(key)
        columns = spec.columns[variant]
        other = "2021" if variant == "2019" else "2019"
        # A row printed in the other variant's layout (a mixed table): its cell count says so.
        if (not columns or not split.fit(len(columns))[1]) and spec.columns[other] and split.fit(len(spec.columns[other]))[1]:
            columns = spec.columns[other]
        if not columns:
            continue
        fields = [f"proactive.{key}.{c}" for c in columns]
        cells, exact = split.fit(len(columns))
        mapped.unknown.difference_update(fields)
        if not exact:
            _cell_count_issue(mapped, fields, split.labels[-1], _printed(split.values), len(columns), cells is not None)
        if cells is not None and ten_thousand and f"proactive.{key}.amount_yuan" in fields:
            cells = [c if c.unit or c.value is None or fld != PROCUREMENT_AMOUNT else Cell(c.text, c.value, unit="万元")
                     for fld, c in zip(fields, cells, strict=True)]
        mapped.place(fields, cells)


def _proactive_row(key: str):
    return next(r for r in PROACTIVE_ROWS if r.key == key)


# ---------------------------------------------------------------- 三、依申请


def _map_requests(rows: list[Row], mapped: Mapped, year_variant: str) -> None:
    data: list[tuple[str | None, SplitRow]] = []  # (row key, "group:…" or None; the row)
    pending: list[str] = []  # labels of a row whose numbers (or the rest of the label) are on the next line
    for row in rows:
        split = split_row(row.cells, row.ruled)
        labels, values = split.labels, split.values
        has_values = any(c.value is not None or c.bad for c in values) or (
            len(values) >= 3 and all(c.blank for c in values))
        if pending and (not labels or match_request_label(labels) is None):
            labels = pending + labels
        pending = []
        match = match_request_label(labels)
        key = match.key if match else None
        if not has_values:
            if key == "other":  # （六）其他处理 printed as the 2021 heading of its three sub-rows
                data.append(("group:其他处理", SplitRow(labels, [])))
            elif key is None or not key.startswith("group:"):
                pending = labels
            continue
        data.append((key, SplitRow(labels, values, split.ruled)))

    keys = {key for key, _ in data}
    if not keys - {None, "group:其他处理"} - {k for k in keys if k and k.startswith("group:")}:
        return
    mapped.found.add("requests")

    has_2021_rows = bool(keys & {"other_no_correction", "other_fee_unpaid", "other_misc"})
    if has_2021_rows or ("group:其他处理" in keys and "other" not in keys):
        variant: str | None = "2021"
    elif "other" in keys:
        variant = "2019"
    else:
        variant = None
    mapped.template["requests"] = variant or year_variant
    mapped.variant_from_document["requests"] = variant is not None
    expected_rows = [r.key for r in REQUEST_ROWS if mapped.template["requests"] in r.templates]

    # A row whose label says nothing clear, alone between two rows that do, is the row between them.
    for i, (key, split) in enumerate(data):
        if key is not None:
            continue
        before = next((k for k, _ in reversed(data[:i]) if k in expected_rows), None)
        after = next((k for k, _ in data[i + 1:] if k in expected_rows), None)
        if before and after and expected_rows.index(after) - expected_rows.index(before) == 2:
            between = expected_rows[expected_rows.index(before) + 1]
            if between not in keys:
                data[i] = (between, split)
                keys.add(between)

    for key in expected_rows:
        for col in APPLICANT_COLUMNS:
            mapped.values[f"requests.{key}.{col}"] = None
            mapped.unknown.add(f"requests.{key}.{col}")
    seen: set[str] = set()
    for key, split in data:
        if key not in expected_rows or key in seen:
            continue
        seen.add(key)
        fields = [f"requests.{key}.{col}" for col in APPLICANT_COLUMNS]
        cells, exact = split.fit(len(APPLICANT_COLUMNS))
        mapped.unknown.difference_update(fields)
        if not exact:
            _cell_count_issue(mapped, fields, split.labels[-1] if split.labels else key,
                              _printed(split.values), len(APPLICANT_COLUMNS), cells is not None)
        mapped.place(fields, cells)


# ---------------------------------------------------------------- 四、复议诉讼


def _map_appeals(rows: list[Row], mapped: Mapped, variant: str) -> None:
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
    printed = [c for r in value_rows for c in r] if value_rows else list(blank_row)
    if len(printed) == len(fields):
        cells, exact = printed, True
    else:
        # Values broken over lines: drop the empty debris at the ends of each line, then fit.
        joined: list[Cell] = []
        for r in value_rows or [blank_row]:
            joined.extend(_trim(r))
        cells, exact = fit(joined, len(fields))
        if not exact:
            _cell_count_issue(mapped, fields, "行政复议、行政诉讼", _printed(joined),
                              len(fields), cells is not None)
    mapped.place(fields, cells)


def _trim(cells: list[Cell]) -> list[Cell]:
    start, end = 0, len(cells)
    while start < end and cells[start].blank and not cells[start].text.strip():
        start += 1
    while end > start and cells[end - 1].blank and not cells[end - 1].text.strip():
        end -= 1
    return cells[start:end]
