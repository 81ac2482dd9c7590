"""Who published the report, for which year and place, and when.

The agency comes from the title (兴庆区月牙湖乡 / 2020 年政府信息公开工作年度报告),
checked against the signature block at the end; the region from the agency
name with `cpca`, or, when the name is too short (南山嘴乡), from the place
names in the text. A sidecar ``<report>.yml`` beside the report overrides any
of it.
"""

from __future__ import annotations

import re
from functools import cache

from builder.locate import Located
from builder.read.document import Document
from builder.textnorm import compact

LEVELS = ("province", "city", "county", "township")

_TITLE = re.compile(r"^(?P<before>.*?)(?:关于)?(?P<year>(?:19|20)\d{2})年度?(?P<after>.*?)(?:政府)?(?:信息公开|政务公开)")
_TITLE_YEAR_LAST = re.compile(r"^(?P<agency>.*?)(?:政府)?(?:信息公开|政务公开)[^()（）]{0,12}报告[(（](?P<year>(?:19|20)\d{2})年?度?[)）]")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
_PUBLISHED = re.compile(r"(?:发布|公开|成文)(?:日期|时间)[:：]?\s*((?:19|20)\d{2}\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2})")
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_AGENCY_END = re.compile(r"(人民政府|政府|办事处|委员会|办公室|办公厅|局|厅|委|办|署|院|中心|所|站|队|会|部|处|馆|室|乡|镇|街道)$")
_TOWNSHIP = re.compile(r"([\u4e00-\u9fff]{1,12}?(?:民族乡|乡|镇|街道|苏木))(?:人民政府|政府|办事处)?")


def extract_metadata(doc: Document, located: Located) -> dict:
    title = _title(located)
    agency_from_title, year = _parse_title(title)
    signature = _signature(located.paragraphs)
    agency = _choose_agency(agency_from_title, signature) or _agency_in_body(located.paragraphs)
    if year is None:
        match = _PERIOD.search(compact(_arabic_dates("\n".join(located.paragraphs[:30]))))
        year = int(match.group(1)) if match else None
    text = "\n".join(located.paragraphs)
    region = resolve_region(agency or "", text)
    return {
        "agency": agency,
        "agency_id": slugify(agency) if agency else "unknown",
        "year": year,
        "region": region,
        "level": level_of(region),
        "published": _published(located.paragraphs),
    }


# What a web page prints around an article: 发布日期：… 来源：… 浏览次数：… — never part of the title.
_PAGE_INFO = re.compile(r"(?:发布|来源|浏览|点击|作者|字号|时间|日期|打印|关闭|分享|索引号|文号)[^:：]{0,3}[:：]")


def _title(located: Located) -> str:
    """The line naming the report, with the line above it when the title is split after the agency."""
    lines = [compact(_arabic_dates(_PAGE_INFO.split(ln)[0])) for ln in (located.preamble or located.paragraphs[:8])[:10]]
    lines = [ln for ln in lines if ln]
    for i, line in enumerate(lines):
        if "报告" in line:
            agency, _year = _parse_title(line)
            if agency is None and i > 0 and len(lines[i - 1]) <= 30:
                return lines[i - 1] + line
            return line
    return "".join(lines[:2])


def _parse_title(title: str) -> tuple[str | None, int | None]:
    match = _TITLE.search(title)
    if not match:
        # The year after the words: XX局政府信息公开工作年度报告（2022年度）
        late = _TITLE_YEAR_LAST.search(title)
        if not late:
            return None, None
        return (late.group("agency") or None), int(late.group("year"))
    agency = match.group("before") or match.group("after")
    agency = re.sub(r"^(?:关于)?(?:印发|发布|公布)?", "", agency).strip("《》“”\"") or None
    return agency, int(match.group("year"))


def _signature(paragraphs: list[str]) -> str | None:
    """The agency named on the line before the closing date, if the report ends like a letter."""
    tail = [compact(p) for p in paragraphs[-6:] if compact(p)]
    for i in range(len(tail) - 1, 0, -1):
        if _DATE.fullmatch(tail[i]) or (_DATE.match(tail[i]) and len(tail[i]) <= 16):
            candidate = tail[i - 1]
            if len(candidate) <= 30 and _AGENCY_END.search(candidate):
                return candidate
    return None


