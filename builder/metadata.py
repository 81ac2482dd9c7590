"""Who published the report, for which year and place, and when.

The agency comes from the title (兴庆区月牙湖乡 / 2020 年政府信息公开工作年度报告),
checked against the signature block at the end; the region from the agency
name with `cpca`, or, when the name is too short (南山嘴乡), from the place
names in the text. A sidecar ``<report>.yml`` beside the report overrides any
of it.

Government pages say more around the text (builder.template.sites): meta tags
(PubDate, ContentSource, SiteIDCode …) and an information table (发布机构, 发文日期 …).
They fill what the report leaves open; where they disagree with what the report
prints, the report wins and the check ``metadata_conflict`` says so. Each value's
source is recorded in ``metadata_sources``.

Names as printed: ``agency`` is the name the report or page prints;
``agency_normalized`` (the formal name, 月牙湖乡 → 月牙湖乡人民政府) is for grouping
and is what ``agency_id``, the URL slug, is made from. ``body_id`` is the stable id:
the GB/T 2260 code of the body's division for a people's government (``640104``),
the code plus the name below it for anything else (``640104:教育局``,
``640104:月牙湖乡人民政府``), renames followed to the current id
(builder.template.places).
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from typing import TYPE_CHECKING

from builder.divisions import locate, name_of, names_by_level
from builder.locate import Located
from builder.read.document import Document
from builder.readings import reading
from builder.template import names
from builder.template.places import Place, current_id, place_in
from builder.template.sites import (
    AGENCY_LABELS,
    INFO_ITEM,
    INFO_SOURCE,
    META_SOURCE,
    PUBLISHED_LABELS,
    SOURCE_LABELS,
    WRITTEN_LABELS,
)
from builder.textnorm import compact, has_invisible, squeeze, visible

if TYPE_CHECKING:  # builder.sidecar imports this module
    from builder.sidecar import Sidecar

LEVELS = ("province", "city", "county", "township")

_TITLE = names.TITLE
_TITLE_YEAR_LAST = names.TITLE_YEAR_LAST
_DATE = names.DATE
_PUBLISHED = names.PUBLISHED
# The bare date a page prints above the text (时间：2024-01-26 10:30, 来源：XX　时间：…), not an
# update, validity or office-hours time (更新时间, 生效日期, 工作时间).
_PAGE_TIME = names.PAGE_TIME
_PERIOD = names.PERIOD
_AGENCY_END = names.AGENCY_END
_TOWNSHIP = names.TOWNSHIP


def extract_metadata(doc: Document, located: Located) -> dict:
    page = page_furniture(doc, located)
    title = _title(located)
    agency_from_title, year = _parse_title(title)
    sources: dict[str, str | None] = {"agency": None, "year": "title" if year else None,
                                      "region": None, "published": None}
    signature = _signature(located.paragraphs)
    text = "\n".join(located.paragraphs)
    agency_normalized, agency, sources["agency"] = _agency(agency_from_title, signature, located, page, text)
    if year is None:
        match = _PERIOD.search(compact(_arabic_dates("\n".join(located.paragraphs[:30]))))
        year = int(match.group(1)) if match else None
        sources["year"] = "text" if year else None
    if year is None and page.get(META_SOURCE + "ArticleTitle"):
        year = _parse_title(compact(page[META_SOURCE + "ArticleTitle"]))[1]
        sources["year"] = META_SOURCE + "ArticleTitle" if year else None
    region, sources["region"] = locate_region(agency_normalized or "", visible(text), page)
    published, sources["published"] = _published(located, page)
    return {
        "agency": agency,
        "agency_normalized": agency_normalized,
        "agency_id": slugify(agency_normalized) if agency_normalized else "unknown",
        "year": year,
        "region": region,
        "level": level_of(region),
        "published": published,
        "metadata_sources": sources,
        "page_metadata": page,
    }


def page_furniture(doc: Document, located: Located) -> dict[str, str]:
    """The page's meta tags and information table (from the HTML reader), and the information
    lines a saved page kept above the text (发布机构：… on a line of its own)."""
    found = dict(doc.meta)
    for line in (located.preamble or located.paragraphs[:12])[:40]:
        for match in INFO_ITEM.finditer(squeeze(line)):
            if match.group("value"):
                found.setdefault(INFO_SOURCE + match.group("label"), match.group("value")[:300])
    return found


def _agency(title: str | None, signature: str | None, located: Located, page: dict,
            text: str) -> tuple[str | None, str | None, str | None]:
    """(normalised name, name as printed, where it came from). The report's own title and
    signature first, its text next, the page's furniture last."""
    chosen = _choose_agency(title, signature)
    if chosen:
        printed = [(source, name) for source, name in (("title", title), ("signature", signature))
                   if name and _formal(name) == chosen]
        exact = next(((source, name) for source, name in printed if name == chosen), None)
        if exact:
            return chosen, chosen, exact[0]
        source, name = printed[0]
        # The formal name counts as printed when the report prints it somewhere (南山嘴乡 in the
        # title, 南山嘴乡人民政府 in the text); a name the report never prints is not its name.
        return chosen, (chosen if chosen in squeeze(text) else name), source
    in_body = _agency_in_body(located.paragraphs)
    if in_body:
        return _formal(in_body), in_body, "body"
    article = page.get(META_SOURCE + "ArticleTitle")
    if article:
        from_article = _parse_title(squeeze(article))[0]
        if from_article and _AGENCY_END.search(from_article):
            return _formal(from_article), from_article, META_SOURCE + "ArticleTitle"
    for key in (*(INFO_SOURCE + label for label in AGENCY_LABELS), META_SOURCE + "ContentSource",
                *(INFO_SOURCE + label for label in SOURCE_LABELS)):
        name = squeeze(page.get(key) or "")
        seen = visible(name)
        if 2 <= len(seen) <= 40 and _AGENCY_END.search(seen):
            return _formal(name), name, key
    return None, None, None


