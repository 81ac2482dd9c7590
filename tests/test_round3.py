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

from builder.errors import ReportError
from builder.parse import parse_report

ROOT = Path(__file__).resolve().parent.parent
TRUTHS = sorted((ROOT / "tests" / "truth").glob("round3-*.json"))

_spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
accuracy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(accuracy)

_UTF16 = ("builder/read/text.py read_text rejects any file with a NUL byte in its first 4 KB ('not a text "
          "file') before decode() can see the UTF-16 LE BOM; every ASCII character of UTF-16 has a NUL byte. "
          "Check the BOMs first (decoded to UTF-8 the same file parses 200/200)")
_DIVS = ("builder/read/html.py reads only <table>/<tr>/<td>: <div style=\"display:table-row\"> / "
         "\"display:table-cell\" come out one Paragraph per cell ('规章', '2', '3', '12' …), so no table row "
         "is found and every requests/proactive cell is null. Treat elements whose inline style says "
         "display:table/table-row/table-cell as table/row/cell")

# Truth file stem → why some of its table cells are still wrong.
CELLS_WRONG: dict[str, str] = {
    "round3-txt-utf16-qinnan-2022": _UTF16,
    "round3-md-utf16-lianchi-2022": _UTF16,
    "round3-html-div-beilin-2023": _DIVS,
    "round3-html-titlecell-jiedao-2023": _DIVS,
    "round3-html-ul-chengguan-2022": (
        "proactive table as <li> items '规章：本年制发件数：7；本年废止件数：3；现行有效件数：1': read as "
        "Paragraphs, nothing turns 'label：column：number；…' into a row, so the proactive fields are missing "
        "and template.proactive is None. Split such a line on ；/： and name each number by its column word"),
    "round3-md-html-yuhu-2021": (
        "a .md whose tables are raw HTML: builder/read/text.py clean_line strips the tags, so a <tr> on one "
        "line becomes one Paragraph with the cells glued ('一、本年新收政府信息公开申请数量762641295335260'). "
        "Hand <table>…</table> spans of a text file to the HTML reader (or turn </td> into a tab first)"),
    "round3-html-heji-xiangzhou-2023": (
        "requests table with a 合计 column after 其他 (sum of the five 法人或其他组织 columns): every row has 8 "
        "numbers for 7 cells, the fieldmap cannot place them and leaves the whole table null (cell_count). "
        "The column header row says 合计: drop the column the header names 合计 when 总计 is also there"),
    "round3-md-totalfirst-short-licang-2022": (
        "requests table with 总计 as the FIRST applicant column (header '总计 | 自然人 | 法人或其他组织 …', "
        "sub-headers 商业/科研/公益/法律/其他): the fieldmap places numbers by position, so every row is "
        "shifted one column (natural_person gets the total, total gets 其他) — WRONG numbers, caught only by "
        "row_total errors. Map value columns by the header row's applicant words (incl. the short forms)"),
    "round3-txt-blanks-marks-hanjiang-2023": (
        "footnote marks: '121①' is NFKC-normalized by builder/fieldmap/cells.py read_cell to '1211' (① → 1) "
        "and '5①' to 51 — WRONG numbers; '5*' is not a number (bad), so the granted row is left null. "
        "Strip trailing footnote marks (*, ①–⑳, ※, superscripts) before NFKC"),
    "round3-txt-gb18030bom-2019-dingcheng-2020": (
        "2019 本年增/减 printed '减少3': read_cell calls it a label, so split_row ends the values at it and "
        "the row '行政许可 | 1 | 减少3 | 12' yields one value placed as decisions=1 — a WRONG number, no "
        "cell_count. Read 减少N as -N and 增加N as +N in SIGNED_FIELDS"),
    "round3-pdf-stacked-jiangyin-2022": (
        "two or three template rows printed in one PDF table row, labels and numbers stacked in each cell "
        "('1．属于国家秘密\\n2．其他法律…\\n3．危及…' | '0\\n0\\n1' | …): the fieldmap takes the row as one "
        "row with newline-joined numbers and leaves all of them null. When every value cell holds the same "
        "number k>1 of lines and the label cell holds k numbered items, split the row into k rows"),
    "round3-pdf-rotate-yanta-2023": (
        "landscape pages stored portrait with /Rotate 90 (content turned by a form XObject): pdfplumber's "
        "find_tables returns the row '8．属于行政查询事项' with all its value cells None (merge "
        "continuations: the turned ruling edges do not snap into that row's cell grid), and _table_rows "
        "drops None cells, so the row's numbers are lost (the same page printed unrotated parses right). "
        "When a ruled row has labels and no values, take the numbers the text layer has at the row's height"),
}

