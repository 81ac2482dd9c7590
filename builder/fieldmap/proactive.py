"""二、主动公开: the proactive-disclosure table, 2019 or 2021 layout, row by row.

Steps: read the rows (labels matched to template rows, headings kept), decide the table's
variant, place each matched row on its section's columns, note the rows not found.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.fieldmap.cells import Cell, SplitRow, split_row
from builder.fieldmap.labels import match_proactive_label
from builder.fieldmap.mapped import Issue, Mapped, cell_count_issue, printed
from builder.fieldmap.settings import DEFAULT, MapSettings
from builder.locate import Row
from builder.template import PROACTIVE_ROWS, PROACTIVE_VARIANT_MARKERS, PROCUREMENT_AMOUNT, fields_of
from builder.template.labels import PROACTIVE_SECTION_WORDS, TEN_THOUSAND_YUAN
from builder.textnorm import compact

VARIANTS = ("2019", "2021")


@dataclass
class _Matched:
    key: str  # the template row
    row: SplitRow
    heading: str  # its section's heading text


def map_proactive(rows: list[Row], year_variant: str, settings: MapSettings = DEFAULT) -> Mapped:
    """The proactive table's fields (empty, its template None, when no row could be placed)."""
    mapped = Mapped()
    matched, header_text = _read_rows(rows)
    if not matched:
        return mapped
    mapped.found.add("proactive")
    variant, from_doc = _variant(matched, header_text, year_variant)
    mapped.template["proactive"] = variant
    mapped.variant_from_document["proactive"] = from_doc
    mapped.unplaced(fields_of("proactive", variant))  # until a row places them
    placed_rows: set[str] = set()
    for m in matched:
        if m.key not in placed_rows:
            placed_rows.add(m.key)
            _place_row(mapped, m, variant, settings)
    _note_missing_rows(mapped, placed_rows, variant)
    return mapped


def _read_rows(rows: list[Row]) -> tuple[list[_Matched], str]:
    """The rows whose label names a template row and that hold values; and the table's heading text."""
    header_text = ""
    matched: list[_Matched] = []
    section_header = ""
    for row in rows:
        split = split_row(row.cells, row.ruled, row.where)
        match = match_proactive_label(split.labels)
        if match is None or not any(c.value is not None or c.blank for c in split.values):
            if split.labels:
                text = compact("".join(split.labels))
                header_text += text
                section_header = text if any(w in text for w in PROACTIVE_SECTION_WORDS) else section_header + text
            continue
        matched.append(_Matched(match.key, split, section_header))
    return matched, header_text


def _variant(matched: list[_Matched], header_text: str, year_variant: str) -> tuple[str, bool]:
    """(the table's variant, whether the document itself says so)."""
    votes = {t: sum(1 for m in markers if compact(m) in header_text) for t, markers in PROACTIVE_VARIANT_MARKERS.items()}
    if votes["2019"] != votes["2021"]:
        return max(votes, key=votes.get), True
    # No headings to go by: the rows' number of cells decides, where it can.
    counts = dict.fromkeys(VARIANTS, 0)
    for m in matched:
        spec = _proactive_row(m.key)
        for t in counts:
            if spec.columns[t] and m.row.fit(len(spec.columns[t]))[1]:
                counts[t] += 1
    if counts["2021"] != counts["2019"]:
        return max(counts, key=counts.get), True
    return year_variant, False


def _columns(m: _Matched, variant: str) -> tuple[str, ...]:
    """The template columns a row's numbers go in. A mixed table prints each section in its own
    variant: the section's column headings say which; where they say nothing, the row's count of numbers may."""
    spec = _proactive_row(m.key)
    said = _variant_of(m.heading)
    if said and spec.columns[said]:
        return spec.columns[said]
    columns = spec.columns[variant]
    other = spec.columns["2021" if variant == "2019" else "2019"]
    if (not columns or not m.row.fit(len(columns))[1]) and other and m.row.fit(len(other))[1]:
        return other
    return columns


def _place_row(mapped: Mapped, m: _Matched, variant: str, settings: MapSettings) -> None:
    columns = _columns(m, variant)
    if not columns:
        return
    fields = [f"proactive.{m.key}.{c}" for c in columns]
    cells, exact = m.row.fit(len(columns))
    mapped.unknown.difference_update(fields)
    if not exact:
        cell_count_issue(mapped, fields, m.row.labels[-1], printed(m.row.values), len(columns), cells is not None)
    if cells is not None and TEN_THOUSAND_YUAN in m.heading and f"proactive.{m.key}.amount_yuan" in fields:
        # The section's heading gives the unit of an amount printed bare.
        cells = [c if c.unit or c.value is None or fld != PROCUREMENT_AMOUNT else Cell(c.text, c.value, unit=TEN_THOUSAND_YUAN, where=c.where)
                 for fld, c in zip(fields, cells, strict=True)]
    mapped.place(fields, cells, settings)


def _note_missing_rows(mapped: Mapped, placed_rows: set[str], variant: str) -> None:
    for row in PROACTIVE_ROWS:
        if row.columns[variant] and row.key not in placed_rows:
            mapped.issues.append(Issue("cell_count", [f"proactive.{row.key}.{c}" for c in row.columns[variant]],
                                       f"主动公开情况表中未找到“{row.labels[-1]}”一行，记为空值。"))


def _variant_of(heading: str) -> str | None:
    """The template variant a section's column headings belong to, if only one."""
    said = {t for t, markers in PROACTIVE_VARIANT_MARKERS.items() if any(compact(m) in heading for m in markers)}
    return said.pop() if len(said) == 1 else None


def _proactive_row(key: str):
    return next(r for r in PROACTIVE_ROWS if r.key == key)
