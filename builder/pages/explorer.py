"""The explorer's key-figures files, the explorer page and the compare page.

    explorer/index.json                 the manifest: columns (labels, minimum counts), the chunks
    explorer/data/<chunk>.json          one row per report of a chunk (a year, or a year's province:
                                        the same split as downloads/, builder.export.chunks)
    explorer/bodies/<agency_id>.json    one agency's rows over the years, for the compare page
    explorer/rank/<year>/<key>.json     in a year of more than RANK_FROM reports: its RANK_TOP rows
                                        with the largest figure or rate `key`, the first screen of a
                                        national ranking, so that it does not need the whole year
    explorer/index.md, compare/index.md the two pages (assets/explorer.js, assets/compare.js)

Every data file is columnar (a list of column keys, then rows as arrays): no key repeated per row,
and the repetitive values (names, regions) compress well under the server's gzip. A rate is stored
as its two counts; the browser divides, and leaves the rate blank below the indicator's
``min_denominator`` (builder.template.indicators). Sizes stay bounded because the files are split
as the downloads are: no file holds more than one year (and, in a large year, one province).

A view of a whole year (no province chosen) needs every province's file of it: 7 MB at 100,000
reports. Sorted by a figure or rate, largest first, with no other filter (a national ranking, and the
default view of a large year), the explorer loads that key's rank file instead (RANK_TOP rows,
bounded whatever N), and the whole year only when the reader asks for more rows, another filter, or
the CSV. (A name search of a whole year still loads the year.)
"""

from __future__ import annotations

import contextlib
import json
from functools import lru_cache
from urllib.parse import urlencode

from builder import cache_format
from builder.check.result import failing
from builder.pages.common import LEVEL_ZH, agency_name, agency_page, front_matter, rel
from builder.pages.docs_tree import content_hash
from builder.pages.figures import total
from builder.pages.years import COMPLETE_RULE_ZH, YearChoice
from builder.readings import reading
from builder.template import TEMPLATES
from builder.template.indicators import (
    INDICATOR,
    INDICATORS,
    UNRANKED_FIGURE,
    UNRANKED_MARK,
    UNRANKED_NOTE,
    rates,
)
from builder.template.indicators import rate as rate_of
from builder.template.labels import KEY_FIGURES

MANIFEST = "explorer/index.json"
EXPLORER_PAGE = "explorer/index.md"
COMPARE_PAGE = "compare/index.md"
MIXED = "mixed"  # a report whose three tables are not all of one template variant
FORMAT = 1  # bump when the columns change meaning (the browser refuses a format it does not know)
RANK_FROM = 1000  # reports in a year above which its rank files are written (fewer: the year is one file)
RANK_TOP = 200  # rows in a rank file: the explorer's first screen (PAGE_ROWS in assets/explorer.js)

# The report's own columns, then the key figures, then the rates (each [numerator, denominator]).
META_COLUMNS = (
    ("id", "报告编号"), ("agency", "机构"), ("agency_id", "机构编号"), ("url", "机构页面"),
    ("province", "省份"), ("city", "地市"), ("county", "区县"), ("level", "层级"), ("year", "年度"),
    ("template", "模板"), ("errors", "错误"), ("warnings", "警告"), ("pinyin", "拼音"),
)
COLUMNS = (*(key for key, _ in META_COLUMNS), *(f.key for f in KEY_FIGURES), *(i.key for i in INDICATORS))
# A name's reading is asked twice a build (its chunk's file and its body's); a name not in the shipped
# table is read by pypinyin, which costs more than the rest of the row.
_reading = lru_cache(maxsize=1 << 16)(reading)
TEMPLATE_ZH = {**{t: f"{t} 版" for t in TEMPLATES}, MIXED: "两版混用", None: "未知"}


def chunk_file(chunk: str) -> str:
    """explorer/data/2024.json, explorer/data/2024/jiangsu.json (chunk as builder.export.chunks names it)."""
    return f"explorer/data/{chunk}.json"


def body_file(agency_id: str) -> str:
    return f"explorer/bodies/{agency_id}.json"


def template_variant(report: dict) -> str | None:
    variants = {v for v in (report.get("template") or {}).values() if v}
    if not variants:
        return None
    return variants.pop() if len(variants) == 1 else MIXED


