"""Text normalisation shared by the locator and the field mapper.

Reports print the same label in many ways: full-width or half-width
characters, spaces inside words (结 果), line breaks, numbering as （一）/(一)/一、
/1./1、. These functions reduce a label to what identifies it; ``visible`` drops the
characters a reader cannot see (a zero-width space inside an agency's name).
"""

from __future__ import annotations

import re
import unicodedata

from builder.template.numbers import NUMERALS_ZH

_SPACE = re.compile(r"\s+")
# Unicode's format characters (category Cf, Unicode 14 as in Python 3.11's unicodedata; a test compares this
# class with unicodedata's): the stdlib's re has no \p{Cf}, and finding them through unicodedata at import
# (1.1 million code points) would cost ~0.15 s in every process.
_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")
# Leading numbering: 一、 （一） (1) 1. 1、 1． ① — possibly several, possibly with spaces.
_NUMBERING = re.compile(rf"^(?:[（(]?[{NUMERALS_ZH}\d]{{1,3}}[)）]?[、.．,，:：\s]*|[①②③④⑤⑥⑦⑧⑨⑩])+")
_PUNCT = re.compile(r"[\s\"'“”‘’「」『』《》〈〉()（）\[\]【】、,，.。．;；:：!！?？·•_\-—–－~～/／|*#]+")


def squeeze(text: str) -> str:
    """NFKC (full-width → half-width) with all whitespace removed: a name as the report printed it, spaces
    aside (an agency's printed name keeps a zero-width space inside it)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def compact(text: str) -> str:
    """squeeze() without the invisible characters: what labels, headings and patterns are matched on
    (主动公开 with a zero-width space inside it is 主动公开)."""
    return _INVISIBLE.sub("", squeeze(text))


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


def invisible(ch: str) -> bool:
    """A format character (Unicode category Cf): printed in the file, shown as nothing or nearly nothing.
    U+200B zero-width space, U+200C/U+200D zero-width (non-)joiner, U+2060 word joiner, U+FEFF (a BOM
    inside the text), U+00AD soft hyphen, the bidi marks, embeddings, overrides and isolates …"""
    return _INVISIBLE.fullmatch(ch) is not None


def has_invisible(text: str | None) -> bool:
    return _INVISIBLE.search(text or "") is not None


def visible(text: str | None) -> str:
    """The text without its invisible characters: what a reader sees, and what finds it (淮安市清江浦区 U+200B 人民政府
    looks like, and is, 淮安市清江浦区人民政府). The record keeps what was printed; names, keys and pages are
    made from this."""
    return _INVISIBLE.sub("", text or "")
