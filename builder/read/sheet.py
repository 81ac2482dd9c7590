"""Read a spreadsheet report (.xlsx, .xls, .et, .ods) into paragraphs and tables, with python-calamine.

Agencies publish the three tables, sometimes the whole report, as a workbook. Every sheet is read
in order. A sheet's rows become blocks: runs of rows with two or more filled cells are a Table;
rows holding one text cell (a title, a heading, a paragraph pasted into column A) at the start or
end of the sheet, or that look like prose or a part heading, are Paragraphs, so the metadata
finds the title and the locator the part headings. A one-cell row inside a table (第二十条第（一）项
spanning the proactive table) stays a row of the table. A blank row ends a table.

Cells follow document.py's conventions, as the DOCX reader does: a horizontally merged cell
appears once (the cells it covers are dropped), a vertically merged cell repeats its text in every
row it spans. calamine reports merged ranges for xlsx and xls; for ods it does not, so those
ranges are read from content.xml's table:number-columns-spanned / number-rows-spanned here.

Values as a reader sees them printed: 3.0 → "3", 0.1 + 0.2 → "0.3", a date → "2024年1月18日"
(the way reports write dates, so the metadata finds the signature date), text as typed.
calamine picks the format by the content, not the name: an .et (WPS spreadsheet) is an xls or an
xlsx inside, and an .xls that is really an xlsx is read as what it is. It runs in a child process
with bounded memory and time (see _load_bounded): a crafted sheet can make it abort.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

from builder.errors import EnvironmentProblem, ReportError
from builder.read.document import Block, Document, Paragraph, Table
from builder.template.labels import PART_NUMBERING
from builder.template.numbers import NUMBER_TEXT

# Bounds, local to this module (builder/read/limits.py may come to hold the others'):
MAX_INPUT_BYTES = 50 * 1024 * 1024         # the file as stored
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024     # xlsx/ods: all members decompressed (a zip bomb stops here)
MAX_ZIP_MEMBERS = 5000
MAX_CELLS = 500_000                        # per sheet (rows × columns of its used range, read at once)
MAX_RATIO = 200                            # decompressed / compressed size of one member
MAX_LOAD_MEMORY = 1024 * 1024**2           # address space of the child process that runs calamine
LOAD_TIMEOUT = 60                          # seconds that child may take

# A one-cell row this long is prose, not a label spanning a table.
PROSE_LENGTH = 40

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
          "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0"}


def read_sheet(path: Path) -> Document:
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if path.stat().st_size > MAX_INPUT_BYTES:
        raise ReportError(f"文件过大 file too large (over {MAX_INPUT_BYTES // 2**20} MB)")
    with path.open("rb") as fh:
        head = fh.read(8)
    is_zip = head.startswith(b"PK\x03\x04")
    if not is_zip and not head.startswith(OLE_MAGIC):
        raise ReportError(f"不是电子表格文件 not a spreadsheet (.{kind}: neither an xlsx/ods zip nor an xls compound file)")
    if is_zip:
        _check_zip(path)
    blocks: list[Block] = []
    sheets = _load_bounded(path)
    for index, _name, rows, merges in sheets:
        blocks.extend(sheet_blocks(rows, [tuple(map(tuple, m)) for m in merges], page=index + 1))
    return Document(blocks=blocks, format=kind, pages=len(sheets))


def _load_bounded(path: Path) -> list:
    """The shown sheets' cell texts and merges, read by calamine in a child process with bounded
    memory and time. calamine makes each sheet a dense grid from its first to its last cell: two
    cells at A1 and XFD1048576 ask for 500 GB, and Rust aborts the whole process when an allocation
    fails, so no check from inside could catch it; the child dies alone and we say why."""
    import builder

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path(builder.__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")])}
    try:
        proc = subprocess.run([sys.executable, "-m", "builder.read.sheet", str(path)], capture_output=True,
                              timeout=LOAD_TIMEOUT, env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise EnvironmentProblem(f"电子表格读取超时 spreadsheet took longer than {LOAD_TIMEOUT} s to read") from exc
    try:
        answer = json.loads(proc.stdout)
    except ValueError:
        answer = None
    if proc.returncode != 0 or not isinstance(answer, dict):
        raise ReportError("电子表格过大或损坏 spreadsheet too large to read or damaged "
                          f"(the reader stopped: exit {proc.returncode}, over {MAX_LOAD_MEMORY // 2**20} MB?)")
    if "error" in answer:
        raise ReportError(answer["error"])
    if "internal" in answer:
        raise RuntimeError(f"spreadsheet reader failed: {answer['internal']}")
    return answer["sheets"]


def _load(path: Path) -> list:
    """In the child: [(sheet index, name, rows of cell texts, merges)] of every shown sheet."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    out = []
    try:
        ods_merges = _ods_merges(path) if zipfile.is_zipfile(path) else {}
        with path.open("rb") as fh, CalamineWorkbook.from_filelike(fh) as book:
            shown = [(i, meta.name) for i, meta in enumerate(book.sheets_metadata) if _shown(meta)]
            for index, name in shown:
                sheet = book.get_sheet_by_index(index)
                if sheet.height * sheet.width > MAX_CELLS:
                    raise ReportError(f"表格过大 sheet '{name[:30]}' too large ({sheet.height} × {sheet.width} cells)")
                # The used range only; merged ranges are given from A1, so they are moved with it.
                rows = [[cell_text(v) for v in row] for row in sheet.to_python(skip_empty_area=True)]
                top, left = sheet.start or (0, 0)
                merges = [((r0 - top, c0 - left), (r1 - top, c1 - left))
                          for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ods_merges.get(name, [])
                          if r1 >= top and c1 >= left]
                out.append((index, name, rows, merges))
    except PasswordError as exc:
        raise ReportError("电子表格已加密 encrypted spreadsheet (password-protected): save an unprotected copy first") \
            from exc
    except (CalamineError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ReportError(f"电子表格文件损坏 corrupt spreadsheet ({type(exc).__name__}: {_first_line(exc)})") from exc
    return out


def _child_main(argv: list[str]) -> int:
    resource.setrlimit(resource.RLIMIT_AS, (MAX_LOAD_MEMORY, MAX_LOAD_MEMORY))
    try:
        answer = {"sheets": _load(Path(argv[0]))}
    except ReportError as exc:
        answer = {"error": str(exc)}
    except MemoryError:
        return 3  # the parent says the sheet is too large
    except Exception as exc:  # a bug of ours: the parent raises it as one, not as a damaged file
        answer = {"internal": f"{type(exc).__name__}: {_first_line(exc)}"}
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))
    return 0


