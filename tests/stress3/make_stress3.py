"""Generate the third stress corpus (round 3): formats and number forms rounds 1–2 do not make.

    .venv/bin/python tests/stress3/make_stress3.py [NAME …]

Each table is described once as a flat grid of printed cells (three label columns for the
requests table; merged cells become blanks, or repeat their label) and rendered

- as Markdown the way pandoc or people write it: pipe tables (first header cell empty,
  merged labels blank or repeated), pandoc grid tables, ### headings, **bold** labels,
  a raw HTML <table> inside the .md;
- as HTML without <table>: CSS display:table-row/table-cell <div>s, or the proactive table
  as <ul>/<li> "label：number" items;
- as text in UTF-16 LE with BOM (Windows Notepad "Unicode") or GB18030 with its BOM;
- as PDF printed by Chromium: "1,234" cells, two rows stacked in one cell ("5<br>3"),
  a very wide scaled-down table, landscape pages stored portrait with /Rotate 90
  (pypdfium2 turns the content), a two-column page with prose beside the table.

Number forms: "1,234", "减少3" / "-3" / "+2" in 本年增/减, "0.00" fees, "——" / "／" / "暂无"
blanks (truth null), footnote marks "12*" / "5①" (truth the number). Prose counts that must
not raise prose_mismatch (received incl. carried-over, 同比增长, a 司法局's own 行政复议 work)
and that must. Metadata: agency only in the signature, title in a table cell, 关于…的报告,
other places named first, 街道办事处 and 开发区管委会 agencies.

Truth goes to tests/truth/round3-<name>.json (same shape as the other truth files); numbers
obey the template arithmetic (tests/textreport.random_values).
"""

from __future__ import annotations

import html
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.corpus import kit  # noqa: E402
from tests.corpus.kit import APPEAL_GROUPS as GROUPS  # noqa: E402, F401  (stress4-6 import it from here)
from tests.corpus.kit import APPEAL_OUTCOMES as OUTCOMES  # noqa: E402
from tests.corpus.kit import T2019, T2021  # noqa: E402
from tests.textreport import random_values  # noqa: E402

OUT = ROOT / "tests" / "stress3" / "files"
R = kit.region

APPLICANTS = ["natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org", "total"]
APPLICANT_ZH = {"natural_person": "自然人", "commercial": "商业企业", "research": "科研机构", "nonprofit": "社会公益组织",
                "legal_services": "法律服务机构", "other_org": "其他", "total": "总计"}
APPLICANT_SHORT = {"natural_person": "自然人", "commercial": "商业", "research": "科研", "nonprofit": "公益",
                   "legal_services": "法律", "other_org": "其他", "total": "总计"}
OUTCOME_ZH = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

# (row key, level-1 label, level-2 label, level-3 label) as the template prints them.
TOP = "三、本年度办理结果"
REQUEST_LABELS_2021 = [
    ("new_received", "一、本年新收政府信息公开申请数量", "", ""),
    ("carried_over", "二、上年结转政府信息公开申请数量", "", ""),
    ("granted", TOP, "（一）予以公开", ""),
    ("partially_granted", TOP, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""),
    ("withheld_state_secret", TOP, "（三）不予公开", "1．属于国家秘密"),
    ("withheld_prohibited_by_law", TOP, "（三）不予公开", "2．其他法律行政法规禁止公开"),
    ("withheld_security_stability", TOP, "（三）不予公开", "3．危及“三安全一稳定”"),
    ("withheld_third_party_rights", TOP, "（三）不予公开", "4．保护第三方合法权益"),
    ("withheld_internal_affairs", TOP, "（三）不予公开", "5．属于三类内部事务信息"),
    ("withheld_process_information", TOP, "（三）不予公开", "6．属于四类过程性信息"),
    ("withheld_enforcement_files", TOP, "（三）不予公开", "7．属于行政执法案卷"),
    ("withheld_administrative_query", TOP, "（三）不予公开", "8．属于行政查询事项"),
    ("unavailable_not_held", TOP, "（四）无法提供", "1．本机关不掌握相关政府信息"),
    ("unavailable_needs_creation", TOP, "（四）无法提供", "2．没有现成信息需要另行制作"),
    ("unavailable_unclear_request", TOP, "（四）无法提供", "3．补正后申请内容仍不明确"),
    ("rejected_petition_complaint", TOP, "（五）不予处理", "1．信访举报投诉类申请"),
    ("rejected_duplicate", TOP, "（五）不予处理", "2．重复申请"),
    ("rejected_publication", TOP, "（五）不予处理", "3．要求提供公开出版物"),
    ("rejected_excessive", TOP, "（五）不予处理", "4．无正当理由大量反复申请"),
    ("rejected_confirmation", TOP, "（五）不予处理", "5．要求行政机关确认或重新出具已获取信息"),
    ("other_no_correction", TOP, "（六）其他处理",
     "1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_fee_unpaid", TOP, "（六）其他处理",
     "2．申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_misc", TOP, "（六）其他处理", "3．其他"),
    ("total_processed", TOP, "（七）总计", ""),
    ("carried_forward", "四、结转下年度继续办理", "", ""),
]
REQUEST_LABELS_2019 = [r for r in REQUEST_LABELS_2021 if not r[0].startswith("other_")]
REQUEST_LABELS_2019.insert(-2, ("other", TOP, "（六）其他处理", ""))


