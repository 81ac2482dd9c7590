"""reports.xlsx: a year's (or a province's) wide table as an Excel workbook people read.

The CSV and Parquet files are for programs (English ids, raw values: ``county``, ``true``); the workbook
is for people, with the same columns in the same order as reports.csv (column N of one is column N of
the other) and:

- two header rows: the Chinese label (fields.csv's row and column, the metadata's title) above the id
  (the column name of reports.csv and the dictionary). A reader sees Chinese; a join with the CSVs, a
  lookup or ``pandas.read_excel(header=1)`` uses the ids, visible in every column. One header cell
  "中文（id）" would be 60-odd characters, neither a label to read nor a key to match; the id in a cell
  note would be hidden until hovered and lost to every program that reads the sheet. The header rows
  and the first two columns (report id, agency name) stay in view while scrolling;
- the values a person reads in words: the level in the template's words (county → 县级,
  builder.template.labels.LEVEL_ZH) and a yes/no column as 是/否 (YES_NO_ZH), not TRUE/FALSE. Numbers
  stay number cells; a blank stays blank (not 0, not 未知).

Every string from a report or sidecar is written as a string cell (an inline string), never
interpreted: "=1+1" stays text in the workbook, with no quote added to the text (unlike the CSVs, whose
cells a spreadsheet parses). A text starting as a formula would (FORMULA_START) has the quote-prefix
style too (QUOTED, ECMA-376 §18.8.45 quotePrefix): Excel keeps it text when someone edits the cell and
presses Enter, as it does for text typed after an apostrophe.

Assembled from pieces, like the chunk's other files (builder/export/datasets.py): XlsxWriter writes the
workbook with its header rows alone (once a process: the 字段 and 说明 sheets, styles, widths, the
frozen panes), and each segment of reports adds its rows as XML, deflated on its own (sheet_piece). The
rows carry no cell references (``r``, optional in ECMA-376 §18.3.1.4 and §18.3.1.73: a row follows
the one before, a cell the one before it; a blank cell is an empty ``<c/>``), so a segment's rows do
not depend on where in the year they fall, and a report added or changed deflates one segment's rows
again, not the year's (XlsxWriter wrote every cell of the year: 0.4 s for 343 reports). Excel,
LibreOffice, openpyxl and calamine read rows and cells without references.

Why by hand: no writer (XlsxWriter, openpyxl) takes a sheet's XML already deflated, and zipfile compresses
every member it writes. A deflate stream may be made of several, each ended by a sync flush (a
byte-aligned, non-final block: what pigz does); a zip member's CRC-32 is combined from its parts' (see
_crc_combined). The same rows give the same bytes (fixed zip times, fixed creation date).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import struct
import zipfile
import zlib

from builder.export.columns import Column
from builder.template.labels import LEVEL_ZH, TABLE_NAMES_ZH, YES_NO_ZH

SHEET = "报告"
FIELDS_SHEET = "字段"
ABOUT_SHEET = "说明"
SHEET_MEMBER = "xl/worksheets/sheet1.xml"  # the 报告 sheet's part in the zip (XlsxWriter's name for it)
# Any fixed date: the file's bytes depend on the rows only.
CREATED = dt.datetime(2019, 1, 1)
ABOUT = (
    "政府信息公开工作年度报告数据：各级政府机关年度报告三张统计表的数字，按国务院统一模板解析并核对。",
    "第 1 行为中文列名，第 2 行为列编号（与 reports.csv 的列名、网站“数据字典”页相同）；其后每份报告一行。",
    "各列的顺序与 reports.csv 相同。为便于阅读，机构层级写作"
    f"{'、'.join(v for k, v in LEVEL_ZH.items() if k)}（reports.csv 中为 {' / '.join(k for k in LEVEL_ZH if k)}），"
    f"“通过全部检查”写作{YES_NO_ZH[True]}/{YES_NO_ZH[False]}（reports.csv 中为 true / false）；数字相同。",
    "空白单元格表示报告中为空白、“/”、“无”或无法确定，不是 0。",
    "许可：知识共享署名 4.0 国际许可协议（CC BY 4.0），https://creativecommons.org/licenses/by/4.0/",
    "引用时请注明机构、年度、表格的行和列，以及网站下载页上的数据版本。",
)
LEVEL = 6  # zlib's default, as zipfile (and so XlsxWriter) deflates
STRING_MAX = 32767  # characters in a cell: Excel's limit (XlsxWriter cuts a longer string there too)


FROZEN_COLUMNS = 2  # report_id and agency, reports.csv's first two, stay in view
# A column whose values the sheet shows in the template's words (a value not among them as it is).
SHOWN = {"level": LEVEL_ZH}
# A text a spreadsheet would take for a formula (OWASP's list; the CSVs put a quote before it).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The cell style (xf index in styles.xml's cellXfs) with quotePrefix="1". XlsxWriter numbers the styles as it writes
# the sheets' XML (the 报告 sheet's last header row at the end, constant_memory): 0 default, 1 header, 2 the 字段 sheet's
# bold, 3 this (the 说明 sheet's), 4 the ids; _made_template refuses a header workbook where it is not.
QUOTED = 3


# XML 1.0 has no place for most control characters: Excel writes one as _xHHHH_ (and a literal
# "_xHHHH_" as "_x005F_xHHHH_", so that it reads back as itself), as XlsxWriter does. The carriage return
# too: legal in XML, but a parser reads it (and CR LF) as a line feed.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
_ESCAPED_LOOKALIKE = re.compile("(_x[0-9a-fA-F]{4}_)")


def _text(value: str) -> str:
    style = f' s="{QUOTED}"' if value.startswith(FORMULA_START) else ""
    text = value[:STRING_MAX].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "_x" in text:
        text = _ESCAPED_LOOKALIKE.sub(r"_x005F\1", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _cell(value) -> str:
    if value is None or value == "":
        return "<c/>"
    if isinstance(value, bool):  # 是/否, not Excel's TRUE/FALSE
        return _text(YES_NO_ZH[value])
    if isinstance(value, int | float):
        # (XlsxWriter's number format; a number Excel cannot hold, NaN or infinite, is a blank cell)
        return f"<c><v>{value:.16G}</v></c>" if math.isfinite(value) else "<c/>"
    return _text(str(value))


def _shown(name: str, value):
    """value of column name (one of SHOWN) as the sheet shows it: in the template's words; blank, or a value they lack,
    as it is."""
    return SHOWN[name].get(value, value) if isinstance(value, str) else value


def _row(names: list[str], row: dict, shown: list[tuple[int, str]]) -> str:
    """shown: the (position, name) of the columns of SHOWN among names."""
    cells = [_cell(row.get(name)) for name in names]
    for i, name in shown:
        cells[i] = _cell(_shown(name, row.get(name)))
    while cells and cells[-1] == "<c/>":  # (trailing blanks need no cell)
        cells.pop()
    return "<row>" + "".join(cells) + "</row>"


def _deflated(data: bytes, last: bool = False) -> bytes:
    """data as a raw deflate stream of its own, ended byte-aligned (a sync flush) to be followed by
    another, or, last, with the final block."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


