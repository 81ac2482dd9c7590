"""Everything we know about the official report templates, in one place.

The State Council fixed the report's layout twice: 国办公开办函〔2019〕60号
(reports for 2019 and 2020) and 国办公开办函〔2021〕30号 (2021 onward). This
module holds their field ids (from the binding contract, ``fields.csv``), the
labels of every table row and column as printed, the six parts, and the check
rules; its modules the rest of what the template and the reports print:

- ``numbers``: how a cell prints a number or a blank (one grammar for readers and mapper);
- ``labels``: what marks each table, subtotal words, part headings, names of tables and rows
  in messages, outcome groups and key figures;
- ``prose``: the counts a report's text states in words;
- ``names``: titles, dates, agency and division names;
- ``sites``: what government websites print around a report;
- ``places``: places and renames cpca does not know.

Readers, the table locator, the field mapper and the checks ask these; none of them spells a
template label of its own (tests/mapping/test_template_literals.py holds them to it).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

# What a blank cell may print, and the rest of the number grammar: builder.template.numbers.
from builder.template.numbers import NULL_TOKENS as NULL_TOKENS

TEMPLATES = ("2019", "2021")
TABLES = ("proactive", "requests", "appeals")


@dataclass(frozen=True)
class Field:
    id: str
    table: str
    templates: tuple[str, ...]
    part: str
    row_zh: str
    column_zh: str

    @property
    def row(self) -> str:
        return self.id.split(".")[1]

    @property
    def column(self) -> str:
        return self.id.split(".")[2]


@cache
def fields() -> dict[str, Field]:
    """The contract's field ids, in the contract's order."""
    text = resources.files(__package__).joinpath("fields.csv").read_text(encoding="utf-8")
    out = {}
    for rec in csv.DictReader(text.splitlines()):
        out[rec["field"]] = Field(
            rec["field"], rec["table"], tuple(rec["templates"].split()), rec["part"], rec["row_zh"], rec["column_zh"]
        )
    return out


def fields_of(table: str, template: str | None = None) -> list[str]:
    """Field ids of one table, optionally only those the given template variant carries."""
    return [f.id for f in fields().values() if f.table == table and (template is None or template in f.templates)]


# ---------------------------------------------------------------- 二、主动公开


@dataclass(frozen=True)
class ProactiveRow:
    key: str  # the row part of the field id
    labels: tuple[str, ...]  # as printed, any one of them
    section: str  # 第二十条第（X）项
    columns: dict[str, tuple[str, ...]]  # template → column keys, in printed order


PROACTIVE_ROWS = (
    ProactiveRow("rules", ("规章",), "一", {
        "2019": ("new_made", "new_published", "total_published"),
        "2021": ("issued", "repealed", "in_force")}),
    ProactiveRow("normative_documents", ("规范性文件", "行政规范性文件"), "一", {
        "2019": ("new_made", "new_published", "total_published"),
        "2021": ("issued", "repealed", "in_force")}),
    ProactiveRow("licensing", ("行政许可",), "五", {
        "2019": ("items_prev_year", "items_change", "decisions"),
        "2021": ("decisions",)}),
    ProactiveRow("other_services", ("其他对外管理服务事项",), "五", {
        "2019": ("items_prev_year", "items_change", "decisions"),
        "2021": ()}),
    ProactiveRow("penalty", ("行政处罚",), "六", {
        "2019": ("items_prev_year", "items_change", "decisions"),
        "2021": ("decisions",)}),
    ProactiveRow("coercion", ("行政强制",), "六", {
        "2019": ("items_prev_year", "items_change", "decisions"),
        "2021": ("decisions",)}),
    ProactiveRow("fees", ("行政事业性收费",), "八", {
        "2019": ("items_prev_year", "items_change"),
        "2021": ("amount_10k_yuan",)}),
    ProactiveRow("procurement", ("政府集中采购",), "九", {
        "2019": ("projects", "amount_yuan"),
        "2021": ()}),
)

# Column headings that only one variant prints: they decide the proactive table's variant.
PROACTIVE_VARIANT_MARKERS = {
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "采购项目数量", "采购总金额"),
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"),
}

# Fields that may be decimal; every other value is a whole count.
DECIMAL_FIELDS = frozenset({"proactive.fees.amount_10k_yuan", "proactive.procurement.amount_yuan"})
# Fields that may be negative (a change from last year).
SIGNED_FIELDS = frozenset(f"proactive.{row}.items_change" for row in
                          ("licensing", "other_services", "penalty", "coercion", "fees"))
# The procurement amount is published in yuan; the source may print 元 or 万元.
PROCUREMENT_AMOUNT = "proactive.procurement.amount_yuan"
# Money fields and the unit their field id names; a cell printing another unit is converted.
MONEY_UNITS = {PROCUREMENT_AMOUNT: "元", "proactive.fees.amount_10k_yuan": "万元"}
YUAN_PER = {"元": 1, "万元": 10000}

# ---------------------------------------------------------------- 三、依申请


# The heading over the applicant columns, and the proactive table's header cell over its row labels.
APPLICANTS_HEADING_ZH = "申请人情况"
PROACTIVE_LABEL_HEADING_ZH = "信息内容"
APPLICANT_COLUMNS = ("natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org", "total")
# Words that name each applicant column in a header row (abbreviated headers print 商业, 科研 …);
# ORGANISATIONS_ZH heads the five organisation columns in the two-level header.
APPLICANT_COLUMN_WORDS = {"natural_person": "自然人", "commercial": "商业", "research": "科研", "nonprofit": "公益",
                          "legal_services": "法律", "other_org": "其他", "total": "总计"}
ORGANISATIONS_ZH = "法人"
APPLICANT_COLUMNS_ZH = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")


@dataclass(frozen=True)
class RequestRow:
    key: str
    label: str  # the template's wording, numbering stripped
    group: str  # the heading it sits under ("" at top level)
    templates: tuple[str, ...] = ("2019", "2021")
    result: bool = True  # one of the 办理结果 rows summed into （七）总计
    item: int | None = None  # its number within its group (the 2 of 2.其他法律行政法规禁止公开)


REQUEST_ROWS = (
    RequestRow("new_received", "本年新收政府信息公开申请数量", "", result=False),
    RequestRow("carried_over", "上年结转政府信息公开申请数量", "", result=False),
    RequestRow("granted", "予以公开", "本年度办理结果"),
    RequestRow("partially_granted", "部分公开区分处理的只计这一情形不计其他情形", "本年度办理结果"),
    RequestRow("withheld_state_secret", "属于国家秘密", "不予公开", item=1),
    RequestRow("withheld_prohibited_by_law", "其他法律行政法规禁止公开", "不予公开", item=2),
    RequestRow("withheld_security_stability", "危及三安全一稳定", "不予公开", item=3),
    RequestRow("withheld_third_party_rights", "保护第三方合法权益", "不予公开", item=4),
    RequestRow("withheld_internal_affairs", "属于三类内部事务信息", "不予公开", item=5),
    RequestRow("withheld_process_information", "属于四类过程性信息", "不予公开", item=6),
    RequestRow("withheld_enforcement_files", "属于行政执法案卷", "不予公开", item=7),
    RequestRow("withheld_administrative_query", "属于行政查询事项", "不予公开", item=8),
    RequestRow("unavailable_not_held", "本机关不掌握相关政府信息", "无法提供", item=1),
    RequestRow("unavailable_needs_creation", "没有现成信息需要另行制作", "无法提供", item=2),
    RequestRow("unavailable_unclear_request", "补正后申请内容仍不明确", "无法提供", item=3),
    RequestRow("rejected_petition_complaint", "信访举报投诉类申请", "不予处理", item=1),
    RequestRow("rejected_duplicate", "重复申请", "不予处理", item=2),
    RequestRow("rejected_publication", "要求提供公开出版物", "不予处理", item=3),
    RequestRow("rejected_excessive", "无正当理由大量反复申请", "不予处理", item=4),
    RequestRow("rejected_confirmation", "要求行政机关确认或重新出具已获取信息", "不予处理", item=5),
    RequestRow("other", "其他处理", "本年度办理结果", templates=("2019",)),
    RequestRow("other_no_correction", "申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请", "其他处理",
               templates=("2021",), item=1),
    RequestRow("other_fee_unpaid", "申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请", "其他处理",
               templates=("2021",), item=2),
    RequestRow("other_misc", "其他", "其他处理", templates=("2021",), item=3),
    RequestRow("total_processed", "总计", "本年度办理结果", result=False),
    RequestRow("carried_forward", "结转下年度继续办理", "", result=False),
)
REQUEST_ROW = {row.key: row for row in REQUEST_ROWS}
# Headings inside the requests table that carry no numbers of their own (2021: （六）其他处理 too).
REQUEST_GROUPS = ("本年度办理结果", "不予公开", "无法提供", "不予处理", "其他处理")

# ---------------------------------------------------------------- 四、复议诉讼

APPEAL_GROUPS = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
APPEAL_GROUPS_ZH = ("行政复议", "行政诉讼 · 未经复议直接起诉", "行政诉讼 · 复议后起诉")
APPEAL_OUTCOMES = ("upheld", "corrected", "other", "pending", "total")
APPEAL_OUTCOMES_ZH = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
APPEAL_FIELDS = tuple(f"appeals.{g}.{o}" for g in APPEAL_GROUPS for o in APPEAL_OUTCOMES)
# How the appeals table's headings name its groups and outcomes ("合计": a group the template lacks).
APPEAL_GROUP_WORDS = (("未经复议直接起诉", "litigation_direct"), ("直接起诉", "litigation_direct"),
                      ("复议后起诉", "litigation_after_reconsideration"), ("行政复议", "reconsideration"),
                      ("行政诉讼", "litigation"), ("合计", "sum"))
APPEAL_OUTCOME_WORDS = dict(zip(APPEAL_OUTCOMES_ZH, APPEAL_OUTCOMES, strict=True))
# Header words of the appeals table; a row made only of these is a heading, not values.
APPEAL_HEADER_WORDS = ("行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
                       "未经复议直接起诉", "复议后起诉")

# ---------------------------------------------------------------- the six parts


@dataclass(frozen=True)
class Part:
    key: str
    numeral: str
    title: str
    keywords: tuple[str, ...]  # any one of them marks a heading of this part


PARTS = (
    Part("overview", "一", "总体情况", ("总体情况", "概述", "基本情况", "工作开展", "工作情况", "总体")),
    Part("proactive", "二", "主动公开政府信息情况", ("主动公开",)),
    Part("requests", "三", "收到和处理政府信息公开申请情况", ("申请",)),
    Part("appeals", "四", "政府信息公开行政复议、行政诉讼情况", ("复议", "诉讼")),
    Part("problems", "五", "存在的主要问题及改进情况", ("问题", "改进", "不足")),
    Part("other", "六", "其他需要报告的事项", ("其他需要报告", "其他事项", "其他需报告", "其他")),
)
PART_OF_TABLE = {"proactive": "proactive", "requests": "requests", "appeals": "appeals"}

# ---------------------------------------------------------------- checks


@dataclass(frozen=True)
class Rule:
    name: str
    severity: str  # error | warning | info
    title_zh: str
    what_zh: str


RULES = (
    Rule("balance", "error", "收支平衡",
         "本年新收加上年结转，应等于本年办理总计加结转下年度（表格自身注明的勾稽关系）。"),
    Rule("row_total", "error", "行合计",
         "依申请表每一行的“总计”应等于六类申请人之和。"),
    Rule("results_sum", "error", "办理结果合计",
         "“（七）总计”应等于（一）至（六）各项办理结果之和。"),
    Rule("appeals_total", "error", "复议诉讼合计",
         "行政复议、行政诉讼各组的“总计”应等于维持、纠正、其他结果、尚未审结之和。"),
    Rule("cross_year", "warning", "跨年度衔接",
         "同一机关上一年“结转下年度继续办理”应等于下一年“上年结转”。"),
    Rule("prose_mismatch", "warning", "正文与表格不符",
         "正文中写明的数字（收到申请、办结、行政复议、行政诉讼件数）与表格不一致。"),
    Rule("missing_part", "error", "缺少部分",
         "报告缺少规定的六个部分之一或三张表格之一。"),
    Rule("cell_count", "warning", "单元格数目不符",
         "表格某一行的数字个数多于或少于模板规定的单元格数。"),
    Rule("blank_cells", "info", "空白单元格",
         "表格中有留空或填“/”的单元格，记为空值而非 0。"),
    Rule("template_year", "warning", "模板与年度不符",
         "表格所用模板版本与报告年度不符（2019、2020 年度报告应使用 2019 版模板，2021 年度起应使用 2021 版）。"),
    # Added by this project (the contract allows additions).
    Rule("bad_number", "warning", "无法识别的数字",
         "表格单元格中的内容不是模板允许的数字（如计数中出现小数或文字），记为空值。"),
    Rule("metadata_conflict", "warning", "网页信息与报告不符",
         "网页的元数据或信息表（发布机构、发布日期、网站标识码、标题年度）与报告本身所印不一致；以报告所印为准。"),
    Rule("ocr_untrusted", "warning", "识别结果存疑",
         "扫描件经文字识别（OCR）读出的数字不满足表格的勾稽关系，无法确定哪个数字读错，相关单元格记为空值，"
         "待人工对照原件核对。"),
    Rule("proactive_carry", "warning", "规章和规范性文件跨年度衔接",
         "2021 版模板：同一机关上一年“现行有效件数”加本年“本年制发件数”、减“本年废止件数”，应等于本年“现行有效件数”。"),
    Rule("late_publication", "warning", "逾期公布",
         "《中华人民共和国政府信息公开条例》（2019 年修订）第四十九条（第五十条规定年度报告的内容）："
         "县级以上人民政府部门应当在每年 1 月 31 日前公布本行政机关上一年度政府信息公开工作年度报告；"
         "县级以上地方人民政府的本级政府年度报告应当在每年 3 月 31 日前公布。以机关名称判断：以“人民政府”结尾的"
         "按 3 月 31 日，其余部门按 1 月 31 日；乡镇人民政府、街道办事处不属“县级以上”，条例未规定期限，不作检查。"),
    Rule("narrative_reuse", "info", "正文与上年雷同",
         "同一机关本年度报告正文（六个部分的文字）超过一半的句子与上一年度报告逐字相同（多地考核对此扣分）。"),
    Rule("empty_part", "warning", "部分内容为空",
         "第五部分“存在的主要问题及改进情况”只写“无”或空白。"),
)
RULE = {rule.name: rule for rule in RULES}


def template_for_year(year: int | None) -> str | None:
    """The template variant a report of this year should use."""
    if year is None:
        return None
    return "2019" if year <= 2020 else "2021"
