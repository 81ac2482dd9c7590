"""Two places whose pages would be one file (their slugs alike) are never both published: the place that
entered the repository first keeps the page, the other's reports are listed as failures that say why
(builder.batch._shared_region_pages), so no region page is written over another's."""

from __future__ import annotations

import random

from builder.batch import collect_reports
from builder.contribute.validation import validate_one
from builder.divisions import is_division_chain
from builder.pages.regions import region_page_files, region_tree, walk
from tests.metadata.test_homophone_ids_history import _git
from tests.textreport import random_values, write_report


def _write(data, name: str, agency: str, region: str, seed: int):
    path = data / "reports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(write_report(random_values(random.Random(seed)), agency=agency, year=2023), encoding="utf-8")
    path.with_suffix(".yml").write_text(f"region: {region}\n", encoding="utf-8")
    return path


def _commit(repo, message: str) -> None:
    if not (repo / ".git").is_dir():
        _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", message)


def _published(data) -> tuple[list[str], list[str], list[str]]:
    """The agencies published, and the files refused with their errors."""
    out = collect_reports(data, cache_dir=None, jobs=1)
    _pages_written_once(out.reports)
    return [r["agency"] for r in out.reports], [f.path.rsplit("/", 1)[-1] for f in out.failures], \
        [f.error for f in out.failures]


def _pages_written_once(reports) -> None:
    files: dict[str, str] = {}
    for region in walk(region_tree(reports)):
        written = region_page_files(region)
        assert not set(written) & set(files), f"{region.chain} overwrites a page"
        files.update(written)


def test_two_places_no_division_has_that_read_alike_get_one_page_the_first_entered(tmp_path):
    data = tmp_path / "data"
    _write(data, "su.txt", "苏江区人民政府", "宁夏回族自治区/银川市/苏江区", 1)
    _write(data, "su2.txt", "酥江区人民政府", "宁夏回族自治区/银川市/酥江区", 2)
    # no git: the smaller chain keeps the page (苏 U+82CF before 酥 U+9165)
    published, refused, errors = _published(data)
    assert (published, refused) == (["苏江区人民政府"], ["su2.txt"])
    assert "“酥江区”的页面地址与已收录的“苏江区”相同（regions/ningxia/yinchuan/sujiangqu/index.md）" in errors[0]
    # with git: 酥江区 was published first, 苏江区 added after it is the one refused
    (data / "reports" / "su.txt").rename(tmp_path / "later.txt")
    _commit(tmp_path, "first")
    (tmp_path / "later.txt").rename(data / "reports" / "su.txt")
    _commit(tmp_path, "second")
    published, refused, errors = _published(data)
    assert (published, refused) == (["酥江区人民政府"], ["su.txt"])
    assert "“苏江区”的页面地址与已收录的“酥江区”相同" in errors[0]


def test_a_city_given_without_its_province_does_not_take_the_province_page(tmp_path):
    data = tmp_path / "data"
    _write(data, "city.txt", "某某局", "{city: 吉林市}", 2)
    _commit(tmp_path, "first")  # published first, it is still not the province's page: divisions come first
    _write(data, "province.txt", "吉林省人民政府", "吉林省", 1)
    published, refused, errors = _published(data)
    assert (published, refused) == (["吉林省人民政府"], ["city.txt"])
    assert "regions/jilin/index.md" in errors[0]


def test_places_of_one_page_each_are_all_published(tmp_path):
    data = tmp_path / "data"
    _write(data, "a.txt", "兴庆区人民政府", "宁夏回族自治区/银川市/兴庆区", 1)
    _write(data, "b.txt", "星庆区人民政府", "宁夏回族自治区/银川市/星庆区", 2)  # its own page (a hash appended)
    _write(data, "c.txt", "银川市人民政府", "宁夏/银川市", 3)  # 宁夏 is 宁夏回族自治区: one place
    published, refused, _errors = _published(data)
    assert refused == [] and len(published) == 3


def test_a_chain_of_divisions_each_in_the_one_before():
    assert is_division_chain((("province", "江西省"), ("city", "抚州市")))
    assert is_division_chain((("province", "北京市"), ("county", "东城区")))  # a municipality: cpca's 市辖区
    assert is_division_chain((("province", "湖北省"), ("county", "仙桃市")))  # ruled by its province
    assert not is_division_chain((("province", "江西省"), ("city", "福州市")))  # 福建省's
    assert not is_division_chain((("city", "吉林市"),))
    assert not is_division_chain((("province", "宁夏回族自治区"), ("city", "银川市"), ("county", "星庆区")))
    assert not is_division_chain((("province", "江苏省"), ("county", "清江浦区")))  # 淮安市's: a level skipped


def test_validation_notes_a_region_that_is_no_chain_of_divisions(tmp_path):
    data = tmp_path / "data"
    typo = _write(data, "typo.txt", "星庆区人民政府", "宁夏回族自治区/银川市/星庆区", 1)
    real = _write(data, "real.txt", "兴庆区人民政府", "宁夏回族自治区/银川市/兴庆区", 2)
    notes = {path.name: validate_one(path, data).notices for path in (typo, real)}
    assert any("“宁夏回族自治区/银川市/星庆区”不是行政区划表中逐级相属的地名" in n for n in notes["typo.txt"])
    assert not any("行政区划表" in n for n in notes["real.txt"])