def _number(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


def explorer_row(report: dict) -> list:
    """One report as a row of COLUMNS."""
    region = report.get("region") or {}
    values = report.get("values") or {}
    agency = agency_name(report) or ""
    row = [
        report["id"], agency, report["agency_id"],
        # Site-relative (no leading slash: the site may live under a path); the browser resolves it.
        agency_page(report["agency_id"]).removesuffix("index.md"),
        region.get("province"), region.get("city"), region.get("county"), report.get("level"), report.get("year"),
        template_variant(report), len(failing(report, ("error",))), len(failing(report, ("warning",))),
        _reading(agency) if agency else "",
    ]
    row += [_number(total(values, figure.fields)) for figure in KEY_FIGURES]
    for rate in rates(values).values():
        row.append(None if rate.numerator is None and rate.denominator is None else [rate.numerator, rate.denominator])
    return row


def _order(reports: list[dict]) -> list[dict]:
    return sorted(reports, key=lambda r: (r.get("year") or 0, r["id"]))


def _line(report: dict) -> str:
    return json.dumps(explorer_row(report), ensure_ascii=False, separators=(",", ":"))


ROWS_KIND, ROWS_FORMAT = 5, 1  # (builder.cache_format's kind byte for the kept rows, and their format)


class Rows:
    """Each report's row (its JSON line) and sort values (_sort_value of every RANK_KEYS), made once per
    view: a rebuild after one report changed or was added remakes its chunk's file and its year's rank
    files, which hold thousands of other reports' rows at N = 10,000 (issue 9: the explorer's files were
    2.1 s of a one-report rebuild there, most of it rows and rates of reports that had not changed).
    Kept in a file between builds (path, read the first time a row is asked), keyed by the report's view
    hash (hashes: report id → hash, as builder.site gives the pages over many reports) and the code;
    entries of views no longer in the collection are dropped when it is written again."""

    def __init__(self, hashes: dict[str, str], path=None, code: str = ""):
        self.hashes, self.path, self.code = hashes, path, code
        self.known: dict[str, list] | None = None if path is not None else {}
        self.used: dict[str, list] = {}
        self.made = 0  # rows made (not kept): the file is written again only then

    def _kept(self) -> dict[str, list]:
        if self.known is None:
            self.known = {}
            try:  # (authenticated: a kept row is written into the explorer's files as it is; builder.state_key)
                state = cache_format.read(self.path, ROWS_KIND, ROWS_FORMAT)
                if isinstance(state, dict) and state.get("code") == self.code and isinstance(state.get("rows"), dict):
                    self.known = state["rows"]
            except (OSError, ValueError):
                pass  # (none kept, or not readable, or not this build's: made again)
        return self.known

    def _entry(self, report: dict) -> list:
        digest = self.hashes.get(report["id"])
        entry = self.used.get(digest) if digest else None
        if entry is not None:
            return entry
        entry = self._kept().get(digest) if digest else None
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)
                and isinstance(entry[1], list) and len(entry[1]) == len(RANK_KEYS)
                and all(v is None or type(v) in (int, float) for v in entry[1])):  # (else the sort raises)
            entry = [_line(report), [_sort_value(report, column) for column in RANK_KEYS]]
            self.made += 1
        if digest:
            self.used[digest] = entry
        return entry

    def line(self, report: dict) -> str:
        return self._entry(report)[0]

    def sort_value(self, report: dict, column: str):
        return self._entry(report)[1][_RANK_INDEX[column]]

    def save(self) -> None:
        """Keep the rows of this collection's views (those asked now, and those kept of reports whose files
        were not made again), when a row was made."""
        if self.path is None or not self.made:
            return
        live = set(self.hashes.values())
        rows = {d: e for d, e in self._kept().items() if d in live} | self.used
        with contextlib.suppress(OSError):  # (not written: the next build makes them again)
            cache_format.write_whole(self.path, cache_format.dumps({"code": self.code, "rows": rows}, ROWS_KIND, ROWS_FORMAT))


def _rows(rows: Rows | None) -> Rows:
    return rows if rows is not None else Rows({})


def _table(reports: list[dict], ordered: bool = False, rows: Rows | None = None) -> str:
    rows = _rows(rows)
    # One row a line: a diff of two builds, and a reader of the file, see one report per line.
    lines = ",\n".join(rows.line(r) for r in (reports if ordered else _order(reports)))
    return f'{{"format":{FORMAT},"columns":{json.dumps(COLUMNS, separators=(",", ":"))},"rows":[\n{lines}\n]}}\n'


