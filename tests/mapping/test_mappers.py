"""The mappers return what they map; their thresholds are MapSettings; their steps stay simple."""

from __future__ import annotations

import copy
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from builder.fieldmap import Mapped, map_tables
from builder.fieldmap.appeals import map_appeals
from builder.fieldmap.cells import read_cell
from builder.fieldmap.proactive import map_proactive
from builder.fieldmap.requests import map_requests
from builder.fieldmap.settings import MapSettings
from builder.locate import locate
from builder.read import read_document
from builder.template import fields_of

ROOT = Path(__file__).resolve().parents[2]
TEXT_REPORT = ROOT / "tests/fixtures/generated/gen-nanming-shuiwuju-2021.txt"


@pytest.fixture(scope="module")
def located():
    return locate(read_document(TEXT_REPORT))


def test_each_mapper_returns_its_own_table_and_leaves_the_rows_alone(located):
    rows = copy.deepcopy(located.rows)
    proactive = map_proactive(located.rows["proactive"], "2021")
    requests = map_requests(located.rows["requests"], "2021")
    appeals = map_appeals(located.rows["appeals"], "2021")
    assert located.rows == rows
    assert (proactive.found, requests.found, appeals.found) == ({"proactive"}, {"requests"}, {"appeals"})
    assert proactive.template == {"proactive": "2021", "requests": None, "appeals": None}
    assert list(requests.values) == fields_of("requests", "2021")
    assert list(appeals.values) == fields_of("appeals", "2021")
    truth = json.loads((ROOT / "tests/truth/gen-nanming-shuiwuju-2021-txt.json").read_text(encoding="utf-8"))
    assert {**proactive.values, **requests.values, **appeals.values} == truth["values"]
    combined = map_tables(located, 2021)
    assert combined == Mapped.combined([proactive, requests, appeals])
    assert combined == map_tables(located, 2021)  # the same again: nothing was consumed


def test_an_empty_table_maps_to_nothing():
    for mapper in (map_proactive, map_requests, map_appeals):
        mapped = mapper([], "2021")
        assert mapped == Mapped() and mapped.template == {"proactive": None, "requests": None, "appeals": None}


def test_settings_are_frozen_and_passed_through():
    with pytest.raises(dataclasses.FrozenInstanceError):
        MapSettings().label_sure = 10  # type: ignore[misc]
    amount = "proactive.procurement.amount_yuan"
    by_default, to_the_yuan = Mapped(), Mapped()
    by_default.place([amount], [read_cell("35.61234万元")])
    to_the_yuan.place([amount], [read_cell("35.61234万元")], MapSettings(money_decimals=0))
    assert by_default.values[amount] == 356123.4 and to_the_yuan.values[amount] == 356123
    assert by_default.raw[amount] == to_the_yuan.raw[amount] == "35.61234万元"


def test_the_fragment_settings_decide_how_much_of_a_wrapped_label_is_joined():
    """Text copied out of a PDF wraps each requests label over several lines above its numbers:
    with no fragments allowed, those rows cannot be named and stay null."""
    path = ROOT / "tests/stress2/files/round2-txt-raw-xiufeng-2022.txt"
    truth = json.loads((ROOT / "tests/truth/round2-txt-raw-xiufeng-2022.json").read_text(encoding="utf-8"))
    wrapped = locate(read_document(path))
    assert map_tables(wrapped, 2022).values == truth["values"]
    unjoined = map_tables(wrapped, 2022, MapSettings(fragments_above=0, fragments_below=0))
    assert unjoined.values["requests.new_received.natural_person"] is None
    assert truth["values"]["requests.new_received.natural_person"] is not None
    assert "requests.new_received.natural_person" in unjoined.unknown


def test_no_step_of_the_mappers_or_checks_is_too_branchy():
    paths = ["builder/fieldmap", "builder/check", "builder/parse.py", "builder/record.py"]
    result = subprocess.run([sys.executable, "-m", "ruff", "check", *paths, "--select", "C901", "--config",
                             "lint.mccabe.max-complexity=10", "--output-format", "concise"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout
