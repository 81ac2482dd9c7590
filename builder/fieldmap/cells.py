"""Cells: is it a number, a blank, or a label — and where do a row's values start.

A table row as read is labels followed by value cells, often with debris:
an empty cell left by a merged label, a trailing empty cell, a stray unit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from builder.read.document import Where
from builder.template.numbers import CHANGE, DASHES, DECREASE_WORDS, FOOTNOTE, NULL_TOKENS, NUMBER


@dataclass(frozen=True)
class Cell:
    """One value cell as printed, and what it means."""

    text: str
    value: int | float | None  # None: blank, or not a number (see `bad`)
    blank: bool = False  # printed empty, "/", "—", "无" …
    bad: bool = False  # printed something that is not a number
    unit: str = ""
    # Where it was printed (the record's provenance); not part of what the cell means.
    where: Where | None = field(default=None, compare=False)

    @property
    def is_value(self) -> bool:
        return self.blank or self.value is not None

    def at(self, where: Where | None) -> Cell:
        """The same cell, printed at `where`."""
        if where is None:
            return self
        return Cell(self.text, self.value, self.blank, self.bad, self.unit, where)




@lru_cache(maxsize=16384)  # the mappers ask about each cell several times (is_label, split_row, unstack)
def read_cell(text: str | None) -> Cell:
    raw = "" if text is None else str(text)
    # A footnote mark after a number (121①, 5*) is not a digit: dropped before NFKC turns ① into 1.
    s = FOOTNOTE.sub("", raw.strip())
    s = unicodedata.normalize("NFKC", s).strip().replace("，", ",").replace(" ", "")
    change = CHANGE.match(s)
    if change:
        s = ("-" if change.group(1).startswith(DECREASE_WORDS) else "") + change.group(2) + s[change.end():]
    if s.lower() in NULL_TOKENS or DASHES.match(s):
        return Cell(raw, None, blank=True)
    m = NUMBER.match(s)
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


def split_row(cells: list[str], ruled: bool = True, where: list[Where] | None = None) -> SplitRow:
    """Labels, then the value cells. Text after the numbers (a remarks column: 增长3.9%) ends them.
    `where`, parallel to cells: where each was printed, carried by the value cells."""
    cells, where = _unglue(cells, where)
    kinds = [is_label(text) for text in cells]
    first_number = next((i for i, text in enumerate(cells) if not kinds[i] and read_cell(text).value is not None),
                        None)
    if first_number is None:
        last_label = max((i for i, label in enumerate(kinds) if label), default=-1)
        end = len(cells)
    else:
        last_label = max((i for i in range(first_number) if kinds[i]), default=-1)
        end = next((i for i in range(first_number, len(cells)) if kinds[i]), len(cells))
    labels = [_LONG_SPACE.sub(_one_space, c) for c in cells[: last_label + 1] if c and c.strip()]
    if where is None:
        values = [read_cell(c) for c in cells[last_label + 1:end]]
    else:
        values = [read_cell(c).at(w) for c, w in zip(cells[last_label + 1:end], where[last_label + 1:end], strict=True)]
    return SplitRow(labels, values, ruled)


# A run of more whitespace than any layout leaves inside a label: kept as one character, so that the
# label regexes' \s* (which may start anywhere in a run) cost no more than linear time.
_LONG_SPACE = re.compile(r"\s{9,}")


def _one_space(run: re.Match) -> str:
    return "\n" if "\n" in run.group() else run.group()[0]


# [^\S\n]: spaces within the line only (\s* from every line start over a run of blank lines is quadratic).
_ITEM_START = re.compile(r"(?m)^[^\S\n]*(?:\d{1,2}\s*[.．、]|[（(]\d{1,2}[)）]|[①-⑩])")


def unstack(cells: list[str], where: list[Where] | None = None) -> list[tuple[list[str], list[Where] | None]]:
    """One table row that holds several: k numbered items in the label cell and k numbers, one a line,
    in every value cell (a PDF whose row rules were not drawn). Split into k rows; otherwise as is.
    Each row with its cells' places (a number's: the piece of its cell it was printed in)."""
    values = [i for i, c in enumerate(cells) if c and not is_label(c.split("\n")[0])]
    stacked = [c.split("\n") for c in (cells[i] for i in values)]
    if not values or len({len(lines) for lines in stacked}) != 1 or len(stacked[0]) < 2:
        return [(cells, where)]
    k = len(stacked[0])
    if any(is_label(line) for lines in stacked for line in lines):
        return [(cells, where)]
    label_at = max((i for i in range(values[0]) if cells[i] and is_label(cells[i])), default=None)
    if label_at is None:
        return [(cells, where)]
    starts = [m.start() for m in _ITEM_START.finditer(cells[label_at])]
    if len(starts) != k:
        return [(cells, where)]
    items = [cells[label_at][a:b].strip() for a, b in zip(starts, [*starts[1:], None], strict=True)]
    pieces = {} if where is None else {i: where[i].pieces(cells[i], _line_spans(lines))
                                           for i, lines in zip(values, stacked, strict=True)}
    rows = []
    for n in range(k):
        row = list(cells)
        row_where = None if where is None else list(where)
        row[label_at] = items[n]
        for i, lines in zip(values, stacked, strict=True):
            row[i] = lines[n].strip()
            if row_where is not None:
                row_where[i] = pieces[i][n]
        rows.append((row, row_where))
    return rows


def _line_spans(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each line in the text they were split from at "\n"."""
    spans, start = [], 0
    for line in lines:
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


