"""Read a PDF report into paragraphs and tables, in reading order, with pdfplumber.

Per page: pdfplumber finds the ruled tables (drawn cell borders); each becomes a
Table. The rest of the page's text comes out one Paragraph per line. Blocks are
ordered top to bottom, tables sitting where they are printed; a table split
over pages comes out as consecutive Table blocks.

Two kinds of "table" are not what they look like:

* a framed text box (a rectangle around prose) is found as a one-column table:
  its text stays in the page's text, read as paragraphs;
* a table printed without borders is not found at all: its lines are read
  from the text layer and split into cells where the gap between two words is
  wider than a character (prose never spaces its words that far apart).

Each page's characters are laid out once for the text and once per table, as
pdfplumber's own extract_text() + extract_tables() would do. pdfium (pypdfium2) reads the
page first: a page of prose is read from its characters alone (pdf_triage), and a page that
may hold a table is laid out by pdfplumber over the characters and paths pdfium read
(pdf_objects), not pdfminer's; pdfminer reads only a page pdfium's reading may differ on.
"""

from __future__ import annotations

import math
import re
import zlib
from contextlib import contextmanager
from functools import partial
from operator import itemgetter
from pathlib import Path

import pdfplumber
import pypdfium2
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psparser import PSException
from pdfplumber.utils.clustering import cluster_objects
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.text import DEFAULT_Y_TOLERANCE, WordExtractor, get_line_cluster_key

from builder.errors import ReportError, raised_in_our_code
from builder.logs import unheard
from builder.read import pdf_objects, pdf_triage
from builder.read.document import Block, Document, Paragraph, Table, Where, boxed
from builder.read.limits import LIMITS, refuse
from builder.template.numbers import NUMBER_OR_PERCENT_TEXT, PAGE_NUMBER_TEXT

ENCRYPTED = "PDF 已加密 encrypted PDF (password-protected): save an unprotected copy first"
CORRUPT = "PDF 文件损坏 corrupt PDF"
BLANK = "PDF 没有文字层（空白页）no text layer (blank pages)"
UNREADABLE = "PDF 的文字层读不出中文（字体缺少编码映射？）unreadable text layer (fonts without a Unicode map?)"
_CJK = re.compile(r"[\u4e00-\u9fff]")

# A gap between two characters of a line wider than this many character sizes separates two cells.
CELL_GAP = 1.0
# A gap wider than this many character sizes is printed as a space inside a cell or paragraph.
SPACE_GAP = 0.25
# A line this short (characters) between two table rows is part of the table: a label broken over
# lines, or a vertical label (三、/本/年/度 …) printed one character a line.
SHORT_LINE = 20
# "- 3 -", "—3—", "第 3 页", "第3页 共6页": page numbers, not content.
PAGE_NUMBER = PAGE_NUMBER_TEXT  # the template's number grammar
NUMBERISH = NUMBER_OR_PERCENT_TEXT  # the template's number grammar

# What a damaged file makes pdfminer raise besides its own exceptions: it reads objects lazily, page
# by page, and a malformed object surfaces as a plain Python error from deep inside it.
PDF_DAMAGE = (PSException, PdfminerException, zlib.error, ValueError, KeyError, TypeError, IndexError,
              AttributeError, AssertionError, EOFError, OverflowError, RecursionError)


# pdfminer logs every damaged stream or font it works around ("Data-loss while decompressing …") as a
# warning; a report it could still read is not an error. Unheard unless the process configured logging,
# for this call only (builder/logs.py): importing builder changes no library's logging.
@unheard("pdfminer")
def read_pdf(path: Path, ruled_tables: bool = True) -> Document:
    """The report's blocks. ruled_tables=False reads every table from the text layer alone."""
    path = Path(path)
    with path.open("rb") as fh:
        if b"%PDF-" not in fh.read(1024):  # the header may follow a little junk; pdfminer allows 1 KB
            raise ReportError("不是 PDF 文件 not a PDF file (no %PDF header)")
    with _damage_as_report_errors():
        blocks, pages, chars, graphics = _read_pages(path, ruled_tables)
    if pages == 0:
        raise ReportError(f"{CORRUPT} (no pages)")
    if chars == 0:
        if not graphics:
            raise ReportError(BLANK)
        from builder.read.ocr import read_scanned_pdf  # a scan: read by OCR (slow to import)

        return read_scanned_pdf(path)
    doc = Document(blocks=_without_running_heads(blocks), format="pdf", pages=pages)
    if not _CJK.search(doc.text):
        raise ReportError(UNREADABLE)
    return doc


