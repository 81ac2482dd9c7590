"""One page per agency, all its years: figures, charts, the three tables, checks, text, downloads.

Only the heading and one summary paragraph per page go into the search index
(agency name, region, level, years, key numbers, names of failed rules); the
tables, charts and narrative text are marked ``data-search-exclude`` — see
benchmarks/build_site.py for what that saves.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from urllib.parse import urlencode

from builder.export import agency_csv, failed_checks
from builder.pages import charts
from builder.pages.common import (
    LEVEL_ZH,
    SEVERITY_ZH,
    Content,
    agency_name,
    agency_page,
    front_matter,
    html_attr,
    html_text,
    lean_html,
    md,
    page_chain,
    region_chain,
    region_page,
    rel,
    root_rel,
    safe_url,
    shown_name,
    url_html,
)
from builder.pages.figures import OUTCOME_GROUPS, fmt, key_figures, pct
from builder.pages.names import NAMELESS_ZH, nameless, nameless_sentence
from builder.pages.peers import MIN_PEERS, peer_slots
from builder.pages.tables import appeals_table, printed_labels, proactive_table, requests_table
from builder.search import agency_search_html
from builder.template import PARTS, RULE
from builder.template.indicators import INDICATORS, UNRANKED_MARK, UNRANKED_NOTE, rate_figure, rates, unranked
from builder.template.labels import KEY_FIGURES


def region_links(report: dict, page: str, lone: frozenset = frozenset()) -> str:
    """The report's places, province down, each a link to its region's page. lone: the regions (their
    page chains) of a single body, whose address is only a stub sending the reader back to this page."""
    chain = region_chain(report)
    if not chain:
        return "未知"
    out, previous = [], None
    for i, (_level, name) in enumerate(chain):
        target = page_chain(chain[: i + 1])
        # A township has no page of its own: its crumb is plain text, not a link to its county's page;
        # nor is a region of this body alone (builder/pages/regions.py stub).
        linked = target and target != previous and target not in lone
        out.append(f"[{md(name)}]({rel(page, region_page(target))})" if linked else md(name))
        previous = target
    return " → ".join(out)


def summary_sentence(report: dict) -> str:
    """The indexed line per report: what people search for."""
    f = key_figures(report)
    bits = [f"{report.get('year') or '年度未知'} 年度"]
    if f["received"] is not None:
        bits.append(f"收到政府信息公开申请 {fmt(f['received'])} 件")
    if f["processed"] is not None:
        bits.append(f"办结 {fmt(f['processed'])} 件，其中予以公开 {fmt(f['granted'] or 0)} 件")
    if f["reconsideration"] is not None:
        bits.append(f"行政复议 {fmt(f['reconsideration'])} 件")
    if f["litigation"] is not None:
        bits.append(f"行政诉讼 {fmt(f['litigation'])} 件")
    failed = failed_checks(report)
    if failed:
        titles = "、".join(dict.fromkeys(RULE[c["rule"]].title_zh if c["rule"] in RULE else c["rule"] for c in failed))
        bits.append(f"未通过检查：{titles}")
    else:
        bits.append("通过全部检查")
    return "，".join(bits) + "。"


def _key_figures_table(report: dict) -> str:
    f = key_figures(report)
    rows = [("本年新收申请", f["received"], None), ("上年结转", f["carried_over"], None),
            ("办理结果总计", f["processed"], None)]
    rows += [(f"　{label}", f[key], f[f"{key}_share"]) for key, label, _rows in OUTCOME_GROUPS]
    rows += [("结转下年度继续办理", f["carried_forward"], None), ("行政复议", f["reconsideration"], None),
             ("　其中结果纠正", f["reconsideration_corrected"], None), ("行政诉讼", f["litigation"], None),
             ("　其中结果纠正", f["litigation_corrected"], None)]
    # (the counts right-aligned by their column, site.css: no class on every cell)
    body = "".join(f'<tr><td>{html_text(label)}</td><td>{fmt(value)}</td><td>{pct(share)}</td></tr>'
                   for label, value, share in rows)
    return (f'<table class="key-figures"><thead><tr><th>指标</th><th>件数</th>'
            f'<th>占办理总计</th></tr></thead><tbody>{body}</tbody></table>\n')


def _checks_block(report: dict) -> str:
    checks = [c for c in report["checks"] if c["severity"] in ("error", "warning")]
    notes = [c for c in report["checks"] if c["severity"] == "info"]
    if not checks and not notes and not report.get("note"):
        return '<p class="checks-pass">这份报告通过了全部检查。</p>\n'
    out = []
    if not checks:
        out.append('<p class="checks-pass">这份报告通过了全部检查。</p>')
    else:
        out.append('<ul class="checks">')
        explained = set()  # a rule's explanation under its first finding (one rule may fail many times)
        for c in checks:
            rule = RULE.get(c["rule"])
            title = rule.title_zh if rule else c["rule"]
            ack = "（已确认的已知问题）" if c.get("acknowledged") else ""
            explain = (f'<br><span class="rule-what">{html_text(rule.what_zh)}</span>'
                       if rule and c["rule"] not in explained else "")
            explained.add(c["rule"])
            out.append(f'<li class="check check-{c["severity"]}" data-rule="{html_attr(c["rule"])}">'
                       f'<strong>{html_text(title)}</strong>（{html_text(SEVERITY_ZH.get(c["severity"], c["severity"]))}，'
                       f'<code>{html_text(c["rule"])}</code>）{ack}：{html_text(c.get("message") or "")}{explain}</li>')
        out.append("</ul>")
    for c in notes:
        out.append(f'<p class="check-note">提示：{html_text(c.get("message") or "")}</p>')
    if report.get("note"):  # the sidecar's word on what is wrong in the source (CONTRIBUTING: note)
        # One line of HTML: a blank line would end the raw HTML block and hand the rest to Markdown.
        lines = "<br>".join(html_text(line.strip()) for line in str(report["note"]).splitlines() if line.strip())
        out.append(f'<p class="check-note">附属文件的说明：{lines}</p>')
    return "\n".join(out) + "\n"


def _parts_block(report: dict) -> str:
    parts = report.get("parts") or {}
    out = []
    for part in PARTS:
        text = (parts.get(part.key) or "").strip()
        body = "".join(f"<p>{html_text(p.strip())}</p>" for p in text.split("\n") if p.strip()) or \
            '<p class="part-empty">（报告中没有这一部分的文字，或文字都在表格中）</p>'
        out.append(f'<details class="part"><summary>{part.numeral}、{html_text(part.title)}</summary>{body}</details>')
    return "\n".join(out) + "\n"


# The original file is published beside its page byte for byte, under its own suffix only when that
# is inert: an .html original would be a page of this site, running its scripts on this origin, and an
# .md one would be rendered by MkDocs as a page. Others get ".txt" appended (served as text/plain);
# the link's download attribute gives the file its own name back.
INERT_SUFFIXES = (".pdf", ".docx", ".txt", ".text")


def original_names(report: dict) -> tuple[str, str]:
    """(name of the published copy, name to download it as) of a report's original file."""
    suffix = Path(report["source"]["file"]).suffix.lower()
    name = f"{report['id']}{suffix}"
    return (name if suffix in INERT_SUFFIXES else f"{name}.txt"), name


