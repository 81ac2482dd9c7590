"""Round 6's corpus (tests/stress6/): rows and columns real reports add or drop.

Per-cell accuracy is tests/test_accuracy.py's; here: every case has its file and truth, the files
really carry the added or dropped rows and columns (read with BeautifulSoup or as text, not with our
readers), and the parser's checks say what the contract asks: missing_part when a table is absent,
cell_count when a row is short, nothing when a report only adds rows.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup

from builder.parse import parse_report

ROOT = Path(__file__).resolve().parent.parent
TRUTHS = sorted((ROOT / "tests" / "truth").glob("round6-*.json"))


def truth(name: str) -> dict:
    return json.loads((ROOT / "tests" / "truth" / f"round6-{name}.json").read_text(encoding="utf-8"))


def file_of(name: str) -> Path:
    return ROOT / truth(name)["file"]


_parsed: dict[str, dict] = {}


def parsed(name: str) -> dict:
    if name not in _parsed:
        _parsed[name] = parse_report(file_of(name))
    return _parsed[name]


def table_rows(name: str, index: int) -> list[list[str]]:
    soup = BeautifulSoup(file_of(name).read_text(encoding="utf-8"), "html.parser")
    table = soup.find_all("table")[index]
    return [[td.get_text() for td in tr.find_all("td")] for tr in table.find_all("tr")]


def test_the_corpus_is_small_and_complete():
    assert len(TRUTHS) >= 12
    for path in TRUTHS:
        t = json.loads(path.read_text(encoding="utf-8"))
        f = ROOT / t["file"]
        assert f.is_file() and f.stat().st_size < 60_000, f
        assert f.stem == path.stem
        assert t["note"], path.name


def test_the_files_carry_their_rows_and_columns():
    merged = table_rows("html-merged-applicants-2022", 1)
    assert merged[1][3:] == ["自然人", "法人或其他组织", "总计"]
    assert all(len(r) == 6 for r in merged)
    recon = table_rows("html-appeals-recon-only-2022", 2)
    assert recon[0][0] == "行政复议" and len(recon[-1]) == 5
    assert len(table_rows("html-appeals-nototals-2022", 2)[-1]) == 12
    assert len(table_rows("html-appeals-heji-group-2023", 2)[-1]) == 20
    assert all(c.endswith("件") for c in table_rows("html-jian-suffix-2023", 2)[-1])
    assert ["行政检查", "145", "", ""] in table_rows("html-proactive-extra-rows-2022", 0)
    text = file_of("txt-requests-nototal-col-2022").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("一、本年新收"))
    assert len(row.split("\t")) == 3 + 6
    assert "其中：通过网络申请" in file_of("txt-requests-qizhong-2023").read_text(encoding="utf-8")
    word = docx.Document(file_of("docx-proactive-extra-rows-2019-2020"))
    assert ["行政检查", "8", "-2", "96"] in [[c.text for c in r.cells] for r in word.tables[0].rows]
    word = docx.Document(file_of("docx-qizhong-jian-heji-2023"))
    labels = [r.cells[0].text for r in word.tables[1].rows]
    assert "其中：通过网络申请" in labels and labels[-1] == "合计"


def test_a_report_without_a_requests_table_says_so():
    report = parsed("txt-requests-prose-only-2022")
    assert report["template"]["requests"] is None
    assert not [f for f in report["values"] if f.startswith("requests.")]
    assert [c for c in report["checks"] if c["rule"] == "missing_part" and c["severity"] == "error"]


@pytest.mark.parametrize("name", ["txt-requests-nototal-col-2022", "html-requests-no-total-row-2023",
                                  "html-appeals-nototals-2022", "txt-appeals-nototals-2023",
                                  "html-appeals-recon-only-2022", "html-proactive-no-eight-2023",
                                  "html-merged-applicants-2022"])
def test_a_dropped_column_or_row_is_reported(name):
    assert [c for c in parsed(name)["checks"] if c["rule"] == "cell_count"], name


@pytest.mark.parametrize("name", ["html-proactive-extra-rows-2022", "txt-requests-qizhong-2023",
                                  "html-requests-heji-xiaoji-2022", "docx-proactive-extra-rows-2019-2020",
                                  "docx-qizhong-jian-heji-2023"])
def test_extra_rows_leave_the_template_rows_alone(name):
    report = parsed(name)
    assert [c["rule"] for c in report["checks"] if c["severity"] in ("error", "warning")] == []
    for fid, want in truth(name)["values"].items():
        assert report["values"][fid] == want, fid
