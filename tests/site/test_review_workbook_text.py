"""reports.xlsx is written by hand (builder/export/workbook.py): every string a report or sidecar gave
reads back as itself from the workbook, as it did when XlsxWriter wrote the cells. A carriage return is
legal in XML but every XML parser turns it (and CR LF) into a line feed, so it must be written as Excel's
_x000D_ (XlsxWriter escapes \\x0b-\\x1f, the CR included)."""

from __future__ import annotations

import io

import pytest
from python_calamine import CalamineWorkbook

from builder.export.datasets import report_columns
from builder.export.workbook import SHEET, rows_workbook

TEXTS = ["a\r\nb", "a\rb", "line\r", "\x00\x01\x08\x0b\x0c\x0e\x1f", "tab\there\nnext", "_x000D_ as typed",
         "=cmd|' /C calc'!A0", "<&>\"'"]


@pytest.mark.parametrize("text", TEXTS)
def test_a_cell_reads_back_as_the_text_given(text):
    columns = report_columns()
    data = rows_workbook(columns, [{"agency": text}])
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(SHEET).to_python()
    assert rows[2][rows[1].index("agency")] == text

