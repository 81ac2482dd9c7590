"""Step 1: read a report file into a Document, whatever its format.

One reader per format; each returns paragraphs and table rows and knows
nothing of the template. Every failure becomes a ReportError with one line.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from builder.errors import ReportError, raised_in_our_code
from builder.read.chars import unify_ideographs
from builder.read.document import Document, Paragraph, Table, Where
from builder.read.limits import bound_document

__all__ = ["Document", "Paragraph", "Table", "Where", "read_document", "READERS"]


def _lazy(module: str, function: str) -> Callable[[Path], Document]:
    """A reader imported on first use: pdfplumber, python-docx or the OCR engine cost time to import,
    and a text report needs none of them."""

    def read(path: Path) -> Document:
        return getattr(importlib.import_module(f"builder.read.{module}"), function)(path)

    read.__name__ = f"{module}.{function}"
    return read


_pdf, _docx, _html, _text = (_lazy("pdf", "read_pdf"), _lazy("docx", "read_docx"), _lazy("html", "read_html"),
                             _lazy("text", "read_text"))
_image, _office, _sheet, _ofd = (_lazy("ocr", "read_image"), _lazy("office", "read_office"),
                                 _lazy("sheet", "read_sheet"), _lazy("ofd", "read_ofd"))

READERS = {".pdf": _pdf, ".docx": _docx, ".html": _html, ".htm": _html, ".txt": _text, ".md": _text,
           ".markdown": _text, ".text": _text,
           # scans and page images (OCR)
           ".png": _image, ".jpg": _image, ".jpeg": _image, ".tif": _image, ".tiff": _image,
           # old Word and WPS (via LibreOffice), spreadsheets, OFD
           ".doc": _office, ".wps": _office, ".xls": _sheet, ".xlsx": _sheet, ".xlsm": _sheet,
           ".et": _sheet, ".ods": _sheet, ".ofd": _ofd}


def read_document(path: Path) -> Document:
    path = Path(path)
    if not path.exists():
        raise ReportError("文件不存在 file not found")
    if path.is_symlink():  # a link could read, and publish, any file of the machine
        raise ReportError("报告文件不能是符号链接 a report must not be a symbolic link")
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
    _number_tables(doc)
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


def _number_tables(doc: Document) -> None:
    """Every table's `where`: each cell's table index (among the document's tables), row and column,
    with whatever its reader knew (a PDF cell's box, a text row's line)."""
    index = 0
    for block in doc.blocks:
        if not isinstance(block, Table):
            continue
        given = block.where
        if given is None or len(given) != len(block.rows) or any(
                len(w) != len(r) for w, r in zip(given, block.rows, strict=True)):
            given = None  # a reader that gave no places (or not one per cell): the indices alone
        block.where = [[(Where(page=block.page, table=index, row=r, col=c) if given is None
                         else replace(given[r][c], table=index, row=r, col=c))
                        for c in range(len(cells))] for r, cells in enumerate(block.rows)]
        index += 1
