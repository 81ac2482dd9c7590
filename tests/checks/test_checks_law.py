"""The checks beyond one table's arithmetic: blank totals, the regulation's deadline, part 五,
and two years of one agency (rules in force carried on, narrative not copied)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.batch import collect_reports
from tests.textreport import consistent_values, fired, parse_text, write_report

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data/reports/ningxia/yinchuan/xingqingqu-yueyahuxiang-renminzhengfu-2020.txt"
SUMS = ("row_total", "results_sum", "balance", "appeals_total")


def requests_rows(text: str, edit) -> str:
    """The seed with `edit` applied to every row of its requests table."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    end = next(i for i, line in enumerate(lines) if line.startswith("四、结转下年度继续办理"))
    for i in range(start, end + 1):
        lines[i] = edit(lines[i])
    return "\n".join(lines)


def blank_total(line: str) -> str:
    return re.sub(r"\t\d+(\t?)$", r"\t/\1", line)


# ---------------------------------------------------------------- blank is not zero


def test_a_blank_total_column_compares_nothing(tmp_path):
    seed = SEED.read_text(encoding="utf-8")
    report = parse_text(tmp_path, requests_rows(seed, blank_total))
    assert report["values"]["requests.new_received.total"] is None
    assert report["values"]["requests.new_received.natural_person"] == 1
    assert report["values"]["requests.unavailable_not_held.natural_person"] == 1
    assert [c for c in report["checks"] if c["rule"] in SUMS] == []  # it was 3 row_total errors
    [note] = fired(report, "blank_cells")
    assert "requests.total_processed.total" in note["fields"] and len(note["fields"]) == 23


def test_a_wrong_printed_total_still_fails(tmp_path):
    seed = SEED.read_text(encoding="utf-8")
    wrong = requests_rows(seed, lambda line: re.sub(r"\t1(\t?)$", r"\t2\1", line)
                          if line.startswith("一、本年新收") else line)
    report = parse_text(tmp_path, wrong)
    assert report["values"]["requests.new_received.total"] == 2
    [check] = fired(report, "row_total")
    assert "总计为 2" in check["message"] and "之和为 1" in check["message"]


def test_blank_parts_under_a_printed_total_count_as_zero(tmp_path):
    # An empty category printed "/" means 0: the printed total is still held to the parts.
    seed = SEED.read_text(encoding="utf-8")

    def blank_parts(line: str, total: str) -> str:
        if not line.startswith("一、本年新收"):
            return line
        return re.sub(r"\t1\t0\t0\t0\t0\t0\t1(\t?)$", rf"\t1\t/\t/\t/\t/\t/\t{total}\1", line)

    quiet = parse_text(tmp_path, requests_rows(seed, lambda line: blank_parts(line, "1")), "quiet.txt")
    assert quiet["values"]["requests.new_received.commercial"] is None
    assert not [c for c in quiet["checks"] if c["rule"] in SUMS]
    loud = parse_text(tmp_path, requests_rows(seed, lambda line: blank_parts(line, "3")), "loud.txt")
    [check] = fired(loud, "row_total")
    assert "总计为 3" in check["message"] and "之和为 1" in check["message"]


# ---------------------------------------------------------------- one report


def test_empty_part(tmp_path):
    text = write_report(consistent_values())
    assert not fired(parse_text(tmp_path, text, "fine.txt"), "empty_part")
    for empty in ("无", "暂无。"):
        report = parse_text(tmp_path, text.replace("信息公开的及时性仍需提高。", empty), "empty.txt")
        [check] = fired(report, "empty_part")
        assert check["severity"] == "warning" and empty in check["message"]
    missing = parse_text(tmp_path, write_report(consistent_values(), drop_parts=("五",)), "missing.txt")
    assert fired(missing, "missing_part") and not fired(missing, "empty_part")


def signed(agency: str, year: int, published: str) -> str:
    return write_report(consistent_values(), agency=agency, year=year).replace(f"{year + 1}年1月20日", published)


def test_late_publication_of_a_department(tmp_path):
    on_time = parse_text(tmp_path, signed("银川市兴庆区民政局", 2020, "2021年1月28日"), "a.txt")
    assert on_time["published"] == "2021-01-28" and not fired(on_time, "late_publication")
    late = parse_text(tmp_path, signed("银川市兴庆区民政局", 2020, "2021年3月5日"), "b.txt")
    [check] = fired(late, "late_publication")
    assert check["severity"] == "warning"
    assert "2021-03-05" in check["message"] and "2021-01-31" in check["message"] and "部门" in check["message"]


def test_late_publication_of_a_government(tmp_path):
    in_march = parse_text(tmp_path, signed("银川市兴庆区人民政府", 2020, "2021年3月5日"), "a.txt")
    assert in_march["published"] == "2021-03-05" and not fired(in_march, "late_publication")
    late = parse_text(tmp_path, signed("银川市兴庆区人民政府", 2020, "2021年4月2日"), "b.txt")
    [check] = fired(late, "late_publication")
    assert "2021-03-31" in check["message"] and "人民政府" in check["message"]


