"""Words of the template that are not a table's field labels: what marks each table, the subtotal
words reports add, part headings, the short names of tables and rows in messages, the outcome
groups and key figures pages show. Derived from the template's rows where the words are theirs.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from builder.template import (
    APPEAL_GROUPS,
    APPEAL_GROUPS_ZH,
    APPLICANT_COLUMN_WORDS,
    APPLICANTS_HEADING_ZH,
    PROACTIVE_LABEL_HEADING_ZH,
    PROACTIVE_ROWS,
    PROACTIVE_VARIANT_MARKERS,
    REQUEST_GROUPS,
    REQUEST_ROW,
    REQUEST_ROWS,
)
from builder.template.numbers import NUMERALS_ZH

# ---------------------------------------------------------------- part headings

# 一、总体情况 / （二）主动公开… / 第三部分 …: the numeral of a part heading is group 1 or group 2.
PART_HEADING = re.compile(rf"^(?:[（(]?([{NUMERALS_ZH}])[)）]?[、.．,，:：\s]|第([{NUMERALS_ZH}])部分[、.．,，:：\s]?)")
# 一、 at the start of a line: a part heading in a spreadsheet's one-cell row (not a label spanning the table).
PART_NUMBERING = re.compile(rf"^\s*[{NUMERALS_ZH}]{{1,3}}\s*[、.．]")

# ---------------------------------------------------------------- which table a row belongs to

# 第二十条 heads the proactive table's sections (第二十条第（一）项); the first column heading of
# each variant's first section, and of the 2019 licensing section, name the table too.
_PROACTIVE_HEADINGS = ("第二十条", PROACTIVE_LABEL_HEADING_ZH, PROACTIVE_VARIANT_MARKERS["2021"][0],
                       PROACTIVE_VARIANT_MARKERS["2019"][0], PROACTIVE_VARIANT_MARKERS["2019"][3])
# The requests table's rows as abbreviated tables print them (本年新收 for 本年新收政府信息公开申请数量),
# and the 勾稽关系 note printed under it.
_REQUEST_SHORT_LABELS = ("本年新收", "上年结转", "部分公开", "结转下年度", "法人或其他组织", "国家秘密", "勾稽关系")
# Words that mark a table row as belonging to one of the three tables (a row scores one per word it holds).
TABLE_MARKERS = {
    "proactive": (*_PROACTIVE_HEADINGS, *(row.labels[0] for row in PROACTIVE_ROWS)),
    "requests": (*_REQUEST_SHORT_LABELS, REQUEST_ROW["granted"].label, REQUEST_ROW["rejected_duplicate"].label,
                 *REQUEST_GROUPS[1:], APPLICANT_COLUMN_WORDS["natural_person"], APPLICANTS_HEADING_ZH),
    # 其他结果 and 总计 are left out: other tables print them too.
    "appeals": ("行政复议", "行政诉讼", "结果维持", "结果纠正", "尚未审结", "直接起诉", "复议后起诉"),
}

# ---------------------------------------------------------------- words reports add to the tables

# A subtotal a report adds (the organisations' 合计), not a template row or column.
SUBTOTAL_WORDS = ("合计", "小计")
# Labels that start a row the template lacks (其中：通过网络申请, a 合计 line).
EXTRA_ROW_PREFIXES = ("其中", *SUBTOTAL_WORDS)
# The proactive table's section headings: the label column's heading, or 第二十条第（X）项.
PROACTIVE_SECTION_WORDS = (PROACTIVE_LABEL_HEADING_ZH, "项")
# Part 五 printed but saying nothing.
EMPTY_PART_TEXTS = frozenset({"", "无", "无。", "暂无", "暂无。", "没有", "没有。"})
# A money heading in 万元: the section's amounts are in ten thousand yuan.
TEN_THOUSAND_YUAN = "万元"
# （六）其他处理: a heading in 2021 (three rows under it), a row of its own in 2019.
OTHER_HANDLING_ZH = REQUEST_GROUPS[-1]

# ---------------------------------------------------------------- names in messages

TABLE_NAMES_ZH = {"proactive": "主动公开情况表", "requests": "依申请公开情况表", "appeals": "行政复议、行政诉讼情况表"}
# A body's level (builder.metadata.LEVELS) as pages and the workbook show it; None: not known.
LEVEL_ZH = {"province": "省级", "city": "地市级", "county": "县级", "township": "乡镇级", None: "未知"}
# A body's kind as the 同级比较 peer groups (builder.pages.peers) and the rankings (builder.pages.rankings)
# name it: a people's government (or a township's, a street's office, a zone's committee), or a department.
GOVERNMENT_ZH = {True: "政府", False: "部门"}
# The kinds the rankings list apart (builder.pages.peers.body_kind: "<level>-gov" / "<level>-dept", the
# level "unknown" when not known), in the order the pages show them: governments by level, then departments.
BODY_KINDS_ZH = {
    **{f"{level or 'unknown'}-gov": (f"{LEVEL_ZH[level]}{GOVERNMENT_ZH[True]}" if level else "层级未知的政府")
       for level in ("province", "city", "county", "township", None)},
    **{f"{level or 'unknown'}-dept": (f"{LEVEL_ZH[level]}{GOVERNMENT_ZH[False]}" if level else "层级未知的部门")
       for level in ("province", "city", "county", "township", None)},
}
# What every ranking says of whom it compares.
RANKING_KINDS_NOTE_ZH = ("各排名只比较同类机构：人民政府（含乡镇政府、街道办事处、管委会）与政府部门分开，"
                         "省级、地市级、县级、乡镇级也分开，每类一张表（分法与机构页的同级比较相同）。")
# A yes/no cell (a boolean column of the downloads) as the workbook shows it: True → 是, False → 否.
YES_NO_ZH = {True: "是", False: "否"}
# Short names of the requests rows whose template label is long (the others go by their label).
REQUEST_ROW_SHORT_ZH = {
    "new_received": "本年新收", "carried_over": "上年结转", "total_processed": "办理结果总计",
    "carried_forward": "结转下年度",
}
# The requests table's column heads in a narrow print (render.py), in APPLICANT_COLUMNS order.
APPLICANT_COLUMNS_SHORT_ZH = tuple(APPLICANT_COLUMN_WORDS.values())

# ---------------------------------------------------------------- figures derived from the values


class OutcomeGroup(NamedTuple):
    key: str
    label: str
    rows: tuple[str, ...]  # request row keys summed


def _rows_under(group: str) -> tuple[str, ...]:
    return tuple(r.key for r in REQUEST_ROWS if r.group == group)


# How requests were handled: the template's five result groups plus 其他处理.
OUTCOME_GROUPS = (
    OutcomeGroup("granted", REQUEST_ROW["granted"].label, ("granted",)),
    OutcomeGroup("partially_granted", "部分公开", ("partially_granted",)),
    OutcomeGroup("withheld", REQUEST_GROUPS[1], _rows_under(REQUEST_GROUPS[1])),
    OutcomeGroup("unavailable", REQUEST_GROUPS[2], _rows_under(REQUEST_GROUPS[2])),
    OutcomeGroup("rejected", REQUEST_GROUPS[3], _rows_under(REQUEST_GROUPS[3])),
    OutcomeGroup("other", OTHER_HANDLING_ZH, ("other", *_rows_under(OTHER_HANDLING_ZH))),
)


class KeyFigure(NamedTuple):
    key: str
    label: str
    fields: tuple[str, ...]  # summed: None when all are blank, blanks count 0 otherwise


_LITIGATION = APPEAL_GROUPS[1:]
KEY_FIGURES = (
    KeyFigure("received", "新收申请", ("requests.new_received.total",)),
    KeyFigure("carried_over", "上年结转", ("requests.carried_over.total",)),
    KeyFigure("processed", "办理总计", ("requests.total_processed.total",)),
    KeyFigure("carried_forward", "结转下年度", ("requests.carried_forward.total",)),
    KeyFigure("reconsideration", APPEAL_GROUPS_ZH[0], ("appeals.reconsideration.total",)),
    KeyFigure("reconsideration_corrected", "复议结果纠正", ("appeals.reconsideration.corrected",)),
    KeyFigure("litigation", "行政诉讼", tuple(f"appeals.{g}.total" for g in _LITIGATION)),
    KeyFigure("litigation_corrected", "诉讼结果纠正", tuple(f"appeals.{g}.corrected" for g in _LITIGATION)),
)
KEY_FIGURE = {figure.key: figure for figure in KEY_FIGURES}
# The figures a reviewer looks at first (builder.contribute's summary): (label, field ids summed).
REVIEW_FIGURES = tuple(
    (f"{figure.label} {figure.key}", figure.fields)
    for figure in (KEY_FIGURE["received"], KEY_FIGURE["processed"],
                   KeyFigure("granted", OUTCOME_GROUPS[0].label, ("requests.granted.total",)),
                   KEY_FIGURE["reconsideration"], KEY_FIGURE["litigation"]))


# ---------------------------------------------------------------- charts (polish helper)
# The appeal groups as a chart's axis labels: short enough that a 390 px phone keeps room for the
# bars and the legend; the full names (APPEAL_GROUPS_ZH) are in the tooltip and the data view.
APPEAL_GROUPS_SHORT_ZH = ("行政复议", "直接起诉", "复议后起诉")
# The trend chart's two panels: counts of requests (hundreds, thousands) and of appeals (a few), each
# on its own axis so the smaller ones are not flattened at 0.
TREND_PANELS_ZH = (("申请", {"received": "本年新收申请", "processed": "办理总计"}),
                   ("复议和诉讼", {"reconsideration": "行政复议", "litigation": "行政诉讼"}))


# ---------------------------------------------------------------- the agency page's labels (agency, issue 10)

# fields.csv's row label of requests.other carries a note for whoever maps reports onto it
# ("（单行，2019 版；2021 版报告若仍用单行也记在此）"); a page and a citation print the template's own
# label, and the note, for readers, beneath the table. Row (table.row) → (label as printed, note).
PRINTED_ROW_LABELS = {
    "requests.other": (f"三、（六）{OTHER_HANDLING_ZH}",
                       f"2019 版模板中“（六）{OTHER_HANDLING_ZH}”为一行；2021 版报告若仍印为一行，也记在这一行。"),
}


def printed_row_label(field_id: str, row_zh: str) -> str:
    """The row's label as the template prints it (fields.csv's row_zh unless it carries a note)."""
    table, row, _column = field_id.split(".")
    hit = PRINTED_ROW_LABELS.get(f"{table}.{row}")
    return hit[0] if hit else row_zh


# A text report's place as builder/pages/provenance.py prints it ("第 120 行"): the agency page's tables
# count a row's line from the nearest row above that says it (builder/pages/tables.py, assets/cite.js).
TEXT_LINE_PLACE = re.compile(r"第 (\d+) 行")
