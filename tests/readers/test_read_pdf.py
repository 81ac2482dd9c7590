"""The PDF reader on a real report (淮安市人民政府 2024, six pages, ruled tables over page breaks).

The truth file holds every cell of the three tables as read by eye from the rendered pages.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from builder.errors import ReportError
from builder.fieldmap import map_tables
from builder.locate import locate
from builder.read import read_document
from builder.read.document import Paragraph, Table
from builder.read.pdf import CORRUPT, read_pdf
from tests.corpus.harness import ROOT, file_of, parsed, truth

TRUTH = truth("huaian-2024")
HUAIAN = file_of("huaian-2024")
CID_FILE = ROOT / "tests" / "stress4" / "files" / "round4-cid-nounicode-hongshan-2022.pdf"  # no /ToUnicode maps


@pytest.fixture(scope="module")
def doc():
    return read_pdf(HUAIAN)


@pytest.fixture(scope="module")
def text_layer_doc():
    return read_pdf(HUAIAN, ruled_tables=False)


def tables(document):
    return [b for b in document.blocks if isinstance(b, Table)]


def row_starting(document, label):
    rows = [row for t in tables(document) for row in t.rows if row and row[0] == label]
    assert len(rows) == 1, f"{label!r}: {len(rows)} rows"
    return rows[0]


def wrong_values(values):
    return {f: (v, values.get(f, "absent")) for f, v in TRUTH["values"].items() if values.get(f, "absent") != v}


def test_document_shape(doc):
    assert doc.format == "pdf"
    assert doc.pages == 6
    # Proactive table over pages 3-4, requests table over pages 4-5, appeals on page 5.
    assert [(t.page, t.ruled) for t in tables(doc)] == [(3, True), (4, True), (4, True), (5, True), (5, True)]


def test_ruled_table_cells(doc):
    assert row_starting(doc, "规章") == ["规章", "1", "0", "11"]
    assert row_starting(doc, "行政事业性收费") == ["行政事业性收费", "96171.6"]
    assert row_starting(doc, "一、本年新收政府信息公开申请数量") == [
        "一、本年新收政府信息公开申请数量", "3001", "53", "0", "0", "61", "4", "3119"]
    # Merge continuations (None) are dropped: the row starts at its own label.
    assert row_starting(doc, "2.其他法律行政法规禁止公开") == [
        "2.其他法律行政法规禁止公开", "30", "1", "0", "0", "0", "0", "31"]
    # A vertical label keeps its line breaks, and a cell broken over lines keeps them too.
    assert row_starting(doc, "三、\n本\n年\n度\n办\n理\n结\n果")[1:3] == ["（一）予以公开", "1288"]
    assert row_starting(doc, "（六）其\n他处理")[1] == "1、申请人无正当理由逾期不补\n正、行政机关不再处理其政府信\n息公开申请"
    # The requests table continues on page 5 with the blank cell under its vertical label.
    assert tables(doc)[3].rows[0][:3] == ["", "法提供", "2.没有现成信息需要另行制作"]
    appeals = tables(doc)[4]
    assert appeals.rows[0] == ["行政复议", "行政诉讼"]
    assert appeals.rows[-1] == ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"]


def test_paragraphs_in_reading_order(doc):
    texts = [b.text if isinstance(b, Paragraph) else f"<table p{b.page}>" for b in doc.blocks]
    # The framed introduction on page 1 is a text box, not a table: its lines are paragraphs.
    assert "本报告由淮安市人民政府办公室根据《中华人民共和国政府" in texts
    assert "制。报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。" in texts
    # Headings sit between the tables they introduce.
    order = [texts.index(t) for t in ("二、主动公开政府信息情况", "<table p3>", "三、收到和处理政府信息公开申请情况",
                                      "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况")]
    assert order == sorted(order)
    assert texts.index("三、收到和处理政府信息公开申请情况") == texts.index("<table p4>") + 1
    # Page numbers ("-1-", "- 3 -") are not content.
    assert not any(t.strip("- ").isdigit() for t in texts)
    assert texts[-1] == "办法》，全年收取政府信息公开信息处理费 3940 元。"


def test_text_layer_fallback_splits_rows_on_wide_gaps(text_layer_doc):
    assert tables(text_layer_doc) and not any(t.ruled for t in tables(text_layer_doc))
    assert row_starting(text_layer_doc, "一、本年新收政府信息公开申请数量") == [
        "一、本年新收政府信息公开申请数量", "3001", "53", "0", "0", "61", "4", "3119"]
    assert row_starting(text_layer_doc, "行政规范性文件") == ["行政规范性文件", "8", "26", "66"]
    # Prose never splits: its widest gap is half a character.
    assert "2024 年，我市坚持以习近平新时代中国特色社会主义思想为" in text_layer_doc.paragraphs
    # A heading between two borderless tables is not swallowed by them.
    assert "三、收到和处理政府信息公开申请情况" in text_layer_doc.paragraphs


def test_text_layer_fallback_gives_every_true_value(text_layer_doc):
    mapped = map_tables(locate(text_layer_doc), TRUTH["year"])
    assert mapped.template == TRUTH["template"]
    wrong = wrong_values(mapped.values)
    assert not wrong, f"wrong cells (expected, got): {wrong}"


@pytest.fixture(scope="module")
def report():
    """Every cell and the metadata against the truth: tests/mapping/test_accuracy.py[huaian-2024]."""
    return parsed("huaian-2024")


def test_metadata(report):
    assert report["source"]["format"] == "pdf"
    assert report["source"]["pages"] == 6


def test_no_errors_in_a_consistent_report(report):
    # The report's own sums hold (checked by hand on the rendered pages): no error may fire.
    assert [c for c in report["checks"] if c["severity"] == "error"] == []


@pytest.mark.parametrize("fraction", [0.3, 0.9, 0.999])
def test_truncated_download(tmp_path, fraction):
    data = HUAIAN.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: int(len(data) * fraction)])
    with pytest.raises(ReportError, match=CORRUPT):
        read_document(cut)


@pytest.mark.slow
def test_cli_refuses_a_pdf_without_unicode_maps_in_one_line():
    """Text that extracts as (cid:NN) is no report text: one clear line, non-zero exit, no numbers invented."""
    result = subprocess.run([sys.executable, "-m", "builder", "parse", str(CID_FILE), "--json"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr[:500]
    assert "unreadable text layer" in result.stderr