def _read_pages(path: Path, ruled_tables: bool) -> tuple[list[Block], int, int, int]:
    """(blocks, pages, printed characters, graphics: images, or text drawn as outlines). A page of prose
    (pdf_triage) is read from pdfium's characters; a page that may hold a table is laid out by pdfplumber,
    over pdfium's characters and paths where pdf_objects gives them, else over pdfminer's."""
    blocks: list[Block] = []
    chars = graphics = 0
    with pdfplumber.open(path) as pdf, _PdfiumReader(path) as pdfium:
        if len(pdf.pages) > LIMITS.pdf_pages:
            raise refuse("PDF 页数", "PDF pages", len(pdf.pages), LIMITS.pdf_pages)
        for index, page in enumerate(pdf.pages):
            lines, objects = pdfium.read(index, page)
            if lines is not None:
                chars += sum(1 for line in lines for c in line["chars"] if c["text"].strip())
                blocks.extend(_prose_blocks(lines, page.page_number))
                continue
            if objects is not None:
                # pdfplumber lays the page out over pdfium's objects: Page.objects is where pdfplumber keeps
                # the objects it read from pdfminer, and it has no other way in for objects read elsewhere.
                page._objects = objects
            chars += sum(1 for c in page.chars if c["text"].strip())
            graphics += len(page.images) + len(page.curves)
            blocks.extend(page_blocks(page, find_tables=ruled_tables))
        return blocks, len(pdf.pages), chars, graphics


class _PdfiumReader:
    """pdf_triage and pdf_objects over the same file. Where pdfium cannot open the file or a page (a
    password, damage pdfminer works around), the pages are laid out by pdfminer, which says what is wrong."""

    def __init__(self, path: Path):
        try:
            self.document = pdf_triage.open_document(path)
        except pypdfium2.PdfiumError:
            self.document = None

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        if self.document is not None:
            self.document.close()

    def read(self, index: int, page) -> tuple[list[dict] | None, dict[str, list[dict]] | None]:
        """(the page's prose lines, or None: it may hold a table; its objects for pdfplumber, or None)."""
        if self.document is None or index >= len(self.document):
            return None, None
        try:
            with pdf_triage.opened(self.document, index) as (pdfium_page, text):
                lines = pdf_triage.prose_lines_on(pdfium_page, text, CELL_GAP)
                return lines, None if lines is not None else pdf_objects.objects_on(pdfium_page, text, page)
        except pypdfium2.PdfiumError:
            return None, None


def _prose_blocks(lines: list[dict], page: int) -> list[Block]:
    """A prose page's paragraphs, one per line, page numbers left out (as page_blocks does)."""
    return [_paragraph(line, page) for line in lines if not PAGE_NUMBER.match(line["text"])]


def _paragraph(line: dict, page: int) -> Paragraph:
    """A text line as a paragraph, with its box and its printed characters (see Where.piece)."""
    box = (line["x0"], line["top"], line["x1"], line["bottom"])
    return Paragraph(text=line["text"], page=page, where=Where(page=page, bbox=box, glyphs=partial(_printed, line["chars"])))


def _printed(chars: list[dict]) -> list[dict]:
    return [c for c in chars if c["text"].strip()]


@contextmanager
def _damage_as_report_errors():
    """What pdfminer raises on an encrypted or damaged file, as the one-line ReportError."""
    try:
        yield
    except ReportError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ReportError(ENCRYPTED) from exc
    except PdfminerException as exc:  # pdfplumber wraps pdfminer's errors, the password one included
        if isinstance(exc.args[0] if exc.args else None, PDFPasswordIncorrect | PDFEncryptionError):
            raise ReportError(ENCRYPTED) from exc
        raise ReportError(f"{CORRUPT} ({_reason(exc)})") from exc
    except PDF_DAMAGE as exc:
        if raised_in_our_code(exc):
            raise  # our layout code, not the file: the caller says "内部错误，请报告"
        raise ReportError(f"{CORRUPT} ({_reason(exc)})") from exc


def _without_running_heads(blocks: list[Block]) -> list[Block]:
    """A short line printed on several pages (the agency's name as a running head) is kept once:
    between two halves of a table row it would read as part of a label."""
    pages_of: dict[str, set] = {}
    for block in blocks:
        if isinstance(block, Paragraph) and len(block.text.strip()) <= 40:
            pages_of.setdefault(block.text.strip(), set()).add(block.page)
    repeated = {text for text, pages in pages_of.items() if len(pages) >= 2}
    out: list[Block] = []
    kept: set[str] = set()
    for block in blocks:
        text = block.text.strip() if isinstance(block, Paragraph) else None
        if text in repeated:
            if text in kept:
                continue
            kept.add(text)
        out.append(block)
    return out


