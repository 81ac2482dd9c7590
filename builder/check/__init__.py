"""Step 4: say where a report contradicts itself.

Every check is computed on the values as printed. A part printed blank or "/"
counts as 0 in the arithmetic when its total is printed: agencies leave the
cells of an empty category blank and mean 0, and the tests (tests/checks/test_checks.py)
hold printed totals to such parts. A TOTAL printed blank is another thing: a
page that leaves the whole 总计 column empty has not said what the sums are,
so the sums that need it compare nothing (the `blank_cells` note says it was
blank). A cell we could not read with certainty makes the equation unknowable,
so it is not checked either.

`run(report)` computes every check of one report from its record alone (builder.record.Report:
values, blank, notes, parts, parts_found …), so anyone can recompute them from reports.json;
`run_dataset(reports)` adds the cross-year ones. The thresholds are CheckSettings'; whether a check
is acknowledged, and which checks a report fails, are decided in builder.check.result.
The rules and their Chinese explanations live in builder.template.RULES.
"""

from __future__ import annotations

from builder.check.law import empty_part, late_publication, narrative_reuse, proactive_carry
from builder.check.metadata import metadata_checks
from builder.check.ocr import untrusted_check
from builder.check.prose import prose_checks
from builder.check.result import acknowledged, blocking, failing, make_check, passes, with_acknowledged
from builder.check.settings import DEFAULT, CheckSettings
from builder.template import (
    APPEAL_GROUPS,
    APPEAL_GROUPS_ZH,
    APPEAL_OUTCOMES,
    APPLICANT_COLUMNS,
    APPLICANT_COLUMNS_ZH,
    PARTS,
    REQUEST_ROW,
    REQUEST_ROWS,
    TABLES,
    template_for_year,
)
from builder.template.labels import REQUEST_ROW_SHORT_ZH, TABLE_NAMES_ZH

__all__ = ["CheckSettings", "acknowledged", "blocking", "check_report", "cross_year_checks", "failing",
           "make_check", "paragraphs", "passes", "run", "run_dataset"]

_TABLE_ZH = TABLE_NAMES_ZH
_ROW_ZH = REQUEST_ROW_SHORT_ZH
_BALANCE_ROWS = ("new_received", "carried_over", "total_processed", "carried_forward")


def _is_total(field: str) -> bool:
    """A cell that is some other cells' sum: the 总计 column, （七）总计, an appeal group's 总计."""
    table, row, column = field.split(".")
    return table in ("requests", "appeals") and (column == "total" or row == "total_processed")


class _Values:
    """Values as the arithmetic sees them: a blank part → 0; a blank total or an unreadable cell → unknown (None)."""

    def __init__(self, values: dict, blank: set[str]):
        self.values = values
        self.blank = blank

    def get(self, field: str):
        if field not in self.values:
            return None
        value = self.values[field]
        if value is None:
            # balance's four cells are totals in the 总计 column (and （七）总计 in every column),
            # so balance too is skipped where one of them is a blank total: 0 there is a guess.
            return 0 if field in self.blank and not _is_total(field) else None
        return value

    def all_known(self, fields: list[str]) -> bool:
        return all(self.get(f) is not None for f in fields) and any(self.values.get(f) is not None for f in fields)


def _fmt(n) -> str:
    return f"{n:g}" if isinstance(n, float) else str(n)


def run(report: dict, settings: CheckSettings = DEFAULT) -> list[dict]:
    """Every check of one report, computed from its record alone (builder.record.Report: what
    parse_report returns and reports.json holds), each with its `acknowledged` flag."""
    v = _Values(report["values"], set(report.get("blank") or ()))
    text = paragraphs(report)
    checks = [
        *_requests_checks(report, v),
        *_appeals_checks(report, v),
        *prose_checks(text, report["values"]),
        *metadata_checks(report, text),
        *_missing_parts(report),
        *empty_part(report["parts"], set(report.get("parts_found") or ())),
        *late_publication(report),
        *(make_check(note["rule"], note["fields"], note["detail"]) for note in report.get("notes") or ()),
        *_blank_cells(report),
        *_template_year(report),
    ]
    if report.get("untrusted"):
        checks.append(untrusted_check(report, settings))
    return with_acknowledged(report, checks)


