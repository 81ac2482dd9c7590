"""`validate` sees a report stored under data/ as the site build does, beside every other report there: one the
build would leave out fails with the build's reason, one published under another address says which, and the
other reports come from the build's parse cache (builder.contribute.validation.SiteView)."""

from __future__ import annotations

import random
from pathlib import Path

from click.testing import CliRunner

from builder.cli import main
from builder.contribute import outcomes
from tests.metadata.test_homophone_ids_history import _git
from tests.textreport import random_values, write_report


def _write(data, name: str, agency: str, region: str, seed: int, year: int = 2023):
    path = data / "reports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(write_report(random_values(random.Random(seed)), agency=agency, year=year), encoding="utf-8")
    path.with_suffix(".yml").write_text(f"region: {region}\n", encoding="utf-8")
    return path


def _published_first(tmp_path, *reports):
    """A repository whose main holds reports (name, agency, region, seed), committed."""
    data = tmp_path / "data"
    for name, agency, region, seed in reports:
        _write(data, name, agency, region, seed)
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "published")
    return data


def test_a_report_whose_region_page_another_place_holds_fails_with_the_builds_reason(tmp_path):
    data = _published_first(tmp_path, ("ningxia/su2.txt", "酥江区人民政府", "宁夏回族自治区/银川市/酥江区", 2))
    added = _write(data, "ningxia/su.txt", "苏江区人民政府", "宁夏回族自治区/银川市/苏江区", 1)
    (outcome,) = outcomes([added], data_dir=data, cache_dir=tmp_path / "cache")
    assert outcome.error is None and outcome.report["agency"] == "苏江区人民政府"
    assert not outcome.ok
    (problem,) = outcome.problems
    assert problem.startswith("网站不会发布这份报告 the site would not publish it: 地区“苏江区”的页面地址与已收录的“酥江区”相同"
                              "（regions/ningxia/yinchuan/sujiangqu/index.md）")
    # the published place itself still passes
    (kept,) = outcomes([data / "reports/ningxia/su2.txt"], data_dir=data, cache_dir=tmp_path / "cache")
    assert kept.ok and kept.problems == []


def test_a_second_file_of_one_body_and_year_fails_and_names_the_first(tmp_path):
    data = _published_first(tmp_path, ("ningxia/xq.txt", "兴庆区人民政府", "宁夏回族自治区/银川市/兴庆区", 1))
    added = _write(data, "ningxia/xq-again.txt", "兴庆区人民政府", "宁夏回族自治区/银川市/兴庆区", 2)
    summary = tmp_path / "summary.md"
    result = CliRunner().invoke(main, ["validate", "--data", str(data), "--cache-dir", str(tmp_path / "cache"),
                                       "--summary", str(summary), str(added)])
    assert result.exit_code == 1, result.output
    text = summary.read_text(encoding="utf-8")
    assert "- ❌ 网站不会发布这份报告 the site would not publish it: 与" in text
    assert "A report the site would not publish cannot be acknowledged in `known_issues`" in text
    assert "网站不会发布这份报告 the site would not publish it: 与" in result.output
    assert "duplicate of the same agency and year (id xingqingqu-renminzhengfu-2023)" in result.output


def test_a_sound_alike_added_after_a_published_body_is_told_its_address(tmp_path):
    data = _published_first(tmp_path, ("zhejiang/taizhou.txt", "台州市人民政府", "浙江省/台州市", 1))
    added = _write(data, "jiangsu/taizhou.txt", "泰州市人民政府", "江苏省/泰州市", 2)
    (outcome,) = outcomes([added], data_dir=data, cache_dir=tmp_path / "cache")
    assert outcome.ok, outcome.problems
    assert outcome.report["agency_id"] == "taizhoushi-renminzhengfu"  # its own parse, as it is stored
    assert ("已收录读音相同的另一机关，本机关页面地址为 agencies/taizhoushi-renminzhengfu-321200/ a sound-alike body holds "
            "the plain id: published as agencies/taizhoushi-renminzhengfu-321200/") in outcome.notices
    (published,) = outcomes([data / "reports/zhejiang/taizhou.txt"], data_dir=data, cache_dir=tmp_path / "cache")
    assert published.ok and not any("sound-alike" in n for n in published.notices)


