"""Where a published value was printed: the link to its place in the original, and the words for it.

    place(report, field_id) -> Place | None     Place.href: site-root-relative URL ("viewer/?r=…&f=…"),
                                                Place.text: "第 3 页" / "第 2 张表 第 5 行 第 3 列" / "第 120 行"
    places_file(report) -> {places_path: JSON}  what the viewer shows for each of the report's values
    fields_file() -> {FIELDS_FILE: JSON}        the template's fields and labels, once for the site

The record's ``provenance`` key (builder/record.py) says, per field id, what was printed ("raw") and
where: page and box for a PDF, table/row/col for DOCX, HTML and spreadsheets, line for a text file.
Every link goes to the site's viewer (site_src/viewer/, assets/viewer.js), which shows that spot: the
PDF page with the box highlighted (pdf.js, vendored; the original the site publishes beside the agency
page), the lines around a text line (the same copy), the rows of the source table around a DOCX, HTML
or spreadsheet cell with the cell marked.

The link names only the report and the field (``viewer/?r=<report id>&f=<field id>``, ~70 bytes: an
agency page links every value of every year, and a link carrying the label and the printed string cost
~650 bytes, ~137 KB of HTML a report-year). Everything else is in one small file per report,
viewer/places/<report id>.json (places_file), fetched by the viewer from ``r`` alone (report ids are
unique on the site, builder/batch.py: one flat folder holds them, no agency id in the link), with the
template's labels from viewer/fields.json (fields_file, one for the site).

Everything in the record is untrusted: the report id and field id are used only when they are ids
(ID, and a field of the template), a number only when it is a real int (a float for the box) in range,
and the printed string and the labels only as JSON strings, which the viewer shows as text. The
original's path is this site's own (builder/pages/originals.py), never a path from the record.

Callers: the href is relative to the site root. From a page, prefix the way up to the root, e.g. on
agencies/<id>/index.md (URL agencies/<id>/): ``"../../" + place.href``; ``href_from(page, place)`` does it.
When the original is not copied but linked in the repository (original_links), pass that address as
``link``: the href of a page or a line is then that address (with ``#page=N`` for a PDF), since the
viewer cannot load a file from another origin; a table cell still goes to the viewer (its rows are in
the places file, which the site always has).
"""

from __future__ import annotations

import hashlib
import json
import math
import posixpath
import re
from typing import NamedTuple

from builder.pages.common import agency_name, agency_page, safe_url
from builder.template import PARTS, fields
from builder.template.labels import printed_row_label

VIEWER = "viewer/"
PLACES_DIR = "viewer/places/"  # docs-relative: viewer/places/<report id>.json (also in assets/viewer.js)
RAW_MAX = 60  # characters of the printed string shown; a cell longer than that is cut
LABEL_MAX = 160
PAGE_MAX = 10_000  # pages of a PDF (far above any report's)
INDEX_MAX = 100_000  # tables, rows, columns, lines
POINTS_MAX = 14_400.0  # PDF's largest page side (200 inches), in points
# The ids the link carries, as assets/viewer.js checks them: slugs (builder/metadata.py makes agency
# ids; a report id is <agency id>-<year>) and the template's field ids (table.row.column).
ID = re.compile(r"[a-z0-9][a-z0-9-]{0,250}")
FIELD_ID = re.compile(r"[a-z][a-z0-9_]{0,60}(?:\.[a-z0-9_]{1,60}){1,4}")
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


def _title(report: dict) -> str:
    """机构 · 年度: the start of every value's label."""
    bits = [agency_name(report) or report.get("agency_id") or "", f"{report['year']} 年度" if report.get("year") else ""]
    return _clean(" · ".join(b for b in bits if isinstance(b, str) and b), LABEL_MAX)


def _field_labels(field_id: str) -> tuple[str, str, str] | None:
    """(table, row, column) of a template field, as the viewer's label names them."""
    field = fields().get(field_id)
    if field is None:
        return None
    part = next((p for p in PARTS if p.key == field.table), None)
    return (f"{part.numeral}、{part.title}" if part else field.table, printed_row_label(field_id, field.row_zh),
            field.column_zh)


def label(report: dict, field_id: str) -> str:
    """机构 · 年度 · 表：行 / 列, the line the viewer shows above the original (assets/viewer.js builds
    the same line from the places file)."""
    named = _field_labels(field_id)
    bits = [_title(report), f"{named[0]}：{named[1]} / {named[2]}" if named else ""]
    return _clean(" · ".join(b for b in bits if b), LABEL_MAX)


