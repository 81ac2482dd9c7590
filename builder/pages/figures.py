"""Key figures derived from a report's values, for pages and charts.

These are sums the program computes (the contract keeps them apart from the
printed values): a figure whose cells are all blank stays None, otherwise
blanks count as 0.
"""

from __future__ import annotations

# How requests were handled (key, label, request rows summed) and the key figures: the template's.
from builder.template.labels import KEY_FIGURES, OUTCOME_GROUPS

__all__ = ["OUTCOME_GROUPS", "add", "fmt", "key_figures", "outcome", "pct", "share", "sum_figures", "total"]


def total(values: dict, field_ids) -> int | float | None:
    present = [values[f] for f in field_ids if values.get(f) is not None]
    return sum(present) if present else None


def outcome(values: dict, rows: tuple[str, ...], column: str = "total") -> int | float | None:
    return total(values, [f"requests.{row}.{column}" for row in rows])


def key_figures(report: dict) -> dict:
    v = report.get("values") or {}
    figures = {figure.key: total(v, figure.fields) for figure in KEY_FIGURES}
    processed = figures["processed"]
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
