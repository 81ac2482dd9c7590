"""三、依申请: the requests table, 26 rows × 7 applicant columns, as real layouts break it.

Rows are matched by their labels. Layouts break a row in three ways, all
repaired here only where the repair is certain:

* a label split over lines, its parts above or below the line with the
  numbers (a tall cell whose numbers are centred) — the parts are joined;
* numbers split over two lines — joined when together they fill the row exactly
  and add up (the six applicants to the total): text has no columns to check the order by;
* a label too garbled to match — the row takes the one template row left
  between two rows that did match.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.fieldmap.cells import Cell, SplitRow, split_row, unstack
from builder.fieldmap.labels import EMBEDDED_ITEM, OTHER_GROUP_KEY, Match, match_request_label, resemblance
from builder.fieldmap.mapped import Issue, Mapped, cell_count_issue, printed
from builder.fieldmap.settings import DEFAULT, MapSettings
from builder.locate import Row
from builder.template import (
    APPLICANT_COLUMN_WORDS,
    APPLICANT_COLUMNS,
    APPLICANT_COLUMNS_ZH,
    ORGANISATIONS_ZH,
    REQUEST_GROUPS,
    REQUEST_ROW,
    REQUEST_ROWS,
)
from builder.template.labels import EXTRA_ROW_PREFIXES, SUBTOTAL_WORDS
from builder.textnorm import compact, item_number, label_key, numbering

COLUMNS = len(APPLICANT_COLUMNS)
OTHER_2021 = {"other_no_correction", "other_fee_unpaid", "other_misc"}


@dataclass
class Line:
    """One row as read, and what we made of it."""

    row: SplitRow
    key: str | None = None  # template row key, "group:…" for a heading inside the table, or None
    used: bool = False  # a label fragment joined to another line
    blank_row: int = field(default=DEFAULT.requests_blank_row, repr=False)  # MapSettings.requests_blank_row

    @property
    def has_values(self) -> bool:
        values = self.row.values
        return any(c.value is not None or c.bad for c in values) or (
            len(values) >= self.blank_row and all(c.blank for c in values))

    @property
    def fragment(self) -> bool:
        """A line of label only, not a heading: a piece of a neighbour's label, or a label whose
        numbers are on the next line."""
        return not self.has_values and bool(self.row.labels) and not (self.key or "").startswith("group:")


def map_requests(rows: list[Row], year_variant: str, settings: MapSettings = DEFAULT) -> Mapped:
    """The requests table's fields (empty, its template None, when no row names a template row)."""
    mapped = Mapped()
    lines = _read_lines(rows, settings)
    data = [ln for ln in lines if (ln.has_values or ln.key == OTHER_GROUP_KEY) and not ln.used]
    keys = {ln.key for ln in data}
    if not keys & {r.key for r in REQUEST_ROWS}:
        return mapped
    mapped.found.add("requests")
    variant = _variant(keys)
    mapped.template["requests"] = variant or year_variant
    mapped.variant_from_document["requests"] = variant is not None
    expected = [r.key for r in REQUEST_ROWS if mapped.template["requests"] in r.templates]
    _fill_gaps(data, expected, settings)

    order = _column_order([ln.row for ln in lines if not any(c.value is not None for c in ln.row.values)], settings)
    mapped.unplaced(f"requests.{key}.{col}" for key in expected for col in APPLICANT_COLUMNS)
    chosen = _chosen(data, expected)
    unprinted: set[str] = set()  # applicant columns the table does not print on their own
    for line in data:
        if line.key in expected and chosen.get(line.key) is line:
            unprinted |= _place_line(mapped, line, order, settings)
    _note_unprinted(mapped, unprinted, expected)
    _note_missing_rows(mapped, expected, set(chosen))
    return mapped


def _read_lines(rows: list[Row], settings: MapSettings) -> list[Line]:
    """The table's lines, numbers broken over two lines joined, each with the template row its label names."""
    lines = _join_split_numbers([Line(split_row(cells, r.ruled, where), blank_row=settings.requests_blank_row)
                                 for r in rows for cells, where in unstack(r.cells, r.where)], settings)
    for line in lines:
        line.key = _key(match_request_label(line.row.labels), line.has_values, settings)
    _join_label_fragments(lines, settings)
    return lines


def _variant(keys: set[str | None]) -> str | None:
    """The variant the rows printed say, if they say one."""
    if keys & OTHER_2021 or (OTHER_GROUP_KEY in keys and "other" not in keys):
        return "2021"  # the three （六） sub-rows
    if "other" in keys:
        return "2019"  # the single （六）其他处理 row
    return None


