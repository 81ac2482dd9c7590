"""A page's characters and drawn paths read by pdfium, in the shape pdfplumber's own objects have.

pdfplumber gets a page's objects from pdfminer, whose content-stream interpreter (pure Python) is
most of a PDF's parse: ~0.4 s a table page of a real report. pdfium (pypdfium2) reads the same
page in a few milliseconds. This module builds from pdfium the dicts pdfplumber's table finder and
text extraction work on — chars, and lines / rects / curves — so that a table page is laid out by
pdfplumber's own code (TableFinder, Table.extract, extract_text_lines) over pdfium's objects.

pypdfium2 has no such bridge, nor any reader of a path's segments above the raw pdfium calls, so
the shapes are built here, by pdfminer's rules (converter.PDFLayoutAnalyzer.paint_path: a path is
split at each move; "ml" is a line, a closed axis-aligned "mlllh" a rect, anything else a curve
through its segments' end points) and pdfplumber's coordinates (top-down from the MediaBox).

A character's box is pdfminer's too, not pdfium's loose box: its origin from pdfium, its advance
from the font's /Widths (pdfium's FPDFFont_GetGlyphWidth), its height from the font descriptor's
/Descent, read from the page's font dictionaries through pdfminer's object parser (cheap: no
content stream is interpreted), because pdfium substitutes a descent of its own where the
descriptor says 0. Checked on every table page of the fixtures: the same characters, boxes within
1e-3 pt, the same edges, and parse --json byte for byte the same.

`page_objects` returns None wherever pdfium's reading may differ from pdfminer's, and the page is
then laid out by pdfminer as before: a rotated page or a MediaBox not at the origin, a Form XObject
(nested coordinate spaces), a Type 3 font (glyph boxes from the font's own matrix) or a font the
page's resources do not name, a character pdfium cannot map or prints at an angle, a text object
pdfium left out of its text (a fake-bold copy, a font the machine lacks: pdf_triage.dropped), a
glyph printed twice; a font printed at a size ≤ 0 or in vertical writing, and a glyph whose width
is not the one pdfminer advances by (a standard font's metrics where /Widths says otherwise, a font
without /Widths, a width ≤ 0, /W entries that overlap): pdfminer's pen then stands elsewhere for
every later glyph.
"""

from __future__ import annotations

import ctypes
import weakref
from dataclasses import dataclass

import pypdfium2
import pypdfium2.raw as pdfium_c
from pdfminer.fontmetrics import FONT_METRICS
from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1
from pdfminer.psparser import literal_name

from builder.read import pdf_triage

_MOVE, _LINE, _BEZIER = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO, pdfium_c.FPDF_SEGMENT_BEZIERTO
# pdfium keeps coordinates as 32-bit floats (73.16 → 73.16000366…), pdfminer as the stream's decimals:
# rounded to this many places they are the same number again (a PDF prints at most 5 decimals).
_PLACES = 4
# Each document's fonts as _fonts read them, by object number: read once, not once per page.
_FONT_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def page_objects(document: pypdfium2.PdfDocument, plumber_page) -> dict[str, list[dict]] | None:
    """{"char": […], "line": […], "rect": […], "curve": […], "image": […]} like pdfplumber's
    Page.objects of `plumber_page` (the same page of the same file, not yet laid out), or None."""
    with pdf_triage.opened(document, plumber_page.page_number - 1) as (page, text):
        return objects_on(page, text, plumber_page)


def objects_on(page: pypdfium2.PdfPage, text: pypdfium2.PdfTextPage, plumber_page) -> dict[str, list[dict]] | None:
    """page_objects of a page already open."""
    page_number, initial_doctop = plumber_page.page_number, plumber_page.initial_doctop
    fonts = _fonts(plumber_page.page_obj.resources, _FONT_CACHE.setdefault(plumber_page.pdf.doc, {}))
    if fonts is None:
        return None
    left, bottom, _right, top = page.get_mediabox()
    if page.get_rotation() or left or bottom:
        return None
    height = top
    paths, images = _paths_and_images(page, text)
    if paths is None:
        return None
    chars = _chars(text, height, page_number, initial_doctop, fonts)
    if not chars or pdf_triage.has_duplicates(chars):
        return None
    objects: dict[str, list[dict]] = {"char": chars}
    for path in paths:
        for subpath in _subpaths(path):
            shape = _shape(subpath, height, page_number, initial_doctop)
            if shape is not None:
                objects.setdefault(shape["object_type"], []).append(shape)
    if images:
        objects["image"] = images
    return objects