def check_report(report: dict, mapped, located, settings: CheckSettings = DEFAULT) -> list[dict]:
    """run() on a record being built: the keys it lacks from the mapping and the located parts."""
    from builder.record import from_stages

    return run({**from_stages(mapped, located), **report}, settings)


def paragraphs(report: dict) -> list[str]:
    """The report's paragraphs in order, as the prose and signature checks read them: the preamble's
    lines, then each part's (table rows are not among them)."""
    texts = [report.get("preamble") or "", *((report.get("parts") or {}).get(p.key) or "" for p in PARTS)]
    return [line for text in texts if text for line in text.split("\n")]


def _requests_checks(report: dict, v: _Values) -> list[dict]:
    """balance and results_sum per applicant column, row_total per row."""
    variant = report["template"].get("requests")
    if not variant:
        return []
    rows = [r for r in REQUEST_ROWS if variant in r.templates]
    results = [r.key for r in rows if r.result]
    checks: list[dict] = []
    for col, col_zh in zip(APPLICANT_COLUMNS, APPLICANT_COLUMNS_ZH, strict=True):
        checks += _balance(v, col, col_zh)
        parts = [f"requests.{k}.{col}" for k in results]
        checks += _sum_check(v, "results_sum", f"requests.total_processed.{col}", parts,
                             f"“{col_zh}”一栏：（七）总计为 {{total}}，但（一）至（六）各项办理结果之和为 {{sum}}。")
    for row in rows:
        cols = [f"requests.{row.key}.{c}" for c in APPLICANT_COLUMNS]
        checks += _sum_check(v, "row_total", cols[-1], cols[:-1],
                             f"“{_row_zh(row.key)}”一行：总计为 {{total}}，但六类申请人之和为 {{sum}}。")
    return checks


def _balance(v: _Values, col: str, col_zh: str) -> list[dict]:
    """new_received + carried_over = total_processed + carried_forward, in one applicant column."""
    f = {k: f"requests.{k}.{col}" for k in _BALANCE_ROWS}
    if not v.all_known(list(f.values())):
        return []
    left = v.get(f["new_received"]) + v.get(f["carried_over"])
    right = v.get(f["total_processed"]) + v.get(f["carried_forward"])
    if left == right:
        return []
    return [make_check("balance", list(f.values()),
        f"“{col_zh}”一栏：本年新收 {_fmt(v.get(f['new_received']))} 加上年结转 "
        f"{_fmt(v.get(f['carried_over']))} 为 {_fmt(left)}，但办理总计 {_fmt(v.get(f['total_processed']))} "
        f"加结转下年度 {_fmt(v.get(f['carried_forward']))} 为 {_fmt(right)}。")]


def _appeals_checks(report: dict, v: _Values) -> list[dict]:
    if not report["template"].get("appeals"):
        return []
    checks: list[dict] = []
    for group, group_zh in zip(APPEAL_GROUPS, APPEAL_GROUPS_ZH, strict=True):
        cols = [f"appeals.{group}.{o}" for o in APPEAL_OUTCOMES]
        checks += _sum_check(v, "appeals_total", cols[-1], cols[:-1],
                             f"{group_zh}：总计为 {{total}}，但维持、纠正、其他结果、尚未审结之和为 {{sum}}。")
    return checks


def _missing_parts(report: dict) -> list[dict]:
    """A part whose heading was not found; a table with no numbers (its template is then null)."""
    found = set(report.get("parts_found") or ())
    checks = [make_check("missing_part", [], f"未找到第{part.numeral}部分“{part.title}”。")
              for part in PARTS if part.key not in found]
    checks += [make_check("missing_part", [], f"未找到{_TABLE_ZH[table]}的数字（表格缺失或为空）。")
               for table in TABLES if not report["template"].get(table)]
    return checks