def _source_line(report: dict, original: tuple[str, str], link: str | None) -> str:
    """link: the original's address in the repository when originals are not copied (builder/pages/originals.py)."""
    source = report.get("source") or {}
    stored, download = original
    shown = html_text(source.get("file") or download)
    if link:
        original_html = url_html(link, source.get("file") or download, rel_attr="noopener")
    else:
        original_html = f'<a href="{html_attr(stored)}" download="{html_attr(download)}">{shown}</a>'
    bits = [f'原始文件：{original_html}（{html_text((source.get("format") or "").upper())}）']
    if source.get("source_url"):
        # A link only to an http(s) address; anything else (javascript:, data:, …) is shown as text.
        bits.append(f'来源网址：{url_html(source["source_url"])}')
    if report.get("published"):
        bits.append(f"发布日期：{html_text(report['published'])}")
    template = report.get("template") or {}
    variants = sorted({v for v in template.values() if v})
    if variants:
        bits.append(f"模板：{html_text(' / '.join(variants))} 版")
    return '<p class="report-source">' + "<br>".join(bits) + "</p>\n"


# The labels a citation quotes, once for the whole site (assets/cite.js fetches it when a reader
# cites a value): field id → [table, section, row, column] as the template prints them.
CITE_FIELDS_FILE = "assets/cite-fields.json"


