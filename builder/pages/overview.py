"""The overview on the home page and a national page per year (years/<year>/).

The home page shows the latest complete year (builder.pages.years): that year's totals, how its
requests were handled, its top agencies, then one row per year. Nothing adds years together
unless labelled so; "全国" figures are the sums of the reports the site holds, and every one says
how many bodies' reports that is.
"""

from __future__ import annotations

from datetime import date

from builder.pages import charts
from builder.pages.common import front_matter, link, md_table, rel
from builder.pages.figures import OUTCOME_GROUPS, fmt, pct, share_basis_zh
from builder.pages.rankings import COUNT_RANKINGS, count_ranking, kinds_note, rankings_markdown, rate_ranking
from builder.pages.regions import Region, ordered, region_tree, totals_table, walk, years_table
from builder.pages.year_parts import YearSums, figures_of
from builder.pages.years import COMPLETE_RULE_ZH, YearChoice, bodies, choose_year

SCOPE_ZH = "本站收录的"  # the sums are of the reports the site holds, not of every body in China
COVERAGE_PAGE = "coverage/index.md"
HOME_TOP = 5  # rows of each kind's list on the home page (one list a kind of body); the year page lists TOP


def year_page(year: int) -> str:
    return f"years/{year}/index.md"


def coverage_year_page(year: int) -> str:
    return f"coverage/{year}/index.md"


def _coverage_sentence(part: dict, year: int, page: str) -> str:
    return (f"{year} 年，{SCOPE_ZH} **{len(part['bodies']):,}** 个机构的报告（并非全国所有机构；"
            "各地区有多少机构报告、谁缺报、谁逾期，见"
            f"[{year} 年报告情况与及时性]({rel(page, coverage_year_page(year))})）。")


def _handled(part: dict, year: int, uid: str) -> str:
    s = figures_of(part)
    rows = [[label, fmt(s.get(key)), pct(s.get(f"{key}_share"))] for key, label, _r in OUTCOME_GROUPS]
    out = [md_table(["办理结果", f"{year} 年件数", "占办理总计"], rows, ["l", "r", "r"]) + "\n"]
    basis = share_basis_zh(s, part["reports"])
    if basis:
        out.append(basis + "\n\n")
    # One synthetic "report" holding the year's sum of each result row, so the same chart code applies.
    merged = {"id": f"all-{year}", "year": year,
              "values": {f"requests.{row}.total": total for row, total in part["rows"].items()}}
    chart = charts.handled_chart([merged], uid)
    if chart:
        chart = charts.Chart(chart.name, f"{year} 年{SCOPE_ZH} {len(part['bodies']):,} 个机构的报告中依申请公开的"
                                         "办理结果合计", chart.spec)
        out.append(charts.embed(chart, uid) + "\n")
    return "".join(out)


def _year_nav(choice: YearChoice, page: str, year: int | None) -> str:
    return "年度：" + " · ".join(f"**{y}**" if y == year else link(str(y), page, year_page(y))
                                for y in choice.years) + "\n\n"


