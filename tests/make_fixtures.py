"""Generate test reports whose true numbers we know, and their truth files.

    .venv/bin/python tests/make_fixtures.py

Every report starts from the official blank 2021 template
(/work/shared/reports/template-2021-blank.docx, copied to
tests/fixtures/generated/template-2021-blank.docx), filled with seeded random counts that
obey the template's arithmetic (unless a report breaks it on purpose), wrapped in
prose that states some of those counts. The filled document is then written as

- DOCX (as filled),
- PDF (LibreOffice converts the DOCX; needs `libreoffice` on PATH),
- HTML (a government-site page: chrome, <table> with rowspan/colspan taken from
  the DOCX merges, &nbsp; blanks, <br> in labels; UTF-8 or GB2312-declared GBK),
- TXT (tab-separated table rows as copied from a browser; GBK without a declaration).

Truth goes to tests/truth/gen-<name>.json in the shape of the contract's parse
output: agency, year, region, published, template (per table) and every field id
of the variants used, with the value as printed (null for blank, "/", "—", "无").
The outputs are committed; rerunning with the same code (and the same LibreOffice)
gives byte-identical files: dates, zip timestamps and PDF ids are fixed.
"""

from __future__ import annotations

import codecs
import copy
import html
import io
import random
import re
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.corpus import kit  # noqa: E402
from tests.corpus.kit import APPEAL_GROUPS, APPLICANTS  # noqa: E402
from tests.corpus.kit import APPEAL_OUTCOMES as APPEAL_COLS  # noqa: E402

TEMPLATE_SOURCE = Path("/work/shared/reports/template-2021-blank.docx")
TEMPLATE = ROOT / "tests/fixtures/generated/template-2021-blank.docx"  # a committed copy
OUT = ROOT / "tests/fixtures/generated"

RESULT_ROWS_COMMON = [
    "granted", "partially_granted",
    "withheld_state_secret", "withheld_prohibited_by_law", "withheld_security_stability",
    "withheld_third_party_rights", "withheld_internal_affairs", "withheld_process_information",
    "withheld_enforcement_files", "withheld_administrative_query",
    "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear_request",
    "rejected_petition_complaint", "rejected_duplicate", "rejected_publication", "rejected_excessive",
    "rejected_confirmation",
]
OTHER_ROWS = {"2019": ["other"], "2021": ["other_no_correction", "other_fee_unpaid", "other_misc"]}
# How often each result occurs, roughly as in real reports.
RESULT_WEIGHTS = {
    "granted": 40, "partially_granted": 8, "withheld_state_secret": 0.3, "withheld_prohibited_by_law": 0.5,
    "withheld_security_stability": 0.5, "withheld_third_party_rights": 1.5, "withheld_internal_affairs": 1,
    "withheld_process_information": 2, "withheld_enforcement_files": 0.5, "withheld_administrative_query": 1,
    "unavailable_not_held": 20, "unavailable_needs_creation": 4, "unavailable_unclear_request": 3,
    "rejected_petition_complaint": 5, "rejected_duplicate": 4, "rejected_publication": 0.5,
    "rejected_excessive": 1, "rejected_confirmation": 1, "other": 5, "other_no_correction": 3,
    "other_fee_unpaid": 0.3, "other_misc": 3,
}
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
CN_DIGITS = "〇一二三四五六七八九"


@dataclass
class Spec:
    """One generated report: who, when, which template per table, and how it is printed."""

    name: str                       # file stem, e.g. gen-xuanwu-jiaoyuju-2023
    fmt: str                        # docx | pdf | html | html-gbk | html-layout | html-th | html-lo | txt-gbk | txt-bom-crlf
    agency: str
    region: dict
    year: int
    published: str | None           # ISO date of the signature line
    template: dict                  # table → "2019" | "2021"
    seed: int
    scale: str = "medium"           # zero | small | medium | large
    chinese_date: bool = False      # 二〇二四年一月十八日
    title_lines: int = 1            # 2: agency on its own line
    nulls: dict = field(default_factory=dict)       # field → printed blank ("", "/", "—", "无")
    printed: dict = field(default_factory=dict)     # field → how its (true) number is printed
    errors: dict = field(default_factory=dict)      # field → delta added to the printed value (true = printed)
    labels: dict = field(default_factory=dict)      # (table, row, col) → label text as printed
    procurement_unit: str = ""      # "" (yuan, unit unstated) | "元" | "万元": printed in the header
    niandu: bool = False            # title says "2023年度政府信息公开工作年度报告"
    headings: dict = field(default_factory=dict)    # template heading → heading as printed
    repeat_header: bool = False     # the requests table's header rows repeat on each page
    contact: str = ""               # a line for part six (e.g. a name outside GB2312)
    split_requests_at: int = 0      # >0: the requests table is cut in two before this row
    rowspan: bool = True            # HTML: False writes blank cells instead of rowspan
    unmerge_proactive: bool = False  # proactive rows as three plain cells (value first, blanks after)
    borders: str = "all"            # all | horizontal (no vertical rules) | none
    title_style: str = "agency_first"  # agency_first | year_first | year_after: 报告（2022年度）
    date_fullwidth: bool = False    # signature date in full-width digits
    date_first: bool = False        # the date line above the agency line
    note: str = ""                  # what this report exercises


def _row_nulls(row: str, printed: str, cols=(*APPLICANTS, "total")) -> dict:
    return {f"requests.{row}.{c}": printed for c in cols}


