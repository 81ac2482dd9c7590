"""The downloads page and the generated part of the data dictionary (every file and column)."""

from __future__ import annotations

from builder.export import DATASET_FILES, PACKAGE_FILE
from builder.export.columns import (
    CHECKS_COLUMNS,
    REPORT_META,
    VALUES_COLUMNS,
    field_column,
)
from builder.export.datasets import UNKNOWN
from builder.pages.common import front_matter, md, md_table
from builder.template import fields

PAGE = "downloads/index.md"

FILE_NOTES = {
    "reports.csv": "宽表：每份报告一行，先是元数据列，再是每个字段编号一列。",
    "reports.parquet": "与 reports.csv 相同的宽表，Parquet 格式（列有类型，文字保存原文）。",
    "values.parquet": "长表：每份报告每个单元格一行（report_id, field, value），Parquet 格式；数字与 reports.csv 相同。",
    "checks.csv": "每份报告的每条检查结果一行。",
    "checks.parquet": "与 checks.csv 相同，Parquet 格式。",
    "reports.json.gz": "每份报告的完整解析结果（JSON 数组，gzip 压缩），含六个部分的正文和原始数值文本。",
    PACKAGE_FILE: "Frictionless Data Package 描述文件：列出全部文件，各表的列、类型和中文说明在 schemas/ 下。",
}


def _size(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def downloads_page_files(sizes: dict[str, int], counts: dict[str, int]) -> dict[str, str]:
    """sizes: downloads/-relative path → bytes; counts: chunk ("2020", "2021/jiangsu") → reports."""
    total = sum(counts.values())
    rows = []
    for chunk, count in counts.items():
        links = " · ".join(f'[{name}]({chunk}/{name}){{: download="{chunk.replace("/", "-")}-{name}" }}'
                           f"（{_size(sizes.get(f'{chunk}/{name}', 0))}）" for name in DATASET_FILES)
        rows.append([md("/".join("年度未知" if part == UNKNOWN else part for part in chunk.split("/"))), f"{count:,}", links])
    out = [front_matter("下载"), "# 下载\n\n",
           f"全部 {total:,} 份报告的数据，按年度分文件（报告很多的年度再按省份分），每份都有 CSV 和 Parquet 两种格式。"
           "编码 UTF-8，空白单元格为空（不是 0）。各文件每一列的含义见[数据字典](../dictionary/index.md)。"
           f"全部文件及其结构列在 [{PACKAGE_FILE}]({PACKAGE_FILE}){{: download=\"{PACKAGE_FILE}\" }}"
           "（Frictionless Data Package）中，可用 frictionless、pandas 或 DuckDB 一次读入。\n\n",
           md_table(["年度", "报告", "文件"], rows, ["l", "r", "l"]) if rows else "还没有数据。\n",
           "\n| 文件 | 内容 |\n| --- | --- |\n" + "".join(f"| `{n}` | {md(FILE_NOTES[n])} |\n" for n in DATASET_FILES),
           "\n每个机构页面上还有该机构各年度数据的 CSV 和每份报告的原始文件。\n"]
    return {PAGE: "".join(out)}


def _columns_table(columns) -> str:
    return md_table(["列名", "类型", "中文名", "说明"],
                    [[f"`{c.name}`", c.type, md(c.title), md(c.description)] for c in columns])


def dictionary_markdown() -> str:
    out = ["## 文件\n\n",
           "下载页上的文件按年度分目录（`<年度>/`，报告很多的年度为 `<年度>/<省份>/`），每个目录下都是下表这些文件；"
           f"`{PACKAGE_FILE}` 列出全部目录和文件。\n\n",
           md_table(["文件", "内容"], [[f"`{n}`", md(FILE_NOTES[n])] for n in (*DATASET_FILES, PACKAGE_FILE)]), "\n",
           "## reports.csv 的元数据列\n\n", _columns_table(REPORT_META),
           "\n其后每个字段编号一列，见下方字段表。\n\n",
           "## values.parquet\n\n", _columns_table(VALUES_COLUMNS), "\n",
           "## checks.csv\n\n", _columns_table(CHECKS_COLUMNS), "\n",
           "## 机构页面上的 CSV\n\n",
           "每个机构页面提供 `<机构编号>.csv`：该机构每个年度的报告一行，各列与 reports.csv 相同；"
           "页面上还有每份报告的原始文件（或其在代码仓库中的链接）。完整的解析结果（JSON）在该年度的 reports.json.gz 中。\n\n",
           "## 字段编号\n\n字段编号为“表.行.列”。类型 integer 为件数，number 可带小数。"
           "“模板”一列说明哪一版模板有这个单元格（2019：2019–2020 年度；2021：2021 年度起）。\n\n"]
    rows = []
    for f in fields().values():
        c = field_column(f.id)
        rows.append([f"`{f.id}`", c.type, md(f.row_zh), md(f.column_zh), " ".join(f.templates)])
    out.append('<section data-search-exclude markdown>\n\n'
               + md_table(["字段编号", "类型", "行", "列", "模板"], rows) + "\n</section>\n")
    return "".join(out)
