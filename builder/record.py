"""The parsed record: what ``parse_report`` returns and ``reports.json`` holds, one per report, as types.

A ``Report`` is a plain dict (JSON as it is), described by ``TypedDict``s so that a type checker, a
reader and the JSON Schema (``docs/report.schema.json``, ``python -m builder schema``) say the same
thing. The contract (../shared/contract/README.md) fixes the keys it names; the others are additions.

The record carries everything the checks are computed from (``builder.check.run(report)``): the
values, which cells were printed blank (``blank``) and which could not be read (``unknown``), the
mapper's notes of what it placed and why (``notes``), the parts found, the text. So every check of
``reports.json`` can be recomputed from it alone (the cross-year ones from all of it:
``builder.check.run_dataset``).
"""

from __future__ import annotations

from typing import Literal

# pydantic reads TypedDicts from typing_extensions on Python < 3.12 (for the JSON Schema only).
from typing_extensions import NotRequired, TypedDict

Variant = Literal["2019", "2021"]
Severity = Literal["error", "warning", "info"]
Level = Literal["province", "city", "county", "township"]
Number = int | float

# Attribute docstrings become the schema's descriptions (pydantic, `use_attribute_docstrings`).
_DOCSTRINGS = {"use_attribute_docstrings": True}


class Region(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]

    province: str | None
    """省级: 宁夏回族自治区 (null where the report does not reveal it)"""
    city: str | None
    """地级: 银川市 (null for a district of a municipality, or unknown)"""
    county: str | None
    """县级: 兴庆区"""
    township: str | None
    """乡级: 月牙湖乡"""


class MetadataSources(TypedDict):
    """Where each metadata value came from: title | signature | body | text[:label] | places-table |
    agency | page:时间 | meta:<tag> | info-table:<label> | sidecar; null when not found."""

    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]

    agency: str | None
    year: str | None
    region: str | None
    published: str | None


class Template(TypedDict):
    """The template variant of each table, detected per table; null: the table is absent."""

    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]

    proactive: Variant | None
    """二、主动公开"""
    requests: Variant | None
    """三、依申请公开"""
    appeals: Variant | None
    """四、行政复议、行政诉讼"""


class TemplateSource(TypedDict):
    """What decided each table's variant: "document" (its headings or rows say it: template_year
    holds it to the year) or "year" (the table does not say; the year's variant is assumed); null:
    the table is absent."""

    proactive: Literal["document", "year"] | None
    requests: Literal["document", "year"] | None
    appeals: Literal["document", "year"] | None


class Check(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]

    rule: str
    """The rule's name (the contract's table; builder.template.RULES)"""
    severity: Severity
    fields: list[str]
    """The field ids it concerns"""
    message: str
    """One Chinese sentence"""
    acknowledged: bool
    """The sidecar lists the rule in known_issues: the source itself is wrong (builder.check.result.acknowledged)"""


class Note(TypedDict):
    """What the field mapper placed and why, where it could not place as printed (a row with more or
    fewer numbers than the template's cells, a cell that is not a number): each becomes a check of its rule."""

    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]

    rule: str
    """cell_count | bad_number"""
    fields: list[str]
    detail: str
    """One Chinese sentence: what was placed, or why the cells are null"""
    printed: NotRequired[list[Number]]
    """cell_count of a row one number short, left unplaced: the numbers it printed, in order (builder.derive)"""


class Parts(TypedDict):
    """The text of the six parts ("" if absent), as printed."""

    overview: str
    proactive: str
    requests: str
    appeals: str
    problems: str
    other: str


class Source(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]

    path: str
    """The file, relative to where it was parsed from"""
    file: str
    format: str
    """pdf | docx | html | txt | md | xlsx | … (the reader's)"""
    sha256: str
    pages: int
    ocr: bool
    """Read from page images: its numbers may be misread (see untrusted)"""
    source_url: str | None
    """From the sidecar"""
    retrieved: str | None
    """From the sidecar: YYYY-MM-DD"""


# ---------------------------------------------------------------- derived cells (builder.derive)


# The functional form: "from" is a Python keyword.
DerivedCell = TypedDict("DerivedCell", {"value": Number, "rule": str, "from": list[str], "note": str})
DerivedCell.__doc__ = (
    "A cell the tables' own arithmetic makes certain, though the report did not print it legibly; kept apart "
    "from values (the contract: a value the program derives is labelled as derived). rule: the check rule "
    "whose sum makes it certain (row_total | results_sum | appeals_total | balance); from: the cells it is "
    "computed from; note: why it is certain, in Chinese.")

# ---------------------------------------------------------------- end of derived cells

# ---------------------------------------------------------------- provenance (issue 11)