# What a web page prints around an article: 发布日期：… 来源：… 浏览次数：… — never part of the title.
_PAGE_INFO = names.PAGE_INFO


TITLE_LINE_MAX = 200


def _title(located: Located) -> str:
    """The line naming the report, with the line above it when the title is split after the agency."""
    # A title is a line or two: 200 characters a line bound the title patterns' (quadratic) search.
    lines = [squeeze(_arabic_dates(_PAGE_INFO.split(ln[:TITLE_LINE_MAX])[0]))
             for ln in (located.preamble or located.paragraphs[:8])[:10]]
    lines = [ln for ln in lines if ln]
    for i, line in enumerate(lines):
        if names.REPORT_WORD in visible(line):
            agency, _year = _parse_title(line)
            if agency is None and i > 0 and len(lines[i - 1]) <= 30:
                return lines[i - 1] + line
            return line
    return "".join(lines[:2])


def _parse_title(title: str) -> tuple[str | None, int | None]:
    """(agency as printed, year) of a title line (squeezed: an invisible character the report printed inside
    the agency's name is kept in it)."""
    match = _TITLE.search(title)
    if not match:
        # The year after the words: XX局政府信息公开工作年度报告（2022年度）
        late = _TITLE_YEAR_LAST.search(title)
        if not late:
            # An invisible character inside the title's own words (政府信息公\u200b开): read the title as seen.
            return _parse_title(visible(title)) if has_invisible(title) else (None, None)
        return (late.group("agency") or None), int(late.group("year"))
    agency = match.group("before") or match.group("after")
    agency = names.TITLE_PREFIX.sub("", agency).strip("《》“”\"") or None
    return agency, int(match.group("year"))


def _signature(paragraphs: list[str]) -> str | None:
    """The agency named on the line before the closing date, if the report ends like a letter."""
    tail = [line for line in map(squeeze, paragraphs[-6:]) if visible(line)]
    for i in range(len(tail) - 1, 0, -1):
        if _DATE.fullmatch(tail[i]) or (_DATE.match(tail[i]) and len(tail[i]) <= 16):
            candidate = tail[i - 1]
            seen = visible(candidate)
            if len(seen) <= 30 and _AGENCY_END.search(seen):
                return candidate
    return None