def _reason(exc: BaseException) -> str:
    inner = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    text = str(inner).splitlines()[0][:100] if str(inner) else ""
    return f"{type(inner).__name__}: {text}" if text else type(inner).__name__


# A glyph printed twice a little apart is a converter's fake bold, not two characters (36 → 3366).
DUPLICATE_GLYPH_DISTANCE = 1.5
# Digits of one number placed glyph by glyph a little apart ("3 0 8") are one word when the gap is
# under half a character; pdfplumber's default is a fixed 3 pt whatever the type size.
CELL_X_TOLERANCE_RATIO = 0.5


def page_blocks(page, find_tables: bool = True) -> list[Block]:
    """The page's blocks in reading order. find_tables=False reads the text layer alone."""
    number = page.page_number
    if _has_duplicate_glyphs(page.chars, DUPLICATE_GLYPH_DISTANCE):
        page = page.dedupe_chars(tolerance=DUPLICATE_GLYPH_DISTANCE)
    if not all(_upright_or_vertical(char) for char in page.chars):
        page = page.filter(_upright_or_vertical)
    placed: list[tuple[float, Table | dict]] = []  # (top, a table) or (top, a text line)
    boxes = []
    for table in page.find_tables() if find_tables else []:
        rows, cell_boxes = _table_rows(table.extract(x_tolerance_ratio=CELL_X_TOLERANCE_RATIO),
                                       [row.cells for row in table.rows])
        if _is_table(rows):
            boxes.append(table.bbox)
            # The page's chars themselves (the list Table.extract() read), not the page: a closed
            # PDF's page would lay itself out again from a closed file.
            chars = page.chars
            where = [[Where(page=number, bbox=box, glyphs=partial(_cell_glyphs, chars, box)) for box in row]
                     for row in cell_boxes]
            placed.append((table.bbox[1], Table(rows=rows, page=number, where=where)))
    # The text outside the tables. A char belongs to a table when its centre lies inside the table.
    if boxes:
        text_page = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    else:
        text_page = page
    for line in text_page.extract_text_lines(return_chars=True):
        if PAGE_NUMBER.match(line["text"]):
            continue
        placed.append((line["top"], line))
    # Python's sort is stable: a table and a line at the same height keep the table first.
    placed.sort(key=lambda item: item[0])
    blocks: list[Block] = []
    lines: list[dict] = []
    for _, item in placed:
        if isinstance(item, dict):
            lines.append(item)
            continue
        blocks.extend(_text_blocks(lines, number))
        lines = []
        blocks.append(item)
    blocks.extend(_text_blocks(lines, number))
    return blocks


def _has_duplicate_glyphs(chars: list[dict], tolerance: float) -> bool:
    """Whether page.dedupe_chars(tolerance) would drop a char: its grouping (upright, text, font name,
    size) and clustering (doctop, then x0, chained within tolerance), without its quadratic re-sort
    (chars.index per char), which cost a third of page_blocks' own time on a page with nothing to drop."""
    groups: dict[tuple, list[dict]] = {}
    for char in chars:
        groups.setdefault((char["upright"], char["text"], char["fontname"], char["size"]), []).append(char)
    for group in groups.values():
        if len(group) < 2:
            continue
        for line in cluster_objects(group, itemgetter("doctop"), tolerance):
            xs = sorted(char["x0"] for char in line)
            if any(b - a <= tolerance for a, b in zip(xs, xs[1:], strict=False)):
                return True
    return False


def _upright_or_vertical(obj: dict) -> bool:
    """Drop glyphs turned at a slant (a watermark's 政务公开 at 30°): they land inside cells as stray
    characters. Text at 0°, 90°, 180° or 270° is kept (vertical labels, rotated pages)."""
    if obj.get("object_type") != "char" or "matrix" not in obj:
        return True
    a, b = obj["matrix"][0], obj["matrix"][1]
    angle = math.degrees(math.atan2(b, a)) % 90
    return min(angle, 90 - angle) < 2


