"""How a report prints a number: the one grammar readers and the field mapper share.

A value cell prints digits (half- or full-width: 35 / ３５), perhaps a sign, thousands separators
(1,234 / 1，234), a decimal point (35.6 / ３５．６), a footnote mark after the digits (121① / 5*),
and a unit (3家 / 35.6万元 / 12人次); or it prints a blank (/, —, 无 …), which is null, never 0.
Readers match `NUMBER_TEXT` (or `VALUE_TEXT`, `NUMBER_OR_PERCENT_TEXT`) to tell a value cell from a
label while laying out a table; the field mapper parses the cell (builder.fieldmap.cells.read_cell)
with `NUMBER` after normalising it (NFKC, footnote dropped). Both use the units, digits and marks below, so "3家" is a number to all.
"""

from __future__ import annotations

import re

# Units a count or an amount may print after its digits (longest first, so 万元 wins over 元, 人次 over 次).
UNITS = ("万元", "人次", "元", "件", "条", "个", "项", "次", "家")
_UNIT = "|".join(UNITS)
# A footnote mark after a number (121①, 5*): not a digit, though NFKC would make ① a 1.
FOOTNOTE_MARKS = "*＊※†‡①-⑳⁰¹²³⁴⁵⁶⁷⁸⁹"
FOOTNOTE = re.compile(rf"(?<=[\d０-９])[{FOOTNOTE_MARKS}]+$")

# What a blank cell may print. They become null, never 0.
BLANK_MARKS = ("/", "／", "\\", "-", "--", "—", "——", "–", "－")
BLANK_WORDS = ("无", "空", "null", "none", "n/a")
NULL_TOKENS = frozenset({"", "\u3000", *BLANK_MARKS, *BLANK_WORDS})
# Any run of dashes or underscores is a blank too (____ for an unfilled cell).
DASHES = re.compile(r"^[\-—–－_]+$")

# A number as a cell prints it, before normalisation: full-width digits and separators allowed,
# a loose thousands grouping (1,2345 still looks like a number; the mapper then calls it bad).
_DIGIT = r"[\d０-９]"
_PRINTED = rf"[+\-]?{_DIGIT}[\d０-９,，]*(?:[.．]{_DIGIT}+)?"
_BLANK_MARK = "|".join(re.escape(m) for m in sorted(BLANK_MARKS, key=len, reverse=True))
NUMBER_TEXT = re.compile(rf"^{_PRINTED}[{FOOTNOTE_MARKS}]*\s*(?:{_UNIT})?$")
# A number or a blank mark: a value cell, not a label, to a reader splitting a line of text into cells.
VALUE_TEXT = re.compile(rf"^{_PRINTED}[{FOOTNOTE_MARKS}]*\s*(?:{_UNIT})?$|^(?:{_BLANK_MARK})$")
# A number or a percentage: what a PDF's layout takes for a value column (a remarks column prints
# 增长3.9%); the mapper then reads a percentage as no count.
NUMBER_OR_PERCENT_TEXT = re.compile(rf"^{_PRINTED}[{FOOTNOTE_MARKS}]*\s*(?:{_UNIT}|[%％])?$")

# A number after normalisation (NFKC, "，" → ",", spaces and footnote dropped): what the mapper parses.
# Thousands separators must group by three here; anything else is a bad number, not a guess.
NUMBER = re.compile(rf"^(?P<sign>[+\-]?)(?P<digits>\d{{1,3}}(?:,\d{{3}})+|\d+)(?P<frac>\.\d+)?(?P<unit>{_UNIT})?$")
# 本年增/减 in words: 增加3 / 减少3 (a count field then rejects the negative as not a count).
CHANGE_WORDS = ("增加", "增长", "新增", "增", "减少", "下降", "减")
DECREASE_WORDS = ("减", "下")  # how a word of CHANGE_WORDS that means "fewer" begins
CHANGE = re.compile(rf"^({'|'.join(CHANGE_WORDS)})(\d[\d,.]*)")

# "- 3 -", "—3—", "第 3 页", "第3页 共6页": page numbers, not content.
PAGE_NUMBER_TEXT = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[/，,]?\s*共\s*\d{1,3}\s*页)?)\s*$")

# Chinese numerals as a report numbers its parts and headings (一、 （二） 第三部分).
NUMERALS_ZH = "一二三四五六七八九十"

