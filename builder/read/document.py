"""What every reader produces: the report as paragraphs and tables, in reading order.

Readers know file formats; they know nothing of the template. A table is a
list of rows, a row a list of cell strings: a horizontally merged cell appears
once, a blank cell is "". A vertically merged label may be repeated in every
row it spans (DOCX, HTML) or appear only in its first row (PDF): the field
mapper reads a row by its last, most specific label, so both work. Text
formats that lost their table structure produce rows by splitting lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Where:
    """Where a cell (or a line) was printed: what the record's `provenance` says of a value.

    page: 1-based; bbox: (x0, top, x1, bottom) in PDF points, pdfplumber's top-left origin; table,
    row, col: 0-based, the table's index among the document's Table blocks and the cell's place in
    its `rows`; line: the 1-based line of a text file. None where the format does not say.
    """

    page: int | None = None
    bbox: Box | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    line: int | None = None
    # The cell's printed characters in the order of its text (pdfplumber char dicts), computed on
    # demand: only a cell whose text the mapper splits ("0 0 1", a label glued to its number) needs
    # them, for the box of the piece.
    glyphs: Callable[[], list[dict]] | None = field(default=None, compare=False, repr=False)

    def piece(self, text: str, start: int, end: int) -> Where:
        """Where text[start:end] of the cell's text was printed (see pieces)."""
        return self.pieces(text, [(start, end)])[0]

    def pieces(self, text: str, spans: list[tuple[int, int]]) -> list[Where]:
        """Where each span text[start:end] of the cell's text was printed: the box of its characters
        (bbox None when the cell's characters cannot be matched to its text one for one)."""
        if self.bbox is None:
            return [self] * len(spans)
        glyphs = self.glyphs() if self.glyphs is not None else None
        printed = [i for i, ch in enumerate(text) if not ch.isspace()]
        if not glyphs or len(glyphs) != len(printed):
            return [replace(self, bbox=None, glyphs=None)] * len(spans)
        out = []
        for start, end in spans:
            chosen = [glyphs[k] for k, i in enumerate(printed) if start <= i < end]
            out.append(replace(self, bbox=boxed(chosen), glyphs=partial(list, chosen)))
        return out


def boxed(chars) -> Box | None:
    """The box around the chars (pdfplumber char dicts)."""
    chars = list(chars)
    if not chars:
        return None
    return (min(c["x0"] for c in chars), min(c["top"] for c in chars),
            max(c["x1"] for c in chars), max(c["bottom"] for c in chars))


@dataclass
class Paragraph:
    text: str
    page: int | None = None
    # The line's place (PDF: its box; text: its line), if the reader knows it. Not part of what the
    # block says: a prose page read by pdfium boxes a line a fraction of a point off pdfplumber.
    where: Where | None = field(default=None, compare=False)


@dataclass
class Table:
    rows: list[list[str]]
    page: int | None = None
    # True when the cells are real cells (a ruled PDF table, DOCX, HTML): an empty cell is a blank
    # value. False when cells were recovered by splitting text (tabs, spaces): an empty cell at either
    # end of a row may just be the trace of a merged label or a trailing tab.
    ruled: bool = True
    # Parallel to rows, one Where per cell: where it was printed. Readers give what they know (a PDF
    # cell's box, a text row's line); read_document() adds the table's index and each cell's row and
    # column, so after reading every table has it.
    where: list[list[Where]] | None = field(default=None, compare=False)


Block = Paragraph | Table


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)
    format: str = ""
    pages: int = 1
    # What the page says about the report outside its text: government meta tags ("meta:PubDate")
    # and the information table above the text ("info-table:发布机构"), as printed. HTML only;
    # the other readers leave it empty.
    meta: dict[str, str] = field(default_factory=dict)
    # True when the text was recognised from page images (OCR): its numbers may be misread.
    ocr: bool = False

    @property
    def text(self) -> str:
        """All text, tables included (cells joined by tabs), for metadata and prose."""
        out = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                out.append(block.text)
            else:
                out.extend("\t".join(row) for row in block.rows)
        return "\n".join(out)

    @property
    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, Paragraph)]
