"""Generate the stress corpus: report layouts the parser was not built from, with known truth.

    .venv/bin/python tests/stress/make_stress.py [NAME …]

Independent of tests/make_fixtures.py (which fills the official DOCX template): here
each report is written as HTML by hand, the way government sites and Word users lay
it out, then

- printed to PDF by headless Chromium (through Playwright, because only the DevTools
  print call can add the page footers "— 3 —" that real printed reports carry),
- kept as HTML (UTF-8, or GBK declared as gb2312),
- converted to DOCX by LibreOffice,
- or turned into text the way people copy it out of a PDF (pdftotext -layout), or
  typed as tab-separated text.

Layout variations (see CASES): tables with no rulings, only horizontal rulings or a
thick outer border only; vertical labels (one character per line in a tall merged
cell); labels with line breaks, typos, dropped characters, spaces, `1、`/`1.`/`（1）`
numbering; full-width digits, thousands separators, units in cells or headers,
decimals; the requests table split over two pages with and without its header
repeated; the appeals table as two tables or as fifteen label + number rows; a 2021
report that keeps the 2019 single （六）其他处理 row; title, signature and date forms;
page footers and notes under the tables.

Truth goes to tests/truth/stress-<name>.json (same shape as the other truth files):
every field id of the template variant each table uses, with the value as printed
(null for a blank, "/", "—" cell). Numbers obey the template arithmetic except where a
case prints a deliberate error; the truth is then what is printed.
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
from tests.corpus.kit import APPEAL_GROUPS, APPEAL_OUTCOMES, APPLICANTS, T2019, T2021, contract_fields  # noqa: E402

R = kit.region

OUT = ROOT / "tests" / "stress" / "files"
FULLWIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
CN_DIGITS = "〇一二三四五六七八九"

# The requests table's rows: (row key, group label or None, item text, item number or None).
# Group None and item number None: a row label spanning all three label columns.
REQUEST_ROWS_2019_OTHER = [("other", None, "（六）其他处理", None)]
REQUEST_ROWS_2021_OTHER = [
    ("other_no_correction", "（六）其他处理", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 1),
    ("other_fee_unpaid", "（六）其他处理", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 2),
    ("other_misc", "（六）其他处理", "其他", 3),
]
RESULT_ROWS = [
    ("granted", None, "（一）予以公开", None),
    ("partially_granted", None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
    ("withheld_state_secret", "（三）不予公开", "属于国家秘密", 1),
    ("withheld_prohibited_by_law", "（三）不予公开", "其他法律行政法规禁止公开", 2),
    ("withheld_security_stability", "（三）不予公开", "危及“三安全一稳定”", 3),
    ("withheld_third_party_rights", "（三）不予公开", "保护第三方合法权益", 4),
    ("withheld_internal_affairs", "（三）不予公开", "属于三类内部事务信息", 5),
    ("withheld_process_information", "（三）不予公开", "属于四类过程性信息", 6),
    ("withheld_enforcement_files", "（三）不予公开", "属于行政执法案卷", 7),
    ("withheld_administrative_query", "（三）不予公开", "属于行政查询事项", 8),
    ("unavailable_not_held", "（四）无法提供", "本机关不掌握相关政府信息", 1),
    ("unavailable_needs_creation", "（四）无法提供", "没有现成信息需要另行制作", 2),
    ("unavailable_unclear_request", "（四）无法提供", "补正后申请内容仍不明确", 3),
    ("rejected_petition_complaint", "（五）不予处理", "信访举报投诉类申请", 1),
    ("rejected_duplicate", "（五）不予处理", "重复申请", 2),
    ("rejected_publication", "（五）不予处理", "要求提供公开出版物", 3),
    ("rejected_excessive", "（五）不予处理", "无正当理由大量反复申请", 4),
    ("rejected_confirmation", "（五）不予处理", "要求行政机关确认或重新出具已获取信息", 5),
]
TOTAL_ROW = ("total_processed", None, "（七）总计", None)
APPEAL_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结",
                 "total": "总计"}
APPEAL_GROUP_LABELS = {"reconsideration": "行政复议", "litigation_direct": "行政诉讼 未经复议直接起诉",
                       "litigation_after_reconsideration": "行政诉讼 复议后起诉"}


@dataclass
class Case:
    """One stress report: who, when, which template per table, and how it is laid out."""

    name: str                       # file stem without "stress-"
    fmt: str                        # pdf | html | docx | txt
    agency: str
    region: dict
    year: int
    published: str | None           # ISO date the report states (发布日期 first, else the closing date)
    template: dict                  # table → "2019" | "2021"
    seed: int
    note: str
    title: str = "agency-first"     # agency-first | year-first | two-lines
    date: str = "arabic"            # arabic | chinese | none
    page_date: bool = False         # HTML: 发布日期 line above the report (site chrome)
    page_date_cn: bool = False      # … written 发布时间：2023年01月13日 09:30 instead of 发布日期：2023-01-13
    border: str = "full"            # full | none | horizontal | outer
    vertical: bool = False          # 三、本年度办理结果 and the group labels one character per line
    numbering: str = "1."           # 1. | 1、 | （1）
    spaced: bool = False            # spaces inside short labels (予 以 公 开, 结 果 维 持)
    typos: dict = field(default_factory=dict)      # label text → as printed
    breaks: bool = False            # long labels broken with <br>
    split: str = ""                 # "" | repeat (one table, header repeats) | bare (second table, no header)
    appeals: str = "standard"       # standard | two-tables | rows
    nulls: dict = field(default_factory=dict)      # field → printed blank ("", "/", "—")
    fullwidth: bool = False         # digits printed full-width
    thousands: bool = False         # large counts with thousands separators
    procurement_unit: str = ""      # 2019 proactive: "" | cell (356.8万元) | header (采购总金额（万元）)
    footers: bool = False           # PDF page footers "— N —"
    running_header: bool = False    # PDF: the report's title repeated at the top of every page
    notes: bool = False             # 注：… paragraph under the tables
    errors: dict = field(default_factory=dict)     # field → delta printed on top of the consistent value
    encoding: str = "utf-8"         # html/txt: utf-8 | gbk
    txt_via: str = "pdftotext"      # txt: pdftotext | tabs
    appeals_wrap: bool = False      # txt tabs: the appeals values row wrapped over two lines
    negative_change: bool = False   # 2019 proactive: a negative 本年增/减
    writing_mode: bool = False      # vertical labels with CSS writing-mode instead of one char per line
    wrapper: bool = False           # the whole article inside a one-cell layout table (CMS pages, Word)
    headings: str = "official"      # official | variant (the older or longer part headings agencies print)
    captions: bool = False          # 表1 … caption above each table
    tables_at_end: bool = False     # parts two to four say 详见附表; the tables follow part six as 附表1–3
    word_html: bool = False         # cells as Word's "save as web page": <p class=MsoNormal><span>…<o:p>



CASES = [
    Case("borderless-jiangan-2022", "pdf", "武汉市江岸区人民政府", R("湖北省", "武汉市", "江岸区"), 2022,
         "2023-01-20", T2021, 101, "PDF, every table without ruling lines; carried-over row and one appeals "
         "group printed blank", border="none",
         nulls={**{f"requests.carried_over.{c}": "" for c in [*APPLICANTS, "total"]},
                **{f"appeals.litigation_after_reconsideration.{c}": "—" for c in APPEAL_OUTCOMES}}),
    Case("vertical-changsha-weijian-2023", "pdf", "长沙县卫生健康局", R("湖南省", "长沙市", "长沙县"), 2023,
         "2024-01-20", T2021, 102, "PDF, vertical labels one character per line, year-first title, Chinese date",
         title="year-first", date="chinese", vertical=True),
    Case("split-repeat-yuhang-2023", "pdf", "杭州市余杭区市场监督管理局", R("浙江省", "杭州市", "余杭区"), 2023,
         "2024-01-25", T2021, 103, "PDF, requests table over two pages, header repeated, page footers",
         split="repeat", footers=True, numbering="1、", typos={
             "二、上年结转政府信息公开申请数量": "二、上年结转政府信息公开申请数",
             "属于行政执法案卷": "属于行政执法卷宗",
             "无正当理由大量反复申请": "无正当理由大量重复申请"}),
    Case("split-bare-jinniu-2022", "pdf", "成都市金牛区教育局", R("四川省", "成都市", "金牛区"), 2022,
         "2023-01-16", T2021, 104, "PDF, requests table cut in two tables, second without header; notes",
         split="bare", notes=True, footers=True),
    Case("horizontal-lixia-2021", "pdf", "济南市历下区人民政府", R("山东省", "济南市", "历下区"), 2021,
         "2022-01-28", T2021, 105, "PDF, horizontal rulings only, line-broken labels, decimals, thousands",
         border="horizontal", breaks=True, thousands=True),
    Case("outer-jianxi-minzheng-2024", "pdf", "洛阳市涧西区民政局", R("河南省", "洛阳市", "涧西区"), 2024,
         "2025-01-15", T2021, 106, "PDF, thick outer border only, （1） numbering, full-width digits, tables as 附表 after part six",
         border="outer", numbering="（1）", fullwidth=True, tables_at_end=True),
    Case("tmpl2019-jinghu-sifa-2020", "pdf", "芜湖市镜湖区司法局", R("安徽省", "芜湖市", "镜湖区"), 2020,
         "2021-01-22", T2019, 107, "PDF, 2019 template, 万元 in the procurement cell, '/' and '—' blanks, "
         "negative 本年增/减", procurement_unit="cell", negative_change=True,
         nulls={"proactive.rules.new_made": "/", "proactive.rules.new_published": "/",
                "proactive.rules.total_published": "/", "requests.withheld_state_secret.research": "—",
                "appeals.litigation_after_reconsideration.upheld": "—"}),
    Case("othersingle-weibin-2023", "pdf", "宝鸡市渭滨区人力资源和社会保障局", R("陕西省", "宝鸡市", "渭滨区"), 2023,
         "2024-01-19", {"proactive": "2019", "requests": "2019", "appeals": "2021"}, 108,
         "PDF, 2023 report keeping the 2019 proactive table and single （六）其他处理 row",
         border="horizontal", procurement_unit="header"),
    Case("appeals-two-tables-guandu-2022", "pdf", "昆明市官渡区交通运输局", R("云南省", "昆明市", "官渡区"), 2022,
         "2023-01-30", T2021, 109, "PDF, appeals printed as two tables (复议, then 诉讼), title on two lines",
         appeals="two-tables", title="two-lines", fullwidth=True),
    Case("deliberate-error-siming-2023", "pdf", "厦门市思明区发展和改革局", R("福建省", "厦门市", "思明区"), 2023,
         "2024-01-26", T2021, 110, "PDF, printed totals that break the arithmetic (truth is as printed)",
         errors={"requests.granted.total": 1, "appeals.reconsideration.total": 1},
         running_header=True, footers=True),
    Case("writingmode-jiangshan-2022", "pdf", "宁波市鄞州区姜山镇人民政府", R("浙江省", "宁波市", "鄞州区", "姜山镇"),
         2022, "2023-01-18", T2021, 111, "PDF, group labels set with CSS writing-mode: vertical-rl, borderless",
         writing_mode=True, vertical=True, border="none", appeals="rows"),
    Case("appeals-rows-guancheng-2023", "html", "柳州市城中区住房和城乡建设局", R("广西壮族自治区", "柳州市", "城中区"),
         2023, "2024-01-31", T2021, 112, "HTML, appeals as fifteen label + number rows, 发布日期 on the page",
         appeals="rows", page_date=True, split="repeat"),
    Case("gbk-wuzhong-yingji-2022", "html", "苏州市吴中区应急管理局", R("江苏省", "苏州市", "吴中区"), 2022,
         "2023-01-13", T2021, 113, "HTML in GBK declared gb2312, borderless, 1、 numbering, 发布日期",
         encoding="gbk", page_date=True, page_date_cn=True, border="none", numbering="1、"),
    Case("typos-ganjingzi-2023", "html", "大连市甘井子区农业农村局", R("辽宁省", "大连市", "甘井子区"), 2023,
         "2024-01-22", T2021, 114, "HTML, labels with typos, dropped characters, spaces inside labels; article inside a layout table",
         spaced=True, wrapper=True, typos={
             "一、本年新收政府信息公开申请数量": "一、本年新收政府信息公开申请数",
             "二、上年结转政府信息公开申请数量": "二、上年结转政府信息申请数量",
             "没有现成信息需要另行制作": "没有现成信息需另行制作",
             "信访举报投诉类申请": "信访、举报、投诉类申请",
             "要求行政机关确认或重新出具已获取信息": "要求行政机关确认或重新出具已获取的信息",
             "四、结转下年度继续办理": "四、结转下一年度继续办理",
             "保护第三方合法权益": "保护第三方合法利益"}),
    Case("tmpl2019-yunyan-2019", "html", "贵阳市云岩区卫生健康局", R("贵州省", "贵阳市", "云岩区"), 2019,
         "2020-01-21", T2019, 115, "HTML in Word's web-page markup (MsoNormal, o:p), 2019 template for 2019, 万元 in the procurement header, blank cells",
         procurement_unit="header", word_html=True, nulls={"requests.carried_over.commercial": "", "requests.carried_over.research": "",
                                           "requests.carried_over.nonprofit": "", "proactive.fees.items_change": ""}),
    Case("vertical-xiaodian-2021", "docx", "太原市小店区人民政府", R("山西省", "太原市", "小店区"), 2021,
         "2022-01-27", T2021, 116, "DOCX from HTML by LibreOffice, vertical labels, line breaks",
         vertical=True, breaks=True, typos={
             "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "（二）部分公开(区分处理的,只计这一情形,不计其他情形)",
             "危及“三安全一稳定”": "危及\"三安全一稳定\"",
             "属于四类过程性信息": "属于四类过程信息",
             "补正后申请内容仍不明确": "补正后申请内容仍然不明确"}),
    Case("borderless-qingshanhu-2023", "docx", "南昌市青山湖区城市管理局", R("江西省", "南昌市", "青山湖区"), 2023,
         "2024-01-12", T2021, 117, "DOCX from borderless HTML inside a layout table (nested tables), title on two lines, Chinese date",
         border="none", title="two-lines", date="chinese", wrapper=True),
    Case("tmpl2019-nangang-2020", "docx", "哈尔滨市南岗区人民政府", R("黑龙江省", "哈尔滨市", "南岗区"), 2020,
         "2021-01-29", T2019, 118, "DOCX, 2019 template, thousands separators, （1） numbering",
         thousands=True, numbering="（1）", spaced=True),
    Case("layout-chengguan-2023", "txt", "兰州市城关区人民政府", R("甘肃省", "兰州市", "城关区"), 2023,
         "2024-01-24", T2021, 119, "TXT from pdftotext -layout of a ruled Chromium PDF, appeals as two tables",
         appeals="two-tables"),
    Case("layout-split-yuhua-2022", "txt", "石家庄市裕华区财政局", R("河北省", "石家庄市", "裕华区"), 2022,
         "2023-01-17", T2021, 120, "TXT from pdftotext -layout, requests table over two pages, page footers",
         split="repeat", footers=True, notes=True),
    Case("layout-gbk-2019tmpl-2020", "txt", "江西省生态环境厅", R("江西省"), 2020,
         "2021-01-26", T2019, 121, "TXT (GBK) from pdftotext -layout, 2019 template, borderless source",
         encoding="gbk", border="none", procurement_unit="header", breaks=True,
         nulls={f"proactive.rules.{c}": "—" for c in ("new_made", "new_published", "total_published")}),
    Case("layout-vertical-huli-2023", "txt", "厦门市湖里区民政局", R("福建省", "厦门市", "湖里区"), 2023,
         "2024-01-23", T2021, 123, "TXT from pdftotext -layout of a PDF with vertical one-character labels",
         vertical=True),
    Case("split-bare-docx-shibei-2022", "docx", "青岛市市北区司法局", R("山东省", "青岛市", "市北区"), 2022,
         "2023-01-19", T2021, 124, "DOCX from HTML, requests table cut into two tables, second without header; variant part headings, captions",
         split="bare", notes=True, headings="variant", captions=True),
    Case("combo-tmpl2019-tianxin-2020", "pdf", "长沙市天心区人民政府", R("湖南省", "长沙市", "天心区"), 2020,
         "2021-01-25", T2019, 125, "PDF, 2019 template, borderless, broken labels, thousands, 万元 in the cell, "
         "blank '/' row", border="none", breaks=True, thousands=True, procurement_unit="cell",
         nulls={f"requests.other.{c}": "/" for c in [*APPLICANTS, "total"]}),
    Case("tabs-wrapped-appeals-2021", "txt", "佛山市南海区桂城街道办事处", R("广东省", "佛山市", "南海区", "桂城街道"),
         2021, "2022-01-20", T2021, 122, "TXT tab-separated, appeals values wrapped over two lines",
         txt_via="tabs", appeals_wrap=True, fullwidth=True, spaced=True),
]


# ---------------------------------------------------------------- values


def request_rows(variant: str) -> list[tuple]:
    other = REQUEST_ROWS_2019_OTHER if variant == "2019" else REQUEST_ROWS_2021_OTHER
    return RESULT_ROWS + other + [TOTAL_ROW]


def make_values(case: Case) -> dict:
    """Consistent counts for every field of the case's variants (before blanks and errors)."""
    rng = random.Random(case.seed)
    v: dict = {}
    big = 1000 if case.thousands else 1
    if case.template["proactive"] == "2021":
        for row in ("rules", "normative_documents"):
            in_force = rng.randint(0, 40 if row == "normative_documents" else 4)
            v[f"proactive.{row}.issued"] = rng.randint(0, min(in_force, 8))
            v[f"proactive.{row}.repealed"] = rng.randint(0, 3)
            v[f"proactive.{row}.in_force"] = in_force
        for row in ("licensing", "penalty", "coercion"):
            v[f"proactive.{row}.decisions"] = rng.randint(0, 400) * big + rng.randint(0, 999) * (big > 1)
        v["proactive.fees.amount_10k_yuan"] = round(rng.randint(0, 9999) / 100, 2)
    else:
        for row in ("rules", "normative_documents"):
            total = rng.randint(0, 30)
            new = rng.randint(0, min(total, 6))
            v[f"proactive.{row}.new_made"] = new
            v[f"proactive.{row}.new_published"] = new
            v[f"proactive.{row}.total_published"] = total
        for row in ("licensing", "other_services", "penalty", "coercion"):
            v[f"proactive.{row}.items_prev_year"] = rng.randint(0, 300)
            v[f"proactive.{row}.items_change"] = rng.randint(0, 12)
            v[f"proactive.{row}.decisions"] = rng.randint(0, 900) * big + rng.randint(0, 999) * (big > 1)
        if case.negative_change:
            v["proactive.licensing.items_change"] = -rng.randint(1, 9)
        v["proactive.fees.items_prev_year"] = rng.randint(0, 5)
        v["proactive.fees.items_change"] = 0
        v["proactive.procurement.projects"] = rng.randint(1, 40)
        # An amount in 万元 with one decimal, so the yuan value is an integer.
        v["proactive.procurement.amount_yuan"] = rng.randint(10, 99999) * 1000

    rows = request_rows(case.template["requests"])
    for col in APPLICANTS:
        heavy = col == "natural_person" or (col == "commercial" and rng.random() < 0.6)
        processed = 0
        for key, *_ in rows[:-1]:
            if heavy:
                n = rng.choice([0, 0, 0, 1, 2, 3, 5]) if key != "granted" else rng.randint(3, 40)
            else:
                n = rng.choice([0] * 9 + [1, 2])
            n = 0 if f"requests.{key}.{col}" in case.nulls else n  # a blank cell stands for nothing
            v[f"requests.{key}.{col}"] = n
            processed += n
        v[f"requests.total_processed.{col}"] = processed
        forward = rng.randint(0, 3) if heavy and f"requests.carried_forward.{col}" not in case.nulls else 0
        over = min(rng.randint(0, 3) if heavy else 0, processed + forward)
        over = 0 if f"requests.carried_over.{col}" in case.nulls else over
        v[f"requests.carried_forward.{col}"] = forward
        v[f"requests.carried_over.{col}"] = over
        v[f"requests.new_received.{col}"] = processed + forward - over
    for key in ["new_received", "carried_over", *[r[0] for r in rows], "carried_forward"]:
        v[f"requests.{key}.total"] = sum(v[f"requests.{key}.{c}"] for c in APPLICANTS)

    for group in APPEAL_GROUPS:
        parts = [0 if f"appeals.{group}.{col}" in case.nulls else rng.choice([0, 0, 0, 1, 2, 4])
                 for col in APPEAL_OUTCOMES[:4]]
        for col, n in zip(APPEAL_OUTCOMES, [*parts, sum(parts)], strict=True):
            v[f"appeals.{group}.{col}"] = n

    for fid, delta in case.errors.items():
        v[fid] += delta
    wanted = (contract_fields("proactive", case.template["proactive"]) + contract_fields("requests", case.template["requests"])
              + contract_fields("appeals", case.template["appeals"]))
    assert set(wanted) == set(v), sorted(set(wanted) ^ set(v))
    return {fid: v[fid] for fid in wanted}