def _chosen(data: list[Line], expected: list[str]) -> dict[str, Line]:
    """A row printed twice (a summary box before the table, a table repeated): the line that fills
    the template's seven cells is the table's; otherwise the first."""
    chosen: dict[str, Line] = {}
    for line in data:
        if line.key in expected and (line.key not in chosen or (not chosen[line.key].row.fit(COLUMNS)[1]
                                                                 and line.row.fit(COLUMNS)[1])):
            chosen[line.key] = line
    return chosen


def _place_line(mapped: Mapped, line: Line, order: list[str] | None, settings: MapSettings) -> set[str]:
    """Place one row's cells by applicant column; the columns it does not print."""
    fields = [f"requests.{line.key}.{col}" for col in APPLICANT_COLUMNS]
    by_column, exact = _by_order(line.row, order)
    label = line.row.labels[-1] if line.row.labels else REQUEST_ROW[line.key].label
    if by_column is None:
        # In the template's column order only (a reordered header: which number is which is less sure).
        cell_count_issue(mapped, fields, label, printed(line.row.values), COLUMNS, False,
                         line.row.values if order is None else None)
        mapped.place(fields, None)
        return set()
    if not exact:
        cell_count_issue(mapped, fields, label, printed(line.row.values), COLUMNS, True)
    present = [col for col in APPLICANT_COLUMNS if col in by_column]
    mapped.place([f"requests.{line.key}.{col}" for col in present], [by_column[col] for col in present], settings)
    return {col for col in APPLICANT_COLUMNS if col not in by_column}


def _note_unprinted(mapped: Mapped, unprinted: set[str], expected: list[str]) -> None:
    if not unprinted:
        return
    missing = [c for c in APPLICANT_COLUMNS if c in unprinted]
    mapped.issues.append(Issue("cell_count", [f"requests.{k}.{c}" for k in expected for c in missing],
                               "依申请公开情况表没有单独印出“" + "”“".join(APPLICANT_COLUMNS_ZH[APPLICANT_COLUMNS.index(c)]
                               for c in missing) + "”栏，按表头逐列填入其余各栏，这些栏记为空值。"))


def _note_missing_rows(mapped: Mapped, expected: list[str], seen: set[str]) -> None:
    for key in expected:
        if key not in seen:
            mapped.issues.append(Issue("cell_count", [f"requests.{key}.{c}" for c in APPLICANT_COLUMNS],
                                       f"依申请公开情况表中未找到“{REQUEST_ROW[key].label}”一行，记为空值。"))


def _column_order(headers: list[SplitRow], settings: MapSettings) -> list[str] | None:
    """The applicant columns in the order the header prints them, when that is not the template's:
    总计 first, a 合计 of the five organisations ("subtotal"), no 总计 column at all, or the five
    organisations as one column ("organisations"). None when the header is the template's or says
    too little to be sure."""
    top = sub = None
    total_word = ""
    for header in headers:
        cells = [compact(c) for c in header.labels]
        kinds = [_column_kind(c, settings) for c in cells]
        if top is None and "natural_person" in kinds and ("total" in kinds or "organisations" in kinds):
            top = [k for k in kinds if k]
            total_word = cells[kinds.index("total")] if "total" in kinds else ""
        # The organisations' own row: their five columns, and a 合计 among them if the report adds one
        # (not the grand total's word repeated down a merged cell).
        org_kinds = [k for k, c in zip(kinds, cells, strict=True)
                     if k in APPLICANT_COLUMNS[1:-1] or (c in SUBTOTAL_WORDS and c != total_word)]
        if sub is None and len(set(org_kinds) - {"total"}) == len(APPLICANT_COLUMNS) - 2:
            sub = ["subtotal" if k == "total" else k for k in org_kinds]
    if top is None:
        return None
    if "total" not in top and any(_column_kind(compact(c), settings) == "total" for h in headers for c in h.labels):
        top.append("total")  # 总计 printed in another heading row (a tall cell at the right): last
    if "organisations" in top and sub:
        i = top.index("organisations")
        top = top[:i] + sub + top[i + 1:]
    # Only a heading that accounts for the organisations (as one column or five) says enough.
    organisations = "organisations" in top or set(APPLICANT_COLUMNS[1:-1]) <= set(top)
    if not organisations or len(set(top)) != len(top) or tuple(top) == APPLICANT_COLUMNS:
        return None
    return top


