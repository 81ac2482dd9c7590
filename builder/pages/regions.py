"""Region pages: every province, city and county with reports, one year at a time.

A region has a page (regions/<slugs>/) showing its latest complete year (builder.pages.years) with
a table of its years, and a page for each other year (regions/<slugs>/<year>/; the year its own page
shows has none, so a region of one year has one page): that year's totals, sub-regions,
comparison chart, rankings (where there are more bodies than a ranking lists), coverage and
timeliness (who reported, who reported the year before and not this year, who published late) and
its agencies. Every figure names its year; no figure adds years together unless labelled so.

Regions are listed in the order of their administrative division codes (GB/T 2260, read from the
reports' ``body_id``, which the parse took from cpca's and the places tables), names by pinyin
(builder.readings) where there is no code.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from builder.export import failed_checks
from builder.pages import charts
from builder.pages.common import (
    LEVEL_ZH,
    agency_page,
    front_matter,
    html_attr,
    html_text,
    link,
    md,
    page_chain,
    region_chain,
    region_page,
    rel,
    shown_name,
)
from builder.pages.explorer import explorer_link
from builder.pages.figures import fmt, key_figures, pct, share_basis_zh, sum_figures
from builder.pages.listing import a, href, html_table
from builder.pages.rankings import TOP, rankings_markdown
from builder.pages.year_parts import figures_of
from builder.pages.years import COMPLETE_RULE_ZH, Coverage, YearChoice, bodies, by_year, choose_year, coverage
from builder.readings import reading
from builder.search import region_search_html
from builder.template.indicators import INDICATOR, UNRANKED_MARK, UNRANKED_NOTE, rate_figure, unranked
from builder.template.indicators import rate as rate_of

# The attribute list (Python-Markdown's attr_list) that keeps a heading out of the search, as the
# tables and charts under it are: the region's own page is found by its name, not by its headings.
EXCLUDED = "data-search-exclude"
UNPLACED_LISTED = 200  # agencies without a known region listed on the regions index
CODE_DIGITS = {"province": 2, "city": 4, "county": 6}  # a division code's digits that name the level


@dataclass
class Region:
    chain: tuple[tuple[str, str], ...]  # ((level, name), …) from the province down
    reports: list[dict] = field(default_factory=list)
    children: dict[tuple, Region] = field(default_factory=dict)
    # The year its page shows (builder.pages.years.choose_year); the build sets it for the day it runs.
    choice: YearChoice | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        return self.chain[-1][1]

    @property
    def level(self) -> str:
        return self.chain[-1][0]

    @property
    def page(self) -> str:
        return region_page(self.chain)

    def year_choice(self, today: date | None = None) -> YearChoice:
        if self.choice is None:
            self.choice = choose_year(self.reports, today)
        return self.choice

    def year_page(self, year: int) -> str:
        """The page of one of its years: its own page for the year that shows, else regions/…/<year>/."""
        if year == self.year_choice().year:
            return self.page
        return self.page.removesuffix("index.md") + f"{year}/index.md"

    @property
    def lone_body(self) -> str | None:
        """The agency id of its one body, when every report of the region is that body's."""
        ids = {r["agency_id"] for r in self.reports}
        return ids.pop() if len(ids) == 1 else None

    @property
    def lone_name(self) -> str:
        """The name of its one body (lone_body) as its latest report prints it."""
        latest = max(self.reports, key=lambda r: r.get("year") if isinstance(r.get("year"), int) else 0)
        return shown_name(latest)

    @property
    def target(self) -> str:
        """The docs path a link to the region goes to: its page, or its one body's (region_page_files)."""
        return agency_page(self.lone_body) if self.lone_body else self.page

    def year_target(self, year: int) -> str:
        """The docs path (with a #fragment) a link to one of its years goes to: a region of one body has
        no pages of its own, its body's page has the year (stubs at the pages' addresses send old links
        there: region_page_files)."""
        if self.lone_body:
            return agency_page(self.lone_body) + f"#y{year}"
        return self.year_page(year)

    @cached_property
    def code(self) -> str | None:
        """The division code (two, four or six digits) most of its reports' body ids start with."""
        digits = CODE_DIGITS.get(self.level)
        if digits is None:
            return None
        codes = Counter(str(r.get("body_id"))[:digits] for r in self.reports
                        if str(r.get("body_id") or "")[:digits].isdigit() and len(str(r["body_id"])) >= digits)
        return codes.most_common(1)[0][0] if codes else None


