"""Read an HTML report (as a government site publishes it) into paragraphs and tables.

Decoding: builder.read.encoding, with the page's own <meta charset> /
http-equiv as the declared encoding.

Tables: rowspan/colspan are expanded into a grid; each row keeps a colspan'ed
cell once and repeats a rowspan'ed cell's text in every row it spans (the same
convention as the DOCX reader). A table whose cells hold tables is page layout
and is read as body text. Text outside tables becomes one Paragraph per line,
lines breaking at block elements and <br>.

Bounds (builder.read.limits): the page's size, span values (clamped as browsers
clamp them) and a table's grid slots. Nesting needs no bound of ours: libxml2's
HTML parser stops nesting at depth 255, well inside Python's recursion limit.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from lxml import etree

from builder.errors import ReportError
from builder.read.document import Block, Document, Paragraph, Table
from builder.read.encoding import decode
from builder.read.limits import LIMITS, refuse

# Elements whose text is never report content: scripts, styles, site chrome, forms.
DROP = {"script", "style", "noscript", "template", "nav", "footer", "aside", "iframe",
        "form", "select", "button", "object", "embed", "svg", "head", "title"}
# Site chrome that CMSs mark by class or id rather than by element: whole tokens only,
# so "article-header" or "title" are kept.
CHROME = re.compile(r"^(nav|navbar|navigation|menu|mainmenu|topmenu|header|top|topbar|foot|footer|bottom|"
                    r"crumb|crumbs|breadcrumb|position|location|sidebar|share|toolbar|search|copyright|"
                    r"friendlink|links)$", re.I)
# Elements that start a new line; anything else is inline.
BLOCK = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
         "ol", "dl", "dt", "dd", "blockquote", "pre", "center", "address", "figure", "figcaption",
         "hr", "body", "html", "caption", "tr", "td", "th", "thead", "tbody", "tfoot", "fieldset"}
# A cell's spaces are layout ("结 果", &nbsp; fillers), never content.
CELL_SPACES = re.compile(r"[ \t\r\f\v\u3000\xa0]+")
INLINE_SPACES = re.compile(r"[ \t\r\n\f\v\xa0]+")
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def read_html(path: Path) -> Document:
    size = Path(path).stat().st_size
    if size > LIMITS.html_bytes:
        raise refuse("HTML 文件", "HTML file", size, LIMITS.html_bytes)
    return read_html_bytes(Path(path).read_bytes())


def read_html_bytes(data: bytes) -> Document:
    """A page's bytes (a file, or the HTML part of an MHTML saved as .doc) → blocks and page metadata."""
    if len(data) > LIMITS.html_bytes:
        raise refuse("HTML 文件", "HTML file", len(data), LIMITS.html_bytes)
    text = decode_html(data)
    return Document(blocks=html_blocks(text), format="html", pages=1, meta=page_metadata(text))


def html_blocks(text: str) -> list[Block]:
    """Paragraphs and tables of an HTML page (also used for HTML embedded in a DOCX)."""
    # lxml refuses a str that still carries an XML encoding declaration (XHTML pages).
    text = XML_DECLARATION.sub("", text, count=1)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ReportError("HTML 无法解析 cannot parse HTML") from exc
    _css_tables(root)
    body = root.find("body")
    return _Walker().read(body if body is not None else root)


_CSS_DISPLAY = re.compile(r"display\s*:\s*(table-row|table-cell|table)\b", re.I)
_AS_TABLE = {"table": "table", "table-row": "tr", "table-cell": "td"}


def _css_tables(root) -> None:
    """A table laid out with <div style="display:table-row/table-cell"> is read as the table it shows."""
    for element in root.iter("div", "span", "section", "li", "ul", "p"):
        match = _CSS_DISPLAY.search(element.get("style") or "")
        if match:
            element.tag = _AS_TABLE[match.group(1).lower()]


def decode_html(data: bytes) -> str:
    declared = META_CHARSET.search(data[:16384])
    return decode(data, declared.group(1).decode("ascii") if declared else None)


