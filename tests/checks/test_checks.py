"""Each check rule fires on a report crafted to break it, and stays quiet on a consistent one."""

from __future__ import annotations

import pytest

from builder.check import cross_year_checks
from tests.textreport import consistent_values, fired, parse_text, write_report


@pytest.mark.parametrize("year", [2020, 2023])
def test_a_consistent_report_passes_every_rule(tmp_path, year):
    variant = "2019" if year == 2020 else "2021"
    report = parse_text(tmp_path, write_report(consistent_values(variant), year=year))
    assert report["checks"] == []
    assert report["template"] == {"proactive": variant, "requests": variant, "appeals": variant}
    assert report["values"]["requests.granted.total"] == 5


def test_balance(tmp_path):
    values = consistent_values()
    values["requests.carried_forward.natural_person"] = 2
    values["requests.carried_forward.total"] = 2
    report = parse_text(tmp_path, write_report(values))
    checks = fired(report, "balance")
    assert [c["fields"][2] for c in checks] == ["requests.total_processed.natural_person", "requests.total_processed.total"]
    assert checks[0]["severity"] == "error"
    assert "自然人" in checks[0]["message"] and "为 5" in checks[0]["message"] and "为 7" in checks[0]["message"]


def test_row_total(tmp_path):
    values = consistent_values()
    values["requests.withheld_state_secret.research"] = 1  # its row total stays 0
    values["requests.withheld_state_secret.total"] = 0
    report = parse_text(tmp_path, write_report(values))
    [check] = [c for c in fired(report, "row_total") if "withheld_state_secret" in c["fields"][0]]
    assert "属于国家秘密" in check["message"]


def test_results_sum(tmp_path):
    values = consistent_values()
    values["requests.total_processed.total"] = 7
    values["requests.new_received.total"] = 7  # keep balance and the text quiet; the results no longer add up
    report = parse_text(tmp_path, write_report(values, prose="无。"))
    [check] = fired(report, "results_sum")
    assert check["fields"][0] == "requests.total_processed.total"
    assert "7" in check["message"] and "5" in check["message"]


def test_appeals_total(tmp_path):
    values = consistent_values()
    values["appeals.litigation_direct.pending"] = 2
    report = parse_text(tmp_path, write_report(values))
    [check] = fired(report, "appeals_total")
    assert check["fields"][-1] == "appeals.litigation_direct.total"


def test_prose_mismatch(tmp_path):
    report = parse_text(tmp_path, write_report(consistent_values(), prose="全年共收到政府信息公开申请9件，办结5件。"))
    [check] = fired(report, "prose_mismatch")
    assert check["severity"] == "warning"
    assert "9" in check["message"] and check["fields"] == ["requests.new_received.total"]


def test_prose_mismatch_on_reconsideration_and_litigation(tmp_path):
    text = write_report(consistent_values(), prose="收到政府信息公开申请5件。未发生政府信息公开行政复议。行政诉讼3件。")
    found = {tuple(c["fields"]) for c in fired(parse_text(tmp_path, text), "prose_mismatch")}
    assert ("appeals.reconsideration.total",) in found  # the table has 1
    assert ("appeals.litigation_direct.total", "appeals.litigation_after_reconsideration.total") in found


def test_missing_part(tmp_path):
    report = parse_text(tmp_path, write_report(consistent_values(), drop_parts=("五", "四")))
    messages = [c["message"] for c in fired(report, "missing_part")]
    assert any("第五部分" in m for m in messages)
    assert any("第四部分" in m for m in messages)
    assert any("行政复议" in m and "表" in m for m in messages)
    assert report["template"]["appeals"] is None


def test_cell_count_places_nothing_it_cannot_be_sure_of(tmp_path):
    values = consistent_values()
    text = write_report(values).replace("（一）予以公开\t5\t0\t0\t0\t0\t0\t5", "（一）予以公开\t5\t0\t0\t0\t0\t5")
    report = parse_text(tmp_path, text)
    [check] = fired(report, "cell_count")
    assert "requests.granted.natural_person" in check["fields"]
    assert report["values"]["requests.granted.natural_person"] is None
    assert report["values"]["requests.granted.total"] is None
    # With a cell unknown, the sums that need it are not checked rather than wrongly failed.
    assert not fired(report, "results_sum")


def test_blank_cells_are_null_and_noted(tmp_path):
    text = write_report(consistent_values()).replace("行政强制\t0\t0\t0", "行政强制\t/\t—\t0")
    report = parse_text(tmp_path, text)
    assert report["values"]["proactive.coercion.items_prev_year"] is None
    assert report["values"]["proactive.coercion.items_change"] is None
    assert report["values"]["proactive.coercion.decisions"] == 0
    [check] = fired(report, "blank_cells")
    assert check["severity"] == "info"
    assert "proactive.coercion.items_prev_year" in check["fields"]


def test_template_year(tmp_path):
    # A 2023 report printing the 2019 single （六）其他处理 row: requests read as the 2019 variant.
    values = consistent_values("2019")
    text = write_report(values, year=2020).replace("2020年政府信息公开", "2023年政府信息公开")
    report = parse_text(tmp_path, text)
    assert report["year"] == 2023
    assert report["template"]["requests"] == "2019"
    assert report["values"]["requests.other.total"] == 0
    tables = {c["message"][:30] for c in fired(report, "template_year")}
    assert any("依申请" in t for t in tables)


def test_cross_year(tmp_path):
    first = dict(consistent_values())
    first["requests.carried_forward.natural_person"] = 1
    first["requests.carried_forward.total"] = 1
    first["requests.new_received.natural_person"] = 6
    first["requests.new_received.total"] = 6
    second = consistent_values()  # carried_over 0, but last year carried 1 forward
    a = parse_text(tmp_path, write_report(first, year=2020, prose="无。"), "a.txt")
    b = parse_text(tmp_path, write_report(second, year=2021), "b.txt")
    assert a["checks"] == []
    found = cross_year_checks([a, b])
    assert [(rid, c["rule"]) for rid, c in found] == [(b["id"], "cross_year"), (b["id"], "cross_year")]


def test_cross_year_quiet_when_consistent(tmp_path):
    a = parse_text(tmp_path, write_report(consistent_values(), year=2020), "a.txt")
    b = parse_text(tmp_path, write_report(consistent_values(), year=2021), "b.txt")
    assert cross_year_checks([a, b]) == []


def test_sidecar_acknowledges_known_issues_and_overrides_metadata(tmp_path):
    values = consistent_values()
    values["appeals.litigation_direct.pending"] = 2
    (tmp_path / "report.yml").write_text(
        "agency: 测试县人民政府\nyear: 2020\nsource_url: https://example.gov.cn/r.html\n"
        "known_issues: [appeals_total]\nnote: 原报告合计有误\n", encoding="utf-8")
    report = parse_text(tmp_path, write_report(values))
    [check] = fired(report, "appeals_total")
    assert check["acknowledged"] is True
    assert report["agency"] == "测试县人民政府"
    assert report["source"]["source_url"] == "https://example.gov.cn/r.html"
    assert report["note"] == "原报告合计有误"
