"""Generate the fifth stress corpus (round 5): proactive-table variants, mixed templates, DOCX/HTML quirks.

    .venv/bin/python tests/stress5/make_stress5.py [NAME …]

Each case prints the proactive table (二、主动公开) section by section, so a case can mix 2019 and
2021 sections, reorder them, drop their headings, split them into one table per section, and print
odd cells ("12.5万元", "—", "+3", "减少1", 采购总金额 in 万元). Requests and appeals tables are
round 3's grids (same labels, same arithmetic). Output is HTML or DOCX (python-docx) with producer
quirks: <th colspan> headers, numbers in <strong>/<em> with trailing &nbsp;, tables nested in a
one-cell layout table, an empty spacer first column, labels in several runs with different fonts,
section headings as a vertically merged first column.

Truth is what is printed; it goes to tests/truth/round5-<name>.json.
"""

from __future__ import annotations

import html
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from builder.template import fields_of  # noqa: E402
from tests.corpus import kit  # noqa: E402
from tests.stress3.make_stress3 import (  # noqa: E402
    PART_TITLES,
    T2019,
    T2021,
    Case,
    R,
    appeals_grid,
    make_values,
    opening,
    paragraphs,
    requests_grid,
    signature,
    title_line,
    truth_of,
)

OUT = ROOT / "tests" / "stress5" / "files"

# ------------------------------------------------------------------ proactive sections

H2019 = {"一": ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
         "五": ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
         "六": ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
         "八": ["信息内容", "上一年项目数量", "本年增/减", ""],
         "九": ["信息内容", "采购项目数量", "采购总金额", ""]}
H2021 = {"一": ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
         "五": ["信息内容", "本年处理决定数量", "", ""],
         "六": ["信息内容", "本年处理决定数量", "", ""],
         "八": ["信息内容", "本年收费金额（单位：万元）", "", ""]}
ROWS2019 = {"一": [("规章", "rules", ["new_made", "new_published", "total_published"]),
                   ("规范性文件", "normative_documents", ["new_made", "new_published", "total_published"])],
            "五": [("行政许可", "licensing", ["items_prev_year", "items_change", "decisions"]),
                   ("其他对外管理服务事项", "other_services", ["items_prev_year", "items_change", "decisions"])],
            "六": [("行政处罚", "penalty", ["items_prev_year", "items_change", "decisions"]),
                   ("行政强制", "coercion", ["items_prev_year", "items_change", "decisions"])],
            "八": [("行政事业性收费", "fees", ["items_prev_year", "items_change"])],
            "九": [("政府集中采购", "procurement", ["projects", "amount_yuan"])]}
ROWS2021 = {"一": [("规章", "rules", ["issued", "repealed", "in_force"]),
                   ("行政规范性文件", "normative_documents", ["issued", "repealed", "in_force"])],
            "五": [("行政许可", "licensing", ["decisions"])],
            "六": [("行政处罚", "penalty", ["decisions"]), ("行政强制", "coercion", ["decisions"])],
            "八": [("行政事业性收费", "fees", ["amount_10k_yuan"])]}


@dataclass
class Case5:
    case: Case
    sections: list = field(default_factory=list)  # [(numeral, "2019"|"2021")] in print order
    headings: bool = True          # print the 第二十条第（X）项 rows
    printed: dict = field(default_factory=dict)   # fid → (printed text, truth value)
    header_override: dict = field(default_factory=dict)  # numeral → header row
    label_override: dict = field(default_factory=dict)   # label → printed label
    split: bool = False            # one table per proactive section
    shape: str = "plain"           # html: plain | th-colspan ; docx: plain | nested | spacer | vmerge | runs
    proactive_template: str | None = None  # None: ambiguous for a mixed table, not in the truth


