"""The data-quality pages: the share passing every check, each rule explained, and every report with
findings — one entry per report, its findings collapsed under it — on pages of bounded size.

quality/index.md          the rules (Chinese name, severity, what they check, counts), the pages by
                          year (and province), the derived cells (a short marked list)
quality/<year>/           the reports of a year with findings (derived cells too), one entry each
quality/<year>/<n>/       … pages of FINDINGS_LIMIT findings when they are more
quality/<year>/<province>/ … when the year has more than PAGE_LIMIT of them
quality/<year>/<province>/<n>/ … and pages of PAGE_LIMIT when a province has more still

Each list page is a plain list without JavaScript (entries are <details>); assets/quality.js adds
the filters: rule and severity hide entries in place, province too on a page that holds several,
year (and province where the year is split) go to that page, the filters carried in the URL's hash.
"""

from __future__ import annotations

import posixpath
from functools import cache

from builder.export import passes_checks
from builder.metadata import region_slug
from builder.pages.common import (
    SEVERITY_ZH,
    agency_page,
    front_matter,
    html_attr,
    html_text,
    json_for_html,
    link,
    md,
    md_table,
    shown_name,
)
from builder.pages.figures import pct
from builder.pages.names import NAMELESS, NAMELESS_ZH, nameless, nameless_sentence
from builder.template import RULE, RULES, fields

PAGE = "quality/index.md"
PAGE_LIMIT = 200  # reports on one list page: a page stays small however many reports there are
# ... and findings on one list page: an entry weighs ~0.4 KB and ~0.35 KB a finding (a report of a
# year with another year beside it has ten cross-year findings), so 200 reports could be 600 KB:
FINDINGS_LIMIT = 150  # ~75 KB
DERIVED_SHOWN = 100  # derived cells listed on the index page (each year's page lists its own)
FIELDS_SHOWN = 6  # field labels listed under one finding
UNKNOWN = "unknown"
SEVERITY_ORDER = ("error", "warning", "info")
DERIVED = "derived"  # the rule filter's value for "has derived cells"
DERIVED_ZH = "推定单元格"


# ---------------------------------------------------------------- what is listed, and where


def _year(report: dict) -> str:
    return str(report.get("year") or UNKNOWN)


def _province(report: dict) -> str:
    return (report.get("region") or {}).get("province") or UNKNOWN


def _province_zh(province: str) -> str:
    return "地区未知" if province == UNKNOWN else province


@cache
def _province_codes() -> dict[str, str]:
    """Province name → its two-digit GB/T 2260 code (provinces listed in the order of their codes)."""
    from builder.divisions import name_of

    out = {}
    for code in range(11, 83):
        name = name_of(f"{code:02d}")
        if name:
            out[name] = f"{code:02d}"
    return out


def province_key(name: str) -> tuple[str, str]:
    return (_province_codes().get(name, "99"), name)


def _listed(report: dict) -> bool:
    return bool(report.get("checks") or report.get("derived")) or nameless(report)


def _url(page: str) -> str:
    """The site-root-relative directory URL of a docs page (use_directory_urls)."""
    return page.removesuffix("index.md")


def _root(page: str) -> str:
    """From a page's URL back to the site root."""
    return "../" * len(posixpath.dirname(page).split("/"))


def _weight(report: dict) -> int:
    """A report's findings on a list page (its derived cells one more, a name not found one more)."""
    return len(report.get("checks") or ()) + bool(report.get("derived")) + nameless(report)


def _groups(members: list[dict], limit: int, findings: int) -> list[list[dict]]:
    """members cut, in order, into pages of at most `limit` reports and `findings` findings (a report
    with more findings than that alone on its page)."""
    out: list[list[dict]] = [[]]
    weight = 0
    for report in members:
        w = _weight(report)
        if out[-1] and (len(out[-1]) >= limit or weight + w > findings):
            out.append([])
            weight = 0
        out[-1].append(report)
        weight += w
    return out


