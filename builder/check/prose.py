"""`prose_mismatch`: the counts the text states against the tables.

Reports say in words how many requests they received (收到/受理…申请 N 件), how
many they closed (办结 N 件), and how many reconsiderations and lawsuits there
were (行政复议 N 件, 无行政诉讼). Where the text states a count and the table's
cell is known, the two must agree.
"""

from __future__ import annotations

import re

from builder.check.result import make_check
from builder.template.prose import STATED, TABLE_FIELDS, WITH_CARRIED_OVER
from builder.textnorm import compact

__all__ = ["STATED", "TABLE_FIELDS", "prose_checks", "stated_counts"]


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
            if name == "received" and WITH_CARRIED_OVER.match(text[match.end():]):
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