def proactive_sections(c5: Case5, values: dict, truth: dict) -> list[list[list[str]]]:
    """One grid per section (heading row, header row, data rows); fills truth with what is printed."""
    out = []
    for numeral, variant in c5.sections:
        head = c5.header_override.get(numeral) or (H2019 if variant == "2019" else H2021)[numeral]
        grid = [[f"第二十条第（{numeral}）项", "", "", ""]] if c5.headings else []
        grid.append(list(head))
        for label, key, cols in (ROWS2019 if variant == "2019" else ROWS2021)[numeral]:
            row = [c5.label_override.get(label, label)]
            for col in cols:
                fid = f"proactive.{key}.{col}"
                if fid in c5.printed:
                    text, value = c5.printed[fid]
                else:
                    text, value = str(values[fid]), values[fid]
                row.append(text)
                truth[fid] = value
            grid.append(row + [""] * (4 - len(row)))
        out.append(grid)
    return out


def proactive_values(seed: int) -> dict:
    rng = random.Random(seed * 7 + 1)
    vals = {}
    for rows in (*ROWS2019.values(), *ROWS2021.values()):
        for _label, key, cols in rows:
            for col in cols:
                vals[f"proactive.{key}.{col}"] = rng.randint(0, 40)
    vals["proactive.fees.amount_10k_yuan"] = round(rng.uniform(0, 30), 2)
    vals["proactive.procurement.amount_yuan"] = rng.randint(10, 900) * 1000
    return vals


def other_truth(case: Case, values: dict) -> dict:
    return {k: truth_of(case.printed[k].format(v)) if k in case.printed else v
            for k, v in values.items() if not k.startswith("proactive.")}


# ------------------------------------------------------------------ HTML


def html_cell(text: str, shape: str, tag: str = "td", span: int = 1) -> str:
    attr = f' colspan="{span}"' if span > 1 else ""
    body = html.escape(text)
    if shape == "th-colspan" and text and truth_of_safe(text) is not None and tag == "td":
        body = f"<strong>{body}</strong>&nbsp;&nbsp;" if len(text) % 2 else f"<em>{body}</em>&nbsp;"
    return f"<{tag}{attr}>{body}</{tag}>"


def truth_of_safe(text: str):
    try:
        return truth_of(text)
    except ValueError:
        return None


def html_grid(grid: list[list[str]], shape: str) -> str:
    rows = []
    for r in grid:
        filled = [c for c in r if c]
        if shape == "th-colspan" and len(filled) == 1 and r[0]:   # a heading row over the whole width
            rows.append("<tr>" + html_cell(r[0], shape, "th", len(r)) + "</tr>")
        elif shape == "th-colspan" and r[0] == "信息内容":
            rows.append("<tr>" + "".join(html_cell(c, shape, "th") for c in r) + "</tr>")
        else:
            rows.append("<tr>" + "".join(html_cell(c, shape) for c in r) + "</tr>")
    return '<table border="1" cellspacing="0">\n' + "\n".join(rows) + "\n</table>"


def report_html(c5: Case5, values: dict, grids: dict) -> str:
    case = c5.case
    paras = paragraphs(case, values)
    body = [f"<h1>{html.escape(title_line(case))}</h1>", f"<p>{html.escape(opening(case))}</p>"]
    for part in "一二三四五六":
        body.append(f"<h3>{PART_TITLES[part]}</h3>")
        if part == "二":
            if c5.split:
                body += [html_grid(g, c5.shape) for g in grids["二"]]
            else:
                body.append(html_grid([r for g in grids["二"] for r in g], c5.shape))
        elif part in grids:
            body.append(html_grid(grids[part], c5.shape if part != "三" else "plain"))
        else:
            body += [f"<p>{html.escape(p)}</p>" for p in paras[part]]
    body += [f'<p style="text-align:right">{html.escape(s)}</p>' for s in signature(case)]
    return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{html.escape(title_line(case))}</title></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n")


# ------------------------------------------------------------------ DOCX


