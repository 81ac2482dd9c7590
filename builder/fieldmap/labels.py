"""Match a printed row label to the template's row, tolerating what real reports do to labels.

Labels arrive with typos and dropped characters (其他法律行政止公开), spaces and
line breaks inside words, and different numbering. We compare the label's key
(see builder.textnorm.label_key) with each template label by edit-distance
similarity (rapidfuzz), and accept the best match only when it is clearly good.
A printed item number (the 8 of 8.属于行政查询事项) must agree with the row's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from builder.template import PROACTIVE_ROWS, REQUEST_GROUPS, REQUEST_ROWS
from builder.template.labels import OTHER_HANDLING_ZH
from builder.template.numbers import NUMERALS_ZH
from builder.textnorm import item_number, label_key

# The key of the 其他处理 heading (a row of its own in 2019, a heading over three rows in 2021).
OTHER_GROUP_KEY = f"group:{OTHER_HANDLING_ZH}"
# How similar (0–100) a label must be to count as the template's label.
MIN_SCORE = 72


@dataclass(frozen=True)
class Match:
    key: str  # row key, or "group:<name>" for a heading inside the table
    score: float


def _similarity(label: str, target: str) -> float:
    if label == target:
        return 100.0
    score = fuzz.ratio(label, target)
    # A label printed shorter than the template's (部分公开 for the full 部分公开（区分处理的…）):
    # compare the overlapping part, when it is long enough to mean something. Not for a label much
    # longer than the target: a row label that merely contains a heading's words is not that heading.
    if min(len(label), len(target)) >= 4 and len(label) <= len(target) * 1.3:
        score = max(score, fuzz.partial_ratio(label, target) - 8)
    return score


def resemblance(label: str, target: str) -> float:
    """How much a label resembles a template label (0–100), however weakly."""
    return _similarity(label_key(label), label_key(target))


def _numbered(score: float, key: str, item: int | None, name: str) -> float:
    """"2.其他" is not "3.其他": a printed item number rules out the rows numbered otherwise — unless
    the words are the row's own words in full (1.重复申请 is a misnumbered 2.重复申请)."""
    if item is None or _ITEMS.get(name) in (None, item):
        return score
    return score - 20 if score == 100 and len(key) >= 4 else 0


def _best(label: str, candidates: list[tuple[str, str]]) -> Match | None:
    key = label_key(label)
    if not key:
        return None
    item = item_number(label)
    scored = sorted(((_numbered(_similarity(key, target), key, item, name), name) for name, target in candidates),
                    reverse=True)
    if item is not None and len(key) >= 2 and (not scored or scored[0][0] < MIN_SCORE):
        # The start of a label cut off by a page break (7．属于…): its number and first words name one row.
        starting = [name for name, target in candidates if _ITEMS.get(name) == item and target.startswith(key)]
        if len(starting) == 1:
            return Match(starting[0], MIN_SCORE)
    if not scored or scored[0][0] < MIN_SCORE:
        return None
    return Match(scored[0][1], scored[0][0])


_REQUEST_CANDIDATES = [(row.key, label_key(row.label)) for row in REQUEST_ROWS] + [
    (f"group:{g}", label_key(g)) for g in REQUEST_GROUPS
    if label_key(g) not in {label_key(row.label) for row in REQUEST_ROWS}  # （六）其他处理 is also a row
]
_ITEM_NUMERALS = NUMERALS_ZH[:7]  # the requests table numbers its results （一） to （七）
EMBEDDED_ITEM = re.compile(
    rf"(?<=[\u4e00-\u9fff）)\s])\s*((?:\d{{1,2}}\s*[.．、]|[（(][{_ITEM_NUMERALS}][)）])(?:(?![（(][{_ITEM_NUMERALS}][)）]|\d{{1,2}}\s*[.．、]).)*)$",
    re.S)
_ITEMS = {row.key: row.item for row in REQUEST_ROWS if row.item is not None}
_REQUEST_ROW_CANDIDATES = [(key, target) for key, target in _REQUEST_CANDIDATES if not key.startswith("group:")]
_PROACTIVE_CANDIDATES = [(row.key, label_key(label)) for row in PROACTIVE_ROWS for label in row.labels]


def match_request_label(labels: list[str]) -> Match | None:
    """The requests row (or in-table heading) that a row's labels name.

    The last label is the most specific (三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密);
    when it says nothing clear, the labels joined may (a label broken over cells).
    """
    # Cached: the requests mapper asks about the same labels several times (alone, as fragments, as headings).
    return _match_request_label(tuple(labels))


@lru_cache(maxsize=4096)
def _match_request_label(labels: tuple[str, ...]) -> Match | None:
    if not labels:
        return None
    best = _best(labels[-1], _REQUEST_CANDIDATES)
    if best is not None and best.score >= 90:
        return best
    # A heading and its item in one cell (（三）不予公开 1.属于国家秘密, 年度办 （二）部分公开): the
    # label starts at the last numbering in it.
    item = EMBEDDED_ITEM.search(labels[-1])
    if item:
        tail = _best(item.group(1), _REQUEST_ROW_CANDIDATES)
        if tail is not None and (best is None or tail.score > best.score):
            best = tail
    for joined in ("".join(labels[-2:]), "".join(labels)) if len(labels) > 1 else ():
        match = _best(joined, _REQUEST_ROW_CANDIDATES)
        if match is not None and (best is None or match.score > best.score):
            best = match
    return best


def match_proactive_label(labels: list[str]) -> Match | None:
    if not labels:
        return None
    return _best(labels[-1], _PROACTIVE_CANDIDATES) or _best("".join(labels), _PROACTIVE_CANDIDATES)