def list_pages(reports: list[dict], limit: int = PAGE_LIMIT,
               findings: int = FINDINGS_LIMIT) -> dict[str, dict[str, list[tuple[str, list[dict]]]]]:
    """{year: {province ("" when the year is one list): [(docs page, its reports), …]}} in year and
    province order, each page at most `limit` reports and `findings` findings."""
    by_year: dict[str, list[dict]] = {}
    for report in reports:
        if _listed(report):
            by_year.setdefault(_year(report), []).append(report)
    out: dict[str, dict[str, list[tuple[str, list[dict]]]]] = {}
    for year in sorted(by_year, key=lambda y: (y == UNKNOWN, -int(y) if y.isdigit() else 0)):
        members = sorted(by_year[year], key=lambda r: (province_key(_province(r)), shown_name(r)))
        if len(members) <= limit:
            # One list (cut into pages past `findings`): a page per province would add ~17 KB of chrome and
            # filters to each of 31 pages where a few pages hold them all.
            out[year] = {"": [(f"quality/{year}/index.md" if n == 0 else f"quality/{year}/{n + 1}/index.md", page)
                              for n, page in enumerate(_groups(members, limit, findings))]}
            continue
        by_province: dict[str, list[dict]] = {}
        for report in members:
            by_province.setdefault(_province(report), []).append(report)
        out[year] = {}
        for province, group in by_province.items():
            folder = f"quality/{year}/{UNKNOWN if province == UNKNOWN else region_slug(province, 'province')}"
            out[year][province] = [(f"{folder}/index.md" if n == 0 else f"{folder}/{n + 1}/index.md", page)
                                   for n, page in enumerate(_groups(group, limit, findings))]
    return out


def _page_map(plan) -> dict:
    """What the filters navigate by: {year: {province: [its first page's URL]}} (bounded: years ×
    provinces; every list page carries it, so not the pages after the first, which grow with N)."""
    return {year: {province: [_url(pages[0][0])] for province, pages in provinces.items()}
            for year, provinces in plan.items()}


def _year_zh(year: str) -> str:
    return "年度未知" if year == UNKNOWN else f"{year} 年度"


# ---------------------------------------------------------------- one report's entry


def field_label(field_id: str) -> str:
    known = fields().get(field_id)
    return f"{known.row_zh} · {known.column_zh}" if known else field_id


def _by_row(field_ids: list[str], shown=lambda f: "") -> str:
    """Cells grouped by their row, the row's label once: 予以公开（自然人、总计）; shown(f) follows a cell."""
    rows: dict[str, list[str]] = {}
    for f in field_ids:
        known = fields().get(f)
        row, column = (known.row_zh, known.column_zh) if known else (f, "")
        rows.setdefault(row, []).append(column + shown(f))
    return "；".join(f"{row}（{'、'.join(columns)}）" if any(columns) else row for row, columns in rows.items())


def _fields_text(field_ids: list[str]) -> str:
    more = f" 等 {len(field_ids)} 个单元格" if len(field_ids) > FIELDS_SHOWN else ""
    return _by_row(field_ids[:FIELDS_SHOWN]) + more


def _rule_zh(rule: str) -> str:
    return RULE[rule].title_zh if rule in RULE else rule


def _counts_zh(checks: list[dict]) -> str:
    counts = {s: sum(c.get("severity") == s for c in checks) for s in SEVERITY_ORDER}
    return " · ".join(f"{SEVERITY_ZH[s]} {n}" for s, n in counts.items() if n)