class _Walker:
    """Walks the DOM once, collecting inline text into lines and tables into Table blocks."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.line: list[str] = []

    def read(self, root) -> list[Block]:
        self._walk(root)
        self._flush()
        return self.blocks

    def _flush(self) -> None:
        text = INLINE_SPACES.sub(" ", "".join(self.line)).strip()
        text = text.strip("\u3000").strip()
        if text:
            self.blocks.append(Paragraph(text))
        self.line = []

    def _walk(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if not tag or tag in DROP or _hidden(el):  # comments, processing instructions, chrome
            if el.tail:
                self.line.append(el.tail)
            return
        if tag == "table":
            self._flush()
            self._table(el)
        elif tag == "br":
            self._flush()
        else:
            if tag in BLOCK:
                self._flush()
            if el.text:
                self.line.append(el.text)
            for child in el:
                self._walk(child)
            if tag in BLOCK:
                self._flush()
        if el.tail:
            self.line.append(el.tail)

    def _table(self, table) -> None:
        rows = _own_rows(table)
        if any(cell.find(".//table") is not None for row in rows for cell in _own_cells(row)):
            # Layout table: a frame around the page. Read its cells as body text.
            for row in rows:
                for cell in _own_cells(row):
                    self._flush()
                    if cell.text:
                        self.line.append(cell.text)
                    for child in cell:
                        self._walk(child)
                    self._flush()
            return
        grid = expand_grid(rows)
        if all(len(row) <= 1 for row in grid):  # one column: a frame around text (a title box), not data
            self.blocks.extend(Paragraph(line) for row in grid for cell in row for line in cell.split("\n") if line)
        elif grid:
            self.blocks.append(Table(rows=grid))


def _hidden(el) -> bool:
    """Invisible, or site chrome (navigation, page header and footer) marked by class or id."""
    style = (el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or el.get("hidden") is not None:
        return True
    if el.tag == "header":  # the page's banner, unless it heads the article (and holds its title)
        return not any(a.tag in ("article", "main") for a in el.iterancestors())
    tokens = (el.get("class") or "").split() + (el.get("id") or "").split()
    return any(CHROME.match(token) for token in tokens)


def _own_rows(table) -> list:
    """The table's own <tr>s (directly or through thead/tbody/tfoot), not those of nested tables."""
    rows = []
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if isinstance(c.tag, str) and c.tag.lower() == "tr")
    return rows


def _own_cells(row) -> list:
    return [c for c in row if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]


_SPAN_CAP = {"colspan": LIMITS.colspan, "rowspan": LIMITS.rowspan}


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int((cell.get(name) or "1").strip()), _SPAN_CAP[name]))
    except ValueError:
        return 1


def expand_grid(rows) -> list[list[str]]:
    """Rows of cell texts: colspan kept once per row, rowspan repeated in each spanned row,
    missing cells (a row shorter than the table) blank."""
    occupied, width = _occupy(rows)
    # A row with fewer cells than the table is wide shows blank space where the cells are
    # missing (editors drop trailing empty <td>s): each missing slot becomes a blank cell.
    if len(rows) * width > LIMITS.table_slots:
        raise _too_large(len(rows) * width)
    return [cells for r in range(len(rows)) if (cells := _grid_row(occupied, r, width)) is not None]


# occupied[(r, c)] = (cell id, text): which source cell covers each grid slot.
# (Cells are numbered, not keyed by id(): lxml's element proxies are recycled.)
_Slots = dict[tuple[int, int], tuple[int, str]]


def _occupy(rows) -> tuple[_Slots, int]:
    """Every grid slot each source cell covers, and the grid's width."""
    occupied: _Slots = {}
    number = 0
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in _own_cells(row):
            number += 1
            while (r, c) in occupied:
                c += 1
            rowspan, colspan = min(_span(cell, "rowspan"), len(rows) - r), _span(cell, "colspan")
            # Spans multiply: checked before the slots are filled, so a hostile span costs nothing.
            if len(occupied) + rowspan * colspan > LIMITS.table_slots:
                raise _too_large(len(occupied) + rowspan * colspan)
            text = cell_text(cell)
            occupied.update(((r + dr, c + dc), (number, text)) for dr in range(rowspan) for dc in range(colspan))
            c += colspan
            width = max(width, c)
    return occupied, width


