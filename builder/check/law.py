"""Checks against the regulation and the previous year, beyond one table's arithmetic.

late_publication and empty_part look at one report; proactive_carry and
narrative_reuse compare two consecutive years of one agency (called from
builder.check.cross_year_checks for the whole dataset).
"""

from __future__ import annotations

import re
from datetime import date

from builder.check.result import make_check
from builder.check.settings import DEFAULT, CheckSettings
from builder.template.labels import EMPTY_PART_TEXTS
from builder.template.names import NOT_COUNTY_LEVEL, PEOPLES_GOVERNMENT

# 《中华人民共和国政府信息公开条例》（2019 年修订）第四十九条 (the deadlines; 第五十条 lists the
# contents): 县级以上人民政府部门 publish their own report by 31 January; the 政府信息公开工作主管部门
# of a 县级以上地方人民政府 publishes the government's own report by 31 March.
DEPARTMENT_DEADLINE = (1, 31)
GOVERNMENT_DEADLINE = (3, 31)
# 乡镇人民政府 and 街道办事处 are not 县级以上: the article sets them no deadline (their province
# may), so they are not checked rather than held to a date the law does not give.
_NOT_COUNTY_LEVEL = NOT_COUNTY_LEVEL  # "王乐井乡" too

# Part 五 printed but saying nothing.
EMPTY_TEXTS = EMPTY_PART_TEXTS

NARRATIVE_PARTS = ("overview", "proactive", "requests", "appeals", "problems", "other")
# The thresholds of narrative_reuse (MIN_SENTENCE_HANZI, MIN_NARRATIVE_CHARS, REUSE_SHARE, as they
# were) are CheckSettings'.
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_HANZI = re.compile(r"[\u4e00-\u9fff]")
_TABLE_LIKE = re.compile(r"\t|\d[\s\u3000]+\d")  # a table row that slipped into a part's text


def deadline_of(report: dict) -> tuple[date, str] | None:
    agency = (report.get("agency_normalized") or report.get("agency") or "").strip()
    if not agency or _NOT_COUNTY_LEVEL.search(agency):
        return None
    year = report["year"] + 1
    if agency.endswith(PEOPLES_GOVERNMENT):
        return date(year, *GOVERNMENT_DEADLINE), "县级以上地方人民政府的本级政府年度报告，次年 3 月 31 日前"
    return date(year, *DEPARTMENT_DEADLINE), "县级以上人民政府部门的年度报告，次年 1 月 31 日前"


def late_publication(report: dict) -> list[dict]:
    published, year = report.get("published"), report.get("year")
    if not published or not year:
        return []
    try:
        day = date.fromisoformat(str(published)[:10])
    except ValueError:
        return []
    deadline = deadline_of(report)
    if deadline is None or day <= deadline[0]:
        return []
    return [make_check("late_publication", [],
        f"发布日期 {day.isoformat()} 晚于《政府信息公开条例》第四十九条规定的期限 {deadline[0].isoformat()}"
        f"（按{deadline[1]}公布）。")]


def empty_part(parts: dict[str, str], found_parts: set[str]) -> list[dict]:
    """Part 五 printed but empty; a part not printed at all is missing_part's."""
    if "problems" not in found_parts:
        return []
    text = re.sub(r"\s+", "", parts.get("problems") or "")
    if text not in EMPTY_TEXTS:
        return []
    return [make_check("empty_part", [], f"第五部分“存在的主要问题及改进情况”没有内容（“{text or '空白'}”）。")]


def proactive_carry(previous: dict, report: dict) -> list[dict]:
    """2021 template: in force last year + issued − repealed = in force this year."""
    if previous["template"].get("proactive") != "2021" or report["template"].get("proactive") != "2021":
        return []
    out = []
    for row, row_zh in (("rules", "规章"), ("normative_documents", "规范性文件")):
        before = previous["values"].get(f"proactive.{row}.in_force")
        issued = report["values"].get(f"proactive.{row}.issued")
        repealed = report["values"].get(f"proactive.{row}.repealed")
        now = report["values"].get(f"proactive.{row}.in_force")
        if None in (before, issued, repealed, now) or before + issued - repealed == now:
            continue
        out.append(make_check("proactive_carry",
            [f"proactive.{row}.in_force", f"proactive.{row}.issued", f"proactive.{row}.repealed"],
            f"“{row_zh}”：{previous['year']} 年现行有效 {before} 件，加 {report['year']} 年制发 {issued} 件、"
            f"减废止 {repealed} 件应为 {before + issued - repealed} 件，但现行有效为 {now} 件。"))
    return out


def sentences(parts: dict[str, str], settings: CheckSettings = DEFAULT) -> list[str]:
    """The narrative's sentences worth comparing, whitespace removed."""
    out = []
    for key in NARRATIVE_PARTS:
        for piece in _SENTENCE_END.split(parts.get(key) or ""):
            if _TABLE_LIKE.search(piece):
                continue
            piece = re.sub(r"\s+", "", piece)
            if len(_HANZI.findall(piece)) >= settings.min_sentence_hanzi:
                out.append(piece)
    return out


def reuse_share(previous_parts: dict[str, str], parts: dict[str, str],
                settings: CheckSettings = DEFAULT) -> float | None:
    """Share of this year's narrative (by characters) repeated verbatim, sentence by sentence."""
    seen = set(sentences(previous_parts, settings))
    current = sentences(parts, settings)
    total = sum(map(len, current))
    if total < settings.min_narrative_chars:
        return None
    return sum(len(s) for s in current if s in seen) / total


def narrative_reuse(previous: dict, report: dict, settings: CheckSettings = DEFAULT) -> list[dict]:
    share = reuse_share(previous.get("parts") or {}, report.get("parts") or {}, settings)
    if share is None or share <= settings.reuse_share:
        return []
    return [make_check("narrative_reuse", [],
        f"正文约 {share:.0%} 的句子与 {previous['year']} 年度报告逐字相同（超过一半）。")]
