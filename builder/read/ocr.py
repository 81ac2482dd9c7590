"""Read a scanned report (an image-only PDF, or page images) by OCR into paragraphs and tables.

Per page: a red seal is faded out (red channel), faint print darkened (gamma), the image
straightened and its ruling lines found (builder.read.grid); the lines are erased and the text
recognised (RapidOCR's PP-OCR models, shipped inside its pip package, so it runs offline). Each
recognised box goes to the table cell that holds its centre; a box that runs over a cell's border
is read again cell by cell, and so is a cell that holds print but got nothing (or a lone sign
that is no digit): cut to its print, a lone digit is read far better than in the page's pass.
Text outside the tables comes out one Paragraph per line, in reading order, like the PDF reader's.

Why RapidOCR and not Tesseract: measured by benchmarks/ocr_engines.py on scans of reports with
known truth, Tesseract's chi_sim got about half the cells and some wrong; RapidOCR nearly all.

The Document says it was read by OCR (doc.ocr): the parser holds OCR'd numbers to the template's
arithmetic and nulls the ones it cannot trust (builder.check.ocr).

Bounds: at most MAX_PAGES pages and MAX_PIXELS pixels a page (a larger image is refused, as
Pillow refuses a decompression bomb); the OCR engine is imported only when a scan is read.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from builder.errors import ReportError
from builder.read.document import Block, Document, Paragraph, Table

# A scanned report longer than this is refused: OCR costs seconds a page.
MAX_PAGES = 30
# A page image larger than this (an A4 page at 600 dpi is 35 million pixels) is refused.
MAX_PIXELS = 50_000_000
# A scan coarser than this cannot be read reliably (a 10.5 pt character is then under 15 pixels).
MIN_DPI = 100
# Scanned PDF pages are rendered at this resolution for OCR (the engines read 150–300 dpi alike).
RENDER_DPI = 200
# In the red channel a red seal is lighter than this; black print is far darker.
SEAL_LEVEL = 190
GAMMA = 2.0
# Pixels a box may run over its cell's border before it is read again cell by cell.
SPILL = 6
# A cell read alone counts when it holds this many ink pixels (darker than INK) and the engine is
# this sure of what it read.
INK = 160
MIN_INK = 20
MIN_SCORE = 0.5
# source.format of a page image, by its file's extension.
IMAGE_FORMATS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".tif": "tiff", ".tiff": "tiff"}
ENGINES = ("rapidocr", "tesseract")
ENGINE = "rapidocr"

TOO_MANY_PAGES = f"扫描件页数过多 too many scanned pages (more than {MAX_PAGES} to OCR)"
TOO_LARGE = f"图片过大 image too large (more than {MAX_PIXELS // 1_000_000} million pixels a page)"
BAD_IMAGE = "图片文件损坏或无法识别 damaged or unknown image file"
TOO_COARSE = ("PDF 没有文字层，扫描分辨率过低（{dpi} dpi）no text layer (scanned image?) at {dpi} dpi: "
              f"too coarse to OCR (needs {MIN_DPI} dpi or more)")
NO_TEXT = "扫描件中识别不出文字 no text recognised in the scanned pages"

# A cell holding nothing but what a thin 0 is misread as (a full stop, a circle, a letter).
_ZERO_LOOKALIKES = frozenset({"。", "〇", "○", "()", "（）", "D", "Q", "U", "O", "o", "°"})
# A cell of digits the engine read with a letter for a digit (O for 0, l for 1).
_DIGITISH = re.compile(r"^[0-9OoDIl|,，.．\s]+$")
_DIGIT_FOR = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1"})
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class TextBox:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    score: float

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


class RapidOCREngine:
    """PP-OCRv4 detection and recognition through onnxruntime; the models ship in the wheel."""

    name = "rapidocr"

    def __init__(self):
        try:
            from rapidocr_onnxruntime import RapidOCR  # slow to import: only when a scan is read
        except ImportError as exc:
            raise ReportError("没有安装文字识别引擎 OCR engine not installed (pip install rapidocr-onnxruntime)") from exc

        self._ocr = RapidOCR()

    def boxes(self, gray: np.ndarray) -> list[TextBox]:
        result, _elapsed = self._ocr(gray, use_cls=False)
        out = []
        for points, text, score in result or []:
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            out.append(TextBox(text, min(xs), min(ys), max(xs), max(ys), float(score)))
        return out

    def line(self, gray: np.ndarray) -> tuple[str, float]:
        result, _elapsed = self._ocr(gray, use_det=False, use_cls=False)
        if not result:
            return "", 0.0
        text, score = result[0]
        return text, float(score)


class TesseractEngine:
    """Debian's Tesseract with chi_sim, through its command line (word boxes from its TSV)."""

    name = "tesseract"
    TIMEOUT = 120

    def __init__(self):
        if not shutil.which("tesseract"):
            raise ReportError("没有安装 Tesseract tesseract not installed (apt-get install tesseract-ocr-chi-sim)")

    def _run(self, gray: np.ndarray, psm: int) -> list[list[str]]:
        png = _png(gray)
        done = subprocess.run(["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", str(psm), "tsv"],
                              input=png, capture_output=True, timeout=self.TIMEOUT, check=False)
        rows = [line.split("\t") for line in done.stdout.decode("utf-8", "replace").splitlines()[1:]]
        return [r for r in rows if len(r) == 12 and r[11].strip() and float(r[10]) >= 0]

    def boxes(self, gray: np.ndarray) -> list[TextBox]:
        out = []
        for r in self._run(gray, 11):
            x, y, w, h = (int(v) for v in r[6:10])
            out.append(TextBox(r[11].strip(), x, y, x + w, y + h, float(r[10]) / 100))
        return out

    def line(self, gray: np.ndarray) -> tuple[str, float]:
        words = self._run(gray, 7)
        if not words:
            return "", 0.0
        return "".join(r[11].strip() for r in words), min(float(r[10]) for r in words) / 100