@dataclass
class Case:
    name: str
    fmt: str            # md | html | txt | pdf
    render: str         # md-pipe | md-grid | md-html | html-div | html-ul | txt-tabs | pdf
    agency: str
    region: dict
    year: int
    published: str
    seed: int
    note: str
    template: dict = field(default_factory=lambda: dict(T2021))
    merged: str = "blank"         # requests label columns where Word merged cells: blank | repeat
    bold_labels: bool = False     # md: **labels**
    empty_first_header: bool = True
    applicant_order: str = "std"  # std | total-first | short (商业/科研/公益/法律) | heji (an extra 合计 column)
    printed: dict = field(default_factory=dict)   # field → printed text (truth from `truth_of`)
    set_values: dict = field(default_factory=dict)  # field → value before printing (arithmetic kept by caller)
    encoding: str = "utf-8"       # utf-8 | utf-16 (LE + BOM) | gb18030-bom
    title: str = "plain"          # plain | table-cell | guanyu (关于…的报告, agency in signature only)
    intro: str = ""               # first paragraph of 一、总体情况 (prose counts)
    prose_mismatch: bool = False  # truth: prose_mismatch must fire
    stacked: tuple = ()           # pdf: row keys printed stacked in the previous row's cells ("5<br>3")
    wide: bool = False            # pdf: 6 pt, 98% width, extra 备注 columns
    rotate: bool = False          # pdf: landscape pages stored portrait + /Rotate 90
    two_column: bool = False      # pdf: prose in a column beside the proactive table
    signature_only: bool = False  # the title names no agency; the signature block does
    grid_wrap: int = 0            # md-grid: wrap cells at this display width (pandoc --columns)
    commas: bool = False          # numbers of 1000 and more printed 1,234


def truth_of(printed: str):
    """The value a printed cell stands for, as the contract says."""
    text = printed.strip().replace(",", "")
    if text in ("", "/", "／", "—", "——", "-", "无", "暂无"):
        return None
    text = text.rstrip("*①②③")
    if text.startswith("减少"):
        return -int(text[2:])
    if text.startswith("增加"):
        return int(text[2:])
    return float(text) if "." in text else int(text)


def make_values(case: Case) -> dict:
    rng = random.Random(case.seed)
    variant_requests = case.template["requests"]
    values = random_values(rng, variant_requests)
    if case.template["proactive"] != variant_requests:
        other = random_values(rng, case.template["proactive"])
        values = {k: v for k, v in values.items() if not k.startswith("proactive.")}
        values.update({k: v for k, v in other.items() if k.startswith("proactive.")})
    values.update({k: v for k, v in case.set_values.items() if not k.startswith("_")})
    bump = case.set_values.get("_bump_granted_natural_person", 0)  # more granted requests, sums kept
    for row in ("new_received", "granted", "total_processed"):
        for col in ("natural_person", "total"):
            values[f"requests.{row}.{col}"] += bump
    return values


def cell(case: Case, values: dict, fid: str) -> str:
    v = values[fid]
    if fid in case.printed:
        return case.printed[fid].format(v)  # "{}*" → "12*"
    if case.commas and isinstance(v, int) and v >= 1000:
        return f"{v:,}"
    if fid == "proactive.fees.amount_10k_yuan" and isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


def truth_values(case: Case, values: dict) -> dict:
    out = {}
    for fid, v in values.items():
        out[fid] = truth_of(case.printed[fid].format(v)) if fid in case.printed else v
    return out


# ------------------------------------------------------------------ grids (rows of printed cells)


