"""The list of all agencies and the 未能解析 page (reports that could not be parsed)."""

from __future__ import annotations

from pathlib import Path

from builder.export import Failure
from builder.pages.common import front_matter, md, md_table
from builder.pages.regions import agency_table

AGENCIES_PAGE = "agencies/index.md"
FAILURES_PAGE = "failures/index.md"


def write_agencies_index(reports: list[dict], docs: Path) -> str:
    (docs / "agencies").mkdir(parents=True, exist_ok=True)
    agencies = len({r["agency_id"] for r in reports})
    out = [front_matter("机构"), "# 机构\n\n", f"共 {agencies:,} 个机构（每个机构列出最近一个年度）。点击表头可以排序。\n\n",
           '<section data-search-exclude markdown>\n\n', agency_table(reports, AGENCIES_PAGE), "\n</section>\n"]
    (docs / AGENCIES_PAGE).write_text("".join(out), encoding="utf-8")
    return AGENCIES_PAGE


def write_failures_page(failures: list[Failure], docs: Path) -> str:
    (docs / "failures").mkdir(parents=True, exist_ok=True)
    out = [front_matter("未能解析"), "# 未能解析\n\n"]
    if not failures:
        out.append("所有报告都解析成功了。\n")
    else:
        out.append(f"以下 {len(failures)} 个文件无法解析，没有进入数据集。每行是程序给出的原因；"
                   "修正文件或补充附属文件（`.yml`）后重新构建即可。\n\n")
        # <code> with escaped text, not a `code span`: a backtick or pipe in a file name cannot end it.
        out.append(md_table(["文件", "原因"], [[f"<code>{md(f.path)}</code>", md(f.error)] for f in failures]))
    (docs / FAILURES_PAGE).write_text("".join(out), encoding="utf-8")
    return FAILURES_PAGE
