"""The rates journalists quote, defined once: formula, denominator, what counts, when not to rank.

Every page, dataset and ranking that shows a rate asks this module, so 予以公开率 means the same
thing everywhere. A rate is always shown with its two counts; below ``min_denominator`` it is still
shown but never ranked (three requests make a 67% that says nothing). The request rates read rows
both templates share; the one difference (2019 prints （六）其他处理 as one row, 2021 as three) lies
inside the denominator, which both templates print as （七）总计, so the rates compare across them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from builder.template.labels import OUTCOME_GROUPS

_OUTCOME = {group.key: group for group in OUTCOME_GROUPS}
_LITIGATION = ("litigation_direct", "litigation_after_reconsideration")


def _request_rows(*outcomes: str) -> tuple[str, ...]:
    return tuple(f"requests.{row}.total" for outcome in outcomes for row in _OUTCOME[outcome].rows)


def _concluded(groups: tuple[str, ...]) -> tuple[str, ...]:
    # 审结 = 结果维持 + 结果纠正 + 其他结果: cases still pending have no result to correct.
    return tuple(f"appeals.{g}.{o}" for g in groups for o in ("upheld", "corrected", "other"))


class Indicator(NamedTuple):
    key: str
    label: str  # as printed on the site
    numerator: tuple[str, ...]  # field ids summed
    denominator: tuple[str, ...]  # field ids summed
    definition: str  # the formula in the template's words, for the dictionary page
    min_denominator: int  # rank only at or above this many
    comparable: str  # what a reader must know comparing 2019 and 2021 reports ("" when nothing)


_PROCESSED = ("requests.total_processed.total",)
_PROCESSED_ZH = "三、（七）总计"
_OTHER_NOTE = ("2019 版（六）其他处理为一行，2021 版分为三行；分母均为（七）总计，两版可比。")

INDICATORS = (
    Indicator("granted_rate", "予以公开率", _request_rows("granted"), _PROCESSED,
              f"（一）予以公开 ÷ {_PROCESSED_ZH}", 20, _OTHER_NOTE),
    Indicator("disclosed_rate", "公开率（含部分公开）", _request_rows("granted", "partially_granted"), _PROCESSED,
              f"（（一）予以公开 + （二）部分公开） ÷ {_PROCESSED_ZH}", 20, _OTHER_NOTE),
    Indicator("withheld_rate", "不予公开率", _request_rows("withheld"), _PROCESSED,
              f"（三）不予公开 1–8 项之和 ÷ {_PROCESSED_ZH}", 20, _OTHER_NOTE),
    Indicator("unavailable_rate", "无法提供率", _request_rows("unavailable"), _PROCESSED,
              f"（四）无法提供 1–3 项之和 ÷ {_PROCESSED_ZH}", 20, _OTHER_NOTE),
    Indicator("rejected_rate", "不予处理率", _request_rows("rejected"), _PROCESSED,
              f"（五）不予处理 1–5 项之和 ÷ {_PROCESSED_ZH}", 20, _OTHER_NOTE),
    Indicator("reconsideration_corrected_rate", "复议纠错率", ("appeals.reconsideration.corrected",),
              _concluded(("reconsideration",)),
              "行政复议 结果纠正 ÷（结果维持 + 结果纠正 + 其他结果），尚未审结的不计", 10, ""),
    Indicator("litigation_corrected_rate", "诉讼纠错率", tuple(f"appeals.{g}.corrected" for g in _LITIGATION),
              _concluded(_LITIGATION),
              "行政诉讼（未经复议直接起诉 + 复议后起诉）结果纠正 ÷ 两者审结之和（维持 + 纠正 + 其他），尚未审结的不计",
              10, ""),
)
INDICATOR = {indicator.key: indicator for indicator in INDICATORS}


class Rate(NamedTuple):
    value: float | None  # numerator / denominator; None when either is unknown or the denominator is 0
    numerator: int | None
    denominator: int | None
    rankable: bool  # denominator ≥ the indicator's min_denominator


def _sum(values: Mapping[str, object], fields: tuple[str, ...]) -> int | None:
    """None when every field is blank or missing (nothing printed); blanks count 0 otherwise."""
    printed = [values.get(f) for f in fields if isinstance(values.get(f), (int, float))]
    return int(sum(printed)) if printed else None


def rate(indicator: Indicator, values: Mapping[str, object]) -> Rate:
    numerator, denominator = _sum(values, indicator.numerator), _sum(values, indicator.denominator)
    if numerator is None or not denominator:
        return Rate(None, numerator, denominator, False)
    return Rate(numerator / denominator, numerator, denominator, denominator >= indicator.min_denominator)


def rates(values: Mapping[str, object]) -> dict[str, Rate]:
    """Every indicator of one report's ``values``, keyed by indicator key."""
    return {indicator.key: rate(indicator, values) for indicator in INDICATORS}


# How every page and the explorer print a rate (one rule: builder.pages.agency, builder.pages.regions and,
# through the explorer's manifest, assets/explorer.js). At or above its minimum count a rate is its
# percentage; below it the percentage is not printed at all ("0.0%" of three requests reads as a finding
# and says nothing): UNRANKED_FIGURE in its place, its two counts beside it and UNRANKED_MARK after them,
# explained by UNRANKED_NOTE under the table. No count known: nothing.
UNRANKED_FIGURE = "—"
UNRANKED_MARK = "†"
UNRANKED_NOTE = "分母少于 {minimum} 件，不计算比率、不排名"


def rate_figure(rate: Rate) -> str:
    """The rate's own text (its counts go beside it): "12.3%", UNRANKED_FIGURE below its minimum count (or
    with a zero or unknown denominator), "" when neither count is known."""
    if rate.numerator is None and rate.denominator is None:
        return ""
    if rate.rankable and rate.value is not None:
        return f"{rate.value * 100:.1f}%"
    return UNRANKED_FIGURE


def unranked(rate: Rate) -> bool:
    """True when the rate is printed as UNRANKED_FIGURE with UNRANKED_MARK (a count known, not rankable)."""
    return rate_figure(rate) == UNRANKED_FIGURE