def _png(gray: np.ndarray) -> bytes:
    import io

    buffer = io.BytesIO()
    Image.fromarray(gray).save(buffer, "PNG")
    return buffer.getvalue()


@cache
def engine(name: str = ENGINE):
    if name == "tesseract":
        return TesseractEngine()
    return RapidOCREngine()


# ---------------------------------------------------------------- inputs


def read_scanned_pdf(path: Path, engine_name: str | None = None, dpi: int | None = None) -> Document:
    """A PDF whose pages are images: each page rendered (pypdfium2) and read by OCR."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        raise ReportError(f"PDF 文件损坏 corrupt PDF ({exc})") from exc
    try:
        if len(pdf) > MAX_PAGES:
            raise ReportError(TOO_MANY_PAGES)

        def pages() -> Iterator[Image.Image]:
            for page in pdf:
                coarse = scan_dpi(page)
                if coarse is not None and coarse < MIN_DPI:
                    raise ReportError(TOO_COARSE.format(dpi=round(coarse)))
                width, height = page.get_size()
                scale = (dpi or RENDER_DPI) / 72
                if width * height * scale * scale > MAX_PIXELS:  # a huge page is read at what fits
                    scale = (MAX_PIXELS / (width * height)) ** 0.5
                yield page.render(scale=scale).to_pil()

        return read_pages(pages(), engine_name)
    finally:
        pdf.close()


def scan_dpi(page) -> float | None:
    """The resolution of the image covering most of the page (None: no such image)."""
    import pypdfium2.raw as pdfium

    width, height = page.get_size()
    best = None
    for image in page.get_objects(filter=(pdfium.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = image.get_bounds()
        if (right - left) * (top - bottom) < 0.5 * width * height:
            continue
        px_width, px_height = image.get_px_size()
        dpi = min(px_width / ((right - left) / 72), px_height / ((top - bottom) / 72))
        best = dpi if best is None else max(best, dpi)
    return best


def read_image(path: Path, engine_name: str | None = None) -> Document:
    """A page image (PNG, JPEG, TIFF; a multi-page TIFF is several pages)."""
    with contextlib.ExitStack() as stack:  # the file is closed once its frames are copied
        return _read_image(path, engine_name, stack)


def _read_image(path: Path, engine_name: str | None, stack: contextlib.ExitStack) -> Document:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)  # before the image is opened
            image = stack.enter_context(Image.open(path))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ReportError(TOO_LARGE)
            frames = getattr(image, "n_frames", 1)
            if frames > MAX_PAGES:
                raise ReportError(TOO_MANY_PAGES)
            pages = []
            for frame in ImageSequence.Iterator(image):
                if frame.size[0] * frame.size[1] > MAX_PIXELS:
                    raise ReportError(TOO_LARGE)
                pages.append(frame.convert("RGB"))
    except ReportError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ReportError(TOO_LARGE) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ReportError(f"{BAD_IMAGE} ({type(exc).__name__})") from exc
    doc = read_pages(pages, engine_name)
    doc.format = IMAGE_FORMATS.get(path.suffix.lower(), path.suffix.lower().lstrip("."))
    return doc


def read_pages(images: Iterable[Image.Image], engine_name: str | None = None) -> Document:
    from builder.read.pdf import _without_running_heads

    ocr = engine(engine_name or ENGINE)
    blocks: list[Block] = []
    count = 0
    for number, image in enumerate(images, start=1):
        if number > MAX_PAGES:
            raise ReportError(TOO_MANY_PAGES)
        blocks.extend(page_blocks(ink_image(image), number, ocr))
        count = number
    if not any(isinstance(b, Table) or b.text.strip() for b in blocks):
        raise ReportError(NO_TEXT)
    return Document(blocks=_without_running_heads(blocks), format="pdf", pages=count, ocr=True)


def ink_image(image: Image.Image) -> np.ndarray:
    """The page as grey levels, a red seal faded out: in the red channel red ink is nearly as light
    as paper while black print stays black (under the seal too), and a levels curve that takes
    everything lighter than SEAL_LEVEL to white removes what is left of the seal."""
    if image.mode in ("RGB", "RGBA", "P", "CMYK", "LA", "PA"):
        red = np.asarray(image.convert("RGB"))[:, :, 0].astype(np.float32)
        levels = np.clip(red * (255 / SEAL_LEVEL), 0, 255) / 255
    else:
        levels = np.asarray(image.convert("L")).astype(np.float32) / 255
    # Thin print scanned at 150 dpi is grey: a gamma curve darkens it and leaves paper white.
    return (255 * levels**GAMMA).astype(np.uint8)


# ---------------------------------------------------------------- one page


def page_blocks(gray: np.ndarray, number: int, ocr) -> list[Block]:
    import cv2

    from builder.read import grid
    from builder.read.pdf import PAGE_NUMBER, _is_table

    gray = grid.straighten(gray)
    horizontal, vertical = grid.ruling_masks(gray)
    tables, lines = grid.find_tables(horizontal, vertical)
    # The lines erased, the engine sees only the print (a line by a digit reads as a 1).
    lines = cv2.dilate(lines, np.ones((3, 3), np.uint8))
    clean = gray.copy()
    clean[lines > 0] = 255
    boxes = [b for b in ocr.boxes(clean) if b.text.strip()]

    placed: list[tuple[float, Block]] = []
    used: set[int] = set()
    for table in tables:
        rows, taken = _table_rows(table, boxes, clean, ocr)
        if _is_table(rows):
            used |= taken
            placed.append((table.bbox[1], Table(rows=rows, page=number)))
    rest = [b for k, b in enumerate(boxes) if k not in used]
    for top, text in _text_lines(rest):
        if not PAGE_NUMBER.match(text):
            placed.append((top, Paragraph(text=text, page=number)))
    placed.sort(key=lambda item: item[0])
    return [block for _top, block in placed]


def _table_rows(table, boxes: list[TextBox], gray: np.ndarray, ocr) -> tuple[list[list[str]], set[int]]:
    """The table's rows of cell strings, and which boxes it took."""
    cells = [cell for row in table.rows for cell in row if cell is not None]
    texts, taken = _boxes_in_cells(table.bbox, cells, boxes, gray, ocr)
    for cell, found in texts.items():
        _reread_empty(cell, found, gray, ocr)
    rows = []
    for row in table.rows:
        strings = [_cell_text(texts[cell]) for cell in row if cell is not None]
        if any(strings):
            rows.append(strings)
    return rows, taken