def cite_fields_json() -> str:
    from builder.template import fields

    return json.dumps({f: printed_labels(f) for f in fields()}, ensure_ascii=False, separators=(",", ":"))


# Where an agency page's charts have their numbers: in its tables, not in a data table under each chart
# (those repeated the page's numbers: 3.9 KB of a 74 KB page).
TREND_NUMBERS = "图中的数字见上方“历年数据”表。"
YEAR_NUMBERS = "图中的数字见本年度的“关键数字”和“统计表”。"


# The agency's CSV is made in the reader's browser (assets/tables.js) from its rows, held by the page, and
# the header every agency's file shares (AGENCY_CSV_HEADER_FILE, written once for the site): a file per
# agency was ~11 KB, 9 KB of it the header of ~600 field ids (5.4 MB of the site at 1,000 reports). The
# bytes are agency_csv()'s, BOM and all. Without JavaScript the link goes to the downloads page, whose
# year files hold the same rows, and says so: its text is the page's name (NO_SCRIPT_CSV), not the file's,
# which assets/tables.js writes in (data-file) when it can make the file.
AGENCY_CSV_HEADER_FILE = "assets/agency-csv-header.csv"
NO_SCRIPT_CSV = "下载页的年度文件"


@functools.cache
def agency_csv_header() -> str:
    """What every agency's CSV starts with: agency_csv() of no report (the BOM and the ids' row)."""
    return agency_csv([])


def agency_csv_link(reports: list[dict], name: str) -> str:
    """The link that downloads the agency's CSV as name (its rows in data-rows, one line of HTML); without
    JavaScript a link to the downloads page, named so."""
    whole, header = agency_csv(reports), agency_csv_header()
    if not whole.startswith(header):  # agency_csv changed its shape: this would write a wrong file
        raise AssertionError("agency_csv() does not start with its header")
    rows = html_attr(whole[len(header):]).replace("\r", "&#13;").replace("\n", "&#10;")
    # (data-search-exclude: the rows change with the report's file, not with what search reads)
    return (f'<a class="agency-csv" href="../../downloads/" data-search-exclude data-file="{html_attr(name)}"'
            f' data-rows="{rows}">{NO_SCRIPT_CSV}</a>')


def _excluded(html_block: str, attrs: str = "", css: str = "report-year") -> str:
    """A raw HTML block the search index skips. <section>, because the search plugin matches
    elements by tag name: the excluded wrapper must not contain another element of its own tag.
    attrs: further attributes, already escaped."""
    # A report year's tables, checks and text without the end tags HTML lets them omit (lean_html);
    # the 历年 table keeps them.
    block = lean_html(html_block) if css == "report-year" else html_block
    return f'<section class="{css}" data-search-exclude{attrs}>\n{block}</section>\n\n'


def _cite_attrs(report: dict, name: str, original: tuple[str, str], link: str | None) -> str:
    """What assets/cite.js puts into a citation of one of the report's values, besides the cell's own:
    the body as the report prints it, the year, and the source: the original's address when the
    sidecar gives an http(s) one, else the copy this site publishes (or links in the repository),
    flagged (data-source-copy) so that the citation does not pass this site off as the publisher."""
    published = safe_url((report.get("source") or {}).get("source_url"))
    source = published or link or original[0]
    return (f' data-report="{html_attr(report["id"])}" data-body="{html_attr(agency_name(report) or name)}"'
            f' data-year="{html_attr(report.get("year") or "")}" data-source="{html_attr(source)}"'
            + ("" if published else " data-source-copy"))


