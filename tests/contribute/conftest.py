"""What the contribute tests share: a copy of data/ to add to, and the seed as another township's report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "data/reports/ningxia/yinchuan/xingqingqu-yueyahuxiang-renminzhengfu-2020.txt"


def as_zhangzheng(text: str) -> str:
    """The seed's text as 掌政镇's (new bytes, new agency)."""
    return text.replace("月牙湖乡", "掌政镇").replace("月牙湖", "掌政")


def incoming(tmp_path: Path, text: str) -> Path:
    """A report a contributor brings, outside data/."""
    path = tmp_path / "incoming" / "掌政镇2020年报.txt"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def data_dir(tmp_path) -> Path:
    shutil.copytree(REPO / "data", tmp_path / "data")
    return tmp_path / "data"