def _entry(report: dict, root: str) -> str:
    checks = sorted(report.get("checks") or (), key=lambda c: SEVERITY_ORDER.index(c.get("severity", "info"))
                    if c.get("severity") in SEVERITY_ORDER else 3)
    derived = report.get("derived") or {}
    rules = sorted({c["rule"] for c in checks} | ({DERIVED} if derived else set())
                   | ({NAMELESS} if nameless(report) else set()))
    severities = sorted({c.get("severity", "") for c in checks})
    name = shown_name(report)
    province = _province(report)
    summary = [f'<a href="{html_attr(root + "agencies/" + report["agency_id"] + "/")}">{html_text(name)}</a>',
               html_text(_year_zh(_year(report))), html_text(_province_zh(province))]
    counts = " · ".join(filter(None, (_counts_zh(checks), f"{DERIVED_ZH} {len(derived)}" if derived else "",
                                      NAMELESS_ZH if nameless(report) else "")))
    out = [f'<details class="quality-report" data-rules="{html_attr(" ".join(rules))}" '
           f'data-severities="{html_attr(" ".join(severities))}" data-province="{html_attr(province)}" '
           f'data-year="{html_attr(_year(report))}">',
           f'<summary>{" · ".join(summary)} <span class="quality-counts">{html_text(counts)}</span></summary>',
           '<ul>']
    if nameless(report):
        out.append(f'<li class="quality-nameless" data-rule="{NAMELESS}" data-severity="">'
                   f'<a href="{html_attr(root + "quality/#" + NAMELESS)}">{NAMELESS_ZH}</a>：'
                   f'{html_text(nameless_sentence(report))}</li>')
    for check in checks:
        rule, severity = check.get("rule", ""), check.get("severity", "")
        acknowledged = "（已确认：报告原文的问题）" if check.get("acknowledged") else ""
        fields_html = (f'<br><span class="quality-fields">单元格：{html_text(_fields_text(check["fields"]))}</span>'
                       if check.get("fields") else "")
        out.append(f'<li class="quality-finding" data-rule="{html_attr(rule)}" data-severity="{html_attr(severity)}">'
                   f'<a href="{html_attr(root + "quality/#" + rule)}">{html_text(_rule_zh(rule))}</a>'
                   f'（<code>{html_text(rule)}</code> · {html_text(SEVERITY_ZH.get(severity, severity))}）'
                   f'{html_text(acknowledged)}：{html_text(check.get("message") or "")}{fields_html}</li>')
    # The cells one certainty gave (a short row's seven): one item, the row's label once.
    groups: dict[tuple[str, str], list[str]] = {}
    for field_id, cell in derived.items():
        groups.setdefault((str(cell.get("rule") or ""), str(cell.get("note") or "")), []).append(field_id)
    for (rule, note), cells in groups.items():
        listed = _by_row(cells, lambda f: f" = {derived[f].get('value')}")
        out.append(f'<li class="quality-derived" data-rule="{DERIVED}" data-severity="">'
                   f'<a href="{html_attr(root + "quality/#" + DERIVED)}">{DERIVED_ZH}</a>'
                   f'（按 <code>{html_text(rule)}</code> 推定，不在原表数值中）：'
                   f'<strong>{html_text(listed)}</strong>。{html_text(note)}</li>')
    out.append("</ul></details>")
    return "".join(out)


# ---------------------------------------------------------------- the filters


def _filter_form(page: str, plan, provinces: list[str], years: list[str], here: dict) -> str:
    """The filter controls (hidden until assets/quality.js runs) and the page map they navigate by."""
    def options(values: list[tuple[str, str]]) -> str:
        return "".join(f'<option value="{html_attr(v)}">{html_text(t)}</option>' for v, t in values)

    rule_options = [("", "全部规则"), *((r.name, f"{r.title_zh}（{r.name}）") for r in RULES), (DERIVED, DERIVED_ZH),
                    (NAMELESS, NAMELESS_ZH)]
    severity_options = [("", "全部级别"), *((s, SEVERITY_ZH[s]) for s in SEVERITY_ORDER)]
    province_options = [("", "全部省份"), *((p, _province_zh(p)) for p in provinces)]
    year_options = [("", "全部年度")] if not here else []
    year_options += [(y, _year_zh(y)) for y in years]
    state = json_for_html({"pages": _page_map(plan), "root": _root(page), **here})
    return ('<form class="quality-filter" id="quality-filter" hidden>'
            f'<label>规则 <select name="rule">{options(rule_options)}</select></label> '
            f'<label>级别 <select name="severity">{options(severity_options)}</select></label> '
            f'<label>省份 <select name="province">{options(province_options)}</select></label> '
            f'<label>年度 <select name="year">{options(year_options)}</select></label> '
            '<output class="quality-shown" aria-live="polite"></output></form>'
            f'<script type="application/json" id="quality-pages">{state}</script>'
            f'<script src="{html_attr(_root(page) + "assets/quality.js")}" defer></script>\n\n')