# ---------------------------------------------------------------- 历年: one row per year


def _change(now, before, years_apart: int) -> str:
    """The change on the row above: "较上年 +12（+0.4%）"; "" when either side is unknown."""
    if now is None or before is None:
        return ""
    since = "较上年" if years_apart == 1 else f"较 {years_apart} 年前"
    diff = now - before
    if diff == 0:
        return f'<span class="change">{since}持平</span>'
    sign = "+" if diff > 0 else "−"
    ratio = f"（{sign}{abs(diff) / before * 100:.1f}%）" if before else ""
    return f'<span class="change">{since} {sign}{fmt(abs(diff))}{ratio}</span>'


def _rate_cell(rate, minimum: int) -> str:
    """The rate as builder.template.indicators prints one (rate_figure), its counts beneath."""
    figure = rate_figure(rate)
    if not figure:
        return '<td></td>'
    few = (f'<sup class="few" title="{UNRANKED_NOTE.format(minimum=minimum)}">{UNRANKED_MARK}</sup>'
           if unranked(rate) else "")
    return (f'<td>{figure}{few}'
            f'<span class="counts">{fmt(rate.numerator)} / {fmt(rate.denominator)}</span></td>')


def _unranked_note() -> str:
    """The dagger's note: one clause per minimum count, naming the rates when the minimums differ."""
    minimums = {}
    for indicator in INDICATORS:
        minimums.setdefault(indicator.min_denominator, []).append(indicator.label)
    return "；".join(UNRANKED_NOTE.format(minimum=m) + (f"（{'、'.join(labels)}）" if len(minimums) > 1 else "")
                    for m, labels in minimums.items())