def _table_rows(extracted: list[list[str | None]], cell_boxes: list[list[tuple | None]]
                ) -> tuple[list[list[str]], list[list[tuple]]]:
    """pdfplumber's rows without merge continuations (None) and without empty rows; and each kept
    cell's box (pdfplumber's Table.rows[i].cells: a merge continuation is None there too)."""
    rows, boxes = [], []
    for row, row_boxes in zip(extracted, cell_boxes, strict=True):
        cells = [cell.strip() for cell in row if cell is not None]
        if any(cells):
            rows.append(cells)
            boxes.append([box for cell, box in zip(row, row_boxes, strict=True) if cell is not None])
    return rows, boxes


def _cell_glyphs(page_chars: list[dict], box: tuple) -> list[dict]:
    """A table cell's printed characters in the order of its text: the chars pdfplumber's
    Table.extract() puts in the cell (centre inside the box), in its extract_text() order (words,
    lines clustered by top). Asked only for a cell the mapper splits, for the box of the piece."""
    x0, top, x1, bottom = box
    chars = [c for c in page_chars
             if x0 <= (c["x0"] + c["x1"]) / 2 < x1 and top <= (c["top"] + c["bottom"]) / 2 < bottom]
    extractor = WordExtractor(x_tolerance_ratio=CELL_X_TOLERANCE_RATIO)
    pairs = list(extractor.iter_extract_tuples(chars))
    chars_of = {id(word): members for word, members in pairs}
    lines = cluster_objects([word for word, _ in pairs], get_line_cluster_key(extractor.line_dir), DEFAULT_Y_TOLERANCE)
    return [c for line in lines for word in line for c in chars_of[id(word)] if c["text"].strip()]


def _is_table(rows: list[list[str]]) -> bool:
    """A real table has two columns somewhere; a one-row table must hold a number (a continued row)."""
    if not rows or max(len(r) for r in rows) < 2:
        return False  # a framed text box, or a frame around nothing
    return len(rows) >= 2 or any(NUMBERISH.match(cell) for cell in rows[0])