def _paths_and_images(page, text) -> tuple[list[list[tuple[str, float, float]]] | None, list[dict]]:
    """Each path object as (operator, x, y) segments in page space ('m', 'l', 'c' for a Bézier
    curve's end point, 'h' after a closed point); and a stand-in for each image (only counted).
    None for the paths when the page holds a Form XObject or a text object pdfium dropped (pdf_triage.dropped)."""
    paths: list[list[tuple[str, float, float]]] = []
    images: list[dict] = []
    matrix = pdfium_c.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(pdfium_c.FPDFPage_CountObjects(page)):
        obj = pdfium_c.FPDFPage_GetObject(page, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            return None, images
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images.append({"object_type": "image"})
        elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT and pdf_triage.dropped(obj, text):
            return None, images  # characters pdfium left out of its text (fake bold, a missing font)
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths.append(_segments(obj, matrix, x, y))
    return paths, images


def _segments(obj, matrix, x, y) -> list[tuple[str, float, float]]:
    """A path object's segments in page space (its points through its matrix), rounded (_PLACES)."""
    pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    segments: list[tuple[str, float, float]] = []
    bezier = 0
    for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        px, py = round(a * x.value + c * y.value + e, _PLACES), round(b * x.value + d * y.value + f, _PLACES)
        if kind == _BEZIER:
            bezier += 1  # pdfium gives a curve's two control points and its end as three segments
            if bezier % 3:
                continue
            segments.append(("c", px, py))
        else:
            bezier = 0
            segments.append(("m" if kind == _MOVE else "l", px, py))
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            segments.append(("h", px, py))
    return segments


def _subpaths(path: list[tuple[str, float, float]]) -> list[list[tuple[str, float, float]]]:
    """The path cut at each move, lone moves left out (pdfminer's re.finditer("m[^m]+", shape))."""
    out: list[list[tuple[str, float, float]]] = []
    for segment in path:
        if segment[0] == "m":
            out.append([segment])
        elif out:
            out[-1].append(segment)
    return [sub for sub in out if len(sub) > 1]


def _shape(subpath: list[tuple[str, float, float]], height: float, page_number: int, initial_doctop: float
           ) -> dict | None:
    """pdfplumber's dict of one subpath: a line, a rect or a curve (pdfminer's paint_path)."""
    shape = "".join(op for op, _x, _y in subpath)
    # 'h' has no point of its own: it returns to the subpath's start.
    pts = [(px, py) if op != "h" else (subpath[0][1], subpath[0][2]) for op, px, py in subpath]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("mlh", "ml"):
        return _component("line", pts[:2], height, page_number, initial_doctop)
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            (ax, ay), (bx, by) = pts[0], pts[2]
            return _component("rect", [(ax, ay), (bx, ay), (bx, by), (ax, by)], height, page_number, initial_doctop)
    return _component("curve", pts, height, page_number, initial_doctop)


def _component(kind: str, pts: list[tuple[float, float]], height: float, page_number: int,
               initial_doctop: float) -> dict:
    x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
    y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
    top = height - y1
    return {"object_type": kind, "page_number": page_number, "x0": x0, "y0": y0, "x1": x1, "y1": y1,
            "width": x1 - x0, "height": y1 - y0, "top": top, "bottom": height - y0,
            "doctop": initial_doctop + top, "pts": [(px, height - py) for px, py in pts]}


def _chars(text, height: float, page_number: int, initial_doctop: float, fonts: dict[str, _Font | None]
           ) -> list[dict] | None:
    """pdfplumber's char dicts of the page's printed characters, in content order; None when one of
    them is not plainly upright and mapped (pdf_triage's rule), is printed at a size ≤ 0, or advances by
    a width other than pdfminer's (`_Font.widths`): pdfminer moves the pen by its own widths, so every
    later character of the text object would stand elsewhere too.

    The box is pdfminer's (layout.LTChar): from the origin up by the font's descent (`fonts`) to one
    font size above; pdfium's own loose box scales the descent by the font's ascent − descent, and
    takes a descent from the glyphs where the descriptor says 0, which moves a character by up to
    ~2 pt. The right edge is the glyph's advance from the font's /Widths (pdfium's FPDFFont_GetGlyphWidth
    maps the character back to its code), not the loose box's, which is the ink where that is wider."""
    matrix = pdfium_c.FS_MATRIX()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    name = ctypes.create_string_buffer(256)
    font_size, advance = ctypes.c_float(), ctypes.c_float()
    # Per text object (one font, one size): (font's name, its metrics, font, size as set, size as printed).
    objects: dict[int, tuple[str, _Font, object, float, float]] = {}
    advances: dict[tuple[int, int], float | None] = {}  # (text object, character) → advance in text space
    chars = []
    for i in range(text.count_chars()):
        # A space or line break pdfium inserted is not printed. pdfium also turns a printed U+3000 into
        # one of these, and keeps one of two printed spaces in a row, where pdfminer keeps blank chars;
        # pdfplumber splits words at a blank char, but the gap such a blank leaves (an em; or the space
        # kept beside it) splits them as well, so the words come out the same.
        if pdfium_c.FPDFText_IsGenerated(text, i):
            continue
        code = pdfium_c.FPDFText_GetUnicode(text, i)
        if code in pdf_triage.UNMAPPED or 0xD800 <= code <= 0xDFFF or pdfium_c.FPDFText_HasUnicodeMapError(text, i):
            return None
        pdfium_c.FPDFText_GetMatrix(text, i, matrix)
        if abs(matrix.b) > 1e-6 or abs(matrix.c) > 1e-6 or matrix.a <= 0 or matrix.d <= 0:
            return None  # turned, slanted or mirrored
        obj = pdfium_c.FPDFText_GetTextObject(text, i)
        key = ctypes.cast(obj, ctypes.c_void_p).value
        if key not in objects:
            font = pdfium_c.FPDFTextObj_GetFont(obj)
            pdfium_c.FPDFFont_GetBaseFontName(font, name, len(name))
            fontname = name.value.decode("utf-8", errors="replace")
            if fonts.get(fontname) is None:
                return None  # a font the page's resources do not name, or two of that name that differ
            pdfium_c.FPDFTextObj_GetFontSize(obj, font_size)
            if font_size.value <= 0:
                return None  # pdfminer turns a negative size's box over; pdfium does not
            objects[key] = (fontname, fonts[fontname], font, font_size.value, pdfium_c.FPDFText_GetFontSize(text, i))
        fontname, metrics, font, set_size, printed_size = objects[key]
        if (key, code) not in advances:
            advances[key, code] = _advance(font, code, set_size, metrics, advance)
        if advances[key, code] is None:
            return None
        pdfium_c.FPDFText_GetCharOrigin(text, i, origin_x, origin_y)
        size = printed_size * matrix.d
        x0, y0 = origin_x.value, origin_y.value + metrics.descent * size
        x1, y1 = x0 + advances[key, code] * matrix.a, y0 + size
        chars.append({"object_type": "char", "page_number": page_number, "text": chr(code), "fontname": fontname,
                      "size": size, "upright": True, "x0": x0, "y0": y0, "x1": x1, "y1": y1,
                      "width": x1 - x0, "height": size, "top": height - y1, "bottom": height - y0,
                      "doctop": initial_doctop + height - y1,
                      "matrix": (matrix.a, matrix.b, matrix.c, matrix.d, x0, origin_y.value)})
    return chars


def _advance(font, code: int, size: float, metrics: _Font, advance: ctypes.c_float) -> float | None:
    """The character's advance in text space by pdfium, or None where it is not pdfminer's."""
    if not pdfium_c.FPDFFont_GetGlyphWidth(font, code, size, advance):
        return None
    # pdfium's text drops a glyph printed over the same glyph (as a zero width prints the next one),
    # where pdfminer keeps both; a negative width turns pdfminer's box over.
    if advance.value <= 0 or not metrics.agrees(code, advance.value * 1000 / size):
        return None
    return advance.value


@dataclass(frozen=True)
class _Font:
    """What pdfminer's PDFFont makes of a font dictionary, as far as a character's box needs it: the
    descent per point of size (≤ 0), and the widths (per 1000 of the size) it advances by: a standard
    font's by character (pdfminer takes them from its metrics, whatever /Widths says), else the set of
    widths the dictionary holds (pdfium gives no character code to look one up by; a width outside the
    set is one pdfium took from elsewhere, e.g. the font program where /Widths is missing)."""

    descent: float
    by_char: dict[str, float] | None
    widths: frozenset[int]

    def merged(self, other: _Font | None) -> _Font | None:
        """The font two subsets of one font make under their shared name (pdfium names a simple font
        without its subset tag): their widths together; None if they differ otherwise."""
        if other is None or (other.descent, other.by_char) != (self.descent, self.by_char):
            return None
        return _Font(self.descent, self.by_char, self.widths | other.widths)

    def agrees(self, code: int, width: float) -> bool:
        if self.by_char is not None:
            return abs(self.by_char.get(chr(code), 0) - width) < 0.01
        return round(width) in self.widths


def _fonts(resources, cache: dict[int, tuple[str, _Font] | None]) -> dict[str, _Font | None] | None:
    """{font name: _Font} of the page's fonts, keyed by the BaseFont and by the name without its subset
    tag (pdfium names a simple font without it); None when one of them is left to pdfminer (_font).
    Two fonts of one name with different descents: None for that name. `cache` keeps each font
    object's reading for the document's other pages (a /W array is read once, as pdfminer does)."""
    out: dict[str, _Font | None] = {}
    fonts = resolve1((resources or {}).get("Font")) or {}
    if not isinstance(fonts, dict):
        return None
    for ref in fonts.values():
        objid = ref.objid if isinstance(ref, PDFObjRef) else None
        if objid is not None and objid in cache:
            named = cache[objid]
        else:
            named = _font(resolve1(ref))
            if objid is not None:
                cache[objid] = named
        if named is None:
            return None
        basefont, font = named
        for name in {basefont, basefont.split("+", 1)[-1]}:
            out[name] = font.merged(out[name]) if name in out else font
    return out


def _font(spec) -> tuple[str, _Font] | None:
    """(BaseFont, _Font) as pdfminer's PDFFont reads the font dictionary (pdffont.py: the descriptor's
    /Descent made negative, a standard font's descent and widths from its metrics), or None for a font
    pdfminer lays out otherwise: Type 3 (glyph boxes from its matrix), vertical writing, /W ranges
    that overlap (pdfminer keeps the last width, pdfium the first)."""
    if not isinstance(spec, dict):
        return None
    subtype = literal_name(resolve1(spec.get("Subtype"))) if spec.get("Subtype") else "Type1"
    basefont = resolve1(spec.get("BaseFont"))
    basefont = literal_name(basefont) if basefont is not None else "unknown"
    if isinstance(basefont, bytes):
        basefont = basefont.decode("utf-8", errors="replace")
    if subtype == "Type3":
        return None
    metrics = _widths(spec, subtype, basefont)
    if metrics is None:
        return None
    descriptor, by_char, widths = metrics
    descriptor = resolve1(descriptor) or {}
    descent = resolve1(descriptor.get("Descent", 0)) if isinstance(descriptor, dict) else 0
    if not isinstance(descent, int | float):
        return None
    return basefont, _Font(-abs(descent) / 1000, by_char, widths)


def _widths(spec: dict, subtype: str, basefont: str) -> tuple[object, dict | None, frozenset[int]] | None:
    """(the font's descriptor, _Font.by_char, _Font.widths), or None for a font left to pdfminer."""
    if subtype == "Type0":
        descendants = resolve1(spec.get("DescendantFonts")) or []
        descendant = resolve1(descendants[0]) if isinstance(descendants, list) and descendants else {}
        if not isinstance(descendant, dict) or _vertical(resolve1(spec.get("Encoding"))):
            return None
        widths = _cid_widths(resolve1(descendant.get("W")) or [], resolve1(descendant.get("DW", 1000)))
        return None if widths is None else (descendant.get("FontDescriptor"), None, widths)
    if subtype in ("Type1", "MMType1", "TrueType") and basefont in FONT_METRICS:
        descriptor, by_char = FONT_METRICS[basefont]
        return descriptor, by_char, frozenset()
    descriptor = resolve1(spec.get("FontDescriptor"))
    missing = resolve1(descriptor.get("MissingWidth", 0)) if isinstance(descriptor, dict) else 0
    widths = _simple_widths(resolve1(spec.get("Widths")), missing)
    return None if widths is None else (descriptor, None, widths)


def _vertical(encoding) -> bool:
    """Whether a Type 0 font's CMap writes downwards (pdfminer boxes such a character otherwise)."""
    if isinstance(encoding, PDFStream):
        name = resolve1(encoding.get("CMapName"))
        return resolve1(encoding.get("WMode", 0)) != 0 or _vertical(name)
    name = literal_name(encoding) if encoding is not None else ""
    return isinstance(name, str) and (name.endswith("-V") or name == "Identity-V")


def _number(value) -> int | None:
    value = resolve1(value)
    return round(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _simple_widths(widths, missing) -> frozenset[int] | None:
    """A simple font's widths: its /Widths (pdfminer reads none as all 0) and its MissingWidth."""
    values = {_number(w) for w in widths} if isinstance(widths, list) else {0}
    values.add(_number(missing))
    return None if None in values else frozenset(values)


def _cid_widths(w, default) -> frozenset[int] | None:
    """A CID font's widths: its /W (pdffont.get_widths' two forms, `c [w …]` and `c_first c_last w`)
    and /DW; None when two of /W's entries give one CID (or /W is not one of those forms)."""
    if not isinstance(w, list):
        return None
    values, spans = {_number(default)}, []
    k = 0
    while k < len(w):
        first, second = resolve1(w[k]), resolve1(w[k + 1]) if k + 1 < len(w) else None
        if isinstance(second, list):
            values.update(_number(v) for v in second)
            spans.append((_number(first), (_number(first) or 0) + len(second) - 1))
            k += 2
        elif k + 2 < len(w):
            values.add(_number(w[k + 2]))
            spans.append((_number(first), _number(second)))
            k += 3
        else:
            return None
    if None in values or any(a is None or b is None for a, b in spans):
        return None
    spans.sort()
    if any(b[0] <= a[1] for a, b in zip(spans, spans[1:], strict=False)):
        return None
    return frozenset(values)