# Truth file stem → why some of its metadata (agency, year, region, published, template) is still wrong.
METADATA_WRONG: dict[str, str] = {
    "round3-txt-utf16-qinnan-2022": _UTF16,
    "round3-md-utf16-lianchi-2022": _UTF16,
    "round3-html-div-beilin-2023": _DIVS + " (template.proactive None)",
    "round3-html-titlecell-jiedao-2023": _DIVS + " (template.proactive None)",
    "round3-html-ul-chengguan-2022": "proactive <li> list not read (see CELLS_WRONG): template.proactive None",
    "round3-md-html-yuhu-2021": "raw HTML tables in .md not read (see CELLS_WRONG): template.proactive/requests None",
    "round3-txt-gb18030bom-2019-dingcheng-2020": (
        "GB18030 BOM (84 31 95 33): builder/read/encoding.py decode() knows only the UTF-8/16 BOMs, so the "
        "gb18030 decode keeps U+FEFF at the start of the first line and the agency is '\\ufeff常德市鼎城区水利局'. "
        "Add the GB18030 BOM to _BOMS (or strip a leading U+FEFF after decoding)"),
}

# Prose cases: truth stem → why prose_mismatch is still raised (or not) against the truth.
PROSE_WRONG: dict[str, str] = {
    "round3-prose-ok-incl-carried-nanguan-2023": (
        "false positives: '共收到政府信息公开申请269件（含上年结转1件）' is new_received + carried_over, "
        "compared with new_received.total 268 — a count followed by （含上年结转N件） should be compared with "
        "new + carried_over; and a 司法局's '全年办理行政复议案件56件' (its own work as the reconsideration "
        "body) is taken for reconsiderations about its disclosures; the sentence goes on '其中涉及政府信息公开的"
        "行政复议1件', which is the count to compare"),
    "round3-prose-ok-growth-dongxihu-2022": (
        "false positive: '收到政府信息公开申请同比增加12件，共293件' — the third received pattern in "
        "builder/check/prose.py allows 4 non-digit chars (同比增加) between 申请 and the number, so the change "
        "from last year is read as the count. Skip numbers after 同比/较上年/增加/减少/增长/下降"),
}


@cache
def _parsed(stem: str) -> tuple[dict, dict]:
    truth = json.loads((ROOT / "tests" / "truth" / f"{stem}.json").read_text(encoding="utf-8"))
    return truth, parse_report(ROOT / truth["file"])


def _xfail_if_known(stem: str, known: dict[str, str], request) -> None:
    if stem in known:
        request.applymarker(pytest.mark.xfail(reason=known[stem], strict=True))


def test_corpus_covers_the_formats():
    assert len(TRUTHS) >= 15
    formats = set()
    for path in TRUTHS:
        truth = json.loads(path.read_text(encoding="utf-8"))
        file = ROOT / truth["file"]
        assert file.is_file() and file.parent == ROOT / "tests" / "stress3" / "files", truth["file"]
        formats.add(truth["format"])
    assert formats == {"pdf", "html", "md", "txt"}


def test_known_wrong_entries_name_truth_files():
    stems = {p.stem for p in TRUTHS}
    assert set(CELLS_WRONG) <= stems and set(METADATA_WRONG) <= stems and set(PROSE_WRONG) <= stems