_WORD = re.compile(r"\S+")


def _unglue(cells: list[str], where: list[Where] | None = None) -> tuple[list[str], list[Where] | None]:
    """Cells a PDF extraction glued together: "0 0 1" in one cell, or a label with its numbers.
    With each piece's place (the part of its cell's box that printed it)."""
    out: list[str] = []
    out_where: list[Where] | None = None if where is None else []
    # later_label[i]: a label follows cell i — computed once from the end (asking it of every
    # cell's tail was quadratic in the row's length).
    later_label = [False] * len(cells)
    for i in range(len(cells) - 2, -1, -1):
        later_label[i] = later_label[i + 1] or is_label(cells[i + 1])
    for i, cell in enumerate(cells):
        text = cell or ""
        if _SEVERAL_NUMBERS.match(text):
            words = list(_WORD.finditer(text))
            out.extend(w.group() for w in words)
            if out_where is not None:
                out_where.extend(where[i].pieces(text, [w.span() for w in words]))
            continue
        match = _LABEL_THEN_NUMBERS.match(text)
        if match and not later_label[i] and is_label(match.group("label")):
            out.append(match.group("label").strip())
            words = list(_WORD.finditer(text, match.start("numbers"), match.end("numbers")))
            out.extend(w.group() for w in words)
            if out_where is not None:
                out_where.append(where[i])  # a label's place is not asked for
                out_where.extend(where[i].pieces(text, [w.span() for w in words]))
            continue
        out.append(cell)
        if out_where is not None:
            out_where.append(where[i])
    return out, out_where


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
    if ruled and len(values) == expected:
        return list(values), True
    floor = expected if ruled else 0
    # Debris trimmed by moving the ends inward (list.pop(0) per cell was quadratic on a long row).
    start, end = 0, len(values)
    while end - start > floor and values[end - 1].blank and not values[end - 1].text.strip():
        end -= 1
    if ruled and end - start == expected:
        return list(values[start:end]), True
    while end - start > floor and values[start].blank and not values[start].text.strip():
        start += 1
    cells = list(values[start:end])
    if len(cells) == expected:
        return cells, True
    if len(cells) > expected:
        windows = {tuple((c.value, c.blank) for c in cells[i:i + expected])
                   for i in range(len(cells) - expected + 1)}
        if len(windows) == 1:
            return cells[:expected], False
    return None, False