_COMPILED_BY = re.compile(r"本(?:年度)?报告(?:是)?由([\u4e00-\u9fff]{2,30}?)(?:根据|依据|按照|编制|制作|发布)")


def _agency_in_body(paragraphs: list[str]) -> str | None:
    """Last resort: 本报告由XX编制 in the opening paragraphs."""
    match = _COMPILED_BY.search(compact("".join(paragraphs[:10])))
    return match.group(1) if match and _AGENCY_END.search(match.group(1)) else None


def _formal(name: str) -> str:
    """The agency's formal name: 月牙湖乡 → 月牙湖乡人民政府, 韵家口镇政府 → 韵家口镇人民政府."""
    if re.search(r"(乡|镇)政府$", name):
        return name[:-2] + "人民政府"
    if re.search(r"(乡|镇|县|区|市|旗|州|盟|苏木)$", name):
        return name + "人民政府"
    if name.endswith("街道"):
        return name + "办事处"
    return name


def _choose_agency(title: str | None, signature: str | None) -> str | None:
    candidates = [_formal(n) for n in (title, signature) if n]
    if not candidates:
        return None
    if len(candidates) == 2:
        a, b = candidates
        # The fuller of two names of the same agency (城东区韵家口镇人民政府 ⊃ 韵家口镇人民政府).
        if b.endswith(a) or a.endswith(b) or _same_tail(a, b):
            return max(candidates, key=len)
    return candidates[0]


def _same_tail(a: str, b: str) -> bool:
    return a[-6:] == b[-6:]


def _arabic_dates(text: str) -> str:
    """二〇二三年一月十六日 → 2023年1月16日 (cn2an knows Chinese numerals; we only pick the dates)."""
    if not re.search(r"[〇零一二三四五六七八九十]{2,4}年", text):
        return text
    import cn2an

    def convert(match):
        try:
            return cn2an.transform(match.group(0), "cn2an")
        except (ValueError, KeyError):
            return match.group(0)

    text = re.sub(r"[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日", convert, text)
    # A year alone (二〇二二年度): its four digits one by one.
    return re.sub(r"[〇零一二三四五六七八九]{4}(?=年)", lambda m: m.group(0).translate(_CN_DIGITS), text)


_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def _published(paragraphs: list[str]) -> str | None:
    """The date the page states (发布日期：…), else the date line that closes the report."""
    match = _PUBLISHED.search(compact("\n".join(paragraphs)))
    if match is not None:
        return _iso(match.group(1))
    for line in reversed([compact(_arabic_dates(p)) for p in paragraphs[-4:]]):
        if _DATE.fullmatch(line):
            return _iso(line)
    return None


def _iso(text: str) -> str | None:
    numbers = [int(x) for x in re.findall(r"\d+", text)[:3]]
    if len(numbers) < 3 or not (1 <= numbers[1] <= 12 and 1 <= numbers[2] <= 31):
        return None
    return f"{numbers[0]:04d}-{numbers[1]:02d}-{numbers[2]:02d}"


# ---------------------------------------------------------------- region


_NOT_A_PLACE = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@cache
def _cpca():
    import cpca  # loads its place table (a quarter second): only when a region is needed

    return cpca


def _resolve(name: str) -> dict[str, str | None]:
    frame = _cpca().transform([name])
    rec = frame.iloc[0]

    def val(col):
        v = rec.get(col)
        # cpca's placeholders for the city level of 北京、上海 … and of counties governed by the province.
        return v if isinstance(v, str) and v and v not in _NOT_A_PLACE else None

    return {"province": val("省"), "city": val("市"), "county": val("区"), "address": val("地址")}


