"""Read a DOCX report into paragraphs and tables, in the order they sit in the body.

python-docx opens the package and resolves merged cells; we walk the body's XML
children ourselves because python-docx lists paragraphs and tables separately,
losing their order. Conventions (see document.py): a horizontally merged cell
appears once per row; a vertically merged cell repeats its text in every row it
spans (python-docx hands back the top cell for each continuation, so it does).

Layout tables (a table whose cells hold other tables, a common way to frame a
whole report) are unwrapped: their cells are read as if they were body text.
Text boxes become paragraphs after the paragraph that anchors them.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table as DocxTable

from builder.errors import ReportError
from builder.read.document import Block, Document, Paragraph, Table

W_P, W_TBL, W_SDT, W_TC = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:tc")
W_T, W_TAB, W_BR, W_CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
W_TXBX = qn("w:txbxContent")
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
    try:
        package = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReportError("DOCX 文件损坏 corrupt DOCX") from exc
    except Exception as exc:  # lxml.etree.XMLSyntaxError and friends: a broken part inside the zip
        raise ReportError(f"DOCX 文件损坏 corrupt DOCX ({type(exc).__name__})") from exc
    blocks = list(_read_container(package.element.body, package))
    return Document(blocks=blocks, format="docx", pages=_page_count(path, package))


def _read_container(element, parent) -> list[Block]:
    """Paragraphs and tables of a body, a cell or a content control, in order."""
    blocks: list[Block] = []
    for child in element.iterchildren():
        if child.tag == W_P:
            blocks.extend(_read_paragraph(child))
        elif child.tag == W_TBL:
            blocks.extend(_read_table(DocxTable(child, parent)))
        elif child.tag == W_SDT:  # block-level content control: its content is ordinary body
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                blocks.extend(_read_container(content, parent))
    return blocks


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


def _read_paragraph(p) -> list[Block]:
    blocks: list[Block] = []
    text = _run_text(p).strip()
    if text:
        blocks.append(Paragraph(text))
    # Text boxes: each is a small body of its own. Word writes every box twice (the
    # DrawingML box and a VML fallback); we read the first and skip fallbacks.
    for box in p.iter(W_TXBX):
        if _inside(box, p, (MC_FALLBACK, W_TXBX)):
            continue
        blocks.extend(_read_container(box, None))
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
    rows = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            if cell._tc is previous:  # python-docx repeats a horizontally merged cell: keep it once
                continue
            previous = cell._tc
            cells.append(_cell_text(cell._tc))
        rows.append(cells)
    if all(len(row) <= 1 for row in rows):  # one column: a frame around text (a title box), not data
        return [Paragraph(line) for row in rows for cell in row for line in cell.split("\n") if line]
    return [Table(rows=rows)]


def _unwrap_layout_table(table: DocxTable) -> list[Block]:
    """A table holding tables is page layout: read each cell as body text, in reading order."""
    blocks: list[Block] = []
    seen: list = []  # w:tc elements already read (a merged cell comes back once per grid slot)
    for row in table.rows:
        for cell in row.cells:
            if any(cell._tc is tc for tc in seen):
                continue
            seen.append(cell._tc)
            blocks.extend(_read_container(cell._tc, cell))
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