SPECS = [
    Spec("gen-xuanwu-jiaoyuju-2023", "docx", "南京市玄武区教育局",
         {"province": "江苏省", "city": "南京市", "county": "玄武区", "township": None},
         2023, "2024-01-18", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 11,
         note="clean 2021 report, every cell printed"),
    Spec("gen-xihu-shichangjianguanju-2023", "docx", "杭州市西湖区市场监督管理局",
         {"province": "浙江省", "city": "杭州市", "county": "西湖区", "township": None},
         2023, "2024-01-22", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 12,
         nulls={**_row_nulls("carried_over", ""), "proactive.rules.issued": "/", "proactive.rules.repealed": "/",
                "proactive.rules.in_force": "/", "requests.withheld_state_secret.research": "/",
                "requests.withheld_state_secret.nonprofit": "/", "requests.rejected_publication.total": "—",
                "appeals.litigation_after_reconsideration.upheld": "无",
                "appeals.litigation_after_reconsideration.corrected": "无",
                "appeals.litigation_after_reconsideration.other": "无",
                "appeals.litigation_after_reconsideration.pending": "无",
                "appeals.litigation_after_reconsideration.total": "无",
                "proactive.fees.amount_10k_yuan": ""},
         note="blank carried_over row, '/', '—', '无' cells → null"),
    Spec("gen-wuhou-cuqiaojiedao-2022", "docx", "成都市武侯区簇桥街道办事处",
         {"province": "四川省", "city": "成都市", "county": "武侯区", "township": "簇桥街道"},
         2022, "2023-01-12", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 13, scale="small",
         title_lines=2,
         labels={("requests", 8, 2): "2.其他法律行政止公开", ("requests", 7, 2): "1、属于国家秘密",
                 ("requests", 15, 2): "1、本机关不掌握\n相关政府信息", ("requests", 5, 1): "（一） 予 以 公 开",
                 ("requests", 3, 0): "一、本年新收政府信息公开\n申请数量", ("appeals", 2, 0): "结 果\n维 持",
                 ("requests", 26, 1): "(七)总 计", ("proactive", 3, 0): "规范性文件"},
         printed={"requests.new_received.natural_person": "fullwidth", "requests.granted.natural_person": "fullwidth"},
         note="label typos, spaces, line breaks, '1、', half-width brackets, full-width digits"),
    Spec("gen-jianghan-renminzhengfu-2023", "docx", "武汉市江汉区人民政府",
         {"province": "湖北省", "city": "武汉市", "county": "江汉区", "township": None},
         2023, "2024-01-26", {"proactive": "2021", "requests": "2019", "appeals": "2021"}, 14, scale="large",
         printed={"requests.new_received.natural_person": "thousands", "requests.new_received.total": "thousands",
                  "requests.total_processed.natural_person": "thousands",
                  "requests.total_processed.total": "thousands"},
         note="2021 report printing the 2019 single-row （六）其他处理; thousands separators"),
    Spec("gen-tianhe-weishengjiankangju-2020", "docx", "广州市天河区卫生健康局",
         {"province": "广东省", "city": "广州市", "county": "天河区", "township": None},
         2020, "2021-01-20", {"proactive": "2019", "requests": "2019", "appeals": "2019"}, 15,
         printed={f"proactive.{row}.items_change": "signed" for row in ("licensing", "other_services", "penalty",
                                                                          "coercion", "fees")},
         note="2019 template throughout (year 2020), 本年增/减 printed -3 / +2"),
    Spec("gen-shinan-sifaju-2023", "docx", "青岛市市南区司法局",
         {"province": "山东省", "city": "青岛市", "county": "市南区", "township": None},
         2023, "2024-01-15", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 16, scale="small",
         errors={"requests.new_received.total": 1, "requests.total_processed.natural_person": -1,
                 "appeals.reconsideration.total": 1},
         note="arithmetic errors on purpose: values as printed"),
    Spec("gen-yanta-xiaozhailujiedao-2022", "docx", "西安市雁塔区小寨路街道办事处",
         {"province": "陕西省", "city": "西安市", "county": "雁塔区", "township": "小寨路街道"},
         2022, "2023-01-16", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 17, scale="zero",
         chinese_date=True, note="all zeros, date in Chinese numerals"),
    # PDFs: LibreOffice renders the filled DOCX.
    Spec("gen-yuelu-ziranziyuanju-2023", "pdf", "长沙市岳麓区自然资源局",
         {"province": "湖南省", "city": "长沙市", "county": "岳麓区", "township": None},
         2023, "2024-01-19", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 21,
         nulls={"requests.rejected_excessive.research": "", "requests.rejected_excessive.nonprofit": "",
                "proactive.rules.issued": "/", "proactive.rules.repealed": "/", "proactive.rules.in_force": "/"},
         note="PDF, a few blank cells"),
    Spec("gen-jinshui-renminzhengfu-2021", "pdf", "郑州市金水区人民政府",
         {"province": "河南省", "city": "郑州市", "county": "金水区", "township": None},
         2021, "2022-01-25", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 22, scale="large",
         title_lines=2,
         labels={("requests", 16, 2): "2.没有现成信息需要\n另行制作", ("requests", 6, 1): "（二）部分公开\n（区分处理的，只计这一情形，不计其他情形）"},
         note="PDF, first 2021-template year, wrapped labels"),
    Spec("gen-shushan-jiaoyutiyuju-2019", "pdf", "合肥市蜀山区教育体育局",
         {"province": "安徽省", "city": "合肥市", "county": "蜀山区", "township": None},
         2019, "2020-01-21", {"proactive": "2019", "requests": "2019", "appeals": "2019"}, 23,
         note="PDF, 2019 template (year 2019)"),
    Spec("gen-wuhua-zhujianju-2022", "pdf", "昆明市五华区住房和城乡建设局",
         {"province": "云南省", "city": "昆明市", "county": "五华区", "township": None},
         2022, "2023-01-28", {"proactive": "2021", "requests": "2019", "appeals": "2021"}, 24,
         errors={"requests.carried_forward.total": 2},
         note="PDF, single-row （六）其他处理 in a 2022 report, one wrong total"),
    # HTML as sites publish it.
    Spec("gen-changan-fagaiju-2023", "html", "石家庄市长安区发展和改革局",
         {"province": "河北省", "city": "石家庄市", "county": "长安区", "township": None},
         2023, "2024-01-23", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 31,
         nulls={**_row_nulls("rejected_publication", ""), "proactive.fees.amount_10k_yuan": ""},
         labels={("requests", 9, 2): "3.危及“三安全\n一稳定”", ("requests", 1, 9): "合计"},
         note="UTF-8 page with site chrome, rowspan/colspan, &nbsp; blanks, <br> in labels, 合计 column"),
    Spec("gen-donghu-renminzhengfu-2020", "html-gbk", "南昌市东湖区人民政府",
         {"province": "江西省", "city": "南昌市", "county": "东湖区", "township": None},
         2020, "2021-01-27", {"proactive": "2019", "requests": "2019", "appeals": "2019"}, 32,
         procurement_unit="万元", contact="联系人：李堃，联系电话：0791-86000000。",
         note="GBK bytes declared gb2312, 2019 template, procurement in 万元 (→ yuan)"),
    Spec("gen-qingxiu-xinzhujiedao-2024", "html-layout", "南宁市青秀区新竹街道办事处",
         {"province": "广西壮族自治区", "city": "南宁市", "county": "青秀区", "township": "新竹街道"},
         2024, "2025-01-17", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 33, scale="small",
         note="page framed by a layout table (tables nested in a table), Word-style <p><span> cells"),
    Spec("gen-wuhou-minzhengju-2023", "docx", "武侯区民政局",
         {"province": "四川省", "city": "成都市", "county": "武侯区", "township": None},
         2023, "2024-01-30", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 51, niandu=True,
         headings={"一、总体情况": "一、 总体情况", "四、政府信息公开行政复议、行政诉讼情况": "四、政府信息公开行政复议、行政诉讼情况："},
         printed={"proactive.fees.amount_10k_yuan": "2dp"},
         note="agency without its city, 2023年度 title, headings with stray space/colon, fee as 0.00"),
    Spec("gen-gulou-chengguanju-2021", "pdf", "南京市鼓楼区城市管理局",
         {"province": "江苏省", "city": "南京市", "county": "鼓楼区", "township": None},
         2021, "2022-01-24", {"proactive": "2019", "requests": "2021", "appeals": "2021"}, 52, scale="large",
         repeat_header=True,
         note="PDF, 2019 proactive table in a 2021 report, requests header repeated on the next page"),
    Spec("gen-gusu-zhujianju-2022", "html-th", "苏州市姑苏区住房和城乡建设局",
         {"province": "江苏省", "city": "苏州市", "county": "姑苏区", "township": None},
         2022, "2023-01-31", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 53, niandu=True,
         nulls={**_row_nulls("other_fee_unpaid", "", cols=("other_org", "total")),
                "proactive.fees.amount_10k_yuan": ""},
         note="<th>/<thead> headers, &nbsp;-padded numbers in <span>, trailing blank cells left out"),
    Spec("gen-yanji-shichangjianguanju-2023", "docx", "延吉市市场监督管理局",
         {"province": "吉林省", "city": "延边朝鲜族自治州", "county": "延吉市", "township": None},
         2023, "2024-01-29", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 61,
         split_requests_at=14, unmerge_proactive=True,
         note="county-level city in an autonomous prefecture; requests table split in two tables; "
              "proactive decisions in the first of three unmerged cells"),
    Spec("gen-hangzhou-shengtaihuanjingju-2022", "html", "杭州市生态环境局",
         {"province": "浙江省", "city": "杭州市", "county": None, "township": None},
         2022, "2023-01-19", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 62, scale="large",
         rowspan=False,
         note="city-level agency; no rowspan: merged labels printed once, blank cells below"),
    Spec("gen-anji-tianhuangpingzhen-2021", "pdf", "安吉县天荒坪镇人民政府",
         {"province": "浙江省", "city": "湖州市", "county": "安吉县", "township": "天荒坪镇"},
         2021, "2022-01-14", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 63, scale="small",
         split_requests_at=20,
         note="PDF, township without its city in the name, requests table split in two"),
    Spec("gen-zhejiang-jiaotongyunshuting-2023", "docx", "浙江省交通运输厅",
         {"province": "浙江省", "city": None, "county": None, "township": None},
         2023, "2024-01-31", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 64, scale="large",
         printed={"requests.new_received.natural_person": "thousands", "requests.new_received.total": "thousands"},
         note="province-level agency: no city, no county"),
    Spec("gen-longgang-jiaotongju-2023", "pdf", "深圳市龙岗区交通运输局",
         {"province": "广东省", "city": "深圳市", "county": "龙岗区", "township": None},
         2023, "2024-01-25", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 71,
         borders="horizontal",
         note="PDF, tables ruled only horizontally (no vertical lines)"),
    Spec("gen-jiangbei-fagaiju-2022", "pdf", "重庆市江北区发展和改革委员会",
         {"province": "重庆市", "city": None, "county": "江北区", "township": None},
         2022, "2023-01-20", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 72, scale="small",
         borders="none",
         note="PDF, borderless tables; a district of a municipality (city null)"),
    Spec("gen-qinhuai-wenlvju-2023", "html-lo", "南京市秦淮区文化和旅游局",
         {"province": "江苏省", "city": "南京市", "county": "秦淮区", "township": None},
         2023, "2024-01-19", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 81,
         title_style="year_first", date_fullwidth=True,
         note="LibreOffice's HTML export of the DOCX (<font> soup), year before the agency, full-width date"),
    Spec("gen-pudong-shengtaihuanjingju-2022", "docx", "上海市浦东新区生态环境局",
         {"province": "上海市", "city": None, "county": "浦东新区", "township": None},
         2022, "2023-01-20", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 82,
         title_style="year_after", niandu=True,
         note="title ends （2022年度）; a district of a municipality"),
    Spec("gen-gulou-jiaoyuju-2021", "pdf", "福州市鼓楼区教育局",
         {"province": "福建省", "city": "福州市", "county": "鼓楼区", "township": None},
         2021, "2022-01-21", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 83,
         title_style="year_first", niandu=True,
         note="PDF, 2021年度 before the agency; 鼓楼区 exists in four cities"),
    Spec("gen-luohu-caizhengju-2020", "pdf", "深圳市罗湖区财政局",
         {"province": "广东省", "city": "深圳市", "county": "罗湖区", "township": None},
         2020, "2021-01-22", {"proactive": "2019", "requests": "2019", "appeals": "2019"}, 91,
         procurement_unit="元", printed={"proactive.procurement.amount_yuan": "thousands"}, date_first=True,
         note="PDF, 2019 template, procurement 采购总金额（元） with thousands separators, date above the agency"),
    # Plain text.
    Spec("gen-xiangzhou-shuiwuju-2022", "txt-bom-crlf", "珠海市香洲区水务局",
         {"province": "广东省", "city": "珠海市", "county": "香洲区", "township": None},
         2022, "2023-01-18", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 92,
         note="UTF-8 text with a BOM and CRLF line ends"),
    Spec("gen-nanming-shuiwuju-2021", "txt-gbk", "贵阳市南明区水务管理局",
         {"province": "贵州省", "city": "贵阳市", "county": "南明区", "township": None},
         2021, "2022-01-20", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 41, scale="small",
         nulls={"requests.other_fee_unpaid.research": "/", "requests.other_fee_unpaid.legal_services": "/"},
         note="GBK text without any declaration, tab-separated rows"),
    Spec("gen-xuanwu-jiaoyuju-2023-pdf", "pdf", "南京市玄武区教育局",
         {"province": "江苏省", "city": "南京市", "county": "玄武区", "township": None},
         2023, "2024-01-18", {"proactive": "2021", "requests": "2021", "appeals": "2021"}, 11,
         note="the clean DOCX report again, through LibreOffice"),
]