def test_townships_have_no_deadline_in_the_regulation(tmp_path):
    report = parse_text(tmp_path, signed("兴庆区月牙湖乡人民政府", 2020, "2021年6月1日"))
    assert report["published"] == "2021-06-01" and not fired(report, "late_publication")


# ---------------------------------------------------------------- two years of one agency


def two_years(tmp_path, first: str, second: str) -> dict[int, dict]:
    data = tmp_path / "data" / "reports"
    data.mkdir(parents=True)
    (data / "first.txt").write_text(first, encoding="utf-8")
    (data / "second.txt").write_text(second, encoding="utf-8")
    out = collect_reports(tmp_path / "data", None, jobs=1)
    assert out.failures == []
    return {r["year"]: r for r in out.reports}


AGENCY = "银川市兴庆区司法局"


def with_rules(in_force: int, issued: int = 0, repealed: int = 0) -> dict:
    values = consistent_values("2021")
    values.update({"proactive.normative_documents.in_force": in_force, "proactive.normative_documents.issued": issued,
                   "proactive.normative_documents.repealed": repealed})
    return values


@pytest.mark.slow
def test_proactive_carry(tmp_path):
    first = write_report(with_rules(10), agency=AGENCY, year=2022)
    years = two_years(tmp_path / "ok", first, write_report(with_rules(11, issued=2, repealed=1), agency=AGENCY, year=2023))
    assert years[2023]["values"]["proactive.normative_documents.in_force"] == 11
    assert not fired(years[2023], "proactive_carry") and not fired(years[2022], "proactive_carry")

    years = two_years(tmp_path / "bad", first, write_report(with_rules(12, issued=2, repealed=1), agency=AGENCY, year=2023))
    [check] = fired(years[2023], "proactive_carry")
    assert check["severity"] == "warning" and "proactive.normative_documents.in_force" in check["fields"]
    assert "规范性文件" in check["message"] and "应为 11" in check["message"] and "为 12 件" in check["message"]
    assert not fired(years[2022], "proactive_carry")


NARRATIVE = ("本机关坚持以公开为常态、不公开为例外，健全政府信息公开工作制度，明确专人负责信息发布和审核。"
             "全年通过门户网站专栏、政务新媒体和公开栏主动公开工作动态、部门文件和财政资金等群众关心的信息。"
             "严格执行信息发布前的保密审查，做到先审查、后公开，一事一审、全面审查。"
             "依申请公开工作按照法定程序和时限办理，建立办理台账，所有申请均按期答复。"
             "加强政务公开业务培训，组织工作人员学习政府信息公开条例，提升依法公开的能力和水平。")
FRESH = ("今年重点推进法治政府建设领域的信息公开，围绕公共法律服务体系建设发布办事指南和服务清单。"
         "全年组织法律援助进社区活动，通过线上平台回应群众关切，及时解读新出台的行政规范性文件。"
         "新建政务公开专区，为群众提供查阅政府信息的场所和设备，接受群众现场咨询和查询。"
         "进一步规范人民调解和社区矫正领域的信息发布，统一发布格式和审核流程，确保内容准确。"
         "下一步将围绕优化营商环境，持续完善公开目录，推动决策、执行、管理、服务、结果全过程公开。")


@pytest.mark.slow
def test_narrative_reuse(tmp_path):
    first = write_report(consistent_values("2021"), agency=AGENCY, year=2022, prose=NARRATIVE)
    years = two_years(tmp_path / "copied", first,
                      write_report(consistent_values("2021"), agency=AGENCY, year=2023, prose=NARRATIVE))
    [check] = fired(years[2023], "narrative_reuse")
    assert check["severity"] == "info" and "100%" in check["message"] and "2022" in check["message"]
    assert not fired(years[2022], "narrative_reuse")

    years = two_years(tmp_path / "fresh", first,
                      write_report(consistent_values("2021"), agency=AGENCY, year=2023, prose=FRESH))
    # Only part 五's one sentence is the same as last year: far below one half.
    assert not fired(years[2023], "narrative_reuse")


def test_township_names_as_printed_are_not_departments():
    from builder.check.law import late_publication

    for agency in ("盐池县王乐井乡", "城东区韵家口镇政府", "兴庆区月牙湖乡人民政府", "成都市武侯区簇桥街道办事处"):
        assert late_publication({"agency": agency, "year": 2020, "published": "2021-06-01"}) == [], agency
    [check] = late_publication({"agency": "浙江省交通运输厅", "year": 2023, "published": "2024-02-01"})
    assert "2024-01-31" in check["message"]
