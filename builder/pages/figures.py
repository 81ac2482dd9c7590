"""Key figures derived from a report's values, for pages and charts.

These are sums the program computes (the contract keeps them apart from the
printed values): a figure whose cells are all blank stays None, otherwise
blanks count as 0.
"""

from __future__ import annotations

import contextlib

# How requests were handled (key, label, request rows summed) and the key figures: the template's.
from builder.template.labels import KEY_FIGURES, OUTCOME_GROUPS

__all__ = ["OUTCOME_GROUPS", "add", "fmt", "key_figures", "memoized", "outcome", "pct", "share", "share_basis_zh",
           "sum_figures", "total"]

# Inside memoized(): values dict's id → (the dict, its key figures). The dict is held, so its id is not reused.
_memo: dict[int, tuple[dict, dict]] | None = None


@contextlib.contextmanager
def memoized():
    """key_figures of each report computed once inside the block: a site build asks for a report's
    figures a dozen times (the home page, its year's page, its regions' pages, rankings, peers), and
    that was most of what the whole-site pages of a one-report rebuild cost (issue 9). Each call still
    returns its own dict. For a build, where the records are not changed while pages are made."""
    global _memo
    outer = _memo
    if outer is None:
        _memo = {}
    try:
        yield
    finally:
        _memo = outer


def total(values: dict, field_ids) -> int | float | None:
    # (one lookup a field: this runs for every figure of every report at every build)
    present = [value for f in field_ids if (value := values.get(f)) is not None]
    return sum(present) if present else None


def outcome(values: dict, rows: tuple[str, ...], column: str = "total") -> int | float | None:
    return total(values, [f"requests.{row}.{column}" for row in rows])


def key_figures(report: dict) -> dict:
    figures = _figures(report)
    return dict(figures) if _memo is not None else figures


def _figures(report: dict) -> dict:
    """key_figures, the memo's own dict when memoized (not to be changed: sum_figures only reads it)."""
    v = report.get("values") or {}
    if _memo is not None:
        hit = _memo.get(id(v))
        if hit is not None and hit[0] is v:
            return hit[1]
    figures = {figure.key: total(v, figure.fields) for figure in KEY_FIGURES}
    processed = figures["processed"]
    for key, _label, rows in OUTCOME_GROUPS:
        figures[key] = outcome(v, rows)
        figures[f"{key}_share"] = share(figures[key], processed)
    if _memo is not None:
        _memo[id(v)] = (v, figures)
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
    """Regional totals of the key figures, and the shares of the handling results in them.

    A share's parts are summed only over the reports that printed its denominator (办理结果总计):
    a report printing 予以公开 without its 总计 would otherwise add to the numerator and not to the
    denominator, and push the share up (above 100% in a small region). ``share_reports`` says how
    many reports the shares cover (share_basis_zh words it for a page)."""
    summed = [*(figure.key for figure in KEY_FIGURES), *(key for key, _label, _rows in OUTCOME_GROUPS)]
    shared = ["processed", *(key for key, _label, _rows in OUTCOME_GROUPS)]
    out: dict = dict.fromkeys(summed)
    parts: dict = dict.fromkeys(shared)
    covered = 0
    for report in reports:
        figures = _figures(report)
        for key in summed:  # add(), inlined: this loop runs for every report of every sum a page shows
            value = figures[key]
            if value is not None:
                out[key] = value if out[key] is None else out[key] + value
        if figures["processed"] is None:
            continue
        covered += 1
        for key in shared:
            value = figures[key]
            if value is not None:
                parts[key] = value if parts[key] is None else parts[key] + value
    if not reports:
        out = {}  # (no figure at all, as before: only the shares, None)
    for key, _label, _rows in OUTCOME_GROUPS:
        out[f"{key}_share"] = share(parts.get(key), parts.get("processed"))
    out["share_reports"] = covered
    return out


def share_basis_zh(sums: dict, reports: int) -> str:
    """What the shares of sum_figures cover, for the page: "" when every report printed 办理结果总计."""
    covered = sums.get("share_reports", 0)
    if covered == reports:
        return ""
    if not covered:
        return "没有报告印出办理结果总计，不计算占比。"
    return (f"占比只按印出办理结果总计的 {covered:,} 份报告计算（另有 {reports - covered:,} 份未印总计，"
            "其办理结果件数计入合计、不计入占比）。")


def fmt(value) -> str:
    """A number for a page: blank stays blank."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:,}"


def pct(value) -> str:
    return "" if value is None else f"{value * 100:.1f}%"