def truth_values(case: Case, values: dict) -> dict:
    return {fid: (None if fid in case.nulls else val) for fid, val in values.items()}


# ---------------------------------------------------------------- printing numbers and labels


def printed(case: Case, fid: str, values: dict) -> str:
    """The cell text for one field, as this case prints it."""
    if fid in case.nulls:
        return case.nulls[fid]
    value = values[fid]
    if fid == "proactive.procurement.amount_yuan" and case.procurement_unit:
        wan = value / 10000
        text = f"{wan:,.1f}" if case.thousands else f"{wan:.1f}"
        text = text + "万元" if case.procurement_unit == "cell" else text
    elif isinstance(value, float):
        text = f"{value:.2f}"
    elif case.thousands and abs(value) >= 1000:
        text = f"{value:,}"
    else:
        text = str(value)
    return text.translate(FULLWIDTH) if case.fullwidth else text


def label(case: Case, text: str) -> str:
    text = case.typos.get(text, text)
    if case.spaced and len(text) <= 8 and not text[0].isdigit():
        head, rest = (text[:3], text[3:]) if text.startswith("（") else ("", text)
        text = head + " ".join(rest)
    return text


def item_label(case: Case, number: int, text: str) -> str:
    mark = {"1.": f"{number}.", "1、": f"{number}、", "（1）": f"（{number}）"}[case.numbering]
    return mark + label(case, text)


