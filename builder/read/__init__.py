"""Step 1: read a report file into a Document, whatever its format.

One reader per format; each returns paragraphs and table rows and knows
nothing of the template. Every failure becomes a ReportError with one line.
"""

from __future__ import annotations

from pathlib import Path

from builder.errors import ReportError, raised_in_our_code
from builder.read.chars import unify_ideographs
from builder.read.document import Document, Paragraph, Table
from builder.read.limits import bound_document

__all__ = ["Document", "Paragraph", "Table", "read_document", "READERS"]


def _pdf(path: Path) -> Document:
    from builder.read.pdf import read_pdf

    return read_pdf(path)


def _docx(path: Path) -> Document:
    from builder.read.docx import read_docx

    return read_docx(path)


def _html(path: Path) -> Document:
    from builder.read.html import read_html

    return read_html(path)


def _image(path: Path) -> Document:
    from builder.read.ocr import read_image

    return read_image(path)


def _text(path: Path) -> Document:
    from builder.read.text import read_text

    return read_text(path)


def _office(path: Path) -> Document:
    from builder.read.office import read_office

    return read_office(path)


def _sheet(path: Path) -> Document:
    from builder.read.sheet import read_sheet

    return read_sheet(path)


def _ofd(path: Path) -> Document:
    from builder.read.ofd import read_ofd

    return read_ofd(path)


# Imported lazily: pdfplumber and python-docx cost time to import, and a text report needs neither.
READERS = {".pdf": _pdf, ".docx": _docx, ".html": _html, ".htm": _html, ".txt": _text, ".md": _text,
           ".markdown": _text, ".text": _text,
           ".png": _image, ".jpg": _image, ".jpeg": _image, ".tif": _image, ".tiff": _image}
# Formats agencies publish besides those: old Word and WPS (via LibreOffice), spreadsheets, OFD.
READERS.update({".doc": _office, ".wps": _office, ".xls": _sheet, ".xlsx": _sheet, ".xlsm": _sheet,
                ".et": _sheet, ".ods": _sheet, ".ofd": _ofd})


def read_document(path: Path) -> Document:
    path = Path(path)
    if not path.exists():
        raise ReportError("文件不存在 file not found")
    if path.is_dir():
        raise ReportError("这是一个目录，不是报告文件 is a directory, not a report")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = " ".join(sorted(READERS))
        raise ReportError(f"不支持的文件类型 unsupported file type '{path.suffix or '(none)'}' (known: {known})")
    if path.stat().st_size == 0:
        raise ReportError("文件为空 empty file")
    try:
        doc = reader(path)
    except (ReportError, MemoryError, ImportError):
        raise  # an ImportError is a missing or unloadable library, never the file's fault
    except Exception as exc:
        if raised_in_our_code(exc):
            raise  # a bug of ours, not a damaged file: the caller says "内部错误，请报告"
        # a reader library's own failure on a corrupt file
        raise ReportError(f"无法读取文件 cannot read file ({type(exc).__name__}: {str(exc)[:120]})") from exc
    bound_document(doc)
    _unify(doc)
    if not doc.text.strip():
        raise ReportError("文件中没有文字 no text in file")
    return doc


def _unify(doc: Document) -> None:
    """Radical look-alikes from PDF fonts (or text copied out of PDFs) → ideographs, in every format."""
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            block.text = unify_ideographs(block.text)
        else:
            block.rows = [[unify_ideographs(c) if c else c for c in row] for row in block.rows]
