"""builder.contribute as a library: split by job (storage, add, validation, summaries), importable
by its old names, and silent — results are returned, outcomes said through a callback or the log."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.contribute.conftest import as_zhangzheng, incoming

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "data/reports/ningxia/yinchuan/xingqingqu-yueyahuxiang-renminzhengfu-2020.txt"


def test_the_names_importable_before_the_split_still_are():
    from builder.contribute import (  # noqa: F401 — the import is the test
        BRIEF_ABOVE,
        KEY_FIGURES,
        REPORTS_DIR,
        SIDECAR_SUFFIXES,
        SUMMARY_TITLE,
        Outcome,
        add_report,
        collect_reports,
        describe_text,
        find_same_file,
        key_figures,
        outcome_markdown,
        outcome_text,
        region_text,
        report_files,
        sha256_of,
        sidecar_text,
        storage,
        storage_path,
        summaries,
        summary_markdown,
        validate_one,
        validate_reports,
        validation,
    )

    # each job in its own module
    assert storage_path.__module__ == storage.__name__ and validate_one.__module__ == validation.__name__
    assert describe_text.__module__ == summaries.__name__


@pytest.fixture
def new_report(tmp_path) -> Path:
    return incoming(tmp_path, as_zhangzheng(SEED.read_text(encoding="utf-8")))


def test_add_and_validate_print_nothing_and_return_what_they_did(data_dir, new_report, capfd, caplog):
    from builder.contribute import add_report, added_text, outcomes, store_report, validate_reports

    caplog.set_level(logging.INFO, logger="builder")
    added = store_report(new_report, data_dir=data_dir, source_url="http://www.xqq.gov.cn/2021/1.html")
    assert added.path == data_dir / "reports/ningxia/yinchuan/xingqingqu-zhangzhengzhen-renminzhengfu-2020.txt"
    assert added.path.read_bytes() == new_report.read_bytes() and added.sidecar.is_file()
    assert added.report["agency"] == "兴庆区掌政镇人民政府" and added.source_url.startswith("http://")
    assert f"已添加 added: {added.path.as_posix()}" in added_text(added)
    assert "请在附属文件中填写 source_url" not in added_text(added)  # given, so no reminder to fill it in
    # the old function: same refusal rules, returns the path
    with pytest.raises(Exception, match="已在数据中"):
        add_report(new_report, data_dir=data_dir)

    said: list[str] = []
    events = []
    assert validate_reports([added.path], data_dir=data_dir, say=said.append, progress=events.append)
    assert said[0].startswith(f"✓ {added.path.as_posix()}") and "兴庆区掌政镇人民政府" in said[0]
    assert said[-1].startswith("1 份报告，1 份通过，0 份未通过")
    # (stored under data/: parsed with every report there, as the site build sees it)
    stored = sorted((data_dir / "reports").rglob("*.txt"))
    assert [(e.stage, e.done, e.total) for e in events] == [("parse", n, len(stored)) for n in range(1, 7)]
    assert sorted(e.path for e in events) == stored and added.path in stored

    (outcome,) = outcomes([added.sidecar], data_dir=data_dir)  # a sidecar stands for its report
    assert outcome.ok and outcome.path == added.path and outcome.report["year"] == 2020

    caplog.clear()
    assert validate_reports([added.path], data_dir=data_dir)  # no say: the outcome goes to the log
    assert any(r.name == "builder.contribute.validation" and "兴庆区掌政镇人民政府" in r.getMessage()
               for r in caplog.records)
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # the library printed nothing
