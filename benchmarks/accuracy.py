"""How many cells does the parser get right on reports whose truth we know?

    .venv/bin/python benchmarks/accuracy.py [TRUTH.json …] [--min 99]

For every tests/truth/*.json (or the files given), parse truth["file"] with
builder.parse.parse_report and compare every field in truth["values"] (a number
must equal the number, null must be null) and the metadata (agency, year, each
region level, published, the template of each table). Prints, per format,
"cells right / cells total (xx.x%)" and every wrong cell as (field, expected, got).
Exit status 1 when the share of right table cells is below --min (default 99).
"""

from __future__ import annotations

import argparse
import json
import math
import signal
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRUTH_DIR = ROOT / "tests" / "truth"
MISSING = "(missing)"
METADATA = ("agency", "year", "published")


def same(expected, got) -> bool:
    """Value equality as the contract means it: null is only null, numbers compare as numbers."""
    if expected is None or got is None:
        return expected is None and got is None
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected == got
    if isinstance(expected, int | float) and isinstance(got, int | float):
        return math.isclose(expected, got, rel_tol=1e-9, abs_tol=1e-9)
    return expected == got


def compare(truth: dict, report: dict) -> tuple[list, list]:
    """(wrong table cells, wrong metadata), each a list of (name, expected, got)."""
    values = report.get("values") or {}
    wrong_cells = [(fid, want, values.get(fid, MISSING)) for fid, want in truth["values"].items()
                   if fid not in values or not same(want, values[fid])]
    wrong_meta = []
    extra = sorted(set(values) - set(truth["values"]))
    if extra:  # the contract: values holds the fields of the detected variants, no others
        wrong_meta.append(("fields beyond the truth", [], extra))
    for key in METADATA:
        if key in truth and not same(truth[key], report.get(key, MISSING)):
            wrong_meta.append((key, truth[key], report.get(key, MISSING)))
    for level, want in (truth.get("region") or {}).items():
        got = (report.get("region") or {}).get(level, MISSING)
        if not same(want, got):
            wrong_meta.append((f"region.{level}", want, got))
    for table, want in (truth.get("template") or {}).items():
        got = (report.get("template") or {}).get(table, MISSING)
        if want != got:
            wrong_meta.append((f"template.{table}", want, got))
    return wrong_cells, wrong_meta


def metadata_total(truth: dict) -> int:
    """Metadata items compared (the field-set check counts as one)."""
    return 1 + sum(k in truth for k in METADATA) + len(truth.get("region") or {}) + len(truth.get("template") or {})


ARITHMETIC_RULES = ("balance", "row_total", "results_sum", "appeals_total")


def error_rule_counts(report: dict) -> dict[str, int]:
    """How many error-severity checks of each arithmetic rule the parser reported."""
    counts: dict[str, int] = {}
    for check in report.get("checks") or []:
        if check.get("rule") in ARITHMETIC_RULES and check.get("severity") == "error":
            counts[check["rule"]] = counts.get(check["rule"], 0) + 1
    return counts


def parse_truth_file(truth_path: Path) -> tuple[dict, dict | None, str | None]:
    """(truth, report or None, error line or None)."""
    from builder.errors import ReportError
    from builder.parse import parse_report

    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    try:
        return truth, parse_report(ROOT / truth["file"]), None
    except ReportError as exc:
        return truth, None, str(exc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("truth", nargs="*", type=Path, help="truth files (default: tests/truth/*.json)")
    parser.add_argument("--min", type=float, default=99.0, help="lowest acceptable share of right cells, %%")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    paths = args.truth or sorted(TRUTH_DIR.glob("*.json"))

    cells = defaultdict(lambda: [0, 0])   # format → [right, total]
    meta = defaultdict(lambda: [0, 0])
    by_source = defaultdict(lambda: [0, 0])  # file-name prefix (gen, seed, stress …) → [right, total]
    problems = []
    for path in paths:
        truth, report, error = parse_truth_file(path)
        fmt = truth.get("format", "?")
        n_cells, n_meta = len(truth["values"]), metadata_total(truth)
        if report is None:
            wrong_cells = [(fid, want, MISSING) for fid, want in truth["values"].items()]
            wrong_meta = [("parse failed", "a parsed report", error)]
        else:
            wrong_cells, wrong_meta = compare(truth, report)
        source = path.name.split("-", 1)[0] if "-" in path.name else "other"
        by_source[source][0] += n_cells - len(wrong_cells)
        by_source[source][1] += n_cells
        cells[fmt][0] += n_cells - len(wrong_cells)
        cells[fmt][1] += n_cells
        meta[fmt][0] += n_meta - min(len(wrong_meta), n_meta)
        meta[fmt][1] += n_meta
        status = "ok" if not wrong_cells and not wrong_meta else f"{len(wrong_cells)} cells, {len(wrong_meta)} metadata wrong"
        print(f"{path.name:48s} {fmt:5s} {n_cells - len(wrong_cells):4d}/{n_cells:<4d} {status}")
        if wrong_cells or wrong_meta:
            problems.append((path.name, wrong_cells, wrong_meta))

    print()
    print(f"{'source':8s} {'table cells right / total':>30s}")
    for source in sorted(by_source):
        r, t = by_source[source]
        print(f"{source:8s} {r:>14d} / {t:<6d} ({_pct(r, t)})")
    print()
    print(f"{'format':8s} {'table cells right / total':>30s}   {'metadata right / total':>26s}")
    right_all = total_all = 0
    for fmt in sorted(cells):
        (r, t), (mr, mt) = cells[fmt], meta[fmt]
        right_all, total_all = right_all + r, total_all + t
        print(f"{fmt:8s} {r:>14d} / {t:<6d} ({_pct(r, t)})   {mr:>10d} / {mt:<4d} ({_pct(mr, mt)})")
    print(f"{'all':8s} {right_all:>14d} / {total_all:<6d} ({_pct(right_all, total_all)})")

    if problems:
        print("\nwrong cells (field, expected, got):")
        for name, wrong_cells, wrong_meta in problems:
            print(f"  {name}")
            for field_id, want, got in wrong_meta:
                print(f"    {field_id}: expected {want!r}, got {got!r}")
            if wrong_meta and wrong_meta[0][0] == "parse failed":
                continue  # every cell is missing; listing them says nothing more
            for line in describe_rows(wrong_cells):
                print(f"    {line}")
    share = 100.0 * right_all / total_all if total_all else 0.0
    return 0 if share >= args.min else 1


def describe_rows(wrong_cells: list) -> list[str]:
    """One line per wrong cell, except a row wrong in several cells reads as one line."""
    rows: dict[str, list] = defaultdict(list)
    for field_id, want, got in wrong_cells:
        rows[field_id.rsplit(".", 1)[0]].append((field_id.rsplit(".", 1)[1], want, got))
    lines = []
    for row, cells in rows.items():
        if len(cells) == 1:
            column, want, got = cells[0]
            lines.append(f"{row}.{column}: expected {want!r}, got {got!r}")
        else:
            columns = ",".join(c for c, _, _ in cells)
            lines.append(f"{row}.{{{columns}}}: expected {[w for _, w, _ in cells]}, got {[g for _, _, g in cells]}")
    return lines


def _pct(right: int, total: int) -> str:
    return f"{100.0 * right / total:5.1f}%" if total else "  n/a"


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends quietly
    sys.exit(main())
