"""The downloads page and the generated part of the data dictionary (every file and column)."""

from __future__ import annotations

from pathlib import Path

from builder.export import DATASET_FILES
from builder.export.columns import (
    CHECKS_COLUMNS,
    REPORT_CSV_COLUMNS,
    REPORT_META,
    VALUES_COLUMNS,
    field_column,
)
from builder.pages.common import front_matter, md, md_table
from builder.template import fields

PAGE = "downloads/index.md"

FILE_NOTES = {
    "reports.csv": "宽表：每份报告一行，先是元数据列，再是每个字段编号一列。",
    "values.csv": "长表：每份报告每个单元格一行（report_id, field, value）。",
    "checks.csv": "每份报告的每条检查结果一行。",
    "reports.json": "每份报告的完整解析结果（JSON 数组），含六个部分的正文和原始数值文本。",
    "datapackage.json": "Frictionless Data Package 描述文件：各文件的列、类型和中文说明。",
}


def write_downloads_page(docs: Path, sizes: dict[str, int], n_reports: int) -> str:
    (docs / "downloads").mkdir(parents=True, exist_ok=True)
    rows = [[f'[{name}]({name}){{: download="{name}" }}', md(FILE_NOTES[name]), f"{sizes.get(name, 0) / 1024:,.0f} KB"] for name in DATASET_FILES]
    out = [front_matter("下载"), "# 下载\n\n",
           f"全部 {n_reports:,} 份报告的数据。编码 UTF-8，空白单元格为空（不是 0）。"
           "各文件每一列的含义见[数据字典](../dictionary/index.md)。\n\n",
           md_table(["文件", "内容", "大小"], rows, ["l", "l", "r"]),
           "\n每个机构页面上还有该机构每份报告的 CSV、JSON 和原始文件。\n"]
    (docs / PAGE).write_text("".join(out), encoding="utf-8")
    return PAGE


def _columns_table(columns) -> str:
    return md_table(["列名", "类型", "中文名", "说明"],
                    [[f"`{c.name}`", c.type, md(c.title), md(c.description)] for c in columns])


def dictionary_markdown() -> str:
    out = ["## 文件\n\n",
           md_table(["文件", "内容"], [[f"`{n}`", md(FILE_NOTES[n])] for n in DATASET_FILES]), "\n",
           "## reports.csv 的元数据列\n\n", _columns_table(REPORT_META),
           "\n其后每个字段编号一列，见下方字段表。\n\n",
           "## values.csv\n\n", _columns_table(VALUES_COLUMNS), "\n",
           "## checks.csv\n\n", _columns_table(CHECKS_COLUMNS), "\n",
           "## 机构页面上每份报告的 CSV 和 JSON\n\n",
           "每个机构页面提供每份报告的 `<报告编号>.csv`（下表各列）、`<报告编号>.json`（与 reports.json "
           "中的一项相同）和原始文件。\n\n", _columns_table(REPORT_CSV_COLUMNS), "\n",
           "## 字段编号\n\n字段编号为“表.行.列”。类型 integer 为件数，number 可带小数。"
           "“模板”一列说明哪一版模板有这个单元格（2019：2019–2020 年度；2021：2021 年度起）。\n\n"]
    rows = []
    for f in fields().values():
        c = field_column(f.id)
        rows.append([f"`{f.id}`", c.type, md(f.row_zh), md(f.column_zh), " ".join(f.templates)])
    out.append('<section data-search-exclude markdown>\n\n'
               + md_table(["字段编号", "类型", "行", "列", "模板"], rows) + "\n</section>\n")
    return "".join(out)
