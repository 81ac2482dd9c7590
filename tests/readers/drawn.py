"""One-page PDFs drawn with reportlab for the PDF reader's tests (a CID font, so Chinese text works)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas


def drawn_pdf(path: Path, draw) -> Path:
    """path, a one-page A4 PDF that draw(canvas) drew, in STSong-Light 12 pt."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    sheet = canvas.Canvas(str(path), pagesize=A4)
    sheet.setFont("STSong-Light", 12)
    draw(sheet)
    sheet.showPage()
    sheet.save()
    return path
