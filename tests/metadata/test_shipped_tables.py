"""The tables shipped so that a parse loads no dictionary: they agree with the libraries they stand for.

builder.divisions reads cpca's table and matches as cpca.transform does; builder/template/name_readings.tsv
holds pypinyin's readings (with CC-CEDICT's phrases) of the names slugs are made of.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from builder.divisions import locate
from builder.readings import library_reading, shipped

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXTS = sorted((ROOT / "data" / "reports").rglob("*.txt"))


def _sample_sentences() -> list[str]:
    names = sorted(shipped())[::7]
    sentences = [s[:200] for path in SEED_TEXTS for s in re.split(r"[。；;\n]", path.read_text(encoding="utf-8"))]
    return names + [n + "教育局" for n in names[:200]] + sentences + ["", "鼓楼区人民政府", "内蒙古包头市", "宁夏"]


def test_divisions_place_names_as_cpca_does():
    import cpca

    sample = _sample_sentences()
    frame = cpca.transform(sample)
    for text, (_i, row) in zip(sample, frame.iterrows(), strict=True):
        expected = {key: row[col] if isinstance(row[col], str) else None
                    for key, col in (("province", "省"), ("city", "市"), ("county", "区"), ("address", "地址"),
                                     ("adcode", "adcode"))}
        assert locate(text) == expected, text
    assert locate("兴庆区月牙湖乡人民政府")["adcode"] == "640104"


def test_shipped_readings_are_the_libraries_readings():
    table = shipped()
    assert len(table) > 3000 and table["长治市"] == "changzhishi" and table["单县"] == "shanxian"
    sample = sorted(table)[::40] + ["锡林郭勒盟", "月牙湖乡", "南山嘴乡", "人民政府"]
    for name in sample:
        assert library_reading(name) == table[name], name


def test_the_library_reading_is_pypinyin_with_cc_cedict_loaded():
    """The private dictionary reads as pypinyin does after cc_cedict.load() (in a process of its own)."""
    names = ["长治市", "单县", "锡林郭勒盟", "乐清市柳市镇", "重庆市朝阳区长乐街道", "蚌埠市禹会区", "六安市"]
    code = ("import sys; from pypinyin import lazy_pinyin; from pypinyin_dict.phrase_pinyin_data import cc_cedict;"
            "cc_cedict.load(); print('|'.join(''.join(lazy_pinyin(n)) for n in sys.argv[1:]))")
    loaded = subprocess.run([sys.executable, "-c", code, *names], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip().split("|") == [library_reading(n) for n in names]


def test_reading_a_new_name_leaves_pypinyin_as_it_was():
    from pypinyin import lazy_pinyin
    from pypinyin.constants import PHRASES_DICT

    before = (len(PHRASES_DICT), lazy_pinyin("长治"))
    assert "青石岭乡" not in shipped()
    assert library_reading("青石岭乡") == "qingshilingxiang"
    assert (len(PHRASES_DICT), lazy_pinyin("长治")) == before  # pypinyin's own dictionary: zhangzhi


@pytest.mark.parametrize("path", SEED_TEXTS[:2], ids=lambda p: p.stem)
def test_a_text_report_parses_without_loading_the_dictionaries(path):
    code = ("import sys; from builder.parse import parse_report; r = parse_report(sys.argv[1]);"
            "print(r['agency_id'], r['region']['county'], *sorted(m for m in ('pypinyin', 'pandas', 'cpca')"
            " if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True,
                          cwd=ROOT)
    agency_id, county, *loaded = done.stdout.split()
    assert path.stem.startswith(agency_id) and county.endswith(("区", "县"))
    assert loaded == []