def proactive_grid(case: Case, values: dict) -> list[list[str]]:
    v = case.template["proactive"]
    c = lambda f: cell(case, values, f"proactive.{f}")  # noqa: E731
    if v == "2021":
        return [
            ["第二十条第（一）项", "", "", ""],
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", c("rules.issued"), c("rules.repealed"), c("rules.in_force")],
            ["行政规范性文件", c("normative_documents.issued"), c("normative_documents.repealed"),
             c("normative_documents.in_force")],
            ["第二十条第（五）项", "", "", ""],
            ["信息内容", "本年处理决定数量", "", ""],
            ["行政许可", c("licensing.decisions"), "", ""],
            ["第二十条第（六）项", "", "", ""],
            ["信息内容", "本年处理决定数量", "", ""],
            ["行政处罚", c("penalty.decisions"), "", ""],
            ["行政强制", c("coercion.decisions"), "", ""],
            ["第二十条第（八）项", "", "", ""],
            ["信息内容", "本年收费金额（单位：万元）", "", ""],
            ["行政事业性收费", c("fees.amount_10k_yuan"), "", ""],
        ]
    three = lambda k: [c(f"{k}.items_prev_year"), c(f"{k}.items_change"), c(f"{k}.decisions")]  # noqa: E731
    return [
        ["第二十条第（一）项", "", "", ""],
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", c("rules.new_made"), c("rules.new_published"), c("rules.total_published")],
        ["规范性文件", c("normative_documents.new_made"), c("normative_documents.new_published"),
         c("normative_documents.total_published")],
        ["第二十条第（五）项", "", "", ""],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可", *three("licensing")],
        ["其他对外管理服务事项", *three("other_services")],
        ["第二十条第（六）项", "", "", ""],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政处罚", *three("penalty")],
        ["行政强制", *three("coercion")],
        ["第二十条第（八）项", "", "", ""],
        ["信息内容", "上一年项目数量", "本年增/减", ""],
        ["行政事业性收费", c("fees.items_prev_year"), c("fees.items_change"), ""],
        ["第二十条第（九）项", "", "", ""],
        ["信息内容", "采购项目数量", "采购总金额", ""],
        ["政府集中采购", c("procurement.projects"), c("procurement.amount_yuan"), ""],
    ]


def applicant_columns(case: Case) -> list[str]:
    if case.applicant_order == "total-first":
        return ["total", *APPLICANTS[:-1]]
    return list(APPLICANTS)


def requests_grid(case: Case, values: dict) -> list[list[str]]:
    cols = applicant_columns(case)
    names = APPLICANT_SHORT if case.applicant_order == "short" else APPLICANT_ZH
    heji = case.applicant_order == "heji"
    corp = [c for c in cols if c not in ("natural_person", "total")]
    head1 = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况"] + \
        [""] * (len(cols) - 1 + heji)
    head2, head3 = ["", "", ""], ["", "", ""]
    for c in cols:
        if c in ("natural_person", "total"):
            head2.append(names[c])
            head3.append("")
        else:
            head2.append("法人或其他组织" if c == corp[0] else "")
            head3.append(names[c])
        if heji and c == corp[-1]:
            head2.append("")
            head3.append("合计")
    labels = REQUEST_LABELS_2021 if case.template["requests"] == "2021" else REQUEST_LABELS_2019
    rows = [head1, head2, head3]
    for key, l1, l2, l3 in labels:
        if case.merged == "repeat":
            l2, l3 = l2 or l1, l3 or l2 or l1
        nums = []
        for c in cols:
            nums.append(cell(case, values, f"requests.{key}.{c}"))
            if heji and c == corp[-1]:
                nums.append(str(sum(values[f"requests.{key}.{x}"] for x in corp)))
        rows.append([l1, l2, l3, *nums])
    if case.merged == "blank":  # a merged cell prints its label once
        for i in range(len(rows) - 1, 3, -1):
            for j in (0, 1):
                if rows[i][j] and rows[i][j] == rows[i - 1][j]:
                    rows[i][j] = ""
    return rows


