"""`metadata_conflict`: the page's furniture against what the report prints.

A government page says who published the report and when twice: in the report
(its title, signature and closing date) and around it (the information table's
发布机构 and 发文日期, the meta tags PubDate, ArticleTitle, SiteIDCode). The report
wins (builder.metadata); where the two disagree, this check says so, so that a
contributor can see which one is wrong.
"""

from __future__ import annotations

from builder.check.result import make_check
from builder.metadata import _formal, _iso, _parse_title, region_from_site_code, signature_date
from builder.template.names import GENERIC_END
from builder.template.sites import AGENCY_LABELS, INFO_SOURCE, META_SOURCE, PUBLISHED_LABELS
from builder.textnorm import compact

# Sources that are the report's own words (the ones the furniture is checked against).
_PRINTED = ("title", "signature", "body", "text", "places-table", "agency")
# Words a body's name may carry or drop without naming another body.
_GENERIC = GENERIC_END


def metadata_checks(report: dict, paragraphs: list[str]) -> list[dict]:
    page = report.get("page_metadata") or {}
    if not page:
        return []
    sources = report.get("metadata_sources") or {}
    return [*_agency_conflict(report, page, sources), *_year_conflict(report, page, sources),
            *_date_conflict(page, paragraphs), *_region_conflict(report, page, sources)]


def _agency_conflict(report: dict, page: dict, sources: dict) -> list[dict]:
    agency = report.get("agency_normalized") or report.get("agency")
    if not agency or sources.get("agency") not in _PRINTED:
        return []
    for label in AGENCY_LABELS:
        printed = compact(page.get(INFO_SOURCE + label) or "")
        if printed and not same_body(agency, _formal(printed)):
            return [make_check("metadata_conflict", [],
                               f"网页信息表的{label}为“{printed}”，报告署名为“{report.get('agency')}”；以报告为准。")]
    return []


def _year_conflict(report: dict, page: dict, sources: dict) -> list[dict]:
    year = report.get("year")
    article = page.get(META_SOURCE + "ArticleTitle")
    if not (year and article and sources.get("year") in _PRINTED):
        return []
    page_year = _parse_title(compact(article))[1]
    if not page_year or page_year == year:
        return []
    return [make_check("metadata_conflict", [],
                       f"网页元数据 ArticleTitle 写的是 {page_year} 年度，报告标题为 {year} 年度；以报告为准。")]


def _date_conflict(page: dict, paragraphs: list[str]) -> list[dict]:
    signed = signature_date(paragraphs)
    if not signed:
        return []
    for key in (*(INFO_SOURCE + label for label in PUBLISHED_LABELS), META_SOURCE + "PubDate"):
        day = _iso(page.get(key) or "")
        if day and day < signed:
            label = key.split(":", 1)[1]
            return [make_check("metadata_conflict", [],
                               f"网页的{label}为 {day}，早于报告落款日期 {signed}：发布不会早于成文。")]
    return []


def _region_conflict(report: dict, page: dict, sources: dict) -> list[dict]:
    province = (report.get("region") or {}).get("province")
    code = page.get(META_SOURCE + "SiteIDCode")
    if not (province and code and sources.get("region") in _PRINTED):
        return []
    site = region_from_site_code(compact(code))
    if not site["province"] or site["province"] == province:
        return []
    return [make_check("metadata_conflict", [],
                       f"网站标识码 {code} 属于{site['province']}，报告所署机关在{province}；以报告为准。")]


def same_body(a: str, b: str) -> bool:
    """Two names of one body: equal, one inside the other (玄武区教育局 in 南京市玄武区教育局), or
    equal once the generic ending is dropped (XX镇人民政府 / XX镇政府)."""
    a, b = compact(a), compact(b)
    if a in b or b in a:
        return True
    core_a, core_b = _GENERIC.sub("", a), _GENERIC.sub("", b)
    return bool(core_a and core_b and (core_a in core_b or core_b in core_a))