def _inside(char: dict, boxes: list[tuple]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _cells(line: dict) -> list[str]:
    """Split a text line into cells at wide gaps; spaces kept where the line prints a narrow one."""
    return [text for text, _x, _chars in _placed_cells(line)]


def _placed_cells(line: dict, unglue: bool = False) -> list[tuple[str, float, list[dict]]]:
    """The line's cells with the x of each cell's centre and the cell's chars. With `unglue`, for
    rows of a table: a number glued to the end of a label by a narrow gap ("…政府信息公开 3") is a
    cell of its own (in prose a line may well end in a number, so not there)."""
    chars = [c for c in line["chars"] if c["text"].strip()]
    groups: list[list[dict]] = []
    previous = None
    for char in chars:
        if previous is None or (char["x0"] - previous["x1"]) / max(previous["size"], 1.0) > CELL_GAP:
            groups.append([])
        groups[-1].append(char)
        previous = char
    cells: list[tuple[str, float, list[dict]]] = []
    for group in groups:
        words = _words(group)
        if unglue and len(words) > 1 and NUMBERISH.match(words[-1][0]) and not NUMBERISH.match(words[0][0]):
            label = words[:-1]
            cells.append((" ".join(w for w, _ in label), (label[0][1][0]["x0"] + label[-1][1][-1]["x1"]) / 2,
                          [c for _, members in label for c in members]))
            words = words[-1:]
        text = " ".join(w for w, _ in words)
        cells.append((text, (words[0][1][0]["x0"] + words[-1][1][-1]["x1"]) / 2,
                      [c for _, members in words for c in members]))
    return cells


def _where(page: int, chars: list[dict]) -> Where:
    """An unruled cell's place: the box of its chars (there is no drawn cell)."""
    return Where(page=page, bbox=boxed(chars), glyphs=partial(list, chars))


def _words(chars: list[dict]) -> list[tuple[str, list[dict]]]:
    """A cell's chars as words: a gap wider than SPACE_GAP character sizes is a space."""
    words: list[tuple[str, list[dict]]] = []
    previous = None
    for char in chars:
        if previous is None or (char["x0"] - previous["x1"]) / max(previous["size"], 1.0) > SPACE_GAP:
            words.append(("", []))
        text, members = words[-1]
        words[-1] = (text + char["text"], [*members, char])
        previous = char
    return words


def _aligned_rows(lines: list[dict], page: int) -> tuple[list[list[str]], list[list[Where]]]:
    """Rows of an unruled table, with a row whose numbers the layout printed on two lines joined;
    and each cell's place.

    A tall cell's numbers may sit at different heights (one cell top-aligned, the others centred),
    so one row's numbers come out on two lines. Columns are where the fullest line prints its
    numbers; two neighbouring lines whose numbers fill different columns, and together fill them all
    exactly once, are one row, its numbers put back in column order.
    """
    placed = [_placed_cells(line, unglue=True) for line in lines]
    rows, wheres = _aligned([[(t, x, _where(page, chars)) for t, x, chars in cells] for cells in placed])
    return rows, wheres


def _aligned(placed: list[list[tuple[str, float, Where]]]) -> tuple[list[list[str]], list[list[Where]]]:
    """_aligned_rows on the lines' cells (text, centre x, place)."""
    numeric = [[(t, x, w) for t, x, w in cells if NUMBERISH.match(t)] for cells in placed]
    widest = max(numeric, key=len, default=[])
    columns = sorted(x for _t, x, _w in widest)
    if len(columns) < 3:
        return [_texts(cells) for cells in placed], [_places(cells) for cells in placed]
    spacing = min(b - a for a, b in zip(columns, columns[1:], strict=False))

    def slots(numbers):
        return _slots(numbers, columns, spacing)

    rows: list[list[str]] = []
    wheres: list[list[Where]] = []
    done: set[int] = set()
    for i in range(len(placed)):
        if i in done:
            continue
        first = slots(numeric[i])
        # The rest of the row: the next line with numbers, past at most two lines of label only.
        j = i + 1
        while j < len(placed) and j - i <= 3 and not numeric[j]:
            j += 1
        second = slots(numeric[j]) if first and len(first) < len(columns) and j < len(placed) else None
        if second and not first.keys() & second.keys() and len(first) + len(second) == len(columns):
            labels = [(t, w) for t, _x, w in placed[i] + placed[j] if not NUMBERISH.match(t)]
            joined = {**first, **second}
            row = labels + [joined[k] for k in range(len(columns))]
            rows.append([t for t, _w in row])
            wheres.append([w for _t, w in row])
            rows.extend(_texts(placed[k]) for k in range(i + 1, j))
            wheres.extend(_places(placed[k]) for k in range(i + 1, j))
            done.update(range(i, j + 1))
            continue
        rows.append(_texts(placed[i]))
        wheres.append(_places(placed[i]))
    return rows, wheres


def _texts(cells: list[tuple[str, float, Where]]) -> list[str]:
    return [t for t, _x, _w in cells]


def _places(cells: list[tuple[str, float, Where]]) -> list[Where]:
    return [w for _t, _x, w in cells]


def _slots(numbers: list[tuple[str, float, Where]], columns: list[float], spacing: float) -> dict | None:
    """The column of each number (text, place), by its centre; None when one is off every column or two share one."""
    found = {}
    for t, x, w in numbers:
        nearest = min(range(len(columns)), key=lambda k: abs(columns[k] - x))
        if abs(columns[nearest] - x) > spacing / 2 or nearest in found:
            return None
        found[nearest] = (t, w)
    return found


def _size(line: dict) -> float:
    sizes = sorted(c["size"] for c in line["chars"])
    return sizes[len(sizes) // 2] if sizes else 0.0


def _short_label(line: dict, size: float) -> bool:
    return len(line["text"].replace(" ", "")) <= SHORT_LINE and abs(_size(line) - size) <= 0.15 * size


def _text_blocks(lines: list[dict], page: int) -> list[Block]:
    """Lines between two tables: table rows recovered from the text layer, and paragraphs.

    A run of lines with two or more cells, holding at least one number, is an unruled table;
    short lines inside the run stay in it (broken or vertical labels). Anything else is a
    paragraph, one per line.
    """
    cells = [_cells(line) for line in lines]
    is_row = [len(c) >= 2 for c in cells]
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        if not is_row[i]:
            blocks.append(_paragraph(lines[i], page))
            i += 1
            continue
        # Extend the run over row lines and short lines in the table's type size (a heading
        # between two tables is short too, but printed larger), then cut it back to its last row.
        end = i
        j = i + 1
        size = _size(lines[i])
        while j < len(lines) and (is_row[j] or _short_label(lines[j], size)):
            if is_row[j]:
                end = j
            j += 1
        run = range(i, end + 1)
        if any(NUMBERISH.match(cell) for k in run for cell in cells[k]):
            rows, where = _aligned_rows([lines[k] for k in run], page)
            blocks.append(Table(rows=rows, page=page, ruled=False, where=where))
        else:
            blocks.extend(_paragraph(lines[k], page) for k in run)
        i = end + 1
    return blocks
