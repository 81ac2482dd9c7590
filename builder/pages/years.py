"""Which year a page shows, and who reported that year: complete years, coverage, timeliness.

Figures are never summed across years without saying so: every page that shows totals or rankings
shows one year, by default the latest *complete* year of its own reports (``default_year``):

    a year is complete when the regulation's last deadline for its reports has passed (31 March of
    the next year, 《政府信息公开条例》第四十九条, builder.check.law) and at least COMPLETE_SHARE of
    the bodies that reported the year before have reported it.

Coverage (``coverage``) compares a year with the one before, body by body (``body_key``: the
stable ``body_id``, which survives renames, else the agency id): who reported, who reported last
year and not this year, when each published and whether that was late. Lateness is the
``late_publication`` check's own judgement (builder.check.law), not a second reading of the law.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from builder.check.law import (
    GOVERNMENT_DEADLINE,
    deadline_of,  # the rule's own deadline, not a copy of it
    late_publication,
)

# A year with fewer bodies than this share of the previous year's is still coming in.
COMPLETE_SHARE = 0.5
COMPLETE_RULE_ZH = (
    "“完整年度”指：该年度报告的法定公布期限已过（《政府信息公开条例》第四十九条规定的最晚期限，次年 3 月 31 日），"
    f"且报告的机构数不少于上一年度的 {COMPLETE_SHARE:.0%}。默认显示最近的完整年度；"
    "没有完整年度时显示最近的年度，并注明不完整。"
)


def body_key(report: dict) -> str:
    """The body a report is of: its stable id across renames, else its agency id."""
    return report.get("body_id") or report["agency_id"]


def by_year(reports: list[dict]) -> dict[int, list[dict]]:
    """Reports of a known year, by year (ascending)."""
    out: dict[int, list[dict]] = {}
    for report in reports:
        if isinstance(report.get("year"), int):
            out.setdefault(report["year"], []).append(report)
    return dict(sorted(out.items()))


def bodies(reports: list[dict]) -> set[str]:
    return {body_key(r) for r in reports}


def deadline_passed(year: int, today: date) -> bool:
    if year + 1 > date.max.year:  # (years are checked plausible on the way in; a date cannot hold this one)
        return False
    return today > date(year + 1, *GOVERNMENT_DEADLINE)


def complete_years(reports: list[dict], today: date | None = None, body_counts: dict[int, int] | None = None) -> list[int]:
    """The complete years among the reports' years (see the module's docstring), ascending. body_counts: how
    many bodies reported each year, when the caller has them (builder.pages.year_parts: not every report again)."""
    today = today or date.today()
    if body_counts is None:
        body_counts = {year: len(bodies(members)) for year, members in by_year(reports).items()}
    out = []
    for year, count in sorted(body_counts.items()):
        before = body_counts.get(year - 1)
        if deadline_passed(year, today) and (not before or count >= COMPLETE_SHARE * before):
            out.append(year)
    return out


@dataclass(frozen=True)
class YearChoice:
    year: int | None  # None: no report has a known year
    complete: bool
    years: tuple[int, ...]  # every year with reports, ascending
    complete_years: tuple[int, ...]

    def note_zh(self) -> str:
        """One sentence for the page: which year is shown and why."""
        if self.year is None:
            return "没有年度已知的报告。"
        if self.complete:
            return f"显示 {self.year} 年度（最近的完整年度）。"
        return f"显示 {self.year} 年度（最近的年度；尚不完整，数字还会增加）。"


def choose_year(reports: list[dict], today: date | None = None, body_counts: dict[int, int] | None = None) -> YearChoice:
    """The year a page shows by default: the latest complete year, else the latest year. body_counts: as
    complete_years takes them (every year with reports)."""
    years = tuple(sorted(body_counts)) if body_counts is not None else tuple(by_year(reports))
    complete = tuple(complete_years(reports, today, body_counts))
    if complete:
        return YearChoice(complete[-1], True, years, complete)
    return YearChoice(years[-1] if years else None, False, years, complete)


# ---------------------------------------------------------------- coverage and timeliness


@dataclass(frozen=True)
class Timeliness:
    report: dict
    published: date | None
    deadline: date | None  # None: the regulation sets this body no deadline (乡镇, 街道)
    deadline_zh: str
    late: bool  # the late_publication check fired

    @property
    def days_late(self) -> int | None:
        if not self.late or self.published is None or self.deadline is None:
            return None
        return (self.published - self.deadline).days


def timeliness(report: dict) -> Timeliness:
    try:
        published = date.fromisoformat(str(report.get("published") or "")[:10])
    except ValueError:
        published = None
    found = deadline_of(report) if report.get("year") else None
    deadline, deadline_zh = found if found else (None, "")
    return Timeliness(report, published, deadline, deadline_zh, bool(late_publication(report)))


@dataclass
class Coverage:
    year: int
    reports: list[dict]  # the year's reports of the scope
    previous: list[dict]  # the previous year's
    missing: list[dict] = field(default_factory=list)  # last year's report of each body without one this year
    new: list[dict] = field(default_factory=list)  # this year's reports of bodies without one last year
    timely: list[Timeliness] = field(default_factory=list)  # every report of the year, in page order

    @property
    def late(self) -> list[Timeliness]:
        return [t for t in self.timely if t.late]

    @property
    def undated(self) -> list[Timeliness]:
        return [t for t in self.timely if t.published is None]

    @property
    def bodies(self) -> int:
        return len(bodies(self.reports))

    @property
    def previous_bodies(self) -> int:
        return len(bodies(self.previous))


def coverage(reports: list[dict], year: int) -> Coverage:
    """Who of the scope's bodies reported `year`, who reported the year before and not this year, when."""
    years = by_year(reports)
    now, before = years.get(year, []), years.get(year - 1, [])
    now_keys, before_keys = bodies(now), bodies(before)
    order = sorted(now, key=lambda r: r["agency_id"])
    return Coverage(
        year, order, before,
        missing=sorted((r for r in before if body_key(r) not in now_keys), key=lambda r: r["agency_id"]),
        new=[r for r in order if body_key(r) not in before_keys] if before else [],
        timely=[timeliness(r) for r in order],
    )
