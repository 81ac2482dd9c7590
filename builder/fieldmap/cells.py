"""Cells: is it a number, a blank, or a label — and where do a row's values start.

A table row as read is labels followed by value cells, often with debris:
an empty cell left by a merged label, a trailing empty cell, a stray unit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from builder.template import NULL_TOKENS

_NUMBER = re.compile(r"^(?P<sign>[+\-]?)(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?P<unit>万元|元|件|条|个|项|人次|次|家)?$")
_DASHES = re.compile(r"^[\-—–－_]+$")


@dataclass(frozen=True)
class Cell:
    """One value cell as printed, and what it means."""

    text: str
    value: int | float | None  # None: blank, or not a number (see `bad`)
    blank: bool = False  # printed empty, "/", "—", "无" …
    bad: bool = False  # printed something that is not a number
    unit: str = ""

    @property
    def is_value(self) -> bool:
        return self.blank or self.value is not None


def read_cell(text: str | None) -> Cell:
    raw = "" if text is None else str(text)
    s = unicodedata.normalize("NFKC", raw).strip().replace("，", ",").replace(" ", "")
    if s.lower() in NULL_TOKENS or _DASHES.match(s):
        return Cell(raw, None, blank=True)
    m = _NUMBER.match(s)
    if not m:
        return Cell(raw, None, bad=True)
    number_text = m.group("sign") + m.group("digits").replace(",", "") + (m.group("frac") or "")
    value: int | float = float(number_text) if m.group("frac") else int(number_text)
    return Cell(raw, value, unit=m.group("unit") or "")


def is_label(text: str | None) -> bool:
    """A cell that names something (has letters), rather than a value or a blank."""
    if text is None:
        return False
    cell = read_cell(text)
    return not cell.is_value


@dataclass
class SplitRow:
    labels: list[str]
    values: list[Cell]  # the value cells after the last label, untrimmed
    ruled: bool = True

    def fit(self, expected: int) -> tuple[list[Cell] | None, bool]:
        return fit(self.values, expected, self.ruled)


_SEVERAL_NUMBERS = re.compile(r"^\s*[\d０-９][\d０-９,，.．]*(?:\s+[\d０-９][\d０-９,，.．]*)+\s*$")
_LABEL_THEN_NUMBERS = re.compile(r"^(?P<label>.*[^\d０-９\s.．、,，])\s+(?P<numbers>[\d０-９][\d０-９,，.．]*(?:\s+[\d０-９][\d０-９,，.．]*)*)\s*$",
                                 re.S)


def split_row(cells: list[str], ruled: bool = True) -> SplitRow:
    """Labels, then the value cells. Text after the numbers (a remarks column: 增长3.9%) ends them."""
    cells = _unglue(cells)
    kinds = [is_label(text) for text in cells]
    first_number = next((i for i, text in enumerate(cells) if not kinds[i] and read_cell(text).value is not None),
                        None)
    if first_number is None:
        last_label = max((i for i, label in enumerate(kinds) if label), default=-1)
        end = len(cells)
    else:
        last_label = max((i for i in range(first_number) if kinds[i]), default=-1)
        end = next((i for i in range(first_number, len(cells)) if kinds[i]), len(cells))
    labels = [c for c in cells[: last_label + 1] if c and c.strip()]
    values = [read_cell(c) for c in cells[last_label + 1:end]]
    return SplitRow(labels, values, ruled)


def _unglue(cells: list[str]) -> list[str]:
    """Cells a PDF extraction glued together: "0 0 1" in one cell, or a label with its numbers."""
    out: list[str] = []
    for i, cell in enumerate(cells):
        text = cell or ""
        if _SEVERAL_NUMBERS.match(text):
            out.extend(text.split())
            continue
        match = _LABEL_THEN_NUMBERS.match(text)
        later_labels = any(is_label(c) for c in cells[i + 1:])
        if match and not later_labels and is_label(match.group("label")):
            out.append(match.group("label").strip())
            out.extend(match.group("numbers").split())
            continue
        out.append(cell)
    return out


def fit(values: list[Cell], expected: int, ruled: bool = True) -> tuple[list[Cell] | None, bool]:
    """Fit a row's value cells to the template's `expected` cells.

    Returns (cells, exact). In a ruled table every cell is real, so a row of
    exactly `expected` cells fits as it is. Otherwise empty cells at either end
    may be debris of merged label cells or of a trailing tab: they are dropped
    first (in text recovered from tabs they always are: there, an empty edge
    cell cannot be told from debris, so it is never taken for a blank value).
    When too many numbers remain, the row is placed only if every way of
    choosing `expected` consecutive cells gives the same values (e.g. all 0):
    then the placement is certain. Otherwise (None, False): nothing is guessed.
    """
    cells = list(values)
    if ruled and len(cells) == expected:
        return cells, True
    floor = expected if ruled else 0
    while len(cells) > floor and cells[-1].blank and not cells[-1].text.strip():
        cells.pop()
    if ruled and len(cells) == expected:
        return cells, True
    while len(cells) > floor and cells[0].blank and not cells[0].text.strip():
        cells.pop(0)
    if len(cells) == expected:
        return cells, True
    if len(cells) > expected:
        windows = {tuple((c.value, c.blank) for c in cells[i:i + expected])
                   for i in range(len(cells) - expected + 1)}
        if len(windows) == 1:
            return cells[:expected], False
    return None, False