_COMPILED_BY = names.COMPILED_BY


def _agency_in_body(paragraphs: list[str]) -> str | None:
    """Last resort: 本报告由XX编制 in the opening paragraphs."""
    match = _COMPILED_BY.search(squeeze("".join(paragraphs[:10])))
    return match.group(1) if match and _AGENCY_END.search(match.group(1)) else None


def _formal(name: str) -> str:
    """The agency's formal name: 月牙湖乡 → 月牙湖乡人民政府, 韵家口镇政府 → 韵家口镇人民政府.
    A zone (平潭综合实验区, 苏州工业园区) is run by a 管委会, not a people's government: its name stays.
    Made from the name as a reader sees it (builder.textnorm.visible): a zero-width space the report printed
    inside the name is in the record's ``agency``, not in the formal name nor in anything made from it
    (the region, agency_id, body_id)."""
    name = visible(name)
    if _ZONE_END.search(name) or _is_zone(name):
        return name
    if names.TOWNSHIP_GOVERNMENT.search(name):
        return name[:-2] + names.PEOPLES_GOVERNMENT
    if names.DIVISION_NAME_END.search(name):
        return name + names.PEOPLES_GOVERNMENT
    if name.endswith(names.SUBDISTRICT):
        return name + names.SUBDISTRICT_OFFICE
    return name


# Names of zones, not divisions: 经济技术开发区, 综合实验区, 深度合作区, 示范区, 工业园区, 高新区.
_ZONE_END = names.ZONE_END


def _is_zone(name: str) -> bool:
    hit = place_in(name)
    return bool(hit and hit[0].is_zone and any(name.endswith(alias) for alias in hit[0].names))


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
    if not names.CN_DATE_HINT.search(text):
        return text
    import cn2an

    def convert(match):
        try:
            return cn2an.transform(match.group(0), "cn2an")
        except (ValueError, KeyError):
            return match.group(0)

    text = names.CN_DATE.sub(convert, text)
    # A year alone (二〇二二年度): its four digits one by one.
    return names.CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), text)


_CN_DIGITS = names.CN_DIGITS


def _published(located: Located, page: dict) -> tuple[str | None, str | None]:
    """(date, where it came from): a date labelled as the publication date (发布日期：…) in the text
    or the information table, else the date closing the report, else the page's furniture."""
    paragraphs = located.paragraphs
    match = _PUBLISHED.search(compact("\n".join(paragraphs)))
    if match is not None and _iso(match.group(2)):
        return _iso(match.group(2)), f"text:{match.group(1)}"
    for label in PUBLISHED_LABELS:
        day = _iso(_arabic_dates(page.get(INFO_SOURCE + label) or ""))
        if day:
            return day, INFO_SOURCE + label
    signed = signature_date(paragraphs)
    if signed:
        return signed, "signature"
    for label in WRITTEN_LABELS:
        day = _iso(_arabic_dates(page.get(INFO_SOURCE + label) or ""))
        if day:
            return day, INFO_SOURCE + label
    for line in (located.preamble or paragraphs[:12])[:20]:
        timed = _PAGE_TIME.search(compact(line))
        if timed and _iso(timed.group(2)):
            return _iso(timed.group(2)), f"page:{timed.group(1)}"
    day = _iso(page.get(META_SOURCE + "PubDate") or "")
    if day:
        return day, META_SOURCE + "PubDate"
    return None, None


def signature_date(paragraphs: list[str]) -> str | None:
    """The date line that closes the report (2021年1月28日), as an ISO date."""
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


_NOT_A_PLACE = names.NOT_A_PLACE


@cache
def _cpca():
    """cpca itself, for the tests that hold builder.divisions and the places table against it: the parser
    does not import it (pandas and pkg_resources, a second per process)."""
    import cpca

    return cpca


