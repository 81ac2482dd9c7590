"""The round-3 stress corpus (tests/stress3/, made by tests/stress3/make_stress3.py): every cell, the
metadata, and prose_mismatch where the text states counts.

Formats and number forms neither earlier corpus has: Markdown as pandoc or people write it (pipe
tables with blank or repeated merged labels and an empty first header cell, grid tables, wrapped
grid tables, raw HTML <table> inside .md), HTML tables made of display:table <div>s or a <ul> list,
UTF-16 LE and GB18030 files with a BOM, "减少3" / "-2" / "+4" changes, "——" / "／" / "暂无" blanks,
footnote marks ("12*", "5①"), 1,234 in PDF cells, an extra 合计 column, the 总计 column first,
rows stacked in one PDF cell, /Rotate 90 pages, a prose column beside a table. Truth:
tests/truth/round3-*.json. A case the parser still gets wrong is xfail(strict=True) with the
precise cause, so the suite stays green and turns red the moment a fix lands (then delete the entry).
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path

import pytest

from builder.parse import parse_report

ROOT = Path(__file__).resolve().parent.parent
TRUTHS = sorted((ROOT / "tests" / "truth").glob("round3-*.json"))

_spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
accuracy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(accuracy)

_UTF16 = ("builder/read/text.py read_text rejects any file with a NUL byte in its first 4 KB ('not a text "
          "file') before decode() can see the UTF-16 LE BOM; every ASCII character of UTF-16 has a NUL byte. "
          "Check the BOMs first (decoded to UTF-8 the same file parses 200/200)")
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
        assert file.is_file() and file.parent == ROOT / "tests" / "stress3" / "files", truth["file"]
        formats.add(truth["format"])
    assert formats == {"pdf", "html", "md", "txt"}


def test_utf16_and_gb18030_files_really_carry_their_bom():
    """The encoding cases are what their names say (a regenerated file saved as UTF-8 would pass silently)."""
    files = ROOT / "tests" / "stress3" / "files"
    assert (files / "round3-txt-utf16-qinnan-2022.txt").read_bytes()[:2] == b"\xff\xfe"
    assert (files / "round3-md-utf16-lianchi-2022.md").read_bytes()[:2] == b"\xff\xfe"
    assert (files / "round3-txt-gb18030bom-2019-dingcheng-2020.txt").read_bytes()[:4] == b"\x84\x31\x95\x33"


PROSE = [p for p in TRUTHS if p.stem.startswith(("round3-prose-", "round3-meta-"))]


@pytest.mark.parametrize("truth_path", PROSE, ids=[p.stem for p in PROSE])
def test_prose_mismatch_exactly_where_the_text_contradicts_the_table(truth_path, request):
    """The text's counts: a true contradiction raises prose_mismatch; received incl. carried-over,
    a change from last year, or a 司法局's own caseload must not."""
    truth, report = _parsed(truth_path.stem)
    raised = [c["message"] for c in report["checks"] if c["rule"] == "prose_mismatch"]
    assert bool(raised) == truth["prose_mismatch"], raised