# ------------------------------------------------------------------ true values


variant_fields = kit.contract_fields


def request_rows(variant: str) -> list[str]:
    return ["new_received", "carried_over", *RESULT_ROWS_COMMON, *OTHER_ROWS[variant], "total_processed",
            "carried_forward"]


def make_values(spec: Spec) -> dict:
    """True counts satisfying the template's arithmetic (before any deliberate error)."""
    rng = random.Random(spec.seed)
    values: dict = {}
    values.update(_proactive(rng, spec))
    values.update(_requests(rng, spec))
    values.update(_appeals(rng, spec))
    return values


def _proactive(rng: random.Random, spec: Spec) -> dict:
    zero = spec.scale == "zero"

    def n(lo, hi):
        return 0 if zero else rng.randint(lo, hi)

    if spec.template["proactive"] == "2021":
        fee = 0 if zero or rng.random() < 0.4 else round(rng.uniform(0.5, 80), 2)
        return {
            "proactive.rules.issued": 0, "proactive.rules.repealed": 0, "proactive.rules.in_force": 0,
            "proactive.normative_documents.issued": n(0, 8), "proactive.normative_documents.repealed": n(0, 3),
            "proactive.normative_documents.in_force": n(4, 60),
            "proactive.licensing.decisions": n(0, 3000), "proactive.penalty.decisions": n(0, 400),
            "proactive.coercion.decisions": n(0, 30), "proactive.fees.amount_10k_yuan": fee,
        }
    out = {
        "proactive.rules.new_made": 0, "proactive.rules.new_published": 0, "proactive.rules.total_published": 0,
        "proactive.normative_documents.new_made": n(1, 8),
    }
    out["proactive.normative_documents.new_published"] = out["proactive.normative_documents.new_made"]
    out["proactive.normative_documents.total_published"] = out["proactive.normative_documents.new_made"] + n(5, 60)
    for row in ("licensing", "other_services", "penalty", "coercion"):
        out[f"proactive.{row}.items_prev_year"] = n(5, 300)
        out[f"proactive.{row}.items_change"] = 0 if zero else rng.choice([0, 0, 1, 2, -1, -3, 5])
        out[f"proactive.{row}.decisions"] = n(0, 2000)
    out["proactive.fees.items_prev_year"] = n(0, 6)
    out["proactive.fees.items_change"] = 0 if zero else rng.choice([0, 0, -1])
    out["proactive.procurement.projects"] = n(0, 25)
    if spec.procurement_unit == "万元":
        amount_10k = rng.randint(50, 9000) / 10  # printed with one decimal in 万元
        out["proactive.procurement.amount_yuan"] = round(amount_10k * 10000)
    else:
        out["proactive.procurement.amount_yuan"] = 0 if zero else rng.randint(20, 900) * 1000 + rng.randint(0, 999)
    return out


