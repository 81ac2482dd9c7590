"""Read a DOCX report into paragraphs and tables, in the order they sit in the body.

python-docx opens the package; we walk the body's XML children ourselves because
python-docx lists paragraphs and tables separately, losing their order, and walk
each table's grid ourselves because its row.cells fails on some merges. Conventions
(see document.py): a horizontally merged cell appears once per row; a vertically
merged cell repeats its text in every row it spans; a row shorter than the grid is
padded with blank cells.

Layout tables (a table whose cells hold other tables, a common way to frame a
whole report) are unwrapped: their cells are read as if they were body text.
Text boxes become paragraphs after the paragraph that anchors them; HTML a CMS
embedded whole (w:altChunk) is read by the HTML reader.

Bounds (builder.read.limits): the zip's directory is checked before python-docx
opens it (a zip bomb is refused on its declared sizes, which zipfile enforces
when it inflates), spans are clamped, and a table's grid slots are capped.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.table import _Cell

from builder.errors import ReportError
from builder.read.document import Block, Document, Paragraph, Table
from builder.read.limits import LIMITS, refuse

W_P, W_TBL, W_SDT, W_TC = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:tc")
W_T, W_TAB, W_BR, W_CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
W_TXBX, W_ALTCHUNK = qn("w:txbxContent"), qn("w:altChunk")
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

# Spaces inside a cell are layout ("结 果", "\u3000\u3000"), never content.
CELL_SPACES = re.compile(r"[ \t\u3000\xa0]+")
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an old .doc or an encrypted Office file


def read_docx(path: Path) -> Document:
    path = Path(path)
    with path.open("rb") as fh:
        head = fh.read(4)
    if head == OLE_MAGIC:
        raise ReportError("DOCX 文件已加密或实为旧版 .doc 格式 encrypted DOCX or a .doc renamed to .docx")
    check_package(path)
    try:
        package = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReportError("DOCX 文件损坏 corrupt DOCX") from exc
    except Exception as exc:  # lxml.etree.XMLSyntaxError and friends: a broken part inside the zip
        raise ReportError(f"DOCX 文件损坏 corrupt DOCX ({type(exc).__name__})") from exc
    blocks = list(_read_container(package.element.body, package))
    return Document(blocks=_running_heads(package) + blocks, format="docx", pages=_page_count(path, package))


def check_package(path: Path) -> None:
    """Refuse a zip that would inflate past the limits, from its directory alone.

    zipfile never inflates a member past the size its directory declares (it stops there and
    the CRC check fails), so the declared sizes bound what python-docx and lxml will hold.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReportError("DOCX 文件损坏 corrupt DOCX") from exc
    if len(members) > LIMITS.docx_parts:
        raise refuse("DOCX 的部件数", "DOCX parts", len(members), LIMITS.docx_parts)
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > LIMITS.docx_part_bytes:
            raise refuse(f"DOCX 部件 {member.filename[:60]} 解压后的大小", "an inflated DOCX part", member.file_size,
                         LIMITS.docx_part_bytes)
        ratio = member.file_size // max(member.compress_size, 1)
        if member.file_size > LIMITS.docx_ratio_floor and ratio > LIMITS.docx_ratio:
            raise refuse(f"DOCX 部件 {member.filename[:60]} 的压缩比（疑为压缩炸弹）", "a DOCX part's compression ratio (zip bomb?)",
                         ratio, LIMITS.docx_ratio)
    if total > LIMITS.docx_total_bytes:
        raise refuse("DOCX 解压后的总大小", "the inflated DOCX", total, LIMITS.docx_total_bytes)


def _running_heads(package) -> list[Block]:
    """The page header's lines, once, before the body: some reports name the agency only there."""
    seen: set[str] = set()
    out: list[Block] = []
    for section in package.sections:
        for paragraph in section.header.paragraphs:
            text = paragraph.text.strip()
            if text and text not in seen:
                seen.add(text)
                out.append(Paragraph(text=text))
    return out


def _read_container(element, parent) -> list[Block]:
    """Paragraphs and tables of a body, a cell or a content control, in order."""
    blocks: list[Block] = []
    for child in element.iterchildren():
        if child.tag == W_P:
            blocks.extend(_read_paragraph(child, parent))
        elif child.tag == W_TBL:
            blocks.extend(_read_table(DocxTable(child, parent)))
        elif child.tag == W_SDT:  # block-level content control: its content is ordinary body
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                blocks.extend(_read_container(content, parent))
        elif child.tag == W_ALTCHUNK:
            blocks.extend(_read_alt_chunk(child, parent))
    return blocks


def _read_alt_chunk(chunk, parent) -> list[Block]:
    """Content a CMS embedded as HTML or plain text (w:altChunk) instead of Word paragraphs."""
    try:
        part = parent.part.related_parts[chunk.get(qn("r:id"))]
    except (AttributeError, KeyError):
        return []
    if "html" in part.content_type:
        from builder.read.html import decode_html, html_blocks

        return html_blocks(decode_html(part.blob))
    if part.content_type.startswith("text/plain"):
        from builder.read.html import decode_html

        return [Paragraph(line.strip()) for line in decode_html(part.blob).splitlines() if line.strip()]
    return []