# ---------------------------------------------------------------- the pages


def _list_page(page: str, year: str, province: str, number: int, of: int, members: list[dict], plan,
               years: list[str], all_provinces: list[str], entry=None) -> str:
    title = "数据质量 · " + _year_zh(year) + ("" if "" in plan[year] else f" · {_province_zh(province)}")
    title += f" · 第 {number} / {of} 页" if of > 1 else ""
    root = _root(page)
    split = "" not in plan[year]  # the year's reports on one page per province
    provinces = all_provinces if split else sorted({_province(r) for r in members}, key=province_key)
    out = [front_matter(title, exclude=True), f"# {md(title)}\n\n",
           f'[← 数据质量]({posixpath.relpath(PAGE, posixpath.dirname(page))}) · 本页 {len(members):,} 份报告有检查结果或推定单元格；'
           "点开一份报告看它的各条检查结果。\n\n",
           _filter_form(page, plan, provinces, years, {"year": year, "province": province if split else None}),
           '<div class="quality-list" data-search-exclude>\n',
           "\n".join((entry or _entry)(r, root) for r in members), "\n</div>\n\n"]
    pages = plan[year][province]
    if of > 1:
        links = " · ".join(f"第 {n + 1} 页" if n + 1 == number else
                           f"[第 {n + 1} 页]({posixpath.relpath(p, posixpath.dirname(page))})"
                           for n, (p, _m) in enumerate(pages))
        out.append(f"分页：{links}\n")
    return "".join(out)


def finding_counts(reports: list[dict]) -> dict:
    """What the index counts of the reports: each rule's findings and reports, the derived cells and their
    reports, the reports with no name found (data only: builder.pages.year_parts keeps and adds them up)."""
    rules: dict[str, list[int]] = {}
    cells = with_cells = unnamed = 0
    for report in reports:
        seen = set()
        for check in report.get("checks") or ():
            counts = rules.setdefault(check["rule"], [0, 0])
            counts[0] += 1
            if check["rule"] not in seen:
                seen.add(check["rule"])
                counts[1] += 1
        derived = len(report.get("derived") or ())
        cells, with_cells = cells + derived, with_cells + bool(derived)
        unnamed += nameless(report)
    return {"rules": rules, "derived": [cells, with_cells], "nameless": unnamed}


def add_finding_counts(a: dict, b: dict) -> dict:
    rules = {rule: list(counts) for rule, counts in a["rules"].items()}
    for rule, (findings, listed) in b["rules"].items():
        counts = rules.setdefault(rule, [0, 0])
        counts[0], counts[1] = counts[0] + findings, counts[1] + listed
    return {"rules": rules, "derived": [x + y for x, y in zip(a["derived"], b["derived"], strict=True)],
            "nameless": a["nameless"] + b["nameless"]}


def _derived_list(reports: list[dict], cells: int) -> str:
    """The first DERIVED_SHOWN derived cells, in the reports' order (cells: how many there are in all)."""
    out = []
    derived = []  # the first DERIVED_SHOWN cells, in the reports' order
    for report in reports:
        if len(derived) >= DERIVED_SHOWN:
            break
        if report.get("derived"):
            derived += [(report, f, cell) for f, cell in report["derived"].items()]
    if not derived:
        out.append("没有推定的单元格。\n\n")
    else:
        # Markdown cells: md() (pipes, line breaks, emphasis), which HTML escaping alone does not make safe
        # inside a Markdown table; a code span shows a backslash escape as printed, so the rule is HTML.
        rows = [[link(shown_name(r), PAGE, agency_page(r["agency_id"])),
                 md(_year_zh(_year(r))), md(field_label(f)), f"**{md(c.get('value'))}**（推定）",
                 f"<code>{html_text(c.get('rule'))}</code>"] for r, f, c in derived[:DERIVED_SHOWN]]
        out.append('<section data-search-exclude markdown>\n\n'
                   + md_table(["机构", "年度", "单元格", "推定值", "依据规则"], rows, ["l", "r", "l", "r", "l"])
                   + "\n</section>\n\n")
        if cells > DERIVED_SHOWN:
            out.append(f"共 {cells:,} 个推定单元格，此处列出前 {DERIVED_SHOWN} 个；其余见各年度页面。\n\n")

    return "".join(out)


