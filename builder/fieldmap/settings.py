"""Every threshold the field mapper decides by, named, with why — one object, as pdfplumber's
``TableSettings`` gathers a table finder's tolerances.

    from builder.fieldmap import map_tables
    from builder.fieldmap.settings import MapSettings
    mapped = map_tables(located, 2023, MapSettings(label_sure=95))

The defaults are the ones every figure of benchmarks/accuracy.py is measured with.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MapSettings:
    # rapidfuzz similarity (0–100) at which a label names its template row by itself, without
    # numbers beside it or neighbours to confirm it.
    label_sure: int = 90
    # Similarity at which a garbled label may still take, by position, the one template row left
    # between two rows that matched (below it the label says it is something else).
    gap_resemblance: int = 40
    # Label-only lines a wrapped requests label may take from above its numbers (text copied out of a
    # PDF wraps a long label over many short lines) …
    fragments_above: int = 16
    # … and from below them (the rest of a label centred on its numbers in a tall cell).
    fragments_below: int = 2
    # A requests line of at least this many cells, all blank, is a row of values left blank (fewer:
    # debris of a broken line).
    requests_blank_row: int = 3
    # The appeals table's values row printed with every cell blank has at least this many cells.
    appeals_blank_row: int = 5
    # Characters a label must have to be taken for the piece of a heading that a tall merged cell
    # printed on this line (（三）不予 / 公开); one character begins too many headings to say.
    heading_piece_min: int = 2
    # A requests header cell longer than this (in characters) is a sentence, not an applicant column's name.
    column_word_max: int = 6
    # Decimals kept when a money amount is converted between 元 and 万元 (万元 to four places is the yuan).
    money_decimals: int = 4


DEFAULT = MapSettings()
