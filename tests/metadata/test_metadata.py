"""Agency, year, region and ids from the way reports name themselves."""

from __future__ import annotations

import pytest

from builder.metadata import _parse_title, region_slug, resolve_region, slugify


@pytest.mark.parametrize(("title", "agency", "year"), [
    ("淮安市人民政府2024年政府信息公开工作年度报告", "淮安市人民政府", 2024),
    ("2023年度南京市玄武区教育局政府信息公开工作年度报告", "南京市玄武区教育局", 2023),
    ("关于印发XX县2021年政府信息公开工作年度报告的通知", "XX县", 2021),
    ("上海市浦东新区生态环境局政府信息公开工作年度报告（2022年度）", "上海市浦东新区生态环境局", 2022),
])
def test_titles(title, agency, year):
    assert _parse_title(title) == (agency, year)


@pytest.mark.parametrize(("agency", "text", "expected"), [
    ("南京市玄武区教育局", "", ("江苏省", "南京市", "玄武区", None)),
    ("北京市朝阳区人民政府", "", ("北京市", None, "朝阳区", None)),  # no 市辖区 placeholder
    ("江苏省民政厅", "", ("江苏省", None, None, None)),
    ("浙江省交通运输厅", "依托公开平台发布。", ("浙江省", None, None, None)),  # 开平 in prose is not a place
    ("武侯区簇桥街道办事处", "", ("四川省", "成都市", "武侯区", "簇桥街道")),
    ("南山嘴乡人民政府", "本报告在围场满族蒙古族自治县南山嘴乡人民政府门户网站公开",
     ("河北省", "承德市", "围场满族蒙古族自治县", "南山嘴乡")),
])
def test_regions(agency, text, expected):
    region = resolve_region(agency, text)
    assert (region["province"], region["city"], region["county"], region["township"]) == expected


def test_slugs_read_place_names_right():
    assert slugify("兴庆区月牙湖乡人民政府") == "xingqingqu-yueyahuxiang-renminzhengfu"
    assert slugify("长治市") == "changzhishi"
    assert slugify("单县人民政府") == "shanxian-renminzhengfu"
    assert region_slug("宁夏回族自治区", "province") == "ningxia"
    assert region_slug("延边朝鲜族自治州", "city") == "yanbian"
    assert region_slug("锡林郭勒盟", "city") == "xilinguole"
