"""builder/export/pieces.py keeps the workbooks' template (builder.export.workbook.sheet_template) in build/,
with the code that made it: a one-report add reads it back instead of importing XlsxWriter and writing a
workbook (~0.2 s of the add's downloads at N = 1,000); the workbook is a clean build's byte for byte, and a
template of other code, or one cut short, is made again."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from builder import cache_format
from builder.export import workbook
from builder.export.pieces import _PIECES_KIND, PIECES_FORMAT, WORKBOOK_TEMPLATE, downloads
from builder.pages.docs_tree import DocsTree, content_hash
from tests.site.records import synthetic_report

REPO = Path(__file__).resolve().parents[2]


def _reports(total: int = 40) -> list[dict]:
    reports = [synthetic_report(i, {"requests.new_received.total": i}) for i in range(total)]
    return sorted(reports, key=lambda r: r["id"])


def _build(reports: list[dict], root: Path, code: str = "code") -> dict[str, bytes]:
    tree = DocsTree(root / "docs", root / "build" / "docs-state.json")
    downloads(tree, SimpleNamespace(reports=reports), code, {r["id"]: content_hash(r) for r in reports}, jobs=1)
    tree.prune()
    return {p.relative_to(root / "docs").as_posix(): p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()}


def _changed(reports: list[dict]) -> list[dict]:
    out = copy.deepcopy(reports)
    out[5]["values"]["requests.new_received.total"] = 9876
    return out


def _kept_code(root: Path) -> str:
    return cache_format.read(root / "build" / WORKBOOK_TEMPLATE, _PIECES_KIND, PIECES_FORMAT)["code"]


def test_a_kept_template_gives_a_clean_builds_workbook(tmp_path):
    reports = _reports()
    _build(reports, tmp_path / "kept")
    assert _kept_code(tmp_path / "kept") == "code"
    workbook._TEMPLATES.clear()  # (as a new process: read back from build/)
    incremental = _build(_changed(reports), tmp_path / "kept")
    assert workbook._TEMPLATES  # seeded from the file
    workbook._TEMPLATES.clear()
    clean = _build(_changed(reports), tmp_path / "clean")
    xlsx = [name for name in clean if name.endswith("reports.xlsx")]
    assert xlsx and all(incremental[name] == clean[name] for name in xlsx)
    assert incremental == clean


def test_a_template_of_other_code_or_cut_short_is_made_again(tmp_path):
    reports = _reports()
    root = tmp_path / "kept"
    _build(reports, root)
    _build(_changed(reports), root, code="other")  # (the code changed: every chunk assembled again)
    assert _kept_code(root) == "other"
    path = root / "build" / WORKBOOK_TEMPLATE
    path.write_bytes(path.read_bytes()[:-20])
    workbook._TEMPLATES.clear()
    again = _build(reports, root, code="third")
    assert _kept_code(root) == "third"
    workbook._TEMPLATES.clear()
    assert again == _build(reports, tmp_path / "clean", code="third")


CHILD = """
import copy, json, sys
from pathlib import Path
from types import SimpleNamespace
sys.path.insert(0, sys.argv[1])
from builder.export.pieces import downloads
from builder.pages.docs_tree import DocsTree, content_hash
from tests.site.records import synthetic_report
root = Path(sys.argv[2])
reports = sorted((synthetic_report(i, {"requests.new_received.total": i}) for i in range(40)), key=lambda r: r["id"])
reports[5]["values"]["requests.new_received.total"] = 9876
tree = DocsTree(root / "docs", root / "build" / "docs-state.json")
downloads(tree, SimpleNamespace(reports=reports), "code", {r["id"]: content_hash(r) for r in reports}, jobs=1)
print(json.dumps("xlsxwriter" in sys.modules))
"""


def _adds_import_xlsxwriter(root: Path) -> bool:
    out = subprocess.run([sys.executable, "-c", CHILD, str(REPO), str(root)], capture_output=True, text=True,
                         check=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_one_report_changed_does_not_import_xlsxwriter(tmp_path):
    reports = _reports()
    for name in ("kept", "no-template"):
        _build(reports, tmp_path / name)
    (tmp_path / "no-template" / "build" / WORKBOOK_TEMPLATE).unlink()
    assert _adds_import_xlsxwriter(tmp_path / "kept") is False
    assert _adds_import_xlsxwriter(tmp_path / "no-template") is True
