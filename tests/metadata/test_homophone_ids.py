"""Homophone places slugify alike (泰州 / 台州 → taizhoushi-…): both bodies must be published, apart."""

from __future__ import annotations

import random

from builder.batch import collect_reports
from tests.textreport import random_values, write_report


def _write(folder, name: str, agency: str, year: int, seed: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(write_report(random_values(random.Random(seed)), agency=agency, year=year), encoding="utf-8")


def test_two_cities_whose_names_read_alike_are_two_bodies(tmp_path):
    data = tmp_path / "data" / "reports"
    _write(data / "jiangsu", "taizhou-2023.txt", "泰州市人民政府", 2023, 1)
    _write(data / "zhejiang", "taizhou-2023.txt", "台州市人民政府", 2023, 2)
    _write(data / "zhejiang", "taizhou-2022.txt", "台州市人民政府", 2022, 3)
    out = collect_reports(tmp_path / "data", cache_dir=None, jobs=1)
    assert out.failures == []
    by_agency = {r["agency"]: r for r in out.reports if r["year"] == 2023}
    jiangsu, zhejiang = by_agency["泰州市人民政府"], by_agency["台州市人民政府"]
    assert jiangsu["agency_id"] == "taizhoushi-renminzhengfu"  # 321200 < 331000: the plain id
    assert zhejiang["agency_id"] == "taizhoushi-renminzhengfu-331000"
    assert zhejiang["id"] == "taizhoushi-renminzhengfu-331000-2023"
    # one body over its years keeps one id
    assert {r["agency_id"] for r in out.reports if r["agency"] == "台州市人民政府"} == {zhejiang["agency_id"]}


def test_the_same_file_twice_is_still_one_duplicate(tmp_path):
    data = tmp_path / "data" / "reports"
    _write(data / "a", "one.txt", "泰州市人民政府", 2023, 1)
    _write(data / "b", "two.txt", "泰州市人民政府", 2023, 1)
    out = collect_reports(tmp_path / "data", cache_dir=None, jobs=1)
    assert len(out.reports) == 1 and len(out.failures) == 1
    assert "duplicate" in out.failures[0].error
