"""Read an OFD report (GB/T 33190, China's fixed-layout format) by redrawing it as a PDF for the PDF reader.

An OFD is a zip of XML: OFD.xml names the document (DocBody/DocRoot → Document.xml), which
lists its pages (Pages/Page BaseLoc → Content.xml) and template pages; a page's content holds
TextObjects (TextCode elements: Unicode text, its X/Y in mm and the DeltaX advances of its glyphs)
and PathObjects (AbbreviatedData "M x y L x y … C"; among them a table's rules).

Why a PDF: an OFD page is what a PDF page is — glyphs and rules at positions — and rebuilding lines,
ruled tables (pdfplumber's table finder on the rules) and unruled tables from positions is exactly
what builder/read/pdf.py does and is tested for; a second copy of that logic for OFD would drift.
So every glyph is drawn where the OFD puts it, one glyph at a time (an OFD's own fonts are not
needed: the text is Unicode in the XML, and reportlab's built-in STSong-Light CID font needs no
font file), every path is stroked or filled as it is, and pdfplumber reads the result.
easyofd (PyPI) does OFD → PDF too, but it pulls in PyMuPDF and puts the working directory on
sys.path at import time; the part we need is this small XML walk.
"""

from __future__ import annotations

import contextlib
import io
import math
import posixpath
import re
import tempfile
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from builder.errors import ReportError
from builder.read.document import Document, Paragraph, Table

# Bounds, local to this module (builder/read/limits.py may come to hold the others'):
MAX_INPUT_BYTES = 100 * 1024 * 1024
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024   # all members decompressed (a zip bomb stops here)
MAX_XML_BYTES = 30 * 1024 * 1024         # one XML member (a page's content)
MAX_ZIP_MEMBERS = 20_000
MAX_PAGES = 1000
MAX_GLYPHS = 2_000_000                   # over the whole document

MM = 72 / 25.4  # OFD lengths are millimetres; PDF's are points
CORRUPT = "OFD 文件损坏 corrupt OFD"
FONT = "STSong-Light"
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


@dataclass
class Glyph:
    text: str
    x: float      # mm from the page's left
    y: float      # baseline, mm from the page's top
    size: float   # mm


@dataclass
class Path_:
    points: list[list[tuple[float, float]]]  # subpaths, page mm
    closed: list[bool]
    width: float
    stroke: bool
    fill: bool


@dataclass
class Page:
    width: float
    height: float
    glyphs: list[Glyph]
    paths: list[Path_]
    images: int


def read_ofd(path: Path) -> Document:
    path = Path(path)
    if path.stat().st_size > MAX_INPUT_BYTES:
        raise ReportError(f"文件过大 file too large (over {MAX_INPUT_BYTES // 2**20} MB)")
    with path.open("rb") as fh:
        if not fh.read(4).startswith(b"PK\x03\x04"):
            raise ReportError(f"{CORRUPT} (not a zip package)")
    pages = read_pages(path)
    if not pages:
        raise ReportError(f"{CORRUPT} (no pages)")
    if not any(p.glyphs for p in pages):
        if any(p.images for p in pages):
            raise ReportError("OFD 没有文字层（扫描件？）no text layer (scanned image?): the report needs OCR first")
        raise ReportError("OFD 没有文字 no text in OFD")
    from builder.read.pdf import read_pdf

    with tempfile.TemporaryDirectory(prefix="gov-reports-ofd-") as tmp:
        pdf_path = Path(tmp) / "report.pdf"
        pdf_path.write_bytes(to_pdf(pages))
        doc = read_pdf(pdf_path)
    doc.format = "ofd"
    _without_boxes(doc)
    return doc


def _without_boxes(doc) -> None:
    """The boxes are the temporary PDF's, not a place in the OFD a reader can open: the record gives
    an OFD's values by page, table, row and column only."""
    for block in doc.blocks:
        if isinstance(block, Table) and block.where is not None:
            block.where = [[replace(w, bbox=None, glyphs=None) for w in row] for row in block.where]
        elif isinstance(block, Paragraph) and block.where is not None:
            block.where = replace(block.where, bbox=None, glyphs=None)


# ------------------------------------------------------------------ the package


