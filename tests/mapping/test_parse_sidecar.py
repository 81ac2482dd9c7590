"""parse_report(path, sidecar=…): "auto" reads the .yml beside the file, a dict is checked like one, None is none."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.errors import ReportError
from builder.parse import parse_report

ROOT = Path(__file__).resolve().parents[2]
TEXT_REPORT = ROOT / "tests/fixtures/generated/gen-nanming-shuiwuju-2021.txt"  # prints two blank cells
GIVEN = {"agency": "贵阳市南明区水务管理局", "known_issues": ["blank_cells"], "note": "两个单元格原文留空。",
         "source_url": "https://www.nanming.gov.cn/report.html"}
SIDECAR_YAML = ("agency: 贵阳市南明区水务管理局\nknown_issues: [blank_cells]\nnote: 两个单元格原文留空。\n"
                "source_url: https://www.nanming.gov.cn/report.html\n")


@pytest.fixture(scope="module")
def with_sidecar(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    report = folder / TEXT_REPORT.name
    shutil.copyfile(TEXT_REPORT, report)
    report.with_suffix(".yml").write_text(SIDECAR_YAML, encoding="utf-8")
    return report


def _blank_check(report: dict) -> dict:
    (check,) = [c for c in report["checks"] if c["rule"] == "blank_cells"]
    return check


def test_auto_reads_the_sidecar_beside_the_file(with_sidecar):
    report = parse_report(with_sidecar)  # "auto" is the default
    assert report == parse_report(with_sidecar, sidecar="auto")
    assert report["agency"] == GIVEN["agency"] and report["metadata_sources"]["agency"] == "sidecar"
    assert report["known_issues"] == ["blank_cells"] and _blank_check(report)["acknowledged"] is True
    assert report["note"] == GIVEN["note"] and report["source"]["source_url"] == GIVEN["source_url"]


def test_a_dict_is_the_same_sidecar(with_sidecar):
    from_file = parse_report(with_sidecar)
    given = parse_report(TEXT_REPORT, sidecar=GIVEN)
    same = {k: v for k, v in from_file.items() if k != "source"}
    assert {k: v for k, v in given.items() if k != "source"} == same
    assert given["source"]["source_url"] == GIVEN["source_url"]


def test_none_ignores_the_sidecar_beside_the_file(with_sidecar):
    report = parse_report(with_sidecar, sidecar=None)
    assert report == parse_report(TEXT_REPORT, sidecar=None) | {"source": report["source"]}
    assert report["known_issues"] == [] and report["note"] is None and _blank_check(report)["acknowledged"] is False
    assert report["metadata_sources"]["agency"] != "sidecar" and report["source"]["source_url"] is None


def test_a_bad_dict_is_refused_as_a_bad_file_is(with_sidecar):
    with pytest.raises(ReportError) as bad_key:
        parse_report(TEXT_REPORT, sidecar={"agnecy": "南明区水务局"})
    assert "unknown key agnecy: did you mean agency?" in str(bad_key.value)
    with pytest.raises(ReportError) as bad_value:
        parse_report(TEXT_REPORT, sidecar={"year": 1999, "known_issues": ["no_such_rule"]})
    message = str(bad_value.value)
    assert "year" in message and "known_issues" in message and "\n" not in message
    with pytest.raises(ReportError, match="must be \"auto\", a dict or None"):
        parse_report(TEXT_REPORT, sidecar="sidecar.yml")  # type: ignore[arg-type]
