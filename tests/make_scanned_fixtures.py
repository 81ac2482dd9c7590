"""Scanned copies of reports whose truth we know: image-only PDFs, as a government site publishes a
printed, stamped report.

    .venv/bin/python tests/make_scanned_fixtures.py            # the committed fixtures (tests/fixtures/scanned/)
    .venv/bin/python tests/make_scanned_fixtures.py --out DIR --dpi 300 SOURCE.pdf …   # for benchmarks

Each page of the source PDF is rendered (pypdfium2), stamped with a red seal over its largest table
(a ring, a star and the agency's words around it, drawn by reportlab and laid on half transparent),
turned by 0.5–1.5° (the sheet lay askew on the scanner) and saved as a JPEG; the JPEGs are wrapped
into an image-only PDF (Pillow). The truth is the source's: a truth file per fixture names the
scanned file and keeps every value, so tests/mapping/test_accuracy.py holds the OCR reader to it.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
import sys
from pathlib import Path

import pdfplumber
import pypdfium2
from PIL import Image
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.corpus import kit  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "scanned"
GULOU = "tests/fixtures/generated/gen-gulou-jiaoyuju-2021.pdf"
# name of the scanned fixture → (source PDF, its truth file (None: no truth file), pages kept (None: all))
FIXTURES = {
    "scan-gulou-jiaoyuju-2021": (GULOU, "gen-gulou-jiaoyuju-2021-pdf.json", None),
    # One page (the requests table's end and the appeals table) for the command-line test.
    "scan-page3-gulou-jiaoyuju-2021": (GULOU, None, [2]),
}
# A page image: the appeals table of the same report, cut out of its page, grey, turned 1°.
IMAGE = ("scan-appeals-gulou-jiaoyuju-2021", GULOU, 2)
QUALITY = 50
SEAL_INCHES = 1.6
SEAL_OPACITY = 0.6


# The seal's words need a font with the glyphs in it: pdfium has no fallback for reportlab's
# unembedded CID fonts. Debian's fonts-wqy-microhei is small (only this generator needs it).
SEAL_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def _seal_font() -> str:
    if SEAL_FONT.is_file():
        pdfmetrics.registerFont(TTFont("SealFont", str(SEAL_FONT), subfontIndex=0))
        return "SealFont"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def seal_image(words: str, dpi: int) -> Image.Image:
    """A round red seal (RGBA, transparent outside the ink) the way an agency stamps its report."""
    font = _seal_font()
    size = SEAL_INCHES * 72
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(size, size))
    red = Color(0.85, 0.1, 0.1)
    pdf.setStrokeColor(red)
    pdf.setFillColor(red)
    pdf.setLineWidth(3)
    pdf.circle(size / 2, size / 2, size / 2 - 3)
    # A five-pointed star in the middle.
    points = []
    for k in range(10):
        radius = size * (0.16 if k % 2 == 0 else 0.065)
        angle = math.pi / 2 + k * math.pi / 5
        points.append((size / 2 + radius * math.cos(angle), size / 2 + radius * math.sin(angle)))
    path = pdf.beginPath()
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    path.close()
    pdf.drawPath(path, stroke=0, fill=1)
    # The words along the upper arc, each character turned to face the centre.
    font_size = size * 0.13
    span = math.radians(240)
    for k, char in enumerate(words):
        angle = math.pi / 2 + span / 2 - span * (k + 0.5) / len(words)
        radius = size / 2 - 6 - font_size * 0.9
        pdf.saveState()
        pdf.translate(size / 2 + radius * math.cos(angle), size / 2 + radius * math.sin(angle))
        pdf.rotate(math.degrees(angle) - 90)
        pdf.setFont(font, font_size)
        pdf.drawCentredString(0, 0, char)
        pdf.restoreState()
    pdf.save()
    page = pypdfium2.PdfDocument(buffer.getvalue())[0]
    image = page.render(scale=dpi / 72, fill_color=(255, 255, 255, 0)).to_pil().convert("RGBA")
    alpha = image.getchannel("A").point(lambda a: int(a * SEAL_OPACITY))
    image.putalpha(alpha)
    return image


def largest_table(pdf_path: Path) -> tuple[int, tuple[float, float, float, float]] | None:
    """(page index, bbox in points) of the source's largest ruled table."""
    best = None
    with pdfplumber.open(pdf_path) as pdf:
        for index, page in enumerate(pdf.pages):
            for table in page.find_tables():
                x0, top, x1, bottom = table.bbox
                area = (x1 - x0) * (bottom - top)
                if best is None or area > best[0]:
                    best = (area, index, table.bbox)
    return (best[1], best[2]) if best else None


