"""The round-2 stress corpus (tests/stress2/, made by tests/stress2/make_stress2.py): every cell and the metadata.

Layouts neither earlier corpus has: CMS pages with digits split over <span>s, a summary box
before the report, one <table> per 第二十条 section; python-docx files with real vMerge/gridSpan,
btLr cells, a framed title, the agency only in the page header, 小计 rows, a prose column; the
appeals table transposed; LibreOffice PDFs (landscape, 8 pt, rows broken across pages);
pdftotext -raw and -layout dumps of them. Truth: tests/truth/round2-*.json. A case the parser
still gets wrong is xfail(strict=True) with the precise cause, so the suite stays green and
turns red the moment a fix lands (then delete the entry).
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path

from builder.parse import parse_report

ROOT = Path(__file__).resolve().parent.parent
TRUTHS = sorted((ROOT / "tests" / "truth").glob("round2-*.json"))

_spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
accuracy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(accuracy)

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
        assert file.is_file() and file.parent == ROOT / "tests" / "stress2" / "files", truth["file"]
        formats.add(truth["format"])
    assert formats == {"pdf", "html", "docx", "txt"}


def test_arithmetic_checks_quiet_where_the_printed_sums_hold():
    """Every round-2 table adds up, 小计 rows included: a parse that got its cells right reports no
    arithmetic error (a 小计 row taken for a template row would break results_sum)."""
    for stem in ("round2-cms-transposed-xiling-2023", "round2-docx-split-zhifu-2023", "round2-pdf-vmerge-fucheng-2022"):
        _, report = _parsed(stem)
        assert accuracy.error_rule_counts(report) == {}, stem
