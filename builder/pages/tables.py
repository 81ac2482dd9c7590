"""The three official tables as HTML, in the template's own layout; blanks stay blank.

Raw HTML (not Markdown tables) because the official layout needs merged
header cells (colspan/rowspan), which Markdown tables cannot express.
"""

from __future__ import annotations

from builder.pages.common import agency_page, html_attr, html_text, value_anchor
from builder.pages.figures import fmt
from builder.pages.provenance import href_from, place
from builder.template import (
    APPEAL_GROUPS,
    APPEAL_GROUPS_ZH,
    APPEAL_OUTCOMES,
    APPEAL_OUTCOMES_ZH,
    APPLICANT_COLUMNS,
    APPLICANT_COLUMNS_ZH,
    APPLICANTS_HEADING_ZH,
    PARTS,
    PROACTIVE_LABEL_HEADING_ZH,
    PROACTIVE_ROWS,
    REQUEST_ROWS,
    fields,
)
from builder.template.labels import PRINTED_ROW_LABELS, printed_row_label


def _td(report: dict, field_id: str, link: str | None = None) -> str:
    """A value cell: its stable anchor (value_anchor), the place it was printed (data-place, for the
    citation: assets/cite.js) and, when the place has an address, the number linked to it. link: the
    original's address in the repository when the site links it rather than publishing a copy (then
    the viewer has no copy to open: provenance.place links the page there instead)."""
    value = (report.get("values") or {}).get(field_id)
    shown = html_text(fmt(value))
    attrs = f'data-field="{field_id}" id="{value_anchor(report, field_id)}"'
    where = place(report, field_id, link)
    if where is not None:
        attrs += f' data-place="{html_attr(where.text)}"'
        # The viewer's link (viewer/?r=<report>&f=<field>) is made in the browser by assets/cite.js from
        # the section's data-report and the cell's data-field: written into the page it cost ~120 bytes
        # a value, 200 values a report-year (and the viewer needs JavaScript anyway). An original that is
        # only in the repository is linked here: its address is not derivable.
        if shown and where.href.startswith(("http://", "https://")):
            href = href_from(agency_page(report["agency_id"]), where)
            shown = f'<a class="value-place" href="{html_attr(href)}">{shown}</a>'
    return f"<td {attrs}>{shown}</td>"  # right-aligned by site.css


def printed_labels(field_id: str) -> tuple[str, str, str, str]:
    """(table, section, row, column) of a field as the template prints them, for a citation: the
    part's heading, the proactive table's 第二十条 item ("" elsewhere), the row's and the column's label."""
    field = fields()[field_id]
    part = next(p for p in PARTS if p.key == field.table)
    section, row = "", printed_row_label(field_id, field.row_zh)
    if field.table == "proactive":
        section = field.part
        labels = next(r.labels for r in PROACTIVE_ROWS if r.key == field.row)
        row = labels[-1] if field.templates == ("2021",) else labels[0]
    return f"{part.numeral}、{part.title}", section, row, field.column_zh.replace(" / ", " ")


def _notes(rows: list[str]) -> str:
    """The notes of rows whose printed label left them out (labels.PRINTED_ROW_LABELS)."""
    notes = [PRINTED_ROW_LABELS[r][1] for r in rows if r in PRINTED_ROW_LABELS]
    return "".join(f'<p class="table-note">注：{html_text(n)}</p>\n' for n in notes)


def _missing(table: str) -> str:
    part = next(p for p in PARTS if p.key == table)
    return (f'<p class="table-missing">报告中未找到“{part.numeral}、{html_text(part.title)}”的统计表，'
            "或表中没有可识别的数字。</p>\n")


