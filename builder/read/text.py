"""Plain-text and Markdown reports: text dumps of Word files and web pages.

Their tables survive in three shapes, all seen in real dumps:

* tab-separated rows, one table row a line (possibly broken over several lines);
* one cell a line: each cell on its own line starting with a tab, rows
  separated by an empty line (what Word's "save as text" does to tables);
* space-separated rows, a label followed by its numbers (text copied from a PDF).

Markdown pipe tables are read too. Stray markup is dropped: HTML layout tags (by name: other
tag-like text is what the report printed, and stays), Word bookmarks, Markdown emphasis and heading marks.

Every regex here runs in time linear in its line (no nested or adjacent
quantifiers over the same characters), lines are cut at LIMITS.line_chars, and
the file's size is bounded (builder.read.limits).
"""

from __future__ import annotations

import re
from pathlib import Path

from builder.errors import ReportError
from builder.read.document import Document, Paragraph, Table, Where
from builder.read.encoding import decode, has_bom
from builder.read.html import html_blocks
from builder.read.limits import LIMITS, refuse
from builder.template.numbers import VALUE_TEXT

# Layout markup a text dump carries (formatting and table tags left by a copy from a web page or Word: the
# seeds hold <b>…</b>), dropped by name; any other tag-like text is what the report printed (a page quoting
# "<script>", "<条例>") and stays in the record, escaped where the pages write it.
_LAYOUT_TAGS = ("b|i|u|s|em|strong|big|small|sup|sub|font|span|div|p|br|hr|center|a|tr|td|th|tbody|thead|tfoot"
                "|caption|col|colgroup|table|img|ul|ol|li|dl|dt|dd|h[1-6]|pre|blockquote|nobr|o:p|v:[a-z]+|w:[a-z]+"
                "|st[0-9]:[a-z]+")  # (st1:…: Word's smart tags round dates and places, kept in HTML it saves)
_TAG = re.compile(rf"</?(?:{_LAYOUT_TAGS})(?![\w:-])[^<>]{{0,80}}>", re.I)
# Neither a bookmark nor an autolink holds its own opening bracket: excluding it keeps an unclosed
# one from being scanned to the end of the line once per opening (CommonMark's autolinks exclude < too).
_BOOKMARK = re.compile(r"\[bookmark:[^\[\]]*\]")
_AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_EMPHASIS = re.compile(r"\*\*|__")
# |---|:---:| … ; each run of spaces has one quantifier that can take it (\s*\|?\s* had two: quadratic
# backtracking on a long line of spaces).
_PIPE_SEPARATOR = re.compile(r"^\s*(?:\|\s*)?:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*(?:\|\s*)?$")
_DASH_ROW = re.compile(r"^[\s\t\-—|:]+$")
# A number as a cell may print it: 1,234 / ３５.６ / 35.6万元 / -2 / "/" (the template's number grammar).
_NUMBERISH = VALUE_TEXT


def clean_line(line: str) -> str:
    line = _AUTOLINK.sub(r"\1", line)
    line = _BOOKMARK.sub("", line)
    line = _TAG.sub("", line)
    line = _HEADING.sub("", line)
    line = _EMPHASIS.sub("", line)
    return line.replace("\f", "").replace("\u00a0", " ").rstrip("\r\n ")


def read_text(path: Path) -> Document:
    size = path.stat().st_size
    if size > LIMITS.text_bytes:
        raise refuse("文本文件", "text file", size, LIMITS.text_bytes)
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not has_bom(data):  # UTF-16 text has NULs, and says so with a BOM
        raise ReportError("这不是文本文件 not a text file (binary content)")
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.count("\n") + 1
    if lines > LIMITS.document_lines:  # refused before any line is cleaned or split
        raise refuse("文本行数", "text lines", lines, LIMITS.document_lines)
    blocks = []
    first_line = 1  # of the part, in the file
    # Markdown may carry tables as raw HTML: those parts go to the HTML reader, the rest is text.
    for i, part in enumerate(split_html_tables(text)):
        blocks.extend(html_blocks(part) if i % 2 else _text_blocks(part, first_line))
        first_line += part.count("\n")
    return Document(blocks=blocks, format=path.suffix.lower().lstrip(".") or "txt", pages=1)


