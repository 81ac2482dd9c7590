"""The pages over many reports (regions, years, indexes, quality, explorer) are given each report's view
(builder/site.py `_view`: the record without its text and file) and made again only when a view changes:
a narrative edit makes its agency's page again and leaves them alone, a value edit makes them again, and
either way the docs are a clean build's byte for byte."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from builder.batch import collect_reports
from builder.site import DOCS_STATE, NOT_SHOWN, _view, generate_docs

REPO = Path(__file__).resolve().parents[2]
YUEYAHU = "xingqingqu-yueyahuxiang-renminzhengfu"
AGGREGATES = ("regions-index", "agencies-index", "quality-index", "explorer", "coverage-index", "year:2020",
              "coverage:2020", "src:index.md", "region:(('province', '宁夏回族自治区'),)")


def _generate(data: Path, build: Path, cache: Path) -> dict:
    tree = generate_docs(collect_reports(data, cache, jobs=1), build / "docs", jobs=1, state_file=build / DOCS_STATE)
    tree.prune()  # (saves the state, as a build does)
    return json.loads((build / DOCS_STATE).read_text(encoding="utf-8"))


def _files(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file()}


def _same_as_clean(tmp_path: Path, data: Path, build: Path, name: str) -> None:
    clean = tmp_path / f"clean-{name}"
    _generate(data, clean, tmp_path / "cache")
    ours, theirs = _files(build / "docs"), _files(clean / "docs")
    assert ours.keys() == theirs.keys()
    assert [f for f in ours if ours[f] != theirs[f]] == []


def test_a_view_is_the_record_without_its_text_and_file():
    report = {"id": "a-2020", "values": {"x": 1}, "parts": {"overview": "…"}, "source": {"path": "p"},
              "preamble": "…", "checks": []}
    assert _view(report) == {"id": "a-2020", "values": {"x": 1}, "checks": []}
    assert set(NOT_SHOWN) == {"parts", "preamble", "source"}


def test_a_narrative_edit_leaves_the_aggregate_pages_alone_and_a_value_edit_does_not(tmp_path):
    data, build, cache = tmp_path / "data", tmp_path / "build", tmp_path / "cache"
    shutil.copytree(REPO / "data", data)
    cold = _generate(data, build, cache)
    assert all(key in cold for key in AGGREGATES), sorted(set(AGGREGATES) - set(cold))
    home = (build / "docs" / "index.md").read_text(encoding="utf-8")

    edited = next(data.rglob(f"{YUEYAHU}-2020.txt"))
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("一、总体情况", "一、总体情况\n\n本年度新增一句用于测试的说明。", 1), encoding="utf-8")
    narrative = _generate(data, build, cache)
    assert narrative[f"agency:{YUEYAHU}"]["hash"] != cold[f"agency:{YUEYAHU}"]["hash"]
    assert "本年度新增一句用于测试的说明" in (build / "docs" / "agencies" / YUEYAHU / "index.md").read_text(encoding="utf-8")
    assert {key: narrative[key]["hash"] for key in AGGREGATES} == {key: cold[key]["hash"] for key in AGGREGATES}
    _same_as_clean(tmp_path, data, build, "narrative")

    row = "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1"
    assert row in text
    edited.write_text(edited.read_text(encoding="utf-8").replace(row, row.replace("1", "7")), encoding="utf-8")
    valued = _generate(data, build, cache)
    for key in ("year:2020", "src:index.md", "regions-index", "region:(('province', '宁夏回族自治区'),)"):
        assert valued[key]["hash"] != narrative[key]["hash"], key
    assert (build / "docs" / "index.md").read_text(encoding="utf-8") != home
    _same_as_clean(tmp_path, data, build, "value")