def _resolve(name: str) -> dict[str, str | None]:
    """cpca's reading of a name (builder.divisions: its table and matching, without its import cost)."""
    found = locate(name)

    def val(key):
        v = found[key]
        # cpca's placeholders for the city level of 北京、上海 … and of counties governed by the province.
        return v if v and v not in _NOT_A_PLACE else None

    return {"province": val("province"), "city": val("city"), "county": val("county"), "address": found["address"]}


def resolve_region(agency: str, text: str) -> dict[str, str | None]:
    return _region_of(agency, text)[0]


def locate_region(agency: str, text: str, page: dict) -> tuple[dict[str, str | None], str | None]:
    """(region, where it came from). From the agency's name (the maintained table of zones and
    renamed places first, then cpca), the sentences of the text naming the agency, and only then
    the page: the 发布机构 it prints, the site's identification code, the site's name."""
    region, source = _region_of(agency, text)
    if region["province"]:
        return region, source
    for key in (*(INFO_SOURCE + label for label in AGENCY_LABELS), META_SOURCE + "SiteIDCode",
                META_SOURCE + "SiteName"):
        value = compact(page.get(key) or "")
        if not value:
            continue
        guess = region_from_site_code(value) if key.endswith("SiteIDCode") else _region_of(value, "")[0]
        if guess["province"]:
            return {**guess, "township": region["township"] or guess.get("township")}, key
    return region, None


def region_from_site_code(code: str) -> dict[str, str | None]:
    """Province, city and county from a 政府网站标识码 (3501280001): its leading digits are the GB/T 2260
    code of the site's owner. Ministries' codes (bm…) name no place."""
    none = {"province": None, "city": None, "county": None, "township": None}
    digits = re.match(r"\d{6}", code)
    if not digits:
        return none
    return region_of_code(digits.group(0)) or none


def region_of_code(adcode: str) -> dict[str, str | None] | None:
    """The division a 6-digit code names (the maintained table first: cpca predates 140213 平城区)."""
    from builder.template.places import place_by_code

    place = place_by_code(adcode)
    if place is not None:
        return {"province": place.province, "city": place.city, "county": place.county, "township": None}
    def name(part: str) -> str | None:
        found = name_of(part)
        return found if found and found not in _NOT_A_PLACE else None

    province = name(adcode[:2])
    if not province:
        return None
    city = name(adcode[:4]) if adcode[2:4] != "00" else None
    county = name(adcode) if adcode[4:] != "00" else None
    return {"province": province, "city": city, "county": county, "township": None}


def _from_place(place: Place, before: str, agency: str) -> dict[str, str | None]:
    rest = agency[len(before):]
    for alias in place.names:
        rest = rest.removeprefix(alias)
    match = _TOWNSHIP.match(rest)
    township = match.group(1) if match and not names.DEPARTMENT_END.search(rest) else None
    return {"province": place.province, "city": place.city, "county": place.county, "township": township}


def _region_of(agency: str, text: str) -> tuple[dict[str, str | None], str | None]:
    hit = place_in(agency) if agency else None
    if hit is not None:
        return _from_place(hit[0], hit[1], agency), "places-table"
    if not agency:
        return {"province": None, "city": None, "county": None, "township": None}, None
    source = "agency"
    found = _resolve(agency)
    if not found["province"]:
        found, source = _region_in_text(agency, text, found)
    elif found["county"] and found["city"] and found["city"] not in text and found["city"] not in agency:
        found = _city_the_text_names(found, text)
    found = _county_as_printed(found, agency)
    rest = agency.split(found["county"], 1)[1] if found["county"] and found["county"] in agency else agency
    match = _TOWNSHIP.match(rest or "")
    township = match.group(1) if match and not names.DEPARTMENT_END.search(rest) else None
    region = {"province": found["province"], "city": found["city"], "county": found["county"], "township": township}
    return region, (source if found["province"] else None)