def read_pages(path: Path) -> list[Page]:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReportError(f"{CORRUPT} (bad zip)") from exc
    with zf:
        members = zf.infolist()
        if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
            raise ReportError(f"OFD 解压后过大 OFD too large when decompressed ({len(members)} members)")
        package = _Package(zf)
        root = package.xml("OFD.xml")
        doc_root = _first_text(root, "DocRoot")
        if not doc_root:
            raise ReportError(f"{CORRUPT} (OFD.xml names no DocRoot)")
        doc_path = _resolve("", doc_root)
        document = package.xml(doc_path)
        base = posixpath.dirname(doc_path)
        default_box = _box(_first_text(document, "PhysicalBox")) or (0, 0, 210, 297)
        templates = {el.get("ID"): _resolve(base, el.get("BaseLoc", "")) for el in _all(document, "TemplatePage")}
        page_refs = [el for el in _all(document, "Page") if el.get("BaseLoc")]
        if len(page_refs) > MAX_PAGES:
            raise ReportError(f"OFD 页数过多 too many pages ({len(page_refs)})")
        counter = [0]
        pages = []
        for ref in page_refs:
            page_path = _resolve(base, ref.get("BaseLoc"))
            content = package.xml(page_path)
            box = _box(_first_text(_child(content, "Area"), "PhysicalBox")) or default_box
            page = Page(width=box[2], height=box[3], glyphs=[], paths=[], images=0)
            for tpl in _children(content, "Template"):  # template pages: what every page prints (heads, rules)
                tpl_path = templates.get(tpl.get("TemplateID"))
                if tpl_path:
                    _walk(package.xml(tpl_path), page, counter)
            _walk(_child(content, "Content"), page, counter)
            pages.append(page)
        return pages


class _Package:
    def __init__(self, zf: zipfile.ZipFile):
        self.zf = zf
        self.names = {n.lstrip("/"): n for n in zf.namelist()}
        self.lower = {n.lower(): n for n in self.names}

    def xml(self, name: str):
        from lxml import etree

        key = self.names.get(name) or self.names.get(self.lower.get(name.lower(), ""))
        if key is None:
            raise ReportError(f"{CORRUPT} (missing part {name[:80]})")
        info = self.zf.getinfo(key)
        if info.file_size > MAX_XML_BYTES:
            raise ReportError(f"OFD 部件过大 OFD part too large ({name[:80]})")
        try:
            data = self.zf.read(key)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:  # a damaged member, a bad CRC
            raise ReportError(f"{CORRUPT} (cannot unpack {name[:80]})") from exc
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            return etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise ReportError(f"{CORRUPT} (bad XML in {name[:80]})") from exc


def _resolve(base: str, loc: str) -> str:
    """A BaseLoc: absolute from the package root when it starts with '/', else from `base`."""
    loc = loc.strip().replace("\\", "/")
    joined = loc.lstrip("/") if loc.startswith("/") else posixpath.join(base, loc)
    return posixpath.normpath(joined).lstrip("/")


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _all(el, name: str):
    return [] if el is None else [e for e in el.iter() if _local(e) == name]


def _children(el, name: str):
    return [] if el is None else [e for e in el if _local(e) == name]


def _child(el, name: str):
    found = _children(el, name)
    return found[0] if found else None


def _first_text(el, name: str) -> str:
    found = _all(el, name)
    return (found[0].text or "").strip() if found else ""


def _numbers(text: str | None) -> list[float]:
    return [float(n) for n in NUMBER.findall(text or "")]


def _box(text: str | None, sized: bool = True) -> tuple[float, float, float, float] | None:
    """"x y w h"; a page box must have a size, an object's Boundary may be flat (a rule)."""
    n = _numbers(text)
    if len(n) < 4 or (sized and (n[2] <= 0 or n[3] <= 0)):
        return None
    return n[0], n[1], n[2], n[3]


# ------------------------------------------------------------------ page content


def _walk(container, page: Page, counter: list[int]) -> None:
    """Text, paths and images of a Content, Layer or PageBlock, nested blocks included."""
    if container is None:
        return
    for el in container.iter():
        name = _local(el)
        if name == "TextObject":
            glyphs = _text_glyphs(el)
            page.glyphs.extend(glyphs)
            counter[0] += len(glyphs)
            if counter[0] > MAX_GLYPHS:
                raise ReportError("OFD 文字过多 too much text in OFD")
        elif name == "PathObject":
            path = _path(el)
            if path is not None:
                page.paths.append(path)
        elif name == "ImageObject":
            page.images += 1


