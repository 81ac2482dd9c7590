"""What a report's text says in words about its own tables: the counts it states, and how.

Reports say how many requests they received (收到/受理…申请 N 件), how many they closed (办结 N 件),
and how many reconsiderations and lawsuits there were (行政复议 N 件, 无行政诉讼). The check
`prose_mismatch` (builder.check.prose) holds these to the table's cells.
"""

from __future__ import annotations

import re

_N = r"(\d+)(?:件|个|条|份|起|宗|次)"
# Words that make a number a change, not a count: 同比增加12件.
_CHANGE = r"(?!同比|较上年|比上年|较去年|增加|减少|增长|下降)"
_SPECIFIC = r"(?:涉及|因|关于)(?:本机关)?政府信息公开(?:工作)?(?:的|被申请)?"
# (what the text counts, its words, patterns in order of preference: a pattern without a group means none)
STATED = (
    ("received", "收到的政府信息公开申请", (
        rf"(?:收到|受理|新收|接收|接到)(?:和处理)?(?:政府信息公开|依申请公开|信息公开)?(?:政府信息)?申请{_CHANGE}"
        rf"(?:共|合计|总计|数量为?)?{_N}",
        rf"(?:收到|受理|新收|接收|接到)依申请公开(?:政府信息)?(?:申请)?{_CHANGE}(?:共)?{_N}",
        rf"(?:收到|受理)[^。；，,]{{0,8}}?(?:政府信息公开|依申请公开)申请{_CHANGE}[^。；，,\d增减]{{0,4}}{_N}",
        r"(?:未|没有)(?:收到|受理|接到)(?:过)?(?:任何)?(?:政府信息公开|依申请公开|信息公开)(?:的)?申请",
    )),
    ("processed", "办结的申请", (rf"办结(?:政府信息公开申请|申请)?{_CHANGE}(?:共)?{_N}",)),
    # A 司法局 handles reconsiderations for others: the count about its own disclosures is the one to compare.
    ("reconsideration", "行政复议", (
        rf"{_SPECIFIC}行政复议(?:申请|案件)?{_CHANGE}(?:共|合计)?{_N}",
        rf"行政复议(?:申请|案件)?{_CHANGE}(?:共|合计)?{_N}",
        r"(?:未|没有)(?:收到|发生|出现)[^。；]{0,24}?行政复议",
        r"无(?:政府信息公开)?行政复议",
    )),
    ("litigation", "行政诉讼", (
        rf"{_SPECIFIC}行政诉讼(?:案件)?{_CHANGE}(?:共|合计)?{_N}",
        rf"行政诉讼(?:案件)?{_CHANGE}(?:共|合计)?{_N}",
        r"(?:未|没有)(?:收到|发生|出现|提起)[^。；]{0,24}?行政诉讼",
        r"无(?:政府信息公开)?行政诉讼",
    )),
)
TABLE_FIELDS = {
    "received": ("requests.new_received.total",),
    # 收到申请269件（含上年结转1件）: the count takes in last year's too.
    "received_with_carried_over": ("requests.new_received.total", "requests.carried_over.total"),
    "processed": ("requests.total_processed.total",),
    "reconsideration": ("appeals.reconsideration.total",),
    "litigation": ("appeals.litigation_direct.total", "appeals.litigation_after_reconsideration.total"),
}
WITH_CARRIED_OVER = re.compile(r"^[（(]?(?:其中)?(?:含|包括)上年(?:度)?结转")
