"""Write the published datasets: reports.csv, values.csv, checks.csv, reports.json, datapackage.json.

Blank cells are written as empty CSV cells and JSON null, never 0. A text cell of a CSV that a
spreadsheet would take for a formula gets a leading single quote (see _neutralized); the JSON
files keep every string as the report printed it.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

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

DATASET_FILES = ("reports.csv", "values.csv", "checks.csv", "reports.json", "datapackage.json")


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


def datapackage(generated: str | None = None) -> dict:
    def resource(name, path, title, description, columns, primary_key=None):
        res = {"name": name, "path": path, "profile": "tabular-data-resource", "format": "csv",
               "mediatype": "text/csv", "encoding": "utf-8", "title": title, "description": description,
               "schema": _schema(columns)}
        if primary_key:
            res["schema"]["primaryKey"] = primary_key
        return res

    package = {
        "name": "gov-open-info-annual-reports",
        "title": "政府信息公开工作年度报告数据",
        "description": "各级政府机关《政府信息公开工作年度报告》三张统计表（主动公开、依申请公开、"
                       "行政复议和行政诉讼）的数字，按国务院统一模板解析并核对。空白单元格为空，不是 0。"
                       "CSV 中以 = + - @、制表符或回车开头的文字单元格前加了单引号 '，以免电子表格当作公式执行"
                       "（数字不受影响）；JSON 保存原文。",
        # The reports are public government documents; this compilation is offered under CC BY 4.0.
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": [
            resource("reports", "reports.csv", "报告（宽表）", "每份报告一行：元数据和每个字段编号一列。",
                     report_columns(), ["report_id"]),
            resource("values", "values.csv", "数值（长表）", "每份报告每个单元格一行：报告编号、字段编号、数值。",
                     VALUES_COLUMNS, ["report_id", "field"]),
            resource("checks", "checks.csv", "检查结果", "每份报告未通过的检查，一条一行。", CHECKS_COLUMNS),
            {"name": "reports-json", "path": "reports.json", "format": "json", "mediatype": "application/json",
             "encoding": "utf-8", "title": "报告（JSON）",
             "description": "每份报告的完整解析结果（数据约定中的 JSON 对象），含六个部分的正文。"},
        ],
    }
    if generated:
        package["created"] = generated
    return package


def write_datasets(reports: list[dict], out_dir: Path) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {name: out_dir / name for name in DATASET_FILES}
    paths["reports.csv"].write_text(_csv(report_columns(), (report_row(r) for r in reports)), encoding="utf-8")
    paths["values.csv"].write_text(_csv(VALUES_COLUMNS, values_rows(reports)), encoding="utf-8")
    paths["checks.csv"].write_text(_csv(CHECKS_COLUMNS, checks_rows(reports)), encoding="utf-8")
    paths["reports.json"].write_text(json.dumps(reports, ensure_ascii=False, indent=1), encoding="utf-8")
    paths["datapackage.json"].write_text(json.dumps(datapackage(), ensure_ascii=False, indent=2), encoding="utf-8")
    return paths
