"""The published datasets, split so that no file grows without bound.

    downloads/<year>/reports.csv  .parquet    wide: one row per report
    downloads/<year>/values.parquet           long: one row per report and cell (the same numbers)
    downloads/<year>/checks.csv   .parquet    one row per check
    downloads/<year>/reports.json.gz          the full parse results, gzip

The long table and the JSON are for programs, which read Parquet and gzip as they come: as CSV
and plain JSON they would be two thirds of the site's bytes (a report's 200-odd cells, its
narrative text), for numbers that reports.csv already holds.
    downloads/datapackage.json                every file above, with the schemas in downloads/schemas/

A year with more than PROVINCE_SPLIT reports is split once more by province
(downloads/<year>/<province>/…). Blank cells are written as empty CSV cells, JSON and Parquet
null, never 0. A text cell of a CSV that a spreadsheet would take for a formula gets a leading
single quote (see _neutralized); the JSON and Parquet files keep every string as the report
printed it.
"""

from __future__ import annotations

import csv
import gzip
import io
import json

from builder.check.result import failing, passes
from builder.export.columns import (
    CHECKS_COLUMNS,
    REPORT_CSV_COLUMNS,
    REPORT_META,
    VALUES_COLUMNS,
    Column,
    report_columns,
)
from builder.template import RULE, fields

# The files of one chunk (a year, or a province of a large year).
DATASET_FILES = ("reports.csv", "reports.parquet", "values.parquet", "checks.csv", "checks.parquet", "reports.json.gz")
PACKAGE_FILE = "datapackage.json"
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


# A spreadsheet reads a cell starting with one of these as a formula (=HYPERLINK(…), +cmd|…, @SUM(…)).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    buf = io.StringIO()
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


def values_rows(reports: list[dict]):
    for report in reports:
        for field_id, value in (report.get("values") or {}).items():
            yield {"report_id": report["id"], "field": field_id, "value": value}


def checks_rows(reports: list[dict]):
    for report in reports:
        for check in report["checks"]:
            rule = RULE.get(check["rule"])
            yield {"report_id": report["id"], "rule": check["rule"], "severity": check["severity"],
                   "title": rule.title_zh if rule else check["rule"], "fields": " ".join(check.get("fields") or []),
                   "message": check.get("message"), "acknowledged": bool(check.get("acknowledged"))}


def agency_csv(reports: list[dict]) -> str:
    """One agency's reports, one row per year, the columns of reports.csv: the download on its page."""
    return _csv(report_columns(), (report_row(r) for r in reports))


def report_csv(report: dict) -> str:
    """One report's values, long and labelled: the per-report download on its agency page."""
    catalogue = fields()
    rows = ({"field": f, "table": catalogue[f].table, "row_zh": catalogue[f].row_zh,
             "column_zh": catalogue[f].column_zh, "value": v}
            for f, v in (report.get("values") or {}).items() if f in catalogue)
    return _csv(REPORT_CSV_COLUMNS, rows)


def _schema(columns) -> dict:
    out = []
    for c in columns:
        spec = {"name": c.name, "type": c.type, "title": c.title, "description": c.description}
        if c.type == "boolean":
            spec["trueValues"], spec["falseValues"] = ["true"], ["false"]
        out.append(spec)
    return {"fields": out, "missingValues": [""]}


# name, title, description, columns, primary key, published as CSV too
TABLES = {
    "reports": ("报告（宽表）", "每份报告一行：元数据和每个字段编号一列。", report_columns, ["report_id"], True),
    "values": ("数值（长表）", "每份报告每个单元格一行：报告编号、字段编号、数值。", lambda: VALUES_COLUMNS,
               ["report_id", "field"], False),
    "checks": ("检查结果", "每份报告的检查结果，一条一行。", lambda: CHECKS_COLUMNS, None, True),
}