def _blank_cells(report: dict) -> list[dict]:
    printed_blank = set(report.get("blank") or ())
    if not printed_blank:
        return []
    blank = [f for f in report["values"] if f in printed_blank]
    return [make_check("blank_cells", blank, f"表格中有 {len(blank)} 个单元格留空或填“/”等，记为空值（不计为 0）。")]


def _template_year(report: dict) -> list[dict]:
    """A table whose own headings or rows say a variant other than the year's."""
    expected = template_for_year(report.get("year"))
    if not expected:
        return []
    sources = report.get("template_source") or {}
    return [make_check("template_year", [],
                       f"{report['year']} 年度报告的{_TABLE_ZH[table]}使用了 {variant} 版模板，按规定应使用 {expected} 版。")
            for table in TABLES
            if (variant := report["template"].get(table)) and variant != expected and sources.get(table) == "document"]


def run_dataset(reports: list[dict], settings: CheckSettings = DEFAULT) -> dict[str, list[dict]]:
    """Every check of a dataset (reports.json), by report id: each report's own (run) and the
    cross-year ones, as the site build computes them."""
    out = {r["id"]: run(r, settings) for r in reports}
    by_id = {r["id"]: r for r in reports}
    for report_id, check in cross_year_checks(reports, settings):
        out[report_id] += with_acknowledged(by_id[report_id], [check])
    return out


def _sum_check(v: _Values, rule: str, total: str, parts: list[str], message: str) -> list[dict]:
    """A total against the sum of its parts; `message` has {total} and {sum} to fill."""
    if not v.all_known([*parts, total]):
        return []
    added = sum(v.get(p) for p in parts)
    if added == v.get(total):
        return []
    fields = [*parts, total] if rule != "results_sum" else [total, *parts]
    return [make_check(rule, fields, message.format(total=_fmt(v.get(total)), sum=_fmt(added)))]


def _row_zh(key: str) -> str:
    return _ROW_ZH.get(key) or REQUEST_ROW[key].label


def consecutive_years(reports: list[dict]):
    """(a report, the same agency's report of the next year) for every such pair, in year order."""
    by_agency: dict[str, dict[int, dict]] = {}
    for report in reports:
        if report.get("year"):
            by_agency.setdefault(report["agency_id"], {})[report["year"]] = report
    for years in by_agency.values():
        for year, report in sorted(years.items()):
            if year + 1 in years:
                yield report, years[year + 1]


def cross_year_checks(reports: list[dict], settings: CheckSettings = DEFAULT) -> list[tuple[str, dict]]:
    """Same agency, consecutive years: what one year carries forward the next carries over;
    the rules in force carry on (proactive_carry); the narrative is not last year's (narrative_reuse).
    Each check belongs to the later year's report."""
    out: list[tuple[str, dict]] = []
    for report, following in consecutive_years(reports):
        year = report["year"]
        out += [(following["id"], c) for c in proactive_carry(report, following)]
        out += [(following["id"], c) for c in narrative_reuse(report, following, settings)]
        for col, col_zh in zip(APPLICANT_COLUMNS, APPLICANT_COLUMNS_ZH, strict=True):
            forward = report["values"].get(f"requests.carried_forward.{col}")
            over = following["values"].get(f"requests.carried_over.{col}")
            if forward is None or over is None or forward == over:
                continue
            fields = [f"requests.carried_forward.{col}", f"requests.carried_over.{col}"]
            out.append((following["id"], make_check("cross_year", fields,
                f"“{col_zh}”一栏：{year} 年度报告结转下年度 {_fmt(forward)} 件，"
                f"但 {year + 1} 年度报告上年结转 {_fmt(over)} 件。")))
    return out
