"""The published datasets, split so that no file grows without bound.

    downloads/<year>/reports.csv  .parquet    wide: one row per report
    downloads/<year>/reports.xlsx             the same columns for people: Chinese headers above the ids,
                                              levels and yes/no in Chinese (builder/export/workbook.py)
    downloads/<year>/values.parquet           long: one row per report and cell (the same numbers)
    downloads/<year>/tidy.parquet             long and labelled: body, year, table/row/column, value,
                                              status (printed, blank, unknown, derived), Chinese labels
    downloads/<year>/provenance.parquet       where each value was printed, keyed like values.parquet
    downloads/<year>/checks.csv   .parquet    one row per check
    downloads/<year>/reports.json.gz          the full parse results, gzip (provenance apart: see APART)
    downloads/corrections.csv                 the changelog of data corrections (builder/export/corrections.py)

The long tables and the JSON are for programs, which read Parquet and gzip as they come: as plain
CSV and JSON they would be most of the site's bytes (a report's 200-odd cells with their Chinese
labels, its narrative text), for numbers that reports.csv and reports.xlsx already hold. The tidy
table is Parquet only: its xz-compressed CSV (1.6 KB a report) repeated tidy.parquet's rows, 2.2% of the
site's bytes at 1,000 reports, and its compression was the slowest step of writing a chunk.
    downloads/datapackage.json                every file above, with the schemas in downloads/schemas/ (a year
                                              split by province: its own package, named here)
    downloads/<year>/datapackage.json         a year split by province: its files, its copy of schemas/

A year with more than PROVINCE_SPLIT reports is split once more by province
(downloads/<year>/<province>/…). Blank cells are written as empty CSV cells, JSON and Parquet
null, never 0. Every CSV starts with a UTF-8 byte-order mark: Excel on a Chinese Windows reads a
CSV without one in the local code page (GBK) and shows 乱码. A text cell of a CSV that a spreadsheet
would take for a formula gets a leading single quote (see _neutralized); the workbook writes every
string as a string cell, and the JSON and Parquet files keep every string as the report printed it.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
import struct

from builder.check.result import failing, passes
from builder.export.columns import (
    CHECKS_COLUMNS,
    CORRECTIONS_COLUMNS,
    PROVENANCE_COLUMNS,
    REPORT_META,
    TIDY_COLUMNS,
    VALUES_COLUMNS,
    Column,
    report_columns,
)
from builder.export.long import provenance_columns, tidy_columns
from builder.export.parquet_arrays import arrow_table
from builder.export.parquet_rows import joined, row_group
from builder.export.workbook import FORMULA_START, sheet_piece, sheet_run, workbook
from builder.template import RULE, fields
from builder.template.labels import LEVEL_ZH, YES_NO_ZH

# The files of one chunk (a year, or a province of a large year).
DATASET_FILES = ("reports.csv", "reports.xlsx", "reports.parquet", "values.parquet", "tidy.parquet",
                 "provenance.parquet", "checks.csv", "checks.parquet", "reports.json.gz")
PACKAGE_FILE = "datapackage.json"
CORRECTIONS_FILE = "corrections.csv"
# The byte-order mark every CSV starts with (Excel's sign that the file is UTF-8).
BOM = "\ufeff"
PROVINCE_SPLIT = 5000  # reports in one year above which the year is split by province
UNKNOWN = "unknown"  # the folder of reports whose year (or province) is not known


# Which checks count against a report is decided once, in builder.check.result.
failed_checks = failing
passes_checks = passes


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def report_row(report: dict) -> dict:
    region = report.get("region") or {}
    template = report.get("template") or {}
    source = report.get("source") or {}
    errors = len(failed_checks(report, ("error",)))
    warnings = len(failed_checks(report, ("warning",)))
    row = {
        "report_id": report["id"], "agency": report.get("agency"), "agency_id": report["agency_id"],
        "year": report.get("year"),
        **{level: region.get(level) for level in ("province", "city", "county", "township")},
        "level": report.get("level"), "published": report.get("published"),
        **{f"template_{t}": template.get(t) for t in ("proactive", "requests", "appeals")},
        "source_file": source.get("file"), "source_format": source.get("format"),
        "source_sha256": source.get("sha256"), "source_url": source.get("source_url"),
        "retrieved": source.get("retrieved"),
        "checks_error": errors, "checks_warning": warnings, "passes_checks": passes(report),
        "agency_normalized": report.get("agency_normalized"), "body_id": report.get("body_id"),
    }
    assert list(row) == [c.name for c in REPORT_META]
    values = report.get("values") or {}
    row.update({f: values.get(f) for f in fields()})
    return row


# A spreadsheet reads a cell starting with one of FORMULA_START as a formula (=HYPERLINK(…), +cmd|…, @SUM(…));
# the workbook's list, where its text cells get the quote-prefix style.


def _neutralized(value) -> str | None:
    """A text cell a spreadsheet would run, made inert as OWASP's "CSV Injection" advises:
    a single quote before it (and the field quoted, see _csv). Numbers are never touched
    (-3 is a number); None when the cell needs nothing."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return None