def _located(report: dict, field_id: str) -> tuple[str, dict, str, dict] | None:
    """(kind: "page" | "line" | "cell", where (checked ints; "box": four floats or None), the Chinese
    text, the provenance record) of one value; None when the record does not say where it was printed."""
    provenance = report.get("provenance")
    record = provenance.get(field_id) if isinstance(provenance, dict) else None
    if not isinstance(record, dict):
        return None
    pages = _int((report.get("source") or {}).get("pages"), 1, PAGE_MAX) or PAGE_MAX
    page = _int(record.get("page"), 1, pages)
    box = _box(record.get("bbox")) if page else None
    line = _int(record.get("line"), 1, INDEX_MAX)
    cell = tuple(_int(record.get(k), 0, INDEX_MAX) for k in ("table", "row", "col"))
    fmt = ((report.get("source") or {}).get("format") or "").lower()
    if page and (fmt == "pdf" or box):
        return "page", {"page": page, "box": box}, f"第 {page} 页", record
    if line:
        return "line", {"line": line}, f"第 {line} 行", record
    if None not in cell:
        table, row, col = cell
        return ("cell", {"table": table, "row": row, "col": col},
                f"第 {table + 1} 张表 第 {row + 1} 行 第 {col + 1} 列", record)
    if page:
        return "page", {"page": page, "box": None}, f"第 {page} 页", record
    return None


def _ids(report: dict) -> bool:
    """The report's id and its agency's are ids (ID): only then do they go into a link or a path."""
    return all(isinstance(report.get(k), str) and ID.fullmatch(report[k]) is not None for k in ("id", "agency_id"))


def _linkable(report: dict, field_id: str) -> bool:
    """The report's ids are ids and the field is the template's."""
    return (_ids(report) and isinstance(field_id, str) and FIELD_ID.fullmatch(field_id) is not None
            and field_id in fields())


def place(report: dict, field_id: str, link: str | None = None) -> Place | None:
    """The place of one value in its original, or None when the record does not say where it was printed.

    link: the original's address in the repository when it is linked rather than copied onto the site."""
    if not _linkable(report, field_id):
        return None
    located = _located(report, field_id)
    if located is None:
        return None
    kind, where, text, _record = located
    if link and kind != "cell":  # a cell is shown from the places file, which the site always has
        target = safe_url(link)
        if target is None:
            return None
        return Place(f"{target}#page={where['page']}" if kind == "page" else target, text)
    # Both ids are [a-z0-9_.-]: nothing in the link needs encoding, and none of it is a path step.
    return Place(f"{VIEWER}?r={report['id']}&f={field_id}", text)


# ---------------------------------------------------------------- the places file

# The viewer's data for one report, fetched when a reader opens a link (never by the agency page). A
# DOCX, HTML or spreadsheet original cannot be shown as it prints, and re-reading it in the browser
# would number its tables differently from the reader whenever the reader unwraps a layout table,
# skips a one-column frame or stitches a table (and then highlight the wrong cell); so the viewer
# draws the rows around a cell from the cells listed here, as the reader saw them.
# Small because what every report shares is written once for the site: viewer/fields.json lists the
# template's field ids with their labels, and a report's file lists its values in that order (0 for a
# value not placed), each as [printed string, where…]. Both carry the field list's hash ("v"), so a
# places file is never read against another build's list. huaian-2024.pdf's 200 values: 7.4 KB (1.7 KB
# gzipped) of issue 9's 60 KB a report, a DOCX report's 186 cells 3.4 KB (0.8 KB); the agency page's
# HTML with its 200 links went from 213 KB (links carrying all this) to 95 KB (tests/site/test_viewer.py;
# viewer/fields.json, once for the site: 41 KB, 3.6 KB gzipped).
PLACES_SUFFIX = ".json"
FIELDS_FILE = "viewer/fields.json"  # docs-relative (also in assets/viewer.js)


def _catalogue() -> tuple[list[str], str]:
    """(the template's field ids in a fixed order, the hash of that list: "v" of both files)."""
    ids = sorted(f for f in fields() if FIELD_ID.fullmatch(f))
    return ids, hashlib.sha256("\n".join(ids).encode()).hexdigest()[:12]