def scan(source: Path, target: Path, dpi: int = 150, gray: bool = False, quality: int = QUALITY, seed: int = 1,
         pages: list[int] | None = None, seal_words: str = "人民政府信息公开专用章") -> Path:
    """An image-only PDF of `source` as a scanner would give it."""
    rng = random.Random(seed)
    table = largest_table(source)
    document = pypdfium2.PdfDocument(source)
    images = []
    for index in range(len(document)):
        if pages is not None and index not in pages:
            continue
        image = document[index].render(scale=dpi / 72).to_pil().convert("RGBA")
        if table and table[0] == index:
            x0, top, x1, bottom = (v * dpi / 72 for v in table[1])
            stamp = seal_image(seal_words, dpi)
            # Over the numbers, towards the table's lower right, as a seal lands on a signature block.
            where = (int(x0 + (x1 - x0) * 0.6 - stamp.width / 2), int(top + (bottom - top) * 0.55 - stamp.height / 2))
            image.alpha_composite(stamp, dest=where)
        angle = rng.choice((-1, 1)) * rng.uniform(0.5, 1.5)
        image = image.convert("RGB").rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
        images.append(image.convert("L") if gray else image)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Pillow writes each RGB or L page as a JPEG stream (DCTDecode): an image-only PDF like a scanner's.
    images[0].save(target, "PDF", save_all=True, append_images=images[1:], resolution=dpi, quality=quality)
    return target


def table_image(source: Path, page: int, target: Path, dpi: int = 150) -> Path:
    """The page's last ruled table as a grey PNG, a margin around it, turned 1°."""
    with pdfplumber.open(source) as pdf:
        x0, top, x1, bottom = pdf.pages[page].find_tables()[-1].bbox
    image = pypdfium2.PdfDocument(source)[page].render(scale=dpi / 72).to_pil().convert("L")
    margin = 20
    box = (int(x0 * dpi / 72) - margin, int(top * dpi / 72) - margin, int(x1 * dpi / 72) + margin,
           int(bottom * dpi / 72) + margin)
    image = image.crop(box).rotate(1.0, resample=Image.BICUBIC, expand=True, fillcolor=255)
    image.save(target, "PNG", optimize=True)
    return target


def write_truth(name: str, source_truth: str, target: Path) -> None:
    truth = json.loads((kit.TRUTH_DIR / source_truth).read_text(encoding="utf-8"))
    truth["file"] = target.relative_to(ROOT).as_posix()
    truth["note"] = (f"scanned copy of {source_truth} (150 dpi JPEG pages, turned 0.5–1.5°, a red seal over "
                     "the largest table): read by OCR")
    kit.write_truth(name, truth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument("--gray", action="store_true")
    args = parser.parse_args()
    if args.sources:
        for source in args.sources:
            print(scan(source, args.out / f"{source.stem}-{args.dpi}dpi.pdf", dpi=args.dpi, gray=args.gray))
        return
    for name, (source, source_truth, pages) in FIXTURES.items():
        target = scan(ROOT / source, OUT / f"{name}.pdf", dpi=150, gray=args.gray, pages=pages)
        if source_truth:
            write_truth(name, source_truth, target)
        print(target, target.stat().st_size // 1024, "KB")
    name, source, page = IMAGE
    target = table_image(ROOT / source, page, OUT / f"{name}.png")
    print(target, target.stat().st_size // 1024, "KB")


if __name__ == "__main__":
    main()
