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
# (what the text counts, patterns giving the number, patterns meaning none)
STATED = (
    ("received", "收到的政府信息公开申请",
     (rf"(?:收到|受理|新收|接收|接到)(?:和处理)?(?:政府信息公开|依申请公开|信息公开)?(?:政府信息)?申请(?:共|合计|总计|数量为?)?{_N}",
      rf"(?:收到|受理|新收|接收|接到)依申请公开(?:政府信息)?(?:申请)?(?:共)?{_N}",
      rf"(?:收到|受理)[^。；，,]{{0,8}}?(?:政府信息公开|依申请公开)申请[^。；，,\d]{{0,4}}{_N}"),
     (r"(?:未|没有)(?:收到|受理|接到)(?:过)?(?:任何)?(?:政府信息公开|依申请公开|信息公开)(?:的)?申请",)),
    ("processed", "办结的申请",
     (rf"办结(?:政府信息公开申请|申请)?(?:共)?{_N}",),
     ()),
    ("reconsideration", "行政复议",
     (rf"行政复议(?:申请|案件)?(?:共|合计)?{_N}",),
     (r"(?:未|没有)(?:收到|发生|出现)[^。；]{0,24}?行政复议", r"无(?:政府信息公开)?行政复议")),
    ("litigation", "行政诉讼",
     (rf"行政诉讼(?:案件)?(?:共|合计)?{_N}",),
     (r"(?:未|没有)(?:收到|发生|出现|提起)[^。；]{0,24}?行政诉讼", r"无(?:政府信息公开)?行政诉讼")),
)
TABLE_FIELDS = {
    "received": ("requests.new_received.total",),
    "processed": ("requests.total_processed.total",),
    "reconsideration": ("appeals.reconsideration.total",),
    "litigation": ("appeals.litigation_direct.total", "appeals.litigation_after_reconsideration.total"),
}


def stated_counts(paragraphs: list[str]) -> dict[str, tuple[int, str]]:
    """What the text states: count name → (number, the words that state it)."""
    found: dict[str, tuple[int, str]] = {}
    for paragraph in paragraphs:
        text = compact(paragraph)
        for name, _zh, number_patterns, none_patterns in STATED:
            if name in found:
                continue
            hits = [m for p in number_patterns if (m := re.search(p, text))]
            hits += [m for p in none_patterns if (m := re.search(p, text))]
            if hits:
                first = min(hits, key=lambda m: m.start())
                number = int(first.group(1)) if first.groups() else 0
                found[name] = (number, first.group(0))
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
            zh = next(s[1] for s in STATED if s[0] == name)
            out.append(make_check("prose_mismatch", fields,
                                  f"正文称“{words}”（{zh} {number} 件），但表格中为 {in_table:g} 件。"))
    return out