class Provenance(TypedDict):
    """Where one value was printed, and how. The keys the format does not give are null: a PDF gives
    page and bbox (and table, row, col for a table found by its rules or its columns), DOCX/HTML/
    spreadsheets/OFD/.doc/.wps table, row and col, a text file line (and table, row, col)."""

    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]

    raw: str
    """The cell's text as printed ("1,234", "３５", "14800元", "/", "")"""
    page: int | None
    """1-based page"""
    bbox: list[float] | None
    """[x0, top, x1, bottom] in PDF points, pdfplumber's top-left origin: the cell's box (the box of
    the characters where the value was a piece of a cell, or a row recovered from the text layer);
    null where it cannot be given"""
    table: int | None
    """0-based index of the table among the document's tables (as the reader gives them)"""
    row: int | None
    """0-based row in that table's rows"""
    col: int | None
    """0-based column in that row's cells (a merged cell counted once)"""
    line: int | None
    """1-based line of a text file"""


def provenance(mapped) -> dict[str, Provenance]:
    """The record's provenance from the field mapper's placed_from (a builder.fieldmap.Mapped): for
    every field placed from a printed cell, in field order; boxes to 0.01 pt."""
    out: dict[str, Provenance] = {}
    for f in mapped.values:
        cell = mapped.placed_from.get(f)
        if cell is None:
            continue
        where = cell.where
        if where is None:
            out[f] = {"raw": cell.text.strip(), "page": None, "bbox": None, "table": None, "row": None,
                      "col": None, "line": None}
            continue
        out[f] = {"raw": cell.text.strip(), "page": where.page,
                  "bbox": None if where.bbox is None else [round(v, 2) for v in where.bbox],
                  "table": where.table, "row": where.row, "col": where.col, "line": where.line}
    return out


# ---------------------------------------------------------------- end of provenance


class Report(TypedDict):
    """One parsed report: the contract's JSON object with the project's additions."""

    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]

    id: str
    """agency_id-year (agency_id alone when the year is unknown)"""
    agency: str | None
    """As the report prints it"""
    agency_normalized: str | None
    """The formal name, for grouping"""
    agency_id: str
    """ASCII slug (pinyin) of the formal name"""
    body_id: str | None
    """Stable across renames: GB/T 2260 code [+ the name below it]"""
    year: int | None
    region: Region
    level: Level | None
    published: str | None
    """YYYY-MM-DD"""
    metadata_sources: MetadataSources
    page_metadata: dict[str, str]
    """The web page's furniture as printed: meta:<tag>, info-table:<label> (HTML only)"""
    template: Template
    template_source: TemplateSource
    values: dict[str, Number | None]
    """Every field of the detected variants by field id (fields.csv); null where blank or unknown"""
    raw: dict[str, str]
    """Source text where a value was converted (35.6万元), or an OCR reading that was nulled"""
    blank: list[str]
    """Fields printed blank, "/", "—", "无": null, and 0 in a part's sum"""
    unknown: list[str]
    """Fields null because they could not be read with certainty (the checks skip their sums)"""
    untrusted: list[str]
    """OCR'd fields nulled because they broke the tables' arithmetic (their reading is in raw)"""
    notes: list[Note]
    checks: list[Check]
    parts: Parts
    parts_found: list[str]
    """The parts whose heading was found (a part may be found and empty)"""
    preamble: str
    """The text before part one (title, the opening paragraph)"""
    source: Source
    known_issues: list[str]
    """From the sidecar: rules that fail because the source itself is wrong"""
    note: str | None
    """From the sidecar: what is wrong in the source"""
    # ------------------------------------------------------------ derived cells (builder.derive)
    derived: dict[str, DerivedCell]
    """Cells null in values that the tables' arithmetic makes certain, by field id (never inside values)"""
    # provenance (issue 11)
    provenance: dict[str, Provenance]
    """Where each value was printed and how, by field id: every field placed from a printed cell
    (blanks and unreadable cells included; a field no cell could be placed on has none)"""


def from_stages(mapped, located) -> dict:
    """The record's keys that the field mapper (a builder.fieldmap.Mapped) and the locator (a
    builder.locate.Located) give, in the record's forms: lists in field and part order."""
    from builder.template import PARTS, TABLES

    values = mapped.values
    return {
        "template": dict(mapped.template),
        "template_source": {t: (None if mapped.template.get(t) is None
                                else "document" if mapped.variant_from_document.get(t) else "year") for t in TABLES},
        "values": values,
        "raw": mapped.raw,
        "blank": [f for f in values if f in mapped.blank],
        "unknown": [f for f in values if f in mapped.unknown],
        "untrusted": [],
        "notes": [issue.as_note() for issue in mapped.issues],
        "parts": located.parts,
        "parts_found": [p.key for p in PARTS if p.key in located.found_parts],
        "preamble": "\n".join(located.preamble).strip(),
    }


SCHEMA_ID = "https://json-schema.org/draft/2020-12/schema"


def json_schema() -> dict:
    """The JSON Schema of a Report (draft 2020-12), generated from the types above by pydantic."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(Report).json_schema()
    return {"$schema": SCHEMA_ID, **schema}
