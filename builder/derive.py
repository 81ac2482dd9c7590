"""Derived cells: a value the report did not print legibly, but its tables' own arithmetic makes certain.

The contract keeps `values` as printed: "a value the program derives lives apart from values,
labelled as derived". So `derive(report)` returns the record's `derived` key, computed from the
record alone (values, unknown, blank, untrusted, template, notes):

    {field_id: {"value": int, "rule": "row_total", "from": [field ids], "note": "…（中文）"}}

Two certainties, nothing else:

* one unknown cell in a sum whose other cells are all printed numbers (a total the table does not
  print, a cell that was not a number): the sum gives it — row_total, results_sum, appeals_total,
  balance;
* a row left unplaced because it printed one number fewer than the template's cells (the mapper
  records the numbers it printed in its `cell_count` note): every way of putting the missing cell
  back that keeps the row's arithmetic gives the same cells (six zeros for seven cells: whichever
  is missing, every cell is 0).

Never derived: a cell the report printed blank or "/" (blank is not unknown: it stays null), an OCR
reading nulled for breaking the arithmetic (`untrusted`: the other cells may be misread too), a
negative or fractional count. A derived value that contradicts another of the tables' sums is
withdrawn (with whatever was derived from it): where the report contradicts itself the arithmetic
makes nothing certain.

The checks (builder.check.run) do not use derived values: a derived cell satisfies the sum it came
from by construction, so checking it there proves nothing, and holding another sum to it would
report as the agency's error a number the agency never printed (the `cell_count` / `bad_number`
warning already says the cell was not read). Checks judge what was printed; `derived` completes
what the arithmetic allows, and is computed after them (an OCR reading they null is never derived).
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.template import APPEAL_GROUPS, APPEAL_OUTCOMES, APPLICANT_COLUMNS, REQUEST_ROWS, fields

Derived = dict[str, dict]


@dataclass(frozen=True)
class Equation:
    """sum(coefficient × cell) = 0: one of the tables' sums, the check rule that holds the report to it."""

    rule: str
    terms: tuple[tuple[str, int], ...]  # (field id, +1 | -1)
    says_zh: str  # the equation in words, for the note

    @property
    def cells(self) -> tuple[str, ...]:
        return tuple(f for f, _ in self.terms)

    def solve(self, known: dict[str, int | float], field: str) -> int | float:
        """The one cell's value that makes the sum hold, the others known."""
        rest = sum(c * known[f] for f, c in self.terms if f != field)
        return -rest / dict(self.terms)[field]

    def holds(self, known: dict[str, int | float]) -> bool:
        return sum(c * known[f] for f, c in self.terms) == 0


def _sum(rule: str, total: str, parts: list[str], says_zh: str) -> Equation:
    return Equation(rule, ((total, 1), *((p, -1) for p in parts)), says_zh)


def equations(report: dict) -> list[Equation]:
    """The tables' sums over the cells this report's variants carry (the checks' own equations)."""
    out: list[Equation] = []
    variant = (report.get("template") or {}).get("requests")
    if variant:
        rows = [r for r in REQUEST_ROWS if variant in r.templates]
        for row in rows:
            cols = [f"requests.{row.key}.{c}" for c in APPLICANT_COLUMNS]
            out.append(_sum("row_total", cols[-1], cols[:-1], "总计 = 六类申请人之和"))
        for col in APPLICANT_COLUMNS:
            results = [f"requests.{r.key}.{col}" for r in rows if r.result]
            out.append(_sum("results_sum", f"requests.total_processed.{col}", results,
                            "（七）总计 = （一）至（六）各项办理结果之和"))
            out.append(Equation("balance", ((f"requests.new_received.{col}", 1), (f"requests.carried_over.{col}", 1),
                                            (f"requests.total_processed.{col}", -1),
                                            (f"requests.carried_forward.{col}", -1)),
                                "本年新收 + 上年结转 = 办理总计 + 结转下年度"))
    if (report.get("template") or {}).get("appeals"):
        for group in APPEAL_GROUPS:
            cols = [f"appeals.{group}.{o}" for o in APPEAL_OUTCOMES]
            out.append(_sum("appeals_total", cols[-1], cols[:-1], "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"))
    values = report.get("values") or {}
    return [e for e in out if all(f in values for f in e.cells)]


def _count(value) -> bool:
    return isinstance(value, int | float) and value >= 0 and float(value).is_integer()