def appeals_grid(case: Case, values: dict) -> list[list[str]]:
    return [
        ["行政复议", "", "", "", "", "行政诉讼", *[""] * 9],
        [*OUTCOME_ZH, "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
        [""] * 5 + OUTCOME_ZH * 2,
        [cell(case, values, f"appeals.{g}.{o}") for g in GROUPS for o in OUTCOMES],
    ]


# ------------------------------------------------------------------ report text


def paragraphs(case: Case, values: dict) -> dict[str, list[str]]:
    received = values["requests.new_received.total"]
    intro = case.intro or (f"{case.year}年，本机关共收到政府信息公开申请{received}件，均已按时答复。")
    return {
        "一": ["（一）主动公开", f"{case.year}年，{'本机关' if case.signature_only else case.agency}坚持以公开为常态、不公开为例外，主动公开政府信息。",
              "（二）依申请公开", intro],
        "五": [f"{case.year}年政府信息公开工作仍存在公开内容不够全面等问题。下一步将加强培训。"],
        "六": [f"本机关{case.year}年未收取信息处理费。"],
    }


def title_line(case: Case) -> str:
    if case.title == "guanyu" or case.signature_only:
        return f"关于{case.year}年度政府信息公开工作情况的报告"
    return f"{case.agency}{case.year}年政府信息公开工作年度报告"


def signature(case: Case) -> list[str]:
    y, m, d = case.published.split("-")
    return [case.agency, f"{y}年{int(m)}月{int(d)}日"]


PART_TITLES = {"一": "一、总体情况", "二": "二、主动公开政府信息情况", "三": "三、收到和处理政府信息公开申请情况",
               "四": "四、政府信息公开行政复议、行政诉讼情况", "五": "五、存在的主要问题及改进情况",
               "六": "六、其他需要报告的事项"}


def opening(case: Case) -> str:
    if case.signature_only:
        return f"本报告根据《中华人民共和国政府信息公开条例》编制，统计期限为{case.year}年1月1日至12月31日。"
    return (f"本报告由{case.agency}根据《中华人民共和国政府信息公开条例》编制，"
            f"统计期限为{case.year}年1月1日至12月31日。")


# ------------------------------------------------------------------ Markdown


def md_pipe(grid: list[list[str]], case: Case, label_cols: int = 1) -> list[str]:
    def fmt(row, i):
        cells = [f"**{c}**" if case.bold_labels and j < label_cols and c else c for j, c in enumerate(row)]
        return "| " + " | ".join(cells) + " |"
    head = grid[0] if not case.empty_first_header else ["", *grid[0][1:]] if grid[0][0] else grid[0]
    lines = [fmt(head, 0), "|" + "|".join(":---" if j < label_cols else "---:" for j in range(len(head))) + "|"]
    if case.empty_first_header and grid[0][0]:
        lines.append(fmt([grid[0][0]] + [""] * (len(grid[0]) - 1), 1))
    lines += [fmt(r, i) for i, r in enumerate(grid[1:], 1)]
    return lines


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if _width(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line]


def md_grid(grid: list[list[str]], wrap: int = 0) -> list[str]:
    """A pandoc grid table (every row ruled; no spans). wrap > 0: cells wider than that many
    columns wrap onto more lines of the same row, as pandoc writes them at --columns=72."""
    ncol = len(grid[0])
    widths = [max(3, *(_width(r[j]) for r in grid)) for j in range(ncol)]
    if wrap:
        widths = [min(w, wrap) for w in widths]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    head_rule = "+" + "+".join("=" * (w + 2) for w in widths) + "+"
    lines = [rule]
    for i, row in enumerate(grid):
        wrapped = [_wrap(c, w) for c, w in zip(row, widths, strict=True)]
        for k in range(max(len(x) for x in wrapped)):
            parts = [x[k] if k < len(x) else "" for x in wrapped]
            lines.append("| " + " | ".join(c + " " * (w - _width(c)) for c, w in zip(parts, widths, strict=True)) + " |")
        lines.append(head_rule if i == 0 else rule)
    return lines


def html_table(grid: list[list[str]], style: str = "") -> str:
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>\n" for r in grid)
    return f'<table border="1" cellspacing="0" style="{style}">\n{rows}</table>'


def report_md(case: Case, values: dict) -> str:
    paras = paragraphs(case, values)
    out = [f"# {title_line(case)}", "", opening(case), ""]
    tables = {"二": ("proactive", proactive_grid(case, values), 1), "三": ("requests", requests_grid(case, values), 3),
              "四": ("appeals", appeals_grid(case, values), 0)}
    for part in "一二三四五六":
        out += [f"### {PART_TITLES[part]}", ""]
        if part in tables:
            _, grid, label_cols = tables[part]
            if case.render == "md-pipe":
                out += md_pipe(grid, case, label_cols)
            elif case.render == "md-grid":
                out += md_grid(grid, case.grid_wrap)
            else:  # md-html: a raw HTML table inside Markdown
                out += [html_table(grid)]
            out.append("")
        else:
            out += [line + "\n" for line in paras[part]]
    out += ["", *(f"**{s}**" if i == 0 else s for i, s in enumerate(signature(case)))]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ HTML without <table>


def div_table(grid: list[list[str]]) -> str:
    rows = []
    for r in grid:
        cells = "".join(f'<div class="td" style="display:table-cell;border:1px solid #999;padding:2px 4px">'
                        f"{html.escape(c) or '&nbsp;'}</div>" for c in r)
        rows.append(f'<div class="tr" style="display:table-row">{cells}</div>')
    return '<div class="table" style="display:table;border-collapse:collapse">\n' + "\n".join(rows) + "\n</div>"


def ul_proactive(case: Case, values: dict) -> str:
    """The proactive table as a list: each row a <li> of "label：column number" pairs."""
    items = []
    grid = proactive_grid(case, values)
    header: list[str] = []
    for row in grid:
        if row[0].startswith("第二十条"):
            items.append(f"<li class=\"sec\"><strong>{row[0]}</strong></li>")
        elif row[0] == "信息内容":
            header = row
        else:
            pairs = "；".join(f"{header[j]}：{row[j]}" for j in range(1, 4) if header[j])
            items.append(f"<li>{row[0]}：{pairs}</li>")
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def report_html(case: Case, values: dict) -> str:
    paras = paragraphs(case, values)
    body = []
    if case.title == "table-cell":
        body.append(f'<table class="title" width="100%"><tr><td style="text-align:center;font-size:20pt">'
                    f"{html.escape(title_line(case))}</td></tr><tr><td>来源：本站　发布时间：{case.published}"
                    "</td></tr></table>")
    else:
        body.append(f"<h1>{html.escape(title_line(case))}</h1>")
    body.append(f"<p>{html.escape(opening(case))}</p>")
    tables = {"二": proactive_grid(case, values), "三": requests_grid(case, values), "四": appeals_grid(case, values)}
    for part in "一二三四五六":
        body.append(f"<h3>{PART_TITLES[part]}</h3>")
        if part in tables:
            grid = tables[part]
            if case.render == "html-div":
                body.append(div_table(grid))
            elif case.render == "html-ul" and part == "二":
                body.append(ul_proactive(case, values))
            else:
                body.append(html_table(grid))
        else:
            body += [f"<p>{html.escape(p)}</p>" for p in paras[part]]
    body += [f'<p style="text-align:right">{html.escape(s)}</p>' for s in signature(case)]
    return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{html.escape(title_line(case))}</title></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n")


# ------------------------------------------------------------------ text


def report_txt(case: Case, values: dict) -> str:
    paras = paragraphs(case, values)
    out = [title_line(case), "", opening(case), ""]
    tables = {"二": proactive_grid(case, values), "三": requests_grid(case, values), "四": appeals_grid(case, values)}
    for part in "一二三四五六":
        out += [PART_TITLES[part], ""]
        if part in tables:
            out += ["\t".join(r) for r in tables[part]]
            out.append("")
        else:
            out += paras[part] + [""]
    out += ["", *signature(case)]
    return "\r\n".join(out) + "\r\n"


# ------------------------------------------------------------------ PDF (Chromium)


PDF_CSS = """
body { font-family: 'Noto Serif CJK SC', serif; font-size: 11pt; line-height: 1.6; }
h1 { font-size: 17pt; text-align: center; }
h3 { font-size: 12pt; }
table { border-collapse: collapse; margin: 6pt 0; }
td { border: 0.6pt solid #000; padding: 2pt 3pt; font-size: 9pt; text-align: center; }
td:first-child { text-align: left; }
"""


def pdf_requests_table(case: Case, values: dict) -> str:
    grid = requests_grid(case, values)
    keys = [None, None, None] + [k for k, *_ in (REQUEST_LABELS_2021 if case.template["requests"] == "2021"
                                                 else REQUEST_LABELS_2019)]
    rows: list[list[str]] = []
    for key, row in zip(keys, grid, strict=True):
        if key in case.stacked:  # this row printed inside the previous row's cells
            prev = rows[-1]
            rows[-1] = [f"{a}<br>{html.escape(b)}" if (a or b) else "" for a, b in zip(prev, row, strict=True)]
            continue
        rows.append([html.escape(c) for c in row])
        if case.wide:
            rows[-1].append("")
    if case.wide:
        rows[0][-1] = "备注"
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>\n" for r in rows)
    style = "font-size:6pt;width:100%" if case.wide else ""
    return f'<table style="{style}">\n{body}</table>'


def report_pdf_html(case: Case, values: dict) -> str:
    paras = paragraphs(case, values)
    body = [f"<h1>{html.escape(title_line(case))}</h1>", f"<p>{html.escape(opening(case))}</p>"]
    for part in "一二三四五六":
        body.append(f"<h3>{PART_TITLES[part]}</h3>")
        if part == "二":
            table = html_table(proactive_grid(case, values))
            if case.two_column:
                side = ("<div style=\"width:38%;font-size:10pt\"><p>说明：本表统计口径为2022年1月1日至12月31日。"
                        "表中“现行有效件数”截至2022年12月31日。</p><p>规范性文件清理工作于2022年6月30日完成，"
                        "废止文件已在门户网站公布。</p></div>")
                body.append(f'<div style="display:flex;gap:12pt"><div style="width:58%">{table}</div>{side}</div>')
            else:
                body.append(table)
        elif part == "三":
            body.append(pdf_requests_table(case, values))
        elif part == "四":
            body.append(html_table(appeals_grid(case, values), "font-size:8pt" if case.wide else ""))
        else:
            body += [f"<p>{html.escape(p)}</p>" for p in paras[part]]
    body += [f'<p style="text-align:right">{html.escape(s)}</p>' for s in signature(case)]
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{PDF_CSS}'
            + ("td { font-size: 6pt; padding: 1pt; }" if case.wide else "")
            + "</style></head><body>" + "".join(body) + "</body></html>")