def overview_markdown(reports: list[dict], page: str = "index.md", today: date | None = None,
                      roots: dict[tuple, Region] | None = None, choice: YearChoice | None = None,
                      sums: YearSums | None = None) -> str:
    """Markdown for the home page's generated part. roots (region_tree), choice (choose_year) and sums
    (YearSums, its parts kept) of the reports, when the caller has them: made again here they were a
    third of the page's cost."""
    if not reports:
        return "还没有解析成功的报告。\n"
    choice = choice or choose_year(reports, today)
    roots = roots if roots is not None else region_tree(reports)
    sums = sums or YearSums(roots, reports)
    regions = list(walk(roots))
    years = choice.years
    passing = sums.passing()
    out = [
        f"目前收录 **{len(reports):,}** 份报告，来自 **{len(bodies(reports)):,}** 个机构、"
        f"**{len(regions):,}** 个地区（省、市、县），"
        + (f"{years[0]} 年度。" if len(years) == 1 else f"{years[0]}–{years[-1]} 年度。")
        if years else f"目前收录 **{len(reports):,}** 份报告。",
        f"其中 **{passing:,}** 份（{pct(passing / len(reports))}）通过了全部检查，"
        f"见[数据质量]({rel(page, 'quality/index.md')})。\n\n",
    ]
    if choice.year is None:
        return "".join(out) + "这些报告的年度都未知，没有按年度的合计。\n"
    year = choice.year
    part = sums.national(year)
    undated = sums.national(None)["reports"]
    if undated:
        out.append(f"另有 {undated:,} 份报告年度未知，不计入任何年度的数字。\n\n")
    out += [
        '<section data-search-exclude markdown>\n\n',
        f"## {year} 年度\n\n", f"{choice.note_zh()}{COMPLETE_RULE_ZH}\n\n", _year_nav(choice, page, year),
        _coverage_sentence(part, year, page) + "\n\n",
        totals_table(part, year), "\n",
        f"### {year} 年依申请公开的办理结果\n\n", _handled(part, year, f"handled-{year}"),
        f"## {year} 年排名\n\n", f"更多排名见 [{year} 年度]({rel(page, year_page(year))})。\n\n",
        kinds_note(), *(count_ranking(part, key, year, SCOPE_ZH, page, HOME_TOP) for key in COUNT_RANKINGS[:1]),
        rate_ranking(part, "granted_rate", year, SCOPE_ZH, page, HOME_TOP),
        "## 各年度\n\n", "每行是一个年度自己的合计；最后一行把各年相加，只作累计参考。\n\n",
        years_table(reports, choice, page, year_page, sums), "\n",
        f"各年度各地区的报告情况（谁报告了、谁上一年有本年没有、谁逾期公布）见[报告情况与及时性]({rel(page, COVERAGE_PAGE)})。\n\n",
        "</section>\n",
    ]
    return "".join(out)


def national_year_files(roots: dict[tuple, Region], reports: list[dict], year: int, choice: YearChoice,
                        sums: YearSums | None = None) -> dict[str, str]:
    """years/<year>/: one year's national sums, its provinces side by side, every ranking. sums: YearSums
    of the reports (the provinces' parts, added up), made here when not given."""
    page = year_page(year)
    sums = sums or YearSums(roots, reports)
    part = sums.national(year)
    out = [front_matter(f"{year} 年度"), f"# {year} 年度\n\n", _year_nav(choice, page, year),
           ("这是一个完整年度。" if year in choice.complete_years else "这一年度尚不完整，数字还会增加。")
           + f"{COMPLETE_RULE_ZH}\n\n",
           _coverage_sentence(part, year, page) + "\n\n",
           '<section data-search-exclude markdown>\n\n',
           f"## {year} 年合计\n\n", totals_table(part, year), "\n",
           f"## {year} 年依申请公开的办理结果\n\n", _handled(part, year, "handled"), f"## {year} 年各省\n\n"]
    rows = []
    for root in ordered(roots.values()):
        of_year = sums.of(root, year)
        if of_year is None:
            continue
        s = figures_of(of_year)
        rows.append([link(root.name, page, root.year_page(year)), f"{len(of_year['bodies']):,}",
                     fmt(s.get("received")), fmt(s.get("processed")), pct(s.get("granted_share")),
                     fmt(s.get("reconsideration")), fmt(s.get("litigation"))])
    out.append(md_table(["省份", "机构", "新收申请", "办理总计", "予以公开占比", "行政复议", "行政诉讼"], rows,
                        ["l", "r", "r", "r", "r", "r", "r"]) + "\n" if rows else "没有地区已知的报告。\n\n")
    if rows and part["covered"] < part["reports"]:
        out.append("予以公开占比只按印出办理结果总计的报告计算。\n\n")
    out += [f"## {year} 年排名\n\n", rankings_markdown(part, year, SCOPE_ZH, page), "</section>\n"]
    return {page: "".join(out)}
