"""`prose_mismatch`: the counts the text states against the tables.

Reports say in words how many requests they received (收到/受理…申请 N 件), how
many they closed (办结 N 件), and how many reconsiderations and lawsuits there
were (行政复议 N 件, 无行政诉讼). Where the text states a count and the table's
cell is known, the two must agree.
"""

from __future__ import annotations

import re

from builder.check.result import make_check
from builder.textnorm import compact

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
_WITH_CARRIED_OVER = re.compile(r"^[（(]?(?:其中)?(?:含|包括)上年(?:度)?结转")


def stated_counts(paragraphs: list[str]) -> dict[str, tuple[int, str]]:
    """What the text states: count name → (number, the words that state it). For each count the
    most specific pattern that matches anywhere wins, at its first place."""
    text = "\n".join(compact(p) for p in paragraphs)
    found: dict[str, tuple[int, str]] = {}
    for name, _zh, patterns in STATED:
        for pattern in patterns:
            match = re.search(pattern, text)
            if match is None:
                continue
            number = int(match.group(1)) if match.groups() else 0
            if name == "received" and _WITH_CARRIED_OVER.match(text[match.end():]):
                found["received_with_carried_over"] = (number, match.group(0))
            else:
                found[name] = (number, match.group(0))
            break
    return found


def prose_checks(paragraphs: list[str], values: dict) -> list[dict]:
    out = []
    for name, (number, words) in stated_counts(paragraphs).items():
        fields = TABLE_FIELDS[name]
        cells = [values.get(f) for f in fields]
        if any(c is None for c in cells):
            continue
        in_table = sum(cells)
        if in_table != number:
            zh = next(s[1] for s in STATED if name.startswith(s[0]))
            out.append(make_check("prose_mismatch", fields,
                                  f"正文称“{words}”（{zh} {number} 件），但表格中为 {in_table:g} 件。"))
    return out
