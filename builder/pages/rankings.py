"""Top-N lists of one year's reports: counts (新收申请, 行政复议, 行政诉讼) and rates.

A ranking is always of one year (the caller passes that year's reports) and says so, with its
coverage: how many bodies' reports it ranks. Rates are builder.template.indicators' (formula,
counts, minimum denominator): shown with their two counts and never ranked below the indicator's
``min_denominator``; the page says how many bodies were left out for that.
"""

from __future__ import annotations

from builder.pages.common import agency_page, html_text, value_anchor
from builder.pages.figures import fmt, pct
from builder.pages.listing import a, html_table
from builder.template.indicators import INDICATOR
from builder.template.labels import KEY_FIGURE

TOP = 10
COUNT_RANKINGS = ("received", "reconsideration", "litigation")  # key figures, largest first
RATE_RANKINGS = ("granted_rate", "withheld_rate", "reconsideration_corrected_rate", "litigation_corrected_rate")


def _p(text: str) -> str:
    """A paragraph of plain text (escaped), out of the search like the table it introduces."""
    return f"<p data-search-exclude>{html_text(text)}</p>\n\n"


def _to_cell(text: str, page: str, agency_id: str, year: int, fields: tuple[str, ...]) -> str:
    """A ranked figure as a link to where its agency page shows it, for the 复制引用 button there: the value's
    own cell when the figure is one cell, else that year's section (a sum of cells: 行政诉讼, a rate's counts)."""
    anchor = value_anchor({"year": year}, fields[0]) if len(fields) == 1 else f"y{year}"
    return a(text, page, f"{agency_page(agency_id)}#{anchor}")


def competition_ranks(values: list) -> list[int]:
    """Competition ranks of values sorted largest first (1, 2, 2, 4)."""
    out = []
    for i, value in enumerate(values):
        out.append(out[-1] if i and value == values[i - 1] else i + 1)
    return out


def _part(reports) -> dict:
    """A ranking's part (builder.pages.year_parts): given, or made of the reports."""
    if isinstance(reports, dict):
        return reports
    from builder.pages.year_parts import make_part  # (it builds on this module's names)

    return make_part(reports)


def count_ranking(reports, key: str, year: int, scope_zh: str, page: str, top: int = TOP) -> str:
    """reports: one year's reports, or their part (builder.pages.year_parts), which keeps the top TOP."""
    part = _part(reports)
    label = KEY_FIGURE[key].label
    ranked = part["counts"][key]["top"][:top]
    out = [f"### {year} 年{label}最多的机构 {{: data-search-exclude }}\n\n",
           _p(f"{year} 年，{scope_zh} {len(part['bodies']):,} 个机构的报告中，{label}不为 0 的 "
              f"{part['counts'][key]['n']:,} 个机构里最多的 {min(top, len(ranked))} 个。")]
    if not ranked:
        return out[0] + _p(f"{year} 年，{scope_zh} {len(part['bodies']):,} 个机构的报告中没有{label}不为 0 的机构。")
    # The ranked figure beside the name: on a phone the columns after it scroll out of view.
    fields = KEY_FIGURE[key].fields
    rows = [[str(rank), a(name, page, agency_page(agency_id)), _to_cell(fmt(v), page, agency_id, year, fields),
             html_text(where), f"{year}"]
            for rank, (v, agency_id, _id, name, where) in zip(competition_ranks([e[0] for e in ranked]), ranked,
                                                             strict=True)]
    out.append(html_table(["名次", "机构", f"{html_text(label)}（件）", "地区", "年度"], rows, ["r", "l", "r", "l", "r"]))
    return "".join(out) + "\n"


def rate_ranking(reports, key: str, year: int, scope_zh: str, page: str, top: int = TOP) -> str:
    """reports: one year's reports, or their part (builder.pages.year_parts), which keeps the top TOP."""
    part = _part(reports)
    indicator = INDICATOR[key]
    ranking = part["rates"][key]
    ranked = ranking["top"][:top]
    out = [f"### {year} 年{indicator.label}最高的机构 {{: data-search-exclude }}\n\n",
           _p(f"{indicator.label} = {indicator.definition}。{year} 年，{scope_zh} {len(part['bodies']):,} 个机构的报告中"
              f" {ranking['n']:,} 个可以计算；只有分母不少于 {indicator.min_denominator} 件的 {ranking['rankable']:,} 个参加排名"
              f"（{ranking['n'] - ranking['rankable']:,} 个分母太小，比率没有意义，不排名）。")]
    if indicator.comparable:
        out.append(_p(indicator.comparable))
    if not ranked:
        return "".join(out) + _p("没有机构达到排名所需的最少件数。")
    rows = [[str(rank), a(name, page, agency_page(agency_id)), pct(value),
             _to_cell(fmt(numerator), page, agency_id, year, indicator.numerator),
             _to_cell(fmt(denominator), page, agency_id, year, indicator.denominator), html_text(where), f"{year}"]
            for rank, (value, denominator, numerator, agency_id, _id, name, where)
            in zip(competition_ranks([e[0] for e in ranked]), ranked, strict=True)]
    out.append(html_table(["名次", "机构", html_text(indicator.label), "分子（件）", "分母（件）", "地区", "年度"], rows,
                          ["r", "l", "r", "r", "r", "l", "r"]))
    return "".join(out) + "\n"


def rankings_markdown(reports, year: int, scope_zh: str, page: str, top: int = TOP) -> str:
    """Every ranking of one year's reports (the caller filters them to that year), or of their part."""
    if not isinstance(reports, dict) and any(r.get("year") != year for r in reports):
        raise ValueError(f"a ranking is of one year ({year}): reports of other years given")
    part = _part(reports)
    return "".join([*(count_ranking(part, key, year, scope_zh, page, top) for key in COUNT_RANKINGS),
                    *(rate_ranking(part, key, year, scope_zh, page, top) for key in RATE_RANKINGS)])