def _index(reports: list[dict], plan, counts: dict, passing: int, years: list[str], provinces: list[str]) -> str:
    """counts: finding_counts of the reports; passing: how many pass every check (passes_checks)."""
    share = pct(passing / len(reports)) if reports else "—"
    out = [front_matter("数据质量"), "# 数据质量\n\n",
           f"**{passing:,}** / {len(reports):,} 份报告（{share}）通过了全部检查"
           "（没有未确认的错误或警告）。\n\n",
           "每份报告都按模板自身的勾稽关系、《中华人民共和国政府信息公开条例》和以下规则检查。“已确认”表示报告的附属文件"
           "（`known_issues`）说明这是报告原文的问题，不是解析错误。\n\n"]
    by_rule = counts["rules"]
    summary = []
    for rule in RULES:
        found, listed = by_rule.get(rule.name, (0, 0))
        summary.append([f"[{md(rule.title_zh)}](#{rule.name})", f"`{rule.name}`", SEVERITY_ZH[rule.severity],
                        f"{found:,}", f"{listed:,}"])
    cells, with_cells = counts["derived"]
    summary.append([f"[{DERIVED_ZH}](#{DERIVED})", f"`{DERIVED}`", "—", f"{cells:,}", f"{with_cells:,}"])
    unnamed = counts["nameless"]
    summary.append([f"[{NAMELESS_ZH}](#{NAMELESS})", f"`{NAMELESS}`", "—", f"{unnamed:,}", f"{unnamed:,}"])
    out.append(md_table(["规则", "编号", "级别", "条数", "涉及报告"], summary, ["l", "l", "l", "r", "r"]) + "\n")

    out.append("## 各年度的报告 {#reports}\n\n")
    if not plan:
        out.append("没有报告有检查结果。\n\n")
    else:
        out.append("每份报告一条，点开看它的各条检查结果；可按规则、级别、省份、年度筛选。\n\n")
        out.append(_filter_form(PAGE, plan, provinces, years, {}))
        rows = []
        for year, split in plan.items():
            listed = sum(len(m) for pages in split.values() for _p, m in pages)
            if "" in split and len(split) == 1:
                where = f"[{_year_zh(year)}]({posixpath.relpath(split[''][0][0], 'quality')})"
            else:
                where = "，".join(f"[{md(_province_zh(p))}]({posixpath.relpath(pages[0][0], 'quality')})"
                                 + (f"（{len(pages)} 页）" if len(pages) > 1 else "") for p, pages in split.items())
                where = f"{_year_zh(year)}：{where}"
            rows.append([where, f"{listed:,}"])
        out.append(md_table(["页面", "报告数"], rows, ["l", "r"]) + "\n")

    out.append(f"## {DERIVED_ZH} {{#{DERIVED}}}\n\n")
    out.append("有的单元格报告没有印清楚（一行少印了一个数字、印了无法识别的内容），但表格自身的勾稽关系使它只能是某个值："
               "例如一行印了六个 0 而模板有七个单元格，无论缺的是哪一格，每一格都是 0。这样的值单独列出、标明“推定”，"
               "不写入原表数值（`values`），也不参与检查；报告印为空白或“/”的单元格从不推定。\n\n")
    out.append(_derived_list(reports, cells))
    out.append(f"## {NAMELESS_ZH} {{#{NAMELESS}}}\n\n")
    out.append(f"{unnamed:,} 份报告中没有找到可用的机构名称（没有印出，或印出的不像机构名称：过长、含网页标记、"
               "不以机关名称结尾）。本站以报告文件名得出的标识称呼这些机构，并在各自的页面上说明；"
               "在报告旁的附属文件（.yml）中写明 agency 即可更正。它们列在上面各年度的页面中，可按“"
               f"{NAMELESS_ZH}”筛选。\n\n")
    out.append("## 规则说明 {#rules}\n\n")
    for rule in RULES:
        out.append(f"### {md(rule.title_zh)} {{#{rule.name}}}\n\n")
        out.append(f"`{rule.name}` · {SEVERITY_ZH[rule.severity]} · {by_rule.get(rule.name, (0, 0))[0]:,} 条 · "
                   f"{md(rule.what_zh)}\n\n")
    for name in sorted(set(by_rule) - {r.name for r in RULES}):
        out.append(f"### {md(name)}\n\n{by_rule[name][0]:,} 条。\n\n")
    return "".join(out)


