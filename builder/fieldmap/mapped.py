"""What the field mapper produces: values by field id, and what it could not be sure of.

One `Mapped` per table (each mapper returns its own), combined by `Mapped.combined` into the
report's: the published record carries all of it (values, raw, blank, unknown, notes,
template_from_document; see builder.record) so the checks can be recomputed from the record alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from builder.fieldmap.cells import Cell
from builder.fieldmap.settings import DEFAULT, MapSettings
from builder.template import DECIMAL_FIELDS, MONEY_UNITS, SIGNED_FIELDS, TABLES, YUAN_PER


@dataclass
class Issue:
    rule: str
    fields: list[str]
    detail: str  # one Chinese sentence
    # A row left unplaced for too few numbers: the numbers it printed, in order (builder.derive
    # finds the cells its arithmetic makes certain). None otherwise.
    printed: list[int | float] | None = None

    def as_note(self) -> dict:
        """The record's form of it (builder.record.Note)."""
        note = {"rule": self.rule, "fields": list(self.fields), "detail": self.detail}
        if self.printed is not None:
            note["printed"] = list(self.printed)
        return note


@dataclass
class Mapped:
    template: dict[str, str | None] = field(default_factory=lambda: {t: None for t in TABLES})
    values: dict[str, int | float | None] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    blank: set[str] = field(default_factory=set)  # printed blank / "/" …
    unknown: set[str] = field(default_factory=set)  # null because it could not be read with certainty
    issues: list[Issue] = field(default_factory=list)
    variant_from_document: dict[str, bool] = field(default_factory=dict)
    found: set[str] = field(default_factory=set)  # tables that had rows we could place
    # The cell each field was placed from (its text as printed, and where: Cell.where): the record's
    # provenance. A field no cell could be placed on has none.
    placed_from: dict[str, Cell] = field(default_factory=dict)

    @classmethod
    def combined(cls, parts: Iterable[Mapped]) -> Mapped:
        """One report's mapping from its tables' (in table order: values keep the order they were placed in)."""
        out = cls()
        for part in parts:
            out.template.update({t: v for t, v in part.template.items() if v is not None})
            out.values.update(part.values)
            out.raw.update(part.raw)
            out.blank |= part.blank
            out.unknown |= part.unknown
            out.issues += part.issues
            out.variant_from_document.update(part.variant_from_document)
            out.found |= part.found
            out.placed_from.update(part.placed_from)
        return out

    def unplaced(self, fields: Iterable[str]) -> None:
        """Fields of the table that no row has placed (yet): null, and unknown."""
        for f in fields:
            self.values.setdefault(f, None)
            self.unknown.add(f)

    def place(self, fields: list[str], cells: list[Cell] | None, settings: MapSettings = DEFAULT) -> None:
        """Put cells on fields (None: the row could not be placed; all its fields stay unknown)."""
        if cells is None:
            for f in fields:
                self.values[f] = None
                self.unknown.add(f)
                self.placed_from.pop(f, None)
            return
        self.unknown.difference_update(fields)
        for f, cell in zip(fields, cells, strict=True):
            self._place_cell(f, cell, settings)

    def _place_cell(self, f: str, cell: Cell, settings: MapSettings) -> None:
        self.placed_from[f] = cell
        value = cell.value
        if cell.bad or (value is not None and not _allowed(f, value)):
            self.values[f] = None
            self.unknown.add(f)
            self.issues.append(Issue("bad_number", [f], f"单元格“{cell.text.strip()}”不是有效的数字。"))
            return
        if isinstance(value, float) and f not in DECIMAL_FIELDS and value.is_integer():
            value = int(value)
        if f in MONEY_UNITS and cell.unit in YUAN_PER and value is not None:
            # 35.6万元 in a 元 field, 14800元 in a 万元 field: converted, the printed text kept.
            self.raw[f] = cell.text.strip()
            value = _round(value * YUAN_PER[cell.unit] / YUAN_PER[MONEY_UNITS[f]], settings.money_decimals)
        self.values[f] = value
        if cell.blank:
            self.blank.add(f)


def _allowed(field_id: str, value: int | float) -> bool:
    if value < 0 and field_id not in SIGNED_FIELDS:
        return False
    return field_id in DECIMAL_FIELDS or float(value).is_integer()


def _round(value: float, decimals: int) -> int | float:
    value = round(value, decimals)
    return int(value) if float(value).is_integer() else value


def printed(cells: list[Cell]) -> int:
    return sum(1 for c in cells if c.text.strip())


def cell_count_issue(mapped: Mapped, fields: list[str], label: str, got: int, expected: int, placed: bool,
                     cells: list[Cell] | None = None) -> None:
    """`cells`: the row's value cells in the fields' order, given where the row was left unplaced."""
    outcome = "各数字相同，已按位置填入" if placed else "无法确定对应关系，记为空值"
    mapped.issues.append(Issue("cell_count", fields,
                               f"“{label}”一行有 {got} 个数字，模板规定 {expected} 个单元格；{outcome}。",
                               printed=None if placed or cells is None else short_row(cells, expected)))


def short_row(cells: list[Cell], expected: int) -> list[int | float] | None:
    """The numbers of a row one short of its `expected` cells, when every printed cell is a number
    (a printed "/" or a word: which field it is cannot be told, so nothing is recorded)."""
    numbers = [c for c in cells if c.text.strip()]
    if len(numbers) != expected - 1 or any(c.value is None for c in numbers):
        return None
    return [c.value for c in numbers]