def ordered(nodes) -> list[Region]:
    """Regions in division-code order; those without a known code after them, by pinyin."""
    return sorted(nodes, key=lambda r: (r.code is None, r.code or "", reading(r.name), r.name))


def region_tree(reports: list[dict]) -> dict[tuple, Region]:
    """Top-level regions (usually provinces), each with its sub-regions; every node holds all its reports."""
    roots: dict[tuple, Region] = {}
    for report in reports:
        chain = page_chain(region_chain(report))
        level = roots
        for i in range(len(chain)):
            key = chain[: i + 1]
            node = level.setdefault(key, Region(key))
            node.reports.append(report)
            level = node.children
    return roots


def walk(nodes: dict[tuple, Region]):
    for node in nodes.values():
        yield node
        yield from walk(node.children)


def latest_by_agency(reports: list[dict]) -> list[dict]:
    latest: dict[str, dict] = {}
    for report in reports:
        old = latest.get(report["agency_id"])
        if old is None or (report.get("year") or 0) >= (old.get("year") or 0):
            latest[report["agency_id"]] = report
    return list(latest.values())


def _rate_cell(report: dict, key: str) -> str:
    """The rate as builder.template.indicators prints one (rate_figure): its percentage where its denominator
    is large enough to mean something; below, UNRANKED_FIGURE with its counts and UNRANKED_MARK."""
    rate = rate_of(INDICATOR[key], report.get("values") or {})
    figure = rate_figure(rate)
    if not unranked(rate):
        return figure
    return f"{figure}（{fmt(rate.numerator)}/{fmt(rate.denominator)}）{UNRANKED_MARK}"


def agency_table(reports: list[dict], page: str, year: int | None = None) -> str:
    """Sortable table of agencies, by pinyin (their ids are the pinyin of their names), linking to their
    pages: the reports of `year`, or without a year the latest report of each agency (its year in a column)."""
    chosen = [r for r in reports if r.get("year") == year] if year is not None else latest_by_agency(reports)
    rows = []
    for report in sorted(chosen, key=lambda r: r["agency_id"]):
        f = key_figures(report)
        rows.append([
            a(shown_name(report), page, agency_page(report["agency_id"])),
            html_text(LEVEL_ZH.get(report.get("level"), "未知")), str(report.get("year") or ""),
            html_text(report.get("published") or ""),
            fmt(f["received"]), fmt(f["processed"]), _rate_cell(report, "granted_rate"),
            fmt(f["reconsideration"]), fmt(f["reconsideration_corrected"]), fmt(f["litigation"]),
            str(len(failed_checks(report))),
        ])
    table = html_table(["机构", "层级", "年度", "发布日期", "新收申请", "办理总计", html_text(INDICATOR["granted_rate"].label),
                        "行政复议", "复议纠正", "行政诉讼", "未通过检查"], rows,
                       ["l", "l", "r", "r", "r", "r", "r", "r", "r", "r", "r"])
    if any(row[6].endswith(UNRANKED_MARK) for row in rows):  # (a visible note: a tooltip never shows on a phone)
        minimum = INDICATOR["granted_rate"].min_denominator
        table += f'\n<p class="table-note">{UNRANKED_MARK}：{UNRANKED_NOTE.format(minimum=minimum)}。</p>'
    return table


# A province's page would otherwise list every body of the year (thousands, at national scale): past
# this many it lists the bodies with the most new requests and sends the rest to the explorer.
AGENCY_TABLE_MAX = 100


