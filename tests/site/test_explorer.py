"""The explorer's key-figures files (builder/pages/explorer.py), the dictionary's indicators and
crosswalk (builder/pages/dictionary.py) and the agencies index: real numbers from huaian-2024.pdf,
the split that keeps every file bounded, incremental writes, links from data kept site-relative.
"""

from __future__ import annotations

import copy
import json

import pytest

from builder.export import chunks
from builder.pages import explorer
from builder.pages.dictionary import crosswalk_markdown, indicators_markdown
from builder.pages.docs_tree import DocsTree, content_hash
from builder.pages.lists import AGENCIES_PAGE, agencies_index_files
from builder.pages.regions import region_tree
from builder.template import REQUEST_ROWS, fields
from builder.template.indicators import INDICATORS
from builder.template.labels import KEY_FIGURES


@pytest.fixture(scope="module")
def huaian(corpus) -> dict:
    return corpus.parsed("huaian-2024")


def _table(text: str) -> list[dict]:
    data = json.loads(text)
    assert data["format"] == explorer.FORMAT and data["columns"] == list(explorer.COLUMNS)
    return [dict(zip(data["columns"], row, strict=True)) for row in data["rows"]]


def test_the_key_figures_of_huaian_2024(huaian):
    [row] = _table(explorer.chunk_files([huaian], "2024")["explorer/data/2024.json"])
    values = huaian["values"]
    assert row["id"] == "huaianshi-renminzhengfu-2024" and row["agency"] == "淮安市人民政府"
    assert (row["province"], row["city"], row["county"], row["level"], row["year"]) == ("江苏省", "淮安市", None, "city", 2024)
    assert row["template"] == "2021" and row["errors"] == 0 and row["warnings"] == 0
    assert row["url"] == "agencies/huaianshi-renminzhengfu/"
    assert "huaian" in row["pinyin"]
    # 新收申请 as the report printed it, and the rate as its two counts.
    assert row["received"] == values["requests.new_received.total"] == 3119
    assert row["processed"] == values["requests.total_processed.total"] == 3050
    assert row["granted_rate"] == [1362, 3050] == [values["requests.granted.total"], row["processed"]]
    assert row["reconsideration"] == values["appeals.reconsideration.total"]
    # Every key figure and indicator has its column.
    assert {f.key for f in KEY_FIGURES} | {i.key for i in INDICATORS} <= set(row)


def test_blank_figures_stay_blank_and_mixed_templates_are_named(huaian):
    report = copy.deepcopy(huaian)
    report["values"] = {k: None for k in report["values"]}
    report["template"] = {"proactive": "2019", "requests": "2021", "appeals": "2021"}
    [row] = _table(explorer.body_files(report["agency_id"], [report])[explorer.body_file(report["agency_id"])])
    assert row["received"] is None and row["granted_rate"] is None  # not 0
    assert row["template"] == explorer.MIXED


def _report(huaian: dict, n: int, year: int, province: str) -> dict:
    report = copy.deepcopy(huaian)
    report["id"], report["agency_id"], report["year"] = f"body-{n}-{year}", f"body-{n}", year
    report["region"] = {**report["region"], "province": province}
    return report


def test_chunks_follow_the_downloads_split(huaian):
    reports = [_report(huaian, n, 2023 if n < 3 else 2024, "江苏省" if n % 2 else "浙江省") for n in range(5)]
    parts = chunks(reports, split=2)  # 2023 has 3 reports: split by province; 2024 has 2: one file
    manifest = json.loads(explorer.manifest_files(parts)[explorer.MANIFEST])
    files = {c["file"]: c for c in manifest["chunks"]}
    assert set(files) == {"explorer/data/2023/jiangsu.json", "explorer/data/2023/zhejiang.json",
                          "explorer/data/2024.json"}
    assert files["explorer/data/2023/jiangsu.json"]["provinces"] == ["江苏省"]
    assert files["explorer/data/2024.json"] == {"file": "explorer/data/2024.json", "year": 2024, "reports": 2,
                                                "provinces": ["江苏省", "浙江省"], "split": False}
    assert [r["key"] for r in manifest["rates"]] == [i.key for i in INDICATORS]
    assert {r["key"]: r["min"] for r in manifest["rates"]}["granted_rate"] == 20
    for chunk, members in parts.items():
        rows = _table(explorer.chunk_files(members, chunk)[explorer.chunk_file(chunk)])
        assert sorted(r["id"] for r in rows) == sorted(r["id"] for r in members)


