"""Region pages and files are named by pinyin without tones, which reads some places alike. No two
divisions of one parent may share a page (山西 and 陕西 did: both regions/shanxi/, one page overwriting
the other), and a name that is no division's but reads as one (a sidecar's 星庆区 for 兴庆区) gets a page
of its own instead of taking the division's. A sidecar's abbreviated province or city is the
division's full name, so 宁夏 and 宁夏回族自治区 are one region with one page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.divisions import _tables, full_names
from builder.metadata import region_slug
from builder.pages.common import region_page
from builder.pages.regions import region_page_files, region_tree, walk
from builder.parse import parse_report

SEED = Path(__file__).resolve().parents[2] / "data" / "reports"


def _division_chains():
    """The (level, name) chain of every division cpca knows, from its province down."""
    names = _tables()[0]
    for code, name in names.items():
        if code[2:6] == "0000":
            yield (("province", name),)
        elif code[4:6] == "00":
            yield (("province", names[code[:2] + "0" * 10]), ("city", name))
        elif code[:4] + "0" * 8 in names:
            yield (("province", names[code[:2] + "0" * 10]), ("city", names[code[:4] + "0" * 8]), ("county", name))


def test_no_two_divisions_share_a_page():
    chains_of: dict[str, set] = {}
    for chain in _division_chains():
        chains_of.setdefault(region_page(chain), set()).add(chain)
    assert len(chains_of) > 3000
    assert {page: chains for page, chains in chains_of.items() if len(chains) > 1} == {}


def test_shanxi_and_shaanxi_are_two_provinces():
    assert region_page((("province", "山西省"),)) == "regions/shanxi/index.md"
    assert region_page((("province", "陕西省"),)) == "regions/shaanxi/index.md"
    assert region_slug("陕西省", "province") == "shaanxi"  # (downloads' and search's province folders too)


def test_a_homophone_of_a_division_gets_its_own_page():
    real = (("province", "宁夏回族自治区"), ("city", "银川市"), ("county", "兴庆区"))
    homophone = real[:2] + (("county", "星庆区"),)
    assert region_page(real) == "regions/ningxia/yinchuan/xingqingqu/index.md"
    assert region_page(homophone).startswith("regions/ningxia/yinchuan/xingqingqu-")
    assert region_page(homophone) != region_page(real)
    assert region_slug("删西省", "province").startswith("shanxi-")
    # A place that is no division and reads as none keeps its plain slug (a development zone).
    assert region_page(real[:2] + (("county", "经济技术开发区"),)) == "regions/ningxia/yinchuan/jingjijishukaifaqu/index.md"

    reports = [{"id": f"{body}-2023", "agency_id": body, "agency": agency, "year": 2023, "level": "county",
                "region": dict(chain), "values": {"requests.new_received.total": n}, "checks": []}
               for body, agency, chain, n in (("xingqingqu", "兴庆区人民政府", real, 11),
                                             ("xingqingqu-x", "星庆区人民政府", homophone, 22))]
    files = {}
    for region in walk(region_tree(reports)):
        written = region_page_files(region)
        assert not set(written) & set(files), f"{region.chain} overwrites a page"
        files.update(written)
    # Each place has one body: its page sends the reader to that body's page, not to the other's.
    assert 'location: "../../../../agencies/xingqingqu/"' in files[region_page(real)]
    assert 'location: "../../../../agencies/xingqingqu-x/"' in files[region_page(homophone)]


def test_full_names():
    assert full_names({"province": "宁夏", "city": "银川", "county": "兴庆区"}) == {
        "province": "宁夏回族自治区", "city": "银川市", "county": "兴庆区"}
    # A city of another province, and a province no division is, stay as given.
    assert full_names({"province": "宁夏", "city": "淮安"}) == {"province": "宁夏回族自治区", "city": "淮安"}
    assert full_names({"province": "新疆生产建设兵团"}) == {"province": "新疆生产建设兵团"}


@pytest.fixture
def report(tmp_path) -> Path:
    seed = next(SEED.rglob("*.txt"))
    path = tmp_path / seed.name
    shutil.copyfile(seed, path)
    return path


def test_a_sidecars_abbreviated_province_is_the_divisions_full_name(report):
    report.with_suffix(".yml").write_text("region: 宁夏/银川/兴庆区\n", encoding="utf-8")
    parsed = parse_report(report)
    assert parsed["region"]["province"] == "宁夏回族自治区" and parsed["region"]["city"] == "银川市"
    assert parsed["region"]["county"] == "兴庆区"