def _bounded_agency_table(region: Region, members: list[dict], page: str, year: int) -> str:
    bodies_of_year = {r["agency_id"] for r in members}
    if len(bodies_of_year) <= AGENCY_TABLE_MAX:
        return agency_table(members, page, year)
    top = sorted(members, key=lambda r: (-(key_figures(r)["received"] or 0), r["agency_id"]))[:AGENCY_TABLE_MAX]
    where = {level: name for level, name in region.chain if level in ("province", "city", "county")}
    return (f"{year} 年共 {len(bodies_of_year):,} 个机构，这里列出新收申请最多的 {AGENCY_TABLE_MAX} 个；"
            f"全部机构见[浏览/筛选]({explorer_link(page, **where, year=str(year))})。\n\n"
            + agency_table(top, page, year))


def rate_note_text() -> str:
    granted = INDICATOR["granted_rate"]
    return (f"{granted.label} = {granted.definition}；办理总计少于 {granted.min_denominator} 件的机构只列"
            "（予以公开/办理总计）件数，不给比率，排序时也不和其他机构的比率相比。")



def totals_table(reports: list[dict] | dict, year: int | None = None) -> str:
    """Stat cards of the reports' sums: of one year (every label names it), or labelled as a sum of years.
    reports: or their part of one year (builder.pages.year_parts: the national pages' sums)."""
    if isinstance(reports, dict):
        s, count, body_count, years = figures_of(reports), reports["reports"], len(reports["bodies"]), []
    else:
        s, count, body_count = sum_figures(reports), len(reports), len(bodies(reports))
        years = sorted({r["year"] for r in reports if r.get("year")})
    if year is not None:
        prefix = f"{year} 年"
    else:
        prefix = f"{years[0]}–{years[-1]} 年各年相加：" if len(years) > 1 else (f"{years[0]} 年" if years else "")
    rows = [
        ["报告", f"{count:,}"], ["机构", f"{body_count:,}"],
        ["新收申请合计", fmt(s.get("received"))], ["办理结果合计", fmt(s.get("processed"))],
        ["予以公开占比", pct(s.get("granted_share"))], ["部分公开占比", pct(s.get("partially_granted_share"))],
        ["行政复议合计", fmt(s.get("reconsideration"))], ["复议结果纠正", fmt(s.get("reconsideration_corrected"))],
        ["行政诉讼合计", fmt(s.get("litigation"))], ["诉讼结果纠正", fmt(s.get("litigation_corrected"))],
    ]
    # A grid of figures (raw HTML): ten numbers read better side by side than in a tall table.
    cards = "".join(f'<div class="stat"><div class="stat-value">{html_text(value) or "—"}</div>'
                    f'<div class="stat-label">{html_text(prefix + label)}</div></div>' for label, value in rows)
    basis = share_basis_zh(s, count)  # the shares' own count of reports, when not every report counts
    return (f'<div class="stats" data-search-exclude>{cards}</div>\n'
            + (f'\n<p class="stats-note" data-search-exclude>{html_text(basis)}</p>\n' if basis else ""))


def years_table(reports: list[dict], choice: YearChoice, page: str, target, sums=None) -> str:
    """One row per year (each year's own sums), then the sum of the years, labelled as such.
    target(year) is the docs path a year's row links to. sums: the reports' YearSums
    (builder.pages.year_parts), which the national pages add up by part."""
    rows = []
    if sums is not None:
        of_years = [(year, sums.national(year)) for year in sums.years()]
        years = [(year, figures_of(part), len(part["bodies"]), part["reports"]) for year, part in of_years]
    else:
        years = [(year, sum_figures(members), len(bodies(members)), len(members))
                 for year, members in by_year(reports).items()]
    for year, s, body_count, count in years:
        shown = f"<strong>{year}</strong>" if year == choice.year else str(year)
        rows.append([f'<a href="{html_attr(href(page, target(year)))}">{shown}</a>', "是" if year in choice.complete_years else "否",
                     f"{body_count:,}", f"{count:,}", fmt(s.get("received")),
                     fmt(s.get("reconsideration")), fmt(s.get("litigation"))])
    if len(choice.years) > 1:
        if sums is not None:
            dated = sums.dated()
            s, count = figures_of(dated), dated["reports"]
        else:
            members = [r for r in reports if isinstance(r.get("year"), int)]
            s, count = sum_figures(members), len(members)
        rows.append([f"{choice.years[0]}–{choice.years[-1]} 年累计（各年相加）", "", "", f"{count:,}",
                     fmt(s.get("received")), fmt(s.get("reconsideration")), fmt(s.get("litigation"))])
    return html_table(["年度", "完整", "机构", "报告", "新收申请", "行政复议", "行政诉讼"], rows,
                      ["l", "l", "r", "r", "r", "r", "r"])


