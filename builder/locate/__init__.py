"""Step 2: find the six parts and the rows of the three official tables.

Part headings (一、总体情况 … 六、其他需要报告的事项) split the text. Table rows are
assigned to a table by what they say (the template's row and column labels)
and, where they say too little (a block of bare numbers continued on the next
page), by the part they sit in or the table before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.read.document import Document, Paragraph, Table, Where
from builder.template import PARTS, TABLES
from builder.template.labels import PART_HEADING, TABLE_MARKERS
from builder.template.numbers import NUMERALS_ZH
from builder.textnorm import compact


@dataclass
class Row:
    cells: list[str]
    page: int | None = None
    ruled: bool = True  # see builder.read.document.Table.ruled
    where: list[Where] | None = None  # parallel to cells: where each was printed


@dataclass
class Located:
    parts: dict[str, str]  # part key → text ("" when absent)
    found_parts: set[str]  # parts whose heading was found
    rows: dict[str, list[Row]]  # table → its rows, in order
    preamble: list[str]  # lines before the first part heading (title, introduction)
    paragraphs: list[str]  # every paragraph line, in order


def heading_part(text: str, after: int) -> int | None:
    """Index of the part this line is the heading of, if it is one (parts come in order)."""
    line = compact(text)
    if not line or len(line) > 40:
        return None
    match = PART_HEADING.match(line)
    if match:
        index = NUMERALS_ZH.index(match.group(1) or match.group(2))
        if index < len(PARTS) and index > after and any(k in line for k in PARTS[index].keywords):
            return index
        return None
    # An unnumbered heading: the template's own title, nothing more.
    for index, part in enumerate(PARTS):
        if index > after and line.rstrip("：:") == compact(part.title):
            return index
    return None


def table_of_row(cells: list[str]) -> str | None:
    """The table a row's words point to, if they point to exactly one."""
    text = compact("".join(cells))
    scores = {table: sum(1 for m in markers if m in text) for table, markers in TABLE_MARKERS.items()}
    best = max(scores, key=scores.get)
    if scores[best] == 0 or list(scores.values()).count(scores[best]) > 1:
        return None
    return best


def locate(doc: Document) -> Located:
    walk = _Walk()
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            walk.paragraph(block)
        else:
            assert isinstance(block, Table)
            walk.table(block)
    parts = {part.key: "\n".join(walk.part_lines[i]).strip() for i, part in enumerate(PARTS)}
    found = {PARTS[i].key for i in range(len(PARTS)) if _heading_seen(i, doc)}
    return Located(parts=parts, found_parts=found, rows=walk.rows, preamble=walk.preamble,
                   paragraphs=walk.paragraphs)


class _Walk:
    """The walk through a document's blocks in order: the part we are in, the table rows go to."""

    def __init__(self):
        self.part_lines: dict[int, list[str]] = {i: [] for i in range(len(PARTS))}
        self.preamble: list[str] = []
        self.paragraphs: list[str] = []
        self.rows: dict[str, list[Row]] = {t: [] for t in TABLES}
        self.current = -1  # index of the part we are in
        self.last_table: str | None = None  # the table the last row went to

    def part_table(self) -> str | None:
        key = PARTS[self.current].key if self.current >= 0 else None
        return key if key in TABLES else None

    def _heading(self, text: str) -> bool:
        """Whether the line is the next part's heading (then we are in that part)."""
        found = heading_part(text, self.current)
        if found is None:
            return False
        self.current, self.last_table = found, None
        return True

    def paragraph(self, block: Paragraph) -> None:
        if self._heading(block.text):
            return
        self.paragraphs.append(block.text)
        (self.part_lines[self.current] if self.current >= 0 else self.preamble).append(block.text)
        if self.part_table() and _could_be_cell(block.text):
            # In a text dump a table's heading lines and label fragments lose their tabs and come
            # out as lines of their own: offered to the table too, as rows of one label cell.
            self.rows[self.part_table()].append(Row(cells=[block.text], page=block.page, ruled=False,
                                                    where=[block.where or Where(page=block.page)]))

    def table(self, block: Table) -> None:
        for r, cells in enumerate(block.rows):
            nonempty = [c for c in cells if c and c.strip()]
            if len(nonempty) == 1 and self._heading(nonempty[0]):
                continue  # a part heading printed as the table's title row
            table = self._table_of(cells)
            if table is not None:
                self.rows[table].append(Row(cells=list(cells), page=block.page, ruled=block.ruled,
                                            where=block.where[r] if block.where else None))

    def _table_of(self, cells: list[str]) -> str | None:
        """A row that names its table goes there; one that names none continues the table of its
        part, or the table before it."""
        said = table_of_row(cells)
        part = self.part_table()
        if said is not None and said != self.last_table and (part in (None, said) or _strongly(cells, said)):
            self.last_table = said
        if self.last_table is None:
            self.last_table = part
        return self.last_table


def _could_be_cell(text: str) -> bool:
    line = compact(text)
    return 0 < len(line) <= 40 and not re.search(r"。|[；;]$", line)


def _strongly(cells: list[str], table: str) -> bool:
    text = compact("".join(cells))
    return sum(1 for m in TABLE_MARKERS[table] if m in text) >= 2


def _heading_seen(index: int, doc: Document) -> bool:
    """Whether part `index` has a heading anywhere (in order or not: a missing 一 must not hide 二).

    Headings are looked for where the walk in locate() looks: paragraphs, and table rows of one cell.
    """
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            texts = [block.text]
        else:
            texts = [cells[0] for row in block.rows if len(cells := [c for c in row if c and c.strip()]) == 1]
        if any(heading_part(text, index - 1) == index for text in texts):
            return True
    return False