def _region_in_text(agency: str, text: str, found: dict) -> tuple[dict, str]:
    """A name too short to place (南山嘴乡人民政府): the text names it in full somewhere
    (围场满族蒙古族自治县南山嘴乡人民政府门户网站). Only sentences naming the agency are believed."""
    township = _TOWNSHIP.search(agency)
    anchor = township.group(1) if township else names.GOVERNMENT_END.sub("", agency)
    for sentence in re.split(r"[。；;\n]", text):
        if anchor not in sentence:
            continue
        guess = _resolve(sentence[:200])
        if guess["county"] or guess["city"]:
            return {**guess, "address": found["address"] or agency}, "text"
    return found, "agency"


def _city_the_text_names(found: dict, text: str) -> dict:
    """An ambiguous district name (鼓楼区 is in four cities): believe the city the text names."""
    match = re.search(names.CITY_BEFORE.pattern + re.escape(found["county"]), text)
    if match:
        guess = _resolve(match.group(0))
        if guess["county"] == found["county"]:
            return {**guess, "address": found["address"]}
    return found


def _county_as_printed(found: dict, agency: str) -> dict:
    county = found["county"]
    if county and county.endswith(names.CITY_END) and county not in agency:
        # A county-level city since turned district (临安市 → 临安区): the name as printed wins.
        for suffix in names.DISTRICT_ENDS:
            if county[:-1] + suffix in agency:
                county = county[:-1] + suffix
    if county and agency.find(county) > 0:
        # The county as printed, when cpca knows only its tail: 大同市平城区 (renamed in 2018 from 城区).
        before = agency[: agency.find(county)]
        prefix = before[max(before.rfind(ch) for ch in names.DIVISION_ENDS) + 1:]
        if 0 < len(prefix) <= 3:
            county = prefix + county
    return {**found, "county": county}


def level_of(region: dict) -> str | None:
    for level in reversed(LEVELS):
        if region.get(level):
            return level
    return None


# ---------------------------------------------------------------- body ids


def identify_body(meta: dict, sidecar: Sidecar) -> dict:
    """After the sidecar: where each value came from, and the body's stable id."""
    meta = dict(meta)
    sources = dict(meta.get("metadata_sources") or {})
    for key in ("agency", "year", "region", "published"):
        if getattr(sidecar, key):
            sources[key] = "sidecar"
    if sidecar.agency:
        # The contributor's name is the normal form: agency_id was made from it (apply_sidecar).
        meta["agency_normalized"] = meta["agency"]
    meta["metadata_sources"] = sources
    meta["body_id"] = body_id(meta.get("agency_normalized"), meta.get("region") or {})
    return meta


def body_id(name: str | None, region: dict) -> str | None:
    """The body's id that survives renames: 640104 for 兴庆区人民政府, 640104:教育局 for its
    department, 640104:月牙湖乡人民政府 for a township (townships have no code of their own),
    350128:平潭综合实验区管理委员会 for a zone; the division's current code and the current name
    (builder.template.places.current_id). Chinese names, not pinyin: a reading may change with
    pypinyin's dictionaries, a name printed by the body does not. None when the region is unknown."""
    if not name or not region.get("province"):
        return None
    name = compact(name)
    hit = place_in(name)
    if hit is not None and hit[0].is_zone and hit[0].province == region["province"]:
        code, rest = hit[0].adcode, name[len(hit[1]):]
    else:
        found = _division_code(region.get("province"), region.get("city"), region.get("county"))
        if found is None:
            return None
        code, covered = found
        rest = _strip_places(name, covered)
    if rest in names.GOVERNMENT_WORDS:
        return current_id(code)
    return current_id(f"{code}:{rest}")


@cache
def _division_code(province: str | None, city: str | None, county: str | None) -> tuple[str, tuple] | None:
    """(GB/T 2260 code, the place names it covers) of the deepest level cpca or the table knows."""
    from builder.template.places import places

    if county:
        place = next((p for p in places() if not p.is_zone and p.county == county and p.province == province), None)
        if place is not None:
            return place.adcode, (province, city, county)
    levels = [(province, city, county), (province, city, None), (province, None, None)]
    for want in levels:
        if want[-1] is None and want[1] is None and want[0] is None:
            continue
        query = "".join(x for x in want if x)
        if not query:
            continue
        rec = locate(query)
        code = rec["adcode"]
        got = [rec["province"], rec["city"], rec["county"]]
        if not code:
            continue
        # cpca must have placed every level asked for, or the code is of a level above.
        if all(w is None or w == g for w, g in zip(want, got, strict=True)):
            return code, want
    return None