def _field(text: str, quoting: int) -> str:
    """One CSV field as the csv module writes it."""
    if not text and quoting == csv.QUOTE_MINIMAL:
        return ""  # (alone in a row csv would write "" for it)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="", quoting=quoting).writerow([text])
    return buf.getvalue()


def _csv(columns: list[Column] | tuple[Column, ...], rows) -> str:
    """A CSV with the byte-order mark, a header of the column names, the rows; formula-like text
    cells neutralized."""
    buf = io.StringIO()
    buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    for row in rows:
        values = [row.get(c.name) for c in columns]
        cells = [_cell(v) for v in values]
        inert = {i: text for i, v in enumerate(values) if (text := _neutralized(v)) is not None}
        if not inert:
            writer.writerow(cells)
            continue
        # csv.writer quotes a whole row or only where needed, never one chosen field: a row with a
        # neutralized cell is joined field by field, that cell always quoted.
        buf.write(",".join(_field(inert[i], csv.QUOTE_ALL) if i in inert else _field(cell, csv.QUOTE_MINIMAL)
                           for i, cell in enumerate(cells)) + "\n")
    return buf.getvalue()


def values_columns(reports: list[dict]) -> dict[str, list]:
    """values.parquet's rows, column by column: one per report and value, in the record's order."""
    out: dict[str, list] = {"report_id": [], "field": [], "value": []}
    for report in reports:
        values = report.get("values") or {}
        out["report_id"].extend([report["id"]] * len(values))
        out["field"].extend(values)
        out["value"].extend(values.values())
    return out


def checks_rows(reports: list[dict]):
    for report in reports:
        for check in report["checks"]:
            rule = RULE.get(check["rule"])
            yield {"report_id": report["id"], "rule": check["rule"], "severity": check["severity"],
                   "title": rule.title_zh if rule else check["rule"], "fields": " ".join(check.get("fields") or []),
                   "message": check.get("message"), "acknowledged": bool(check.get("acknowledged"))}


def agency_csv(reports: list[dict]) -> str:
    """One agency's reports, one row per year, the columns of reports.csv (the body — agency, agency_id,
    body_id — and the year in every row): the download on its page. Its header is the ids alone: a row
    of the Chinese titles would be 20 KB in every agency's file, twice what the file holds otherwise
    (10 KB a report on the site); they are in the year's reports.xlsx and on the dictionary page."""
    return _csv(report_columns(), (report_row(r) for r in reports))


def _schema(columns) -> dict:
    out = []
    for c in columns:
        spec = {"name": c.name, "type": c.type, "title": c.title, "description": c.description}
        if c.type == "boolean":
            spec["trueValues"], spec["falseValues"] = ["true"], ["false"]
        out.append(spec)
    return {"fields": out, "missingValues": [""]}


# name, title, description, columns, primary key, the CSV beside the Parquet ("" none, or its file suffix)
TABLES = {
    "reports": ("报告（宽表）", "每份报告一行：元数据和每个字段编号一列。", report_columns, ["report_id"], ".csv"),
    "values": ("数值（长表）", "每份报告每个单元格一行：报告编号、字段编号、数值。", lambda: VALUES_COLUMNS,
               ["report_id", "field"], ""),
    "tidy": ("数值（整洁长表）", "每份报告每个单元格一行，带机构、年度、表/行/列编号和中文名称，以及状态"
             "（印出、空白、无法确定、推算）；推算的单元格（status 为 derived）注明推算依据。",
             lambda: TIDY_COLUMNS, ["report_id", "table", "row", "column"], ""),
    "provenance": ("数值出处", "每个单元格在原始报告中的位置：印出的原文、PDF 页码和单元格框、表格的第几张表第几行第几列、"
                   "文本的行号；与 values.parquet 同样以 report_id + field 为键。", lambda: PROVENANCE_COLUMNS,
                   ["report_id", "field"], ""),
    "checks": ("检查结果", "每份报告的检查结果，一条一行。", lambda: CHECKS_COLUMNS, None, ".csv"),
}
CORRECTIONS_TABLE = ("数据更正记录", "附属文件中对报告数据的更正（机构、年度、地区、发布日期、已知问题、来源网址、"
                     "原始文件更换），最新的在前。", CORRECTIONS_COLUMNS)
