"""The three official tables as HTML, in the template's own layout; blanks stay blank.

Raw HTML (not Markdown tables) because the official layout needs merged
header cells (colspan/rowspan), which Markdown tables cannot express.
"""

from __future__ import annotations

from builder.pages.common import html_text
from builder.pages.figures import fmt
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


def _td(values: dict, field_id: str) -> str:
    value = values.get(field_id)
    return f'<td data-field="{field_id}">{html_text(fmt(value))}</td>'  # right-aligned by site.css


def _missing(table: str) -> str:
    part = next(p for p in PARTS if p.key == table)
    return (f'<p class="table-missing">报告中未找到“{part.numeral}、{html_text(part.title)}”的统计表，'
            "或表中没有可识别的数字。</p>\n")


def proactive_table(report: dict) -> str:
    variant = (report.get("template") or {}).get("proactive")
    if not variant:
        return _missing("proactive")
    values = report.get("values") or {}
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
        label = catalogue[ids[0]].row_zh
        out.append(f"<tr><th scope=\"row\">{html_text(label)}</th>{''.join(_td(values, i) for i in ids)}</tr>")
    out.append("</table>")
    return "\n".join(out) + "\n"


def requests_table(report: dict) -> str:
    variant = (report.get("template") or {}).get("requests")
    if not variant:
        return _missing("requests")
    values = report.get("values") or {}
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
    for row in REQUEST_ROWS:
        if variant not in row.templates:
            continue
        label = catalogue[f"requests.{row.key}.total"].row_zh
        cells = "".join(_td(values, f"requests.{row.key}.{col}") for col in APPLICANT_COLUMNS)
        out.append(f'<tr><th scope="row">{html_text(label)}</th>{cells}</tr>')
    out.append("</table>")
    return "\n".join(out) + "\n"


def appeals_table(report: dict) -> str:
    if not (report.get("template") or {}).get("appeals"):
        return _missing("appeals")
    values = report.get("values") or {}
    n = len(APPEAL_OUTCOMES)
    heads = "".join(f"<th>{html_text(z)}</th>" for z in APPEAL_OUTCOMES_ZH)
    cells = "".join(_td(values, f"appeals.{g}.{o}") for g in APPEAL_GROUPS for o in APPEAL_OUTCOMES)
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
