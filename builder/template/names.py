"""How reports print their title, their dates and the names of agencies and divisions.

The metadata step (builder.metadata), the checks that compare names (builder.check.law,
builder.check.metadata), the contributor's folders (builder.contribute) and the site's search
dictionary (builder.site) ask this module; none of them spells a name's words of its own.
"""

from __future__ import annotations

import re

from builder.template.sites import INFO_LABELS

# ---------------------------------------------------------------- titles and dates

# XX局2023年政府信息公开工作年度报告 (the agency before the year, or after it: 2023年XX局…).
TITLE = re.compile(r"^(?P<before>.*?)(?:关于)?(?P<year>(?:19|20)\d{2})年度?(?P<after>.*?)(?:政府)?(?:信息公开|政务公开)")
# The year after the words: XX局政府信息公开工作年度报告（2022年度）.
TITLE_YEAR_LAST = re.compile(
    r"^(?P<agency>.*?)(?:政府)?(?:信息公开|政务公开)[^()（）]{0,12}报告[(（](?P<year>(?:19|20)\d{2})年?度?[)）]")
# A report's year at either end of its file's name (…-2020, 2020年度…): {year} is filled in by the caller.
FILE_NAME_YEAR = r"^{year}年?度?[-_.\s]*|[-_.\s]*{year}年?度?$"
# A title line says 报告; what a title may print before the agency (关于印发…).
REPORT_WORD = "报告"
TITLE_PREFIX = re.compile(r"^(?:关于)?(?:印发|发布|公布)?")
DATE = re.compile(r"((?:19|20)\d{2})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
PUBLISHED = re.compile(
    r"((?:发布|公开|成文)(?:日期|时间))[:：]?\s*((?:19|20)\d{2}\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2})")
# The bare date a page prints above the text (时间：2024-01-26 10:30, 来源：XX　时间：…), not an
# update, validity or office-hours time (更新时间, 生效日期, 工作时间).
PAGE_TIME = re.compile(
    r"(?<![布开文新效止问作理])(时间|日期)[:：]\s*((?:19|20)\d{2}\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2})")
# 2023年1月1日 (至12月31日): the start of the period a report covers, not a publication date.
PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
# What a web page prints around an article: 发布日期：… 来源：… 浏览次数：… — never part of the title.
PAGE_INFO = re.compile(r"(?:发布|来源|浏览|点击|作者|字号|时间|日期|打印|关闭|分享|索引号|文号|"
                       + "|".join(INFO_LABELS) + r")[^:：]{0,3}[:：]")
# 本报告由XX编制: the agency named in the opening paragraphs.
COMPILED_BY = re.compile(r"本(?:年度)?报告(?:是)?由([\u4e00-\u9fff]{2,30}?)(?:根据|依据|按照|编制|制作|发布)")
# Dates in Chinese numerals (二〇二三年一月十六日): a hint, a full date, a year alone, its digits.
CN_DATE_HINT = re.compile(r"[〇零一二三四五六七八九十]{2,4}年")
CN_DATE = re.compile(r"[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日")
CN_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}(?=年)")
CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")

# ---------------------------------------------------------------- agencies

# How an agency's name ends (a name without such an ending is not an agency's).
AGENCY_END = re.compile(r"(人民政府|政府|办事处|委员会|办公室|办公厅|局|厅|委|办|署|院|中心|所|站|队|会|部|处|馆|室|乡|镇|街道)$")
PEOPLES_GOVERNMENT = "人民政府"
# A name that is the government itself, once its division is stripped.
GOVERNMENT_WORDS = ("", PEOPLES_GOVERNMENT, "政府")
GOVERNMENT_END = re.compile(r"(人民政府|政府)$")
# A department's name (not a township's): 局, 委员会, 办公室.
DEPARTMENT_END = re.compile(r"(局|委员会|办公室)$")
# A township, and the government words after it: 月牙湖乡人民政府, 韵家口镇政府, XX街道办事处.
TOWNSHIP = re.compile(r"([\u4e00-\u9fff]{1,12}?(?:民族乡|乡|镇|街道|苏木))(?:人民政府|政府|办事处)?")
# The formal name: 韵家口镇政府 → 韵家口镇人民政府, 月牙湖乡 → 月牙湖乡人民政府, XX街道 → XX街道办事处.
TOWNSHIP_GOVERNMENT = re.compile(r"(乡|镇)政府$")
DIVISION_NAME_END = re.compile(r"(乡|镇|县|区|市|旗|州|盟|苏木)$")
SUBDISTRICT = "街道"
SUBDISTRICT_OFFICE = "办事处"
# Names of zones, not divisions: 经济技术开发区, 综合实验区, 深度合作区, 示范区, 工业园区, 高新区.
ZONE_END = re.compile(r"(开发区|实验区|合作区|示范区|园区|高新区|保税区|自贸区|试验区)$")
# Words a body's name may carry or drop without naming another body.
GENERIC_END = re.compile(r"(人民政府|政府|办事处|办公室|管理委员会|管委会)$")
# 乡镇人民政府 and 街道办事处 are not 县级以上 ("王乐井乡" too).
NOT_COUNTY_LEVEL = re.compile(r"([乡镇](人民)?政府|[乡镇]|街道办事处|街道办|街道)$")

# ---------------------------------------------------------------- divisions

# cpca's placeholders for the city level of 北京、上海 … and of counties governed by the province.
NOT_A_PLACE = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
# …of which these name no city a folder should be named after (cpca writes 市辖区 or 县 for a
# municipality's city level, 省直辖县级行政区划 for a county-level city ruled by its province).
PLACEHOLDER_CITIES = frozenset({"市辖区", "县"})
DIRECTLY_RULED = ("直辖县级行政区划",)
# A city before a county in the text (南京市鼓楼区): the city a district name that four cities share is in.
CITY_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,6}?(?:市|州|盟|地区))")
# A county-level city since turned district or county (临安市 → 临安区).
CITY_END = "市"
DISTRICT_ENDS = ("区", "县")
# The last character of a division's name, where a name printed before a county ends.
DIVISION_ENDS = "省市州盟区县旗"
# One administrative unit of a name (宁夏回族自治区 | 银川市 | 兴庆区 | 月牙湖乡), for slugs.
UNIT = re.compile(r".+?(?:自治区|自治州|自治县|自治旗|特别行政区|省|市|地区|盟|县|区|旗|乡|镇|街道|$)")
PROVINCE_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
# The peoples named in the 30 autonomous prefectures' names, stripped with 自治州 (延边朝鲜族自治州 → 延边).
PEOPLES = "朝鲜|土家|布依|哈尼|景颇|傈僳|蒙古|哈萨克|柯尔克孜|维吾尔|苗|侗|彝|藏|羌|傣|白|壮|回"
# Region slugs where pinyin without tones reads two provinces alike: 山西 and 陕西 are both shanxi, and
# 陕西 is spelt Shaanxi in its official romanization (ISO 3166-2:CN-SN, the State Council's English name).
PROVINCE_SLUGS = {"陕西": "shaanxi"}
CITY_SUFFIX = re.compile(rf"(?:(?:{PEOPLES})族?)*自治州$|市$|地区$|盟$")
# Longest first: 宁夏回族自治区 → 宁夏, 月牙湖乡 → 月牙湖 (the short names people type).
PLACE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "自治旗",
                  "地区", "街道", "省", "市", "区", "县", "旗", "盟", "乡", "镇")
