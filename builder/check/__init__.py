"""Step 4: say where a report contradicts itself.

Every check is computed on the values as printed. A part printed blank or "/"
counts as 0 in the arithmetic when its total is printed: agencies leave the
cells of an empty category blank and mean 0, and the tests (tests/test_checks.py)
hold printed totals to such parts. A TOTAL printed blank is another thing: a
page that leaves the whole 总计 column empty has not said what the sums are,
so the sums that need it compare nothing (the `blank_cells` note says it was
blank). A cell we could not read with certainty makes the equation unknowable,
so it is not checked either.
The rules and their Chinese explanations live in builder.template.RULES.
"""

from __future__ import annotations

from builder.check.law import empty_part, late_publication, narrative_reuse, proactive_carry
from builder.check.metadata import metadata_checks
from builder.check.prose import prose_checks
from builder.check.result import make_check
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

_TABLE_ZH = TABLE_NAMES_ZH
_ROW_ZH = REQUEST_ROW_SHORT_ZH


def _is_total(field: str) -> bool:
    """A cell that is some other cells' sum: the 总计 column, （七）总计, an appeal group's 总计."""
    table, row, column = field.split(".")
    return table in ("requests", "appeals") and (column == "total" or row == "total_processed")


class _Values:
    """Values as the arithmetic sees them: a blank part → 0; a blank total or an unreadable cell → unknown (None)."""

    def __init__(self, report: dict, mapped):
        self.values = report["values"]
        self.blank = mapped.blank

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


def check_report(report: dict, mapped, located) -> list[dict]:
    checks: list[dict] = []
    v = _Values(report, mapped)
    requests_variant = report["template"].get("requests")

    if requests_variant:
        rows = [r for r in REQUEST_ROWS if requests_variant in r.templates]
        results = [r.key for r in rows if r.result]
        for col, col_zh in zip(APPLICANT_COLUMNS, APPLICANT_COLUMNS_ZH, strict=True):
            f = {k: f"requests.{k}.{col}" for k in ("new_received", "carried_over", "total_processed", "carried_forward")}
            if v.all_known(list(f.values())):
                left = v.get(f["new_received"]) + v.get(f["carried_over"])
                right = v.get(f["total_processed"]) + v.get(f["carried_forward"])
                if left != right:
                    checks.append(make_check("balance", list(f.values()),
                        f"“{col_zh}”一栏：本年新收 {_fmt(v.get(f['new_received']))} 加上年结转 "
                        f"{_fmt(v.get(f['carried_over']))} 为 {_fmt(left)}，但办理总计 {_fmt(v.get(f['total_processed']))} "
                        f"加结转下年度 {_fmt(v.get(f['carried_forward']))} 为 {_fmt(right)}。"))
            parts = [f"requests.{k}.{col}" for k in results]
            checks += _sum_check(v, "results_sum", f"requests.total_processed.{col}", parts,
                                 f"“{col_zh}”一栏：（七）总计为 {{total}}，但（一）至（六）各项办理结果之和为 {{sum}}。")
        for row in rows:
            cols = [f"requests.{row.key}.{c}" for c in APPLICANT_COLUMNS]
            checks += _sum_check(v, "row_total", cols[-1], cols[:-1],
                                 f"“{_row_zh(row.key)}”一行：总计为 {{total}}，但六类申请人之和为 {{sum}}。")

    if report["template"].get("appeals"):
        for group, group_zh in zip(APPEAL_GROUPS, APPEAL_GROUPS_ZH, strict=True):
            cols = [f"appeals.{group}.{o}" for o in APPEAL_OUTCOMES]
            checks += _sum_check(v, "appeals_total", cols[-1], cols[:-1],
                                 f"{group_zh}：总计为 {{total}}，但维持、纠正、其他结果、尚未审结之和为 {{sum}}。")

    checks.extend(prose_checks(located.paragraphs, report["values"]))
    checks.extend(metadata_checks(report, located.paragraphs))

    for part in PARTS:
        if part.key not in located.found_parts:
            checks.append(make_check("missing_part", [], f"未找到第{part.numeral}部分“{part.title}”。"))
    for table in TABLES:
        if table not in mapped.found:
            checks.append(make_check("missing_part", [], f"未找到{_TABLE_ZH[table]}的数字（表格缺失或为空）。"))

    checks.extend(empty_part(located.parts, located.found_parts))
    checks.extend(late_publication(report))

    for issue in mapped.issues:
        checks.append(make_check(issue.rule, issue.fields, issue.detail))

    if mapped.blank:
        blank = [f for f in report["values"] if f in mapped.blank]
        checks.append(make_check("blank_cells", blank,
                                 f"表格中有 {len(blank)} 个单元格留空或填“/”等，记为空值（不计为 0）。"))

    expected = template_for_year(report.get("year"))
    for table in TABLES:
        variant = report["template"].get(table)
        if expected and variant and variant != expected and mapped.variant_from_document.get(table):
            checks.append(make_check("template_year", [],
                f"{report['year']} 年度报告的{_TABLE_ZH[table]}使用了 {variant} 版模板，按规定应使用 {expected} 版。"))
    return checks


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


def cross_year_checks(reports: list[dict]) -> list[tuple[str, dict]]:
    """Same agency, consecutive years: what one year carries forward the next carries over;
    the rules in force carry on (proactive_carry); the narrative is not last year's (narrative_reuse).
    Each check belongs to the later year's report."""
    out: list[tuple[str, dict]] = []
    by_agency: dict[str, dict[int, dict]] = {}
    for report in reports:
        if report.get("year"):
            by_agency.setdefault(report["agency_id"], {})[report["year"]] = report
    for years in by_agency.values():
        for year, report in sorted(years.items()):
            following = years.get(year + 1)
            if following is None:
                continue
            out += [(following["id"], c) for c in proactive_carry(report, following)]
            out += [(following["id"], c) for c in narrative_reuse(report, following)]
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
