"""The three official tables as HTML, in the template's own layout; blanks stay blank.

Raw HTML (not Markdown tables) because the official layout needs merged
header cells (colspan/rowspan), which Markdown tables cannot express.
"""

from __future__ import annotations

from typing import NamedTuple

from builder.pages.common import agency_page, anchor_prefix, html_attr, html_text
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
from builder.template.labels import PRINTED_ROW_LABELS, TEXT_LINE_PLACE, printed_row_label


class Cell(NamedTuple):
    shown: str  # HTML: the number, linked when its place has an address of its own
    place: str | None  # where it was printed ("第 4 页"), None when the record does not say


def _cell(report: dict, field_id: str, link: str | None = None) -> Cell:
    """A value cell: the number and the place it was printed (for the citation and the viewer's link:
    assets/cite.js), the number linked when the place has an address of its own. link: the original's
    address in the repository when the site links it rather than publishing a copy (then the viewer has
    no copy to open: provenance.place links the page there instead)."""
    value = (report.get("values") or {}).get(field_id)
    shown = html_text(fmt(value))
    where = place(report, field_id, link)
    # The viewer's link (viewer/?r=<report>&f=<field>) is made in the browser by assets/cite.js from
    # the section's data-report and the cell's field: written into the page it cost ~120 bytes a value,
    # 200 values a report-year (and the viewer needs JavaScript anyway). An original that is only in
    # the repository is linked here: its address is not derivable.
    if where is not None and shown and where.href.startswith(("http://", "https://")):
        href = href_from(agency_page(report["agency_id"]), where)
        shown = f'<a class="value-place" href="{html_attr(href)}">{shown}</a>'
    return Cell(shown, where.text if where is not None else None)


def _shared_place(cells) -> str | None:
    """The place every printed value of these cells shares (a text report's line, a PDF's page), so
    that it is written once on their row or table (data-place there; assets/cite.js reads the nearest):
    each cell repeating "第 4 页" cost ~20 bytes a value. None when they differ or one has none. A blank
    cell inherits it harmlessly: nothing blank is cited or linked."""
    places = {c.place for c in cells if c.shown}
    return places.pop() if len(places) == 1 and None not in places else None


def _place_attr(where: str | None) -> str:
    return f' data-place="{html_attr(where)}"' if where is not None else ""




def _line(where: str | bool | None) -> int | None:
    """The line of a text report's place ("第 120 行"), else None."""
    match = TEXT_LINE_PLACE.fullmatch(where) if isinstance(where, str) else None
    return int(match.group(1)) if match else None


def _implied_places(places: list[str | None | bool]) -> list[bool]:
    """Which rows' places a table with data-lines need not write: a text report prints a row a line, so
    a row on the line after the last row with a line (its place written or itself implied; rows between
    counted, whatever they hold) says nothing (assets/cite.js placeOf, cell_place). places: each row's
    shared place, True for a row with nothing printed (it may be anything: nothing blank is cited)."""
    out, last = [], None  # last: (line, row index) of the latest row with a line
    for i, where in enumerate(places):
        if where is True:
            out.append(True)
            continue
        implied = last is not None and _line(where) == last[0] + i - last[1]
        out.append(implied)
        last = (_line(where), i) if _line(where) is not None else None
    return out


class ValueRow(NamedTuple):
    """A row of values: its heading cells' HTML, and its cells, whose fields are <table>.<row>.<col>
    for each row key and column key in that order (requests: one row key; appeals: three groups)."""
    head: str
    rows: tuple[str, ...]
    cols: tuple[str, ...]
    cells: list[Cell]


# A value cell's markup is its number alone (<td>3,119</td>, ~12 bytes, not ~140 with its anchor, field
# and place, 400 cells on a two-year page): the table says the anchors' prefix (data-v), its column keys
# (data-cols, on a row when its columns differ), each row its row keys (data-row), and assets/cite.js
# gives every cell its id (value_anchor) when the page loads, before the browser scrolls to a permalink's
# cell. value_cells reads them back the same way.
def _table(name: str, prefix: str, rows: list[str | ValueRow]) -> str:
    """The table (a heading row's HTML, or a ValueRow); each place written once where its cells share it
    (_shared_place): on the table, else on a row, else on the cell."""
    valued = [row for row in rows if isinstance(row, ValueRow)]
    table_place = _shared_place([c for row in valued for c in row.cells])
    columns = {row.cols for row in valued}
    table_cols = columns.pop() if len(columns) == 1 else None
    cols_attr = f' data-cols="{" ".join(table_cols)}"' if table_cols else ""
    # Each row's place, when its printed values share one; a row of a text report on the line after the
    # row above need not say it (data-lines: _implied_places), nor a row its columns when they are the
    # row above's (assets/cite.js giveIds, value_cells).
    shared = [True if not any(c.shown for c in row.cells) else _shared_place(row.cells) for row in valued]
    lines = table_place is None and None not in shared and any(_line(p) is not None for p in shared)
    implied = iter(_implied_places(shared) if lines else [False] * len(valued))
    out = [f'<table class="report-table" data-table="{name}" data-v="{prefix}"{cols_attr}'
           f'{_place_attr(table_place)}{" data-lines" if lines else ""}>']
    previous_cols = None
    for row in rows:
        if isinstance(row, str):
            out.append(row)
            continue
        row_place = table_place if table_place is not None else _shared_place(row.cells)
        attrs = f' data-row="{" ".join(row.rows)}"'
        if table_cols is None and row.cols != previous_cols:
            attrs += f' data-cols="{" ".join(row.cols)}"'
        previous_cols = row.cols
        if next(implied):
            pass
        elif table_place is None and row_place is not None:
            attrs += _place_attr(row_place)
        cells = "".join(f"<td{'' if row_place is not None or not c.shown else _place_attr(c.place)}>{c.shown}</td>"
                        for c in row.cells)
        out.append(f"<tr{attrs}>{row.head}{cells}</tr>")
    out.append("</table>")
    return "\n".join(out) + "\n"


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
    out: list[str | ValueRow] = []
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
        out.append(ValueRow(f'<th>{html_text(label)}</th>', (row.key,), tuple(columns),
                            [_cell(report, i, link) for i in ids]))
    return _table("proactive", anchor_prefix(report), out)