# Every CSV starts with a byte-order mark. The Data Resource's encoding is an IANA name ("utf-8"); a UTF-8
# file may begin with the mark, and frictionless-py and pandas' "utf-8-sig" read past it.
CSV_DIALECT = {"delimiter": ",", "header": True, "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True}
CSV_NOTE = "UTF-8 编码，文件以字节顺序标记（BOM）开头，Excel 可直接打开；pandas 用 encoding=\"utf-8-sig\" 读取。"


def schema_files() -> dict[str, str]:
    """downloads/schemas/<table>.json: each table's Table Schema, referenced by every chunk's resource."""
    out = {}
    tables = {name: (columns, primary_key) for name, (_t, _d, columns, primary_key, _c) in TABLES.items()}
    tables["corrections"] = (lambda: CORRECTIONS_TABLE[2], None)
    for table, (columns, primary_key) in tables.items():
        schema = _schema(columns())
        if primary_key:
            schema["primaryKey"] = primary_key
        out[f"schemas/{table}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=1)
    return out


def _csv_resource(name: str, path: str, title: str, description: str, schema: str, **extra) -> dict:
    return {"name": name, "path": path, "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "dialect": CSV_DIALECT, "title": title, "description": f"{description}{CSV_NOTE}",
            "schema": schema, **extra}


def _chunk_resources(chunk: str, folder: str) -> list[dict]:
    """A chunk's resources: a CSV and a Parquet resource of each table, the workbook and the JSON of the
    full parse results; paths relative to folder (the chunk's year: its package's folder)."""
    name = chunk.replace("/", "-")
    where = chunk.removeprefix(folder).lstrip("/")
    where = f"{where}/" if where else ""
    resources = []
    for table, (title, description, _columns, _pk, csv_suffix) in TABLES.items():
        if csv_suffix:
            resources.append(_csv_resource(f"{table}-{name}", f"{where}{table}{csv_suffix}", f"{title} · {chunk}",
                                           description, f"schemas/{table}.schema.json"))
        # A plain data resource: Parquet carries its own column types (those of the CSV's schema), and
        # a Table Schema validator reads nullable integers back from it as floats (and, schema-less,
        # guesses a column's type from its first rows). "type": "file" is frictionless-py's word for it.
        resources.append({"name": f"{table}-{name}-parquet", "path": f"{where}{table}.parquet",
                          "profile": "data-resource", "type": "file", "format": "parquet",
                          "mediatype": "application/vnd.apache.parquet", "title": f"{title} · {chunk} · Parquet",
                          "description": f"{description}列见 schemas/{table}.schema.json。"})
    # (a file, too: its first row is the Chinese titles, the second the column names)
    resources.append({"name": f"reports-xlsx-{name}", "path": f"{where}reports.xlsx", "format": "xlsx",
                      "profile": "data-resource", "type": "file",
                      "mediatype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      "title": f"报告（宽表，Excel） · {chunk}",
                      "description": "与 reports.csv 的列和顺序相同的宽表，供人阅读：第 1 行中文列名，第 2 行列编号；"
                                     f"机构层级写作{LEVEL_ZH['county']}等、是否写作{YES_NO_ZH[True]}/{YES_NO_ZH[False]}"
                                     "（reports.csv 中为 county、true/false），数字相同；"
                                     "另有“字段”表（每个字段编号的表、行、列中文名）和“说明”表。"})
    resources.append({"name": f"reports-json-{name}", "path": f"{where}reports.json.gz", "format": "json",
                      "compression": "gz", "mediatype": "application/gzip", "encoding": "utf-8",
                      "title": f"报告（JSON，gzip 压缩） · {chunk}",
                      "description": "每份报告的完整解析结果（数据约定中的 JSON 对象的数组），含六个部分的正文；"
                                     "数值出处（provenance）另见 provenance.parquet。"})
    return resources


PACKAGE_NAME = "gov-open-info-annual-reports"
PACKAGE_TITLE = "政府信息公开工作年度报告数据"
PACKAGE_DESCRIPTION = (
    "各级政府机关《政府信息公开工作年度报告》三张统计表（主动公开、依申请公开、"
    "行政复议和行政诉讼）的数字，按国务院统一模板解析并核对。按年度分文件（报告多的年度再按省份分），"
    "每份有 CSV、Excel 和 Parquet 格式。空白单元格为空，不是 0。"
    "CSV 为 UTF-8 编码，以字节顺序标记（BOM）开头。"
    "CSV 中以 = + - @、制表符或回车开头的文字单元格前加了单引号 '，以免电子表格当作公式执行"
    "（数字不受影响）；Excel 文件中文字一律为文本单元格，JSON 和 Parquet 保存原文。")


def _package(name: str, title: str, description: str, resources: list[dict], version: dict | None) -> dict:
    package = {
        "name": name, "title": title, "description": description,
        # The reports are public government documents; this compilation is offered under CC BY 4.0.
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": resources,
    }
    if version:
        # Data Package's version string: the commit's date, and the commit as build metadata (SemVer's "+").
        package["version"] = f"{version['date']}+{version['commit']}" if version.get("commit") else version["date"]
    return package


# The data package is cut by year so that no descriptor grows with the number of chunks: at 100,000
# reports one package of every chunk was 659 KB (9 resources a chunk, 150 chunks; benchmarks/downloads_growth.py). A year in one folder
# is described in downloads/datapackage.json itself, as before; a year split by province (more than
# PROVINCE_SPLIT reports) is a Data Package of its own in its folder, downloads/<year>/datapackage.json,
# which downloads/datapackage.json names as a resource. (The spec's descriptor is named datapackage.json
# and lies above its resources, whose paths may not climb out with ../: so a split year's folder holds a
# copy of the schemas, schemas/, 77 KB; a year in one folder needs none, so a small site is as it was.)
# The index then holds at most a year's nine files per year (3 KB at 100,000 reports), a split year's
# package a province's nine files per province (131 KB for 30 provinces).
def year_of(chunk: str) -> str:
    """The year (its folder under downloads/) of a chunk: 2021 of 2021/jiangsu."""
    return chunk.split("/")[0]


def years_of(chunks: list[str]) -> dict[str, list[str]]:
    """Chunks by year, in their order."""
    out: dict[str, list[str]] = {}
    for chunk in chunks:
        out.setdefault(year_of(chunk), []).append(chunk)
    return out


def year_package(year: str, chunks: list[str], version: dict | None = None) -> dict:
    """The Data Package of one year's chunks (downloads/<year>/datapackage.json): every file of each chunk,
    paths relative to the year's folder."""
    label = "年度未知" if year == UNKNOWN else f"{year} 年度"
    return _package(f"{PACKAGE_NAME}-{year}", f"{PACKAGE_TITLE} · {label}", PACKAGE_DESCRIPTION,
                    [r for chunk in chunks for r in _chunk_resources(chunk, year)], version)


def datapackage(chunks: list[str], version: dict | None = None, corrections: bool = False) -> dict:
    """downloads/datapackage.json: the files of each year in one folder, the Data Package of each year split
    by province (see year_package) as a resource, and the corrections file when there is one. chunks:
    "2020", "2021/jiangsu", …; version: builder.version's DatasetVersion.as_dict()."""
    resources = []
    split = False
    for year, of_year in years_of(chunks).items():
        if of_year == [year]:
            resources += _chunk_resources(year, "")
            continue
        split = True
        label = "年度未知" if year == UNKNOWN else f"{year} 年度"
        # A plain file resource: a descriptor, not a table (frictionless-py would read it as JSON rows).
        resources.append({"name": f"package-{year}", "path": f"{year}/{PACKAGE_FILE}", "profile": "data-resource",
                          "type": "file", "format": "json", "mediatype": "application/json", "encoding": "utf-8",
                          "title": f"数据包 · {label}",
                          "description": f"{label}的数据按省份分为 {len(of_year)} 个文件夹，由这个 Frictionless Data "
                                         "Package 描述文件列出：每个文件（CSV、Excel、Parquet、JSON）及其列结构"
                                         "（同目录 schemas/ 下）。"})
    if corrections:
        title, description, _columns = CORRECTIONS_TABLE
        resources.append(_csv_resource("corrections", CORRECTIONS_FILE, title, description,
                                       "schemas/corrections.schema.json"))
    note = (f"报告很多、按省份分的年度各有自己的数据包（该年度文件夹中的 {PACKAGE_FILE}），本描述文件把它列为一项。"
            if split else "")
    return _package(PACKAGE_NAME, PACKAGE_TITLE, PACKAGE_DESCRIPTION + note, resources, version)


def chunk_of(report: dict, large_years: set) -> str:
    """The folder of a report's files under downloads/: its year, and its province in a large year."""
    year = str(report.get("year") or UNKNOWN)
    if year not in large_years:
        return year
    from builder.metadata import region_slug  # (only for a large year: the import statement per report cost)

    province = (report.get("region") or {}).get("province")
    return f"{year}/{region_slug(province, 'province') if province else UNKNOWN}"


def chunks(reports: list[dict], split: int = PROVINCE_SPLIT) -> dict[str, list[dict]]:
    """Reports by chunk, in the order given."""
    by_year: dict[str, list[dict]] = {}
    for report in reports:
        by_year.setdefault(str(report.get("year") or UNKNOWN), []).append(report)
    large = {year for year, members in by_year.items() if len(members) > split}
    out: dict[str, list[dict]] = {year: members for year, members in by_year.items() if year not in large}
    for year in large:  # (a large year alone asks each of its reports its province: chunk_of)
        for report in by_year[year]:
            out.setdefault(chunk_of(report, large), []).append(report)
    return dict(sorted(out.items()))


def load_encoders() -> None:
    """Import what a chunk's files are made with (pyarrow, its Parquet writer, nanoarrow: builder/export/
    parquet_arrays.py), which this module imports only when a chunk is made: 0.1–0.2 s of a one-report rebuild.
    A build calls it in a thread while it waits on the one report's parse (builder.site: _import_meanwhile)."""
    import nanoarrow  # noqa: F401
    import pyarrow.parquet  # noqa: F401


def _arrow(columns, rows: list[dict] | dict[str, list]):
    """An Arrow table with the columns' types of rows, or of each column's values (name → list); strings
    as printed (no formula quote). Built without pyarrow importing pandas (builder/export/parquet_arrays.py)."""
    if not isinstance(rows, dict):
        rows = {c.name: [row.get(c.name) for row in rows] for c in columns}
    # Column by column: a third of the time of from_pylist's dict per row (the tidy table has 200 rows a report).
    return arrow_table(columns, rows)


def _parquet_of(table, dictionary: bool | list[str] = True) -> bytes:
    """A Parquet file (zstd) of an Arrow table; dictionary: pyarrow's use_dictionary (the columns
    dictionary-encoded, or all of them)."""
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    # (one row group, however long: builder/export/parquet_rows.py joins a chunk's groups)
    pq.write_table(table, buf, compression="zstd", row_group_size=max(1, table.num_rows), use_dictionary=dictionary)
    return buf.getvalue()


def _dictionary(name: str, columns) -> bool | list[str]:
    """Which columns of the Parquet file of table name are dictionary-encoded: in the wide table its text
    columns alone (its 226 number columns of a few hundred rows lose nothing without, measured: 0.5% fewer
    bytes, and the encoding took a third of the time of writing its row group); every column of the long
    tables, whose numbers repeat (a third of provenance.parquet's bytes without)."""
    return [c.name for c in columns if c.type in ("string", "date")] if name == "reports" else True


def _gzip(text: str) -> bytes:
    # mtime=0: the same rows give the same bytes (the file is rewritten only when they change).
    return gzip.compress(text.encode("utf-8"), mtime=0)


# Published apart from the JSON: provenance.parquet holds it, keyed by report and field. In the JSON a
# report's 200-odd boxes (unique numbers, which compress badly) would weigh more than the rest of it.
APART = ("provenance",)


def _record(report: dict) -> dict:
    """A report as reports.json.gz holds it: the parse result, less what another file holds, and less
    source.path — where the file lay on the machine that built the site (source.file names it)."""
    record = {k: v for k, v in report.items() if k not in APART}
    if isinstance(record.get("source"), dict):
        record["source"] = {k: v for k, v in record["source"].items() if k != "path"}
    return record


# A chunk's files are assembled from the pieces of its segments: runs of about SEGMENT reports (in the
# chunk's order) whose boundaries are set by the reports' own ids (a new segment starts at a report whose
# id hashes to 0 modulo SEGMENT: content-defined chunking, as rsync and restic cut files), so a report
# changed or added changes one segment's pieces, whatever the size of the chunk; builder/site.py keeps
# the pieces between builds. The CSVs are the segments' rows one after another; the compressed files are
# one gzip member per segment, concatenated (the format defines a file of several members as their
# concatenation: gzip, Python's gzip module, pandas and R read them);
# the Parquet files are the segments' Arrow tables written as one. Measured at N = 1,000 (a chunk of
# 345 reports): segments of 16 cost gzip 9% more bytes than one stream (0.3 KB a report), and
# one report changed costs its chunk's downloads 0.74 s of CPU instead of 2.2 s; what is left grows
# with the chunk at C speed (Parquet) but for the workbook (XlsxWriter writes every cell: 0.5 s).
SEGMENT = 16


def _mark(report_id: str) -> int:
    import hashlib

    return int.from_bytes(hashlib.sha256(str(report_id).encode()).digest()[:8], "big")


def segments(reports: list[dict], size: int = SEGMENT) -> list[list[dict]]:
    """A chunk's reports cut into runs, in their order, a run starting at each report whose id hashes to 0
    modulo size (content-defined chunking)."""
    out: list[list[dict]] = []
    for report in reports:
        mark = _mark(report["id"])
        # A run past twice the size is cut at the next report of a quarter's chance (still by the ids alone,
        # so an edit far away moves no cut): runs stay near the size, not as long as chance would make them.
        start = mark % size == 0 or len(out[-1]) >= 2 * size and mark % 4 == 0 if out else True
        if start:
            out.append([])
        out[-1].append(report)
    return out


# The Parquet files are row groups of runs of segments (builder/export/parquet_rows.py joins them), cut the
# same way by other bits of the ids' hashes: a report changed or added encodes its run's row group again,
# the others' encoded bytes are kept (a whole chunk's tables cost its files 0.15 s at 343 reports, and grew
# with it). A row group has a fixed cost in bytes (a column's pages and statistics): the wide table's
# (249 columns) is 65 KB, so its groups are about 500 reports; the long tables' about 128 (+10–15% of their
# bytes at 343 reports, measured, against one group per chunk).
ROW_GROUP_SEGMENTS = {"reports": 32}
PARQUET_TABLES = ("reports", "values", "tidy", "provenance", "checks")  # (TABLES' names: one Parquet file each)
ROW_GROUP_SEGMENTS_LONG = 8


def row_groups(marks: list[int], size: int) -> list[list[int]]:
    """The segments (indexes) of each row group of a chunk's Parquet file, in order, from the hash of each
    segment's first report's id (_mark): a group starts at a segment whose hash (bits apart from those that
    cut the segments) is 0 modulo size, or, past twice the size, 0 modulo 4."""
    out: list[list[int]] = []
    for i, mark in enumerate(marks):
        mark >>= 32
        if not out or mark % size == 0 or len(out[-1]) >= 2 * size and mark % 4 == 0:
            out.append([])
        out[-1].append(i)
    return out


# The four long tables' row groups are cut alike (ROW_GROUP_SEGMENTS_LONG): a run of segments' encoded groups
# of the four, and its rows of the text files (reports.csv, checks.csv, reports.json.gz, the workbook's sheet:
# run_text), are kept together under one key, the run's (a key RUN_SEP a part): a one-report rebuild reads a
# file a run, not one a segment and four a run (at 3,388 reports a year, ~210 + ~110 files read for one add).
LONG_TABLES = tuple(name for name in PARQUET_TABLES if name not in ROW_GROUP_SEGMENTS)
TEXT = "text"
RUN_PARTS = (*LONG_TABLES, TEXT)
RUN_SEP = "+"


def parquet_groups(firsts: list[str], keys: list[str | None] | None) -> dict[str, list[tuple[list[int], str | None]]]:
    """Each Parquet file's (by table) row groups, and the runs of the text files' rows (TEXT): their segments'
    indexes, and the key an encoded group (or a run's text) is kept under, from its table and its segments'
    keys (run_key's for the long tables and the text); None when keys is, or one of its segments' is."""
    out, marks = {}, [_mark(first) for first in firsts]
    for name in (*PARQUET_TABLES, TEXT):
        groups = []
        for group in row_groups(marks, ROW_GROUP_SEGMENTS.get(name, ROW_GROUP_SEGMENTS_LONG)):
            members = [keys[i] for i in group] if keys is not None else [None]
            if None in members:
                key = None
            elif name in RUN_PARTS:
                key = f"{_digest(['run', *members])}{RUN_SEP}{name}"
            else:
                key = _digest([name, *members])
            groups.append((group, key))
        out[name] = groups
    return out


def _digest(lines: list[str]) -> str:
    import hashlib

    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:32]


def run_text(pieces: list[dict]) -> dict:
    """A run of segments' rows of the text files (their pieces, segment_pieces', in order), as one segment's:
    the same bytes in the files as the segments' one after another (the CSVs' rows, the JSON's gzip members with
    ", " members between them, the sheet's deflated parts, whose CRC-32s combine)."""
    json_members = []
    for i, piece in enumerate(pieces):
        json_members += [_gzip(", ")] if i else []
        json_members.append(piece["reports.json.gz"])
    return {"reports.csv": "".join(p["reports.csv"] for p in pieces), "checks.csv": "".join(p["checks.csv"] for p in pieces),
            "reports.json.gz": b"".join(json_members), "reports.xlsx": sheet_run([p["reports.xlsx"] for p in pieces])}


# The tables of a chunk's Parquet files: file stem → (columns, the segment's rows of them).
def _tables(reports: list[dict], wide: list[dict], checks: list[dict]) -> dict:
    return {"reports": (report_columns(), wide), "values": (VALUES_COLUMNS, values_columns(reports)),
            "tidy": (TIDY_COLUMNS, tidy_columns(reports)), "provenance": (PROVENANCE_COLUMNS, provenance_columns(reports)),
            "checks": (CHECKS_COLUMNS, checks)}


def _body(columns, rows) -> str:
    """The rows of a CSV, without its byte-order mark and header (see _csv)."""
    return _csv(columns, rows).split("\n", 1)[1]


# How a segment's Arrow table of each file is kept: an Arrow IPC stream without compression, compressed
# whole with zstd, after its length (_packed). Arrow's own IPC compression compresses each buffer apart:
# a codec's start per column and buffer, 2–4 times as long to read back as the whole stream's one frame
# (the 16 segments of a long table's row group: 18–30 ms against 3–9, measured), and the wide table's 249
# columns were kept uncompressed for it (67 KB a segment; 11 KB so).
_PACKED_LENGTH = struct.Struct(">Q")
_PACKED_MAX = 1 << 30  # the length a kept table may say it has (cache_format's bound on a file)


def _packed(table) -> bytes:
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    stream = sink.getvalue()
    return _PACKED_LENGTH.pack(stream.size) + pa.Codec("zstd", compression_level=1).compress(stream, asbytes=True)


# zstd's format bounds what a frame can hold by its own length: a block regenerates at most 128 KiB and takes at
# least 4 bytes (3 of header, 1 of an RLE block's byte), so a frame's content is at most 32,768 times its length.
_ZSTD_MAGIC, _ZSTD_MAX_RATIO = b"\x28\xb5\x2f\xfd", (128 << 10) // 4


def _frame_content_size(frame) -> int | None:
    """The content size a zstd frame's header declares (RFC 8878, 3.1.1.1), None when it declares none or is
    not a zstd frame. (Hand-read: pyarrow's Codec exposes no frame header, and these ~10 lines spare the
    build a dependency — the zstandard package's frame_content_size — for one field.)"""
    if len(frame) < 6 or bytes(frame[:4]) != _ZSTD_MAGIC:
        return None
    descriptor = frame[4]
    single_segment, size_flag = descriptor >> 5 & 1, descriptor >> 6
    at = 5 + (not single_segment) + (0, 1, 2, 4)[descriptor & 3]  # (after the window descriptor, the dictionary id)
    width = (1 if single_segment else 0, 2, 4, 8)[size_flag]
    if not width or len(frame) < at + width:
        return None
    size = int.from_bytes(frame[at:at + width], "little")
    return size + 256 if width == 2 else size  # (a 2-byte field holds the size less 256)


def _unpacked(data: bytes):
    """The Arrow table of _packed's bytes; ValueError when they say they are larger than a kept file may be,
    or than their zstd frame can hold, or its header says another size than theirs: refused before the
    decompressed buffer (of the size they say) is allocated, so a planted file costs at most what its own
    length could honestly unpack to."""
    import pyarrow as pa

    (size,) = _PACKED_LENGTH.unpack_from(data)
    frame = memoryview(data)[_PACKED_LENGTH.size:]
    if size > _PACKED_MAX or size > _ZSTD_MAX_RATIO * len(frame) or _frame_content_size(frame) != size:
        raise ValueError("a kept table past the size bound, or not the size its frame holds")
    stream = pa.Codec("zstd").decompress(frame, decompressed_size=size)
    return pa.ipc.open_stream(stream).read_all()


def kept_tables(tables: dict[str, bytes], names=None) -> dict | None:
    """The Arrow tables of a kept segment's tables (_packed bytes by Parquet file, read back from build/), those
    of the files names (default all), or None when one is not an Arrow table of its file's columns: a file whose
    checksum is right but whose bytes are not this code's tables (altered, planted, of other columns) is a miss,
    its pieces made again, never pyarrow's exception in the build nor another table's rows in a download."""
    import pyarrow as pa

    out = {}
    for name, schema in _schemas().items():
        if names is not None and name not in names:
            continue
        try:
            table = _unpacked(tables[name])
        except (KeyError, ValueError, OSError, struct.error, pa.ArrowException):  # (zstd's errors are OSError)
            return None
        if not table.schema.equals(schema):
            return None
        out[name] = table
    return out


@functools.cache
def _schemas() -> dict:
    """Each Parquet file's Arrow schema (made once: 4 ms, for every kept segment's tables read back)."""
    return {name: _arrow(columns, []).schema for name, (columns, _rows) in _tables([], [], []).items()}


def segment_pieces(reports: list[dict]) -> dict:
    """What a segment adds to its chunk's files (picklable, kept between builds by builder/site.py):
    its rows of each CSV, its gzip member of the JSON, an Arrow table
    (IPC bytes, _packed) per Parquet file, and its rows of the workbook's sheet (deflated XML)."""
    wide = [report_row(r) for r in reports]
    checks = list(checks_rows(reports))
    tables = {name: _packed(_arrow(columns, rows)) for name, (columns, rows) in _tables(reports, wide, checks).items()}
    records = json.dumps([_record(r) for r in reports], ensure_ascii=False)[1:-1]  # "a, b" of "[a, b]"
    columns = report_columns()
    return {"first": reports[0]["id"] if reports else "", "reports.xlsx": sheet_piece(columns, wide), "reports.csv": _body(columns, wide),
            "checks.csv": _body(CHECKS_COLUMNS, checks), "reports.json.gz": _gzip(records), "tables": tables}


def assemble(chunk: str, pieces: list[dict | None], keys: list[str | None] | None = None,
             store=None, firsts: list[str] | None = None) -> dict[str, str | bytes]:
    """The files of one chunk (paths relative to downloads/) from its segments' pieces, in order.
    keys (each segment's inputs hash, None for pieces not to be kept) and store (a mapping kept between
    builds, builder/site.py's): each Parquet row group, and each run's rows of the text files (run_text), is
    made once, kept in store under its segments' keys, and read back from it while they are the same; a
    segment's pieces may then be None where store holds all it is in (firsts: each segment's first report's id)."""
    columns = report_columns()
    groups = parquet_groups(firsts if firsts is not None else [p["first"] for p in pieces],
                            keys if store is not None else None)
    runs = [_kept_or_made(store, key, lambda group=group: run_text([pieces[i] for i in group]))
            for group, key in groups[TEXT]]
    files: dict[str, str | bytes] = {
        f"{chunk}/reports.csv": _csv(columns, ()) + "".join(r["reports.csv"] for r in runs),
        f"{chunk}/reports.xlsx": workbook(columns, [r["reports.xlsx"] for r in runs]),
    }
    for name, (table_columns, _rows) in _tables([], [], []).items():
        files[f"{chunk}/{name}.parquet"] = _parquet_file(name, table_columns, pieces, groups[name], store)
    files[f"{chunk}/checks.csv"] = _csv(CHECKS_COLUMNS, ()) + "".join(r["checks.csv"] for r in runs)
    # "[" member, then the runs' members with ", " between them, then "]": the JSON of json.dumps(list).
    members = [_gzip("[")]
    for i, run in enumerate(runs):
        members += [_gzip(", ")] if i else []
        members.append(run["reports.json.gz"])
    files[f"{chunk}/reports.json.gz"] = b"".join([*members, _gzip("]")])
    # (the files DATASET_FILES names, in its order)
    return {name: files[name] for name in sorted(files, key=_file_order) if name.rsplit("/", 1)[-1] in DATASET_FILES}


def _kept_or_made(store, key: str | None, make):
    """What store holds under key, or make()'s (put in store when key is not None)."""
    made = store.get(key) if key and store is not None else None
    if made is None:
        made = make()
        if key and store is not None:
            store[key] = made
    return made


def _parquet_file(name: str, columns, pieces: list[dict | None], groups: list[tuple[list[int], str | None]], store) -> bytes:
    """A chunk's Parquet file of table name: its row groups (parquet_groups), each read back from store
    or encoded from its segments' Arrow tables (and put in store)."""
    import pyarrow as pa

    dictionary = _dictionary(name, columns)
    if not pieces:
        return _parquet_of(_arrow(columns, []), dictionary)
    encoded = []
    for group, key in groups:
        # (a kept segment's tables are read back by kept_tables; a segment's made this build are bytes; the wide
        # table's 249 columns written from one chunk each: a third faster than from a chunk a segment; the long
        # tables' few columns gain less than combining them costs)
        def encode(group=group):
            table = pa.concat_tables([t if isinstance(t := pieces[i]["tables"][name], pa.Table) else _unpacked(t)
                                      for i in group])
            return row_group(_parquet_of(table.combine_chunks() if name == "reports" else table, dictionary))
        encoded.append(_kept_or_made(store, key, encode))
    return joined(encoded)


def _file_order(path: str) -> int:
    name = path.rsplit("/", 1)[-1]
    return DATASET_FILES.index(name) if name in DATASET_FILES else len(DATASET_FILES)


def chunk_files(reports: list[dict], chunk: str) -> dict[str, str | bytes]:
    """The files of one chunk, paths relative to downloads/ (assembled from its segments, as a build does)."""
    return assemble(chunk, [segment_pieces(segment) for segment in segments(reports)])


def corrections_csv(corrections: list) -> str:
    """downloads/corrections.csv: the changelog (builder.export.corrections.Correction rows)."""
    return _csv(CORRECTIONS_COLUMNS, (c.as_row() for c in corrections))


def package_files(chunks: list[str], version: dict | None, corrections: list) -> dict[str, str]:
    """The files of downloads/ beside the chunks' data: the schemas, datapackage.json, the data package of each
    year split by province (with its copy of the schemas) and the corrections."""
    schemas = schema_files()
    files: dict[str, str] = {**schemas}
    for year, of_year in years_of(chunks).items():
        if of_year == [year]:
            continue  # (in the index package)
        files.update({f"{year}/{rel}": text for rel, text in schemas.items() if not rel.endswith("/corrections.schema.json")})
        files[f"{year}/{PACKAGE_FILE}"] = json.dumps(year_package(year, of_year, version), ensure_ascii=False, indent=1)
    if corrections:
        files[CORRECTIONS_FILE] = corrections_csv(corrections)
    files[PACKAGE_FILE] = json.dumps(datapackage(chunks, version, bool(corrections)), ensure_ascii=False, indent=1)
    return files


def write_datasets(reports: list[dict], out_dir) -> dict[str, object]:
    """Every dataset file written under out_dir (a Path); returns relative path → Path."""
    from pathlib import Path

    from builder.export.corrections import corrections, data_folder
    from builder.version import dataset_version

    out_dir = Path(out_dir)
    files: dict[str, str | bytes] = {}
    parts = chunks(reports)
    for chunk, members in parts.items():
        files.update(chunk_files(members, chunk))
    folder = data_folder(reports)
    files.update(package_files(list(parts), dataset_version(folder or ".").as_dict(), corrections(reports)))
    out = {}
    for rel, content in files.items():
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        (target.write_text if isinstance(content, str) else target.write_bytes)(content, **(
            {"encoding": "utf-8"} if isinstance(content, str) else {}))
        out[rel] = target
    return out