def cell_html(case: Case, text: str, long: bool = False) -> str:
    """Escape a label; break long ones in the middle when the case wants line breaks."""
    if case.breaks and long and len(text) > 10:
        mid = len(text) // 2
        return html.escape(text[:mid]) + "<br>" + html.escape(text[mid:])
    return html.escape(text)


def vertical_html(case: Case, text: str) -> str:
    if case.writing_mode:
        return f'<span class="vrl">{html.escape(text)}</span>'
    return "<br>".join(html.escape(ch) for ch in text)


# ---------------------------------------------------------------- tables as HTML


WORD_HTML = False  # set per case by report_html: Word's markup inside every cell


def td(text_html: str, rowspan: int = 1, colspan: int = 1, cls: str = "") -> str:
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    attrs += f' class="{cls}"' if cls else ""
    if WORD_HTML:
        attrs += ' valign="middle" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"'
        text_html = ('<p class="MsoNormal" align="center" style="text-align:center"><span lang="EN-US" '
                     f'style="font-size:10.5pt;font-family:仿宋_GB2312">{text_html or "&nbsp;"}<o:p></o:p></span></p>')
    return f"<td{attrs}>{text_html}</td>"


def proactive_html(case: Case, values: dict) -> str:
    p = lambda fid: html.escape(printed(case, fid, values))  # noqa: E731
    rows = []
    if case.template["proactive"] == "2021":
        head1 = ["本年制发件数", "本年废止件数", "现行有效件数"]
        rows.append(td("第二十条第（一）项", colspan=4, cls="sec"))
        rows.append(td("信息内容") + "".join(td(h) for h in head1))
        for key, name in (("rules", "规章"), ("normative_documents", "行政规范性文件")):
            rows.append(td(name) + "".join(td(p(f"proactive.{key}.{c}")) for c in ("issued", "repealed", "in_force")))
        for sec, items in (("（五）", [("licensing", "行政许可")]),
                           ("（六）", [("penalty", "行政处罚"), ("coercion", "行政强制")])):
            rows.append(td(f"第二十条第{sec}项", colspan=4, cls="sec"))
            rows.append(td("信息内容") + td("本年处理决定数量", colspan=3))
            for key, name in items:
                rows.append(td(name) + td(p(f"proactive.{key}.decisions"), colspan=3))
        rows.append(td("第二十条第（八）项", colspan=4, cls="sec"))
        rows.append(td("信息内容") + td("本年收费金额（单位：万元）", colspan=3))
        rows.append(td("行政事业性收费") + td(p("proactive.fees.amount_10k_yuan"), colspan=3))
    else:
        rows.append(td("第二十条第（一）项", colspan=4, cls="sec"))
        rows.append(td("信息内容") + "".join(td(h) for h in ("本年新制作数量", "本年新公开数量", "对外公开总数量")))
        for key, name in (("rules", "规章"), ("normative_documents", "规范性文件")):
            rows.append(td(name) + "".join(td(p(f"proactive.{key}.{c}"))
                                           for c in ("new_made", "new_published", "total_published")))
        for sec, items in (("（五）", [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")]),
                           ("（六）", [("penalty", "行政处罚"), ("coercion", "行政强制")])):
            rows.append(td(f"第二十条第{sec}项", colspan=4, cls="sec"))
            rows.append(td("信息内容") + "".join(td(h) for h in ("上一年项目数量", "本年增/减", "处理决定数量")))
            for key, name in items:
                rows.append(td(name) + "".join(td(p(f"proactive.{key}.{c}"))
                                               for c in ("items_prev_year", "items_change", "decisions")))
        rows.append(td("第二十条第（八）项", colspan=4, cls="sec"))
        rows.append(td("信息内容") + td("上一年项目数量") + td("本年增/减", colspan=2))
        rows.append(td("行政事业性收费") + td(p("proactive.fees.items_prev_year"))
                    + td(p("proactive.fees.items_change"), colspan=2))
        rows.append(td("第二十条第（九）项", colspan=4, cls="sec"))
        amount_head = "采购总金额（万元）" if case.procurement_unit == "header" else "采购总金额"
        rows.append(td("信息内容") + td("采购项目数量") + td(amount_head, colspan=2))
        rows.append(td("政府集中采购") + td(p("proactive.procurement.projects"))
                    + td(p("proactive.procurement.amount_yuan"), colspan=2))
    return table_html(case, "proactive", [], rows)


def requests_header_rows(case: Case) -> list[str]:
    return [
        td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3)
        + td("申请人情况", colspan=7),
        td(label(case, "自然人"), rowspan=2) + td("法人或其他组织", colspan=5) + td(label(case, "总计"), rowspan=2),
        "".join(td(h) for h in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")),
    ]


def requests_body_rows(case: Case, values: dict) -> list[str]:
    """Body rows; the results block carries the tall merged 三、本年度办理结果 cell."""
    variant = case.template["requests"]
    results = request_rows(variant)
    group_sizes: dict = {}
    for _, group, _, _ in results:
        if group:
            group_sizes[group] = group_sizes.get(group, 0) + 1

    def numbers(key: str) -> str:
        return "".join(td(html.escape(printed(case, f"requests.{key}.{c}", values)), cls="num")
                       for c in [*APPLICANTS, "total"])

    rows = []
    for key, text in (("new_received", "一、本年新收政府信息公开申请数量"),
                      ("carried_over", "二、上年结转政府信息公开申请数量")):
        rows.append(td(cell_html(case, label(case, text), long=True), colspan=3) + numbers(key))
    seen_groups: set = set()
    for i, (key, group, text, number) in enumerate(results):
        cells = ""
        if i == 0:
            big = vertical_html(case, "三、本年度办理结果") if case.vertical else "三、本年度办理结果"
            cells += td(big, rowspan=len(results), cls="vert" if case.vertical else "")
        if group is None:
            cells += td(cell_html(case, label(case, text), long=True), colspan=2)
        else:
            if group not in seen_groups:
                seen_groups.add(group)
                g = vertical_html(case, label(case, group)) if case.vertical else html.escape(label(case, group))
                cells += td(g, rowspan=group_sizes[group], cls="vert" if case.vertical else "")
            cells += td(cell_html(case, item_label(case, number, text), long=True))
        rows.append(cells + numbers(key))
    rows.append(td(cell_html(case, label(case, "四、结转下年度继续办理"), long=True), colspan=3)
                + numbers("carried_forward"))
    return rows


def requests_html(case: Case, values: dict) -> str:
    header, body = requests_header_rows(case), requests_body_rows(case, values)
    if case.split == "bare":
        # Cut before （四）无法提供: the second half is a table of its own, without header rows;
        # the tall merged cells end at the cut, as when a Word table is split by hand.
        cut = 2 + 10
        first = body[:cut]
        first[2] = first[2].replace(f'rowspan="{len(request_rows(case.template["requests"]))}"', f'rowspan="{cut - 2}"')
        second = [_restart_results_block(case, values)] + body[cut + 1:]
        return (table_html(case, "requests", header, first) + '<div class="pagebreak"></div>'
                + table_html(case, "requests", [], second))
    return table_html(case, "requests", header, body, repeat=case.split == "repeat")


def _restart_results_block(case: Case, values: dict) -> str:
    """The first row after a hand-made cut: 三、本年度办理结果 and （四）无法提供 open again."""
    results = request_rows(case.template["requests"])
    remaining = len(results) - 10
    key, group, text, number = results[10]
    big = vertical_html(case, "三、本年度办理结果") if case.vertical else "三、本年度办理结果"
    cells = td(big, rowspan=remaining) + td(html.escape(label(case, group)), rowspan=3)
    cells += td(cell_html(case, item_label(case, number, text), long=True))
    return cells + "".join(td(html.escape(printed(case, f"requests.{key}.{c}", values)), cls="num")
                           for c in [*APPLICANTS, "total"])


def appeals_html(case: Case, values: dict) -> str:
    p = lambda fid: html.escape(printed(case, fid, values))  # noqa: E731
    heads = "".join(td(label(case, APPEAL_LABELS[c])) for c in APPEAL_OUTCOMES)
    if case.appeals == "rows":
        rows = [td("类别") + td("项目") + td("数量")]
        for group in APPEAL_GROUPS:
            for j, col in enumerate(APPEAL_OUTCOMES):
                first = td(html.escape(APPEAL_GROUP_LABELS[group]), rowspan=5) if j == 0 else ""
                rows.append(first + td(label(case, APPEAL_LABELS[col])) + td(p(f"appeals.{group}.{col}")))
        return table_html(case, "appeals", [], rows)
    if case.appeals == "two-tables":
        rec = table_html(case, "appeals", [td("行政复议", colspan=5), heads],
                         ["".join(td(p(f"appeals.reconsideration.{c}")) for c in APPEAL_OUTCOMES)])
        lit = table_html(case, "appeals",
                         [td("行政诉讼", colspan=10), td("未经复议直接起诉", colspan=5) + td("复议后起诉", colspan=5),
                          heads + heads],
                         ["".join(td(p(f"appeals.{g}.{c}")) for g in APPEAL_GROUPS[1:] for c in APPEAL_OUTCOMES)])
        return rec + "<p></p>" + lit
    header = [td("行政复议", colspan=5) + td("行政诉讼", colspan=10),
              "".join(td(label(case, APPEAL_LABELS[c]), rowspan=2) for c in APPEAL_OUTCOMES)
              + td("未经复议直接起诉", colspan=5) + td("复议后起诉", colspan=5),
              heads + heads]
    body = ["".join(td(p(f"appeals.{g}.{c}")) for g in APPEAL_GROUPS for c in APPEAL_OUTCOMES)]
    return table_html(case, "appeals", header, body)


def table_html(case: Case, table: str, header: list[str], body: list[str], repeat: bool = False) -> str:
    head = "".join(f"<tr>{r}</tr>" for r in header)
    rows = "".join(f"<tr>{r}</tr>" for r in body)
    if repeat:
        return f'<table class="t {table}"><thead>{head}</thead><tbody>{rows}</tbody></table>'
    return f'<table class="t {table}"><tbody>{head}{rows}</tbody></table>'


# ---------------------------------------------------------------- the whole report


OFFICIAL_HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                     "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
VARIANT_HEADINGS = ["一、总体情况概述", "二、主动公开政府信息", "三、收到和处理政府信息公开申请",
                    "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
                    "五、政府信息公开工作存在的主要问题及改进情况", "六、其他需要报告的事项"]
CAPTIONS = ["主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况"]

BORDER_CSS = {
    "full": "table.t td{border:1px solid #000}",
    "none": "table.t td{border:none}",
    "horizontal": "table.t{border-top:2px solid #000;border-bottom:2px solid #000} table.t td{border-bottom:0.5px solid #000}",
    "outer": "table.t{border:3px solid #000} table.t td{border:none}",
}


def cn_date(iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))

    def small(n: int) -> str:
        tens, ones = divmod(n, 10)
        return (("" if tens == 1 else CN_DIGITS[tens]) + "十" if tens else "") + (CN_DIGITS[ones] if ones else "")

    return "".join(CN_DIGITS[int(c)] for c in str(y)) + f"年{small(m)}月{small(d)}日"


def report_html(case: Case, values: dict, charset: str = "utf-8") -> str:
    global WORD_HTML
    WORD_HTML = case.word_html
    v = values
    year = case.year
    received = v["requests.new_received.total"]
    processed = v["requests.total_processed.total"]
    rec_total = v["appeals.reconsideration.total"]
    lit_total = v["appeals.litigation_direct.total"] + v["appeals.litigation_after_reconsideration.total"]
    title_text = {"agency-first": [f"{case.agency}{year}年政府信息公开工作年度报告"],
                  "year-first": [f"{year}年度{case.agency}政府信息公开工作年度报告"],
                  "two-lines": [case.agency, f"{year}年政府信息公开工作年度报告"]}[case.title]
    title = "".join(f"<h1>{html.escape(t)}</h1>" for t in title_text)
    chrome_top = chrome_bottom = ""
    y, m, d = case.published.split("-") if case.published else ("", "", "")
    page_date = f"发布时间：{y}年{m}月{d}日 09:30" if case.page_date_cn else f"发布日期：{case.published}"
    if case.page_date:
        chrome_top = ('<div class="nav">首页 &gt; 政务公开 &gt; 政府信息公开年度报告</div>'
                      f'<div class="info">{page_date}　来源：{html.escape(case.agency)}　浏览次数：'
                      f'{case.seed * 7}</div>')
        chrome_bottom = ('<div class="foot">主办单位：' + html.escape(case.agency)
                         + '　网站标识码：4500000001　备案号：ICP备05001234号</div>')
    notes = (f'<p class="note">注：本表数据统计时限为{year}年1月1日至{year}年12月31日；表中“/”表示不适用。</p>'
             if case.notes else "")
    pad = "".join(f"<p>{html.escape(s)}</p>" for s in (
        f"（一）主动公开。{year}年，本机关围绕中心工作，通过门户网站、政务新媒体等渠道主动公开政府信息，"
        "重点做好政策文件、财政预决算、重大建设项目等领域信息公开。",
        "（二）依申请公开。严格按照法定程序和时限办理政府信息公开申请，做到依法答复、规范答复。",
        "（三）政府信息管理。严格落实公开前保密审查机制，动态更新政府信息公开目录。",
        "（四）平台建设。持续优化政府网站信息公开专栏，提升栏目内容的规范性和时效性。",
        "（五）监督保障。将政务公开工作纳入年度绩效考核，开展业务培训。"))
    sign_date = {"arabic": f"{int(case.published[:4])}年{int(case.published[5:7])}月{int(case.published[8:])}日",
                 "chinese": cn_date(case.published), "none": ""}[case.date]
    signature = f'<p class="sign">{html.escape(case.agency)}</p><p class="sign">{sign_date}</p>' if sign_date else ""
    # A page break, then a block of prose, so the requests table starts low on a page and runs over.
    breaker = ('<div class="pagebreak"></div><div style="height:13cm">' + pad + "</div>") if case.split == "repeat" else ""
    h = dict(zip(OFFICIAL_HEADINGS, VARIANT_HEADINGS if case.headings == "variant" else OFFICIAL_HEADINGS,
                 strict=True))
    tables = [proactive_html(case, values) + notes + breaker, requests_html(case, values) + notes,
              appeals_html(case, values)]
    if case.captions or case.tables_at_end:
        tables = [f'<p class="cap">{"附表" if case.tables_at_end else "表"}{i + 1}　{html.escape(name)}</p>{t}'
                  for i, (name, t) in enumerate(zip(CAPTIONS, tables, strict=True))]
    at_end = ""
    if case.tables_at_end:
        at_end = "<p>附表：</p>" + "".join(tables)
        tables = [f"<p>本年度{name}详见附表{i + 1}。</p>" for i, name in enumerate(CAPTIONS)]
    body = f"""
{chrome_top}
{title}
<p>本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室有关要求编制。
报告全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。
本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。</p>
<h2>{h["一、总体情况"]}</h2>
{pad}
<p>全年共收到政府信息公开申请{received}件，办结{processed}件；发生政府信息公开行政复议{rec_total}件，行政诉讼{lit_total}件。</p>
<h2>{h["二、主动公开政府信息情况"]}</h2>
{tables[0]}
<h2>{h["三、收到和处理政府信息公开申请情况"]}</h2>
{tables[1]}
<h2>{h["四、政府信息公开行政复议、行政诉讼情况"]}</h2>
{tables[2]}
<h2>{h["五、存在的主要问题及改进情况"]}</h2>
<p>一是公开内容的深度和广度有待拓展；二是政策解读形式较为单一。下一步，我们将加强队伍建设，提升公开质量。</p>
<h2>{h["六、其他需要报告的事项"]}</h2>
<p>本年度未收取信息处理费。如对本报告有疑问，请与本机关办公室联系。</p>
{at_end}
{signature}
{chrome_bottom}
"""
    css = f"""
body{{font-family:"Noto Sans CJK SC",sans-serif;font-size:11pt;line-height:1.6}}
h1{{font-size:16pt;text-align:center;margin:4px 0;font-weight:normal}} h2{{font-size:12pt;font-weight:normal}}
table.t{{border-collapse:collapse;width:100%;font-size:9pt;margin:6px 0}}
table.t td{{padding:2px 3px;text-align:center;vertical-align:middle}}
{BORDER_CSS[case.border]}
td.num{{white-space:nowrap}} td.vert{{width:1.6em}} .vrl{{writing-mode:vertical-rl}}
.sign{{text-align:right}} .note{{font-size:9pt}} .nav,.info,.foot{{font-size:9pt;color:#555}}
.pagebreak{{break-after:page}}
table.appeals td{{width:6.6%}}
"""
    if case.wrapper:
        body = f'<table width="100%" class="layout"><tr><td class="article">{body}</td></tr></table>'
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="{charset}">'
            f"<title>{html.escape(''.join(title_text))}</title><style>{css}</style></head><body>{body}</body></html>\n")