# A region's lists of who reported last year and not this year, and who published late, past this many
# rows each: its page lists the bodies of its own level and counts the rest by sub-region, linking to
# their pages, where the lists are the sub-region's (a county's page lists all of its own).
COVERAGE_LISTED = 50


def _child_key(region: Region, report: dict) -> tuple | None:
    """The chain of the sub-region of `region` a report is of (None: of the region's own level)."""
    chain = page_chain(region_chain(report))
    return chain[: len(region.chain) + 1] if len(chain) > len(region.chain) else None


def region_link(region: Region, page: str, target: str, html: bool = True) -> str:
    """A link to a region whose text says where it goes: its name to its own page; a region of one body has
    no page of its own (target is its body's page), so its name stays text and the link names the body,
    "淮安市：淮安市人民政府" (its name linked would promise the city's page and open an agency's).
    html: an HTML link (a table's cell), else Markdown."""
    if html:
        return (f"{html_text(region.name)}：{a(region.lone_name, page, target)}" if region.lone_body
                else a(region.name, page, target))
    return f"{md(region.name)}：{link(region.lone_name, page, target)}" if region.lone_body else link(region.name, page, target)


def _by_child(region: Region | None, reports: list[dict], year: int, page: str) -> tuple[list[dict], str]:
    """(the reports to list here, a table of the sub-regions' counts for the rest): every report while
    there are at most COVERAGE_LISTED or no sub-regions to send the rest to."""
    if region is None or not region.children or len(reports) <= COVERAGE_LISTED:
        return reports, ""
    own, counts = [], Counter()
    for report in reports:
        key = _child_key(region, report)
        if key in region.children:
            counts[key] += 1
        else:
            own.append(report)
    rows = []
    for child in ordered(region.children[k] for k in counts):
        has_year = any(r.get("year") == year for r in child.reports)
        # A sub-region without a report this year has no page of the year: its own page lists its bodies.
        target = (child.year_target(year) + ("" if child.lone_body else "#coverage")) if has_year else child.target
        rows.append([region_link(child, page, target), html_text(LEVEL_ZH[child.level]), f"{counts[child.chain]:,}"])
    table = (f"<p data-search-exclude>共 {len(reports):,} 个，{'下面列出本级的 ' + format(len(own), ',') + ' 个，' if own else ''}"
             "其余按下级地区计数，名单见各下级地区页面：</p>\n\n"
             + html_table(["下级地区", "层级", "个数"], rows, ["l", "l", "r"]) + "\n")
    return own, table


