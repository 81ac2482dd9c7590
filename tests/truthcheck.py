"""The template's arithmetic on a truth file's values: which sums do not add up (null counts as 0).

Every corpus generator promises numbers that satisfy the template unless a case breaks them on purpose;
tests/corpus/test_truth.py holds them all to it, the deliberate errors included.
"""

from __future__ import annotations

from builder.template import APPEAL_GROUPS, APPEAL_OUTCOMES, APPLICANT_COLUMNS, REQUEST_ROWS


def broken_sums(values: dict) -> list[str]:
    n = {k: (v or 0) for k, v in values.items()}
    rows = [r.key for r in REQUEST_ROWS if f"requests.{r.key}.total" in values]
    results = [r.key for r in REQUEST_ROWS if r.result and r.key in rows]
    wrong = []
    if rows:
        for col in APPLICANT_COLUMNS:
            if n[f"requests.new_received.{col}"] + n[f"requests.carried_over.{col}"] != \
                    n[f"requests.total_processed.{col}"] + n[f"requests.carried_forward.{col}"]:
                wrong.append(f"balance {col}")
            if n[f"requests.total_processed.{col}"] != sum(n[f"requests.{r}.{col}"] for r in results):
                wrong.append(f"results_sum {col}")
    for row in rows:
        if n[f"requests.{row}.total"] != sum(n[f"requests.{row}.{c}"] for c in APPLICANT_COLUMNS[:-1]):
            wrong.append(f"row_total {row}")
    for group in APPEAL_GROUPS:
        if f"appeals.{group}.total" in values and \
                n[f"appeals.{group}.total"] != sum(n[f"appeals.{group}.{o}"] for o in APPEAL_OUTCOMES[:-1]):
            wrong.append(f"appeals_total {group}")
    return wrong
