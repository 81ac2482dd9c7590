"""Provenance: every value of the record says where it was printed, and the place holds what it says.

For a PDF the proof is on the page itself: the characters whose centre lies inside a value's box (the
rule pdfplumber's Table.extract() puts a character in a cell by) are the value's raw string. For
DOCX/HTML/spreadsheets the table, row and column point at the cell of the document (as its reader
gives it) whose text is the raw string; for a text file the line holds it.

The corpus cases come parsed from the harness (once per session, shared with the accuracy tests);
the PDFs under tests/ that no truth file covers are parsed here, once each.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from builder.errors import ReportError
from builder.read import read_document
from builder.read.chars import unify_ideographs
from builder.read.document import Table, Where
from builder.read.encoding import decode
from builder.read.pdf import DUPLICATE_GLYPH_DISTANCE, _upright_or_vertical
from tests.corpus.harness import ROOT, cases, file_of, names, parsed
from tests.textreport import consistent_values, parse_text, write_report

KEYS = ("raw", "page", "bbox", "table", "row", "col", "line")
SHARED_PDF = Path("/work/shared/reports/huaian-2024.pdf")


def _format(name: str) -> str:
    return file_of(name).suffix.lower().lstrip(".")


def _printed(text: str) -> str:
    """A string as the comparison sees it: whitespace out, radical look-alikes as the reader unifies them."""
    return re.sub(r"\s", "", unify_ideographs(text))


def _text_in_box(chars: list[dict], bbox: list[float]) -> str:
    x0, top, x1, bottom = bbox
    # The record rounds boxes to 0.01 pt: a centre on the edge stays inside.
    eps = 0.01
    return "".join(c["text"] for c in chars
                   if x0 - eps <= (c["x0"] + c["x1"]) / 2 < x1 + eps and top - eps <= (c["top"] + c["bottom"]) / 2 < bottom + eps)


def assert_boxes_hold_raw(path: Path, report: dict) -> None:
    """Every value of a PDF report (not a scan) has a page and a box, and its box on that page holds its raw string."""
    provenance = report["provenance"]
    assert provenance, f"{path.name}: no provenance"
    wrong, boxless = [], []
    with pdfplumber.open(path) as pdf:
        chars_of: dict[int, list[dict]] = {}
        for field, place in provenance.items():
            assert set(place) == set(KEYS)
            if place["bbox"] is None or place["page"] is None:
                boxless.append(field)
                continue
            if place["page"] not in chars_of:
                # The page as the reader lays it out: a fake-bold glyph printed twice counted once, a
                # slanted watermark left out (neither is part of any cell).
                page = pdf.pages[place["page"] - 1].dedupe_chars(tolerance=DUPLICATE_GLYPH_DISTANCE)
                chars_of[place["page"]] = page.filter(_upright_or_vertical).chars
            inside = _text_in_box(chars_of[place["page"]], place["bbox"])
            if _printed(inside) != _printed(place["raw"]):
                wrong.append(f"{field}: raw {place['raw']!r}, box holds {inside!r} ({place})")
    assert not boxless, f"{path.name}: values without a box: {boxless[:10]}"
    assert not wrong, f"{path.name}: {len(wrong)} boxes do not hold their value:\n" + "\n".join(wrong[:20])


def _covers_values(report: dict) -> None:
    """Every value placed from a cell has a provenance; a value no cell was placed on (unknown) may not."""
    provenance, values = report["provenance"], report["values"]
    assert set(provenance) <= set(values)
    assert list(provenance) == [f for f in values if f in provenance]  # in field order
    missing = [f for f, v in values.items() if (v is not None or f in report["blank"]) and f not in provenance]
    assert not missing, f"values without provenance: {missing[:10]}"


# ------------------------------------------------------------------ PDFs

PDF_CASES = names(where=lambda t: t["file"].lower().endswith(".pdf"))


@pytest.mark.slow
@pytest.mark.parametrize("name", cases(only=PDF_CASES))
def test_a_pdf_value_box_holds_its_raw_string(name):
    report = parsed(name)
    _covers_values(report)
    if report["source"]["ocr"]:
        # A scan: its values are placed by page (the boxes are the page image's).
        assert all(p["page"] for p in report["provenance"].values())
        return
    assert_boxes_hold_raw(file_of(name), report)


def _other_pdfs() -> list[Path]:
    """The PDFs under tests/ that no truth file covers (bad input left out), and the shared real report."""
    covered = {file_of(n).resolve() for n in PDF_CASES}
    found = [p for p in sorted((ROOT / "tests").rglob("*.pdf"))
             if p.resolve() not in covered and "bad" not in p.relative_to(ROOT / "tests").parts]
    return [*found, *([SHARED_PDF] if SHARED_PDF.exists() else [])]


@pytest.mark.slow
@pytest.mark.parametrize("path", _other_pdfs(), ids=lambda p: p.stem)
def test_every_other_pdf_fixture_too(path):
    from builder.parse import parse_report

    try:
        report = parse_report(path)
    except ReportError:
        pytest.skip("not readable as a report (its own tests say why)")
    _covers_values(report)
    if not report["source"]["ocr"]:
        assert_boxes_hold_raw(path, report)


# ------------------------------------------------------------------ tables of DOCX, HTML, spreadsheets

TABLE_FORMATS = ("docx", "html", "htm", "xlsx", "xls", "ods", "et")
TABLE_CASES = names(where=lambda t: t["file"].lower().rsplit(".", 1)[-1] in TABLE_FORMATS)


@cache
def _tables(path: Path) -> list[Table]:
    return [b for b in read_document(path).blocks if isinstance(b, Table)]


@pytest.mark.slow
@pytest.mark.parametrize("name", cases(only=TABLE_CASES))
def test_table_row_col_point_at_the_cell_printing_the_raw_string(name):
    report = parsed(name)
    _covers_values(report)
    tables = _tables(file_of(name))
    wrong = []
    for field, place in report["provenance"].items():
        if place["table"] is None:  # a value read from a paragraph (a table printed as text)
            assert place["raw"].strip(), field
            continue
        assert place["bbox"] is None and place["line"] is None
        cell = tables[place["table"]].rows[place["row"]][place["col"]]
        # The cell itself, or one of its numbers where the mapper split a cell ("0 0 1").
        if place["raw"] != cell.strip() and place["raw"] not in cell.split():
            wrong.append(f"{field}: raw {place['raw']!r}, cell {cell!r}")
    assert not wrong, "\n".join(wrong[:20])


# ------------------------------------------------------------------ text files

TEXT_CASES = names(where=lambda t: t["file"].lower().rsplit(".", 1)[-1] in ("txt", "md"))


@pytest.mark.slow
@pytest.mark.parametrize("name", cases(only=TEXT_CASES))
def test_a_text_value_line_holds_its_raw_string(name):
    report = parsed(name)
    _covers_values(report)
    lines = decode(file_of(name).read_bytes()).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    wrong = []
    for field, place in report["provenance"].items():
        if place["line"] is None:  # a table the Markdown printed as HTML: by table, row and column
            assert place["table"] is not None, field
            continue
        assert place["page"] is None and place["bbox"] is None
        if _printed(place["raw"]) not in _printed(lines[place["line"] - 1]):
            wrong.append(f"{field}: raw {place['raw']!r}, line {place['line']}: {lines[place['line'] - 1]!r}")
    assert not wrong, "\n".join(wrong[:20])


# ------------------------------------------------------------------ the raw string as printed (fast)


def test_a_crafted_text_report_keeps_every_raw_string_and_its_line(tmp_path):
    values = consistent_values("2019")
    printed = {"requests.new_received.natural_person": "５", "requests.new_received.total": "5",
               "proactive.licensing.decisions": "1,234", "requests.carried_over.total": "/",
               "requests.carried_over.natural_person": "—"}
    values.update(printed)
    text = write_report(values, year=2020)
    report = parse_text(tmp_path, text)
    lines = text.split("\n")
    provenance = report["provenance"]
    for field, raw in printed.items():
        assert provenance[field]["raw"] == raw
    assert report["values"]["requests.new_received.natural_person"] == 5
    assert report["values"]["proactive.licensing.decisions"] == 1234
    for field, place in provenance.items():
        assert place["page"] is None and place["bbox"] is None
        cells = lines[place["line"] - 1].split("\t")
        assert cells[place["col"]] == place["raw"], field
    # the line of a row is the row's line of the file
    granted = provenance["requests.granted.total"]
    assert lines[granted["line"] - 1].startswith("（一）予以公开")
    _covers_values(report)


def test_a_blank_value_has_its_place_and_an_empty_raw_string(tmp_path):
    values = consistent_values("2021")
    values["appeals.litigation_direct.pending"] = None  # printed as an empty cell
    report = parse_text(tmp_path, write_report(values, year=2022))
    place = report["provenance"]["appeals.litigation_direct.pending"]
    assert place["raw"] == "" and place["line"] is not None


def test_a_piece_of_a_pdf_cell_is_boxed_by_its_own_characters():
    """A cell the mapper splits ("0 12 3" read as one cell) gives each number the box of its characters."""
    glyphs = [{"text": t, "x0": x, "x1": x + 5, "top": 10, "bottom": 20} for t, x in
              [("0", 100), ("1", 120), ("2", 125), ("3", 150)]]
    cell = Where(page=2, bbox=(90, 5, 170, 25), glyphs=lambda: glyphs)
    zero, twelve, three = cell.pieces("0 12 3", [(0, 1), (2, 4), (5, 6)])
    assert zero.bbox == (100, 10, 105, 20)
    assert twelve.bbox == (120, 10, 130, 20)
    assert three.bbox == (150, 10, 155, 20) and three.page == 2
    # characters that do not match the text one for one: no box rather than a wrong one
    assert cell.piece("0 12 34", 5, 7).bbox is None


def test_split_row_carries_each_piece_place():
    from builder.fieldmap.cells import split_row

    glyphs = [{"text": t, "x0": x, "x1": x + 5, "top": 10, "bottom": 20} for t, x in [("7", 200), ("8", 220)]]
    label = Where(page=1, bbox=(0, 5, 100, 25))
    glued = Where(page=1, bbox=(190, 5, 240, 25), glyphs=lambda: glyphs)
    row = split_row(["（一）予以公开", "7 8"], True, [label, glued])
    assert [c.value for c in row.values] == [7, 8]
    assert [c.where.bbox for c in row.values] == [(200, 10, 205, 20), (220, 10, 225, 20)]
    assert [c.text for c in row.values] == ["7", "8"]


# Raw strings as real layouts print them, where the corpus has them: full-width digits, thousands
# separators, a unit, a dash — each with the place the general tests above prove.
PRINTED = [
    ("round6-html-fees-yuan-2022", "proactive.fees.amount_10k_yuan", "14800元"),
    ("round3-pdf-comma-wide-nanhai-2023", "proactive.licensing.decisions", "12,345"),
    ("gen-zhejiang-jiaotongyunshuting-2023-docx", "requests.new_received.natural_person", "1,297"),
    ("stress-outer-jianxi-minzheng-2024", "proactive.rules.repealed", "３"),
    ("gen-wuhou-cuqiaojiedao-2022-docx", "requests.new_received.natural_person", "４"),
    ("stress-tabs-wrapped-appeals-2021", "proactive.rules.issued", "１"),
    ("round2-pdf-2019-louqiao-2020", "proactive.rules.new_made", "/"),
    ("round5-html-fee-dash-linan-2021", "proactive.fees.amount_10k_yuan", "—"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "field", "raw"), PRINTED, ids=[p[0] for p in PRINTED])
def test_the_raw_string_is_the_printed_one(name, field, raw):
    report = parsed(name)
    place = report["provenance"][field]
    assert place["raw"] == raw
    if _format(name) == "pdf":
        assert place["page"] >= 1 and place["bbox"] is not None
    elif _format(name) in ("txt", "md"):
        assert place["line"] >= 1
    else:
        assert place["table"] is not None and place["row"] is not None and place["col"] is not None


@pytest.mark.slow
@pytest.mark.parametrize("path", [ROOT / "tests/fixtures/generated/gen-luohu-caizhengju-2020.pdf",
                                  *([SHARED_PDF] if SHARED_PDF.exists() else [])], ids=lambda p: p.stem)
def test_every_pdf_cell_knows_its_characters_after_the_file_is_closed(path):
    """The characters a split cell's pieces are boxed by are the cell's text, one for one, in its order
    (asked by the mapper after the reader has closed the PDF)."""
    tables = [b for b in read_document(path).blocks if isinstance(b, Table) and b.ruled]
    assert tables
    for table in tables:
        for cells, places in zip(table.rows, table.where, strict=True):
            for text, where in zip(cells, places, strict=True):
                assert _printed("".join(c["text"] for c in where.glyphs())) == _printed(text)