def _expanded(order: list[str]) -> list[str]:
    """The order with a one-column 法人或其他组织 heading read as its five usual columns."""
    if "organisations" not in order:
        return order
    i = order.index("organisations")
    return order[:i] + list(APPLICANT_COLUMNS[1:-1]) + order[i + 1:]


def _by_order(row: SplitRow, order: list[str] | None) -> tuple[dict[str, Cell] | None, bool]:
    """The row's cells by applicant column: (cells by column, whether the row fits exactly)."""
    layouts = [order, _expanded(order)] if order else [list(APPLICANT_COLUMNS)]
    fits = [(columns, *row.fit(len(columns))) for columns in layouts]
    # A layout the row fills exactly first (7 numbers under a one-column 法人或其他组织 heading are the
    # usual seven); only then one it fits by the all-alike rule.
    for columns, cells, exact in sorted(fits, key=lambda f: not f[2]):
        if cells is not None:
            return dict(zip(columns, cells, strict=True)), exact
    return None, False


def _column_kind(cell: str, settings: MapSettings) -> str | None:
    if ORGANISATIONS_ZH in cell:
        return "organisations"
    if cell.startswith(APPLICANT_COLUMN_WORDS["total"]) or cell in SUBTOTAL_WORDS:
        return "total"
    for key, word in APPLICANT_COLUMN_WORDS.items():
        if key != "total" and word in cell and len(cell) <= settings.column_word_max:
            return key
    return None


def _key(match: Match | None, has_values: bool, settings: MapSettings) -> str | None:
    if match is None:
        return None
    if match.key == "other" and not has_values:
        return OTHER_GROUP_KEY  # （六）其他处理 printed as the 2021 heading of its three sub-rows
    if match.key.startswith("group:") and has_values:
        return None  # numbers beside a heading's words: a fragment of a vertical heading, not the row
    if not has_values and match.score < settings.label_sure and not match.key.startswith("group:"):
        return None  # a label-only line that merely resembles a row: maybe half of a broken label
    return match.key


