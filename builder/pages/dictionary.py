"""The dictionary page's indicator definitions and its crosswalk of the 2019 and 2021 templates.

Both are written from the template module (builder.template, .indicators, fields.csv), never
copied by hand: a row or indicator added there shows here with the next build.
"""

from __future__ import annotations

from builder.pages.common import md, md_table
from builder.template import (
    APPEAL_GROUPS,
    APPEAL_GROUPS_ZH,
    PROACTIVE_ROWS,
    REQUEST_ROWS,
    TEMPLATES,
    fields,
)
from builder.template.indicators import INDICATORS
from builder.template.labels import OTHER_HANDLING_ZH, TABLE_NAMES_ZH


def _ids(field_ids: tuple[str, ...]) -> str:
    return "<br>".join(f"`{f}`" for f in field_ids)


def indicators_markdown() -> str:
    out = ['## 指标 {#indicators}\n\n',
           "网站和浏览页上的比率都按下表计算，并总是同时给出分子和分母。分子或分母的各单元格全部空白时不计算；"
           "部分空白的按 0 计。分母小于“最少件数”时只给件数、不给比率，也不参与排名"
           "（3 件申请算出的 67% 说明不了什么）。\n\n"]
    rows = []
    for i in INDICATORS:
        rows.append([md(i.label), f"`{i.key}`", md(i.definition), _ids(i.numerator), _ids(i.denominator),
                     str(i.min_denominator), md(i.comparable) or "两版相同"])
    out.append('<section data-search-exclude markdown>\n\n'
               + md_table(["指标", "编号", "公式", "分子（字段之和）", "分母（字段之和）", "最少件数", "2019 版与 2021 版"],
                          rows, ["l", "l", "l", "l", "l", "r", "l"]) + "\n</section>\n\n")
    return "".join(out)


def _mark(present: bool) -> str:
    return "✓" if present else "—"


def _column_labels(table: str, row: str, template: str) -> list[str]:
    return [f.column_zh for f in fields().values() if f.table == table and f.row == row and template in f.templates]


def _proactive_rows() -> list[list[str]]:
    rows = []
    for r in PROACTIVE_ROWS:
        cols = {t: r.columns.get(t, ()) for t in TEMPLATES}
        labels = {t: _column_labels("proactive", r.key, t) for t in TEMPLATES}
        shared = [c for c in cols["2019"] if c in cols["2021"]]
        if not any(cols.values()):
            relation = "两版都没有"
        elif not cols["2019"] or not cols["2021"]:
            relation = f"只有 {'2019' if cols['2019'] else '2021'} 版有此行，另一版无对应"
        elif shared and len(shared) == len(cols["2019"]) == len(cols["2021"]):
            relation = "两版相同，可以比较"
        elif shared:
            names = "、".join(f.column_zh for f in fields().values()
                             if f.table == "proactive" and f.row == r.key and f.column in shared)
            relation = f"只有“{names}”两版共有，可以比较；其余列只有一版有"
        else:
            relation = "两版的列不同（统计口径不同），不能直接比较"
        rows.append([md(" / ".join(r.labels)), md(f"第二十条第（{r.section}）项"),
                     md("、".join(labels["2019"])) or "—", md("、".join(labels["2021"])) or "—", md(relation)])
    return rows


def _request_rows() -> list[list[str]]:
    split = [r for r in REQUEST_ROWS if r.group == OTHER_HANDLING_ZH]
    merged = [r for r in REQUEST_ROWS if len(r.templates) == 1 and r not in split]
    rows = []
    for r in REQUEST_ROWS:
        label = (f"{r.group} {r.item}. " if r.item else "") + r.label
        both = len(r.templates) == len(TEMPLATES)
        if both:
            relation = "两版相同，可以比较"
        elif r in split:
            relation = (f"2019 版没有，合在“（六）{OTHER_HANDLING_ZH}”一行（`requests.{merged[0].key}`）中；"
                        "三项之和与之对应" if merged else "只有 2021 版有")
        else:
            parts = "、".join(f"`requests.{s.key}`" for s in split)
            relation = f"2021 版分为三行（{parts}），三行之和与此行对应"
        rows.append([md(label), f"`requests.{r.key}.*`", _mark("2019" in r.templates), _mark("2021" in r.templates),
                     relation])
    return rows


def crosswalk_markdown() -> str:
    ids = fields()
    by = {t: sum(t in f.templates for f in ids.values()) for t in TEMPLATES}
    shared = sum(len(f.templates) == len(TEMPLATES) for f in ids.values())
    out = ['## 2019 版与 2021 版模板对照 {#crosswalk}\n\n',
           "国务院办公厅先后两次规定年度报告的格式：国办公开办函〔2019〕60号（2019、2020 年度报告）和"
           "国办公开办函〔2021〕30号（2021 年度起）。下表列出两版各有哪些行和单元格、彼此如何对应；"
           "比较跨越 2020 和 2021 年度的数字前请先看这里。"
           f"字段共 {len(ids)} 个：2019 版 {by['2019']} 个，2021 版 {by['2021']} 个，两版共有 {shared} 个。\n\n",
           f"### 二、主动公开（{md(TABLE_NAMES_ZH['proactive'])}）\n\n",
           "两版的行相同，列（统计口径）多有不同；只有列名相同的单元格可以跨版比较。\n\n",
           '<section data-search-exclude markdown>\n\n',
           md_table(["行", "条款", "2019 版的列", "2021 版的列", "对应关系"], _proactive_rows()),
           "\n</section>\n\n",
           f"### 三、依申请公开（{md(TABLE_NAMES_ZH['requests'])}）\n\n",
           "两版的列（申请人类别）相同；行只在“（六）其他处理”不同：2019 版为一行，2021 版分为三项。"
           "“（七）总计”两版都有，以它为分母的比率两版可比。\n\n",
           '<section data-search-exclude markdown>\n\n',
           md_table(["行", "字段", "2019 版", "2021 版", "对应关系"], _request_rows(), ["l", "l", "l", "l", "l"]),
           "\n</section>\n\n",
           f"### 四、复议诉讼（{md(TABLE_NAMES_ZH['appeals'])}）\n\n"]
    appeal_rows = []
    for group, label in zip(APPEAL_GROUPS, APPEAL_GROUPS_ZH, strict=True):
        present = {t: _column_labels("appeals", group, t) for t in TEMPLATES}
        same = present["2019"] == present["2021"]
        appeal_rows.append([md(label), f"`appeals.{group}.*`", md("、".join(present["2019"])) or "—",
                            md("、".join(present["2021"])) or "—", "两版相同，可以比较" if same else "两版不同"])
    out += [md_table(["组", "字段", "2019 版", "2021 版", "对应关系"], appeal_rows), "\n"]
    return "".join(out)