def resolve_region(agency: str, text: str) -> dict[str, str | None]:
    found = _resolve(agency) if agency else {"province": None, "city": None, "county": None, "address": None}
    if not found["province"] and agency:
        # A name too short to place (南山嘴乡人民政府): the text names it in full somewhere
        # (围场满族蒙古族自治县南山嘴乡人民政府门户网站). Only sentences naming the agency are believed.
        township = _TOWNSHIP.search(agency)
        anchor = township.group(1) if township else re.sub(r"(人民政府|政府)$", "", agency)
        for sentence in re.split(r"[。；;\n]", text):
            if anchor not in sentence:
                continue
            guess = _resolve(sentence[:200])
            if guess["county"] or guess["city"]:
                found = {**guess, "address": found["address"] or agency}
                break
    elif found["county"] and found["city"] and found["city"] not in text and found["city"] not in agency:
        # An ambiguous district name (鼓楼区 is in four cities): believe the city the text names.
        match = re.search(r"([\u4e00-\u9fff]{2,6}?(?:市|州|盟|地区))" + re.escape(found["county"]), text)
        if match:
            guess = _resolve(match.group(0))
            if guess["county"] == found["county"]:
                found = {**guess, "address": found["address"]}
    if found["county"] and found["county"].endswith("市") and found["county"] not in agency:
        # A county-level city since turned district (临安市 → 临安区): the name as printed wins.
        for suffix in ("区", "县"):
            if found["county"][:-1] + suffix in agency:
                found = {**found, "county": found["county"][:-1] + suffix}
    if found["county"] and agency.find(found["county"]) > 0:
        # The county as printed, when cpca knows only its tail: 大同市平城区 (renamed in 2018 from 城区).
        before = agency[: agency.find(found["county"])]
        prefix = before[max(before.rfind(ch) for ch in "省市州盟区县旗") + 1:]
        if 0 < len(prefix) <= 3:
            found = {**found, "county": prefix + found["county"]}
    township = None
    rest = agency
    if found["county"] and found["county"] in agency:
        rest = agency.split(found["county"], 1)[1]
    match = _TOWNSHIP.match(rest or "")
    if match and not re.search(r"(局|委员会|办公室)$", rest):
        township = match.group(1)
    return {"province": found["province"], "city": found["city"], "county": found["county"], "township": township}


def level_of(region: dict) -> str | None:
    for level in reversed(LEVELS):
        if region.get(level):
            return level
    return None


# ---------------------------------------------------------------- ids


_UNIT = re.compile(r".+?(?:自治区|自治州|自治县|自治旗|特别行政区|省|市|地区|盟|县|区|旗|乡|镇|街道|$)")
_PROVINCE_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
# The peoples named in the 30 autonomous prefectures' names, stripped with 自治州 (延边朝鲜族自治州 → 延边).
_PEOPLES = "朝鲜|土家|布依|哈尼|景颇|傈僳|蒙古|哈萨克|柯尔克孜|维吾尔|苗|侗|彝|藏|羌|傣|白|壮|回"
_CITY_SUFFIX = re.compile(rf"(?:(?:{_PEOPLES})族?)*自治州$|市$|地区$|盟$")


def slugify(name: str) -> str:
    """An ASCII id from a Chinese name, one pinyin word per administrative unit.

    兴庆区月牙湖乡人民政府 → xingqingqu-yueyahuxiang-renminzhengfu
    """
    from pypinyin import lazy_pinyin

    _load_place_readings()

    words = []
    for unit in _UNIT.findall(compact(name)):
        word = "".join(lazy_pinyin(unit))
        word = re.sub(r"[^a-z0-9]+", "", word.lower())
        if word:
            words.append(word)
    return "-".join(words) or "unknown"


@cache
def _load_place_readings() -> None:
    """pypinyin's own phrases read some place names wrong (长治 zhangzhi, 单县 danxian, 锡林郭勒
    xilinguolei); CC-CEDICT's readings, shipped by pypinyin-dict, get them right."""
    from pypinyin_dict.phrase_pinyin_data import cc_cedict

    cc_cedict.load()


def region_slug(name: str | None, level: str) -> str:
    """Short slug of a province or city for storage paths: 宁夏回族自治区 → ningxia, 银川市 → yinchuan."""
    if not name:
        return "unknown"
    short = _PROVINCE_SUFFIX.sub("", name) if level == "province" else _CITY_SUFFIX.sub("", name)
    return slugify(short or name)