def proactive_table(report: dict, link: str | None = None) -> str:
    variant = (report.get("template") or {}).get("proactive")
    if not variant:
        return _missing("proactive")
    catalogue = fields()
    out = ['<table class="report-table" data-table="proactive">']
    section = None
    for row in PROACTIVE_ROWS:
        columns = row.columns.get(variant) or ()
        if not columns:
            continue
        ids = [f"proactive.{row.key}.{col}" for col in columns]
        if row.section != section:
            section = row.section
            heads = "".join(f"<th>{html_text(catalogue[i].column_zh)}</th>" for i in ids)
            out.append(f'<tr class="section"><th colspan="{len(ids) + 1}">{html_text(catalogue[ids[0]].part)}</th></tr>')
            out.append(f"<tr><th>{PROACTIVE_LABEL_HEADING_ZH}</th>{heads}</tr>")
        # fields.csv names both variants' wording (规范性文件 / 行政规范性文件): print this variant's.
        label = row.labels[-1] if variant == "2021" else row.labels[0]
        out.append(f"<tr><th scope=\"row\">{html_text(label)}</th>{''.join(_td(report, i, link) for i in ids)}</tr>")
    out.append("</table>")
    return "\n".join(out) + "\n"


def requests_table(report: dict, link: str | None = None) -> str:
    variant = (report.get("template") or {}).get("requests")
    if not variant:
        return _missing("requests")
    catalogue = fields()
    org_cols = len(APPLICANT_COLUMNS) - 2  # the five columns under one "legal person or organisation" heading
    org_heading = catalogue[f"requests.new_received.{APPLICANT_COLUMNS[1]}"].column_zh.split(" / ")[0]
    out = [
        '<table class="report-table" data-table="requests">',
        f'<tr><th rowspan="3"></th><th colspan="{len(APPLICANT_COLUMNS) - 1}">{APPLICANTS_HEADING_ZH}</th>'
        f'<th rowspan="3">{APPLICANT_COLUMNS_ZH[-1]}</th></tr>',
        f'<tr><th rowspan="2">{APPLICANT_COLUMNS_ZH[0]}</th><th colspan="{org_cols}">{html_text(org_heading)}</th></tr>',
        "<tr>" + "".join(f"<th>{html_text(z)}</th>" for z in APPLICANT_COLUMNS_ZH[1:-1]) + "</tr>",
    ]
    shown = []
    for row in REQUEST_ROWS:
        if variant not in row.templates:
            continue
        total = f"requests.{row.key}.total"
        label = printed_row_label(total, catalogue[total].row_zh)
        shown.append(f"requests.{row.key}")
        cells = "".join(_td(report, f"requests.{row.key}.{col}", link) for col in APPLICANT_COLUMNS)
        out.append(f'<tr><th scope="row">{html_text(label)}</th>{cells}</tr>')
    out.append("</table>")
    return "\n".join(out) + "\n" + _notes(shown)


def appeals_table(report: dict, link: str | None = None) -> str:
    if not (report.get("template") or {}).get("appeals"):
        return _missing("appeals")
    n = len(APPEAL_OUTCOMES)
    heads = "".join(f"<th>{html_text(z)}</th>" for z in APPEAL_OUTCOMES_ZH)
    cells = "".join(_td(report, f"appeals.{g}.{o}", link) for g in APPEAL_GROUPS for o in APPEAL_OUTCOMES)
    # APPEAL_GROUPS_ZH: "行政复议", "行政诉讼 · 未经复议直接起诉", "行政诉讼 · 复议后起诉"
    litigation, direct = APPEAL_GROUPS_ZH[1].split(" · ")
    after = APPEAL_GROUPS_ZH[2].split(" · ")[1]
    return "\n".join([
        '<table class="report-table" data-table="appeals">',
        f'<tr><th colspan="{n}" rowspan="2">{APPEAL_GROUPS_ZH[0]}</th><th colspan="{2 * n}">{litigation}</th></tr>',
        f'<tr><th colspan="{n}">{direct}</th><th colspan="{n}">{after}</th></tr>',
        f"<tr>{heads * 3}</tr>",
        f"<tr>{cells}</tr>",
        "</table>",
    ]) + "\n"
