"""reports.xlsx: a year's (or a province's) wide table as an Excel workbook people can open.

Two header rows: the Chinese label (fields.csv's row and column, the metadata's title) above the id
(the column name of reports.csv and the dictionary). A reader sees Chinese; a formula, a join with
the CSVs or ``pandas.read_excel(header=1)`` uses the ids. One header cell "中文（id）" would be
60-odd characters, neither a label to read nor a key to match. The header rows and the agency name
(the first column) stay in view while scrolling.

Every string from a report or sidecar is written as a string cell (``write_string``), never
interpreted: "=1+1" stays text in the workbook, with no quote added (unlike the CSVs, whose cells a
spreadsheet parses). XlsxWriter writes the same bytes for the same rows (fixed zip timestamps and a
fixed creation date), so an unchanged year is not rewritten.
"""

from __future__ import annotations

import datetime as dt
import io

from builder.export.columns import Column
from builder.template.labels import TABLE_NAMES_ZH

SHEET = "报告"
FIELDS_SHEET = "字段"
ABOUT_SHEET = "说明"
# Any fixed date: the file's bytes depend on the rows only.
CREATED = dt.datetime(2019, 1, 1)
ABOUT = (
    "政府信息公开工作年度报告数据：各级政府机关年度报告三张统计表的数字，按国务院统一模板解析并核对。",
    "第 1 行为中文列名，第 2 行为列编号（与 reports.csv 的列名、网站“数据字典”页相同）；其后每份报告一行。",
    "空白单元格表示报告中为空白、“/”、“无”或无法确定，不是 0。",
    "许可：知识共享署名 4.0 国际许可协议（CC BY 4.0），https://creativecommons.org/licenses/by/4.0/",
    "引用时请注明机构、年度、表格的行和列，以及网站下载页上的数据版本。",
)


def _widths(column: Column) -> int:
    return 28 if column.name == "agency" else 12


def _write_row(sheet, row_index: int, columns, row: dict) -> None:
    for col, column in enumerate(columns):
        value = row.get(column.name)
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            sheet.write_boolean(row_index, col, value)
        elif isinstance(value, int | float):
            sheet.write_number(row_index, col, value)
        else:
            sheet.write_string(row_index, col, str(value))


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


def workbook(columns: list[Column], rows: list[dict]) -> bytes:
    """The workbook of one chunk: the wide table (agency first, then the columns of reports.csv),
    a sheet listing every field with its Chinese labels, and a sheet on the data and its licence."""
    import xlsxwriter

    from builder.template import fields

    ordered = sorted(columns, key=lambda c: c.name != "agency")  # the name column first, frozen
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"constant_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    book.set_properties({"title": "政府信息公开工作年度报告数据", "created": CREATED})
    sheet = book.add_worksheet(SHEET)
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    ids = book.add_format({"font_color": "#666666"})
    for col, column in enumerate(ordered):
        sheet.set_column(col, col, _widths(column))
    # constant_memory: a row is flushed once the next is begun, so each row is written whole, in order.
    for col, column in enumerate(ordered):
        sheet.write_string(0, col, column.title, header)
    for col, column in enumerate(ordered):
        sheet.write_string(1, col, column.name, ids)
    sheet.freeze_panes(2, 1)
    for i, row in enumerate(rows, start=2):
        _write_row(sheet, i, ordered, row)
    _fields_sheet(book, fields())
    about = book.add_worksheet(ABOUT_SHEET)
    about.set_column(0, 0, 100)
    for i, line in enumerate(ABOUT):
        about.write_string(i, 0, line)
    book.close()
    return buf.getvalue()
