"""Cells as real tables print them."""

from __future__ import annotations

from builder.fieldmap.cells import fit, read_cell, split_row


def test_numbers_as_printed():
    assert read_cell("１２").value == 12
    assert read_cell("1,234").value == 1234
    assert read_cell("1，234").value == 1234
    assert read_cell("35.6万元").value == 35.6 and read_cell("35.6万元").unit == "万元"
    assert read_cell("-2").value == -2
    for blank in ("", " ", "/", "／", "—", "-", "无", "\u3000"):
        cell = read_cell(blank)
        assert cell.blank and cell.value is None, blank
    assert read_cell("约5件").bad


def test_glued_cells_are_split():
    row = split_row(["（七）总计 5 0 0", "0", "0 0", "5"])
    assert row.labels == ["（七）总计"]
    assert [c.value for c in row.values] == [5, 0, 0, 0, 0, 0, 5]
    # Numbering at the front of a label is not a value.
    assert split_row(["1. 属于国家秘密", "0"]).labels == ["1. 属于国家秘密"]


def test_fit_never_guesses():
    cells = [read_cell(x) for x in ["1", "0", "0", "0", "0", "2"]]
    assert fit(cells, 7) == (None, False)
    many = [read_cell(x) for x in ["0"] * 8]
    placed, exact = fit(many, 7)
    assert [c.value for c in placed] == [0] * 7 and exact is False
    assert fit([read_cell(x) for x in ["1", "0", "0", "0", "0", "0", "1", "0"]], 7) == (None, False)


def test_empty_edge_cells_are_debris_only_in_text():
    cells = [read_cell(x) for x in ["", "1", "0", "0", "0", "0", "1"]]
    assert fit(cells, 7, ruled=False) == (None, False)  # a blank first value or a merged label's trace?
    placed, exact = fit(cells, 7, ruled=True)  # a real blank cell in a ruled table
    assert exact and placed[0].blank and placed[-1].value == 1
