"""How large an input the readers accept: every bound on a report's size and shape, in one place.

Reports come from strangers by pull request, so every reader works in bounded time and
memory. Each limit is far beyond what a real 年度报告 needs (its three tables have at most
30 rows of 9 cells) and small enough that reading at the limit takes seconds, not minutes.
An input past a limit is refused with a one-line ReportError (see `refuse`), except where a
real report could plausibly carry it: a span attribute is clamped, as browsers do.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.errors import ReportError
from builder.read.document import Block, Document, Paragraph

MiB = 2**20


@dataclass(frozen=True)
class Limits:
    # ---- input size, per format (bytes on disk)
    text_bytes: int = 16 * MiB  # a text dump of a report is ~100 KB; 16 MB is a hundred reports
    html_bytes: int = 16 * MiB  # pages may inline base64 images (a page is ~100 KB); the DOM costs ~10× the bytes
    # ---- DOCX: checked on the zip's directory before python-docx or lxml touch the package
    docx_part_bytes: int = 64 * MiB  # one part inflated (document.xml of a long report: ~1 MB)
    docx_total_bytes: int = 256 * MiB  # all parts inflated: python-docx holds them all in memory
    docx_parts: int = 5000  # members of the zip (a real one has 10–100)
    docx_ratio: int = 200  # inflated / compressed size of a part; Word's XML compresses ~10–40×
    docx_ratio_floor: int = 4 * MiB  # parts smaller than this may compress as well as they like
    # ---- tables
    colspan: int = 1000  # HTML's own cap (HTML spec: colspan is clamped to 1000)
    rowspan: int = 65534  # HTML's own cap (rowspan is clamped to 65534), and never past the table's end
    table_slots: int = 100_000  # grid slots (rows × columns) of one table; a report's largest has ~300
    document_cells: int = 200_000  # cells of all tables together
    document_lines: int = 50_000  # paragraphs and table rows together; a 100-page PDF has ~5,000
    # ---- text
    # A paragraph or text line longer than this is cut into pieces of this length: the regexes that read
    # lines (titles, headings, markup) then see bounded input. A report's longest paragraph is ~1,500.
    line_chars: int = 5_000
    pdf_pages: int = 1000  # a report has 5–50 pages; pdfplumber lays out each page for ~0.1 s


LIMITS = Limits()


def refuse(what: str, english: str, size: int, limit: int) -> ReportError:
    """The one-line error for an input past a limit: …超出上限 … exceeds the limit (Chinese, then English)."""
    return ReportError(f"{what}超出上限 {english} exceeds the limit ({size:,} > {limit:,})")


def bound_document(doc: Document) -> None:
    """Refuse a document with more lines or table cells than the locator and mappers should walk;
    cut paragraphs longer than LIMITS.line_chars into paragraphs of that length."""
    lines = cells = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            lines += 1 + len(block.text) // LIMITS.line_chars
        else:
            lines += len(block.rows)
            cells += sum(len(row) for row in block.rows)
    if lines > LIMITS.document_lines:
        raise refuse("段落和表格行数", "paragraphs and table rows", lines, LIMITS.document_lines)
    if cells > LIMITS.document_cells:
        raise refuse("表格单元格总数", "table cells in all", cells, LIMITS.document_cells)
    if any(isinstance(b, Paragraph) and len(b.text) > LIMITS.line_chars for b in doc.blocks):
        doc.blocks = [piece for block in doc.blocks for piece in _cut(block)]


def _cut(block: Block) -> list[Block]:
    if not isinstance(block, Paragraph) or len(block.text) <= LIMITS.line_chars:
        return [block]
    step = LIMITS.line_chars
    return [Paragraph(block.text[i:i + step], block.page) for i in range(0, len(block.text), step)]