def rotate_pages(src: Path, out: Path) -> None:
    """Landscape pages stored as portrait pages whose content is turned, with /Rotate 90 set,
    as some print drivers write them: a viewer shows them upright, the content stream does not."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(src))
    dest = pdfium.PdfDocument.new()
    for i in range(len(source)):
        w, h = source[i].get_size()  # landscape: w > h
        xobject = source.page_as_xobject(i, dest)
        obj = xobject.as_pageobject()
        # turn the content 90° counter-clockwise onto an h × w portrait page; /Rotate 90 turns it back
        obj.transform(pdfium.PdfMatrix().rotate(90, ccw=True).translate(h, 0))
        page = dest.new_page(h, w)
        page.insert_obj(obj)
        page.gen_content()
        page.set_rotation(90)
    dest.save(str(out))


def print_pdf(page, html_text: str, out: Path, landscape: bool) -> None:
    kit.print_pdf(page, html_text, out, landscape=landscape,
                  margin={"top": "2cm", "bottom": "2cm", "left": "2cm", "right": "2cm"})


# ------------------------------------------------------------------ cases


CASES = [
    # --- Markdown
    Case("md-pipe-blank-xiaoshan-2022", "md", "md-pipe", "杭州市萧山区农业农村局", R("浙江省", "杭州市", "萧山区"), 2022,
         "2023-01-20", 301, "pandoc-style pipe tables: merged label cells left blank, first header cell empty, "
         "### headings"),
    Case("md-pipe-repeat-bold-huangpu-2023", "md", "md-pipe", "广州市黄埔区科学技术局", R("广东省", "广州市", "黄埔区"), 2023,
         "2024-01-25", 302, "pipe tables with merged labels repeated in every cell and **bold** labels",
         merged="repeat", bold_labels=True),
    Case("md-grid-jiangning-2022", "md", "md-grid", "南京市江宁区人力资源和社会保障局", R("江苏省", "南京市", "江宁区"), 2022,
         "2023-01-16", 303, "pandoc grid tables (+---+ rules, === under the header row)"),
    Case("md-gridwrap-liuhe-2023", "md", "md-grid", "南京市六合区水务局", R("江苏省", "南京市", "六合区"), 2023,
         "2024-01-29", 322, "pandoc grid tables at --columns=72: long labels wrap onto several lines inside one "
         "ruled row", grid_wrap=16),
    Case("md-html-yuhu-2021", "md", "md-html", "湘潭市雨湖区文化旅游广电体育局", R("湖南省", "湘潭市", "雨湖区"), 2021,
         "2022-01-26", 304, "Markdown whose tables are raw HTML <table> blocks"),
    Case("md-utf16-lianchi-2022", "md", "md-pipe", "保定市莲池区发展和改革局", R("河北省", "保定市", "莲池区"), 2022,
         "2023-01-18", 305, "pipe-table Markdown saved as UTF-16 LE with BOM", encoding="utf-16"),
    # --- HTML without <table>
    Case("html-div-beilin-2023", "html", "html-div", "西安市碑林区商务局", R("陕西省", "西安市", "碑林区"), 2023,
         "2024-01-19", 306, "every table as CSS display:table/table-row/table-cell <div>s"),
    Case("html-ul-chengguan-2022", "html", "html-ul", "兰州市城关区统计局", R("甘肃省", "兰州市", "城关区"), 2022,
         "2023-01-28", 307, "proactive table as <ul>/<li> 'label：column：number' items; other tables <table>"),
    Case("html-titlecell-jiedao-2023", "html", "html-div", "长沙市岳麓区望月湖街道办事处",
         R("湖南省", "长沙市", "岳麓区", "望月湖街道"), 2023, "2024-01-15", 308,
         "街道办事处; title inside a layout table cell at the top; div tables", title="table-cell"),
    # --- text encodings
    Case("txt-utf16-qinnan-2022", "txt", "txt-tabs", "钦州市钦南区交通运输局", R("广西壮族自治区", "钦州市", "钦南区"), 2022,
         "2023-01-17", 309, "tab-separated text, UTF-16 LE with BOM, CRLF (Notepad 'Unicode')", encoding="utf-16"),
    Case("txt-gb18030bom-2019-dingcheng-2020", "txt", "txt-tabs", "常德市鼎城区水利局", R("湖南省", "常德市", "鼎城区"), 2020,
         "2021-01-22", 310, "GB18030 with its 4-byte BOM; 2019 template; 本年增/减 printed '减少3', '-2', '+4'",
         template=dict(T2019), encoding="gb18030-bom",
         set_values={"proactive.licensing.items_change": -3, "proactive.penalty.items_change": -2,
                     "proactive.coercion.items_change": 4, "proactive.other_services.items_change": 0},
         printed={"proactive.licensing.items_change": "减少3", "proactive.penalty.items_change": "-2",
                  "proactive.coercion.items_change": "+4"}),
    # --- number forms (text/markdown so the reader is not the variable)
    Case("txt-blanks-marks-hanjiang-2023", "txt", "txt-tabs", "扬州市邗江区卫生健康委员会", R("江苏省", "扬州市", "邗江区"), 2023,
         "2024-01-30", 311, "blanks printed '——', '／', '暂无' (truth null); footnote marks '12*', '5①' "
         "(truth the number); fee '0.00'",
         set_values={"proactive.fees.amount_10k_yuan": 0.0},
         printed={"proactive.fees.amount_10k_yuan": "0.00", "proactive.rules.issued": "——",
                  "proactive.rules.repealed": "／", "proactive.rules.in_force": "暂无",
                  "requests.granted.natural_person": "{}*", "requests.granted.total": "{}*",
                  "requests.new_received.natural_person": "{}①", "appeals.reconsideration.total": "{}①"}),
    # --- applicant columns
    Case("md-totalfirst-short-licang-2022", "md", "md-pipe", "青岛市李沧区退役军人事务局", R("山东省", "青岛市", "李沧区"), 2022,
         "2023-01-19", 312, "requests table with the 总计 column first, applicant headers abbreviated "
         "(商业/科研/公益/法律)", applicant_order="total-first", merged="repeat"),
    Case("html-short-jiangdu-2021", "html", "html-plain", "扬州市江都区自然资源和规划局", R("江苏省", "扬州市", "江都区"),
         2021, "2022-01-27", 324, "applicant headers abbreviated (商业/科研/公益/法律/其他) in the usual order",
         applicant_order="short"),
    Case("html-heji-xiangzhou-2023", "html", "html-plain", "珠海市香洲区城市管理和综合执法局",
         R("广东省", "珠海市", "香洲区"), 2023, "2024-01-22", 313,
         "requests table with an extra 合计 column (sum of the five 法人或其他组织 columns) before 总计",
         applicant_order="heji"),
    # --- prose counts
    Case("prose-ok-incl-carried-nanguan-2023", "txt", "txt-tabs", "长春市南关区司法局", R("吉林省", "长春市", "南关区"), 2023,
         "2024-01-26", 314, "prose that must NOT raise prose_mismatch: received incl. carried-over (含上年结转), "
         "同比增长 N 件, 办结/结转 consistent, the 司法局's own 行政复议 caseload",
         intro="{year}年共收到政府信息公开申请{rec_plus_over}件（含上年结转{over}件），同比增长{grow}件；共办结{done}件，"
               "结转下年度{fwd}件。全年办理行政复议案件56件，其中涉及政府信息公开的行政复议{recon}件。"),
    Case("prose-ok-growth-dongxihu-2022", "txt", "txt-tabs", "武汉市东西湖区教育局", R("湖北省", "武汉市", "东西湖区"), 2022,
         "2023-01-28", 323, "prose that must NOT raise prose_mismatch: the change from last year stated first "
         "(收到政府信息公开申请同比增加12件，共N件), 办结 N 件 consistent",
         intro="{year}年，本局收到政府信息公开申请同比增加12件，共{rec}件；办结{done}件，结转下年度{fwd}件。"),
    Case("prose-bad-xiangcheng-2022", "txt", "txt-tabs", "苏州市相城区审计局", R("江苏省", "苏州市", "相城区"), 2022,
         "2023-01-20", 315, "prose that MUST raise prose_mismatch: 新收申请 N+5 件 against the table's N",
         intro="{year}年，本机关新收政府信息公开申请{rec_wrong}件，全部按期答复。", prose_mismatch=True),
    # --- metadata
    Case("meta-guanyu-sigonly-gaoxin-2022", "html", "html-plain", "襄阳高新技术产业开发区管理委员会",
         R("湖北省", "襄阳市", None), 2022, "2023-01-29", 316,
         "开发区管委会; title 关于2022年度政府信息公开工作情况的报告 (no agency); agency only in the signature; "
         "the body names 湖北省 and 武汉市 policies first", title="guanyu", signature_only=True,
         intro="{year}年，根据《湖北省政府信息公开规定》和武汉市、宜昌市政务公开现场会要求，共收到政府信息公开申请{rec}件。"),
    Case("meta-otherplaces-wuchang-2023", "txt", "txt-tabs", "武汉市武昌区市场监督管理局", R("湖北省", "武汉市", "武昌区"), 2023,
         "2024-01-23", 317, "body names 北京市, 上海市浦东新区 and 江汉区 before the agency's own place",
         intro="{year}年，本局学习借鉴北京市、上海市浦东新区和武汉市江汉区的经验，共收到政府信息公开申请{rec}件。"),
    # --- PDF
    Case("pdf-comma-wide-nanhai-2023", "pdf", "pdf", "佛山市南海区人民政府", R("广东省", "佛山市", "南海区"), 2023,
         "2024-01-31", 318, "Chromium PDF: thousands separators in cells (1,234), the requests table 6 pt at full "
         "width with an empty 备注 column", wide=True, commas=True,
         set_values={"proactive.licensing.decisions": 12345, "proactive.penalty.decisions": 2048,
                     "_bump_granted_natural_person": 1180}),
    Case("pdf-stacked-jiangyin-2022", "pdf", "pdf", "江阴市教育局", R("江苏省", "无锡市", "江阴市"), 2022,
         "2023-01-18", 319, "Chromium PDF: rows 2. and 3. of (三) and 2. of (五) printed inside the previous row's "
         "cells, label and numbers stacked ('5<br>3')",
         stacked=("withheld_prohibited_by_law", "withheld_security_stability", "rejected_duplicate")),
    Case("pdf-rotate-yanta-2023", "pdf", "pdf", "西安市雁塔区民政局", R("陕西省", "西安市", "雁塔区"), 2023,
         "2024-01-24", 320, "landscape pages stored portrait with turned content and /Rotate 90", rotate=True),
    Case("pdf-twocol-tianning-2022", "pdf", "pdf", "常州市天宁区财政局", R("江苏省", "常州市", "天宁区"), 2022,
         "2023-01-27", 321, "Chromium PDF: the proactive table in a column with a prose note (dates, numbers) beside it",
         two_column=True),
]


def fill_intro(case: Case, values: dict) -> None:
    if not case.intro:
        return
    rec = values["requests.new_received.total"]
    over = values["requests.carried_over.total"]
    case.intro = case.intro.format(
        year=case.year, rec=rec, over=over, rec_plus_over=rec + over, grow=12, rec_wrong=rec + 5,
        done=values["requests.total_processed.total"], fwd=values["requests.carried_forward.total"],
        recon=values["appeals.reconsideration.total"])


def build(case: Case, page, tmp: Path) -> Path:
    values = make_values(case)
    fill_intro(case, values)
    stem = f"round3-{case.name}"
    out = OUT / f"{stem}.{case.fmt}"
    if case.fmt == "md":
        text = report_md(case, values)
    elif case.fmt == "html":
        text = report_html(case, values)
    elif case.fmt == "txt":
        text = report_txt(case, values)
    if case.fmt == "pdf":
        if case.rotate:
            flat = tmp / f"{stem}.pdf"
            print_pdf(page, report_pdf_html(case, values), flat, landscape=True)
            rotate_pages(flat, out)
        else:
            print_pdf(page, report_pdf_html(case, values), out, landscape=False)
    elif case.encoding == "utf-16":
        out.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    elif case.encoding == "gb18030-bom":
        out.write_bytes("\ufeff".encode("gb18030") + text.encode("gb18030"))
    else:
        out.write_text(text, encoding="utf-8")
    kit.write_truth(stem, kit.truth_record(
        out, case.fmt, agency=case.agency, year=case.year, region=case.region, published=case.published,
        template=case.template, note=case.note, prose_mismatch=case.prose_mismatch, values=truth_values(case, values)))
    return out


def main(names: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    kit.build_cases(CASES, build, names, "round3-", page=lambda cases: any(c.fmt == "pdf" for c in cases))


if __name__ == "__main__":
    main(sys.argv[1:])
