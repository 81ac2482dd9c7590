"""Text normalisation shared by the locator and the field mapper.

Reports print the same label in many ways: full-width or half-width
characters, spaces inside words (结 果), line breaks, numbering as （一）/(一)/一、
/1./1、. These functions reduce a label to what identifies it.
"""

from __future__ import annotations

import re
import unicodedata

from builder.template.numbers import NUMERALS_ZH

_SPACE = re.compile(r"\s+")
# Leading numbering: 一、 （一） (1) 1. 1、 1． ① — possibly several, possibly with spaces.
_NUMBERING = re.compile(rf"^(?:[（(]?[{NUMERALS_ZH}\d]{{1,3}}[)）]?[、.．,，:：\s]*|[①②③④⑤⑥⑦⑧⑨⑩])+")
_PUNCT = re.compile(r"[\s\"'“”‘’「」『』《》〈〉()（）\[\]【】、,，.。．;；:：!！?？·•_\-—–－~～/／|*#]+")


def compact(text: str) -> str:
    """NFKC (full-width → half-width) with all whitespace removed."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def label_key(text: str) -> str:
    """What identifies a label: compacted, numbering and punctuation removed."""
    text = compact(text)
    text = _NUMBERING.sub("", text)
    return _PUNCT.sub("", text)


def numbering(text: str) -> str:
    """The leading numbering of a label (e.g. '1.' or '（三）'), compacted; '' if none."""
    text = compact(text)
    match = _NUMBERING.match(text)
    return match.group(0) if match else ""


_ITEM = re.compile(r"^[（(]?(\d{1,2})[)）]?[.．、,，]|^[（(](\d{1,2})[)）]|^([①②③④⑤⑥⑦⑧⑨⑩])")


def item_number(text: str) -> int | None:
    """The Arabic item number a label starts with: 2 for "2.其他…", "2、", "（2）", "②"; else None."""
    line = unicodedata.normalize("NFKC", (text or "").strip()).replace(" ", "")
    match = _ITEM.match(line)
    if not match:
        return None
    if match.group(3):
        return "①②③④⑤⑥⑦⑧⑨⑩".index(match.group(3)) + 1
    return int(match.group(1) or match.group(2))
