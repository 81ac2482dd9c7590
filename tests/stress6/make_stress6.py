"""Generate the sixth stress corpus (round 6): rows and columns real reports add or drop.

    .venv/bin/python tests/stress6/make_stress6.py [NAME …]

Each case takes round 3's grids (tests/stress3) and edits them: extra rows (provincial proactive
rows, 其中 rows, 合计 / 小计 rows, a 合计 appeals group), dropped pieces (总计 columns or rows,
四、结转下年度, litigation groups, 第二十条第（八）项, the whole requests table), "件" suffixes and
merged applicant columns. Truth follows the contract: a field whose cell is not printed, or cannot be
placed with certainty, is null; extra rows change nothing. Output is HTML, tab-separated TXT or DOCX
(python-docx, plain grid tables).
Truth goes to tests/truth/round6-<name>.json; each "note" says why.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from tests.corpus import kit  # noqa: E402
from tests.stress3.make_stress3 import (  # noqa: E402
    APPLICANTS,
    GROUPS,
    OUTCOME_ZH,
    OUTCOMES,
    PART_TITLES,
    T2019,
    Case,
    R,
    appeals_grid,
    html_table,
    make_values,
    opening,
    paragraphs,
    proactive_grid,
    requests_grid,
    signature,
    title_line,
)

OUT = ROOT / "tests" / "stress6" / "files"


def null(truth: dict, prefix: str) -> None:
    for fid in truth:
        if fid.startswith(prefix) or fid.endswith(prefix):
            truth[fid] = None


def row_index(grid, label: str) -> int:
    return next(i for i, r in enumerate(grid) if label in "".join(r[:3]))


# ------------------------------------------------------------------ edits: (grids, values, truth) → None

def extra_proactive_rows(g, v, t):
    at = row_index(g["二"], "行政强制") + 1
    extra = [["行政征收", "7", "", ""], ["行政给付", "12", "", ""], ["行政裁决", "0", "", ""],
             ["行政确认", "31", "", ""], ["行政奖励", "2", "", ""], ["行政检查", "145", "", ""]]
    g["二"][at:at] = extra


def qizhong_online(g, v, t):
    at = row_index(g["三"], "一、本年新收") + 1
    nums = [str(max(v[f"requests.new_received.{c}"] - 1, 0)) for c in APPLICANTS[:-1]]
    total = sum(int(n) for n in nums)
    g["三"][at:at] = [["其中：通过网络申请", "", "", *nums, str(total)],
                      ["其中：涉及征地拆迁", "", "", *["1"] * 6, "6"]]


def heji_xiaoji_rows(g, v, t):
    grid = g["三"]
    at = row_index(grid, "（七）总计")
    sums = [str(sum(v[f"requests.{k}.{c}"] for k in ("granted", "partially_granted")))
            for c in APPLICANTS]
    grid[at:at] = [["", "（八）小计", "", *sums]]
    heji = [str(v[f"requests.new_received.{c}"] + v[f"requests.carried_over.{c}"]) for c in APPLICANTS]
    grid.append(["合计", "", "", *heji])


def appeals_heji_group(g, v, t):
    a = g["四"]
    a[0] += ["合计", "", "", "", ""]
    a[1] += ["", "", "", "", ""]
    a[2] += OUTCOME_ZH
    a[3] += [str(sum(v[f"appeals.{gr}.{o}"] for gr in GROUPS)) for o in OUTCOMES]


def requests_no_total_column(g, v, t):
    for r in g["三"]:
        del r[-1]
    null(t, ".total")  # only requests fields end in .total among requests; appeals too — restore below
    for fid in t:
        if fid.startswith(("appeals.", "proactive.")):
            t[fid] = v[fid]


def requests_no_total_row_no_forward(g, v, t):
    grid = g["三"]
    del grid[row_index(grid, "四、结转下年度")]
    del grid[row_index(grid, "（七）总计")]
    null(t, "requests.total_processed.")
    null(t, "requests.carried_forward.")


def appeals_no_totals(g, v, t):
    g["四"] = [
        ["行政复议", "", "", "", "行政诉讼", *[""] * 7],
        [*OUTCOME_ZH[:4], "未经复议直接起诉", "", "", "", "复议后起诉", "", "", ""],
        [""] * 4 + OUTCOME_ZH[:4] * 2,
        [str(v[f"appeals.{gr}.{o}"]) for gr in GROUPS for o in OUTCOMES[:4]],
    ]
    for gr in GROUPS:
        t[f"appeals.{gr}.total"] = None


def appeals_reconsideration_only(g, v, t):
    g["四"] = [["行政复议", "", "", "", ""], OUTCOME_ZH,
               [str(v[f"appeals.reconsideration.{o}"]) for o in OUTCOMES]]
    null(t, "appeals.litigation_")


def proactive_no_eight(g, v, t):
    p = g["二"]
    at = row_index(p, "第二十条第（八）项")
    del p[at:at + 3]
    null(t, "proactive.fees.")


def requests_prose_only(g, v, t):
    del g["三"]
    n = v["requests.new_received.total"]
    g["三prose"] = [f"本年度共收到政府信息公开申请{n}件，其中自然人申请{v['requests.new_received.natural_person']}件；"
                    f"予以公开{v['requests.granted.total']}件，上年结转{v['requests.carried_over.total']}件，"
                    f"结转下年度继续办理{v['requests.carried_forward.total']}件。"]
    for fid in [f for f in t if f.startswith("requests.")]:
        del t[fid]


def jian_suffix(g, v, t):
    for r in g["三"][3:]:
        r[3:] = [f"{c}件" if c.isdigit() else c for c in r[3:]]
    for r in g["四"][3:]:
        r[:] = [f"{c}件" for c in r]


def merged_applicants(g, v, t):
    grid = g["三"]
    grid[0] = [grid[0][0], "", "", "申请人情况", "", ""]
    grid[1] = ["", "", "", "自然人", "法人或其他组织", "总计"]
    del grid[2]
    for r in grid[2:]:
        key = r[:3]
        nums = r[3:]
        corp = sum(int(x) for x in nums[1:6])
        r[:] = [*key, nums[0], str(corp), nums[6]]
    null(t, "requests.")
    for fid in t:
        if fid.startswith("requests.") and fid.endswith((".natural_person", ".total")):
            t[fid] = v[fid]


def fees_in_yuan(g, v, t):
    p = g["二"]
    at = row_index(p, "行政事业性收费")
    amount = v["proactive.fees.amount_10k_yuan"]
    p[at] = ["行政事业性收费", f"{round(amount * 10000)}元", "", ""]
    t["proactive.fees.amount_10k_yuan"] = round(amount * 10000) / 10000


def extra_proactive_rows_2019(g, v, t):
    at = row_index(g["二"], "行政强制") + 1
    g["二"][at:at] = [["行政征收", "3", "0", "11"], ["行政给付", "5", "1", "40"], ["行政检查", "8", "-2", "96"]]


def qizhong_and_jian(g, v, t):
    qizhong_online(g, v, t)
    jian_suffix(g, v, t)
    g["三"].append(["合计", "", "", *[f"{v[f'requests.new_received.{c}'] + v[f'requests.carried_over.{c}']}件"
                                      for c in APPLICANTS]])


def twelve_no_totals_txt(g, v, t):
    appeals_no_totals(g, v, t)


# ------------------------------------------------------------------ cases

def C(name, fmt, agency, region, year, published, seed, note, edit, template=None):
    case = Case(name, fmt, fmt, agency, region, year, published, seed, note)
    if template:
        case.template = dict(template)
    return case, edit


CASES = [
    C("html-proactive-extra-rows-2022", "html", "温州市鹿城区司法局", R("浙江省", "温州市", "鹿城区"), 2022, "2023-01-18", 601,
      "provincial extra proactive rows (行政征收 … 行政检查, each with a number) after 行政强制: "
      "not template fields, so the truth is the template rows only", extra_proactive_rows),
    C("txt-requests-qizhong-2023", "txt", "嘉兴市南湖区教育局", R("浙江省", "嘉兴市", "南湖区"), 2023, "2024-01-22", 602,
      "requests rows 其中：通过网络申请 / 其中：涉及征地拆迁 under 一、本年新收: sub-counts, not fields; "
      "new_received keeps its own row", qizhong_online),
    C("html-requests-heji-xiaoji-2022", "html", "湖州市吴兴区民政局", R("浙江省", "湖州市", "吴兴区"), 2022, "2023-01-30", 603,
      "requests table with a （八）小计 row before （七）总计 and a closing 合计 row (新收+结转): "
      "no template field; total_processed and carried_forward stay on their own rows", heji_xiaoji_rows),
    C("html-appeals-heji-group-2023", "html", "绍兴市越城区住房和城乡建设局", R("浙江省", "绍兴市", "越城区"), 2023,
      "2024-01-26", 604, "appeals table with a fourth 合计 group (复议+诉讼 per outcome): the three template "
      "groups are unchanged", appeals_heji_group),
    C("txt-requests-nototal-col-2022", "txt", "金华市婺城区卫生健康局", R("浙江省", "金华市", "婺城区"), 2022,
      "2023-01-20", 605, "requests table without its 总计 column (6 numbers a row): requests.*.total not "
      "printed → null (the contract does not derive sums)", requests_no_total_column),
    C("html-requests-no-total-row-2023", "html", "衢州市柯城区发展和改革局", R("浙江省", "衢州市", "柯城区"), 2023,
      "2024-01-19", 606, "requests table without （七）总计 and 四、结转下年度继续办理 rows: those fields null",
      requests_no_total_row_no_forward),
    C("html-appeals-nototals-2022", "html", "舟山市定海区交通运输局", R("浙江省", "舟山市", "定海区"), 2022,
      "2023-01-17", 607, "appeals table without its three 总计 columns (12 numbers): the group totals null",
      appeals_no_totals),
    C("txt-appeals-nototals-2023", "txt", "台州市椒江区自然资源和规划局", R("浙江省", "台州市", "椒江区"), 2023,
      "2024-01-25", 608, "tab-separated text: appeals without 总计 columns (12 numbers): the group totals null",
      twelve_no_totals_txt),
    C("html-appeals-recon-only-2022", "html", "丽水市莲都区市场监督管理局", R("浙江省", "丽水市", "莲都区"), 2022,
      "2023-01-28", 609, "appeals table with only 行政复议 (5 numbers): litigation fields null",
      appeals_reconsideration_only),
    C("html-proactive-no-eight-2023", "html", "宁波市海曙区文化广电旅游局", R("浙江省", "宁波市", "海曙区"), 2023,
      "2024-01-23", 610, "2021 proactive table missing 第二十条第（八）项 (heading, header and 行政事业性收费 row): "
      "fees null", proactive_no_eight),
    C("txt-requests-prose-only-2022", "txt", "宁波市江北区应急管理局", R("浙江省", "宁波市", "江北区"), 2022,
      "2023-01-27", 611, "依申请 counts only in prose, no requests table: missing_part expected, requests fields "
      "absent from the truth (and template.requests absent)", requests_prose_only),
    C("html-jian-suffix-2023", "html", "温州市瓯海区农业农村局", R("浙江省", "温州市", "瓯海区"), 2023, "2024-01-31", 612,
      "every requests and appeals cell printed with a 件 suffix (\"5件\"): the numbers", jian_suffix),
    C("html-merged-applicants-2022", "html", "杭州市拱墅区城市管理局", R("浙江省", "杭州市", "拱墅区"), 2022,
      "2023-01-21", 613, "applicant columns merged into 自然人 | 法人或其他组织 | 总计 (3 numbers a row): "
      "natural_person and total are certain; the five organisation columns cannot be split → null",
      merged_applicants),
    C("html-fees-yuan-2022", "html", "湖州市南浔区财政局", R("浙江省", "湖州市", "南浔区"), 2022, "2023-01-25", 614,
      "行政事业性收费 printed as \"123400元\" under a 本年收费金额（单位：万元） header: the cell states its unit, "
      "so amount_10k_yuan is the amount in 万元 (12.34); 123400 would be a wrong number", fees_in_yuan),
    C("docx-proactive-extra-rows-2019-2020", "docx", "杭州市余杭区城市管理局", R("浙江省", "杭州市", "余杭区"), 2020,
      "2021-01-29", 615, "Word file, 2019 proactive table with provincial rows 行政征收 / 行政给付 / 行政检查 "
      "(3 numbers each) after 行政强制: not template fields; the template rows unchanged",
      extra_proactive_rows_2019, template=T2019),
    C("docx-qizhong-jian-heji-2023", "docx", "宁波市鄞州区商务局", R("浙江省", "宁波市", "鄞州区"), 2023,
      "2024-01-24", 616, "Word file: 其中 rows under 新收, every requests/appeals cell with a 件 suffix and a "
      "closing 合计 row: the template rows' numbers", qizhong_and_jian),
]


def report(case: Case, grids: dict, paras: dict) -> str:
    if case.fmt == "html":
        body = [f"<h1>{html.escape(title_line(case))}</h1>", f"<p>{html.escape(opening(case))}</p>"]
        for part in "一二三四五六":
            body.append(f"<h3>{PART_TITLES[part]}</h3>")
            if part in grids:
                body.append(html_table(grids[part]))
            else:
                body += [f"<p>{html.escape(p)}</p>" for p in grids.get(part + "prose", paras.get(part, []))]
        body += [f'<p style="text-align:right">{html.escape(s)}</p>' for s in signature(case)]
        return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
                f"<title>{html.escape(title_line(case))}</title></head>\n<body>\n" + "\n".join(body)
                + "\n</body></html>\n")
    out = [title_line(case), "", opening(case), ""]
    for part in "一二三四五六":
        out += [PART_TITLES[part], ""]
        if part in grids:
            out += ["\t".join(r) for r in grids[part]] + [""]
        else:
            out += grids.get(part + "prose", paras.get(part, [])) + [""]
    out += ["", *signature(case)]
    return "\r\n".join(out) + "\r\n"


def report_docx(case: Case, grids: dict, paras: dict, out: Path) -> None:
    document = docx.Document()
    document.add_heading(title_line(case), level=1)
    document.add_paragraph(opening(case))
    for part in "一二三四五六":
        document.add_heading(PART_TITLES[part], level=2)
        if part in grids:
            grid = grids[part]
            table = document.add_table(rows=len(grid), cols=len(grid[0]))
            table.style = "Table Grid"
            for r, row in enumerate(grid):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
        else:
            for p in grids.get(part + "prose", paras.get(part, [])):
                document.add_paragraph(p)
    for line in signature(case):
        document.add_paragraph(line)
    document.save(out)


def build(case_and_edit: tuple, tmp: Path) -> Path:
    case, edit = case_and_edit
    values = make_values(case)
    grids = {"二": proactive_grid(case, values), "三": requests_grid(case, values), "四": appeals_grid(case, values)}
    truth_values = dict(values)
    edit(grids, values, truth_values)
    template = dict(case.template)
    if "三" not in grids:
        del template["requests"]
    stem = f"round6-{case.name}"
    out = OUT / f"{stem}.{case.fmt}"
    if case.fmt == "docx":
        report_docx(case, grids, paragraphs(case, values), out)
    else:
        out.write_text(report(case, grids, paragraphs(case, values)), encoding="utf-8")
    kit.write_truth(stem, kit.truth_record(
        out, case.fmt, agency=case.agency, year=case.year, region=case.region, published=case.published,
        template=template, note=case.note, prose_mismatch=False, values=truth_values))
    return out


def main(names: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    kit.build_cases(CASES, build, names, "round6-", name_of=lambda c: c[0].name, size=lambda n: f"{n} B")


if __name__ == "__main__":
    main(sys.argv[1:])
