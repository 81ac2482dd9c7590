"""The stress corpus (tests/stress/, made by tests/stress/make_stress.py): every cell and the metadata.

Layouts the parser was not built from — Chromium-printed PDFs with borderless or partly ruled
tables, vertical labels, split tables, GBK HTML with page chrome, pdftotext -layout dumps — each
with known truth in tests/truth/stress-*.json. A case the parser still gets wrong is marked
xfail(strict=True) with the precise cause, so the suite stays green and turns red the moment a
fix lands (then delete the entry).
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path

import pytest

from builder.parse import parse_report
from tests.truthcheck import broken_sums

ROOT = Path(__file__).resolve().parent.parent
TRUTHS = sorted((ROOT / "tests" / "truth").glob("stress-*.json"))
DELIBERATE_ERRORS = "stress-deliberate-error-siming-2023"

_spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
accuracy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(accuracy)

_RADICALS = ("Chromium prints Noto CJK as Type 3 fonts whose ToUnicode maps some glyphs to CJK radicals: "
             "民→⺠ U+2EA0, 长→⻓ U+2ED3, 门→⻔ U+2ED4 (CJK Radicals Supplement, which NFKC does not fold) and "
             "一→⼀ U+2F00, 月→⽉ … (Kangxi radicals, NFKC folds them, but metadata reads raw text); "
             "the agency keeps the radical")
_TEXT_ROW_PADDING = ("builder/read/text.py _split_row: short_label is len(stripped) <= 30, which counts the "
                     "pdftotext -layout padding between label and number, so '行政事业性收费   …   45.62' "
                     "(one number) is not a table row")
_LABEL_AROUND_NUMBERS = ("PDF without vertical rulings → text-recovered rows (ruled=False): a two-line label "
                         "prints its halves above and below the number line (Chromium centres the numbers); "
                         "fieldmap only prepends the half above, so short halves do not match")

# Truth file stem → why some of its metadata (agency, year, region, published, template) is still wrong.
@cache
def _parsed(stem: str) -> tuple[dict, dict]:
    truth = json.loads((ROOT / "tests" / "truth" / f"{stem}.json").read_text(encoding="utf-8"))
    return truth, parse_report(ROOT / truth["file"])


def test_corpus_covers_the_formats():
    assert len(TRUTHS) >= 15
    formats = set()
    for path in TRUTHS:
        truth = json.loads(path.read_text(encoding="utf-8"))
        file = ROOT / truth["file"]
        assert file.is_file() and file.parent == ROOT / "tests" / "stress" / "files", truth["file"]
        formats.add(truth["format"])
    assert formats == {"pdf", "html", "docx", "txt"}


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[p.stem for p in TRUTHS])
def test_truth_obeys_the_template_arithmetic_but_for_the_deliberate_errors(truth_path):
    """The generator's numbers add up, except in the case printed wrong on purpose."""
    wrong = broken_sums(json.loads(truth_path.read_text(encoding="utf-8"))["values"])
    if truth_path.stem == DELIBERATE_ERRORS:
        assert wrong == ["results_sum total", "row_total granted", "appeals_total reconsideration"]
    else:
        assert wrong == []


def test_deliberate_errors_are_reported():
    """The printed totals that break the arithmetic are kept as printed and named by the checks."""
    truth, report = _parsed(DELIBERATE_ERRORS)
    assert report["values"]["requests.granted.total"] == truth["values"]["requests.granted.total"]
    errors = {(c["rule"], c["fields"][0]) for c in report["checks"] if c["severity"] == "error"}
    assert ("row_total", "requests.granted.natural_person") in errors
    assert ("appeals_total", "appeals.reconsideration.upheld") in errors
    assert any(rule == "results_sum" for rule, _ in errors)
