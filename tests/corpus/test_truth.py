"""The committed truth (tests/truth/*.json): every case names its report, each corpus is complete, and
the numbers add up the way the template says (null counts as 0) unless a case breaks them on purpose.

These check the corpus, not the parser: they can only change when the fixtures or truth do, so they
are marked `corpus` and the fast tier (`make test-fast`) skips them.
"""

from __future__ import annotations

import pytest

from builder.template import fields_of
from tests.corpus.harness import NAMES, ROOT, cases, file_of, names, truth
from tests.truthcheck import broken_sums

pytestmark = pytest.mark.corpus


def test_truth_files_name_existing_reports():
    assert len(NAMES) >= 12
    formats = set()
    for name in NAMES:
        assert file_of(name).is_file(), truth(name)["file"]
        assert truth(name)["values"], name
        formats.add(truth(name)["format"])
    assert {"docx", "pdf", "html", "txt"} <= formats


# prefix → where its files are, the formats it covers, its least size, and what each corpus promised of
# its files: a size cap per file or for the folder, file stem = case name, a note in every truth.
CORPORA = {
    "stress-": dict(folder="tests/stress/files", formats={"pdf", "html", "docx", "txt"}, least=15),
    "round2-": dict(folder="tests/stress2/files", formats={"pdf", "html", "docx", "txt"}, least=15),
    "round3-": dict(folder="tests/stress3/files", formats={"pdf", "html", "md", "txt"}, least=15),
    "round4-": dict(folder="tests/stress4/files", formats={"pdf"}, least=20, folder_cap=4 * 1024 * 1024),
    "round5-": dict(folder="tests/stress5/files", least=15, file_cap=60_000, stem_is_name=True),
    "round6-": dict(folder="tests/stress6/files", least=12, file_cap=60_000, stem_is_name=True, note=True),
}


@pytest.mark.parametrize("prefix", CORPORA, ids=[p.rstrip("-") for p in CORPORA])
def test_each_stress_corpus_is_complete_and_small(prefix):
    promise = CORPORA[prefix]
    folder = ROOT / promise["folder"]
    chosen = names(prefix)
    assert len(chosen) >= promise["least"]
    for name in chosen:
        file = file_of(name)
        assert file.is_file() and file.parent == folder, truth(name)["file"]
        if "file_cap" in promise:
            assert file.stat().st_size < promise["file_cap"], file
        if promise.get("stem_is_name"):
            assert file.stem == name
        if promise.get("note"):
            assert truth(name)["note"], name
    if "formats" in promise:
        assert {truth(n)["format"] for n in chosen} == promise["formats"]
    if "folder_cap" in promise:
        assert sum(f.stat().st_size for f in folder.iterdir()) < promise["folder_cap"]


# Case name → the sums its printed numbers break on purpose (the checks must name each: tests/checks/).
DELIBERATE_BREAKS = {
    "stress-deliberate-error-siming-2023": ["results_sum total", "row_total granted", "appeals_total reconsideration"],
}


def _held_to_the_sums(t: dict) -> bool:
    """Printed consistent and in full: a cell printed blank may stand for any number, so only tables
    printed whole can be held to their sums (proactive cells are not in any sum)."""
    return not any((t.get("error_rules") or {}).values()) and None not in [
        v for k, v in t["values"].items() if not k.startswith("proactive.")]


ARITHMETIC = sorted({n for n in names(where=_held_to_the_sums) if "deliberate-error" not in n}
                    | set(names("stress-")) | set(DELIBERATE_BREAKS))


@pytest.mark.parametrize("name", cases(only=ARITHMETIC))
def test_truth_obeys_the_template_arithmetic(name):
    """A corpus's numbers add up (null counts as 0), except the sums a case breaks on purpose."""
    assert broken_sums(truth(name)["values"]) == DELIBERATE_BREAKS.get(name, [])


@pytest.mark.parametrize(("name", "field", "value"), [
    ("round5-html-fee-wanyuan-fuyang-2022", "proactive.fees.amount_10k_yuan", 12.5),       # "12.5万元"
    ("round5-html-fee-dash-linan-2021", "proactive.fees.amount_10k_yuan", None),           # "—"
    ("round5-docx-2019-wanheader-tonglu-2020", "proactive.procurement.amount_yuan", 355000),  # 35.5 under （万元）
    ("round5-html-2019-wancell-jiande-2019", "proactive.procurement.amount_yuan", 355000),    # "35.5万元"
    ("round5-docx-2019-wanheader-tonglu-2020", "proactive.licensing.items_change", 3),      # "+3"
    ("round5-docx-2019-wanheader-tonglu-2020", "proactive.penalty.items_change", -2),       # "-2"
    ("round5-docx-2019-wanheader-tonglu-2020", "proactive.fees.items_change", -1),          # "减少1"
    ("round5-docx-2019-nonine-chunan-2020", "proactive.procurement.projects", None),        # no （九） printed
])
def test_odd_printed_cells_have_the_contract_truth(name, field, value):
    assert truth(name)["values"][field] == value


def test_mixed_tables_carry_their_variant_fields_and_the_printed_extras():
    mixed56 = truth("round5-html-mixed56-2019-shangcheng-2022")["values"]
    assert set(fields_of("proactive", "2021")) <= set(mixed56)
    assert mixed56["proactive.other_services.items_prev_year"] is not None  # printed by the 2019 （五）
    mixed1 = truth("round5-docx-mixed1-2019-binjiang-2021")
    assert set(fields_of("proactive", "2019")) <= set(mixed1["values"])
    assert mixed1["values"]["proactive.licensing.items_prev_year"] is None  # the 2021 （五） prints no 上一年项目数量
    assert mixed1["values"]["proactive.fees.amount_10k_yuan"] is not None
    assert "proactive" not in mixed1["template"]  # ambiguous: not judged
