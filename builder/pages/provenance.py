"""Where a published value was printed: the link to its place in the original, and the words for it.

    place(report, field_id) -> Place | None     Place.href: site-root-relative URL ("viewer/?file=…"),
                                                Place.text: "第 3 页" / "第 2 张表 第 5 行 第 3 列" / "第 120 行"

The record's ``provenance`` key (builder/record.py) says, per field id, what was printed ("raw") and
where: page and box for a PDF, table/row/col for DOCX, HTML and spreadsheets, line for a text file.
Every link goes to the site's viewer (site_src/viewer/, assets/viewer.js), which shows that spot: the
PDF page with the box highlighted (pdf.js, vendored; the original the site publishes beside the agency
page), the lines around a text line (the same copy), the rows of the source table around a DOCX, HTML
or spreadsheet cell with the cell marked (a small per-report file, places_file: see below).

Everything in the record is untrusted: a number is used only when it is a real int (a float for the
box), in range, and written by this module; the raw string and the labels travel URL-encoded and the
viewer shows them as text only. The original's path is this site's own (builder/pages/originals.py),
never a path from the record.

Callers: the href is relative to the site root. From a page, prefix the way up to the root, e.g. on
agencies/<id>/index.md (URL agencies/<id>/): ``"../../" + place.href``; ``href_from(page, place)`` does it.
When the original is not copied but linked in the repository (original_links), pass that address as
``link``: the href of a page or a line is then that address (with ``#page=N`` for a PDF), since the
viewer cannot load a file from another origin; a table cell still goes to the viewer (places_file).
"""

from __future__ import annotations

import json
import math
import posixpath
import re
from typing import NamedTuple
from urllib.parse import quote

from builder.pages.common import agency_page, safe_url
from builder.template import PARTS, fields

VIEWER = "viewer/"
RAW_MAX = 60  # characters of the printed string carried in the link; a cell longer than that is cut
LABEL_MAX = 160
PAGE_MAX = 10_000  # pages of a PDF (far above any report's)
INDEX_MAX = 100_000  # tables, rows, columns, lines
POINTS_MAX = 14_400.0  # PDF's largest page side (200 inches), in points
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


class Place(NamedTuple):
    href: str  # site-root-relative (no leading slash), or the repository address of a linked original
    text: str  # Chinese, where in the original: "第 3 页", "第 2 张表 第 5 行 第 3 列", "第 120 行"


def _int(value, low: int, high: int) -> int | None:
    """value when it is a real int (not a bool, not a string) within [low, high], else None."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return None
    return value


def _box(value) -> tuple[float, float, float, float] | None:
    """[x0, top, x1, bottom] in PDF points, when it is four finite numbers making a box on a page."""
    if not isinstance(value, (list, tuple)) or len(value) != 4:
        return None
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) for v in value):
        return None
    x0, top, x1, bottom = (float(v) for v in value)
    if not (0 <= x0 < x1 <= POINTS_MAX and 0 <= top < bottom <= POINTS_MAX):
        return None
    return x0, top, x1, bottom


def _clean(text, limit: int) -> str:
    text = _CONTROL.sub(" ", text if isinstance(text, str) else "").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def original_path(report: dict) -> str:
    """Site-root-relative path of the copy of the report's original (agencies/<agency>/<report>.pdf)."""
    # Imported here: agency.py links every value through this module.
    from builder.pages.agency import original_names

    return posixpath.join(posixpath.dirname(agency_page(report["agency_id"])), original_names(report)[0])


def label(report: dict, field_id: str) -> str:
    """机构 · 年度 · 表：行 / 列, the line the viewer shows above the original."""
    field = fields().get(field_id)
    bits = [report.get("agency") or report.get("agency_id") or "", f"{report['year']} 年度" if report.get("year") else ""]
    if field is not None:
        part = next((p for p in PARTS if p.key == field.table), None)
        table = f"{part.numeral}、{part.title}" if part else field.table
        bits.append(f"{table}：{field.row_zh} / {field.column_zh}")
    return _clean(" · ".join(b for b in bits if b), LABEL_MAX)


