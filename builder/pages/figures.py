"""Key figures derived from a report's values, for pages and charts.

These are sums the program computes (the contract keeps them apart from the
printed values): a figure whose cells are all blank stays None, otherwise
blanks count as 0.
"""

from __future__ import annotations

from builder.template import APPEAL_GROUPS, REQUEST_ROWS

# How requests were handled, the template's five result groups plus 其他处理,
# keyed by the request row keys of builder.template.
OUTCOME_GROUPS = (
    ("granted", "予以公开", ("granted",)),
    ("partially_granted", "部分公开", ("partially_granted",)),
    ("withheld", "不予公开", tuple(r.key for r in REQUEST_ROWS if r.group == "不予公开")),
    ("unavailable", "无法提供", tuple(r.key for r in REQUEST_ROWS if r.group == "无法提供")),
    ("rejected", "不予处理", tuple(r.key for r in REQUEST_ROWS if r.group == "不予处理")),
    ("other", "其他处理", ("other", *(r.key for r in REQUEST_ROWS if r.group == "其他处理"))),
)


def total(values: dict, field_ids) -> int | float | None:
    present = [values[f] for f in field_ids if values.get(f) is not None]
    return sum(present) if present else None


def outcome(values: dict, rows: tuple[str, ...], column: str = "total") -> int | float | None:
    return total(values, [f"requests.{row}.{column}" for row in rows])


def key_figures(report: dict) -> dict:
    v = report.get("values") or {}
    processed = v.get("requests.total_processed.total")
    figures = {
        "received": v.get("requests.new_received.total"),
        "carried_over": v.get("requests.carried_over.total"),
        "processed": processed,
        "carried_forward": v.get("requests.carried_forward.total"),
        "reconsideration": v.get("appeals.reconsideration.total"),
        "reconsideration_corrected": v.get("appeals.reconsideration.corrected"),
        "litigation": total(v, [f"appeals.{g}.total" for g in APPEAL_GROUPS[1:]]),
        "litigation_corrected": total(v, [f"appeals.{g}.corrected" for g in APPEAL_GROUPS[1:]]),
    }
    for key, _label, rows in OUTCOME_GROUPS:
        figures[key] = outcome(v, rows)
        figures[f"{key}_share"] = share(figures[key], processed)
    return figures


def share(part, whole) -> float | None:
    if part is None or not whole:
        return None
    return part / whole


def add(a, b):
    """Sum that keeps None only when both sides are unknown."""
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def sum_figures(reports: list[dict]) -> dict:
    """National / regional totals of the key figures (shares recomputed from the sums)."""
    out: dict = {}
    for report in reports:
        for key, value in key_figures(report).items():
            if not key.endswith("_share"):
                out[key] = add(out.get(key), value)
    for key, _label, _rows in OUTCOME_GROUPS:
        out[f"{key}_share"] = share(out.get(key), out.get("processed"))
    return out


def fmt(value) -> str:
    """A number for a page: blank stays blank."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:,}"


def pct(value) -> str:
    return "" if value is None else f"{value * 100:.1f}%"