def years_table(reports: list[dict], originals: dict[str, str]) -> str:
    """One row per year (oldest first, so a change reads downwards): the key figures with the change
    on the year above, the rates with their counts, the original and the report's data: its tables on
    this page (its row of numbers is in the agency's CSV, linked above; no file per report: the site's
    size, see benchmarks/build_site.py). originals: report id → the original's link (escaped HTML)."""
    rows, previous = [], None
    for report in sorted((r for r in reports if r.get("year")), key=lambda r: r["year"]):
        figures = key_figures(report)
        cells = [f'<th><a href="#y{report["year"]}">{report["year"]}</a></th>']
        for figure in KEY_FIGURES:
            value = figures[figure.key]
            change = _change(value, previous[1][figure.key], report["year"] - previous[0]) if previous else ""
            cells.append(f'<td>{fmt(value)}{change}</td>')  # (report-table: its cells right-aligned)
        report_rates = rates(report.get("values") or {})
        cells += [_rate_cell(report_rates[i.key], i.min_denominator) for i in INDICATORS]
        cells.append(f"<td>{originals.get(report['id'], '')}</td>")
        cells.append(f'<td><a href="#y{report["year"]}">统计表</a></td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
        previous = (report["year"], figures)
    if not rows:
        return ""
    heads = ["年度", *(f.label for f in KEY_FIGURES), *(i.label for i in INDICATORS), "原始文件", "数据"]
    head = "".join(f'<th>{html_text(h)}</th>' for h in heads)
    # Years under both templates: what the indicators' definitions say about comparing them.
    variants = {(r.get("template") or {}).get("requests") for r in reports} - {None}
    notes = dict.fromkeys(i.comparable for i in INDICATORS if i.comparable) if len(variants) > 1 else {}
    across = "".join(f'<p class="table-note">跨模板比较：{html_text(n)}</p>\n' for n in notes)
    # class report-table: the official tables' look, and assets/tables.js leaves its order alone (the
    # change is on the row above).
    return (f'<div class="table-wrap"><table class="report-table years-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>\n'
            f'<p class="table-note">比率下方为分子 / 分母（件）；{UNRANKED_MARK}：{html_text(_unranked_note())}'
            '（见<a href="../../dictionary/">数据字典</a>）。“数据”：该年度的三张统计表；各年度的全部数字见上方的本机构 CSV（每个年度一行）。</p>\n' + across)


def peers_block(reports: list[dict], page: str) -> str:
    """The body's rank among bodies of its level and kind in its province, per year (latest first).
    The page holds what it knows by itself (the group's file, its own value): assets/peers.js writes the
    rank in from the group's file, so a new peer does not change this page. Without JavaScript each line
    says where the rank is: the group's file and the explorer's view of the province, level and year."""
    lines = []
    for report in sorted(reports, key=lambda r: r.get("year") or 0, reverse=True):
        for slot in peer_slots(report):
            region = report.get("region") or {}
            view = root_rel(page, "explorer") + "/?" + urlencode(
                {"province": region.get("province") or "", "level": report.get("level") or "",
                 "year": slot.year, "sort": f"-{slot.figure}"})
            data = root_rel(page, slot.file)
            # data-peer-value as json writes it: the group file's values are written the same way.
            lines.append(f'<li data-peer-file="{html_attr(data)}" data-peer-figure="{html_attr(slot.figure)}" '
                         f'data-peer-value="{html_attr(json.dumps(slot.value))}">{html_text(slot.prefix)}'
                         f'<span data-peer-rank>名次见<a href="{html_attr(data)}">同级数字</a>、'
                         f'<a href="{html_attr(view)}">浏览页</a></span></li>')
    if not lines:
        return ""
    return (f'<div class="peers"><p>同级比较（同一省份、同一层级的政府或部门，当年至少 {MIN_PEERS} 个机构有这一数字时才排名；'
            f'第 1 为最多、最高；名次在网页打开时按同级数字排出，浏览页按该数字排序，含同层级的政府和部门）：</p>'
            f'<ul>{"".join(lines)}</ul></div>\n')


def og_description(report: dict, name: str) -> str:
    """The Open Graph description: the latest year and its key figures, plain text."""
    f = key_figures(report)
    bits = [f"{name} {report.get('year') or '年度未知'} 年度政府信息公开工作年度报告"]
    for key in ("received", "processed", "reconsideration", "litigation"):
        figure = next(k for k in KEY_FIGURES if k.key == key)
        if f[key] is not None:
            bits.append(f"{figure.label} {fmt(f[key])} 件")
    return bits[0] + ("：" + "，".join(bits[1:]) if len(bits) > 1 else "") + "。"


# ---------------------------------------------------------------- names over the years (metadata)


def history_line(reports: list[dict]) -> str:
    """The body's earlier names (2019 年前称…) from the renames table, and the names its reports
    printed when they differ from year to year; "" when there is nothing to tell. Escaped (md)."""
    from builder.template.places import predecessors

    bits = []
    latest = reports[-1]
    for step in predecessors(latest.get("body_id") or ""):
        what = "所在区划" if not step.old_id.startswith("*") else ""
        bits.append(f"{step.year} 年前{what}称{md(step.old_name)}")
    printed = {}
    for report in reports:
        if agency_name(report) and report.get("year"):
            printed.setdefault(agency_name(report), []).append(str(report["year"]))
    if len(printed) > 1:
        bits.append("各年度报告所署名称：" + "；".join(f"{md(name)}（{'、'.join(ys)}）" for name, ys in printed.items()))
    if not bits:
        return ""
    body = f"  \n**机构标识码**：{md(latest['body_id'])}" if latest.get("body_id") else ""
    return f"**沿革**：{'；'.join(bits)}{body}\n\n"


def agency_page_files(reports: list[dict], original_links: dict[str, str] | None = None,
                      lone: frozenset = frozenset()) -> dict[str, Content]:
    """reports: all years of one agency, sorted by year. The page (its docs-relative path first) and the
    files beside it: the agency's CSV and, unless original_links gives the original's
    address in the repository, a copy of the original (a Path, copied by the caller). lone: the page chains of
    regions with a single body (region_links)."""
    latest = reports[-1]
    page = agency_page(latest["agency_id"])
    folder = Path(page).parent.as_posix()
    name = shown_name(latest)
    years = [str(r.get("year")) for r in reports if r.get("year")]
    files: dict[str, Content] = {page: ""}

    meta = {"og_title": f"{name} · 政府信息公开工作年度报告数据", "og_description": og_description(latest, name)}
    out = [front_matter(name, boost=2, meta=meta), f"# {md(name)}\n\n"]
    out.append(f"**地区**：{region_links(latest, page, lone)}  \n"
               f"**层级**：{LEVEL_ZH.get(latest.get('level'), '未知')} · **年度**：{'、'.join(years) or '未知'}\n\n")
    out.append(history_line(reports))
    out += [f"**{NAMELESS_ZH}**：{md(nameless_sentence(r))}\n\n" for r in reversed(reports) if nameless(r)]
    out.append(agency_search_html(reports))  # Pagefind: filters and the names the page is found by
    for report in reversed(reports):
        out.append(f"{md(name)} {summary_sentence(report)}\n\n")
    csv_name = f"{latest['agency_id']}.csv"
    out.append(f'<p class="agency-data">本机构数据：{agency_csv_link(reports, csv_name)}'
               '（每个年度一行，列与 reports.csv 相同）；全部机构的数据见<a href="../../downloads/">下载</a>页。</p>\n\n')

    originals = {}
    for report in reports:
        original = original_names(report)
        link = (original_links or {}).get(report["source"]["path"])
        originals[report["id"]] = (url_html(link, original[1], rel_attr="noopener") if link else
                                   f'<a href="{html_attr(original[0])}" download="{html_attr(original[1])}">'
                                   f'{html_text((report["source"].get("format") or "").upper() or original[1])}</a>')
    table = years_table(reports, originals)
    if table:
        out.append("## 历年数据 {#years}\n\n" + _excluded(table + peers_block(reports, page), css="years"))
    trend = charts.trend_chart(reports)
    if trend:
        out.append("## 历年变化 {#trend}\n\n" + _excluded(
            f'<p class="chart-numbers">{TREND_NUMBERS}</p>\n' + charts.embed(trend, "trend", data_table=False)))
    for report in reversed(reports):
        year = report.get("year") or "年度未知"
        rid = report["id"]
        original = original_names(report)
        link = (original_links or {}).get(report["source"]["path"])
        if not link:
            files[f"{folder}/{original[0]}"] = Path(report["source"]["path"])

        body = [_source_line(report, original, link), '<h3 class="sub">关键数字</h3>\n', _key_figures_table(report)]
        made = [c for c in (charts.handled_chart([report], f"handled-{rid}"),
                            charts.applicants_chart(report, f"applicants-{rid}"),
                            charts.appeals_chart(report, f"appeals-{rid}")) if c]
        if made:
            body.append(f'<h3 class="sub">图表</h3>\n<p class="chart-numbers">{YEAR_NUMBERS}</p>\n')
            # A chart's id by its year when the page has one report a year (its headings' ids are by year
            # too): charts.js names the file by the section's report and titles it by its body and year.
            unique_year = report.get("year") and years.count(str(report.get("year"))) == 1
            section = (agency_name(report) or name, str(report.get("year")), rid)
            body += [charts.embed(c, f"{c.name.split('-')[0]}-{report['year']}" if unique_year else c.name,
                                  data_table=False, section=section) for c in made]
        body.append('<h3 class="sub">检查结果</h3>\n' + _checks_block(report))
        body.append('<h3 class="sub">统计表</h3>\n')
        for table, render in (("proactive", proactive_table), ("requests", requests_table),
                              ("appeals", appeals_table)):
            part = next(p for p in PARTS if p.key == table)
            body.append(f'<h4 class="sub">{part.numeral}、{html_text(part.title)}</h4>\n'
                        f'<div class="table-wrap">\n{render(report, link)}</div>\n')
        body.append('<h3 class="sub">报告正文</h3>\n' + _parts_block(report))
        out.append(f"## {year} 年度 {{#y{year}}}\n\n" + _excluded("".join(body), _cite_attrs(report, name, original, link)))
    files[page] = "".join(out)
    return files