def coverage_markdown(cov: Coverage, scope_zh: str, page: str, dates_below: bool = True,
                      region: Region | None = None) -> str:
    """Who reported the year, who reported the year before and not this one, who published late (past
    COVERAGE_LISTED of either, in a region with sub-regions: its own level's, and counts by sub-region)."""
    year = cov.year
    out = [f"<p data-search-exclude>{year} 年，{html_text(scope_zh)}有 <strong>{cov.bodies:,}</strong> 个机构的报告"
           + (f"（{year - 1} 年 {cov.previous_bodies:,} 个）" if cov.previous else f"（本站没有 {year - 1} 年的报告可比）")
           + f"；{year - 1} 年有报告、{year} 年没有的 <strong>{len(cov.missing):,}</strong> 个，"
           f"新增 {len(cov.new):,} 个；逾期公布 <strong>{len(cov.late):,}</strong> 份，未注明发布日期 {len(cov.undated):,} 份。"
           "是否逾期按数据质量检查“逾期公布”（late_publication）的判断：《政府信息公开条例》第四十九条，"
           "县级以上人民政府部门次年 1 月 31 日前、县级以上地方人民政府的本级报告次年 3 月 31 日前；"
           "乡镇、街道的报告条例未规定期限，不判断。" + ("各机构的发布日期见下面的机构表。" if dates_below else "") + "</p>\n\n"]
    if cov.missing:
        out.append(f"### {year - 1} 年有报告、{year} 年没有的机构 {{: data-search-exclude }}\n\n")
        listed, by_child = _by_child(region, cov.missing, year, page)
        out.append(by_child)
        rows = [[a(shown_name(r), page, agency_page(r["agency_id"])),
                 html_text(LEVEL_ZH.get(r.get("level"), "未知")), f"{year - 1}", html_text(r.get("published") or "")]
                for r in listed]
        if rows:
            out.append(html_table(["机构", "层级", "上一份报告的年度", "其发布日期"], rows, ["l", "l", "r", "r"]) + "\n")
    if cov.late:
        out.append(f"### {year} 年度报告逾期公布的机构 {{: data-search-exclude }}\n\n")
        late = {id(t.report): t for t in cov.late}
        listed, by_child = _by_child(region, [t.report for t in cov.late], year, page)
        out.append(by_child)
        rows = [[a(shown_name(t.report), page, agency_page(t.report["agency_id"])),
                 html_text(t.published.isoformat() if t.published else ""),
                 html_text(t.deadline.isoformat() if t.deadline else ""),
                 fmt(t.days_late), html_text(t.deadline_zh)] for t in (late[id(r)] for r in listed)]
        if rows:
            out.append(html_table(["机构", "发布日期", "期限", "逾期天数", "适用的期限"], rows, ["l", "r", "r", "r", "l"]) + "\n")
    return "".join(out)


def _crumbs(region: Region, page: str, year: int | None) -> str:
    crumbs = [link("全部地区", page, "regions/index.md")]
    for i in range(len(region.chain) - 1):
        crumbs.append(link(region.chain[i][1], page, region_page(region.chain[: i + 1])))
    if year is None:
        return " → ".join(crumbs) + f" → {md(region.name)}\n\n"
    crumbs.append(link(region.name, page, region.page))
    return " → ".join(crumbs) + f" → {year} 年度\n\n"


def _count_zh(value) -> str:
    """" 12 件", or "不详" when no report printed the figure (a blank is not 0)."""
    return "不详" if value is None else f" {fmt(value)} 件"