def _fmt(value) -> int | float:
    return int(value) if float(value).is_integer() else value


def _label(field: str) -> str:
    known = fields().get(field)
    return f"{known.row_zh}·{known.column_zh}" if known else field


def derive(report: dict) -> Derived:
    """The record's `derived` key (see the module's docstring); {} when nothing is certain."""
    values = report.get("values") or {}
    # Only cells null because they could not be read: not printed blank, not an OCR reading nulled.
    open_cells = {f for f in report.get("unknown") or () if values.get(f) is None} - set(report.get("blank") or ()) \
        - set(report.get("untrusted") or ())
    if not open_cells:
        return {}
    eqs = equations(report)
    known: dict[str, int | float] = {f: v for f, v in values.items() if v is not None}
    derived: Derived = {}
    for note in report.get("notes") or ():
        _short_row(note, eqs, open_cells - set(derived), known, derived)
    _one_unknown(eqs, open_cells, known, derived)
    _withdraw_contradicted(eqs, values, derived)
    return {f: derived[f] for f in values if f in derived}  # in field order


def _short_row(note: dict, eqs: list[Equation], open_cells: set[str], known: dict, derived: Derived) -> None:
    """A row one number short: derived when every place the missing cell could have had gives the same row."""
    printed, cells = note.get("printed"), list(note.get("fields") or ())
    if (note.get("rule") != "cell_count" or not isinstance(printed, list) or len(printed) != len(cells) - 1
            or not all(_count(v) for v in printed) or not set(cells) <= open_cells):
        return
    row_eqs = [e for e in eqs if set(e.cells) <= set(cells)]
    if not row_eqs or set(cells) - {f for e in row_eqs for f in e.cells}:
        return  # a cell no sum of the row holds: its place cannot be told
    outcomes = set()
    for missing in range(len(cells)):
        guess = dict(zip([c for i, c in enumerate(cells) if i != missing], printed, strict=True))
        eq = next(e for e in row_eqs if cells[missing] in e.cells)
        value = eq.solve(guess, cells[missing])
        if not _count(value):
            continue
        guess[cells[missing]] = value
        if all(e.holds(guess) for e in row_eqs):
            outcomes.add(tuple(guess[c] for c in cells))
    if len(outcomes) != 1:
        return
    (row,) = outcomes
    rule = row_eqs[0].rule
    shown = "、".join(str(_fmt(v)) for v in printed)
    note_zh = (f"该行只印出 {len(printed)} 个数字（{shown}），模板有 {len(cells)} 个单元格；无论缺的是哪一格，"
               f"按“{row_eqs[0].says_zh}”，各格的值都只有这一种可能。")
    for cell, value in zip(cells, row, strict=True):
        known[cell] = value
        derived[cell] = {"value": _fmt(value), "rule": rule, "from": [c for c in cells if c != cell], "note": note_zh}


def _one_unknown(eqs: list[Equation], open_cells: set[str], known: dict, derived: Derived) -> None:
    """Sums with exactly one open cell, the rest known, until none is left (one derived cell may
    close another sum)."""
    changed = True
    while changed:
        changed = False
        for eq in eqs:
            missing = [f for f in eq.cells if f not in known]
            if len(missing) != 1 or missing[0] not in open_cells:
                continue
            value = eq.solve(known, missing[0])
            if not _count(value):
                continue
            others = [f for f in eq.cells if f != missing[0]]
            known[missing[0]] = value
            derived[missing[0]] = {
                "value": _fmt(value), "rule": eq.rule, "from": others,
                "note": f"“{_label(missing[0])}”未能读出；按“{eq.says_zh}”，由其余 {len(others)} 个单元格算出为 "
                        f"{_fmt(value)}。"}
            changed = True


def _withdraw_contradicted(eqs: list[Equation], values: dict, derived: Derived) -> None:
    """A derived cell in a sum that then fails, and every cell derived from it, is withdrawn."""
    while True:
        known = {**{f: v for f, v in values.items() if v is not None},
                 **{f: d["value"] for f, d in derived.items()}}
        broken = {f for e in eqs if all(c in known for c in e.cells) and not e.holds(known)
                  for f in e.cells if f in derived}
        if not broken:
            return
        removed: set[str] = set()
        while broken:
            for f in broken:
                derived.pop(f)
            removed |= broken
            broken = {f for f, d in derived.items() if set(d["from"]) & removed}
