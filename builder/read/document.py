"""What every reader produces: the report as paragraphs and tables, in reading order.

Readers know file formats; they know nothing of the template. A table is a
list of rows, a row a list of cell strings: a horizontally merged cell appears
once, a blank cell is "". A vertically merged label may be repeated in every
row it spans (DOCX, HTML) or appear only in its first row (PDF): the field
mapper reads a row by its last, most specific label, so both work. Text
formats that lost their table structure produce rows by splitting lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Paragraph:
    text: str
    page: int | None = None


@dataclass
class Table:
    rows: list[list[str]]
    page: int | None = None
    # True when the cells are real cells (a ruled PDF table, DOCX, HTML): an empty cell is a blank
    # value. False when cells were recovered by splitting text (tabs, spaces): an empty cell at either
    # end of a row may just be the trace of a merged label or a trailing tab.
    ruled: bool = True


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