def region_year_markdown(region: Region, year: int, page: str, choice: YearChoice) -> str:
    """The body of a region's page for one year (after its title)."""
    members = [r for r in region.reports if r.get("year") == year]
    name = md(region.name)
    s = sum_figures(members)
    cov = coverage(region.reports, year)
    years_nav = " · ".join(f"**{y}**" if y == year else f"[{y}]({rel(page, region.year_target(y))})" for y in choice.years)
    out = [f"年度：{years_nav}\n\n",
           f"{year} 年，{name}（{LEVEL_ZH[region.level]}）共有 {cov.bodies:,} 个机构的报告；"
           f"本年新收申请合计{_count_zh(s.get('received'))}，行政复议{_count_zh(s.get('reconsideration'))}，"
           f"行政诉讼{_count_zh(s.get('litigation'))}。\n\n",
           # No <section markdown> around the rest: its tables and charts are raw HTML the hook lifts
           # around Markdown (site_src/overrides/raw_html.py), each out of the search on its own.
           f"## {year} 年合计 {{: {EXCLUDED} }}\n\n", totals_table(members, year), "\n"]
    children = [c for c in ordered(region.children.values()) if any(r.get("year") == year for r in c.reports)]
    if children:
        out.append(f"## 下级地区（{year} 年） {{: {EXCLUDED} }}\n\n")
        rows = []
        for child in children:
            of_year = [r for r in child.reports if r.get("year") == year]
            cs = sum_figures(of_year)
            rows.append([region_link(child, page, child.year_target(year)), html_text(LEVEL_ZH[child.level]),
                         f"{len(bodies(of_year)):,}", fmt(cs.get("received")), fmt(cs.get("reconsideration")),
                         fmt(cs.get("litigation"))])
        out.append(html_table(["地区", "层级", "机构", "新收申请", "行政复议", "行政诉讼"], rows,
                              ["l", "l", "r", "r", "r", "r"]) + "\n")
    chart = charts.compare_chart(
        [{"机构": shown_name(r), "件数": key_figures(r)["received"]} for r in members],
        "compare", f"{region.name} {year} 年各机构本年新收政府信息公开申请件数（{cov.bodies} 个机构的报告"
                   + ("，只列最多的 30 个" if len(members) > 30 else "") + "）")
    if chart and len(members) > 1:  # one agency: its own page has its charts
        out.append(f"## 机构比较（{year} 年） {{: {EXCLUDED} }}\n\n" + charts.embed(chart, "compare") + "\n")
    if cov.bodies > TOP:  # fewer: the agency table below lists them all
        out.append(f"## {year} 年排名 {{: #rankings {EXCLUDED} }}\n\n" + rankings_markdown(members, year, region.name, page))
    out.append(f"## {year} 年报告情况与及时性 {{: #coverage {EXCLUDED} }}\n\n"
               + coverage_markdown(cov, region.name, page, region=region))
    out.append(f"## {year} 年的机构 {{: #agencies {EXCLUDED} }}\n\n"
               f'<p data-search-exclude>点击表头可以排序。{html_text(rate_note_text())}</p>\n\n'
               + _bounded_agency_table(region, members, page, year) + "\n")
    return "".join(out)


def region_page_files(region: Region, today: date | None = None) -> dict[str, str]:
    """The region's page (its default year, its years) and a page for each of its other years; for a
    region of one body, stubs at those addresses sending the reader to its body's page (stub)."""
    choice = region.year_choice(today)
    page = region.page
    if region.lone_body:
        files = {page: stub(page, region.name, region.target, region.name)}
        for year in choice.years:
            if year != choice.year:
                files[region.year_page(year)] = stub(region.year_page(year), f"{region.name} {year} 年度",
                                                     region.year_target(year), region.name)
        return files
    out = [front_matter(region.name, boost=1.5), f"# {md(region.name)}\n\n",
           # (the search box's ranking and the result's line: builder/search.py)
           region_search_html(region.name, region.level,
                              f"{' '.join(name for _level, name in region.chain)} · {len(region.reports):,} 份报告",
                              tuple(name for _level, name in region.chain[:-1])),
           _crumbs(region, page, None)]
    undated = [r for r in region.reports if not isinstance(r.get("year"), int)]
    if choice.year is None:
        out += [f"{md(region.name)}（{LEVEL_ZH[region.level]}）的 {len(region.reports)} 份报告都没有已知的年度。\n\n",
                "## 机构 {#agencies}\n\n", agency_table(region.reports, page), "\n"]
        return {page: "".join(out)}
    out += [f"{choice.note_zh()}{COMPLETE_RULE_ZH}\n\n", "## 各年度\n\n",
            "每行是一个年度自己的数字；最后一行把各年相加，只作累计参考，不是某一年的数字。\n\n",
            years_table(region.reports, choice, page, region.year_target), "\n"]
    if undated:
        out.append(f"另有 {len(undated)} 份报告年度未知，不计入任何年度：" + "、".join(
            link(shown_name(r), page, agency_page(r["agency_id"])) for r in undated) + "。\n\n")
    out.append(region_year_markdown(region, choice.year, page, choice))
    files = {page: "".join(out)}
    for year in choice.years:
        if year == choice.year:
            continue
        year_page = region.year_page(year)
        files[year_page] = "".join([
            # Out of the search: the region's own page is what a search for its name should find.
            front_matter(f"{region.name} {year} 年度", exclude=True), f"# {md(region.name)} {year} 年度\n\n",
            _crumbs(region, year_page, year), region_year_markdown(region, year, year_page, choice)])
    return files


