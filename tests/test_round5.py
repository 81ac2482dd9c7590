"""Round 5's corpus (tests/stress5/): the files really carry the quirks their truth describes.

Per-cell accuracy is tests/test_accuracy.py's; here: every case has its file and truth, the odd
printed cells have the truth the contract gives them, and the DOCX/HTML producer quirks are in the
files (read with python-docx and BeautifulSoup, not with our readers).
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup

from builder.template import fields_of

ROOT = Path(__file__).resolve().parent.parent
TRUTHS = sorted((ROOT / "tests" / "truth").glob("round5-*.json"))


def truth(name: str) -> dict:
    return json.loads((ROOT / "tests" / "truth" / f"round5-{name}.json").read_text(encoding="utf-8"))


def file_of(name: str) -> Path:
    return ROOT / truth(name)["file"]


def test_the_corpus_is_small_and_complete():
    assert len(TRUTHS) >= 15
    for path in TRUTHS:
        t = json.loads(path.read_text(encoding="utf-8"))
        f = ROOT / t["file"]
        assert f.is_file() and f.stat().st_size < 60_000, f
        assert f.stem == path.stem


@pytest.mark.parametrize(("name", "field", "value"), [
    ("html-fee-wanyuan-fuyang-2022", "proactive.fees.amount_10k_yuan", 12.5),       # "12.5万元"
    ("html-fee-dash-linan-2021", "proactive.fees.amount_10k_yuan", None),           # "—"
    ("docx-2019-wanheader-tonglu-2020", "proactive.procurement.amount_yuan", 355000),  # 35.5 under （万元）
    ("html-2019-wancell-jiande-2019", "proactive.procurement.amount_yuan", 355000),    # "35.5万元"
    ("docx-2019-wanheader-tonglu-2020", "proactive.licensing.items_change", 3),      # "+3"
    ("docx-2019-wanheader-tonglu-2020", "proactive.penalty.items_change", -2),       # "-2"
    ("docx-2019-wanheader-tonglu-2020", "proactive.fees.items_change", -1),          # "减少1"
    ("docx-2019-nonine-chunan-2020", "proactive.procurement.projects", None),        # no （九） printed
])
def test_odd_printed_cells_have_the_contract_truth(name, field, value):
    assert truth(name)["values"][field] == value


def test_mixed_tables_carry_their_variant_fields_and_the_printed_extras():
    mixed56 = truth("html-mixed56-2019-shangcheng-2022")["values"]
    assert set(fields_of("proactive", "2021")) <= set(mixed56)
    assert mixed56["proactive.other_services.items_prev_year"] is not None  # printed by the 2019 （五）
    mixed1 = truth("docx-mixed1-2019-binjiang-2021")["values"]
    assert set(fields_of("proactive", "2019")) <= set(mixed1)
    assert mixed1["proactive.licensing.items_prev_year"] is None  # the 2021 （五） prints no 上一年项目数量
    assert mixed1["proactive.fees.amount_10k_yuan"] is not None
    assert "proactive" not in truth("docx-mixed1-2019-binjiang-2021")["template"]  # ambiguous: not judged


def test_docx_producer_quirks_are_in_the_files():
    nested = docx.Document(file_of("docx-nested-xihu-2023"))
    assert all(len(t.rows) == 1 and len(t.columns) == 1 and t.cell(0, 0).tables for t in nested.tables)

    spacer = docx.Document(file_of("docx-spacer-ningbo-2022"))
    assert all(not "".join(c.text for c in t.columns[0].cells).strip() for t in spacer.tables)

    vmerge = docx.Document(file_of("docx-vmerge-heading-yinzhou-2021")).tables[0]
    first = [c.text for c in vmerge.columns[0].cells]  # a merged cell repeats for every row it spans
    assert first.count("第二十条第（六）项") == 3

    runs = docx.Document(file_of("docx-runs-fonts-zhenhai-2023")).tables[0]
    label = next(c for c in runs.column_cells(0) if c.text == "行政规范性文件")
    assert len({r.font.name for r in label.paragraphs[0].runs}) == 3

    split = docx.Document(file_of("docx-split-guiffan-gongshu-2022"))
    assert len(split.tables) == 4 + 2


def test_html_producer_quirks_are_in_the_file():
    soup = BeautifulSoup(file_of("html-thcolspan-beilun-2023").read_text(encoding="utf-8"), "lxml")
    proactive = soup.find("table")
    assert proactive.find("th", colspan="4").get_text() == "第二十条第（一）项"
    assert proactive.find("strong") and proactive.find("em")
    assert "\xa0" in proactive.get_text()