def docx_fill(table, grid: list[list[str]], shape: str, offset: int = 0) -> None:
    from docx.shared import Pt

    for i, r in enumerate(grid):
        for j, text in enumerate(r):
            cell = table.cell(i, j + offset)
            para = cell.paragraphs[0]
            if shape == "runs" and len(text) >= 4:  # a label typed in three runs, three fonts
                third = len(text) // 3
                for k, (part, font) in enumerate(((text[:third], "宋体"), (text[third:2 * third], "仿宋_GB2312"),
                                                 (text[2 * third:], "Times New Roman"))):
                    run = para.add_run(part)
                    run.font.name = font
                    run.font.size = Pt(10 + k)
            elif text:
                para.add_run(text)
        if shape != "vmerge" and len([c for c in r if c]) == 1 and r[0] and len(r) > 1:
            table.cell(i, offset).merge(table.cell(i, offset + len(r) - 1))


def vmerge_grid(grid: list[list[str]]) -> list[list[str]]:
    """Section headings become a first column spanning the section's rows."""
    out, heading = [], ""
    for r in grid:
        if r[0].startswith("第二十条") and not any(r[1:]):
            heading = r[0]
            continue
        out.append([heading, *r])
    return out


def docx_table(container, grid: list[list[str]], shape: str):
    cols = len(grid[0])
    if shape == "vmerge" and grid[0][0].startswith("第二十条"):
        merged = vmerge_grid(grid)
        table = container.add_table(rows=len(merged), cols=cols + 1)
        table.style = "Table Grid"
        docx_fill(table, [[r[0] if i == 0 or r[0] != merged[i - 1][0] else "", *r[1:]]
                          for i, r in enumerate(merged)], shape)
        start = 0
        for i in range(1, len(merged) + 1):
            if i == len(merged) or merged[i][0] != merged[start][0]:
                if i - 1 > start:
                    table.cell(start, 0).merge(table.cell(i - 1, 0))
                start = i
        return table
    offset = 1 if shape == "spacer" else 0
    table = container.add_table(rows=len(grid), cols=cols + offset)
    table.style = "Table Grid"
    docx_fill(table, grid, shape, offset)
    return table


def report_docx(c5: Case5, values: dict, grids: dict, out: Path) -> None:
    import docx

    case = c5.case
    document = docx.Document()
    paras = paragraphs(case, values)
    document.add_paragraph(title_line(case))
    document.add_paragraph(opening(case))
    for part in "一二三四五六":
        document.add_paragraph(PART_TITLES[part])
        if part in grids:
            tables = grids[part] if part == "二" and c5.split else \
                [[r for g in grids[part] for r in g]] if part == "二" else [grids[part]]
            for grid in tables:
                if c5.shape == "nested":
                    layout = document.add_table(rows=1, cols=1)
                    inner = layout.cell(0, 0)
                    docx_table(inner, grid, "plain")
                else:
                    docx_table(document, grid, c5.shape if part == "二" or c5.shape in ("spacer", "runs") else "plain")
                document.add_paragraph("")
        else:
            for p in paras[part]:
                document.add_paragraph(p)
    for s in signature(case):
        document.add_paragraph(s)
    document.save(out)


# ------------------------------------------------------------------ cases


def C(name, fmt, agency, region, year, published, seed, note, template) -> Case:
    return Case(name=name, fmt=fmt, render=fmt, agency=agency, region=region, year=year,
                published=published, seed=seed, note=note, template=dict(template))


S2021 = [("一", "2021"), ("五", "2021"), ("六", "2021"), ("八", "2021")]
S2019 = [("一", "2019"), ("五", "2019"), ("六", "2019"), ("八", "2019"), ("九", "2019")]
MIXED = {"proactive": "2021", "requests": "2021", "appeals": "2021"}
ZJ = "浙江省"