def test_utf16_and_gb18030_files_really_carry_their_bom():
    """The encoding cases are what their names say (a regenerated file saved as UTF-8 would pass silently)."""
    files = ROOT / "tests" / "stress3" / "files"
    assert (files / "round3-txt-utf16-qinnan-2022.txt").read_bytes()[:2] == b"\xff\xfe"
    assert (files / "round3-md-utf16-lianchi-2022.md").read_bytes()[:2] == b"\xff\xfe"
    assert (files / "round3-txt-gb18030bom-2019-dingcheng-2020.txt").read_bytes()[:4] == b"\x84\x31\x95\x33"


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[p.stem for p in TRUTHS])
def test_truth_obeys_the_template_arithmetic(truth_path):
    """The generator's numbers add up (null counts as 0)."""
    values = json.loads(truth_path.read_text(encoding="utf-8"))["values"]
    n = {k: (v or 0) for k, v in values.items()}
    applicants = ["natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org"]
    rows = sorted({k.split(".")[1] for k in values if k.startswith("requests.")})
    results = [r for r in rows if r not in ("new_received", "carried_over", "total_processed", "carried_forward")]
    wrong = []
    for col in [*applicants, "total"]:
        if n[f"requests.new_received.{col}"] + n[f"requests.carried_over.{col}"] != \
                n[f"requests.total_processed.{col}"] + n[f"requests.carried_forward.{col}"]:
            wrong.append(f"balance {col}")
        if n[f"requests.total_processed.{col}"] != sum(n[f"requests.{r}.{col}"] for r in results):
            wrong.append(f"results_sum {col}")
    for row in rows:
        if n[f"requests.{row}.total"] != sum(n[f"requests.{row}.{c}"] for c in applicants):
            wrong.append(f"row_total {row}")
    for group in ("reconsideration", "litigation_direct", "litigation_after_reconsideration"):
        if n[f"appeals.{group}.total"] != sum(n[f"appeals.{group}.{c}"] for c in ("upheld", "corrected", "other", "pending")):
            wrong.append(f"appeals_total {group}")
    assert wrong == []


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[p.stem for p in TRUTHS])
def test_every_cell_right(truth_path, request):
    _xfail_if_known(truth_path.stem, CELLS_WRONG, request)
    truth, report = _parsed(truth_path.stem)
    wrong_cells, _ = accuracy.compare(truth, report)
    assert not wrong_cells, f"{truth['file']}: {len(wrong_cells)} of {len(truth['values'])} cells wrong\n" + \
        "\n".join(f"  {name}: expected {want!r}, got {got!r}" for name, want, got in wrong_cells)


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[p.stem for p in TRUTHS])
def test_metadata_right(truth_path, request):
    _xfail_if_known(truth_path.stem, METADATA_WRONG, request)
    truth, report = _parsed(truth_path.stem)
    _, wrong_meta = accuracy.compare(truth, report)
    assert not wrong_meta, f"{truth['file']}:\n" + \
        "\n".join(f"  {name}: expected {want!r}, got {got!r}" for name, want, got in wrong_meta)


PROSE = [p for p in TRUTHS if p.stem.startswith(("round3-prose-", "round3-meta-"))]


@pytest.mark.parametrize("truth_path", PROSE, ids=[p.stem for p in PROSE])
def test_prose_mismatch_exactly_where_the_text_contradicts_the_table(truth_path, request):
    """The text's counts: a true contradiction raises prose_mismatch; received incl. carried-over,
    a change from last year, or a 司法局's own caseload must not."""
    _xfail_if_known(truth_path.stem, PROSE_WRONG, request)
    truth, report = _parsed(truth_path.stem)
    raised = [c["message"] for c in report["checks"] if c["rule"] == "prose_mismatch"]
    assert bool(raised) == truth["prose_mismatch"], raised


def test_no_wrong_number_where_the_parser_gives_up():
    """Where a cell is still wrong it should be null (left for a person), never a different number.
    The cases that do put a wrong number are named here; the list may only shrink."""
    wrong_numbers = {}
    for path in TRUTHS:
        try:
            truth, report = _parsed(path.stem)
        except ReportError:  # not read at all (the UTF-16 files): no number, wrong or right
            continue
        wrong_cells, _ = accuracy.compare(truth, report)
        bad = [name for name, want, got in wrong_cells if isinstance(got, int | float) and not isinstance(got, bool)]
        if bad:
            wrong_numbers[path.stem] = len(bad)
    assert set(wrong_numbers) <= {"round3-md-totalfirst-short-licang-2022", "round3-txt-blanks-marks-hanjiang-2023",
                                  "round3-txt-gb18030bom-2019-dingcheng-2020"}, wrong_numbers
