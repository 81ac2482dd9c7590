"""Top-N lists of one year's reports: counts (新收申请, 行政复议, 行政诉讼) and rates.

A ranking is always of one year (the caller passes that year's reports) and says so, and of one kind
of body (builder.pages.peers.body_kind, the agency pages' 同级比较 groups: a level's governments, or its
departments; a 教育局 is never ranked beside a 人民政府), one list a kind, each with its coverage: how
many bodies of that kind it ranks. Rates are builder.template.indicators' (formula,
counts, minimum denominator): shown with their two counts and never ranked below the indicator's
``min_denominator``; the page says how many bodies were left out for that.
"""

from __future__ import annotations

from builder.pages.common import agency_page, html_text, value_anchor
from builder.pages.figures import fmt, pct
from builder.pages.listing import a, html_table
from builder.template.indicators import INDICATOR
from builder.template.labels import BODY_KINDS_ZH, KEY_FIGURE, RANKING_KINDS_NOTE_ZH

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


def kinds_note() -> str:
    """What the rankings compare (one list a kind of body): said once, above them."""
    return _p(RANKING_KINDS_NOTE_ZH)


def _kind_heading(text: str) -> str:
    return f"#### {text} {{: data-search-exclude }}\n\n"


def count_ranking(reports, key: str, year: int, scope_zh: str, page: str, top: int = TOP) -> str:
    """reports: one year's reports, or their part (builder.pages.year_parts), which keeps the top TOP of
    each kind of body (builder.pages.peers.body_kind). One list a kind: like compared with like."""
    part = _part(reports)
    label = KEY_FIGURE[key].label
    fields = KEY_FIGURE[key].fields
    out = [f"### {year} 年{label}最多的机构 {{: data-search-exclude }}\n\n"]
    for kind, bodies in part["kinds"].items():
        kind_zh = BODY_KINDS_ZH[kind]
        of = part["counts"][key].get(kind) or {"n": 0, "top": []}
        ranked = of["top"][:top]
        out.append(_kind_heading(f"{year} 年{label}最多的{kind_zh}"))
        if not ranked:
            out.append(_p(f"{year} 年，{scope_zh} {bodies:,} 个{kind_zh}的报告中没有{label}不为 0 的。"))
            continue
        shown = "全部列在下面" if len(ranked) == of["n"] else f"这里是其中最多的 {len(ranked)} 个"
        out.append(_p(f"{year} 年，{scope_zh} {bodies:,} 个{kind_zh}的报告中，{label}不为 0 的有 {of['n']:,} 个，{shown}。"))
        # The ranked figure beside the name: on a phone the columns after it scroll out of view.
        rows = [[str(rank), a(name, page, agency_page(agency_id)), _to_cell(fmt(v), page, agency_id, year, fields),
                 html_text(where), f"{year}"]
                for rank, (v, agency_id, _id, name, where) in zip(competition_ranks([e[0] for e in ranked]), ranked,
                                                                 strict=True)]
        out.append(html_table(["名次", "机构", f"{html_text(label)}（件）", "地区", "年度"], rows,
                              ["r", "l", "r", "l", "r"]) + "\n")
    if not part["kinds"]:
        out.append(_p(f"{year} 年，{scope_zh}没有机构的报告。"))
    return "".join(out)


def rate_ranking(reports, key: str, year: int, scope_zh: str, page: str, top: int = TOP) -> str:
    """reports: one year's reports, or their part (builder.pages.year_parts), which keeps the top TOP of
    each kind of body. One list a kind, each with its coverage and how many were too small to rank."""
    part = _part(reports)
    indicator = INDICATOR[key]
    out = [f"### {year} 年{indicator.label}最高的机构 {{: data-search-exclude }}\n\n",
           _p(f"{indicator.label} = {indicator.definition}。只有分母不少于 {indicator.min_denominator} 件的机构参加排名"
              f"（分母太小，比率没有意义）。")]
    if indicator.comparable:
        out.append(_p(indicator.comparable))
    for kind, bodies in part["kinds"].items():
        kind_zh = BODY_KINDS_ZH[kind]
        of = part["rates"][key].get(kind) or {"n": 0, "rankable": 0, "top": []}
        ranked = of["top"][:top]
        out += [_kind_heading(f"{year} 年{indicator.label}最高的{kind_zh}"),
                _p(f"{year} 年，{scope_zh} {bodies:,} 个{kind_zh}的报告中 {of['n']:,} 个可以计算；"
                   f"分母不少于 {indicator.min_denominator} 件的 {of['rankable']:,} 个参加排名"
                   f"（{of['n'] - of['rankable']:,} 个分母太小，不排名）。")]
        if not ranked:
            out.append(_p(f"没有{kind_zh}达到排名所需的最少件数。"))
            continue
        rows = [[str(rank), a(name, page, agency_page(agency_id)), pct(value),
                 _to_cell(fmt(numerator), page, agency_id, year, indicator.numerator),
                 _to_cell(fmt(denominator), page, agency_id, year, indicator.denominator), html_text(where), f"{year}"]
                for rank, (value, denominator, numerator, agency_id, _id, name, where)
                in zip(competition_ranks([e[0] for e in ranked]), ranked, strict=True)]
        out.append(html_table(["名次", "机构", html_text(indicator.label), "分子（件）", "分母（件）", "地区",
                               "年度"], rows, ["r", "l", "r", "r", "r", "l", "r"]) + "\n")
    if not part["kinds"]:
        out.append(_p(f"{year} 年，{scope_zh}没有机构的报告。"))
    return "".join(out)


def rankings_markdown(reports, year: int, scope_zh: str, page: str, top: int = TOP) -> str:
    """Every ranking of one year's reports (the caller filters them to that year), or of their part."""
    if not isinstance(reports, dict) and any(r.get("year") != year for r in reports):
        raise ValueError(f"a ranking is of one year ({year}): reports of other years given")
    part = _part(reports)
    return "".join([kinds_note(), *(count_ranking(part, key, year, scope_zh, page, top) for key in COUNT_RANKINGS),
                    *(rate_ranking(part, key, year, scope_zh, page, top) for key in RATE_RANKINGS)])