CASES = [
    Case5(C("html-mixed56-2019-shangcheng-2022", "html", "杭州市上城区民政局", R(ZJ, "杭州市", "上城区"), 2022,
            "2023-01-20", 501, "2021 （一）/（八） but 2019 （五）/（六） sections with 上一年项目数量/本年增/减/处理决定数量",
            MIXED),
          sections=[("一", "2021"), ("五", "2019"), ("六", "2019"), ("八", "2021")], proactive_template=None),
    Case5(C("docx-mixed1-2019-binjiang-2021", "docx", "杭州市滨江区司法局", R(ZJ, "杭州市", "滨江区"), 2021,
            "2022-01-25", 502, "2019 （一） (本年新制作/新公开/对外公开总数量) with 2021 （五）/（六）/（八）", MIXED),
          sections=[("一", "2019"), ("五", "2021"), ("六", "2021"), ("八", "2021")], proactive_template=None),
    Case5(C("html-order-xiaoshan-2023", "html", "杭州市萧山区交通运输局", R(ZJ, "杭州市", "萧山区"), 2023,
            "2024-01-18", 503, "2021 sections printed in the order （五）（六）（一）（八）", T2021),
          sections=[("五", "2021"), ("六", "2021"), ("一", "2021"), ("八", "2021")], proactive_template="2021"),
    Case5(C("docx-noheadings-yuhang-2022", "docx", "杭州市余杭区卫生健康局", R(ZJ, "杭州市", "余杭区"), 2022,
            "2023-01-29", 504, "2021 proactive table without any 第二十条第（X）项 heading rows", T2021),
          sections=S2021, headings=False, proactive_template="2021"),
    Case5(C("html-fee-wanyuan-fuyang-2022", "html", "杭州市富阳区市场监督管理局", R(ZJ, "杭州市", "富阳区"), 2022,
            "2023-01-16", 505, "2021 fee cell printed '12.5万元'", T2021),
          sections=S2021, printed={"proactive.fees.amount_10k_yuan": ("12.5万元", 12.5)}, proactive_template="2021"),
    Case5(C("html-fee-dash-linan-2021", "html", "杭州市临安区自然资源和规划局", R(ZJ, "杭州市", "临安区"), 2021,
            "2022-01-27", 506, "2021 fee cell printed '—'", T2021),
          sections=S2021, printed={"proactive.fees.amount_10k_yuan": ("—", None)}, proactive_template="2021"),
    Case5(C("docx-2019-wanheader-tonglu-2020", "docx", "桐庐县教育局", R(ZJ, "杭州市", "桐庐县"), 2020,
            "2021-01-22", 507, "2019: 采购总金额（万元） in the header, '35.5' in the cell; 本年增/减 '+3', '-2', '减少1'",
            T2019),
          sections=S2019, header_override={"九": ["信息内容", "采购项目数量", "采购总金额（万元）", ""]},
          printed={"proactive.procurement.amount_yuan": ("35.5", 355000),
                   "proactive.licensing.items_change": ("+3", 3),
                   "proactive.penalty.items_change": ("-2", -2),
                   "proactive.fees.items_change": ("减少1", -1)}, proactive_template="2019"),
    Case5(C("html-2019-wancell-jiande-2019", "html", "建德市财政局", R(ZJ, "杭州市", "建德市"), 2019,
            "2020-01-31", 508, "2019: 采购总金额 cell printed '35.5万元'", T2019),
          sections=S2019, printed={"proactive.procurement.amount_yuan": ("35.5万元", 355000)},
          proactive_template="2019"),
    Case5(C("docx-2019-nonine-chunan-2020", "docx", "淳安县农业农村局", R(ZJ, "杭州市", "淳安县"), 2020,
            "2021-01-28", 509, "2019 proactive table that omits （九） 政府集中采购 (fields null)", T2019),
          sections=S2019[:4], proactive_template="2019"),
    Case5(C("docx-split-guiffan-gongshu-2022", "docx", "杭州市拱墅区城市管理局", R(ZJ, "杭州市", "拱墅区"), 2022,
            "2023-01-19", 510, "2021 proactive table split into one table per section; row label 规范性文件", T2021),
          sections=S2021, split=True, label_override={"行政规范性文件": "规范性文件"}, proactive_template="2021"),
    Case5(C("docx-nested-xihu-2023", "docx", "杭州市西湖区水利局", R(ZJ, "杭州市", "西湖区"), 2023,
            "2024-01-26", 511, "every table nested inside a one-cell layout table", T2021),
          sections=S2021, shape="nested", proactive_template="2021"),
    Case5(C("docx-spacer-ningbo-2022", "docx", "宁波市江北区统计局", R(ZJ, "宁波市", "江北区"), 2022,
            "2023-01-30", 512, "every table has an empty spacer first column", T2021),
          sections=S2021, shape="spacer", proactive_template="2021"),
    Case5(C("docx-vmerge-heading-yinzhou-2021", "docx", "宁波市鄞州区应急管理局", R(ZJ, "宁波市", "鄞州区"), 2021,
            "2022-01-21", 513, "proactive section headings as a vertically merged first column", T2021),
          sections=S2021, shape="vmerge", proactive_template="2021"),
    Case5(C("docx-runs-fonts-zhenhai-2023", "docx", "宁波市镇海区人力资源和社会保障局", R(ZJ, "宁波市", "镇海区"), 2023,
            "2024-01-15", 514, "every cell of 4+ characters typed in three runs with three fonts and sizes", T2021),
          sections=S2021, shape="runs", proactive_template="2021"),
    Case5(C("html-thcolspan-beilun-2023", "html", "宁波市北仑区住房和城乡建设局", R(ZJ, "宁波市", "北仑区"), 2023,
            "2024-01-22", 515, "<th colspan> heading rows, <th> headers, numbers in <strong>/<em> with trailing &nbsp;",
            T2021),
          sections=S2021, shape="th-colspan", proactive_template="2021"),
    Case5(C("html-2019-noheadings-cixi-2020", "html", "慈溪市商务局", R(ZJ, "宁波市", "慈溪市"), 2020,
            "2021-01-26", 516, "2019 table without heading rows (（五）/（六） headers identical), label 行政规范性文件, "
            "本年增/减 '增加2'", T2019),
          sections=S2019, headings=False, label_override={"规范性文件": "行政规范性文件"},
          printed={"proactive.other_services.items_change": ("增加2", 2)}, proactive_template="2019"),
    Case5(C("docx-mixed8-2019-fenghua-2022", "docx", "宁波市奉化区文化广电旅游体育局", R(ZJ, "宁波市", "奉化区"), 2022,
            "2023-01-24", 517, "2021 table whose （八） section is 2019's (上一年项目数量/本年增/减), no 收费金额", MIXED),
          sections=[("一", "2021"), ("五", "2021"), ("六", "2021"), ("八", "2019")], proactive_template=None),
    Case5(C("html-2019-split-reversed-yuyao-2019", "html", "余姚市水利局", R(ZJ, "宁波市", "余姚市"), 2019,
            "2020-01-20", 518, "2019 table split per section and printed in reverse order （九）…（一）", T2019),
          sections=S2019[::-1], split=True, proactive_template="2019"),
]