def test_explorer_files_are_written_only_when_their_reports_change(tmp_path, huaian):
    from builder.site import _explorer_data

    reports = [_report(huaian, n, 2024, "江苏省") for n in range(3)]

    def build(reports):
        tree = DocsTree(tmp_path / "docs", tmp_path / "state.json")
        hashes = {r["id"]: content_hash(r) for r in reports}
        _explorer_data(tree, reports, chunks(reports), "code", hashes)
        tree.prune()
        return tree

    first = build(reports)
    assert sorted(first.written) == ["explorer/bodies/body-0.json", "explorer/bodies/body-1.json",
                                     "explorer/bodies/body-2.json", "explorer/data/2024.json"]
    assert build(reports).written == []
    reports[1]["values"]["requests.new_received.total"] = 1
    assert sorted(build(reports).written) == ["explorer/bodies/body-1.json", "explorer/data/2024.json"]


def test_a_hostile_name_is_data_not_markup(huaian):
    report = copy.deepcopy(huaian)
    report["agency"] = '</script><img src=x onerror=alert(1)>"淮安'
    [row] = _table(explorer.chunk_files([report], "2024")["explorer/data/2024.json"])
    assert row["agency"] == report["agency"]  # JSON, read by JSON.parse and shown with textContent
    # The page's link is built from the slug, never from the name.
    assert row["url"] == "agencies/huaianshi-renminzhengfu/"


def test_dictionary_defines_every_indicator():
    text = indicators_markdown()
    for indicator in INDICATORS:
        assert f"| {indicator.label} | `{indicator.key}` |" in text.replace("\\", "")
        assert f"`{indicator.denominator[0]}`" in text
    assert "| 20 |" in text and "| 10 |" in text


def test_crosswalk_covers_every_row_of_both_templates():
    text = crosswalk_markdown()
    for f in fields().values():
        if f.table != "proactive":
            assert f"`{f.table}.{f.row}.*`" in text, f.id
    # 2019's one 其他处理 row and 2021's three, mapped onto each other.
    split = [r.key for r in REQUEST_ROWS if len(r.templates) == 1 and r.key != "other"]
    assert len(split) == 3
    line = next(line for line in text.splitlines() if line.startswith("| 其他处理 | `requests.other.*`"))
    assert all(f"`requests.{key}`" in line for key in split) and "| ✓ | — |" in line
    # Proactive rows whose columns differ between the templates say they are not comparable.
    rules = next(line for line in text.splitlines() if line.startswith("| 规章 |"))
    assert "本年新制作数量" in rules and "现行有效件数" in rules and "不能直接比较" in rules
    counts = {t: sum(t in f.templates for f in fields().values()) for t in ("2019", "2021")}
    assert f"2019 版 {counts['2019']} 个，2021 版 {counts['2021']} 个" in text


def test_agencies_index_is_one_line_per_province_however_many_agencies(huaian):
    few = [_report(huaian, n, 2024, "江苏省") for n in range(3)]
    many = [_report(huaian, n, 2024, "江苏省") for n in range(300)]
    pages = [agencies_index_files(region_tree(r), r)[AGENCIES_PAGE] for r in (few, many)]
    assert len(pages[0].splitlines()) == len(pages[1].splitlines())
    assert "../explorer/index.md?province=%E6%B1%9F%E8%8B%8F%E7%9C%81&year=2024" in pages[1]
    assert "共 300 个机构" in pages[1]