def quality_plan(reports: list[dict], limit: int = PAGE_LIMIT, findings: int = FINDINGS_LIMIT) -> tuple:
    """(the list pages (list_pages), the years, the provinces listed): what every list page's filters carry."""
    plan = list_pages(reports, limit, findings)
    return plan, list(plan), sorted({_province(r) for r in reports if _listed(r)}, key=province_key)


def quality_index_files(reports: list[dict], plan, years: list[str], provinces: list[str],
                        sums=None) -> dict[str, str]:
    """quality/index.md: the rules and their counts over every report, the pages by year. sums: the reports'
    builder.pages.year_parts.YearSums, whose parts keep the counts (made here of the reports when not given)."""
    if sums is not None:
        counts, passing = sums.finding_counts(), sums.passing()
    else:
        counts, passing = finding_counts(reports), sum(passes_checks(r) for r in reports)
    return {PAGE: _index(reports, plan, counts, passing, years, provinces)}


def quality_list_inputs(plan, year: str, province: str, years: list[str], provinces: list[str],
                        hashes: dict[str, str]) -> list:
    """What the list pages of one year and province (plan[year][province]) are made of, hashes giving each
    report's view: their paths and members, the filters' years, provinces and page map."""
    split = "" not in plan[year]
    return [year, province, [[page, [hashes[r["id"]] for r in members]] for page, members in plan[year][province]],
            years, provinces if split else None, _page_map(plan)]


def quality_list_files(plan, year: str, province: str, years: list[str], provinces: list[str],
                       entry=None) -> dict[str, str]:
    """The list pages of one year and province (plan[year][province]); entry(report, root): its entry's HTML."""
    pages = plan[year][province]
    return {page: _list_page(page, year, province, n + 1, len(pages), members, plan, years, provinces, entry)
            for n, (page, members) in enumerate(pages)}


def kept_entry(kept, hashes: dict[str, str]):
    """entry(report, root) for the list pages from a KeptParts (builder.pages.kept_parts): each list entry
    made once per view and kept between builds (at N = 10,000 the entries were most of the pages' cost)."""
    def entry(report: dict, root: str) -> str:
        return kept.get(f"{hashes[report['id']]}:{root}", lambda: _entry(report, root))
    return entry


def quality_page_files(reports: list[dict], limit: int = PAGE_LIMIT, findings: int = FINDINGS_LIMIT,
                       kept=None, hashes: dict[str, str] | None = None) -> dict[str, str]:
    """The quality page and its list pages. kept (a builder.pages.kept_parts.KeptParts) with hashes
    (report id → its view's hash): the list entries kept (kept_entry). A build makes the index and each
    year and province's list pages as groups of their own (builder.site._quality_pages)."""
    entry = kept_entry(kept, hashes) if kept is not None and hashes is not None else None
    plan, years, provinces = quality_plan(reports, limit, findings)
    files = quality_index_files(reports, plan, years, provinces)
    for year, split in plan.items():
        for province in split:
            files |= quality_list_files(plan, year, province, years, provinces, entry)
    return files