def requests_table(report: dict, link: str | None = None) -> str:
    variant = (report.get("template") or {}).get("requests")
    if not variant:
        return _missing("requests")
    catalogue = fields()
    org_cols = len(APPLICANT_COLUMNS) - 2  # the five columns under one "legal person or organisation" heading
    org_heading = catalogue[f"requests.new_received.{APPLICANT_COLUMNS[1]}"].column_zh.split(" / ")[0]
    out: list[str | ValueRow] = [
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
        out.append(ValueRow(f'<th>{html_text(label)}</th>', (row.key,), tuple(APPLICANT_COLUMNS),
                            [_cell(report, f"requests.{row.key}.{col}", link) for col in APPLICANT_COLUMNS]))
    return _table("requests", anchor_prefix(report), out) + _notes(shown)


def appeals_table(report: dict, link: str | None = None) -> str:
    if not (report.get("template") or {}).get("appeals"):
        return _missing("appeals")
    n = len(APPEAL_OUTCOMES)
    heads = "".join(f"<th>{html_text(z)}</th>" for z in APPEAL_OUTCOMES_ZH)
    cells = [_cell(report, f"appeals.{g}.{o}", link) for g in APPEAL_GROUPS for o in APPEAL_OUTCOMES]
    # APPEAL_GROUPS_ZH: "行政复议", "行政诉讼 · 未经复议直接起诉", "行政诉讼 · 复议后起诉"
    litigation, direct = APPEAL_GROUPS_ZH[1].split(" · ")
    after = APPEAL_GROUPS_ZH[2].split(" · ")[1]
    return _table("appeals", anchor_prefix(report), [
        f'<tr><th colspan="{n}" rowspan="2">{APPEAL_GROUPS_ZH[0]}</th><th colspan="{2 * n}">{litigation}</th></tr>',
        f'<tr><th colspan="{n}">{direct}</th><th colspan="{n}">{after}</th></tr>',
        f"<tr>{heads * 3}</tr>",
        ValueRow("", tuple(APPEAL_GROUPS), tuple(APPEAL_OUTCOMES), cells),
    ])


# ---------------------------------------------------------------- reading the value cells back (as assets/cite.js does)


def value_cells(soup) -> dict[str, object]:
    """anchor (value_anchor) → value cell (<td>) of every official table in a parsed page (BeautifulSoup),
    computed from the tables' layout attributes exactly as assets/cite.js gives the cells their ids.
    A built page's report tables leave out the cells' end tags (common.lean_html, as HTML allows): parse
    it with a parser that knows HTML's optional tags (lxml, html5lib), not html.parser, which nests them."""
    out = {}
    for table in soup.select("table.report-table[data-v]"):
        previous = ""
        for tr in table.select("tr[data-row]"):
            previous = tr.get("data-cols") or previous  # (a row without data-cols has the row above's)
            rows, cols = tr["data-row"].split(), (previous or table.get("data-cols") or "").split()
            for i, td in enumerate(tr.find_all("td", recursive=False)[: len(rows) * len(cols)]):
                field = f'{table["data-table"]}.{rows[i // len(cols)]}.{cols[i % len(cols)]}'
                out[f'{table["data-v"]}-{field.replace(".", "-")}'] = td
    return out


def anchor_field(anchor: str) -> str:
    """The field id a value cell's id names: v-<year>-<field, dots as dashes>; a field id is three
    dash-free parts (the template's), so it is the id's last three (assets/cite.js fieldOf)."""
    return ".".join(anchor.split("-")[-3:])


def cell_place(td) -> str | None:
    """The place a value cell's citation quotes (a BeautifulSoup <td>): its own data-place, else its
    row's or table's, else (data-lines) the line after the row above's, counted from the nearest row
    above that says its line (assets/cite.js placeOf)."""
    row, table = td.find_parent("tr"), td.find_parent("table")
    for holder in (td, row, table):
        if holder is not None and holder.has_attr("data-place"):
            return holder["data-place"]
    if table is None or not table.has_attr("data-lines"):
        return None
    rows = table.select("tr[data-row]")
    for above in range(rows.index(row) - 1, -1, -1):
        if rows[above].has_attr("data-place"):
            line = _line(rows[above]["data-place"])
            return f"第 {line + rows.index(row) - above} 行" if line is not None else None
    return None