_TABLE_OPEN = re.compile(r"<table\b", re.I)
_TABLE_CLOSE = re.compile(r"</table>", re.I)


def split_html_tables(text: str) -> list[str]:
    """Text, table, text, table, … text: each table from a <table to the first </table> after it.

    What re.split(r"(<table\\b.*?</table>)", re.I | re.S) gives, in one pass: that regex scans
    to the end of the text from every <table that is never closed (minutes on a file of them).
    """
    parts, start = [], 0
    for opening in _TABLE_OPEN.finditer(text):
        if opening.start() < start:
            continue  # inside the table just taken
        closing = _TABLE_CLOSE.search(text, opening.end())
        if closing is None:
            break  # no </table> after this one, so none after any later one either
        parts += [text[start:opening.start()], text[opening.start():closing.end()]]
        start = closing.end()
    return [*parts, text[start:]]


def _bounded_lines(text: str, first_line: int = 1) -> tuple[list[str], list[int]]:
    """The text's lines, a line longer than LIMITS.line_chars cut into pieces of that length; and
    the line number (in the file) of each."""
    step = LIMITS.line_chars
    lines, numbers = [], []
    for n, line in enumerate(text.split("\n"), start=first_line):
        for i in range(0, max(len(line), 1), step):
            lines.append(line[i:i + step])
            numbers.append(n)
    return lines, numbers


# A line's place: its line number, or (a row gathered from one cell a line) each tab-separated cell's.
LinePlace = int | list[int]


def _text_blocks(text: str, first_line: int = 1) -> list:
    bounded, numbers = _bounded_lines(text, first_line)
    lines, places = _gather_plain_cells([clean_line(line) for line in bounded], numbers)
    return (_blocks_cell_per_line(lines, places) if _cell_per_line(lines)
            else _blocks_row_per_line(lines, places))


def _gather_plain_cells(lines: list[str], numbers: list[int]) -> tuple[list[str], list[LinePlace]]:
    """A table copied out of a web page one cell a line, without tabs: each label line and the
    numbers on the lines after it become one tab-separated row.

    Only in a text that is mostly like that (20 or more lines that are a lone number): in an
    ordinary report a lone number on a line is a page number.
    """
    lone = [bool(_NUMBERISH.match(ln.strip())) and "\t" not in ln for ln in lines]
    if sum(lone) < 20:
        return lines, list(numbers)
    out: list[str] = []
    places: list[LinePlace] = []
    i = 0
    while i < len(lines):
        if not lone[i]:
            out.append(lines[i])
            places.append(numbers[i])
            i += 1
            continue
        values, at = [], []
        while i < len(lines) and (lone[i] or not lines[i].strip()):
            if lone[i]:
                values.append(lines[i].strip())
                at.append(numbers[i])
            i += 1
        # The label is the last non-blank line before the numbers, if it is a short label.
        while out and not out[-1].strip():
            out.pop()
            places.pop()
        label = out[-1].strip() if out else ""
        if label and len(label) <= 60 and "。" not in label and "\t" not in label:
            out[-1] = "\t".join([label, *values])
            places[-1] = [places[-1], *at]
        else:
            out.append("\t".join(values))
            places.append(at)
    return out, places


def _cell_per_line(lines: list[str]) -> bool:
    """Word's text export: many lines that are one tab and one cell, few lines with two tabs."""
    single = sum(1 for ln in lines if ln.startswith("\t") and "\t" not in ln[1:])
    multi = sum(1 for ln in lines if ln.count("\t") >= 2)
    return single >= 30 and single > 3 * multi


