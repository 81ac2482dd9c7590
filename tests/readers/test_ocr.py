"""Scanned reports read by OCR: image-only PDFs and page images give paragraphs and tables, their
numbers held to the template's arithmetic.

The fixtures in tests/fixtures/scanned/ are made by tests/make_scanned_fixtures.py (a known report
rendered at 150 dpi, a red seal over its largest table, turned 0.5–1.5°, JPEG pages); the full
report's truth file (tests/truth/scan-*.json) puts it through tests/mapping/test_accuracy.py as well.
OCR costs seconds a page: this module reads two pages and a table image in all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from builder.check.ocr import distrust_ocr
from builder.errors import ReportError
from builder.read import Table, read_document
from builder.template import RULE
from tests.corpus.harness import parsed, truth

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ROOT / "tests" / "fixtures" / "scanned"
PAGE3 = SCANNED / "scan-page3-gulou-jiaoyuju-2021.pdf"
APPEALS_IMAGE = SCANNED / "scan-appeals-gulou-jiaoyuju-2021.png"
TEXT_LAYER = "gen-gulou-jiaoyuju-2021-pdf"  # the corpus case the scans were made from
TRUTH = truth(TEXT_LAYER)


def parse_cli(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "builder", "parse", str(path), "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def assert_one_line_error(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode != 0 and result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert words in lines[0]


@pytest.mark.ocr
def test_scanned_pdf_parses_by_ocr_on_the_command_line():
    """One scanned page (the end of the requests table and the appeals table) through the CLI."""
    result = parse_cli(PAGE3)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["source"]["ocr"] is True
    assert report["source"]["format"] == "pdf"
    assert report["source"]["pages"] == 1
    appeals = {f: v for f, v in report["values"].items() if f.startswith("appeals.")}
    assert len(appeals) == 15
    untrusted = {f for c in report["checks"] if c["rule"] == "ocr_untrusted" for f in c["fields"]}
    for field, value in appeals.items():
        if field not in untrusted:
            assert value == TRUTH["values"][field], field
    assert sum(v is not None for v in appeals.values()) >= 10
    assert not [c for c in report["checks"] if c["rule"] in ("appeals_total", "row_total", "results_sum")]


@pytest.mark.ocr
def test_page_image_is_read_as_a_report_table():
    doc = read_document(APPEALS_IMAGE)
    assert doc.ocr is True and doc.format == "png"
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    numbers = [cell for row in tables[0].rows for cell in row if cell.isdigit()]
    want = [str(TRUTH["values"][f"appeals.{g}.{o}"]) for g in ("reconsideration", "litigation_direct",
            "litigation_after_reconsideration") for o in ("upheld", "corrected", "other", "pending", "total")]
    assert numbers == want
    header = "".join(cell for row in tables[0].rows[:3] for cell in row)
    assert "行政复议" in header and "未经复议直接起诉" in header


@pytest.mark.slow
def test_damaged_image_fails_in_one_line(tmp_path):
    damaged = tmp_path / "scan-2023.png"
    good = APPEALS_IMAGE.read_bytes()
    damaged.write_bytes(good[:200])  # the header and the start of the pixels: the rest is lost
    assert_one_line_error(parse_cli(damaged), "damaged or unknown image file")
    not_an_image = tmp_path / "scan-2023.jpg"
    not_an_image.write_bytes(b"this is no JPEG " * 20)
    assert_one_line_error(parse_cli(not_an_image), "damaged or unknown image file")


@pytest.mark.slow
def test_huge_image_is_refused_before_it_is_decoded(tmp_path):
    huge = tmp_path / "huge-2023.png"
    Image.new("L", (9000, 9000), 255).save(huge)  # 81 million pixels, a few KB on disk
    with pytest.raises(ReportError, match="image too large"):
        read_document(huge)


@pytest.mark.slow
def test_too_many_scanned_pages_are_refused_before_any_ocr(tmp_path):
    from builder.read.ocr import MAX_PAGES

    pages = [Image.new("L", (1240, 1754), 255) for _ in range(MAX_PAGES + 1)]
    scan = tmp_path / "long-2023.pdf"
    pages[0].save(scan, "PDF", save_all=True, append_images=pages[1:], resolution=150)
    assert_one_line_error(parse_cli(scan), "too many scanned pages")


@pytest.mark.slow
def test_coarse_scan_is_refused_in_one_line():
    """A 50 dpi scan: its digits are a few pixels tall, any number read from it would be a guess."""
    assert_one_line_error(parse_cli(ROOT / "tests" / "fixtures" / "bad" / "scanned.pdf"), "too coarse to OCR")


@pytest.mark.slow
def test_a_text_report_never_loads_the_ocr_engine():
    code = ("import sys; from builder.parse import parse_report; "
            "parse_report('tests/fixtures/generated/gen-gulou-jiaoyuju-2021.pdf'); "
            "parse_report('tests/fixtures/generated/gen-nanming-shuiwuju-2021.txt'); "
            "print(sorted(m for m in ('rapidocr_onnxruntime', 'onnxruntime', 'cv2') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# ---------------------------------------------------------------- which OCR'd numbers are trusted


@pytest.fixture()
def text_layer_report():
    """The same report read from its text layer, and a way to run its checks: OCR's misreads are
    then put in by hand, so each test knows exactly which cell is wrong."""
    from builder.check import check_report
    from builder.fieldmap import map_tables
    from builder.locate import locate

    doc = read_document(ROOT / TRUTH["file"])
    located = locate(doc)
    mapped = map_tables(located, TRUTH["year"])
    report = {"values": mapped.values, "raw": {}, "template": mapped.template, "year": TRUTH["year"]}
    assert report["values"] == TRUTH["values"]
    return report, lambda: check_report(report, mapped, located)


def test_one_misread_number_is_nulled_and_the_rest_kept(text_layer_report):
    report, run_checks = text_layer_report
    field = "requests.withheld_state_secret.commercial"
    report["values"][field] = 6  # a 0 under the seal read as 6
    checks = distrust_ocr(report, run_checks)
    untrusted = [c for c in checks if c["rule"] == "ocr_untrusted"]
    assert len(untrusted) == 1 and untrusted[0]["fields"] == [field]
    assert untrusted[0]["severity"] == RULE["ocr_untrusted"].severity == "warning"
    assert "识别为 6" in untrusted[0]["message"]
    assert report["values"][field] is None and report["raw"][field] == "6"
    assert not [c for c in checks if c["rule"] in ("row_total", "results_sum", "balance")]
    others = {f: v for f, v in report["values"].items() if f != field}
    assert others == {f: v for f, v in TRUTH["values"].items() if f != field}


def test_misreads_that_cancel_in_their_row_null_the_whole_columns(text_layer_report):
    report, run_checks = text_layer_report
    # 予以公开 22 0 0 1 0 1 | 24 read as 23 0 0 0 0 1 | 24: the row still adds up, two columns do not,
    # and nothing says which of their cells is wrong.
    report["values"]["requests.granted.natural_person"] = 23
    report["values"]["requests.granted.nonprofit"] = 0
    checks = distrust_ocr(report, run_checks)
    nulled = {f for c in checks if c["rule"] == "ocr_untrusted" for f in c["fields"]}
    assert {"requests.granted.natural_person", "requests.granted.nonprofit",
            "requests.total_processed.natural_person", "requests.total_processed.nonprofit"} <= nulled
    assert not [f for f in nulled if not f.endswith((".natural_person", ".nonprofit"))]
    assert not [c for c in checks if c["rule"] in ("row_total", "results_sum", "balance")]
    wrong = [f for f, v in report["values"].items() if v is not None and v != TRUTH["values"][f]]
    assert wrong == []


def test_a_misread_appeals_number_nulls_its_group(text_layer_report):
    report, run_checks = text_layer_report
    report["values"]["appeals.litigation_direct.upheld"] = 8
    checks = distrust_ocr(report, run_checks)
    nulled = {f for c in checks if c["rule"] == "ocr_untrusted" for f in c["fields"]}
    assert nulled == {f"appeals.litigation_direct.{o}" for o in ("upheld", "corrected", "other", "pending", "total")}
    assert report["values"]["appeals.reconsideration.total"] == TRUTH["values"]["appeals.reconsideration.total"]


def test_a_report_read_from_its_text_layer_is_not_marked_ocr():
    report = parsed(TEXT_LAYER)
    assert report["source"]["ocr"] is False
    assert not [c for c in report["checks"] if c["rule"] == "ocr_untrusted"]