def sheet_piece(columns, rows: list[dict]) -> dict:
    """What a segment's rows add to the 报告 sheet: their XML deflated, its CRC-32 and length, the row count
    (picklable, kept between builds with the segment's other pieces)."""
    names = [c.name for c in columns]  # (reports.csv's, in its order)
    shown = [(i, name) for i, name in enumerate(names) if name in SHOWN]
    xml = "".join(_row(names, row, shown) for row in rows).encode("utf-8")
    return {"deflated": _deflated(xml), "crc": zlib.crc32(xml), "size": len(xml), "rows": len(rows)}


def sheet_run(pieces: list[dict]) -> dict:
    """Consecutive sheet pieces as one: the workbook gives the same bytes from it as from them."""
    crc, size = 0, 0
    for piece in pieces:
        crc, size = _crc_combined(crc, piece["crc"], piece["size"]), size + piece["size"]
    return {"deflated": b"".join(p["deflated"] for p in pieces), "crc": crc, "size": size,
            "rows": sum(p["rows"] for p in pieces)}


def _crc_combined(crc: int, crc2: int, size2: int) -> int:
    """The CRC-32 of a + b from crc(a), crc(b) and len(b): CRC-32 is affine over GF(2), so
    crc(a + b) = crc(zeros after a) ^ crc(b) ^ crc(zeros) (zlib's crc32_combine, which Python lacks)."""
    zeros = bytes(size2)
    return zlib.crc32(zeros, crc) ^ crc2 ^ zlib.crc32(zeros)