def _requests(rng: random.Random, spec: Spec) -> dict:
    variant = spec.template["requests"]
    results = [*RESULT_ROWS_COMMON, *OTHER_ROWS[variant]]
    weights = [RESULT_WEIGHTS[r] for r in results]
    top = {"zero": 0, "small": 6, "medium": 80, "large": 1300}[spec.scale]
    values = {}
    for col in APPLICANTS:
        if col == "natural_person":
            new = rng.randint(top // 2, top) if top else 0
        else:
            new = rng.choice([0, 0, 0, 1, 2, rng.randint(0, max(1, top // 12))]) if top else 0
        carried = rng.randint(0, min(4, new // 6)) if new else 0
        available = new + carried
        forward = rng.randint(0, max(0, min(available, available // 10 + (1 if available else 0))))
        processed = available - forward
        counts = dict.fromkeys(results, 0)
        for row in rng.choices(results, weights, k=processed):
            counts[row] += 1
        values[f"requests.new_received.{col}"] = new
        values[f"requests.carried_over.{col}"] = carried
        values[f"requests.total_processed.{col}"] = processed
        values[f"requests.carried_forward.{col}"] = forward
        for row, count in counts.items():
            values[f"requests.{row}.{col}"] = count
    for row in request_rows(variant):
        values[f"requests.{row}.total"] = sum(values[f"requests.{row}.{c}"] for c in APPLICANTS)
    return values


def _appeals(rng: random.Random, spec: Spec) -> dict:
    values = {}
    for group in APPEAL_GROUPS:
        cells = [0, 0, 0, 0] if spec.scale in ("zero", "small") and rng.random() < 0.6 else [
            rng.choice([0, 0, 1, 2, 3]), rng.choice([0, 0, 0, 1]), rng.choice([0, 0, 1]), rng.choice([0, 0, 1, 2])]
        for col, v in zip(APPEAL_COLS, cells, strict=False):
            values[f"appeals.{group}.{col}"] = v
        values[f"appeals.{group}.total"] = sum(cells)
    return values


def printed_values(spec: Spec, true_values: dict) -> tuple[dict, dict]:
    """(cell text per field, truth value per field) after blanks, formats and deliberate errors."""
    text, truth = {}, {}
    for fid, value in true_values.items():
        if fid in spec.nulls:
            text[fid], truth[fid] = spec.nulls[fid], None
            continue
        value = value + spec.errors.get(fid, 0)
        truth[fid] = value
        if fid == "proactive.procurement.amount_yuan" and spec.procurement_unit == "万元":
            text[fid] = f"{value / 10000:.1f}"
        elif isinstance(value, float):
            text[fid] = f"{value:.2f}".rstrip("0").rstrip(".")
        else:
            text[fid] = str(value)
        style = spec.printed.get(fid)
        if style == "fullwidth":
            text[fid] = text[fid].translate(FULLWIDTH)
        elif style == "thousands":
            text[fid] = f"{value:,}"
        elif style == "2dp":
            text[fid] = f"{value:.2f}"
        elif style == "signed" and value > 0:
            text[fid] = f"+{value}"
    return text, truth


# ------------------------------------------------------------------ prose


def date_text(iso: str, chinese: bool) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    if not chinese:
        return f"{y}年{m}月{d}日"

    def small(n: int) -> str:  # 1..31 in Chinese numerals
        tens, ones = divmod(n, 10)
        return (("" if tens == 1 else CN_DIGITS[tens]) + "十" if tens else "") + (CN_DIGITS[ones] if ones else "")

    return "".join(CN_DIGITS[int(c)] for c in str(y)) + f"年{small(m)}月{small(d)}日"


def prose(spec: Spec, v: dict) -> dict[str, list[str]]:
    """Body text of the six parts; the counts it states agree with the tables' true values."""
    rng = random.Random(spec.seed + 1000)
    y = spec.year
    short = spec.agency.replace(spec.region["city"] or "", "")
    new, processed = v["requests.new_received.total"], v["requests.total_processed.total"]
    carried, forward = v["requests.carried_over.total"], v["requests.carried_forward.total"]
    granted = v["requests.granted.total"]
    recon = v["appeals.reconsideration.total"]
    lit = v["appeals.litigation_direct.total"] + v["appeals.litigation_after_reconsideration.total"]
    published = rng.randint(80, 2600) if spec.scale != "zero" else rng.randint(20, 90)
    docs = v.get("proactive.normative_documents.issued", v.get("proactive.normative_documents.new_made", 0))
    overview = [
        f"{y}年，{short}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》"
        f"和上级关于政务公开工作的部署要求，围绕中心工作，持续深化政务公开，不断提升政务公开质量和实效。现将有关情况报告如下。",
        "（一）主动公开情况",
        f"全年通过政府门户网站、政务新媒体等渠道主动公开政府信息{published}条，其中机构职能、政策文件、财政预决算、"
        f"重点领域信息等均按要求及时公开。本年制发行政规范性文件{docs}件，均已在政府信息公开专栏集中公开。",
        "（二）依申请公开情况",
        f"全年共收到政府信息公开申请{new}件，上年结转{carried}件，办结{processed}件，其中予以公开{granted}件，"
        f"结转下年度继续办理{forward}件。所有申请均在法定期限内答复。",
        f"全年因政府信息公开引起的行政复议{recon}件、行政诉讼{lit}件。" if recon or lit
        else "全年未发生因政府信息公开引起的行政复议、行政诉讼案件。",
        "（三）政府信息管理情况",
        "严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则，动态更新政府信息公开目录，"
        "及时清理过时信息。",
        "（四）政府信息公开平台建设情况",
        "持续优化政府网站信息公开专栏栏目设置，加强政务新媒体管理，做好政策解读和回应关切。",
        "（五）监督保障情况",
        f"调整充实政务公开工作领导小组，明确专人负责，全年组织政务公开业务培训{rng.randint(1, 6)}次，"
        "将政务公开工作纳入年度考核。",
    ]
    problems = [
        "（一）存在的主要问题",
        "一是政策解读形式还不够丰富；二是基层政务公开标准化规范化建设仍需加强；三是信息发布的及时性有待提高。",
        "（二）改进情况",
        f"{y + 1}年，我们将进一步加强政策解读，丰富解读形式；加强业务培训，提升工作人员业务水平；"
        "健全信息发布审核机制，确保信息发布及时准确。",
    ]
    proposals = rng.randint(0, 20)
    other = [
        "本年度未收取政府信息公开信息处理费。",
        *([spec.contact] if spec.contact else []),
        f"本年度共承办人大代表建议和政协委员提案{proposals}件，均已按时办结，办复率100%。",
        "本年度政务公开工作要点落实情况良好，各项任务均已完成。",
    ]
    return {"overview": overview, "problems": problems, "other": other}


# ------------------------------------------------------------------ filling the template


def _set(cell, text: str) -> None:
    """Replace a cell's content with text (\\n becomes a line break), keeping its paragraph format."""
    cell.text = text


def _proactive_2019(table: DocxTable) -> None:
    """Rebuild the 2021 proactive table in the 2019 layout from its own rows (borders and widths kept)."""
    tbl = table._tbl
    trs = list(tbl.tr_lst)
    section, head, data = trs[0], trs[1], trs[2]
    layout = [
        (section, ["第二十条第（一）项"]),
        (head, ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]),
        (data, ["规章"]), (data, ["规范性文件"]),
        (section, ["第二十条第（五）项"]),
        (head, ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]),
        (data, ["行政许可"]), (data, ["其他对外管理服务事项"]),
        (section, ["第二十条第（六）项"]),
        (head, ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]),
        (data, ["行政处罚"]), (data, ["行政强制"]),
        (section, ["第二十条第（八）项"]),
        (head, ["信息内容", "上一年项目数量", "本年增/减"]),
        (data, ["行政事业性收费"]),
        (section, ["第二十条第（九）项"]),
        (head, ["信息内容", "采购项目数量", "采购总金额"]),
        (data, ["政府集中采购"]),
    ]
    for tr in trs:
        tbl.remove(tr)
    for proto, _ in layout:
        tbl.append(copy.deepcopy(proto))
    for i, (_, texts) in enumerate(layout):
        row = table.rows[i]
        for j, text in enumerate(texts):
            _set(row.cells[j], text)
        if texts[0] in ("第二十条第（一）项",) or texts[0].startswith("第二十条"):
            continue
        if i >= 13:  # (八) and (九): the last column spans two grid columns
            a, b = row.cells[2], row.cells[3]
            keep = a.text
            a.merge(b)
            _set(a, keep)


def _requests_single_other(table: DocxTable) -> None:
    """Replace the three （六）其他处理 rows with the 2019 template's single row."""
    trs = list(table._tbl.tr_lst)
    total_row = trs[26]
    single = copy.deepcopy(total_row)
    total_row.addprevious(single)
    for tr in trs[23:26]:
        table._tbl.remove(tr)
    _set(table.rows[23].cells[1], "（六）其他处理")


def fill_document(spec: Spec, text: dict, true_values: dict):
    doc = docx.Document(str(TEMPLATE))
    tables = doc.tables
    proactive, requests, appeals = tables[0], tables[1], tables[2]

    if spec.template["proactive"] == "2019":
        _proactive_2019(proactive)
        rows = [("rules", 2), ("normative_documents", 3), ("licensing", 6), ("other_services", 7),
                ("penalty", 10), ("coercion", 11)]
        for row, r in rows:
            cols = ["new_made", "new_published", "total_published"] if r < 4 else [
                "items_prev_year", "items_change", "decisions"]
            for j, col in enumerate(cols, start=1):
                _set(proactive.cell(r, j), text[f"proactive.{row}.{col}"])
        _set(proactive.cell(14, 1), text["proactive.fees.items_prev_year"])
        _set(proactive.cell(14, 2), text["proactive.fees.items_change"])
        _set(proactive.cell(17, 1), text["proactive.procurement.projects"])
        _set(proactive.cell(17, 2), text["proactive.procurement.amount_yuan"])
        if spec.procurement_unit:
            _set(proactive.cell(16, 2), f"采购总金额（{spec.procurement_unit}）")
    else:
        for row, r in (("rules", 2), ("normative_documents", 3)):
            for j, col in enumerate(["issued", "repealed", "in_force"], start=1):
                _set(proactive.cell(r, j), text[f"proactive.{row}.{col}"])
        _set(proactive.cell(6, 1), text["proactive.licensing.decisions"])
        _set(proactive.cell(9, 1), text["proactive.penalty.decisions"])
        _set(proactive.cell(10, 1), text["proactive.coercion.decisions"])
        _set(proactive.cell(13, 1), text["proactive.fees.amount_10k_yuan"])

    if spec.template["requests"] == "2019":
        _requests_single_other(requests)
    for i, row in enumerate(request_rows(spec.template["requests"])):
        for j, col in enumerate([*APPLICANTS, "total"]):
            _set(requests.cell(3 + i, 3 + j), text[f"requests.{row}.{col}"])

    for g, group in enumerate(APPEAL_GROUPS):
        for j, col in enumerate(APPEAL_COLS):
            _set(appeals.cell(3, g * 5 + j), text[f"appeals.{group}.{col}"])

    for (name, r, c), label in spec.labels.items():
        _set({"proactive": proactive, "requests": requests, "appeals": appeals}[name].cell(r, c), label)

    if spec.unmerge_proactive:
        _unmerge_rows(proactive)
    if spec.borders != "all":
        for table in (proactive, requests, appeals):
            _strip_borders(table, keep_horizontal=spec.borders == "horizontal")
    if spec.split_requests_at:
        _split_table(requests, spec.split_requests_at)
    if spec.repeat_header:
        for tr in list(requests._tbl.tr_lst)[:3]:
            tr.get_or_add_trPr().append(tr.get_or_add_trPr().makeelement(qn("w:tblHeader"), {}))
    _write_prose(doc, spec, prose(spec, true_values))
    for p in doc.paragraphs:
        if p.text in spec.headings:
            p.text = spec.headings[p.text]
    return doc


def _strip_borders(table: DocxTable, keep_horizontal: bool) -> None:
    """Remove a table's rules (all of them, or the vertical ones), as borderless layouts print."""
    sides = ("left", "right", "insideV", "start", "end") if keep_horizontal else (
        "top", "left", "bottom", "right", "insideH", "insideV", "start", "end")
    for holder in [table._tbl.tblPr.find(qn("w:tblBorders")),
                   *(tc.tcPr.find(qn("w:tcBorders")) for tc in table._tbl.iter(qn("w:tc")) if tc.tcPr is not None)]:
        if holder is None:
            continue
        for side in sides:
            for el in holder.findall(qn(f"w:{side}")):
                el.set(qn("w:val"), "nil")
        if keep_horizontal:
            for side in ("top", "bottom", "insideH"):
                el = holder.find(qn(f"w:{side}"))
                if el is None:
                    el = holder.makeelement(qn(f"w:{side}"), {})
                    holder.append(el)
                el.set(qn("w:val"), "single")
                el.set(qn("w:sz"), "4")
                el.set(qn("w:color"), "auto")


def _unmerge_rows(table: DocxTable) -> None:
    """Replace horizontal merges after the first column by plain cells, as some editors save them.

    Section rows (one cell across the table) stay merged.
    """
    for tr in table._tbl.tr_lst:
        tcs = tr.tc_lst
        if len(tcs) == 1:
            continue
        for tc in tcs[1:]:
            span = tc.grid_span
            if span <= 1:
                continue
            tc.grid_span = 1
            width = tc.tcPr.find(qn("w:tcW")) if tc.tcPr is not None else None
            if width is not None:
                width.set(qn("w:w"), str(int(width.get(qn("w:w"))) // span))
            anchor = tc
            for _ in range(span - 1):
                blank = copy.deepcopy(tc)
                for p in blank.findall(qn("w:p")):
                    for r in p.findall(qn("w:r")):
                        p.remove(r)
                anchor.addnext(blank)
                anchor = blank


def _split_table(table: DocxTable, at: int) -> None:
    """Cut a table in two before row `at`, as Word's "split table" does (an empty paragraph between).

    Cells continuing a vertical merge from above the cut start a fresh, empty merge.
    """
    tbl = table._tbl
    second = copy.deepcopy(tbl)
    for tr in list(second.tr_lst)[:at]:
        second.remove(tr)
    for tr in list(tbl.tr_lst)[at:]:
        tbl.remove(tr)
    for tc in second.tr_lst[0].tc_lst:
        if tc.vMerge == "continue":
            tc.vMerge = "restart"
            for p in tc.findall(qn("w:p")):
                for r in p.findall(qn("w:r")):
                    p.remove(r)
    spacer = copy.deepcopy(tbl.getnext()) if tbl.getnext() is not None and tbl.getnext().tag == qn("w:p") else None
    if spacer is None:
        spacer = tbl.makeelement(qn("w:p"), {})
    for r in spacer.findall(qn("w:r")):
        spacer.remove(r)
    tbl.addnext(spacer)
    spacer.addnext(second)


def _write_prose(doc, spec: Spec, parts: dict) -> None:
    paragraphs = doc.paragraphs
    title = next(p for p in paragraphs if "格式模板" in p.text)
    year_title = report_title(spec).removeprefix(spec.agency)
    title.text = report_title(spec) if spec.title_lines == 1 else spec.agency
    if spec.title_lines == 2:
        second = copy.deepcopy(title._p)
        title._p.addnext(second)
        DocxParagraph(second, title._parent).text = year_title
    placeholders = [p for p in doc.paragraphs if p.text.startswith("（文字描述")]
    for placeholder, key in zip(placeholders, ["overview", "problems", "other"], strict=True):
        anchor = placeholder._p
        for line in parts[key]:
            new = copy.deepcopy(placeholder._p)
            anchor.addnext(new)
            DocxParagraph(new, placeholder._parent).text = line
            anchor = new
        placeholder._p.getparent().remove(placeholder._p)
    # Drop the template's empty spacer paragraphs: they only lengthen the PDF (but keep the one
    # between two tables: Word would merge the tables without it).
    for p in doc.paragraphs:
        between_tables = all(x is not None and x.tag == qn("w:tbl") for x in (p._p.getprevious(), p._p.getnext()))
        if not p.text.strip() and not between_tables:
            p._p.getparent().remove(p._p)
    lines = [spec.agency]
    if spec.published:
        line = date_text(spec.published, spec.chinese_date)
        lines.append(line.translate(FULLWIDTH) if spec.date_fullwidth else line)
    for line in reversed(lines) if spec.date_first else lines:
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT


# ------------------------------------------------------------------ other formats from the filled DOCX


def _grid(tbl) -> list[list[tuple[int, object]]]:
    """Per row: (grid column, w:tc) for each cell."""
    rows = []
    for tr in tbl.tr_lst:
        g, cells = 0, []
        for tc in tr.tc_lst:
            cells.append((g, tc))
            g += tc.grid_span
        rows.append(cells)
    return rows


def _tc_lines(tc) -> list[str]:
    lines = []
    for p in tc.iter(qn("w:p")):
        parts = []
        for el in p.iter(qn("w:t"), qn("w:br")):
            parts.append(el.text or "" if el.tag == qn("w:t") else "\n")
        lines.extend("".join(parts).split("\n"))
    return [line for line in lines if line.strip()]


def table_html(tbl, style: str = "plain", rowspan_ok: bool = True) -> str:
    """A DOCX table as HTML: gridSpan → colspan, vMerge → rowspan, blank → &nbsp;, line break → <br>.

    style "word": cells wrapped in <p class="MsoNormal"><span> as Word's "save as HTML" does;
    style "th": text-only rows as <th> (the leading ones in <thead>), numbers padded with
    &nbsp; around a <span>, and a row's trailing blank cells left out, as some CMS editors do.
    """
    grid = _grid(tbl)
    out = ['<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%">']
    in_head = style == "th"
    out.append("<thead>" if in_head else "<tbody>")
    for i, cells in enumerate(grid):
        row = []
        for g, tc in cells:
            if tc.vMerge == "continue":
                if not rowspan_ok:  # an editor that never merges vertically: a blank cell per row
                    row.append((tc, 1, []))
                continue
            rowspan = 1
            if tc.vMerge == "restart" and rowspan_ok:
                for below in grid[i + 1:]:
                    if any(bg == g and btc.vMerge == "continue" for bg, btc in below):
                        rowspan += 1
                    else:
                        break
            row.append((tc, rowspan, [html.escape(line) for line in _tc_lines(tc)]))
        numeric = any(lines and lines[0].replace(".", "").replace("-", "").isdigit() for _, _, lines in row)
        if style == "th":
            if in_head and numeric:
                out.append("</thead><tbody>")
                in_head = False
            while numeric and row and not row[-1][2]:
                row.pop()
        out.append("<tr>")
        for tc, rowspan, lines in row:
            attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
                f' colspan="{tc.grid_span}"' if tc.grid_span > 1 else "")
            inner = "<br>".join(lines) if lines else "&nbsp;"
            tag = "td"
            if style == "word":
                inner = (f'<p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;'
                         f'font-family:宋体">{inner}</span></p>')
            elif style == "th" and not numeric:
                tag = "th"
            elif style == "th" and lines:
                inner = f'&nbsp;<span style="font-family:仿宋_GB2312">{inner}</span>&nbsp;'
            out.append(f'<{tag} valign="middle"{attrs}>{inner}</{tag}>')
        out.append("</tr>")
    out.append("</thead></table>" if in_head else "</tbody></table>")
    return "\n".join(out)


def report_title(spec: Spec) -> str:
    year = f"{spec.year}年{'度' if spec.niandu else ''}"
    if spec.title_style == "year_first":
        return f"{year}{spec.agency}政府信息公开工作年度报告"
    if spec.title_style == "year_after":
        return f"{spec.agency}政府信息公开工作年度报告（{year}）"
    return f"{spec.agency}{year}政府信息公开工作年度报告"


def body_items(doc):
    """('p', text, centered) and ('table', tbl) in body order."""
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            jc = child.find(qn("w:pPr") + "/" + qn("w:jc"))
            align = jc.get(qn("w:val")) if jc is not None else ""
            if text.strip():
                yield ("p", text, align)
        elif child.tag == qn("w:tbl"):
            yield ("table", child, "")


def to_html(doc, spec: Spec, charset: str, layout: bool, table_style: str = "plain") -> str:
    title = report_title(spec)
    content = []
    for kind, item, align in body_items(doc):
        if kind == "table":
            content.append(table_html(item, "word" if layout else table_style, rowspan_ok=spec.rowspan))
        elif align == "center" and (item == spec.agency or item.endswith("年度报告")):
            continue  # the page's own title carries it
        elif align == "right":
            content.append(f'<p style="text-align:right">{html.escape(item)}</p>')
        else:
            content.append(f'<p style="text-indent:2em">&nbsp;&nbsp;{html.escape(item)}</p>')
    site = "".join(spec.region[k] or "" for k in ("city", "county")) or spec.region["province"]
    chrome_top = f"""<div class="header"><div class="logo">{site}人民政府</div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div></div>
<nav class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</nav>"""
    chrome_bottom = f"""<footer><div class="footer">主办单位：{site}人民政府办公室　承办单位：{site}大数据中心<br>
网站标识码：3201020001　ICP备案号：苏ICP备05000001号-1</div></footer>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>"""
    meta = f'<meta charset="{charset}">' if not layout else (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">')
    article = f"""<div class="article">
<h1 class="title">{html.escape(title)}</h1>
<div class="info">发布日期：{spec.published}&nbsp;&nbsp;来源：{html.escape(spec.agency)}&nbsp;&nbsp;字号：[大 中 小]</div>
<div class="content" id="zoom">
{chr(10).join(content)}
</div></div>"""
    if layout:  # the whole page framed by tables, as older CMSs do
        article = f"""<table width="980" align="center" cellpadding="0" cellspacing="0"><tr><td>
<table width="100%"><tr><td class="title" align="center"><b>{html.escape(title)}</b></td></tr>
<tr><td align="center">发布日期：{spec.published}</td></tr></table>
</td></tr><tr><td class="content">
{chr(10).join(content)}
</td></tr></table>"""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{meta}
<title>{html.escape(title)}-{site}人民政府</title>
<style>.content td{{font-size:14px}} .nav li{{display:inline}}</style>
<script src="/js/jquery.min.js"></script></head>
<body>
{chrome_top}
{article}
{chrome_bottom}
</body></html>
"""


def to_text(doc, spec: Spec) -> str:
    """Text as copied from a browser: paragraphs, table rows with tab-separated cells.

    A horizontally merged cell is written once; a vertically merged one only in its first row.
    """
    lines = []
    for kind, item, _ in body_items(doc):
        if kind == "p":
            lines.extend([item, ""])
            continue
        for cells in _grid(item):
            row = []
            for _, tc in cells:
                row.append("" if tc.vMerge == "continue" else " ".join(_tc_lines(tc)))
            lines.append("\t".join(row))
        lines.append("")
    return "\n".join(lines) + "\n"


def to_pdf(docx_path: Path, pdf_path: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = kit.libreoffice(docx_path, "pdf", Path(tmp), Path(tmp)).read_bytes()
    # Fix the creation date and file id so a rerun writes the same bytes (same lengths: the
    # cross-reference offsets stay right).
    data = re.sub(rb"/CreationDate\(D:\d{14}", b"/CreationDate(D:20240101000000", data)
    data = re.sub(rb"<[0-9A-F]{32}>", lambda m: b"<" + b"0" * 32 + b">", data)
    data = re.sub(rb"/DocChecksum /[0-9A-F]{32}", b"/DocChecksum /" + b"0" * 32, data)
    pdf_path.write_bytes(data)


def to_lo_html(docx_path: Path, html_path: Path) -> None:
    """LibreOffice's HTML export: the markup sites get when an editor pastes or uploads a Word file."""
    with tempfile.TemporaryDirectory() as tmp:
        page = kit.libreoffice(docx_path, "html", Path(tmp), Path(tmp)).read_text(encoding="utf-8")
    page = re.sub(r'<meta name="(?:generator|created|changed|ICV|KSOProductBuildVer)"[^>]*>\s*', "", page)
    html_path.write_text(page, encoding="utf-8")


def save_docx(doc, path: Path) -> None:
    """Save with fixed zip timestamps and document dates, so a rerun writes the same bytes."""
    stamp = datetime(2024, 1, 1)
    props = doc.core_properties
    props.created = props.modified = props.last_printed = stamp
    props.revision, props.last_modified_by, props.author = 1, "", ""
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0)), src.read(info),
                         compress_type=zipfile.ZIP_DEFLATED)


# ------------------------------------------------------------------ main


def arithmetic_errors(spec: Spec, v: dict) -> dict[str, int]:
    """How many rows/columns break each of the table's own sums, computed from the printed values.

    The contract's error rules (balance, row_total, results_sum, appeals_total), counted here
    independently of builder.check so a test can hold the two against each other.
    """
    rows = request_rows(spec.template["requests"])
    results = rows[2:-2]
    columns = [*APPLICANTS, "total"]
    counts = {
        "row_total": sum(v[f"requests.{r}.total"] != sum(v[f"requests.{r}.{c}"] for c in APPLICANTS) for r in rows),
        "results_sum": sum(v[f"requests.total_processed.{c}"] != sum(v[f"requests.{r}.{c}"] for r in results)
                           for c in columns),
        "balance": sum(v[f"requests.new_received.{c}"] + v[f"requests.carried_over.{c}"]
                       != v[f"requests.total_processed.{c}"] + v[f"requests.carried_forward.{c}"] for c in columns),
        "appeals_total": sum(v[f"appeals.{g}.total"] != sum(v[f"appeals.{g}.{c}"] for c in APPEAL_COLS[:4])
                             for g in APPEAL_GROUPS),
    }
    return {rule: n for rule, n in counts.items() if n}


def truth_record(spec: Spec, path: Path, truth_values: dict) -> dict:
    wanted = [fid for table, variant in spec.template.items() for fid in variant_fields(table, variant)]
    fmt = {"html-gbk": "html", "html-layout": "html", "html-th": "html", "html-lo": "html", "txt-gbk": "txt",
           "txt-bom-crlf": "txt"}.get(spec.fmt, spec.fmt)
    return kit.truth_record(
        path, fmt, agency=spec.agency, year=spec.year, region=spec.region, published=spec.published,
        template=spec.template, note=spec.note, values={fid: truth_values[fid] for fid in wanted},
    ) | ({} if spec.nulls else {"error_rules": arithmetic_errors(spec, truth_values)})


def generate(spec: Spec) -> Path:
    true_values = make_values(spec)
    text, truth_values = printed_values(spec, true_values)
    doc = fill_document(spec, text, true_values)
    if spec.fmt == "docx":
        path = OUT / f"{spec.name}.docx"
        save_docx(doc, path)
    elif spec.fmt == "pdf":
        path = OUT / f"{spec.name.removesuffix('-pdf')}.pdf"
        with tempfile.TemporaryDirectory() as tmp:
            staged = Path(tmp) / f"{spec.name}.docx"
            save_docx(doc, staged)
            to_pdf(staged, path)
    elif spec.fmt == "html-lo":
        path = OUT / f"{spec.name}.html"
        with tempfile.TemporaryDirectory() as tmp:
            staged = Path(tmp) / f"{spec.name}.docx"
            save_docx(doc, staged)
            to_lo_html(staged, path)
    elif spec.fmt.startswith("html"):
        path = OUT / f"{spec.name}.html"
        if spec.fmt == "html-gbk":
            path.write_bytes(to_html(doc, spec, "gb2312", layout=False).encode("gbk"))
        else:
            page = to_html(doc, spec, "utf-8", layout=spec.fmt == "html-layout",
                           table_style="th" if spec.fmt == "html-th" else "plain")
            path.write_text(page, encoding="utf-8")
    elif spec.fmt == "txt-gbk":
        path = OUT / f"{spec.name}.txt"
        path.write_bytes(to_text(doc, spec).encode("gbk"))
    elif spec.fmt == "txt-bom-crlf":  # saved by Windows Notepad: a UTF-8 BOM and CRLF line ends
        path = OUT / f"{spec.name}.txt"
        path.write_bytes(codecs.BOM_UTF8 + to_text(doc, spec).replace("\n", "\r\n").encode("utf-8"))
    else:
        raise ValueError(spec.fmt)
    kit.write_truth(f"{path.stem}-{path.suffix[1:]}", truth_record(spec, path, truth_values))
    return path


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    kit.TRUTH_DIR.mkdir(parents=True, exist_ok=True)
    if not TEMPLATE.exists():
        TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(TEMPLATE_SOURCE, TEMPLATE)
    for old in OUT.glob("gen-*"):
        old.unlink()
    for old in kit.TRUTH_DIR.glob("gen-*.json"):
        old.unlink()
    for spec in SPECS:
        path = generate(spec)
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB  {spec.note}")


if __name__ == "__main__":
    main()
