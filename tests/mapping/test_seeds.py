"""The five seed reports: the cells a reader can be sure of, and what the checks say about them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.corpus.harness import names, truth
from tests.corpus.harness import parsed as parse

ROOT = Path(__file__).resolve().parents[2]
SEEDS = names("seed-")


def rules(report, rule):
    return [c for c in report["checks"] if c["rule"] == rule]


@pytest.fixture(scope="module")
def parsed():
    """(truth, parse) of each seed by case name, from the corpus harness (every cell and the metadata of
    each: tests/mapping/test_accuracy.py[seed-*])."""
    return {name: (truth(name), parse(name)) for name in SEEDS}


def test_yueyahu_numbers_and_sixteen_zero_appeals(parsed):
    _, report = parsed["seed-yueyahu"]
    assert report["values"]["requests.new_received.natural_person"] == 1
    assert report["values"]["requests.unavailable_not_held.total"] == 1
    assert report["agency_id"] == "xingqingqu-yueyahuxiang-renminzhengfu"
    assert report["id"] == "xingqingqu-yueyahuxiang-renminzhengfu-2020"
    # The appeals row prints 16 zeros for 15 cells: placed (every placement agrees), but said.
    [count] = rules(report, "cell_count")
    assert count["fields"][0] == "appeals.reconsideration.upheld"
    assert "16" in count["message"]
    assert not [c for c in report["checks"] if c["severity"] == "error"]
    assert "月牙湖乡政府主动公开信息数为 108 条" in report["parts"]["overview"]
    assert report["parts"]["other"].startswith("本单位应公开政府信息")


def test_yunjiakou_broken_rows_are_null_not_guessed(parsed):
    _, report = parsed["seed-yunjiakou"]
    values = report["values"]
    for row in ("new_received", "carried_over", "granted", "partially_granted"):
        assert values[f"requests.{row}.natural_person"] is None
        assert values[f"requests.{row}.total"] is None
    broken = {c["fields"][0].split(".")[1] for c in rules(report, "cell_count")}
    assert broken == {"new_received", "carried_over", "granted", "partially_granted",
                      "withheld_state_secret", "withheld_prohibited_by_law"}
    # Table 四 printed only its headings: no numbers, reported missing, all null.
    assert report["template"]["appeals"] is None
    assert not any(f.startswith("appeals.") for f in values)
    assert any("行政复议" in c["message"] for c in rules(report, "missing_part"))
    # The rows that were printed whole are read.
    assert values["requests.withheld_security_stability.total"] == 0
    assert values["proactive.licensing.decisions"] == 34


def test_nanshanzui_region_from_the_body_and_cells_per_line(parsed):
    _, report = parsed["seed-nanshanzui"]
    assert report["region"]["county"] == "围场满族蒙古族自治县"
    assert report["values"]["proactive.penalty.items_change"] == 30
    assert report["values"]["proactive.other_services.items_change"] == 2  # behind a Word bookmark


def test_seeds_all_have_six_parts(parsed):
    for name, (_, report) in parsed.items():
        missing = [c["message"] for c in rules(report, "missing_part") if "部分" in c["message"]]
        assert not missing, (name, missing)


@pytest.mark.slow
def test_parse_json_cli_prints_the_contract():
    seed = ROOT / "data/reports/ningxia/yinchuan/xingqingqu-yueyahuxiang-renminzhengfu-2020.txt"
    out = subprocess.run([sys.executable, "-m", "builder", "parse", str(seed), "--json"],
                         capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    for key in ("agency", "year", "region", "published", "template", "values", "checks"):
        assert key in data
    assert data["region"] == {"province": "宁夏回族自治区", "city": "银川市", "county": "兴庆区", "township": "月牙湖乡"}


@pytest.mark.slow
def test_parse_cli_prints_readable_tables():
    seed = ROOT / "data/reports/ningxia/yinchuan/xingqingqu-yueyahuxiang-renminzhengfu-2020.txt"
    out = subprocess.run([sys.executable, "-m", "builder", "parse", str(seed)], capture_output=True, text=True,
                         check=True).stdout
    assert "兴庆区月牙湖乡人民政府" in out
    assert "本机关不掌握相关政府信息" in out


def test_seed_bytes_are_kept_as_given():
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    ours = {p.read_bytes() for p in (ROOT / "data" / "reports").rglob("*.txt")}
    for seed in shared.glob("*.txt"):
        assert seed.read_bytes() in ours, seed.name