def _fields_sheet(book, catalogue) -> None:
    sheet = book.add_worksheet(FIELDS_SHEET)
    bold = book.add_format({"bold": True})
    for col, title in enumerate(("字段编号", "表", "行", "列", "所属部分", "模板")):
        sheet.write_string(0, col, title, bold)
    for i, f in enumerate(catalogue.values(), start=1):
        for col, text in enumerate((f.id, TABLE_NAMES_ZH.get(f.table, f.table), f.row_zh, f.column_zh, f.part,
                                    " ".join(f.templates))):
            sheet.write_string(i, col, text)
    sheet.freeze_panes(1, 1)
    sheet.set_column(0, 0, 40)
    sheet.set_column(2, 2, 40)


def _header_workbook(columns: tuple[tuple[str, str], ...]) -> bytes:
    """The workbook XlsxWriter writes with the 报告 sheet's two header rows and no report."""
    import xlsxwriter

    from builder.template import fields

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"constant_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    book.set_properties({"title": "政府信息公开工作年度报告数据", "created": CREATED})
    sheet = book.add_worksheet(SHEET)
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    ids = book.add_format({"font_color": "#666666"})
    for col, (name, _title) in enumerate(columns):
        sheet.set_column(col, col, {"agency": 28, "report_id": 20}.get(name, 12))
    # constant_memory: a row is flushed once the next is begun, so each row is written whole, in order.
    for col, (_name, title) in enumerate(columns):
        sheet.write_string(0, col, title, header)
    for col, (name, _title) in enumerate(columns):
        sheet.write_string(1, col, name, ids)
    sheet.freeze_panes(2, FROZEN_COLUMNS)
    _fields_sheet(book, fields())
    about = book.add_worksheet(ABOUT_SHEET)
    about.set_column(0, 0, 100)
    # (written in the quote-prefix style, so that styles.xml has it at QUOTED for the report cells: text either way)
    quoted = book.add_format({"quote_prefix": True})
    for i, line in enumerate(ABOUT):
        about.write_string(i, 0, line, quoted)
    book.close()
    return buf.getvalue()


# Each workbook's template by its columns: made once a process, or given by seed_template (read back from build/
# by builder.export.pieces: making it imports XlsxWriter and writes a workbook, ~0.1 s + ~0.1 s of a one-report add).
_TEMPLATES: dict[tuple[tuple[str, str], ...], tuple] = {}


def _columns_key(columns: list[Column]) -> tuple[tuple[str, str], ...]:
    return tuple((c.name, c.title) for c in columns)


def _template(columns: tuple[tuple[str, str], ...]) -> tuple[list[tuple[str, bytes, int, int]], str, bytes]:
    made = _TEMPLATES.get(columns)
    if made is None:
        made = _TEMPLATES[columns] = _made_template(columns)
    return made


def sheet_template(columns: list[Column]) -> tuple[list[tuple[str, bytes, int, int]], str, bytes]:
    """The template of the workbook of columns (the members but the 报告 sheet, that sheet's XML around its rows)."""
    return _template(_columns_key(columns))


def seed_template(columns: list[Column], template) -> bool:
    """Use template (sheet_template's, kept between builds) for the workbook of columns, if it has its shape;
    whether it did. (A template of other code is the caller's to refuse: this checks types, not bytes.)"""
    if not (isinstance(template, (list, tuple)) and len(template) == 3):
        return False
    members, head, tail = template
    if not (type(head) is str and type(tail) is bytes and isinstance(members, (list, tuple)) and all(
            isinstance(m, (list, tuple)) and len(m) == 4 and type(m[0]) is str and type(m[1]) is bytes
            and type(m[2]) is int and type(m[3]) is int for m in members)
            and [m[0] for m in members].count(SHEET_MEMBER) == 1):
        return False
    _TEMPLATES[_columns_key(columns)] = ([tuple(m) for m in members], head, tail)
    return True


