"""A places file writes a value's place once for the run of values that share it (provenance._shortened):
read back (expand_values in Python, expandValues in assets/viewer.js, the same rules) every entry is the
full [printed string, kind, where…] the viewer reads, and a text report's file is half its former size."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from builder.pages.provenance import FIELDS_FILE, expand_values, fields_file, places_file, places_path
from tests.site.test_viewer import DOCX, HUAIAN, TEXT_SEED, whole_report

REPO = Path(__file__).resolve().parents[2]
VIEWER_JS = REPO / "site_src/assets/viewer.js"


def _full(report: dict) -> list:
    """Each catalogue field's entry in full, made from the record as the former format wrote it."""
    ids = [row[0] for row in json.loads(fields_file()[FIELDS_FILE])["fields"]]
    out = []
    for field_id in ids:
        where = report["provenance"].get(field_id)
        if where is None:
            out.append(0)
        elif "line" in where:
            out.append([where["raw"], "l", where["line"]])
        elif "table" in where:
            out.append([where["raw"], "c", where["table"], where["row"], where["col"]])
        else:
            out.append([where["raw"], "p", where["page"]])
    return out


def _reports() -> dict[str, dict]:
    return {
        "text": whole_report(TEXT_SEED, lambda n, f: {"line": 20 + n // 7}),
        "docx": whole_report(DOCX, lambda n, f: {"table": 1 + n // 40, "row": n // 8 % 5, "col": 1 + n % 8}),
        "pdf": whole_report(HUAIAN, lambda n, f: {"page": 2 + n // 60}),
    }


@pytest.fixture(scope="module")
def reports():
    return _reports()


@pytest.mark.parametrize("kind", ["text", "docx", "pdf"])
def test_expanded_values_are_the_full_entries(reports, kind):
    report = reports[kind]
    values = json.loads(places_file(report)[places_path(report)])["values"]
    assert [v or 0 for v in expand_values(values)] == _full(report)
    shortened = sum(not isinstance(v, list) or len(v) == 2 for v in values if v)
    assert shortened > len(report["provenance"]) // 2, kind  # most entries share the place before them
    assert len(json.dumps(values, ensure_ascii=False)) < 0.75 * len(json.dumps(_full(report), ensure_ascii=False))


def test_an_entry_with_nothing_before_it_to_repeat_is_unreadable():
    assert expand_values(["5", 0, [7, 3], ["1", "l", 4], "2", [3, 1]]) == [None, 0, None, ["1", "l", 4],
                                                                           ["2", "l", 4], None]
    assert expand_values([["1", "c", 0, 2, 3], [9, 5], "8"]) == [["1", "c", 0, 2, 3], [9, "c", 0, 2, 5],
                                                                 ["8", "c", 0, 2, 5]]


def _js_expand(values: list) -> list:
    """assets/viewer.js expandValues run by Node on the values (the function's own text: the module
    starts the viewer when it is imported, which needs a page)."""
    source = VIEWER_JS.read_text(encoding="utf-8")
    body = re.search(r"export function expandValues\(values\) \{.*?\n\}\n", source, re.S).group(0)
    script = body.replace("export ", "") + f"process.stdout.write(JSON.stringify(expandValues({json.dumps(values)})));"
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=60, check=True).stdout
    return json.loads(out)


def test_viewer_js_reads_the_values_as_python_does(reports):
    cases = [json.loads(places_file(r)[places_path(r)])["values"] for r in reports.values()]
    cases.append(["5", 0, [7, 3], ["1", "l", 4], "2", [3, 1], ["1", "c", 0, 2, 3], [9, 5], "8", {"x": 1}, None,
                  ["1", True], ["1", "c", 0, 1, 1], ["2", 1.5], ["3", False]])
    for values in cases:
        assert _js_expand(values) == expand_values(values)
