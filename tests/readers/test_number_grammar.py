"""One number grammar (builder.template.numbers) for the readers and the field mapper: a cell that
is a number to one is a number to all ("3家" was a number to the mapper and not to the readers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.fieldmap.cells import read_cell
from builder.read import pdf, sheet, text
from builder.read.document import Table
from builder.template.numbers import NUMBER_OR_PERCENT_TEXT, NUMBER_TEXT, UNITS, VALUE_TEXT


@pytest.mark.parametrize(("printed", "value", "unit"), [
    ("3家", 3, "家"),
    ("12人次", 12, "人次"),
    ("35.6万元", 35.6, "万元"),
    ("３５．６万元", 35.6, "万元"),
    ("1,234", 1234, ""),
    ("1，234", 1234, ""),
    ("121①", 121, ""),
    ("5*", 5, ""),
    ("-2", -2, ""),
    ("7 件", 7, "件"),
])
def test_a_number_is_a_number_to_every_reader_and_to_the_mapper(printed, value, unit):
    assert NUMBER_TEXT.match(printed), "readers' layout (sheet)"
    assert VALUE_TEXT.match(printed), "text reader"
    assert NUMBER_OR_PERCENT_TEXT.match(printed), "PDF reader"
    cell = read_cell(printed)
    assert (cell.value, cell.unit) == (value, unit)


@pytest.mark.parametrize("printed", ["行政许可", "3.9%", "增长3.9%", "第3页", "3家单位"])
def test_words_and_percentages_are_not_counts(printed):
    assert not NUMBER_TEXT.match(printed)
    assert read_cell(printed).value is None


def test_a_percentage_is_a_value_column_to_the_pdf_layout_only():
    assert NUMBER_OR_PERCENT_TEXT.match("3.9%") and not VALUE_TEXT.match("3.9%")


@pytest.mark.parametrize("printed", ["/", "／", "—", "-", "——"])
def test_a_blank_mark_is_a_value_cell_to_the_text_reader_and_blank_to_the_mapper(printed):
    assert VALUE_TEXT.match(printed)
    assert read_cell(printed).blank


def test_every_unit_is_parsed():
    for unit in UNITS:
        assert read_cell(f"8{unit}").unit == unit


def test_the_readers_use_the_template_grammar():
    assert pdf.NUMBERISH is NUMBER_OR_PERCENT_TEXT
    assert text._NUMBERISH is VALUE_TEXT
    assert sheet.NUMBER_TEXT is NUMBER_TEXT


def test_a_text_report_splits_counts_with_units_into_cells(tmp_path: Path):
    path = tmp_path / "report.txt"
    path.write_text("二、主动公开政府信息情况\n行政许可 3家 2家 12人次\n行政处罚 1,234 5*\n", encoding="utf-8")
    tables = [b for b in text.read_text(path).blocks if isinstance(b, Table)]
    assert tables and tables[0].rows == [["行政许可", "3家", "2家", "12人次"], ["行政处罚", "1,234", "5*"]]
