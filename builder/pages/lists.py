"""The 机构 page (agencies, by province) and the 未能解析 page (reports that could not be parsed)."""

from __future__ import annotations

from builder.export import Failure
from builder.pages.common import front_matter, md, md_table, page_chain, region_chain, rel
from builder.pages.explorer import explorer_link
from builder.pages.regions import Region, ordered

AGENCIES_PAGE = "agencies/index.md"
FAILURES_PAGE = "failures/index.md"


def agencies_index_files(roots: dict[tuple, Region], reports: list[dict], today=None,
                         unplaced: list[dict] | None = None) -> dict[str, str]:
    """One line per province, linking to the explorer filtered to it (every agency of the province, its
    figures, sortable, the name column in view) at the year its page shows (the latest complete year,
    else the latest: Region.year_choice) and to the province's page. A table of every agency here would
    grow without bound (tens of thousands of rows); the explorer loads one year at a time."""
    agencies = len({r["agency_id"] for r in reports})
    latest = max((r["year"] for r in reports if isinstance(r.get("year"), int)), default=None)
    year = {"year": str(latest)} if latest else {}
    out = [front_matter("机构"), "# 机构\n\n",
           f"共 {agencies:,} 个机构、{len(reports):,} 份报告。在[浏览与筛选]({explorer_link(AGENCIES_PAGE, **year)})"
           "页可以按地区、层级、年度和名称（中文或拼音）查找全部机构，按任一列排序，导出 CSV，勾选几个机构逐年比较。\n\n"]
    rows = []
    for root in ordered(roots.values()):  # division-code order, as every list of provinces
        # The year the province's page shows: the explorer loads one year's file, not every year's.
        choice = root.year_choice(today)
        shown = choice.year
        when = f"{shown} 年度" + ("" if choice.complete else "（尚不完整）") if shown else ""
        rows.append([f"[{md(root.name)}]({explorer_link(AGENCIES_PAGE, province=root.name, year=str(shown or 'all'))})",
                     f"{len({r['agency_id'] for r in root.reports}):,}", f"{len(root.reports):,}",
                     when, f"[地区页面]({rel(AGENCIES_PAGE, root.page)})"])
    if rows:
        out.append("点击省份，在浏览页查看该省最近的完整年度（没有完整年度时为最新年度）的全部机构（年度可在浏览页更改）。\n\n")
        out.append(md_table(["省份", "机构", "报告", "年度", "概况"], rows, ["l", "r", "r", "l", "l"]) + "\n")
    # (unplaced: the reports of no known region, when the caller has them: builder.pages.year_parts.YearSums)
    unplaced = {r["agency_id"] for r in (unplaced if unplaced is not None
                                         else [r for r in reports if not page_chain(region_chain(r))])}
    if unplaced:
        out.append(f"另有 {len(unplaced):,} 个机构的地区未知，见[浏览与筛选]"
                   f"({explorer_link(AGENCIES_PAGE, province='-', year='all')})（省份选“未知”）。\n")
    return {AGENCIES_PAGE: "".join(out)}


FAILURES_SHOWN = 300  # files listed on one page of 未能解析: past it, pages failures/2/, failures/3/ …


def _failures_page(n: int) -> str:
    return FAILURES_PAGE if n == 1 else f"failures/{n}/index.md"


def failures_page_files(failures: list[Failure], shown=lambda path: path) -> dict[str, str]:
    """shown: how a file's path is printed (Collection.shown_path: relative to the data folder). The
    list is cut into pages of FAILURES_SHOWN files (a bad batch of a national collection is thousands)."""
    if not failures:
        return {FAILURES_PAGE: front_matter("未能解析") + "# 未能解析\n\n所有报告都解析成功了。\n"}
    pages = [failures[i:i + FAILURES_SHOWN] for i in range(0, len(failures), FAILURES_SHOWN)]
    files = {}
    for n, listed in enumerate(pages, 1):
        page = _failures_page(n)
        title = "未能解析" + (f" · 第 {n} / {len(pages)} 页" if len(pages) > 1 else "")
        out = [front_matter(title, exclude=n > 1), f"# {title}\n\n",
               f"以下 {len(failures):,} 个文件无法解析，没有进入数据集"
               + (f"（本页第 {(n - 1) * FAILURES_SHOWN + 1:,}–{(n - 1) * FAILURES_SHOWN + len(listed):,} 个）"
                  if len(pages) > 1 else "")
               + "。每行是程序给出的原因；修正文件或补充附属文件（`.yml`）后重新构建即可。\n\n"]
        # <code> with escaped text, not a `code span`: a backtick or pipe in a file name cannot end it.
        # (in a block of its own class: a reason's long path may break, so a phone's table keeps the screen's width)
        out.append('<div class="failure-list" markdown>\n\n'
                   + md_table(["文件", "原因"], [[f"<code>{md(shown(f.path))}</code>", md(f.error)] for f in listed])
                   + "\n</div>\n")
        if len(pages) > 1:
            out.append("\n分页：" + " · ".join(f"第 {m} 页" if m == n else f"[第 {m} 页]({rel(page, _failures_page(m))})"
                                              for m in range(1, len(pages) + 1)) + "\n")
        files[page] = "".join(out)
    return files
