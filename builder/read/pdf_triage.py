"""Which PDF pages are plain prose, read cheaply with pypdfium2 instead of pdfplumber's layout.

pdfplumber lays a page out with pdfminer, whose content-stream interpreter is most of a PDF's parse;
pdfium (pypdfium2) reads the same text layer in a few percent of that time. A page needs pdfplumber
only when it can hold a table: any path object (the rules of a ruled table, a framed box: what
pdfplumber's table finder builds its edges from), or a line of text with a gap wider than a cell's
(CELL_GAP character sizes: the columns of an unruled table). Every other page is prose, and its
lines come from pdfium's characters through pdfplumber's own line builder (utils.chars_to_textmap,
the code page.extract_text_lines runs), so a prose page reads the same lines either way.

A page also goes to pdfplumber when pdfium's characters are not what pdfplumber's would be: a glyph
printed twice (fake bold, which page_blocks de-duplicates), text at an angle or a rotated page, a
character without a Unicode mapping (pdfminer prints "(cid:12)"), no text at all (a scan, or an
empty page: read_pdf's checks count those on pdfplumber's objects), a character pdfium's text page
left out (dropped: fake bold, or a glyph of a font the machine lacks).
"""

from __future__ import annotations

import ctypes
import math
from contextlib import contextmanager

import pypdfium2
import pypdfium2.raw as pdfium_c
from pdfplumber.utils.text import chars_to_textmap

# pdfium's own placeholder for a character it could not map (and the two non-characters).
UNMAPPED = {0, 0xFFFE, 0xFFFF}
# Characters of one glyph printed twice are closer than this (points): builder.read.pdf's fake bold.
_DUPLICATE = 1.5


def open_document(path) -> pypdfium2.PdfDocument:
    return pypdfium2.PdfDocument(str(path))


@contextmanager
def opened(document: pypdfium2.PdfDocument, index: int):
    """(page, text page) of page `index`, closed after use."""
    page = document[index]
    text = page.get_textpage()
    try:
        yield page, text
    finally:
        text.close()
        page.close()


def prose_lines(document: pypdfium2.PdfDocument, index: int, cell_gap: float) -> list[dict] | None:
    """The page's text lines as page.extract_text_lines(return_chars=True) gives them, when the page is
    prose; None when it may hold a table (or pdfium's reading may differ from pdfplumber's)."""
    with opened(document, index) as (page, text):
        return prose_lines_on(page, text, cell_gap)


def prose_lines_on(page: pypdfium2.PdfPage, text: pypdfium2.PdfTextPage, cell_gap: float) -> list[dict] | None:
    """prose_lines of a page already open."""
    if page.get_rotation() or not _only_plain_text(page, text):
        return None
    chars = _chars(text, page.get_height())
    if not chars or has_duplicates(chars):
        return None
    lines = chars_to_textmap(chars, layout_bbox=(0, 0, page.get_width(), page.get_height()),
                             layout_width=page.get_width(), layout_height=page.get_height()
                             ).extract_text_lines(strip=True, return_chars=True)
    if any(_wide_gap(line, cell_gap) for line in lines):
        return None
    return lines


def _only_plain_text(page, text) -> bool:
    """No path object (rules, boxes), and no text object printed again over itself: pdfium drops such
    a copy (fake bold) from its text by a rule of its own, so the copy's text reads empty; pdfplumber's
    chars keep it for page_blocks to de-duplicate by builder.read.pdf's rule."""
    for obj in page.get_objects():
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            return False
        if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT and dropped(obj.raw, text):
            return False
    return True


def dropped(obj, text) -> bool:
    """Whether a text object may print characters pdfium's text page does not hold (pdfminer's chars
    do): a copy printed over another (fake bold, which pdfium drops by a rule of its own: it has a
    box but no text), or a glyph of a font neither embedded nor installed (a PDF naming STSong-Light
    on a machine without a CJK font): pypdfium2's builds from 5.x on (pdfium 7xxx) give such a
    glyph a 0×0 box and leave it out of the text page, where 4.x and early 5.x kept its character.
    A text object with an embedded font and no box prints nothing (an empty string, a space)."""
    if has_text(obj, text):
        return False
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    if right.value > left.value:
        return True
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    return not font or not pdfium_c.FPDFFont_GetIsEmbedded(font)


def has_text(obj, text) -> bool:
    """Whether pdfium's text page holds characters of the text object (its text is more than the
    UTF-16 terminator)."""
    return pdfium_c.FPDFTextObj_GetText(obj, text, None, 0) > 2


def _chars(text, height: float) -> list[dict] | None:
    """pdfplumber-like char dicts (text, x0, x1, top, bottom, size, upright) of the page's printed
    characters, in content order; None when one of them is not plainly upright and mapped."""
    matrix, rect = pdfium_c.FS_MATRIX(), pdfium_c.FS_RECTF()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    chars = []
    for i in range(text.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(text, i):
            continue  # a space or line break pdfium inserted, not printed
        code = pdfium_c.FPDFText_GetUnicode(text, i)
        if (code in UNMAPPED or 0xD800 <= code <= 0xDFFF or pdfium_c.FPDFText_HasUnicodeMapError(text, i)
                or abs(pdfium_c.FPDFText_GetCharAngle(text, i)) > 1e-3):
            return None
        pdfium_c.FPDFText_GetMatrix(text, i, matrix)
        if abs(matrix.b) > 1e-6 or abs(matrix.c) > 1e-6 or matrix.a <= 0 or matrix.d <= 0:
            return None
        if not pdfium_c.FPDFText_GetLooseCharBox(text, i, rect):
            return None
        pdfium_c.FPDFText_GetCharOrigin(text, i, origin_x, origin_y)
        # pdfplumber's size and box: the font size through the text matrix, the box that tall.
        size = pdfium_c.FPDFText_GetFontSize(text, i) * matrix.d
        char_bottom = height - rect.bottom
        chars.append({"object_type": "char", "text": chr(code), "x0": origin_x.value, "x1": rect.right,
                      "top": char_bottom - size, "bottom": char_bottom, "doctop": char_bottom - size,
                      "width": rect.right - origin_x.value, "height": size, "size": size, "upright": True})
    return chars


def has_duplicates(chars: list[dict]) -> bool:
    seen: dict[tuple, list[dict]] = {}
    for char in chars:
        key = (char["text"], math.floor(char["x0"] / _DUPLICATE), math.floor(char["top"] / _DUPLICATE))
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for other in seen.get((key[0], key[1] + dx, key[2] + dy), ()):
                    if abs(other["x0"] - char["x0"]) <= _DUPLICATE and abs(other["top"] - char["top"]) <= _DUPLICATE:
                        return True
        seen.setdefault(key, []).append(char)
    return False


def _wide_gap(line: dict, cell_gap: float) -> bool:
    """A gap between two printed characters wider than cell_gap character sizes: a column break."""
    chars = [c for c in line["chars"] if c["text"].strip()]
    return any((b["x0"] - a["x1"]) / max(a["size"], 1.0) > cell_gap for a, b in zip(chars, chars[1:], strict=False))
