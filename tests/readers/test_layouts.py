"""Layouts real reports print, applied to reports whose numbers we know: every cell must still be right.

Each case writes a consistent report, disturbs its text the way text dumps of
real reports are disturbed, parses it, and compares every cell.
"""

from __future__ import annotations

import random
import re

import pytest

from builder.parse import parse_report
from tests.textreport import random_values, write_report

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _table_lines(text: str, fn) -> str:
    return "\n".join(fn(line) if "\t" in line else line for line in text.split("\n"))


def full_width_digits(text, rng):
    return _table_lines(text, lambda line: line.translate(FULL_WIDTH))


def spaces_inside_labels(text, rng):
    def spaced(line):
        label, _, rest = line.partition("\t")
        return " ".join(label) + "\t" + rest if len(label) < 12 else label[:4] + " " + label[4:] + "\t" + rest
    return _table_lines(text, spaced)


def space_separated(text, rng):
    # Text copied out of a PDF: cells separated by runs of spaces, no tabs.
    return _table_lines(text, lambda line: re.sub(r"\t+", "   ", line.strip("\t")) if re.search(r"\d\s*$", line) else line)


def numbers_on_next_line(text, rng):
    def broken(line):
        label, _, rest = line.partition("\t")
        if label.startswith(("5.要求行政机关", "（七）总计", "二、上年结转")):
            return label + "\n" + rest
        return line
    return _table_lines(text, broken)


def label_broken_over_lines(text, rng):
    return text.replace("（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t",
                        "（二）部分公开（区分处理的，\n只计这一情形，不计其他情形）\t")


def typos_and_numbering(text, rng):
    text = text.replace("其他法律行政法规禁止公开", "其他法律行政止公开")
    text = text.replace("本机关不掌握相关政府信息", "本机关不掌握相关信息")
    text = text.replace("危及三安全一稳定", "危及“三安全 一稳定”")
    return text.replace("（一）予以公开", "(一)予以公开").replace("属于国家秘密", "1、属于国家秘密")


def page_break_debris(text, rng):
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if "三类内部事务" in re.sub(r"\s", "", line))
    return "\n".join(lines[:at] + ["", "— 3 —", "", "\f第 3 页 共 5 页", ""] + lines[at:])


def thousands_separators(text, rng):
    return _table_lines(text, lambda line: re.sub(r"(?<=\t)(\d)(\d{3})(?=\t|$)", r"\1,\2", line))


def trailing_and_leading_tabs(text, rng):
    return _table_lines(text, lambda line: "\t" + line + "\t" if not line.startswith("第二十条") else line)


def one_cell_a_line(text, rng):
    # A table copied out of a web page: every cell on a line of its own, no tabs.
    def cells(line):
        return "\n".join(cell.strip() for cell in line.split("\t") if cell.strip())
    return _table_lines(text, cells)


MUTATIONS = [one_cell_a_line, full_width_digits, spaces_inside_labels, space_separated, numbers_on_next_line,
             label_broken_over_lines, typos_and_numbering, page_break_debris, thousands_separators,
             trailing_and_leading_tabs]


def cases():
    out = []
    for i, mutation in enumerate(MUTATIONS):
        out.append((f"{mutation.__name__}", i, [mutation]))
    rng = random.Random(7)
    for i in range(12):
        chosen = rng.sample(MUTATIONS, 3)
        if space_separated in chosen and numbers_on_next_line in chosen:
            chosen.remove(numbers_on_next_line)
        if one_cell_a_line in chosen:  # it takes the tabs the others work on: apply it last
            chosen.remove(one_cell_a_line)
            chosen.append(one_cell_a_line)
        out.append(("+".join(m.__name__ for m in chosen), 100 + i, chosen))
    return out


@pytest.mark.parametrize(("name", "seed", "mutations"), cases(), ids=[c[0] for c in cases()])
def test_layout(tmp_path, name, seed, mutations):
    rng = random.Random(seed)
    year = rng.choice([2020, 2022, 2023])
    variant = "2019" if year == 2020 else "2021"
    values = random_values(rng, variant)
    if variant == "2019":
        values["requests.new_received.total"] += 1000  # thousands separators get something to separate
        values["requests.new_received.natural_person"] += 1000
        values["requests.total_processed.total"] += 1000
        values["requests.total_processed.natural_person"] += 1000
        values["requests.granted.total"] += 1000
        values["requests.granted.natural_person"] += 1000
    text = write_report(values, year=year, prose="无。")
    for mutation in mutations:
        text = mutation(text, rng)
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    report = parse_report(path)
    wrong = {f: (v, report["values"].get(f, "absent")) for f, v in values.items() if report["values"].get(f, "absent") != v}
    assert not wrong, f"{len(wrong)} wrong cells (expected, got): {dict(list(wrong.items())[:8])}"
    errors = [c for c in report["checks"] if c["severity"] == "error"]
    assert not errors, errors