# The page template of a stub (site_src/overrides/stub.html): a few hundred bytes that send the reader on.
STUB_TEMPLATE = "stub.html"


def stub(page: str, title: str, target: str, region_name: str) -> str:
    """The page at a lone-body region's address (its page, regions/…/, or a year's, regions/…/<year>/):
    its body's page says all the region's pages would (the sums of one body's reports are its reports'
    figures, its coverage is its years), so the address sends the reader there (target: a docs path,
    with the year's #fragment) instead of repeating it under the site's chrome (~20 KB a page; nearly
    every county of the benchmark). Links made before keep working; the stub is out of the search."""
    link_to = rel(page, target)
    location = link_to.replace("index.md#", "#").removesuffix("index.md")
    return (front_matter(title, exclude=True, meta={"template": STUB_TEMPLATE, "location": location})
            + f"# {md(title)}\n\n{md(region_name)}只有一个机构的报告：见[本机构页面]({link_to})。\n")


def regions_index_files(roots: dict[tuple, Region], reports: list[dict]) -> dict[str, str]:
    page = "regions/index.md"
    out = [front_matter("地区"), "# 地区\n\n",
           "有报告的省和市，按行政区划代码排列；区县列在各市的页面上（“下级地区”）。点击地区名查看它最近的完整年度"
           "和各年度的合计、报告情况、机构比较和机构表；只有一个机构报告的地区没有自己的页面，链接的是该机构的页面"
           "（“地区：机构名称”）。\n\n"]
    for root in ordered(roots.values()):
        years = sorted({r["year"] for r in root.reports if isinstance(r.get("year"), int)})
        span = (f"{years[0]}–{years[-1]} 年度" if len(years) > 1 else f"{years[0]} 年度") if years else "年度未知"
        out.append(f"## {region_link(root, page, root.target, html=False)}\n\n"
                   f"{len(bodies(root.reports)):,} 个机构的 {len(root.reports):,} 份报告，{span}。\n\n")
        # The cities only (their pages list their counties): a list of every county would be ~3,000
        # lines at national scale (159 KB of Markdown at 10,000 reports); China has ~340 cities.
        lines = [f"- {region_link(child, page, child.target, html=False)}（{len(child.reports):,} 份报告"
                 + (f"，{len(child.children):,} 个区县" if child.children else "") + "）"
                 for child in ordered(root.children.values())]
        if lines:
            out.append("\n".join(lines) + "\n\n")
    # Not on any region's page (region_tree places a report by its page levels): each agency once, by its
    # latest report's name, and past UNPLACED_LISTED the explorer instead (the page stays bounded).
    unplaced: dict[str, dict] = {}
    for report in sorted(reports, key=lambda r: r.get("year") if isinstance(r.get("year"), int) else 0):
        if not page_chain(region_chain(report)):
            unplaced[report["agency_id"]] = report
    if unplaced:
        listed = sorted(unplaced.values(), key=lambda r: r["agency_id"])[:UNPLACED_LISTED]
        out.append("## 地区未知\n\n" + "\n".join(
            f"- {link(shown_name(r), page, agency_page(r['agency_id']))}" for r in listed) + "\n")
        if len(unplaced) > UNPLACED_LISTED:
            from builder.pages.explorer import explorer_link  # (explorer's page helpers; no cycle at import)

            out.append(f"\n共 {len(unplaced):,} 个机构，此处列出 {UNPLACED_LISTED} 个；全部见[浏览与筛选]"
                       f"({explorer_link(page, province='-', year='all')})（省份选“未知”）。\n")
    return {page: "".join(out)}