def build(c5: Case5, tmp: Path) -> Path:
    case = c5.case
    values = make_values(case)
    values.update(proactive_values(case.seed))
    truth_vals: dict = {}
    grids = {"二": proactive_sections(c5, values, truth_vals), "三": requests_grid(case, values),
             "四": appeals_grid(case, values)}
    truth_vals.update(other_truth(case, values))
    # The table's variant is its （一） section's (the parser's model, and the contract's "fields of the
    # detected variant"): that variant's fields the report does not print are null, never a number.
    first = dict(c5.sections)["一"]
    for fid in fields_of("proactive", first):
        truth_vals.setdefault(fid, None)
    out = OUT / f"round5-{case.name}.{case.fmt}"
    if case.fmt == "html":
        out.write_text(report_html(c5, values, grids), encoding="utf-8")
    else:
        report_docx(c5, values, grids, out)
    template = {"requests": case.template["requests"], "appeals": case.template["appeals"]}
    if c5.proactive_template:
        template["proactive"] = c5.proactive_template
    kit.write_truth(f"round5-{case.name}", kit.truth_record(
        out, case.fmt, agency=case.agency, year=case.year, region=case.region, published=case.published,
        template=template, note=case.note, prose_mismatch=False, values=truth_vals))
    return out


def main(names: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    kit.build_cases(CASES, build, names, "round5-", name_of=lambda c5: c5.case.name, size=lambda n: f"{n} B")


if __name__ == "__main__":
    main(sys.argv[1:])