# ---------------------------------------------------------------- tab-separated text (copied from a browser)


def report_tabs(case: Case, values: dict) -> str:
    """A text dump with tab-separated table rows, the appeals values row wrapped when asked."""
    p = lambda fid: printed(case, fid, values)  # noqa: E731
    lines = [case.agency, f"{case.year}年政府信息公开工作年度报告", "",
             f"本报告所列数据的统计期限自{case.year}年1月1日起至{case.year}年12月31日止。",
             "一、总体情况", f"全年共收到政府信息公开申请{values['requests.new_received.total']}件。",
             "二、主动公开政府信息情况",
             "第二十条第（一）项", "信息内容\t本年制发件数\t本年废止件数\t现行有效件数"]
    for key, name in (("rules", "规章"), ("normative_documents", "行政规范性文件")):
        lines.append("\t".join([name] + [p(f"proactive.{key}.{c}") for c in ("issued", "repealed", "in_force")]))
    for sec, items in (("（五）", [("licensing", "行政许可")]), ("（六）", [("penalty", "行政处罚"), ("coercion", "行政强制")])):
        lines += [f"第二十条第{sec}项", "信息内容\t本年处理决定数量"]
        lines += [f"{name}\t{p(f'proactive.{key}.decisions')}" for key, name in items]
    lines += ["第二十条第（八）项", "信息内容\t本年收费金额（单位：万元）", f"行政事业性收费\t{p('proactive.fees.amount_10k_yuan')}",
              "三、收到和处理政府信息公开申请情况",
              "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况",
              "\t自然人\t法人或其他组织\t\t\t\t\t总计",
              "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他"]

    def nums(key):
        return "\t".join(p(f"requests.{key}.{c}") for c in [*APPLICANTS, "total"])

    lines.append(f"一、本年新收政府信息公开申请数量\t{nums('new_received')}")
    lines.append(f"二、上年结转政府信息公开申请数量\t{nums('carried_over')}")
    seen: set = set()
    for i, (key, group, text, number) in enumerate(request_rows(case.template["requests"])):
        prefix = "三、本年度办理结果\t" if i == 0 else "\t"
        if group and group not in seen:
            seen.add(group)
            prefix += label(case, group) + "\t"
        elif group:
            prefix += "\t"
        lab = item_label(case, number, text) if number else label(case, text)
        lines.append(f"{prefix}{lab}\t{nums(key)}")
    lines.append(f"四、结转下年度继续办理\t{nums('carried_forward')}")
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议\t\t\t\t\t行政诉讼",
              "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉",
              "\t\t\t\t\t" + "\t".join(label(case, APPEAL_LABELS[c]) for c in APPEAL_OUTCOMES * 2)]
    numbers = [p(f"appeals.{g}.{c}") for g in APPEAL_GROUPS for c in APPEAL_OUTCOMES]
    if case.appeals_wrap:
        lines += ["\t".join(numbers[:8]), "\t".join(numbers[8:])]
    else:
        lines.append("\t".join(numbers))
    lines += ["五、存在的主要问题及改进情况", "公开内容的深度和广度有待拓展。",
              "六、其他需要报告的事项", "本年度未收取信息处理费。", "", case.agency,
              f"{int(case.published[:4])}年{int(case.published[5:7])}月{int(case.published[8:])}日", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------- rendering


FOOTER = ('<div style="font-size:10pt;width:100%;text-align:center;font-family:Noto Sans CJK SC">'
          '— <span class="pageNumber"></span> —</div>')


def print_pdf(page, html_text: str, out: Path, footers: bool, header: str = "") -> None:
    header_html = (f'<div style="font-size:9pt;width:100%;text-align:center;font-family:Noto Sans CJK SC">'
                   f"{html.escape(header)}</div>") if header else "<span></span>"
    kit.print_pdf(page, html_text, out, display_header_footer=footers or bool(header),
                 header_template=header_html, footer_template=FOOTER if footers else "<span></span>",
                 margin={"top": "2.2cm", "bottom": "2.2cm", "left": "2.4cm", "right": "2.4cm"})


def to_docx(html_text: str, out: Path, tmp: Path) -> None:
    src = tmp / f"{out.stem}.html"
    src.write_text(html_text, encoding="utf-8")
    kit.libreoffice(src, "docx:MS Word 2007 XML", tmp, tmp).replace(out)


def build(case: Case, page, tmp: Path) -> Path:
    values = make_values(case)
    stem = f"stress-{case.name}"
    out = OUT / f"{stem}.{case.fmt}"
    if case.fmt == "pdf":
        header = f"{case.agency}{case.year}年政府信息公开工作年度报告" if case.running_header else ""
        print_pdf(page, report_html(case, values), out, case.footers, header)
    elif case.fmt == "html":
        charset = "gb2312" if case.encoding == "gbk" else "utf-8"
        out.write_bytes(report_html(case, values, charset).encode(case.encoding))
    elif case.fmt == "docx":
        to_docx(report_html(case, values), out, tmp)
    elif case.fmt == "txt" and case.txt_via == "tabs":
        out.write_bytes(report_tabs(case, values).encode(case.encoding))
    elif case.fmt == "txt":
        pdf = tmp / f"{stem}.pdf"
        print_pdf(page, report_html(case, values), pdf, case.footers)
        text = kit.pdftotext(pdf, "-layout")
        out.write_bytes(text.encode(case.encoding))
    kit.write_truth(stem, kit.truth_record(out, case.fmt, agency=case.agency, year=case.year, region=case.region,
                                           published=case.published, template=case.template, note=case.note,
                                           values=truth_values(case, values)))
    return out


def main(names: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    kit.build_cases(CASES, build, names, "stress-", page=True)


if __name__ == "__main__":
    main(sys.argv[1:])