def _boxes_in_cells(bbox, cells: list[tuple], boxes: list[TextBox], gray: np.ndarray, ocr):
    """Each cell's text boxes (cell → boxes), and which boxes fall inside the table."""
    texts: dict[tuple, list[TextBox]] = {cell: [] for cell in cells}
    taken: set[int] = set()
    x0, top, x1, bottom = bbox
    for k, box in enumerate(boxes):
        cx, cy = box.centre
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        taken.add(k)
        home = next((c for c in cells if c[0] <= cx < c[2] and c[1] <= cy < c[3]), None)
        if home is None:
            continue
        if box.x0 >= home[0] - SPILL and box.x1 <= home[2] + SPILL:
            texts[home].append(box)
        else:
            _split_box(box, cells, texts, gray, ocr)
    return texts, taken


# Pixels kept off a cell's ruling lines when a box over several cells is cut up (a rule read as 1).
_RULE_MARGIN = 2
# A box belongs to a cell it overlaps by this share of its height (less is a neighbour's spill).
_MIN_OVERLAP = 0.5
# White margin around a lone cell's print: the recogniser expects some around a line.
_LINE_PAD = 6


def _split_box(box: TextBox, cells: list[tuple], texts: dict[tuple, list[TextBox]], gray: np.ndarray, ocr) -> None:
    """One box over several cells (the engine saw no gap between them): read each part alone."""
    cy = box.centre[1]
    for cell in cells:
        if cell[1] <= cy < cell[3] and min(box.x1, cell[2]) - max(box.x0, cell[0]) > box.height * _MIN_OVERLAP:
            part = _crop(gray, max(box.x0, cell[0] + _RULE_MARGIN), box.y0, min(box.x1, cell[2] - _RULE_MARGIN), box.y1)
            text, score = ocr.line(part) if part is not None else ("", 0.0)
            if text.strip():
                texts[cell].append(TextBox(text, max(box.x0, cell[0]), box.y0, min(box.x1, cell[2]), box.y1, score))


