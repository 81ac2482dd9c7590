"""PDF page triage (builder.read.pdf_triage): prose pages read from pypdfium2, table pages laid out by pdfplumber.

A page read the cheap way must come out exactly as pdfplumber's layout would read it; a page that can
hold a table (rules, or columns of text) must never be read the cheap way.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from builder.read import pdf_triage
from builder.read.document import Table
from builder.read.pdf import CELL_GAP, _without_running_heads, page_blocks, read_pdf
from tests.readers.drawn import drawn_pdf

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "generated").glob("*.pdf"))[:3] + [
    ROOT / "tests" / "fixtures" / "reports" / "huaian-2024.pdf"]
PROSE = "本机关坚持以习近平新时代中国特色社会主义思想为指导，2023年主动公开政府信息 125 条。"


def _laid_out(path: Path) -> list:
    """The blocks every page laid out by pdfplumber (what read_pdf did before the triage)."""
    with pdfplumber.open(path) as pdf:
        return _without_running_heads([b for page in pdf.pages for b in page_blocks(page)])


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_a_report_reads_as_with_every_page_laid_out(path):
    triaged = read_pdf(path).blocks
    assert triaged == _laid_out(path)
    assert any(isinstance(b, Table) for b in triaged)


def test_prose_pages_are_triaged_and_table_pages_are_not():
    path = ROOT / "tests" / "fixtures" / "generated" / "gen-luohu-caizhengju-2020.pdf"
    document = pdf_triage.open_document(path)
    kinds = ["prose" if pdf_triage.prose_lines(document, i, CELL_GAP) is not None else "layout"
             for i in range(len(document))]
    assert kinds == ["prose", "layout", "layout", "prose"]
    with pdfplumber.open(path) as pdf:
        expected = [line["text"] for line in pdf.pages[0].extract_text_lines()]
    assert [line["text"] for line in pdf_triage.prose_lines(document, 0, CELL_GAP)] == expected
    assert any("报告" in text for text in expected)


def _triage(path: Path) -> list[dict] | None:
    return pdf_triage.prose_lines(pdf_triage.open_document(path), 0, CELL_GAP)


def test_plain_prose_is_read_cheaply(tmp_path):
    lines = _triage(drawn_pdf(tmp_path / "prose.pdf", lambda c: c.drawString(72, 700, PROSE)))
    assert [line["text"] for line in lines] == [PROSE]


def test_a_ruled_page_is_laid_out(tmp_path):
    def ruled(sheet):
        sheet.drawString(72, 700, PROSE)
        sheet.line(72, 690, 500, 690)

    assert _triage(drawn_pdf(tmp_path / "ruled.pdf", ruled)) is None


def test_text_in_columns_is_laid_out(tmp_path):
    def columns(sheet):
        sheet.drawString(72, 700, "本年新收政府信息公开申请数量")
        sheet.drawString(400, 700, "12")

    assert _triage(drawn_pdf(tmp_path / "columns.pdf", columns)) is None


def test_a_glyph_printed_twice_is_laid_out(tmp_path):
    def fake_bold(sheet):
        sheet.drawString(72, 700, PROSE)
        sheet.drawString(72.4, 700, PROSE)

    assert _triage(drawn_pdf(tmp_path / "bold.pdf", fake_bold)) is None


def test_slanted_text_is_laid_out(tmp_path):
    def watermark(sheet):
        sheet.drawString(72, 700, PROSE)
        sheet.saveState()
        sheet.translate(300, 400)
        sheet.rotate(30)
        sheet.drawString(0, 0, "政务公开")
        sheet.restoreState()

    assert _triage(drawn_pdf(tmp_path / "slanted.pdf", watermark)) is None


def _glyph_by_glyph(text: str, y: float = 700):
    """Draws text one text object a glyph (tracked text, as some generators print it) in STSong-Light,
    a font the PDF names but does not embed."""
    def draw(sheet):
        x = 72.0
        for char in text:
            sheet.drawString(x, y, char)
            x += sheet.stringWidth(char, "STSong-Light", 12)
    return draw


def test_glyphs_pdfium_leaves_out_of_its_text_send_the_page_to_pdfplumber(tmp_path):
    """pypdfium2 5.x (pdfium 7xxx) gives a lone glyph of a font neither embedded nor installed a 0×0
    box and leaves it out of the text page (this machine has no CJK font): read cheaply, the page
    would be '2023 125'. It goes to pdfplumber, whose pdfminer maps the glyphs by the CID font."""
    path = drawn_pdf(tmp_path / "tracked.pdf", _glyph_by_glyph(PROSE))
    assert read_pdf(path).text.replace("\n", "") == PROSE
    lines = _triage(path)
    assert lines is None or "".join(line["text"] for line in lines) == PROSE
    with pdf_triage.opened(pdf_triage.open_document(path), 0) as (page, text):
        objects = [obj for obj in page.get_objects() if obj.type == 1]  # FPDF_PAGEOBJ_TEXT
        assert len(objects) == len(PROSE)
        # (On a machine with a CJK font pdfium finds the glyphs, and nothing is left out.)
        printed = [(obj, char) for obj, char in zip(objects, PROSE, strict=True) if char.strip()]
        assert all(pdf_triage.dropped(obj.raw, text) for obj, _ in printed if not pdf_triage.has_text(obj.raw, text))
        # The digits' widths are in the PDF: pdfium keeps them either way.
        assert all(pdf_triage.has_text(obj.raw, text) for obj, char in printed if char.isdigit())



def test_a_space_in_an_embedded_font_is_not_a_dropped_glyph(tmp_path):
    """A text object of an embedded font that prints only a space has no box and no text in pdfium's
    text page, and prints nothing: the prose page is still read cheaply."""
    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))  # shipped with reportlab, embedded

    def prose_and_a_space(sheet):
        sheet.drawString(72, 700, PROSE)
        sheet.setFont("Vera", 12)
        sheet.drawString(72, 660, " ")

    path = drawn_pdf(tmp_path / "space.pdf", prose_and_a_space)
    with pdf_triage.opened(pdf_triage.open_document(path), 0) as (page, text):
        space = [obj for obj in page.get_objects() if obj.type == 1][-1]
        assert not pdf_triage.has_text(space.raw, text)
        assert not pdf_triage.dropped(space.raw, text)
    assert [line["text"] for line in _triage(path)] == [PROSE]