def _join_split_numbers(lines: list[Line], settings: MapSettings) -> list[Line]:
    """A row's numbers broken over two lines: joined when together they fill the row exactly."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (nxt is not None and line.has_values and nxt.has_values and not line.row.ruled
                and line.row.fit(COLUMNS)[0] is None and nxt.row.fit(COLUMNS)[0] is None):
            first, second = _numbers(line.row.values), _numbers(nxt.row.values)
            own = match_request_label(nxt.row.labels)
            same = match_request_label(line.row.labels + nxt.row.labels)
            names_other_row = own is not None and own.score >= settings.label_sure and (same is None or same.key != own.key)
            # Text has no columns to go by: the order is only trusted when the row adds up.
            if len(first) + len(second) == COLUMNS and not names_other_row and _adds_up(first + second):
                joined = SplitRow(line.row.labels + nxt.row.labels, first + second, ruled=False)
                out.append(Line(joined, blank_row=settings.requests_blank_row))
                i += 2
                continue
        out.append(line)
        i += 1
    return out


def _adds_up(cells: list[Cell]) -> bool:
    values = [c.value for c in cells]
    return None not in values and sum(values[:-1]) == values[-1]


def _numbers(cells: list[Cell]) -> list[Cell]:
    return [c for c in cells if c.text.strip()]


def _join_label_fragments(lines: list[Line], settings: MapSettings) -> None:
    """A line with numbers whose label names nothing clearly: try it with the label fragments
    around it — any run of them just above (a label wrapped over several short lines, as text
    copied out of a PDF has it) and a few just below (the rest of a label centred on its numbers)."""
    for i, line in enumerate(lines):
        if not line.has_values or line.used:
            continue
        own = match_request_label(line.row.labels)
        if own is not None and own.score >= settings.label_sure and line.key is not None:
            continue
        best = _best_join(line, _fragments_above(lines, i, settings), _fragments_below(lines, i, settings), settings)
        if best is None:
            continue
        line.key, pieces = best
        for piece in pieces:
            piece.used = True


def _fragments_above(lines: list[Line], i: int, settings: MapSettings) -> list[Line]:
    """The run of label fragments just above line i. A fragment that starts with numbering
    (3.危及… / （四）…) starts a label: the run stops there; and a line whose own label starts
    with its numbering takes none."""
    above: list[Line] = []
    k = i - 1 if not _starts_label(lines[i], settings) else -1
    while k >= 0 and len(above) < settings.fragments_above and lines[k].fragment and not lines[k].used:
        above.insert(0, lines[k])
        if _starts_label(lines[k], settings):
            break
        k -= 1
    return above


def _fragments_below(lines: list[Line], i: int, settings: MapSettings) -> list[Line]:
    """The label fragments just below line i (none that starts a label of its own: that one is the next row's)."""
    below: list[Line] = []
    k = i + 1
    while (k < len(lines) and len(below) < settings.fragments_below
           and (lines[k].fragment or _blank_continuation(lines[k])) and not _starts_label(lines[k], settings)):
        below.append(lines[k])
        k += 1
    return below


def _best_join(line: Line, above: list[Line], below: list[Line],
               settings: MapSettings) -> tuple[str, list[Line]] | None:
    """(row key, the fragments joined) of the best-matching join of the line's label with some of
    the fragments above and below it; the fewer fragments on a tie."""
    labels = [lab for lab in line.row.labels if not _is_heading(lab, settings)]
    best: tuple[float, int, list[Line], str] | None = None
    for a in range(len(above) + 1):
        for b in range(len(below) + 1):
            pieces = [*above[len(above) - a:], *below[:b]]
            parts = _own_labels(pieces[:a], settings) + labels + _own_labels(pieces[a:], settings)
            if not parts:
                continue
            match = match_request_label(["".join(parts)])
            if match is None or match.key.startswith("group:"):
                continue
            if best is None or (match.score, -(a + b)) > (best[0], -best[1]):
                best = (match.score, a + b, pieces, match.key)
    return None if best is None else (best[3], best[2])


def _own_labels(lines: list[Line], settings: MapSettings) -> list[str]:
    return [lab for ln in lines for lab in ln.row.labels if not _is_heading(lab, settings)]


def _starts_label(line: Line, settings: MapSettings) -> bool:
    """Whether the line's label begins a row label: it starts with numbering, or holds one after a
    neighbouring column's debris (年度办 （二）部分公开)."""
    if not line.row.labels:
        return False
    for label in line.row.labels:  # past the cells of a tall heading printed beside it
        if not _is_heading(label, settings):
            return bool(numbering(label)) or bool(EMBEDDED_ITEM.search(label))
    return False


def _blank_continuation(line: Line) -> bool:
    """The rest of a row broken across a page: label text over cells left blank."""
    values = line.row.values
    return bool(line.row.labels) and bool(values) and all(c.blank for c in values)


def _is_heading(label: str, settings: MapSettings) -> bool:
    """A heading inside the table (（三）不予公开), or the part of one that a tall merged cell printed
    on this line (（三）不予 / 公开)."""
    match = match_request_label([label])
    if match is not None and match.key.startswith("group:"):
        return True
    key = label_key(label)
    return len(key) >= settings.heading_piece_min and any(group.startswith(key) for group in _GROUP_KEYS) and not match


_GROUP_KEYS = [label_key(g) for g in REQUEST_GROUPS]


def _fill_gaps(data: list[Line], expected: list[str], settings: MapSettings) -> None:
    """The one line left unmatched between two matched rows is the one template row between them."""
    order = {key: i for i, key in enumerate(expected)}
    anchors = [(-1, -1)] + [(i, order[ln.key]) for i, ln in enumerate(data) if ln.key in order] + [(len(data), len(expected))]
    taken = {ln.key for ln in data}
    for (i, a), (j, b) in zip(anchors, anchors[1:], strict=False):
        gap = [ln for ln in data[i + 1:j] if ln.key is None and ln.has_values]
        if b - a == 2 and len(gap) == 1 and expected[a + 1] not in taken and _could_be(gap[0], expected[a + 1], settings):
            gap[0].key = expected[a + 1]
            taken.add(gap[0].key)


def _could_be(line: Line, key: str, settings: MapSettings) -> bool:
    """A line may take a row's place by position only if its label does not say it is something else:
    no label, a garbled one that still resembles the row's, or the row's item number. A row the
    template lacks (其中：通过网络申请) must not fill the place of a row the report left out."""
    labels = [lab for lab in line.row.labels if not _is_heading(lab, settings)]
    if not labels:
        return True
    label = "".join(labels)
    if compact(label).startswith(EXTRA_ROW_PREFIXES):
        return False
    row = REQUEST_ROW[key]
    numbered = row.item is not None and item_number(labels[-1]) == row.item
    return numbered or resemblance(label, row.label) >= settings.gap_resemblance