def _located(report: dict, field_id: str) -> tuple[str, dict[str, str], str, dict] | None:
    """(kind: "page" | "line" | "cell", the viewer's query without file/raw/label, the Chinese text,
    the provenance record) of one value, from the record's checked numbers; None when it has none."""
    record = (report.get("provenance") or {}).get(field_id)
    if not isinstance(record, dict):
        return None
    pages = _int((report.get("source") or {}).get("pages"), 1, PAGE_MAX) or PAGE_MAX
    page = _int(record.get("page"), 1, pages)
    box = _box(record.get("bbox")) if page else None
    line = _int(record.get("line"), 1, INDEX_MAX)
    cell = tuple(_int(record.get(k), 0, INDEX_MAX) for k in ("table", "row", "col"))
    fmt = ((report.get("source") or {}).get("format") or "").lower()
    if page and (fmt == "pdf" or box):
        query = {"page": str(page)}
        if box:
            query["box"] = ",".join(f"{v:.1f}" for v in box)
        return "page", query, f"第 {page} 页", record
    if line:
        return "line", {"line": str(line)}, f"第 {line} 行", record
    if None not in cell:
        return ("cell", {"table": str(cell[0]), "row": str(cell[1]), "col": str(cell[2])},
                f"第 {cell[0] + 1} 张表 第 {cell[1] + 1} 行 第 {cell[2] + 1} 列", record)
    if page:
        return "page", {"page": str(page)}, f"第 {page} 页", record
    return None


def place(report: dict, field_id: str, link: str | None = None) -> Place | None:
    """The place of one value in its original, or None when the record does not say where it was printed.

    link: the original's address in the repository when it is linked rather than copied onto the site."""
    if not report.get("agency_id") or not report.get("id"):
        return None
    located = _located(report, field_id)
    if located is None:
        return None
    kind, where, text, record = located
    if link and kind != "cell":  # a cell is shown from the places file, which the site always has
        target = safe_url(link)
        if target is None:
            return None
        return Place(f"{target}#page={where['page']}" if kind == "page" else target, text)
    # Only the file (ours) and the box keep "/" and "," readable: in the strings from the record every
    # "/" is encoded, so that no "/../" in an agency's name can be taken for a path step by a caller
    # that joins the href as a path (posixpath.relpath normalises it).
    query = "&".join([f"file={quote(original_path(report), safe='/')}",
                      *(f"{k}={quote(v, safe=',')}" for k, v in where.items()),
                      f"raw={quote(_clean(record.get('raw'), RAW_MAX), safe='')}",
                      f"label={quote(label(report, field_id), safe='')}"])
    return Place(f"{VIEWER}?{query}", text)


# ---------------------------------------------------------------- the tables around a cell (DOCX, HTML, sheets)

# A DOCX, HTML or spreadsheet original cannot be shown as it prints, and re-reading it in the browser
# would number its tables differently from the reader whenever the reader unwraps a layout table,
# skips a one-column frame or stitches a table (and then highlight the wrong cell). What the reader saw
# is in the record: every value's table, row, column and printed string. So the viewer gets, per
# report, one small JSON file beside the agency page with those cells and the template's labels —
# the source table's rows as read, loaded only when a reader opens the viewer. A report's 186 values:
# 5.4 KB (1.7 KB gzipped) of issue 9's 60 KB a report (tests/site/test_viewer.py).
PLACES_SUFFIX = ".places.json"


def places_path(report: dict) -> str:
    """Docs-relative path of the report's table cells for the viewer (beside its agency page)."""
    return posixpath.join(posixpath.dirname(agency_page(report["agency_id"])), report["id"] + PLACES_SUFFIX)


def places_file(report: dict) -> dict[str, str]:
    """{places_path: JSON} for a report whose values are placed as table cells, else {}.

    JSON: {"labels": [the template's row and column labels, each once],
           "tables": {"<table>": {"<row>": [row label's index, {"<col>": [printed string, column label's index]}]}}}
    (table, row, col: the record's 0-based indices; labels: the template's, for the field in that cell)."""
    if not report.get("agency_id") or not report.get("id"):
        return {}
    catalogue = fields()
    labels: dict[str, int] = {}
    tables: dict[str, dict] = {}

    def index(text: str) -> int:
        return labels.setdefault(text, len(labels))

    for field_id in report.get("provenance") or {}:
        located = _located(report, field_id)
        if located is None or located[0] != "cell" or field_id not in catalogue:
            continue
        _kind, where, _text, record = located
        field = catalogue[field_id]
        row = tables.setdefault(where["table"], {}).setdefault(where["row"], [index(field.row_zh), {}])
        row[1].setdefault(where["col"], [_clean(record.get("raw"), RAW_MAX), index(field.column_zh)])
    if not tables:
        return {}
    return {places_path(report): json.dumps({"labels": list(labels), "tables": tables}, ensure_ascii=False,
                                            separators=(",", ":"))}


def href_from(page: str, where: Place) -> str:
    """where.href as a link from a docs page (docs-relative, e.g. agencies/<id>/index.md)."""
    if where.href.startswith(("http://", "https://")):
        return where.href
    folder, name = posixpath.split(page)
    depth = (folder.count("/") + 1 if folder else 0) + (name != "index.md")  # use_directory_urls: a/b.md is a/b/
    return "../" * depth + where.href