def _shown(meta) -> bool:
    """Worksheets a reader sees: hidden sheets (lookup lists, drafts) and chart sheets are left out."""
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    return meta.typ == SheetTypeEnum.WorkSheet and meta.visible == SheetVisibleEnum.Visible


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:100] if text else ""


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise ReportError(f"电子表格文件损坏 corrupt spreadsheet (bad zip: {_first_line(exc)})") from exc
    if len(members) > MAX_ZIP_MEMBERS:
        raise ReportError(f"电子表格文件异常 spreadsheet zip has too many members ({len(members)})")
    total = sum(m.file_size for m in members)
    if total > MAX_UNZIPPED_BYTES or any(m.file_size > MAX_RATIO * max(m.compress_size, 1024) for m in members):
        raise ReportError(f"电子表格解压后过大 spreadsheet too large when decompressed ({total // 2**20} MB)")


# ------------------------------------------------------------------ cells


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.12g}"  # 0.30000000000000004 → 0.3
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return f"{value.year}年{value.month}月{value.day}日"
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value).strip()


def _merged_grid(rows: list[list], merges) -> list[list[str | None]]:
    """Cell texts; None where a horizontal merge covers a cell; a vertical merge's text repeated."""
    grid: list[list[str | None]] = [[v if isinstance(v, str) else cell_text(v) for v in row] for row in rows]
    for (r0, c0), (r1, c1) in merges:
        r0, c0 = max(r0, 0), max(c0, 0)
        if r0 >= len(grid):
            continue
        top = grid[r0][c0] if c0 < len(grid[r0]) else ""
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            row = grid[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                row[c] = top if c == c0 else None
    return grid


def sheet_blocks(rows: list[list], merges, page: int | None = None) -> list[Block]:
    grid = _merged_grid(rows, merges)
    filled = [[c for c in row if c] for row in grid]
    kinds = [_row_kind(row) for row in filled]
    first_row = next((i for i, k in enumerate(kinds) if k == "row"), len(kinds))
    last_row = max((i for i, k in enumerate(kinds) if k == "row"), default=-1)
    out = _SheetBlocks(page)
    i = 0
    while i < len(grid):
        if kinds[i] == "blank":
            out.flush()
        elif kinds[i] == "row":
            out.table.append(grid[i])
        if kinds[i] != "one":
            i += 1
            continue
        j = i  # a run of one-cell rows
        while j < len(grid) and kinds[j] == "one":
            j += 1
        if i < first_row or j > last_row or not out.table:
            out.paragraphs(filled[k][0] for k in range(i, j))
        else:
            out.between_tables(grid, filled, i, j)
        i = j
    out.flush()
    return out.blocks


def _row_kind(filled: list[str]) -> str:
    """blank, one (one text cell: a paragraph or a label spanning the table), or row."""
    if not filled:
        return "blank"
    return "one" if len(filled) == 1 and not NUMBER_TEXT.match(filled[0]) else "row"


class _SheetBlocks:
    """The blocks of a sheet as they are found: paragraphs, and the table being gathered."""

    def __init__(self, page: int | None):
        self.page = page
        self.blocks: list[Block] = []
        self.table: list[list[str | None]] = []

    def flush(self) -> None:
        if self.table:
            self.blocks.append(Table(rows=_table_rows(self.table), page=self.page))
            self.table = []

    def paragraphs(self, texts) -> None:
        self.flush()
        self.blocks.extend(Paragraph(text=text, page=self.page) for text in texts)

    def between_tables(self, grid: list[list], filled: list[list[str]], i: int, j: int) -> None:
        """One-cell rows i..j between two tables' rows: prose and part headings are paragraphs; the
        short rows after the last of them (第二十条第（一）项 heading the next table) are rows of the table."""
        prose = [k for k in range(i, j) if len(filled[k][0]) > PROSE_LENGTH or PART_NUMBERING.match(filled[k][0])]
        if prose:
            self.paragraphs(filled[k][0] for k in range(i, prose[-1] + 1))
            i = prose[-1] + 1
        self.table.extend(grid[k] for k in range(i, j))


def _table_rows(grid: list[list[str | None]]) -> list[list[str]]:
    """A table's rows, cut at its last filled column (the sheet is as wide as its widest table),
    without the cells a horizontal merge covers (None)."""
    last = max((c for row in grid for c, text in enumerate(row) if text), default=-1)
    return [[text for text in row[:last + 1] if text is not None] for row in grid]


# ------------------------------------------------------------------ ods merges


def _count(value: str | None) -> int:
    """An ODS repeat or span attribute: a damaged file may write anything there."""
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _ods_merges(path: Path) -> dict[str, list]:
    """Merged ranges per sheet of an ODS, as calamine gives them for xlsx: ((r0, c0), (r1, c1)).

    calamine does not report them for ODS; the spans are attributes of the table:table-cell that
    starts each range. Repeated rows and columns (number-rows/columns-repeated) count as many.
    """
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as zf:
            if "content.xml" not in zf.namelist():
                return {}
            with zf.open("content.xml") as fh:
                return _ods_spans(etree.iterparse(fh, events=("start", "end"), huge_tree=False))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError):
        return {}  # calamine reports the damage


def _ods_spans(events) -> dict[str, list]:
    t = f"{{{ODS_NS['table']}}}"
    merges: dict[str, list] = {}
    sheet = None
    row = col = 0
    for event, el in events:
        tag = el.tag
        if tag == t + "table":
            if event == "start":
                sheet = el.get(t + "name")
                merges[sheet] = []
                row = 0
        elif tag == t + "table-row":
            if event == "start":
                col = 0
            else:
                row += _count(el.get(t + "number-rows-repeated"))
                el.clear()
        elif tag in (t + "table-cell", t + "covered-table-cell") and event == "end":
            span_c = _count(el.get(t + "number-columns-spanned"))
            span_r = _count(el.get(t + "number-rows-spanned"))
            if sheet is not None and (span_c > 1 or span_r > 1):
                merges[sheet].append(((row, col), (row + span_r - 1, col + span_c - 1)))
            col += _count(el.get(t + "number-columns-repeated"))
    return merges


if __name__ == "__main__":  # the bounded child of _load_bounded
    sys.exit(_child_main(sys.argv[1:]))