def schema_files() -> dict[str, str]:
    """downloads/schemas/<table>.json: each table's Table Schema, referenced by every chunk's resource."""
    out = {}
    for table, (_title, _description, columns, primary_key, _csv_too) in TABLES.items():
        schema = _schema(columns())
        if primary_key:
            schema["primaryKey"] = primary_key
        out[f"schemas/{table}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=1)
    return out


def datapackage(chunks: list[str]) -> dict:
    """The Data Package of every chunk ("2020", "2021/jiangsu", …): per chunk a CSV and a Parquet resource
    of each table and the JSON of the full parse results."""
    resources = []
    for chunk in chunks:
        name = chunk.replace("/", "-")
        for table, (title, description, _columns, _pk, csv_too) in TABLES.items():
            if csv_too:
                resources.append({"name": f"{table}-{name}", "path": f"{chunk}/{table}.csv",
                                  "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
                                  "encoding": "utf-8", "title": f"{title} · {chunk}", "description": description,
                                  "schema": f"schemas/{table}.schema.json"})
            # A plain data resource: Parquet carries its own column types (those of the CSV's schema), and
            # a Table Schema validator reads nullable integers back from it as floats.
            resources.append({"name": f"{table}-{name}-parquet", "path": f"{chunk}/{table}.parquet",
                              "profile": "data-resource", "format": "parquet",
                              "mediatype": "application/vnd.apache.parquet", "title": f"{title} · {chunk} · Parquet",
                              "description": f"{description}列见 schemas/{table}.schema.json。"})
        resources.append({"name": f"reports-json-{name}", "path": f"{chunk}/reports.json.gz", "format": "json",
                          "compression": "gz", "mediatype": "application/gzip", "encoding": "utf-8",
                          "title": f"报告（JSON，gzip 压缩） · {chunk}",
                          "description": "每份报告的完整解析结果（数据约定中的 JSON 对象的数组），含六个部分的正文。"})
    return {
        "name": "gov-open-info-annual-reports",
        "title": "政府信息公开工作年度报告数据",
        "description": "各级政府机关《政府信息公开工作年度报告》三张统计表（主动公开、依申请公开、"
                       "行政复议和行政诉讼）的数字，按国务院统一模板解析并核对。按年度分文件（报告多的年度再按省份分），"
                       "每份有 CSV 和 Parquet 两种格式。空白单元格为空，不是 0。"
                       "CSV 中以 = + - @、制表符或回车开头的文字单元格前加了单引号 '，以免电子表格当作公式执行"
                       "（数字不受影响）；JSON 和 Parquet 保存原文。",
        # The reports are public government documents; this compilation is offered under CC BY 4.0.
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": resources,
    }


def chunk_of(report: dict, large_years: set) -> str:
    """The folder of a report's files under downloads/: its year, and its province in a large year."""
    from builder.metadata import region_slug

    year = str(report.get("year") or UNKNOWN)
    if year not in large_years:
        return year
    province = (report.get("region") or {}).get("province")
    return f"{year}/{region_slug(province, 'province') if province else UNKNOWN}"


def chunks(reports: list[dict], split: int = PROVINCE_SPLIT) -> dict[str, list[dict]]:
    """Reports by chunk, in the order given."""
    per_year: dict[str, int] = {}
    for report in reports:
        year = str(report.get("year") or UNKNOWN)
        per_year[year] = per_year.get(year, 0) + 1
    large = {year for year, count in per_year.items() if count > split}
    out: dict[str, list[dict]] = {}
    for report in reports:
        out.setdefault(chunk_of(report, large), []).append(report)
    return dict(sorted(out.items()))


_ARROW_TYPES = {"string": "string", "date": "string", "integer": "int64", "number": "float64", "boolean": "bool_"}


def _parquet(columns, rows: list[dict]) -> bytes:
    """A Parquet file (zstd) of rows with the columns' types; strings as printed (no formula quote)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c.name, getattr(pa, _ARROW_TYPES[c.type])()) for c in columns])
    table = pa.Table.from_pylist([{c.name: row.get(c.name) for c in columns} for row in rows], schema=schema)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue()


def chunk_files(reports: list[dict], chunk: str) -> dict[str, str | bytes]:
    """The files of one chunk, paths relative to downloads/."""
    wide = [report_row(r) for r in reports]
    values = list(values_rows(reports))
    checks = list(checks_rows(reports))
    columns = report_columns()
    return {
        f"{chunk}/reports.csv": _csv(columns, wide),
        f"{chunk}/reports.parquet": _parquet(columns, wide),
        f"{chunk}/values.parquet": _parquet(VALUES_COLUMNS, values),
        f"{chunk}/checks.csv": _csv(CHECKS_COLUMNS, checks),
        f"{chunk}/checks.parquet": _parquet(CHECKS_COLUMNS, checks),
        # mtime=0: the same reports give the same bytes (the file is rewritten only when they change).
        f"{chunk}/reports.json.gz": gzip.compress(json.dumps(reports, ensure_ascii=False).encode("utf-8"), mtime=0),
    }


def write_datasets(reports: list[dict], out_dir) -> dict[str, object]:
    """Every dataset file written under out_dir (a Path); returns relative path → Path."""
    from pathlib import Path

    out_dir = Path(out_dir)
    files: dict[str, str | bytes] = {**schema_files()}
    parts = chunks(reports)
    for chunk, members in parts.items():
        files.update(chunk_files(members, chunk))
    files[PACKAGE_FILE] = json.dumps(datapackage(list(parts)), ensure_ascii=False, indent=1)
    out = {}
    for rel, content in files.items():
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        (target.write_text if isinstance(content, str) else target.write_bytes)(content, **(
            {"encoding": "utf-8"} if isinstance(content, str) else {}))
        out[rel] = target
    return out
