"""Hostile font and page dictionaries on the pdfium fast path (builder.read.pdf_objects).

Each PDF is written byte by byte here (a font dictionary reportlab would not write), with a ruled table
so the page is a table page. Either pdfium's chars are pdfminer's to 1e-3 pt, or the page is left to
pdfminer (None): a width pdfminer would not advance by moves every later character of the text object.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from builder.read import pdf_objects, pdf_triage
from builder.read.document import Table
from builder.read.pdf import page_blocks, read_pdf

BOX = ("x0", "x1", "top", "bottom", "doctop", "size")
W = "/W [ 1 [ 207 270 342 467 462 797 710 239 374 ] 10 [ 374 423 605 238 375 238 334 462 ] 18 26 462 27 28 238 ]"


def _stsong(w=W, dw="/DW 1000", descent="/Descent -271", encoding="UniGB-UCS2-H") -> str:
    return ("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /" + encoding +
            " /DescendantFonts [ << /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo"
            f" << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> {dw} {w} /FontDescriptor << /Type"
            " /FontDescriptor /FontName /STSongStd-Light /Flags 6 /FontBBox [ -25 -254 1000 880 ] /ItalicAngle 0"
            f" /Ascent 752 {descent} /CapHeight 737 /StemV 58 >> >> ] >>")


def _simple(base: str, widths: list[int] | None = None, descriptor: str | None = None) -> str:
    font = f"<< /Type /Font /Subtype /TrueType /BaseFont /{base} /Encoding /WinAnsiEncoding"
    if widths is not None:
        font += f" /FirstChar 32 /LastChar {31 + len(widths)} /Widths [{' '.join(map(str, widths))}]"
    if descriptor is not None:
        font += (f" /FontDescriptor << /Type /FontDescriptor /FontName /{base} /Flags 32 /FontBBox [0 -200 1000 900]"
                 f" /ItalicAngle 0 /Ascent 800 /CapHeight 700 /StemV 80 {descriptor} >>")
    return font + " >>"


def _utf16(text: str) -> str:
    return "(" + "".join(f"\\{ord(c) >> 8:03o}\\{ord(c) & 255:03o}" for c in text) + ")"


def _table_pdf(path: Path, fonts: dict[str, str], cell=None, page_extra: str = "") -> Path:
    """One page: a label in F2 (STSong) and a 4 × 3 ruled table of numbers, each cell by `cell(r, k, x, y)`."""
    cell = cell or (lambda r, k, x, y: f"BT /F1 10 Tf 1 0 0 1 {x} {y} Tm ({100 * r + k + 10}) Tj ET")
    ops = ["0.5 w", "BT /F2 10 Tf 72 720 Td " + _utf16("本年新收政府信息公开申请数量") + " Tj ET"]
    ops += [f"72 {700 - r * 24} m 432 {700 - r * 24} l S" for r in range(5)]
    ops += [f"{72 + k * 120} 700 m {72 + k * 120} 604 l S" for k in range(4)]
    ops += [cell(r, k, 76 + k * 120, 684 - r * 24) for r in range(4) for k in range(3)]
    stream = "\n".join(ops).encode("latin-1")
    font_dict = " ".join(f"/{name} {spec}" for name, spec in fonts.items())
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << {font_dict} >> >>"
                f" /Contents 4 0 R {page_extra} >>").encode("latin-1"),
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def _cjk_cell(font: str = "/F2 10 Tf", state: str = ""):
    return lambda r, k, x, y: f"BT {font} {state} 1 0 0 1 {x} {y} Tm {_utf16(str(100 * r + k + 10))} Tj ET"


def _fast_and_slow(path: Path) -> tuple[dict | None, dict]:
    document = pdf_triage.open_document(path)
    try:
        with pdfplumber.open(path) as pdf, pdfplumber.open(path) as again:
            return pdf_objects.page_objects(document, again.pages[0]), pdf.pages[0].objects
    finally:
        document.close()


LEFT_TO_PDFMINER = {
    # pdfminer advances a standard font by its own metrics, whatever /Widths says; pdfium by /Widths.
    "standard name, widths of its own": ({"F1": _simple("Helvetica", [1000] * 95), "F2": _stsong()}, None, ""),
    "Arial, widths cut short": ({"F1": _simple("Arial", [500] * 16, "/Descent -210"), "F2": _stsong()}, None, ""),
    # pdfminer reads a missing /Widths as all 0; pdfium takes the widths of the font it substitutes.
    "no widths": ({"F1": _simple("MyFont", None, "/Descent -210"), "F2": _stsong()}, None, ""),
    # A zero width prints the next digit over the last: pdfium's text keeps one of two equal glyphs there.
    "zero widths": ({"F1": _simple("MyFont", [0] * 95, "/Descent -210"), "F2": _stsong()}, None, ""),
    "negative widths": ({"F1": _simple("MyFont", [-500] * 95, "/Descent -210"), "F2": _stsong()}, None, ""),
    # /W giving CID 18 twice: pdfminer keeps the last width, pdfium the first.
    "overlapping /W": ({"F2": _stsong(w="/W [ 17 [ 300 400 ] 18 26 800 ]", dw="/DW 900")}, _cjk_cell(), ""),
    # pdfminer turns the box of a negative size over (top above bottom in pdfium's reading).
    "negative size": ({"F2": _stsong()}, _cjk_cell("/F2 -10 Tf"), ""),
    # Vertical writing: pdfminer boxes each glyph around its vertical origin.
    "vertical CMap": ({"F2": _stsong(encoding="UniGB-UCS2-V")}, _cjk_cell(), ""),
}


@pytest.mark.parametrize("case", LEFT_TO_PDFMINER)
def test_a_font_pdfium_would_lay_out_otherwise_leaves_the_page_to_pdfminer(case, tmp_path):
    fonts, cell, extra = LEFT_TO_PDFMINER[case]
    path = _table_pdf(tmp_path / "case.pdf", fonts, cell, extra)
    ours, theirs = _fast_and_slow(path)
    assert ours is None
    assert len(theirs["char"]) > 30  # the page has its characters: only the fast path stood aside


READ_THE_SAME = {
    "Arial, its own metrics": ({"F1": _simple("Arial", [278] * 16 + [556] * 10 + [278] * 69, "/Descent -210"),
                                "F2": _stsong()}, None, ""),
    "no /Descent": ({"F1": _simple("MyFont", [600] * 95, ""), "F2": _stsong(descent="")}, None, ""),
    "positive /Descent": ({"F1": _simple("MyFont", [600] * 95, "/Descent 250"), "F2": _stsong()}, None, ""),
    "MissingWidth past /LastChar": ({"F1": _simple("MyFont", [500] * 16, "/Descent -210 /MissingWidth 333"),
                                     "F2": _stsong()}, None, ""),
    "/W and /DW": ({"F2": _stsong(w="/W [ 18 26 700 ]", dw="/DW 500")}, _cjk_cell(), ""),
    "Tz Tc Tw Ts": ({"F2": _stsong()}, _cjk_cell(state="50 Tz 2 Tc 3 Tw 4 Ts"), ""),
    "size by Tm": ({"F2": _stsong()},
                   lambda r, k, x, y: f"BT /F2 1 Tf 10 0 0 10 {x} {y} Tm {_utf16(str(r * 100 + k))} Tj ET", ""),
    "UserUnit and CropBox": ({"F2": _stsong()}, _cjk_cell(), "/UserUnit 2 /CropBox [50 100 550 800]"),
}


@pytest.mark.parametrize("case", READ_THE_SAME)
def test_a_font_or_page_pdfium_reads_as_pdfminer_stays_on_the_fast_path(case, tmp_path):
    fonts, cell, extra = READ_THE_SAME[case]
    path = _table_pdf(tmp_path / "case.pdf", fonts, cell, extra)
    ours, theirs = _fast_and_slow(path)
    assert ours is not None
    assert [c["text"] for c in ours["char"]] == [c["text"] for c in theirs["char"]]
    for mine, expected in zip(ours["char"], theirs["char"], strict=True):
        assert all(abs(mine[k] - expected[k]) < 1e-3 for k in BOX), (mine, expected)


def test_a_page_left_to_pdfminer_reads_its_table_as_pdfminer_does(tmp_path):
    # Without a /Widths pdfminer stacks a cell's digits at one x; the numbers read are pdfminer's own.
    path = _table_pdf(tmp_path / "nowidths.pdf", {"F1": _simple("MyFont", None, "/Descent -210"), "F2": _stsong()})
    with pdfplumber.open(path) as pdf:
        expected = [b for b in page_blocks(pdf.pages[0]) if isinstance(b, Table)]  # over pdfminer's objects
    tables = [b for b in read_pdf(path).blocks if isinstance(b, Table)]
    assert tables == expected
    assert tables[0].rows[1] == ["10", "1", "12"]  # 110 and 111 as pdfminer's stacked glyphs read


def test_a_font_is_read_once_per_document_not_once_per_page():
    # A /W array read per page costs pages × widths (benchmarks/hostile.py pdf_font_widths); pdfminer reads it once.
    path = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "reports" / "huaian-2024.pdf"
    document = pdf_triage.open_document(path)
    try:
        with pdfplumber.open(path) as pdf:
            assert pdf_objects.page_objects(document, pdf.pages[0]) is not None
            cache = pdf_objects._FONT_CACHE[pdf.doc]
            first = dict(cache)
            assert first and all(font is not None for font in first.values())
            assert pdf_objects.page_objects(document, pdf.pages[3]) is not None
            assert all(cache[objid] is font for objid, font in first.items())  # page 4 reused page 1's readings
    finally:
        document.close()