def _strip_places(name: str, covered: tuple) -> str:
    """The name below its division: 南京市玄武区教育局 → 教育局."""
    province, city, county = covered
    forms = []
    if province:
        forms += [province, _PROVINCE_SUFFIX.sub("", province)]
    if city:
        forms += [city, _CITY_SUFFIX.sub("", city)]
    if county:
        forms.append(county)
    forms = sorted({f for f in forms if f}, key=len, reverse=True)
    stripped = True
    while stripped:
        stripped = False
        for form in forms:
            if name.startswith(form) and len(name) > len(form):
                name, stripped = name[len(form):], True
                break
            if name == form:
                return ""
    return name


# ---------------------------------------------------------------- ids


_UNIT = names.UNIT
_PROVINCE_SUFFIX = names.PROVINCE_SUFFIX
# The peoples named in the 30 autonomous prefectures' names, stripped with 自治州 (延边朝鲜族自治州 → 延边).
_PEOPLES = names.PEOPLES
_CITY_SUFFIX = names.CITY_SUFFIX


SLUG_MAX = 80  # a slug is a path component (agencies/<slug>/): bounded, whatever name a report prints


def slug_units(name: str) -> list[str]:
    """The administrative units a slug reads one by one: 兴庆区 / 月牙湖乡 / 人民政府."""
    return [unit for unit in _UNIT.findall(compact(name)) if unit]


def slugify(name: str) -> str:
    """An ASCII id from a Chinese name, one pinyin word per administrative unit.

    兴庆区月牙湖乡人民政府 → xingqingqu-yueyahuxiang-renminzhengfu
    A slug longer than SLUG_MAX is cut there and ends with a short hash of the whole name,
    so two long names that start alike still get two slugs. The readings are pypinyin's with
    CC-CEDICT's phrases (builder.readings: a shipped table, the libraries for other names).
    """
    words = []
    for unit in slug_units(name):
        word = re.sub(r"[^a-z0-9]+", "", reading(unit).lower())
        if word:
            words.append(word)
    slug = "-".join(words) or "unknown"
    if len(slug) > SLUG_MAX:
        digest = _name_digest(name)
        slug = slug[: SLUG_MAX - len(digest) - 1].rstrip("-") + "-" + digest
    return slug


def region_slug(name: str | None, level: str) -> str:
    """Slug of a place for paths: short for a province or city (宁夏回族自治区 → ningxia, 银川市 → yinchuan),
    the whole name below (兴庆区 → xingqingqu). A name that is no division's of its level but reads as one
    does (星庆区 for 兴庆区: a sidecar's homophone or typo) has a short hash of the name appended, so that its
    pages and files never take the place of the division's."""
    if not name:
        return "unknown"
    slug = _plain_region_slug(name, level)
    if name not in names_by_level().get(level, ()) and slug in _division_slugs().get(level, ()):
        slug += "-" + _name_digest(name)
    return slug


def _name_digest(name: str) -> str:
    """A short hash of a name, which tells apart two names one slug would give alike."""
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]


def _plain_region_slug(name: str, level: str) -> str:
    if level not in ("province", "city"):
        return slugify(name)
    short = _PROVINCE_SUFFIX.sub("", name) if level == "province" else _CITY_SUFFIX.sub("", name)
    return (level == "province" and names.PROVINCE_SLUGS.get(short)) or slugify(short or name)


@cache
def _division_slugs() -> dict[str, frozenset[str]]:
    """{level: the slugs of its divisions} (tests/metadata/test_region_slugs.py: no two divisions of one
    parent share a slug)."""
    return {level: frozenset(_plain_region_slug(name, level) for name in division_names)
            for level, division_names in names_by_level().items()}
