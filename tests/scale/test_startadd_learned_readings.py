"""A report's parse in a worker sends back the pinyin readings it had to make with pypinyin's and CC-CEDICT's
dictionaries (builder.batch._parse_learning): the build's own process, whose pages read the same new name (an
agency page's search words), does not load them again (~1 s of CPU a one-report rebuild). Run in a process of
its own: the test process may have loaded them already."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CHILD = """
import sys
from pathlib import Path
from builder import readings
from builder.batch import collect_reports
from builder.metadata import slugify
from builder.search import agency_search_html
out = collect_reports(Path(sys.argv[1]), Path(sys.argv[2]), jobs=1)
(report,) = out.reports
assert "pypinyin_dict.phrase_pinyin_data.cc_cedict" not in sys.modules
html = agency_search_html(out.reports)
assert "pypinyin_dict.phrase_pinyin_data.cc_cedict" not in sys.modules, "loaded here"
print(report["agency_id"], slugify(report["agency"]), getattr(readings, "LEARNED", {}).get("鹿鸣湖畔管护站"), sep="|")
"""


def test_the_readings_a_parse_worker_made_are_not_made_again_here(tmp_path):
    from tests.textreport import consistent_values, write_report

    folder = tmp_path / "data" / "reports"
    folder.mkdir(parents=True)
    agency = "兴庆区鹿鸣湖畔管护站"  # (a unit no shipped table holds: read by the libraries)
    (folder / "a-2022.txt").write_text(write_report(consistent_values("2021"), agency=agency, year=2022),
                                       encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "data"), str(tmp_path / "cache")], cwd=REPO,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    agency_id, slug, learned = done.stdout.strip().split("|")
    from builder.readings import library_reading

    assert learned == library_reading("鹿鸣湖畔管护站") and agency_id == slug == f"xingqingqu-{learned}"