def _reread_empty(cell: tuple, found: list[TextBox], gray: np.ndarray, ocr) -> None:
    """A cell with print in it but nothing recognised (a lone 0 the detector passed over), or a lone
    sign that is no digit (a thin 1 read as 一): read alone, cut to its print (in place)."""
    current = _cell_text(found)
    if current and (len(current) > 1 or current.isdigit()):
        return
    inner = _crop(gray, cell[0] + SPILL, cell[1] + SPILL / 2, cell[2] - SPILL, cell[3] - SPILL / 2, pad=0)
    if inner is None or (inner < INK).sum() < MIN_INK:
        return
    # The recogniser scales a line to 48 pixels high: a digit in a tall white cell would come
    # out a few pixels high.
    ys, xs = np.nonzero(inner < INK)
    text, score = ocr.line(np.pad(inner[ys.min():ys.max() + 1, xs.min():xs.max() + 1], _LINE_PAD, constant_values=255))
    if score < MIN_SCORE or not text.strip() or (current and not _cell_text([_box(text)]).isdigit()):
        return
    found[:] = [TextBox(text, cell[0], cell[1], cell[2], cell[3], score)]


def _box(text: str) -> TextBox:
    return TextBox(text, 0, 0, 1, 1, 1.0)


def _crop(gray: np.ndarray, x0: float, y0: float, x1: float, y1: float, pad: int = 4) -> np.ndarray | None:
    height, width = gray.shape
    left, right = max(0, int(x0) - 1), min(width, int(x1) + 1)
    upper, lower = max(0, int(y0) - 1), min(height, int(y1) + 1)
    if right - left < 4 or lower - upper < 4:
        return None
    return np.pad(gray[upper:lower, left:right], pad, constant_values=255)


def _cell_text(boxes: list[TextBox]) -> str:
    """A cell's boxes as its text: lines top to bottom, joined by newlines as pdfplumber joins them."""
    text = "\n".join(line for _top, line in _text_lines(boxes))
    if text.strip() in _ZERO_LOOKALIKES:
        return "0"
    if _DIGITISH.match(text) and re.search(r"\d|^[Oo]$", text.strip()):
        text = re.sub(r"\s+", "", text.translate(_DIGIT_FOR))
    return text


def _text_lines(boxes: list[TextBox]) -> list[tuple[float, str]]:
    """Boxes grouped into lines (centres within half a line's height), each line's boxes left to
    right; a gap wider than half the line's height prints as a space between non-CJK words."""
    lines: list[list[TextBox]] = []
    for box in sorted(boxes, key=lambda b: b.centre[1]):
        if lines:
            last = lines[-1]
            mid = sum(b.centre[1] for b in last) / len(last)
            height = max(b.height for b in last)
            if abs(box.centre[1] - mid) < height / 2:
                last.append(box)
                continue
        lines.append([box])
    out = []
    for line in lines:
        line.sort(key=lambda b: b.x0)
        text = line[0].text.strip()
        for before, box in zip(line, line[1:], strict=False):
            gap = box.x0 - before.x1
            joined = _CJK.search(text[-1:]) or _CJK.search(box.text.strip()[:1])
            text += ("" if joined or gap < box.height / 2 else " ") + box.text.strip()
        out.append((min(b.y0 for b in line), text))
    return out
