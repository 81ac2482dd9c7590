"""The columns of every published file, with their types and Chinese descriptions.

One list feeds the CSV writers, ``datapackage.json`` and the data dictionary
page, so the three cannot disagree. Field-id columns come from the contract's
``fields.csv`` (via builder.template).
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.template import DECIMAL_FIELDS, fields


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless Table Schema type
    title: str  # Chinese label
    description: str


def _meta(name, type_, title, description=""):
    return Column(name, type_, title, description)


# reports.csv: one row per report, these metadata columns, then one column per field id.
REPORT_META = (
    _meta("report_id", "string", "报告编号", "机构编号-年度，如 xingqingqu-yueyahuxiang-renminzhengfu-2020"),
    _meta("agency", "string", "机构名称", "发布报告的政府机关"),
    _meta("agency_id", "string", "机构编号", "机构名称的拼音编号，网站机构页面地址 agencies/<agency_id>/"),
    _meta("year", "integer", "报告年度", "报告所述的年度"),
    _meta("province", "string", "省级", "省、自治区、直辖市；未知为空"),
    _meta("city", "string", "地级", "地级市、自治州、地区、盟；未知为空"),
    _meta("county", "string", "县级", "县、县级市、市辖区、旗；未知为空"),
    _meta("township", "string", "乡级", "乡、镇、街道；未知为空"),
    _meta("level", "string", "机构层级", "province / city / county / township（省、市、县、乡级）；未知为空"),
    _meta("published", "date", "发布日期", "报告落款或网页上的发布日期；未知为空"),
    _meta("template_proactive", "string", "主动公开表模板", "主动公开情况表所用模板：2019 或 2021；表格缺失为空"),
    _meta("template_requests", "string", "依申请表模板", "依申请公开情况表所用模板：2019 或 2021；表格缺失为空"),
    _meta("template_appeals", "string", "复议诉讼表模板", "行政复议、行政诉讼情况表所用模板：2019 或 2021；表格缺失为空"),
    _meta("source_file", "string", "原始文件名", "data/reports/ 下的原始报告文件"),
    _meta("source_format", "string", "原始文件格式", "pdf / docx / html / txt / md / doc / wps / xlsx / xls / et / ods / ofd"),
    _meta("source_sha256", "string", "原始文件 SHA-256", "原始文件的 SHA-256 校验值"),
    _meta("source_url", "string", "来源网址", "报告发布的网址；未知为空"),
    _meta("retrieved", "string", "获取日期", "下载原始报告的日期；未知为空"),
    _meta("checks_error", "integer", "错误数", "未通过的“错误”级检查条数（不含已确认的已知问题）"),
    _meta("checks_warning", "integer", "警告数", "“警告”级检查条数（不含已确认的已知问题）"),
    _meta("passes_checks", "boolean", "通过全部检查", "没有未确认的错误或警告级检查时为 true"),
    # Added later: after the columns consumers already read by position.
    _meta("agency_normalized", "string", "规范名称", "机构的规范名称，用于归并同一机构（报告印出的名称见 agency）"),
    _meta("body_id", "string", "机构标识码", "稳定的机构标识：人民政府为 GB/T 2260 行政区划代码，部门为区划代码加规范名称，"
          "更名后仍指向同一机构；无法确定区划时为空"),
)

VALUES_COLUMNS = (
    _meta("report_id", "string", "报告编号", "对应 reports.csv 的 report_id"),
    _meta("field", "string", "字段编号", "表格单元格的字段编号（表.行.列），见下方字段表"),
    _meta("value", "number", "数值", "报告中印出的数字；空白、“/”、“无”为空（不是 0）"),
)

CHECKS_COLUMNS = (
    _meta("report_id", "string", "报告编号", "对应 reports.csv 的 report_id"),
    _meta("rule", "string", "规则", "检查规则编号，如 balance、row_total，见“数据质量”页"),
    _meta("severity", "string", "级别", "error（错误）/ warning（警告）/ info（提示）"),
    _meta("title", "string", "规则名称", "规则的中文名称"),
    _meta("fields", "string", "涉及字段", "所涉及的字段编号，以空格分隔"),
    _meta("message", "string", "说明", "这条检查的具体说明"),
    _meta("acknowledged", "boolean", "已确认", "报告附属文件把它列为已知问题（known_issues）时为 true"),
)


def field_column(field_id: str) -> Column:
    f = fields()[field_id]
    return Column(field_id, "number" if field_id in DECIMAL_FIELDS else "integer",
                  f"{f.row_zh} · {f.column_zh}",
                  f"{f.part}；模板 {' / '.join(f.templates)}；空白为空，不是 0")


def report_columns() -> list[Column]:
    return [*REPORT_META, *(field_column(f) for f in fields())]


# tidy.parquet: one row per report and cell the tables carry, and per derived cell; the
# body, year and Chinese labels on every row, so that a pivot table or a filter needs no join. (No
# dotted field id: it is table.row.column, and a fifth of the compressed file.)
TIDY_COLUMNS = (
    _meta("report_id", "string", "报告编号", "对应 reports.csv 的 report_id"),
    _meta("agency", "string", "机构名称", "发布报告的政府机关"),
    _meta("agency_id", "string", "机构编号", "机构名称的拼音编号"),
    _meta("body_id", "string", "机构标识码", "稳定的机构标识（同 reports.csv 的 body_id）；无法确定区划时为空"),
    _meta("year", "integer", "报告年度", "报告所述的年度"),
    _meta("table", "string", "表编号", "proactive（主动公开）/ requests（依申请）/ appeals（复议诉讼）"),
    _meta("row", "string", "行编号", "字段编号的行部分"),
    _meta("column", "string", "列编号", "字段编号的列部分"),
    _meta("value", "number", "数值", "印出或推算的数字；空白、“/”、“无”和无法确定的单元格为空（不是 0）"),
    _meta("status", "string", "状态", "printed（印出）/ blank（印为空白、“/”、“无”）/ unknown（无法确定）/ "
          "derived（原表未印出，按同一行的算术关系可以确定，见 derived_rule）"),
    _meta("table_zh", "string", "表", "模板中的表名"),
    _meta("row_zh", "string", "行", "模板中的行名"),
    _meta("column_zh", "string", "列", "模板中的列名"),
    _meta("derived_rule", "string", "推算依据", "status 为 derived 时：使其确定的检查规则编号，如 row_total"),
    _meta("derived_from", "string", "推算所用字段", "status 为 derived 时：推算所用的字段编号，以空格分隔"),
)

# provenance.parquet: where each value of values.parquet was printed, keyed like it (report_id, field).
PROVENANCE_COLUMNS = (
    _meta("report_id", "string", "报告编号", "对应 reports.csv 的 report_id"),
    _meta("field", "string", "字段编号", "表.行.列，同 values.parquet"),
    _meta("raw", "string", "原文", "单元格印出的原文，如 “1,234”“３５”“/”；空白为空字符串"),
    _meta("page", "integer", "页码", "PDF 的页码（从 1 起）；其他格式为空"),
    _meta("x0", "number", "左", "PDF 中单元格框的左边（点，原点在页面左上角）"),
    _meta("top", "number", "上", "单元格框的上边（点，自页面顶端量起）"),
    _meta("x1", "number", "右", "单元格框的右边（点）"),
    _meta("bottom", "number", "下", "单元格框的下边（点，自页面顶端量起）"),
    _meta("table_index", "integer", "第几张表", "文档中的第几张表（从 0 起）；DOCX、HTML、PDF"),
    _meta("row_index", "integer", "第几行", "该表中的第几行（从 0 起）"),
    _meta("col_index", "integer", "第几列", "该行中的第几列（从 0 起）"),
    _meta("line", "integer", "行号", "文本文件中的行号（从 1 起）"),
)

# corrections.csv (downloads/): the changelog of data corrections, newest first.
CORRECTIONS_COLUMNS = (
    _meta("date", "date", "日期", "提交更正的日期"),
    _meta("commit", "string", "提交", "代码仓库中的提交编号（前 12 位）"),
    _meta("report_id", "string", "报告编号", "被更正的报告；文件已不在数据中时为空"),
    _meta("file", "string", "文件", "data/ 下被修改的文件"),
    _meta("kind", "string", "类别", "sidecar（附属文件中的更正）/ original（原始文件更换）"),
    _meta("key", "string", "项", "被更正的项：agency、year、region、published、known_issues、note、source_url 等"),
    _meta("before", "string", "原值", "更正前的写法（附属文件中的原文）"),
    _meta("after", "string", "新值", "更正后的写法"),
)
