"""Numbers read by OCR are held to the template's arithmetic: what fails it is nulled, not trusted.

An OCR engine misreads a digit now and then (a 6 for a 0 under a seal). In the requests table
every cell lies on a row whose 总计 is checked (row_total) and on a column whose sums are checked
(results_sum, balance), so one misread number breaks one row and one column: the cell where a
failing row crosses a failing column is the suspect. A failing check that crosses no other
failing check (a row whose misreads cancel in every column, an appeals group: its columns are not
summed) gives up all its cells. The suspects are nulled, the checks run again, until none of the
arithmetic fails (each round nulls at least one cell, so it ends). Each nulled cell's OCR text is
kept in `raw`, and an `ocr_untrusted` warning lists them: a person reads them off the scan.

A failing sum on a scan may also be the report's own error; read by OCR, the two cannot be told
apart, so the message says both.
"""

from __future__ import annotations

from collections.abc import Callable

from builder.check.result import make_check
from builder.check.settings import DEFAULT, CheckSettings

ARITHMETIC = ("balance", "row_total", "results_sum", "appeals_total")
ROW_RULES = ("row_total", "appeals_total")  # one row (or appeals group) of a table
COLUMN_RULES = ("balance", "results_sum")  # one column of the requests table


def distrust_ocr(report: dict, run_checks: Callable[[], list[dict]],
                 settings: CheckSettings = DEFAULT) -> list[dict]:
    """The report's checks once the OCR'd cells that break its arithmetic are nulled: their readings
    go to `raw`, their ids to `untrusted` (and `unknown`), so the record says what was done."""
    checks = run_checks()
    nulled: list[str] = []
    for _round in range(settings.ocr_max_rounds):
        failing = [c for c in checks if c["rule"] in ARITHMETIC]
        fresh = [f for f in _suspects(failing) if report["values"].get(f) is not None]
        if not fresh:  # all fine, or a sum broken by blank cells alone: nothing left to null
            break
        for field in fresh:
            report["raw"].setdefault(field, _fmt(report["values"][field]))
            report["values"][field] = None
        nulled.extend(fresh)
        checks = run_checks()
    if nulled:
        report["untrusted"] = [*(report.get("untrusted") or []), *nulled]
        if "unknown" in report:
            report["unknown"] = [f for f in report["values"] if f in {*report["unknown"], *nulled}]
        checks.append(untrusted_check(report, settings))
    return checks


def untrusted_check(report: dict, settings: CheckSettings = DEFAULT) -> dict:
    """ocr_untrusted, for the cells the record lists as `untrusted`."""
    nulled = report["untrusted"]
    read = "，".join(f"{f}（识别为 {report['raw'][f]}）" for f in nulled[:settings.ocr_listed])
    more = f" 等 {len(nulled)} 个" if len(nulled) > settings.ocr_listed else ""
    return make_check("ocr_untrusted", nulled,
        f"扫描件经文字识别（OCR）读出的数字不满足表格的勾稽关系，无法确定哪一个数字读错（也可能原件本身有误），"
        f"以下单元格记为空值，请对照原件核对：{read}{more}。")


def _suspects(failing: list[dict]) -> list[str]:
    rows = [c for c in failing if c["rule"] in ROW_RULES]
    columns = [c for c in failing if c["rule"] in COLUMN_RULES]
    suspects: list[str] = []
    crossed: set[int] = set()
    for r, row in enumerate(rows):
        for k, column in enumerate(columns):
            common = [f for f in row["fields"] if f in column["fields"]]
            if common:
                crossed.update({("r", r), ("c", k)})
                suspects.extend(f for f in common if f not in suspects)
    for r, row in enumerate(rows):
        if ("r", r) not in crossed:
            suspects.extend(f for f in row["fields"] if f not in suspects)
    for k, column in enumerate(columns):
        if ("c", k) not in crossed:
            suspects.extend(f for f in column["fields"] if f not in suspects)
    return suspects


def _fmt(n) -> str:
    return f"{n:g}" if isinstance(n, float) else str(n)