def _first(place: LinePlace) -> int:
    return place if isinstance(place, int) else place[0]


def _cell_places(place: LinePlace, count: int) -> list[Where]:
    """The places of a line's `count` cells: its line, or each gathered cell's own."""
    if isinstance(place, list) and len(place) == count:
        return [Where(line=n) for n in place]
    return [Where(line=_first(place))] * count


def _blocks_cell_per_line(lines: list[str], places: list[LinePlace]) -> list:
    blocks: list = []
    # A row's cells, each as its lines (joined when the row ends: a cell broken over a
    # great many lines would be copied once per line if joined as it grows).
    row: list[list[str]] = []
    row_where: list[Where] = []  # each cell's first line
    rows: list[list[str]] = []
    where: list[list[Where]] = []

    def end_row():
        nonlocal row, row_where
        if row:
            rows.append(["\n".join(cell) for cell in row])
            where.append(row_where)
            row, row_where = [], []

    def end_table():
        end_row()
        if rows:
            blocks.append(Table(rows=list(rows), ruled=False, where=list(where)))
            rows.clear()
            where.clear()

    for line, place in zip(lines, places, strict=True):
        if line.startswith("\t"):
            row.append([line[1:].strip()])
            row_where.append(Where(line=_first(place)))
        elif line == "":
            end_row()
        elif row:  # a cell broken over lines: the rest of the cell, without the tab
            row[-1].append(line.strip())
        else:
            end_table()
            if line.strip():
                blocks.append(Paragraph(line.strip(), where=Where(line=_first(place))))
    end_table()
    return blocks


def _split_row(line: str) -> list[str] | None:
    """The cells of a line if it is a table row, else None."""
    if _PIPE_SEPARATOR.match(line) or (("\t" in line or "-" in line) and _DASH_ROW.match(line)):
        return []  # a Markdown separator: part of a table, no cells
    if "\t" in line:
        return [cell.strip() for cell in line.split("\t")]
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 3:
        return [cell.strip() for cell in stripped.strip("|").split("|")]
    # Space-separated: a label (or nothing) followed by number cells — at least two, or one after a
    # short label that is not a sentence (行政许可 7).
    tokens = stripped.split()
    numbers = 0
    for token in reversed(tokens):
        if not _NUMBERISH.match(token):
            break
        numbers += 1
    # Lengths without the spaces: pdftotext pads a label far out to its numbers.
    label_length = len("".join(tokens[: len(tokens) - numbers]))
    short_label = label_length <= 30 and not re.search(r"[。，,；;：:]", stripped)
    digits = sum(1 for t in tokens[len(tokens) - numbers:] if any(ch.isdigit() for ch in t))
    if numbers == len(tokens) and digits < 2:
        return None  # a page number (— 3 —), not a row of values
    if (numbers >= 2 or (numbers == 1 and len(tokens) > 1 and short_label)) and (
            numbers == len(tokens) or label_length <= 80):
        label = " ".join(tokens[: len(tokens) - numbers])
        return ([label] if label else []) + tokens[len(tokens) - numbers:]
    return None


def _blocks_row_per_line(lines: list[str], places: list[LinePlace]) -> list:
    blocks: list = []
    rows: list[list[str]] = []
    where: list[list[Where]] = []
    for line, place in zip(lines, places, strict=True):
        cells = _split_row(line)
        if cells is not None:
            if cells:
                rows.append(cells)
                where.append(_cell_places(place, len(cells)))
            continue
        if not line.strip():
            continue  # blank lines do not end a table: dumps put them between rows
        if rows:
            blocks.append(Table(rows=rows, ruled=False, where=where))
            rows, where = [], []
        blocks.append(Paragraph(line.strip(), where=Where(line=_first(place))))
    if rows:
        blocks.append(Table(rows=rows, ruled=False, where=where))
    return blocks