def fields_file() -> dict[str, str]:
    """{viewer/fields.json: JSON}: {"v": hash, "fields": [[field id, table, row, column label], …]}."""
    ids, version = _catalogue()
    rows = [[f, *_field_labels(f)] for f in ids]
    return {FIELDS_FILE: json.dumps({"v": version, "fields": rows}, ensure_ascii=False, separators=(",", ":"))}


def places_path(report: dict) -> str:
    """Docs-relative path of the report's places file: viewer/places/<report id>.json."""
    return PLACES_DIR + report["id"] + PLACES_SUFFIX


def _point(v: float) -> float | int:
    v = round(v, 1)
    return int(v) if v.is_integer() else v


# A report's values in the catalogue's order share their place with the value before them more often
# than not: a text report's row is one line (seven values), a DOCX row's cells are consecutive ids
# (requests.<row>.<column>, sorted). So an entry that repeats the previous placed entry's place is its
# printed string alone, and a cell in the previous cell's table and row is [printed string, col]: a text
# report's places file 2.9 → 1.4 KB (N = 1,000, benchmarks/page_parts.py). expand_values (and viewer.js
# expandValues) give back the full entries.
def _shortened(entry: list, previous: list | None) -> list | str:
    if previous is None:
        return entry
    if entry[1:] == previous[1:]:
        return entry[0]
    if entry[1] == "c" and previous[1] == "c" and entry[2:4] == previous[2:4]:
        return [entry[0], entry[4]]
    return entry


def _number(value) -> bool:
    """What JavaScript's typeof calls a number (not a bool)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def expand_values(values: list) -> list:
    """A places file's "values" with every entry in full ([printed string, kind, where…], or 0 / None for
    a value not placed or an entry that cannot be read), as assets/viewer.js expandValues reads them."""
    out: list = []
    previous: list | None = None
    for entry in values:
        if isinstance(entry, str):
            entry = [entry, *previous[1:]] if previous else None
        elif isinstance(entry, list) and len(entry) == 2 and _number(entry[1]):
            entry = [entry[0], "c", *previous[2:4], entry[1]] if previous and previous[1] == "c" else None
        if isinstance(entry, list):
            previous = entry
        out.append(entry)
    return out


def places_file(report: dict, link: str | None = None) -> dict[str, str]:
    """{places_path: JSON} for a report with at least one placed value, else {}.

    link: the original's address in the repository when it is linked rather than copied.
    JSON: {"v": the field list's hash (fields_file), "file": the original's site path,
           "link": its repository address (when linked), "title": "机构 · 年度",
           "values": [one entry per field of fields_file, in its order: 0 when not placed, else
                      [printed string, "p", page[, x0, top, x1, bottom]] (a PDF page and the cell's box
                      in points, pdfplumber's top-left origin), [printed string, "l", line] (1-based) or
                      [printed string, "c", table, row, col] (0-based, as the reader numbered them);
                      shortened when the place repeats the previous entry's (_shortened, expand_values)]}
    The same record gives the same bytes (the build rewrites a file only when its bytes change)."""
    if not isinstance(report.get("provenance"), dict) or not _ids(report):
        return {}
    ids, version = _catalogue()
    values: list = []
    previous: list | None = None
    for field_id in ids:
        located = _located(report, field_id)
        if located is None:
            values.append(0)
            continue
        kind, where, _text, record = located
        raw = _clean(record.get("raw"), RAW_MAX)
        if kind == "page":
            entry = [raw, "p", where["page"], *(_point(v) for v in where["box"] or ())]
        elif kind == "line":
            entry = [raw, "l", where["line"]]
        else:
            entry = [raw, "c", where["table"], where["row"], where["col"]]
        values.append(_shortened(entry, previous))
        previous = entry
    if not any(values):
        return {}
    data = {"v": version, "file": original_path(report)}
    if link and safe_url(link):
        data["link"] = safe_url(link)
    data.update(title=_title(report), values=values)
    return {places_path(report): json.dumps(data, ensure_ascii=False, separators=(",", ":"))}


def href_from(page: str, where: Place) -> str:
    """where.href as a link from a docs page (docs-relative, e.g. agencies/<id>/index.md)."""
    if where.href.startswith(("http://", "https://")):
        return where.href
    folder, name = posixpath.split(page)
    depth = (folder.count("/") + 1 if folder else 0) + (name != "index.md")  # use_directory_urls: a/b.md is a/b/
    return "../" * depth + where.href