def _matrix(el) -> tuple[float, ...]:
    m = _numbers(el.get("CTM"))
    return tuple(m[:6]) if len(m) >= 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _apply(m, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _deltas(text: str | None, limit: int) -> list[float]:
    """DeltaX/DeltaY: numbers, with "g n d" meaning n advances of d; at most `limit` of them (one
    per glyph of the TextCode: a crafted "g 100000000 1" expands no further)."""
    tokens = (text or "").split()
    out: list[float] = []
    i = 0
    while i < len(tokens) and len(out) < limit:
        if tokens[i] == "g" and i + 2 < len(tokens):
            with contextlib.suppress(ValueError, OverflowError):
                out.extend([float(tokens[i + 2])] * max(0, min(int(float(tokens[i + 1])), limit - len(out))))
            i += 3
            continue
        with contextlib.suppress(ValueError):
            out.append(float(tokens[i]))
        i += 1
    return out[:limit]


def _text_glyphs(obj) -> list[Glyph]:
    box = _box(obj.get("Boundary"), sized=False) or (0.0, 0.0, 0.0, 0.0)
    m = _matrix(obj)
    scale = math.sqrt(abs(m[0] * m[3] - m[1] * m[2])) or 1.0
    # "size": a writer (easyofd) spells the attribute in lower case.
    size = (_numbers(obj.get("Size") or obj.get("size")) or [3.5])[0]
    glyphs = []
    x = y = 0.0
    for code in _children(obj, "TextCode"):
        text = code.text or ""
        if code.get("X") is not None:
            x = (_numbers(code.get("X")) or [0.0])[0]
        if code.get("Y") is not None:
            y = (_numbers(code.get("Y")) or [0.0])[0]
        dx, dy = _deltas(code.get("DeltaX"), len(text)), _deltas(code.get("DeltaY"), len(text))
        for i, char in enumerate(text):
            px, py = _apply(m, x, y)
            if char.strip():
                glyphs.append(Glyph(char, box[0] + px, box[1] + py, size * scale))
            # Without DeltaX the advance is the glyph's own width: a full em for CJK, half for others.
            x += dx[i] if i < len(dx) else (size if ord(char) > 0x2E7F else size / 2)
            y += dy[i] if i < len(dy) else 0.0
    return glyphs


def _path(obj) -> Path_ | None:
    box = _box(obj.get("Boundary"), sized=False) or (0.0, 0.0, 0.0, 0.0)
    m = _matrix(obj)
    data = _first_text(obj, "AbbreviatedData")
    tokens = data.split()
    subpaths: list[list[tuple[float, float]]] = []
    closed: list[bool] = []
    arity = {"M": 2, "S": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}
    i = 0
    while i < len(tokens):
        op = tokens[i]
        if op not in arity:
            i += 1
            continue
        args = _numbers(" ".join(tokens[i + 1:i + 1 + arity[op]]))
        i += 1 + arity[op]
        if op == "C":
            if subpaths:
                closed[-1] = True
            continue
        if len(args) < 2:
            continue
        # Curves and arcs are drawn to their end point: tables are ruled with straight lines.
        px, py = _apply(m, args[-2], args[-1])
        point = (box[0] + px, box[1] + py)
        if op in ("M", "S") or not subpaths:
            subpaths.append([point])
            closed.append(False)
        else:
            subpaths[-1].append(point)
    if not any(len(s) >= 2 for s in subpaths):
        return None
    width = (_numbers(obj.get("LineWidth")) or [0.353])[0]
    stroke = obj.get("Stroke", "true").strip().lower() != "false"
    fill = obj.get("Fill", "false").strip().lower() == "true"
    return Path_(points=subpaths, closed=closed, width=width, stroke=stroke, fill=fill)


# ------------------------------------------------------------------ the PDF


def to_pdf(pages: list[Page]) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, invariant=1, pageCompression=0)
    for page in pages:
        width, height = page.width * MM, page.height * MM
        pdf.setPageSize((width, height))
        for path in page.paths:
            p = pdf.beginPath()
            for points, closed in zip(path.points, path.closed, strict=True):
                p.moveTo(points[0][0] * MM, height - points[0][1] * MM)
                for x, y in points[1:]:
                    p.lineTo(x * MM, height - y * MM)
                if closed:
                    p.close()
            pdf.setLineWidth(max(path.width * MM, 0.1))
            pdf.drawPath(p, stroke=1 if path.stroke else 0, fill=1 if path.fill else 0)
        text = pdf.beginText()
        for glyph in page.glyphs:
            text.setFont(FONT, max(glyph.size * MM, 1.0))
            text.setTextOrigin(glyph.x * MM, height - glyph.y * MM)
            text.textOut(glyph.text)
        pdf.drawText(text)
        pdf.showPage()
    pdf.save()
    return out.getvalue()
