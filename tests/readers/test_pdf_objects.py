"""A table page's characters and paths read by pdfium (builder.read.pdf_objects), as pdfplumber reads them.

read_pdf lays a table page out with pdfplumber over pdfium's objects instead of pdfminer's: every
char (text, box, font, size) and every edge the table finder works on must be what pdfminer gives,
or the page must be left to pdfminer (None).
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from builder.read import pdf_objects, pdf_triage
from builder.read.document import Table
from builder.read.pdf import CELL_GAP, page_blocks, read_pdf
from tests.readers.drawn import drawn_pdf

ROOT = Path(__file__).resolve().parents[2]
HUAIAN = ROOT / "tests" / "fixtures" / "reports" / "huaian-2024.pdf"
FIXTURES = [HUAIAN, *sorted((ROOT / "tests" / "fixtures" / "generated").glob("*.pdf"))[:2],
            ROOT / "tests" / "stress2" / "files" / "round2-pdf-2019-louqiao-2020.pdf"]
BOX = ("x0", "x1", "top", "bottom", "doctop")


def _edges(objects: list[dict]) -> list[tuple]:
    return sorted((e["orientation"] or "-", *(round(e[k], 3) for k in BOX)) for e in objects)


def _table_pages(path: Path) -> list[int]:
    document = pdf_triage.open_document(path)
    try:
        return [i for i in range(len(document)) if pdf_triage.prose_lines(document, i, CELL_GAP) is None]
    finally:
        document.close()


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_a_table_page_reads_the_same_chars_and_edges_from_pdfium(path):
    document = pdf_triage.open_document(path)
    table_pages = _table_pages(path)
    assert table_pages
    with pdfplumber.open(path) as pdf, pdfplumber.open(path) as fast_pdf:
        for index in table_pages:
            page, again = pdf.pages[index], fast_pdf.pages[index]
            ours = pdf_objects.page_objects(document, again)
            assert ours is not None, f"page {index + 1} left to pdfminer"
            theirs = page.objects
            assert [c["text"] for c in ours["char"]] == [c["text"] for c in theirs["char"]]
            for mine, expected in zip(ours["char"], theirs["char"], strict=True):
                assert all(abs(mine[k] - expected[k]) < 1e-3 for k in (*BOX, "size")), (mine, expected)
                assert mine["upright"] == expected["upright"]
            for kind in ("line", "rect", "curve"):
                assert len(ours.get(kind, [])) == len(theirs.get(kind, [])), kind
            again._objects = ours  # what read_pdf does to a table page
            assert _edges(again.edges) == _edges(page.edges)
            assert again.extract_tables() == page.extract_tables()
    document.close()


def test_huaian_table_pages_are_laid_out_over_pdfium_and_keep_every_cell():
    assert _table_pages(HUAIAN) == [0, 2, 3, 4]  # pages 2 and 6 are prose
    document = pdf_triage.open_document(HUAIAN)
    with pdfplumber.open(HUAIAN) as pdf, pdfplumber.open(HUAIAN) as fast_pdf:
        page, fast = pdf.pages[3], fast_pdf.pages[3]
        ours = pdf_objects.page_objects(document, fast)
        assert len(ours["line"]) == 39 and len(ours["rect"]) == 1
        fast._objects = ours
        fast_blocks, slow_blocks = page_blocks(fast), page_blocks(page)
    assert fast_blocks == slow_blocks  # text, cells and every cell's box
    tables = [b for b in fast_blocks if isinstance(b, Table)]
    assert any("3119" in row for t in tables for row in t.rows)
    for fast_table, slow_table in zip(tables, [b for b in slow_blocks if isinstance(b, Table)], strict=True):
        for fast_row, slow_row in zip(fast_table.where, slow_table.where, strict=True):
            for mine, expected in zip(fast_row, slow_row, strict=True):
                pairs = list(zip(mine.glyphs(), expected.glyphs(), strict=True))
                assert all(a["text"] == b["text"] and all(abs(a[k] - b[k]) < 1e-3 for k in BOX) for a, b in pairs)
    document.close()


def test_read_pdf_reads_huaian_as_before():
    doc = read_pdf(HUAIAN)
    with pdfplumber.open(HUAIAN) as pdf:
        slow = [b for page in pdf.pages for b in page_blocks(page)]
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert tables == [b for b in slow if isinstance(b, Table)]


def _objects(path: Path) -> tuple[dict | None, dict]:
    document = pdf_triage.open_document(path)
    with pdfplumber.open(path) as pdf:
        return pdf_objects.page_objects(document, pdf.pages[0]), pdf.pages[0].objects


def test_lines_rects_and_curves_are_pdfminers_shapes(tmp_path):
    def shapes(sheet):
        sheet.setFont("Helvetica", 10)
        sheet.drawString(80, 760, "12 34")
        sheet.line(72, 700, 500, 700)
        sheet.rect(72, 600, 200, 50)
        sheet.roundRect(300, 600, 100, 50, 8)
        path = sheet.beginPath()
        path.moveTo(72, 500)
        path.lineTo(150, 500)
        path.moveTo(72, 480)
        path.curveTo(100, 520, 130, 440, 160, 480)
        sheet.drawPath(path)

    ours, theirs = _objects(drawn_pdf(tmp_path / "shapes.pdf", shapes))
    assert ours is not None
    assert {k: len(v) for k, v in ours.items() if k != "char"} == {k: len(v) for k, v in theirs.items() if k != "char"}
    for kind in ("line", "rect", "curve"):
        for mine, expected in zip(ours[kind], theirs[kind], strict=True):
            assert all(abs(mine[k] - expected[k]) < 1e-3 for k in (*BOX, "width", "height")), kind
            assert [tuple(round(v, 3) for v in p) for p in mine["pts"]] == \
                   [tuple(round(v, 3) for v in p) for p in expected["pts"]]
    assert [c["text"] for c in ours["char"]] == [c["text"] for c in theirs["char"]]


def test_a_rotated_page_is_left_to_pdfminer(tmp_path):
    def turned(sheet):
        sheet.drawString(72, 700, "本年新收政府信息公开申请数量")
        sheet.line(72, 690, 500, 690)
        sheet.setPageRotation(90)

    assert _objects(drawn_pdf(tmp_path / "rotated.pdf", turned))[0] is None


def test_a_form_xobject_is_left_to_pdfminer(tmp_path):
    def form(sheet):
        sheet.beginForm("cell")
        sheet.line(72, 690, 500, 690)
        sheet.endForm()
        sheet.doForm("cell")
        sheet.drawString(72, 700, "本年新收政府信息公开申请数量")

    assert _objects(drawn_pdf(tmp_path / "form.pdf", form))[0] is None


def test_a_type3_font_is_left_to_pdfminer():
    # Chromium prints a font it may not embed as Type 3 glyphs, whose box pdfminer takes from the font's matrix.
    path = ROOT / "tests" / "stress" / "files" / "stress-borderless-jiangan-2022.pdf"
    assert _objects(path)[0] is None
    assert any(isinstance(b, Table) for b in read_pdf(path).blocks)


def test_a_table_page_with_glyphs_pdfium_left_out_is_left_to_pdfminer(tmp_path):
    """A ruled page whose label is printed a glyph per text object in a font neither embedded nor
    installed: pypdfium2 5.x leaves those glyphs out of its text (pdf_triage.dropped), pdfminer's chars
    hold them."""
    def tracked(sheet):
        sheet.drawString(72, 720, "本年新收政府信息公开申请数量")  # one text object: pdfium keeps it
        x = 72.0
        for char in "上年结转政府信息公开申请数量":
            sheet.drawString(x, 700, char)
            x += sheet.stringWidth(char, "STSong-Light", 12)
        sheet.line(72, 690, 500, 690)

    ours, theirs = _objects(drawn_pdf(tmp_path / "tracked.pdf", tracked))
    assert "".join(c["text"] for c in theirs["char"]) == "本年新收政府信息公开申请数量上年结转政府信息公开申请数量"
    # Left to pdfminer, or (a machine with a CJK font: pdfium finds the glyphs) the same characters.
    assert ours is None or [c["text"] for c in ours["char"]] == [c["text"] for c in theirs["char"]]