def _run_text(p) -> str:
    """The text of one w:p, leaving out text boxes, fallback copies and deleted text."""
    out = []
    for el in p.iter(W_T, W_TAB, W_BR, W_CR):
        if _inside(el, p, (W_TXBX, MC_FALLBACK)):
            continue
        if el.tag == W_T:
            out.append(el.text or "")
        elif el.tag == W_TAB:
            out.append("\t")
        elif el.tag == W_BR and el.get(qn("w:type")) == "page":
            continue
        else:
            out.append("\n")
    return "".join(out)


def _inside(el, stop, tags) -> bool:
    node = el.getparent()
    while node is not None and node is not stop:
        if node.tag in tags:
            return True
        node = node.getparent()
    return False


def _read_paragraph(p, parent) -> list[Block]:
    blocks: list[Block] = []
    text = _run_text(p).strip()
    if text:
        blocks.append(Paragraph(text))
    # Text boxes: each is a small body of its own. Word writes every box twice (the
    # DrawingML box and a VML fallback); we read the first and skip fallbacks.
    for box in p.iter(W_TXBX):
        if _inside(box, p, (MC_FALLBACK, W_TXBX)):
            continue
        blocks.extend(_read_container(box, parent))
    return blocks


def _cell_text(tc) -> str:
    """A cell's text: its paragraphs (and any nested table's cells) one per line, spaces removed."""
    lines = []
    for p in tc.iter(W_P):
        if _inside(p, tc, (MC_FALLBACK,)):
            continue
        line = CELL_SPACES.sub("", _run_text(p))
        if line:
            lines.append(line)
    return "\n".join(lines)


def _read_table(table: DocxTable) -> list[Block]:
    if any(cell.find(".//" + W_TBL) is not None for cell in table._tbl.iter(W_TC)):
        return _unwrap_layout_table(table)
    rows = _table_rows(table._tbl)
    if all(len(row) <= 1 for row in rows):  # one column: a frame around text (a title box), not data
        return [Paragraph(line) for row in rows for cell in row for line in cell.split("\n") if line]
    return [Table(rows=rows)]


def _table_rows(tbl) -> list[list[str]]:
    """Cell texts per row: a horizontal merge once, a vertical merge's text repeated in each row,
    empty grid columns before or after a short row as blank cells.

    Walked here rather than with python-docx's row.cells, which fails on a vertical merge that
    "continues" in a table's first row (tables split in Word leave such rows behind).
    """
    width = len(tbl.tblGrid.gridCol_lst) if tbl.tblGrid is not None else 0
    rows, above = [], {}  # above: grid column → text of the row above, to resolve vMerge="continue"
    slots = 0
    for tr in tbl.tr_lst:
        before = min(_grid_skip(tr, "w:gridBefore"), LIMITS.colspan)
        cells, here, g = [""] * before, {}, before
        for tc in tr.tc_lst:
            text = above.get(g, "") if tc.vMerge == "continue" else _cell_text(tc)
            span = min(_grid_span(tc), LIMITS.colspan)  # Word's own grid allows 63 columns
            for dg in range(span):
                here[g + dg] = text
            cells.append(text)
            g += span
        slots += max(g, width)
        if slots > LIMITS.table_slots:
            raise refuse("DOCX 表格的单元格数", "a DOCX table's grid (rows × columns)", slots, LIMITS.table_slots)
        cells.extend([""] * max(0, width - g))
        rows.append(cells)
        above = here
    return rows


def _grid_span(tc) -> int:
    try:
        return max(1, tc.grid_span)
    except (TypeError, ValueError):  # python-docx parses w:gridSpan lazily: a non-number raises here
        return 1


def _grid_skip(tr, tag: str) -> int:
    trPr = tr.trPr
    el = trPr.find(qn(tag)) if trPr is not None else None
    try:
        return int(el.get(qn("w:val"))) if el is not None else 0
    except (TypeError, ValueError):
        return 0


def _unwrap_layout_table(table: DocxTable) -> list[Block]:
    """A table holding tables is page layout: read each cell as body text, in reading order."""
    blocks: list[Block] = []
    for tr in table._tbl.tr_lst:
        for tc in tr.tc_lst:
            if tc.vMerge != "continue":  # a vertical merge's content sits in its first cell
                blocks.extend(_read_container(tc, _Cell(tc, table)))
    return blocks


def _page_count(path: Path, package) -> int:
    """Pages as Word last counted them (docProps/app.xml), else rendered page breaks + 1."""
    try:
        with zipfile.ZipFile(path) as zf:
            app = zf.read("docProps/app.xml").decode("utf-8", "replace")
        match = re.search(r"<(?:\w+:)?Pages>(\d+)<", app)
        if match and int(match.group(1)) > 0:
            return int(match.group(1))
    except (KeyError, zipfile.BadZipFile):
        pass
    body = package.element.body
    breaks = len(body.findall(".//" + qn("w:lastRenderedPageBreak")))
    breaks += sum(1 for br in body.iter(W_BR) if br.get(qn("w:type")) == "page")
    return breaks + 1