def test_the_other_reports_come_from_the_build_cache(tmp_path):
    data = _published_first(tmp_path, *[(f"ningxia/{n}.txt", f"{place}人民政府", f"宁夏回族自治区/银川市/{place}", n)
                                        for n, place in enumerate(["兴庆区", "金凤区", "西夏区"])])
    cache = tmp_path / "cache"
    result = CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(tmp_path / "site"),
                                       "--cache-dir", str(cache), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    added = _write(data, "ningxia/new.txt", "永宁县人民政府", "宁夏回族自治区/银川市/永宁县", 9)
    events = []
    (outcome,) = outcomes([added], data_dir=data, cache_dir=cache, progress=events.append)
    assert outcome.ok and outcome.report["agency"] == "永宁县人民政府"
    assert [(e.path, e.done, e.total) for e in events] == [(added, 4, 4)]  # only the new one parsed
    events.clear()
    (again,) = outcomes([added], data_dir=data, cache_dir=cache, progress=events.append)
    assert events == [] and again.report == outcome.report  # now cached too


def test_of_two_files_of_one_body_and_year_the_one_published_first_stays(tmp_path):
    # the later file's name sorts first: without git it would be kept, as the first file in order
    data = tmp_path / "data"
    first = _write(data, "ningxia/xq.txt", "兴庆区人民政府", "宁夏回族自治区/银川市/兴庆区", 1)
    later = _write(data, "ningxia/xq-again.txt", "兴庆区人民政府", "宁夏回族自治区/银川市/兴庆区", 2)
    assert [o.ok for o in outcomes([first, later], data_dir=data)] == [False, True]
    later.rename(tmp_path / "aside.txt")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "published")
    (tmp_path / "aside.txt").rename(later)
    first_outcome, later_outcome = outcomes([first, later], data_dir=data)
    assert first_outcome.ok and not later_outcome.ok
    assert later_outcome.problems == [f"网站不会发布这份报告 the site would not publish it: 与 {first.as_posix()} 重复 "
                                      "duplicate of the same agency and year (id xingqingqu-renminzhengfu-2023)"]


def test_a_path_spelled_otherwise_than_the_data_folder_is_still_found(tmp_path, monkeypatch):
    data = _published_first(tmp_path, ("ningxia/su2.txt", "酥江区人民政府", "宁夏回族自治区/银川市/酥江区", 2))
    added = _write(data, "ningxia/su.txt", "苏江区人民政府", "宁夏回族自治区/银川市/苏江区", 1)
    (tmp_path / "link").symlink_to(data, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    for path, data_dir in [(added, "data"), (added.relative_to(tmp_path), "./data/"), (added, "link"),
                           (tmp_path / "link/reports/ningxia/su.txt", str(data))]:
        (outcome,) = outcomes([Path(path)], data_dir=Path(data_dir), cache_dir=tmp_path / "cache")
        assert len(outcome.problems) == 1 and "“苏江区”的页面地址与已收录的“酥江区”相同" in outcome.problems[0], path


def test_a_sound_alike_bodys_year_is_not_compared_with_another_bodys(tmp_path):
    # one agency_id as parsed (taizhoushi-renminzhengfu), consecutive years: two bodies, so no cross-year check
    data = tmp_path / "data"
    _write(data, "zhejiang/taizhou.txt", "台州市人民政府", "浙江省/台州市", 1, year=2022)
    _write(data, "jiangsu/taizhou.txt", "泰州市人民政府", "江苏省/泰州市", 2, year=2023)
    across = {"cross_year", "proactive_carry", "narrative_reuse"}
    for outcome in outcomes([], data_dir=data):
        assert outcome.report["agency_id"] == "taizhoushi-renminzhengfu"
        assert not {c["rule"] for c in outcome.report["checks"]} & across, outcome.path


def test_a_stored_reports_previous_year_is_compared_as_the_build_compares_it(tmp_path):
    data = tmp_path / "data"
    _write(data, "ningxia/xq-2022.txt", "兴庆区人民政府", "宁夏回族自治区/银川市/兴庆区", 1, year=2022)
    added = _write(data, "ningxia/xq-2023.txt", "兴庆区人民政府", "宁夏回族自治区/银川市/兴庆区", 2, year=2023)
    (outcome,) = outcomes([added], data_dir=data)
    assert {"cross_year", "proactive_carry"} <= {c["rule"] for c in outcome.report["checks"]}
