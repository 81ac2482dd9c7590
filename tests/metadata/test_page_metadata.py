"""Who published it, where and when, as government sites publish it: meta tags, the information
table, zones and renamed places cpca does not know, names as printed, stable body ids."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.metadata import _cpca, body_id, region_from_site_code, resolve_region
from builder.parse import parse_report
from builder.read.html import page_metadata, read_html
from builder.template import RULE
from builder.template.places import current_id, place_in, places, predecessors, renames

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "fixtures" / "pages"
SEEDS = ROOT / "data" / "reports"


@pytest.fixture(scope="module")
def zone() -> dict:
    return parse_report(PAGES / "page-zone-pingtan-2023.html")


@pytest.fixture(scope="module")
def info_table() -> dict:
    return parse_report(PAGES / "page-infotable-qinhuai-2023.html")


# ---------------------------------------------------------------- reading the page


def test_html_reader_keeps_the_government_meta_tags_and_information_table():
    doc = read_html(PAGES / "page-infotable-qinhuai-2023.html")
    assert doc.meta["meta:SiteIDCode"] == "3201040001"
    assert doc.meta["meta:PubDate"] == "2024-01-22"
    assert doc.meta["meta:ContentSource"] == "南京市秦淮区文化和旅游局"
    assert doc.meta["info-table:发布机构"] == "南京市秦淮区文化和旅游局"
    assert doc.meta["info-table:发文日期"] == "2024-01-22"
    assert doc.meta["info-table:索引号"] == "11320104MB1234567X/2024-00003"


def test_meta_tag_names_match_whatever_case_the_site_writes():
    meta = page_metadata('<html><head><meta name="pubdate" content="2024-01-02">'
                         '<META NAME="SITEIDCODE" CONTENT="3501280001"><meta name="robots" content="all">'
                         "</head><body><p>x</p></body></html>")
    assert meta == {"meta:PubDate": "2024-01-02", "meta:SiteIDCode": "3501280001"}


def test_an_information_table_in_one_cell_per_item_and_a_data_table_is_not_one():
    meta = page_metadata("<table><tr><td>索引号：123/2024-1</td><td>发布机构：XX县教育局</td></tr>"
                         "<tr><td>成文日期：2024年1月5日</td><td>主题分类：教育</td></tr></table>"
                         "<table><tr><td>发布机构</td><td>1</td></tr></table>")
    assert meta == {"info-table:索引号": "123/2024-1", "info-table:发布机构": "XX县教育局",
                    "info-table:成文日期": "2024年1月5日", "info-table:主题分类": "教育"}


def test_other_readers_leave_page_metadata_empty():
    from builder.read import read_document

    assert read_document(SEEDS / "ningxia/yinchuan/xingqingqu-yueyahuxiang-renminzhengfu-2020.txt").meta == {}


# ---------------------------------------------------------------- the zone page of the issue


def test_zone_page_names_the_zone_as_printed_and_places_it(zone):
    assert zone["agency"] == "平潭综合实验区"  # never 平潭综合实验区人民政府: the page does not print it
    assert zone["agency_normalized"] == "平潭综合实验区"
    assert zone["region"] == {"province": "福建省", "city": "福州市", "county": None, "township": None}
    assert zone["body_id"] == "350128:平潭综合实验区"


def test_zone_page_published_from_the_date_printed_above_the_text(zone):
    # 时间：2024-01-26 is printed; PubDate (2024-01-26 09:30) would say the same but ranks after it.
    assert zone["published"] == "2024-01-26"
    assert zone["metadata_sources"] == {"agency": "title", "year": "title", "region": "places-table",
                                        "published": "page:时间"}


def test_page_date_printed_after_the_source(tmp_path):
    html = (PAGES / "page-zone-pingtan-2023.html").read_text(encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(html.replace("时间：2024-01-26　来源：平潭综合实验区管理委员会办公室",
                                 "来源：平潭综合实验区管理委员会办公室　更新时间：2024-03-01　时间：2024-01-25"),
                    encoding="utf-8")
    report = parse_report(page)
    assert report["published"] == "2024-01-25"
    assert report["metadata_sources"]["published"] == "page:时间"


def test_page_meta_date_is_the_last_resort(tmp_path):
    html = (PAGES / "page-zone-pingtan-2023.html").read_text(encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(html.replace("时间：2024-01-26", ""), encoding="utf-8")
    report = parse_report(page)
    assert report["published"] == "2024-01-26"
    assert report["metadata_sources"]["published"] == "meta:PubDate"


def test_information_table_date_and_sources(info_table):
    assert info_table["published"] == "2024-01-22"  # 发文日期, not the signature's 2024-01-19
    assert info_table["metadata_sources"]["published"] == "info-table:发文日期"
    assert info_table["page_metadata"]["info-table:发布机构"] == "南京市秦淮区文化和旅游局"
    assert info_table["body_id"] == "320104:文化和旅游局"
    assert not [c for c in info_table["checks"] if c["rule"] == "metadata_conflict"]


def test_saved_text_page_keeps_its_information_lines():
    report = parse_report(PAGES / "page-savedtext-hengqin-2022.txt")
    assert report["page_metadata"]["info-table:发布机构"] == "横琴粤澳深度合作区城市规划和建设局"
    assert report["published"] == "2023-01-19"
    assert report["metadata_sources"]["published"] == "info-table:发文日期"
    # cpca alone reads 合作区 as 甘肃合作市.
    assert report["region"]["province"] == "广东省" and report["region"]["city"] == "珠海市"


def test_agency_from_the_information_table_when_the_report_names_none(tmp_path):
    text = (PAGES / "page-savedtext-hengqin-2022.txt").read_text(encoding="utf-8")
    text = text.replace("横琴粤澳深度合作区城市规划和建设局2022年政府信息公开工作年度报告", "2022年政府信息公开工作年度报告")
    text = text.rstrip().removesuffix("横琴粤澳深度合作区城市规划和建设局")
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    report = parse_report(page)
    assert report["agency"] == "横琴粤澳深度合作区城市规划和建设局"
    assert report["metadata_sources"]["agency"] == "info-table:发布机构"
    assert report["region"]["city"] == "珠海市"


# ---------------------------------------------------------------- disagreement


def test_furniture_that_disagrees_with_the_report_is_a_warning_and_the_report_wins(tmp_path):
    html = (PAGES / "page-infotable-qinhuai-2023.html").read_text(encoding="utf-8")
    html = html.replace("<td>南京市秦淮区文化和旅游局</td>", "<td>南京市秦淮区教育局</td>")
    html = html.replace('name="PubDate" content="2024-01-22"', 'name="PubDate" content="2023-12-30"')
    html = html.replace('content="2023年南京市秦淮区文化和旅游局', 'content="2022年南京市秦淮区文化和旅游局')
    html = html.replace('content="3201040001"', 'content="3501280001"')
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    report = parse_report(page)
    assert report["agency"] == "南京市秦淮区文化和旅游局"  # what the report prints
    assert report["year"] == 2023 and report["region"]["province"] == "江苏省"
    conflicts = [c for c in report["checks"] if c["rule"] == "metadata_conflict"]
    assert RULE["metadata_conflict"].severity == "warning"
    assert {c["severity"] for c in conflicts} == {"warning"}
    messages = " ".join(c["message"] for c in conflicts)
    assert "南京市秦淮区教育局" in messages        # 发布机构
    assert "2022 年度" in messages                # ArticleTitle
    assert "2023-12-30" in messages and "2024-01-19" in messages  # published before signed
    assert "福建省" in messages                   # SiteIDCode
    assert len(conflicts) == 4


# ---------------------------------------------------------------- places cpca does not know


@pytest.mark.parametrize(("agency", "expected"), [
    ("平城区人民政府", ("山西省", "大同市", "平城区")),            # cpca alone: 汕尾市城区
    ("大同市云冈区教育局", ("山西省", "大同市", "云冈区")),
    ("杭州市临安区自然资源和规划局", ("浙江省", "杭州市", "临安区")),
    ("宁波市奉化区文化广电旅游体育局", ("浙江省", "宁波市", "奉化区")),
    ("雄安新区管理委员会", ("河北省", "保定市", None)),
    ("重庆两江新区管理委员会", ("重庆市", None, None)),
    ("横琴粤澳深度合作区执行委员会", ("广东省", "珠海市", None)),  # cpca alone: 甘肃合作市
    ("平潭综合实验区管理委员会办公室", ("福建省", "福州市", None)),
    ("杨凌示范区管委会", ("陕西省", "咸阳市", None)),
])
def test_zones_and_renamed_places_resolve_from_the_maintained_table(agency, expected):
    region = resolve_region(agency, "")
    assert (region["province"], region["city"], region["county"]) == expected


def test_a_place_name_under_another_city_is_not_the_table_s():
    assert place_in("重庆市江北区教育局") is None
    assert place_in("广东省汕尾市平城区") is None  # the words before it name another province
    assert place_in("山西省大同市平城区民政局")[0].adcode == "140213"


def test_region_is_never_taken_from_an_unrelated_place_in_the_text():
    text = "平潭综合实验区管理委员会办公室转发福建省人民政府和厦门市思明区的通知。"
    region = resolve_region("平潭综合实验区管理委员会办公室", text)
    assert (region["province"], region["city"], region["county"]) == ("福建省", "福州市", None)


def test_site_identification_code_names_the_owner_s_division():
    assert region_from_site_code("3201040001") == {"province": "江苏省", "city": "南京市", "county": "秦淮区",
                                                   "township": None}
    assert region_from_site_code("1402130001")["county"] == "平城区"  # a code cpca predates
    assert region_from_site_code("1100000001") == {"province": "北京市", "city": None, "county": None,
                                                   "township": None}
    assert region_from_site_code("bm01000001")["province"] is None


def test_site_code_places_a_body_the_text_cannot(tmp_path):
    text = (PAGES / "page-savedtext-hengqin-2022.txt").read_text(encoding="utf-8")
    text = text.replace("横琴粤澳深度合作区城市规划和建设局", "本局")
    html = "<html><head><meta name='SiteIDCode' content='3501280001'></head><body>" + "".join(
        f"<p>{line}</p>" for line in text.splitlines()) + "</body></html>"
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    report = parse_report(page)
    assert report["region"]["province"] == "福建省" and report["region"]["county"] == "平潭县"
    assert report["metadata_sources"]["region"] == "meta:SiteIDCode"


def test_the_tables_hold_only_what_cpca_misses_or_misplaces():
    rows = places()
    assert len(rows) >= 12 and len({p.name for p in rows}) == len(rows)
    frame = _cpca().transform([p.name for p in rows])
    for place, (_i, rec) in zip(rows, frame.iterrows(), strict=True):
        got = (rec["省"], rec["市"] if isinstance(rec["市"], str) else None, rec["区"] if isinstance(rec["区"], str) else None)
        if place.is_zone:
            # cpca knows at most the province and city the zone lies in, never the zone itself
            assert got[2] is None or got[0] != place.province, place.name
        else:
            assert got[1:] != (place.city, place.county), place.name  # unknown by this name, or under another city
    for rename in renames():
        assert rename.year >= 2012
        if not rename.old_id.startswith("*"):
            assert _cpca().adcode_name(rename.old_id) == rename.old_name  # cpca's own old code and name


# ---------------------------------------------------------------- names as printed


@pytest.mark.parametrize(("seed", "agency", "normalized"), [
    # The signature prints the full name: that is as printed (the contract's example).
    ("ningxia/yinchuan/xingqingqu-yueyahuxiang-renminzhengfu-2020.txt", "兴庆区月牙湖乡人民政府", "兴庆区月牙湖乡人民政府"),
    # Only the title names it, without 人民政府; the text never prints 盐池县王乐井乡人民政府.
    ("ningxia/wuzhong/yanchixian-wanglejingxiang-renminzhengfu-2020.txt", "盐池县王乐井乡", "盐池县王乐井乡人民政府"),
    # 城东区韵家口镇政府 (title) and 韵家口镇人民政府 (signature): the fuller as printed.
    ("qinghai/xining/chengdongqu-yunjiakouzhen-renminzhengfu-2020.txt", "城东区韵家口镇政府", "城东区韵家口镇人民政府"),
    # The title says 南山嘴乡; the text prints 南山嘴乡人民政府.
    ("hebei/chengde/nanshanzuixiang-renminzhengfu-2020.txt", "南山嘴乡人民政府", "南山嘴乡人民政府"),
])
def test_agency_is_the_name_as_printed_and_the_slug_is_unchanged(seed, agency, normalized):
    report = parse_report(SEEDS / seed)
    assert report["agency"] == agency
    assert report["agency_normalized"] == normalized
    assert f"{report['agency_id']}-{report['year']}" == Path(seed).stem  # storage path and pages unchanged


def test_a_sidecar_agency_is_the_contributor_s(tmp_path):
    seed = SEEDS / "ningxia/wuzhong/yanchixian-wanglejingxiang-renminzhengfu-2020.txt"
    shutil.copyfile(seed, tmp_path / seed.name)
    (tmp_path / seed.name).with_suffix(".yml").write_text("agency: 盐池县王乐井乡人民政府\n", encoding="utf-8")
    report = parse_report(tmp_path / seed.name)
    assert report["agency"] == report["agency_normalized"] == "盐池县王乐井乡人民政府"
    assert report["metadata_sources"]["agency"] == "sidecar"
    assert report["agency_id"] == "yanchixian-wanglejingxiang-renminzhengfu"


# ---------------------------------------------------------------- stable ids


@pytest.mark.parametrize(("name", "region", "expected"), [
    ("兴庆区人民政府", ("宁夏回族自治区", "银川市", "兴庆区"), "640104"),
    ("宁夏回族自治区银川市兴庆区教育局", ("宁夏回族自治区", "银川市", "兴庆区"), "640104:教育局"),
    ("兴庆区月牙湖乡人民政府", ("宁夏回族自治区", "银川市", "兴庆区"), "640104:月牙湖乡人民政府"),
    ("浙江省交通运输厅", ("浙江省", None, None), "330000:交通运输厅"),
    ("上海市浦东新区生态环境局", ("上海市", None, "浦东新区"), "310115:生态环境局"),
    # Renames followed to today's id: 临安市 (330185) is 临安区 (330112) since 2017, and its
    # 环境保护局 the 生态环境局 since 2019.
    ("临安市环境保护局", ("浙江省", "杭州市", "临安市"), "330112:生态环境局"),
    ("杭州市临安区生态环境局", ("浙江省", "杭州市", "临安区"), "330112:生态环境局"),
    ("大同市城区人民政府", ("山西省", "大同市", "城区"), "140213"),
    ("平城区人民政府", ("山西省", "大同市", "平城区"), "140213"),
])
def test_body_ids_survive_renames(name, region, expected):
    assert body_id(name, dict(zip(("province", "city", "county"), region, strict=True))) == expected


def test_body_id_is_none_when_the_region_is_unknown():
    assert body_id("某某局", {"province": None, "city": None, "county": None}) is None


def test_rename_history():
    assert current_id("330185") == "330112"
    assert current_id("640104:教育局") == "640104:教育局"
    steps = predecessors("330112:生态环境局")
    assert [(s.old_name, s.year) for s in steps] == [("临安市", 2017), ("环境保护局", 2019)]


# ---------------------------------------------------------------- add, validate, agency pages


def test_agency_page_history_line_names_earlier_names_escaped():
    from builder.pages.agency import history_line

    line = history_line([{"agency": "临安市环境保护局", "year": 2016, "body_id": "330112:生态环境局"},
                         {"agency": "杭州市临安区生态环境局*", "year": 2020, "body_id": "330112:生态环境局"}])
    assert "2017 年前所在区划称临安市" in line and "2019 年前称环境保护局" in line
    assert "临安市环境保护局（2016）" in line and "生态环境局\\*（2020）" in line  # markup escaped
    assert "330112:生态环境局" in line
    assert history_line([{"agency": "兴庆区人民政府", "year": 2020, "body_id": "640104"}]) == ""


@pytest.mark.slow
def test_add_proposes_the_metadata_and_validate_warns_on_an_unresolved_region(tmp_path):
    from click.testing import CliRunner

    from builder.cli import main

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    zone_page = tmp_path / "incoming" / "平潭.html"
    zone_page.parent.mkdir()
    shutil.copyfile(PAGES / "page-zone-pingtan-2023.html", zone_page)
    result = CliRunner().invoke(main, ["add", str(zone_page), "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert "机构标识码 body id: 350128:平潭综合实验区" in result.output
    assert "published ← page:时间" in result.output and "region ← places-table" in result.output
    assert "--agency / --region" in result.output
    stored = data / "reports/fujian/fuzhou/pingtanzongheshiyanqu-2023.html"
    assert stored.is_file()

    # A body nothing places: validate says so (a note, not silence, not a failure).
    unknown = tmp_path / "incoming" / "unknown.txt"
    text = (PAGES / "page-savedtext-hengqin-2022.txt").read_text(encoding="utf-8")
    unknown.write_text(text.replace("横琴粤澳深度合作区城市规划和建设局", "某某局"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(unknown), "--data", str(data), "--cache-dir", str(data.parent / "cache")])
    assert "region could not be resolved" in result.output


def test_an_information_line_naming_the_report_is_not_taken_for_its_title(tmp_path):
    text = (PAGES / "page-savedtext-hengqin-2022.txt").read_text(encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text("名称：横琴粤澳深度合作区城市规划和建设局2022年政府信息公开工作年度报告\n" + text, encoding="utf-8")
    report = parse_report(page)
    assert report["agency"] == "横琴粤澳深度合作区城市规划和建设局"  # not 名称：横琴…
    assert report["page_metadata"]["info-table:名称"].endswith("年度报告")


@pytest.mark.parametrize(("name", "expected"), [
    ("上海市浦东新区", ("上海市", "浦东新区")), ("天津市滨海新区", ("天津市", "滨海新区")),
    ("苏州工业园区管理委员会", ("江苏省", None)),
])
def test_zones_cpca_already_places_are_not_in_the_table(name, expected):
    assert place_in(name) is None
    region = resolve_region(name, "")
    assert (region["province"], region["county"]) == expected