def rank_file(year: int | str, key: str) -> str:
    return f"explorer/rank/{year}/{key}.json"


RANK_KEYS = (*(f.key for f in KEY_FIGURES), *(i.key for i in INDICATORS))
_RANK_INDEX = {key: i for i, key in enumerate(RANK_KEYS)}


def ranked_years(parts: dict[str, list[dict]]) -> dict[int, int]:
    """{year: its reports} of the years that have rank files (more than RANK_FROM reports)."""
    counts: dict[int, int] = {}
    for members in parts.values():
        for report in members:
            if isinstance(report.get("year"), int):
                counts[report["year"]] = counts.get(report["year"], 0) + 1
    return {year: n for year, n in sorted(counts.items()) if n > RANK_FROM}


def _sort_value(report: dict, column: str):
    """What the explorer sorts a row by (assets/explorer.js columnsOf): a figure, or a rate where its
    denominator reaches the indicator's minimum; None sorts last."""
    if column in RATE_KEYS:
        rate = rate_of(INDICATOR[column], report.get("values") or {})
        return rate.value if rate.value is not None and rate.rankable else None
    return total(report.get("values") or {}, FIGURE_FIELDS[column])


RATE_KEYS = frozenset(i.key for i in INDICATORS)
FIGURE_FIELDS = {f.key: f.fields for f in KEY_FIGURES}


def rank_files(year: int, reports: list[dict], rows: Rows | None = None) -> dict[str, str]:
    """A year's rank files. reports: the year's reports in the order the explorer reads them when it
    loads the whole year (its chunks in the manifest's order, each chunk's rows in file order), so that
    ties keep the same order either way (the browser's sort is stable)."""
    out, rows = {}, _rows(rows)
    for column in RANK_KEYS:
        values = [(rows.sort_value(r, column), i) for i, r in enumerate(reports)]
        top = sorted(values, key=lambda pair: (pair[0] is None, -(pair[0] or 0), pair[1]))[:RANK_TOP]
        out[rank_file(year, column)] = _table([reports[i] for _v, i in top], ordered=True, rows=rows)
    return out


def year_rank_files(parts: dict[str, list[dict]], year: int, rows: Rows | None = None) -> dict[str, str]:
    """rank_files of `year` from the chunks (builder.export.chunks: in the manifest's order)."""
    members = [r for chunk_members in parts.values() for r in _order(chunk_members) if r.get("year") == year]
    return rank_files(year, members, rows)


def chunk_files(reports: list[dict], chunk: str, rows: Rows | None = None) -> dict[str, str]:
    return {chunk_file(chunk): _table(reports, rows=rows)}


def body_files(agency_id: str, reports: list[dict], rows: Rows | None = None) -> dict[str, str]:
    return {body_file(agency_id): _table(reports, rows=rows)}


