"""The coverage and timeliness pages: per year, how many bodies of each province reported, who
reported the year before and not this year, who published late (coverage/, coverage/<year>/).

The bodies themselves are listed on each region's page for the year (its #coverage section): a
national list would grow with every body in the country; here are the provinces' counts, in
division-code order, linking there. Reports without a known region are listed here.
"""

from __future__ import annotations

from builder.pages.common import front_matter, link, md, md_table, page_chain, region_chain, rel
from builder.pages.overview import COVERAGE_PAGE, coverage_year_page, year_page
from builder.pages.regions import Region, coverage_markdown, ordered, region_tree
from builder.pages.year_parts import YearSums, make_part
from builder.pages.years import COMPLETE_RULE_ZH, YearChoice, coverage

_LATE_RULE_ZH = ("是否逾期按数据质量检查“逾期公布”（late_publication）的判断：《政府信息公开条例》第四十九条，"
                 "县级以上人民政府部门次年 1 月 31 日前、县级以上地方人民政府的本级报告次年 3 月 31 日前公布；"
                 "乡镇、街道的报告条例未规定期限，不判断。")
_HEADERS = ["机构", "上年机构", "上年有、本年无", "新增", "逾期公布", "未注明发布日期"]


def _counts(now: dict | None, before: dict | None) -> list[str]:
    """The row of a scope's year (now) against the year before (before), from their parts
    (builder.pages.year_parts): what builder.pages.years.coverage counts, body by body."""
    now = now or make_part([])
    bodies, previous = now["bodies"], (before or {}).get("bodies") or {}
    missing = sum(n for body, n in previous.items() if body not in bodies)  # (reports, as coverage lists them)
    new = sum(n for body, n in bodies.items() if body not in previous)
    return [f"{len(bodies):,}", f"{len(previous):,}" if previous else "", f"{missing:,}",
            f"{new:,}" if previous else "", f"{now['late']:,}", f"{now['undated']:,}"]


def coverage_index_files(reports: list[dict], choice: YearChoice, sums: YearSums | None = None) -> dict[str, str]:
    """sums: the reports' YearSums (made here when not given)."""
    page = COVERAGE_PAGE
    sums = sums or YearSums(region_tree(reports), reports)
    out = [front_matter("报告情况与及时性"), "# 报告情况与及时性\n\n",
           "每个年度有多少机构发布了年度报告（本站收录的），哪些机构上一年有报告、这一年没有，哪些逾期公布。"
           f"{_LATE_RULE_ZH}{COMPLETE_RULE_ZH}\n\n"]
    rows = [[link(str(year), page, coverage_year_page(year)), "是" if year in choice.complete_years else "否",
             *_counts(sums.national(year), sums.national(year - 1))] for year in choice.years]
    out.append(md_table(["年度", "完整", *_HEADERS], rows, ["l", "l", "r", "r", "r", "r", "r", "r"]) + "\n"
               if rows else "没有年度已知的报告。\n")
    return {page: "".join(out)}


def coverage_year_files(roots: dict[tuple, Region], reports: list[dict], year: int,
                        choice: YearChoice, sums: YearSums | None = None) -> dict[str, str]:
    """sums: the reports' YearSums over roots (made here when not given)."""
    page = coverage_year_page(year)
    sums = sums or YearSums(roots, reports)
    nav = " · ".join(f"**{y}**" if y == year else link(str(y), page, coverage_year_page(y)) for y in choice.years)
    out = [front_matter(f"{year} 年报告情况与及时性"), f"# {year} 年报告情况与及时性\n\n", f"年度：{nav}\n\n",
           f"{year} 年各省有多少机构发布了年度报告（本站收录的），与 {year - 1} 年相比缺了哪些，多少份逾期公布。"
           f"点击省份查看机构名单和各机构的发布日期。{_LATE_RULE_ZH}"
           f"{year} 年的合计与排名见 [{year} 年度]({rel(page, year_page(year))})。\n\n",
           '<section data-search-exclude markdown>\n\n']
    rows = []
    for root in ordered(roots.values()):
        now, before = sums.of(root, year), sums.of(root, year - 1)
        if now is None and before is None:
            continue
        has_year = now is not None
        # A province without a report this year has no page for it: its own page lists its bodies.
        target = f"{rel(page, root.year_page(year))}#coverage" if has_year else rel(page, root.page)
        rows.append([f"[{md(root.name)}]({target})", *_counts(now, before)])
    all_counts = _counts(sums.national(year), sums.national(year - 1))
    rows.append(["**全部**", *all_counts])
    out.append(md_table(["省份", *_HEADERS], rows, ["l", "r", "r", "r", "r", "r", "r"]) + "\n")
    if sums.part(None, year) is not None or sums.part(None, year - 1) is not None:
        unplaced = [r for r in reports if not page_chain(region_chain(r))]
        out.append("## 地区未知的机构\n\n" + coverage_markdown(coverage(unplaced, year), "地区未知的机构中", page, dates_below=False))
    out.append("</section>\n")
    return {page: "".join(out)}