def _grid_row(occupied: _Slots, r: int, width: int) -> list[str] | None:
    """Grid row r, one text per source cell (a colspan once); None when no cell reaches the row."""
    if not any((r, c) in occupied for c in range(width)):
        return None
    cells, previous = [], None
    for c in range(width):
        cell_id, text = occupied.get((r, c), (None, ""))
        if cell_id is not None and cell_id == previous:
            continue
        previous = cell_id
        cells.append(text)
    return cells


def _too_large(slots: int) -> ReportError:
    return refuse("HTML 表格的单元格数", "an HTML table's grid (rows × columns)", slots, LIMITS.table_slots)


def cell_text(cell) -> str:
    """A cell's text with <br> and block children as line breaks, spaces and &nbsp; removed."""
    parts: list[str] = []
    if cell.text:
        parts.append(cell.text)
    for child in cell:
        _walk_cell(child, parts)
    # Source newlines inside a cell are markup formatting; only <br> and blocks break lines.
    joined = "".join(p if p == "\n" else p.replace("\n", " ") for p in parts)
    lines = (CELL_SPACES.sub("", line) for line in joined.split("\n"))
    return "\n".join(line for line in lines if line)


def _walk_cell(el, parts: list[str]) -> None:
    """Append an element's text to `parts`: its own, its children's, then its tail."""
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag and tag not in DROP and not _hidden(el):
        if tag == "br" or tag in BLOCK:
            parts.append("\n")
        if el.text and tag != "br":
            parts.append(el.text)
        for child in el:
            _walk_cell(child, parts)
        if tag in BLOCK:
            parts.append("\n")
    if el.tail:
        parts.append(el.tail)


# ---------------------------------------------------------------- page metadata

# An information table has few rows; a longer table is content, not furniture.
_INFO_TABLE_ROWS = 8
# Bounds on what one meta value or info-table value may hold (a page is untrusted input).
_META_VALUE_CHARS = 300


def page_metadata(text: str) -> dict[str, str]:
    """The government meta tags (``meta:PubDate``) and the information table above the report
    (``info-table:发布机构``), as the page prints them. Labels: builder.template.sites."""
    from builder.template.sites import INFO_SOURCE

    text = XML_DECLARATION.sub("", text, count=1)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return {}
    found = _meta_tags(root)
    for table in root.iter("table"):
        items = _info_items(table)
        if len(items) >= 2:  # one label alone is a coincidence, not the information table
            for label, value in items.items():
                if value:
                    found.setdefault(INFO_SOURCE + label, value[:_META_VALUE_CHARS])
    return found


def _meta_tags(root) -> dict[str, str]:
    """The standard's <meta> tags: meta:<name> → content (the first of each)."""
    from builder.template.sites import META_SOURCE, META_TAG

    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = META_TAG.get((meta.get("name") or "").strip().lower())
        content = INLINE_SPACES.sub(" ", meta.get("content") or "").strip()[:_META_VALUE_CHARS]
        if name and content:
            found.setdefault(META_SOURCE + name, content)
    return found


def _info_items(table) -> dict[str, str]:
    """A small table's information-table labels and their values (empty for a content table)."""
    from builder.template.sites import INFO_ITEM, INFO_LABELS

    rows = _own_rows(table)
    if len(rows) > _INFO_TABLE_ROWS or table.find(".//table") is not None:
        return {}
    labels = set(INFO_LABELS)
    # Cells in reading order: a label cell (发布机构 / 发布机构：) and its value cell, or one
    # cell holding both (发布机构：XX局).
    cells = [CELL_SPACES.sub("", cell_text(c).replace("\n", "")) for row in rows for c in _own_cells(row)]
    items: dict[str, str] = {}
    for i, cell in enumerate(cells):
        label = cell.rstrip(":：")
        if label in labels and i + 1 < len(cells) and cells[i + 1].rstrip(":：") not in labels:
            items.setdefault(label, cells[i + 1])
            continue
        for match in INFO_ITEM.finditer(cell):
            if match.group("value"):
                items.setdefault(match.group("label"), match.group("value"))
    return items