def manifest_files(parts: dict[str, list[dict]], choice: YearChoice | None = None) -> dict[str, str]:
    """The manifest: what each column is, which chunk holds which year and provinces, and the year the
    explorer opens on (choice: the home and region pages' own, builder.pages.years.choose_year)."""
    chunks = []
    for chunk, members in parts.items():
        years = {r.get("year") for r in members}
        split = "/" in chunk
        chunks.append({
            "file": chunk_file(chunk), "year": years.pop() if len(years) == 1 else None, "reports": len(members),
            # In a year split by province a chunk is one province; either way the browser skips a chunk
            # that holds none of the provinces asked for.
            "provinces": sorted({(r.get("region") or {}).get("province") or "" for r in members}),
            "split": split,
        })
    manifest = {
        "format": FORMAT,
        "columns": [{"key": key, "label": label} for key, label in META_COLUMNS],
        # field: the one cell a figure is (its value links to that cell on the agency page; a sum of
        # cells, 行政诉讼, has none)
        "figures": [{"key": f.key, "label": f.label, "field": f.fields[0] if len(f.fields) == 1 else None}
                    for f in KEY_FIGURES],
        "rates": [{"key": i.key, "label": i.label, "min": i.min_denominator, "definition": i.definition,
                   "comparable": i.comparable} for i in INDICATORS],
        # (how a rate below its minimum count is printed: the pages' rule, builder.template.indicators)
        "unranked": {"figure": UNRANKED_FIGURE, "mark": UNRANKED_MARK, "note": UNRANKED_NOTE},
        "levels": {str(k): v for k, v in LEVEL_ZH.items() if k},
        "templates": {str(k): v for k, v in TEMPLATE_ZH.items() if k},
        "chunks": chunks,
        "bodies": "explorer/bodies/",
        # The years whose national ranking opens from one bounded file per key (rank_files): each
        # year's reports, and the files' keys and place ({year} and {key} in rank_file replaced).
        "rankings": {str(year): {"reports": n, "top": RANK_TOP} for year, n in ranked_years(parts).items()},
        "rank_keys": list(RANK_KEYS), "rank_file": rank_file("{year}", "{key}"),
    }
    if choice is not None:
        # Without a year in its address the explorer shows this one, as the home page does; the years
        # not yet complete are marked in its year list.
        manifest |= {"default_year": choice.year, "complete_years": list(choice.complete_years),
                     "year_note": choice.note_zh()}
    return {MANIFEST: json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"}


def put_explorer_files(tree, inputs: str, parts: dict[str, list[dict]], choice: YearChoice) -> None:
    """The manifest and the two pages into the docs tree, made again when the reports (inputs: their
    hash) or the year choice (it changes with the date, as a deadline passes) changed."""
    inputs = content_hash(inputs, choice)
    if not tree.unchanged("explorer", inputs):
        tree.put("explorer", inputs, {**manifest_files(parts, choice), **page_files()})


_EXPLORER_MD = """\
# 浏览与筛选

按地区、层级、年度、模板、检查结果和名称（中文、拼音或拼音首字母，如 `huaian`、`has`）筛选全部报告的关键数字；点击列标题排序，
“选择列”决定显示哪些列，“导出 CSV”下载当前筛选结果（UTF-8，Excel 可直接打开）。筛选、排序和列都记在网址里，
复制网址即可分享同一视图。勾选 2–5 个机构后点“比较”，逐年对比。

网址里没有指定年度时，显示最近的完整年度（与首页和各地区页面相同）。

<details><summary>什么是“完整年度”</summary><p>{rule}</p></details>

比率同时给出分子和分母（如 44.7%（1,362/3,050））；分母小于该指标的最少件数时只给件数、不计比率，也不参与排序。
各指标的定义和两版模板的对照见[数据字典](../dictionary/index.md#indicators)。

<link rel="stylesheet" href="../assets/explorer.css">
<div id="explorer" class="explorer" data-root="../" data-manifest="../explorer/index.json" data-search-exclude>
<noscript>浏览页面需要启用 JavaScript；也可以在<a href="../downloads/">下载</a>页获取全部数据。</noscript>
</div>
<script src="../assets/explorer.js"></script>
"""

_COMPARE_MD = """\
# 机构比较

逐年比较 2–5 个机构的关键数字和比率。在[浏览与筛选](../explorer/index.md)页勾选机构后点“比较”，
或在网址后加 `?ids=机构编号1,机构编号2`。

<link rel="stylesheet" href="../assets/explorer.css">
<div id="compare" class="explorer compare" data-root="../" data-manifest="../explorer/index.json" data-search-exclude>
<noscript>比较页面需要启用 JavaScript。</noscript>
</div>
<script src="../assets/explorer.js"></script>
<script src="../assets/compare.js"></script>
"""


def page_files() -> dict[str, str]:
    # No table of contents: neither page has a heading under its title, and at desktop widths the empty
    # column beside them took the width their wide tables scrolled in (tests/site/test_review_explorer_width.py).
    return {EXPLORER_PAGE: front_matter("浏览与筛选", hide=("toc",)) + _EXPLORER_MD.replace("{rule}", COMPLETE_RULE_ZH),
            COMPARE_PAGE: front_matter("机构比较", exclude=True, hide=("toc",)) + _COMPARE_MD}


def explorer_link(from_page: str, **filters: str) -> str:
    """A link to the explorer with filters set (query string, as the explorer writes it)."""
    # To the Markdown file (MkDocs checks the link and writes it as the page's URL, keeping the query).
    return rel(from_page, EXPLORER_PAGE) + ("?" + urlencode(filters) if filters else "")


def compare_link(from_page: str, agency_ids: list[str]) -> str:
    """compare/?ids=a,b from a docs page (an agency page may carry one)."""
    return rel(from_page, COMPARE_PAGE) + "?ids=" + ",".join(agency_ids)
