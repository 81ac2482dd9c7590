"""The data-quality pages: the share passing every check, each rule explained, and every report with
findings — one entry per report, its findings collapsed under it — on pages of bounded size, each the
whole list of a place (never a list cut into numbered pages, whose filters would see one page of it).

quality/index.md                  the rules (Chinese name, severity, what they check, counts), the years'
                                  pages, the derived cells (a short marked list)
quality/<year>/                   the reports of a year with findings (derived cells too), one entry each …
                                  … or, past PAGE_BYTES of entries, the year's counts by province and by
                                  rule, linking:
quality/<year>/<province>/        the reports of a province that year …
                                  … or, past PAGE_BYTES, its counts by city and by rule, linking:
quality/<year>/<province>/<city>/ the reports of a city that year (unknown: the province's own bodies) …
                                  … or, past PAGE_BYTES, its counts by county, linking its counties' lists

Each list page is a plain list without JavaScript (entries are <details>); assets/quality.js adds
the filters: rule and severity hide entries in place (province too on a year's one list) and, on a page
of counts, leave the places that have them with their counts; year and province go to that page; the
filters carried in the URL's hash. The numbered pages of older builds (quality/<year>/<n>/,
quality/<year>/<province>/<n>/) are sent to their place's page by the 404 page
(site_src/overrides/404.html).
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
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
from builder.readings import reading
from builder.template import RULE, RULES, fields

PAGE = "quality/index.md"
# A list page's entries, about: an entry weighs ~0.4 KB and ~0.35 KB a finding (a report of a year with
# another year beside it has ten cross-year findings); past PAGE_BYTES a year's list is cut by province,
# a province's by city (benchmarks/quality_pages.py, benchmarks/page_growth.py measure the pages).
ENTRY_BYTES, FINDING_BYTES = 400, 350
PAGE_BYTES = 150_000
DERIVED_SHOWN = 100  # derived cells listed on the index page (each year's page lists its own)
FIELDS_SHOWN = 6  # field labels listed under one finding
UNKNOWN = "unknown"
SEVERITY_ORDER = ("error", "warning", "info")
DERIVED = "derived"  # the rule filter's value for "has derived cells"
DERIVED_ZH = "推定单元格"
BELOW = ("city", "county")  # the levels a province's list is cut by, one after the other, past PAGE_BYTES
# The reports of a place of none of the level below (its own bodies), on a page of their own:
OWN_ZH = {"city": "省本级及未注明城市", "county": "市本级及未注明区县"}
PLACES_ZH = {"province": "省份", "city": "城市", "county": "区县"}


# ---------------------------------------------------------------- what is listed, and where


def _year(report: dict) -> str:
    return str(report.get("year") or UNKNOWN)


def _province(report: dict) -> str:
    return (report.get("region") or {}).get("province") or UNKNOWN


def _province_zh(province: str) -> str:
    return "地区未知" if province == UNKNOWN else province


def _place_zh(name: str, level: str) -> str:
    return name or OWN_ZH[level]


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


def _size(members: list[dict]) -> int:
    """About how many bytes the entries of these reports weigh on a list page."""
    return sum(ENTRY_BYTES + FINDING_BYTES * _weight(r) for r in members)


@dataclass
class Listing:
    """The reports with findings of one place in one year (province "": a whole year's on one page).
    page: the list of them all, or, when they are more than a page holds, the index of its places' pages
    one level down (places: [(name, their Listing)], a province's cities, a city's counties; the name ""
    the place's own bodies and those of no known place below)."""

    page: str
    members: list[dict]
    places: list[tuple[str, Listing]] = field(default_factory=list)


def _folders(names: list[str], level: str) -> dict[str, str]:
    """Each name's folder (its pinyin slug; a second name of the same slug gets -2, -3 …), in names' order."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        slug = UNKNOWN if not name or name == UNKNOWN else region_slug(name, level)
        folder, n = slug, 1
        while folder in taken:
            n += 1
            folder = f"{slug}-{n}"
        taken.add(folder)
        out[name] = folder
    return out


def _place(report: dict, level: str) -> str:
    return (report.get("region") or {}).get(level) or ""


def _listing(folder: str, members: list[dict], budget: int, below: tuple[str, ...] = BELOW) -> Listing:
    """The Listing of a place's members at folder: past budget, a page per place of the level below (a
    province's cities, then a city's counties), as long as there is a level to cut by."""
    page = f"{folder}/index.md"
    if _size(members) <= budget or not below:
        return Listing(page, members)
    level = below[0]
    by_place: dict[str, list[dict]] = {}
    for report in members:  # (in their order: by name)
        by_place.setdefault(_place(report, level), []).append(report)
    # The places by pinyin, the place's own bodies last.
    by_place = {name: by_place[name] for name in sorted(by_place, key=lambda p: (p == "", reading(p), p))}
    if list(by_place) == [""]:  # none of them of a place below: nothing to cut by, one list
        return Listing(page, members)
    folders = _folders(list(by_place), level)
    return Listing(page, members, [(name, _listing(f"{folder}/{folders[name]}", group, budget, below[1:]))
                                   for name, group in by_place.items()])


def list_pages(reports: list[dict], budget: int = PAGE_BYTES) -> dict[str, dict[str, Listing]]:
    """{year: {province: Listing}} in year and province order: a year whose entries fit on a page
    (budget: about how many bytes of entries) is one list, {"": Listing}; a larger one has a list per
    province (its page quality/<year>/ then the index of them), and a province larger still one per
    city. Never a list cut into numbered pages: a page's filters see every report of its place."""
    by_year: dict[str, list[dict]] = {}
    for report in reports:
        if _listed(report):
            by_year.setdefault(_year(report), []).append(report)
    out: dict[str, dict[str, Listing]] = {}
    for year in sorted(by_year, key=lambda y: (y == UNKNOWN, -int(y) if y.isdigit() else 0)):
        members = sorted(by_year[year], key=lambda r: (province_key(_province(r)), shown_name(r)))
        if _size(members) <= budget:
            out[year] = {"": Listing(f"quality/{year}/index.md", members)}
            continue
        by_province: dict[str, list[dict]] = {}
        for report in members:
            by_province.setdefault(_province(report), []).append(report)
        folders = _folders(list(by_province), "province")
        out[year] = {province: _listing(f"quality/{year}/{folders[province]}", group, budget)
                     for province, group in by_province.items()}
    return out


def year_page(year: str) -> str:
    """The page of a year: its list, or the index of its provinces' lists."""
    return f"quality/{year}/index.md"


def _page_map(plan) -> dict:
    """What the filters navigate by: {year: {"": the year's page, province: its page}} (bounded: years ×
    provinces; every page carries it)."""
    return {year: {"": _url(year_page(year)), **{p: _url(listing.page) for p, listing in provinces.items() if p}}
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
    """The filter controls (hidden until assets/quality.js runs) and the page map they navigate by.
    here: {} on quality/index.md; else the page's year, its province (None: several on the page) and
    index (True: a page of counts linking lists, not a list)."""
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


def _crumbs(page: str, year: str, above: list[tuple[str, str]] | None = None) -> str:
    """The links up from a page: the quality page, and from a place's page its year's page and the places
    above it (above: [(name shown, page)]; None on a year's page)."""
    here = posixpath.dirname(page)
    out = [f"[← 数据质量]({posixpath.relpath(PAGE, here)})"]
    if above is not None:
        out.append(f"[{md(_year_zh(year))}]({posixpath.relpath(year_page(year), here)})")
        out += [f"[{md(name)}]({posixpath.relpath(at, here)})" for name, at in above]
    return " · ".join(out)


def _title(year: str, *places: str) -> str:
    return " · ".join(["数据质量", _year_zh(year), *places])


def _list_page(page: str, title: str, crumbs: str, members: list[dict], form: str, entry=None) -> str:
    root = _root(page)
    return "".join([
        front_matter(title, exclude=True), f"# {md(title)}\n\n",
        f"{crumbs} · 本页 {len(members):,} 份报告有检查结果或推定单元格；点开一份报告看它的各条检查结果。\n\n",
        form, '<div class="quality-list" data-search-exclude>\n',
        "\n".join((entry or _entry)(r, root) for r in members), "\n</div>\n\n"])


def _place_counts(members: list[dict]) -> dict:
    """What a row of an index counts of its reports, for the filters: the reports with a finding of each
    rule ("r"), of each severity ("s"), of each rule and severity ("rs": "rule severity")."""
    rules: dict[str, int] = {}
    severities: dict[str, int] = {}
    pairs: dict[str, int] = {}
    for report in members:
        found = {(c.get("rule", ""), c.get("severity", "")) for c in report.get("checks") or ()}
        found |= {(DERIVED, "")} if report.get("derived") else set()
        found |= {(NAMELESS, "")} if nameless(report) else set()
        for rule in {r for r, _s in found}:
            rules[rule] = rules.get(rule, 0) + 1
        for severity in {s for _r, s in found if s}:
            severities[severity] = severities.get(severity, 0) + 1
        for rule, severity in found:
            pairs[f"{rule} {severity}"] = pairs.get(f"{rule} {severity}", 0) + 1
    return {"n": len(members), "r": rules, "s": severities, "rs": pairs}


def _places_table(page: str, heading: str, rows: list[tuple[str, str, list[dict]]]) -> str:
    """The index's table of places (name, its page, its reports): how many reports each lists, of which
    how many have an error, a warning, a note; assets/quality.js counts the filtered ones from data-counts
    (a rule chosen: the reports with a finding of it, of each severity)."""
    head = (f"<th>{html_text(heading)}</th><th class=\"n\">报告</th>"
            + "".join(f'<th class="n">{SEVERITY_ZH[s]}</th>' for s in SEVERITY_ORDER))
    body = []
    for name, target, members in rows:
        counts = _place_counts(members)
        link_to = html_attr(posixpath.relpath(posixpath.dirname(target), posixpath.dirname(page)))
        body.append(f'<tr data-counts="{html_attr(json.dumps(counts, ensure_ascii=False, sort_keys=True))}">'
                    f'<td><a href="{link_to}/">{html_text(name)}</a></td>'
                    f'<td class="n quality-count">{counts["n"]:,}</td>'
                    + "".join(f'<td class="n" data-severity="{s}">{counts["s"].get(s, 0):,}</td>' for s in SEVERITY_ORDER)
                    + "</tr>")
    return (f'<table data-listing data-search-exclude data-quality-places><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>\n\n')


def _rules_table(members: list[dict], page: str) -> str:
    """Each rule's findings and reports among members (the rules with any)."""
    counts = finding_counts(members)
    to_index = posixpath.relpath(PAGE, posixpath.dirname(page))
    # (a rule's name as HTML: a code span would show a Markdown escape as printed)
    rows = [[f"[{md(_rule_zh(rule))}]({to_index}#{rule if rule in RULE else 'rules'})", f"<code>{html_text(rule)}</code>",
             SEVERITY_ZH.get(RULE[rule].severity, "") if rule in RULE else "—", f"{found:,}", f"{listed:,}"]
            for rule, (found, listed) in sorted(counts["rules"].items(), key=lambda kv: (-kv[1][1], kv[0]))]
    cells, with_cells = counts["derived"]
    if cells:
        rows.append([f"[{DERIVED_ZH}]({to_index}#{DERIVED})", f"`{DERIVED}`", "—", f"{cells:,}", f"{with_cells:,}"])
    if counts["nameless"]:
        rows.append([f"[{NAMELESS_ZH}]({to_index}#{NAMELESS})", f"`{NAMELESS}`", "—",
                     f"{counts['nameless']:,}", f"{counts['nameless']:,}"])
    return md_table(["规则", "编号", "级别", "条数", "涉及报告"], rows, ["l", "l", "l", "r", "r"]) + "\n"


def _index_page(page: str, title: str, crumbs: str, members: list[dict], places: str,
                rows: list[tuple[str, str, list[dict]]], form: str) -> str:
    """The page of a year (or a province) whose reports are listed on pages per province (city): the
    counts of each place and each rule, the places' pages linked."""
    return "".join([
        front_matter(title, exclude=True), f"# {md(title)}\n\n",
        f"{crumbs} · 共 {len(members):,} 份报告有检查结果或推定单元格，按{places}列出：每个{places}一页"
        f"（报告多的再按下一级地区分页），页上的筛选看得到该地的每一份报告。选一条规则或一个级别，下表只留下有它的"
        f"{places}和它们的报告数。\n\n",
        form, _places_table(page, places, rows),
        "## 各规则 {#rules}\n\n", _rules_table(members, page)])


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
            listed = sum(len(listing.members) for listing in split.values())
            where = f"[{_year_zh(year)}]({posixpath.relpath(year_page(year), 'quality')})"
            if "" not in split:  # the year's page counts its provinces: each province's list linked here too
                where += "（按省份）：" + "，".join(f"[{md(_province_zh(p))}]({posixpath.relpath(listing.page, 'quality')})"
                                              for p, listing in split.items())
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


def quality_plan(reports: list[dict], budget: int = PAGE_BYTES) -> tuple:
    """(the list pages (list_pages), the years, the provinces listed): what the pages' filters carry."""
    plan = list_pages(reports, budget)
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


def _year_provinces(plan, year: str) -> list[str]:
    return [p for p in plan[year] if p]


def quality_year_inputs(plan, year: str, years: list[str], hashes: dict[str, str]) -> list:
    """What the page of a year listed per province is made of (its provinces' pages and reports' views)."""
    return [year, [[p, listing.page, [hashes[r["id"]] for r in listing.members]] for p, listing in plan[year].items()],
            years, _page_map(plan)]


def quality_year_files(plan, year: str, years: list[str]) -> dict[str, str]:
    """The page of a year listed per province (quality/<year>/): its provinces counted and linked; {} for a
    year on one list (quality_list_files writes that page)."""
    if "" in plan[year]:
        return {}
    page = year_page(year)
    provinces = _year_provinces(plan, year)
    members = [r for listing in plan[year].values() for r in listing.members]
    form = _filter_form(page, plan, provinces, years, {"year": year, "province": None, "index": True})
    rows = [(_province_zh(p), listing.page, listing.members) for p, listing in plan[year].items()]
    return {page: _index_page(page, _title(year), _crumbs(page, year), members, PLACES_ZH["province"], rows, form)}


def _listing_inputs(listing: Listing, hashes: dict[str, str]) -> list:
    return [listing.page, [hashes[r["id"]] for r in listing.members],
            [[name, _listing_inputs(sub, hashes)] for name, sub in listing.places]]


def quality_list_inputs(plan, year: str, province: str, years: list[str], hashes: dict[str, str]) -> list:
    """What the pages of one year and province (plan[year][province]) are made of, hashes giving each
    report's view: their paths and members, the filters' years, the year's provinces and the page map."""
    return [year, province, _listing_inputs(plan[year][province], hashes), years, _year_provinces(plan, year),
            _page_map(plan)]


def _place_files(plan, year: str, province: str, listing: Listing, chain: list[tuple[str, str]],
                 levels: tuple[str, ...], years: list[str], entry) -> dict[str, str]:
    """The pages of a place of province (listing) and of its places below, chain: [(name shown, page)] from
    the province down to it, levels: the levels below it (BELOW)."""
    page = listing.page
    crumbs = _crumbs(page, year, chain[:-1])
    title = _title(year, *(name for name, _at in chain))
    state = {"year": year, "province": province, "place": [name for name, _at in chain]}
    provinces = _year_provinces(plan, year)
    if not listing.places:
        form = _filter_form(page, plan, provinces, years, state)
        return {page: _list_page(page, title, crumbs, listing.members, form, entry)}
    form = _filter_form(page, plan, provinces, years, {**state, "index": True})
    level = levels[0]
    rows = [(_place_zh(name, level), sub.page, sub.members) for name, sub in listing.places]
    files = {page: _index_page(page, title, crumbs, listing.members, PLACES_ZH[level], rows, form)}
    for name, sub in listing.places:
        files |= _place_files(plan, year, province, sub, [*chain, (_place_zh(name, level), sub.page)], levels[1:],
                              years, entry)
    return files


def quality_list_files(plan, year: str, province: str, years: list[str], entry=None) -> dict[str, str]:
    """The pages of one year and province (plan[year][province]): its list, or the index of its cities and
    their lists (or their counties' index and lists); province "": the year's one list. entry(report, root):
    an entry's HTML."""
    listing = plan[year][province]
    page = listing.page
    if not province:  # the whole year on one page: the province filter hides entries in place
        on_page = sorted({_province(r) for r in listing.members}, key=province_key)
        form = _filter_form(page, plan, on_page, years, {"year": year, "province": None})
        return {page: _list_page(page, _title(year), _crumbs(page, year), listing.members, form, entry)}
    return _place_files(plan, year, province, listing, [(_province_zh(province), page)], BELOW, years, entry)


def kept_entry(kept, hashes: dict[str, str]):
    """entry(report, root) for the list pages from a KeptParts (builder.pages.kept_parts): each list entry
    made once per view and kept between builds (at N = 10,000 the entries were most of the pages' cost)."""
    def entry(report: dict, root: str) -> str:
        return kept.get(f"{hashes[report['id']]}:{root}", lambda: _entry(report, root))
    return entry


def quality_page_files(reports: list[dict], budget: int = PAGE_BYTES,
                       kept=None, hashes: dict[str, str] | None = None) -> dict[str, str]:
    """The quality page, its years' pages and their lists. kept (a builder.pages.kept_parts.KeptParts) with
    hashes (report id → its view's hash): the list entries kept (kept_entry). A build makes the index, each
    year's page and each year and province's pages as groups of their own (builder.site._quality_pages)."""
    entry = kept_entry(kept, hashes) if kept is not None and hashes is not None else None
    plan, years, provinces = quality_plan(reports, budget)
    files = quality_index_files(reports, plan, years, provinces)
    for year, split in plan.items():
        files |= quality_year_files(plan, year, years)
        for province in split:
            files |= quality_list_files(plan, year, province, years, entry)
    return files