def _made_template(columns: tuple[tuple[str, str], ...]) -> tuple[list[tuple[str, bytes, int, int]], str, bytes]:
    """The header workbook's members but the 报告 sheet, each (name, deflated, crc, size), in order, and
    that sheet's XML before the end of its rows (with a {rows} slot for its last row) and after."""
    members, head, tail = [], "", b""
    with zipfile.ZipFile(io.BytesIO(_header_workbook(columns))) as book:
        for info in book.infolist():
            data = book.read(info)
            if info.filename == SHEET_MEMBER:
                xml = data.decode("utf-8")
                end = xml.rindex("</sheetData>")
                head, tail = xml[:end], xml[end:].encode("utf-8")
                members.append((SHEET_MEMBER, b"", 0, 0))
            else:
                members.append((info.filename, _deflated(data, last=True), zlib.crc32(data), len(data)))
            if info.filename == "xl/styles.xml":
                _check_quoted(data)
    # The sheet's extent, <dimension ref="A1:IO2"/>: its last row is the reports' last.
    head = re.sub(r'(<dimension ref="[A-Z]+1:[A-Z]+)2("/>)', r"\g<1>{rows}\2", head.replace("{", "{{").replace(
        "}", "}}"), count=1)
    return members, head, tail


def _check_quoted(styles: bytes) -> None:
    """Refuse a header workbook whose cell style QUOTED is not the quote-prefix one (another XlsxWriter's order)."""
    xfs = re.search(rb"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S)
    found = re.findall(rb"<xf [^>]*?/?>", xfs.group(1)) if xfs else []
    if len(found) <= QUOTED or b'quotePrefix="1"' not in found[QUOTED]:
        raise RuntimeError(f"reports.xlsx: cell style {QUOTED} is not the quote-prefix style")


# Every member stamped 1980-01-31 00:00 (XlsxWriter's fixed time), made by Unix, mode 0600 as XlsxWriter's.
_DOS_DATE, _DOS_TIME, _EXTERNAL = (0 << 9) | (1 << 5) | 31, 0, 0o100600 << 16


def _zip(members: list[tuple[str, list[bytes], int, int]]) -> bytes:
    """A zip of members (name, deflated parts, crc, size), written by hand: zipfile deflates what it
    writes, and these are deflated already (see the module's docstring)."""
    out, directory, offset = [], [], 0
    for name, parts, crc, size in members:
        encoded = name.encode("utf-8")
        compressed = sum(map(len, parts))
        if max(size, compressed, offset) >= 0xFFFFFFFF:  # (a workbook of one chunk is megabytes)
            raise ValueError(f"{name}: too large for a zip without zip64")
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, crc,
                            compressed, size, len(encoded), 0) + encoded
        directory.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, (3 << 8) | 20, 20, 0, zipfile.ZIP_DEFLATED,
                                     _DOS_TIME, _DOS_DATE, crc, compressed, size, len(encoded), 0, 0, 0, 0,
                                     _EXTERNAL, offset) + encoded)
        out += [local, *parts]
        offset += len(local) + compressed
    listing = b"".join(directory)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(listing), offset, 0)
    return b"".join([*out, listing, end])


def workbook(columns: list[Column], pieces: list[dict]) -> bytes:
    """The workbook of one chunk from its segments' sheet pieces (sheet_piece), in order: the wide table
    (agency first, then the columns of reports.csv), a sheet listing every field with its Chinese labels,
    and a sheet on the data and its licence."""
    members, head, tail = sheet_template(columns)
    head_xml = head.format(rows=2 + sum(p["rows"] for p in pieces)).encode("utf-8")
    parts, crc, size = [_deflated(head_xml)], zlib.crc32(head_xml), len(head_xml)
    for piece in pieces:
        parts.append(piece["deflated"])
        crc, size = _crc_combined(crc, piece["crc"], piece["size"]), size + piece["size"]
    parts.append(_deflated(tail, last=True))
    crc, size = _crc_combined(crc, zlib.crc32(tail), len(tail)), size + len(tail)
    return _zip([(name, [deflated], member_crc, member_size) if name != SHEET_MEMBER else (name, parts, crc, size)
                 for name, deflated, member_crc, member_size in members])


def rows_workbook(columns: list[Column], rows: list[dict]) -> bytes:
    """The workbook of rows at once (one piece of them all)."""
    return workbook(columns, [sheet_piece(columns, rows)])
