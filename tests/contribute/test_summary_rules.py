"""The pull-request summary carries the newer rules (the cross-year ones, against the same body's
previous year stored in data/) and the derived cells."""

from __future__ import annotations

from builder.contribute.storage import storage_path
from builder.contribute.validation import validate_reports
from builder.parse import parse_report
from tests.textreport import consistent_values, write_report

AGENCY = "兴庆区月牙湖乡人民政府"
SIX_ZEROS = ("属于国家秘密\t0\t0\t0\t0\t0\t0\t0", "属于国家秘密\t0\t0\t0\t0\t0\t0")


def test_the_summary_has_proactive_carry_against_last_year_and_the_derived_cells(tmp_path):
    data_dir = tmp_path / "data"
    last = consistent_values("2021")
    last["proactive.rules.in_force"] = 5
    scratch = tmp_path / "last.txt"
    scratch.write_text(write_report(last, agency=AGENCY, year=2021), encoding="utf-8")
    stored = storage_path(parse_report(scratch, sidecar=None), data_dir, ".txt")
    stored.parent.mkdir(parents=True)
    stored.write_text(scratch.read_text(encoding="utf-8"), encoding="utf-8")

    this = consistent_values("2021")
    this["proactive.rules.issued"] = 1
    this["proactive.rules.in_force"] = 9  # 5 + 1 − 0 is 6
    text = write_report(this, agency=AGENCY, year=2022)
    assert SIX_ZEROS[0] in text
    incoming = tmp_path / "incoming" / "2022.txt"
    incoming.parent.mkdir()
    incoming.write_text(text.replace(*SIX_ZEROS), encoding="utf-8")

    said: list[str] = []
    summary = tmp_path / "summary.md"
    assert validate_reports([incoming], data_dir=data_dir, summary_path=summary, say=said.append)
    markdown = summary.read_text(encoding="utf-8")
    assert "proactive\\_carry 规章和规范性文件跨年度衔接" in markdown  # Markdown-escaped
    assert "2021 年现行有效 5 件" in markdown
    assert "推定单元格 derived cells: 7 个单元格" in markdown
    assert "属于国家秘密 · 总计 | 0 \\(row\\_total\\) |" in markdown
    assert "proactive_carry" in said[0] and "推定单元格 derived cells (7" in said[0]
