"""An agency page whose originals are linked in the repository (SITE_ORIGINALS=link, a large
collection) publishes no copy of them: its numbers must then not send the reader to the viewer with
a copy that is not there, but to the original's address (builder.pages.provenance.place's ``link``)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from builder.pages.agency import agency_page_files
from builder.pages.common import agency_page, value_anchor
from builder.pages.tables import cell_place, value_cells
from tests.textreport import consistent_values, parse_text, write_report

FIELD = "requests.new_received.total"


def _cells(tmp_path, links):
    text = write_report(consistent_values("2021", 7), agency="兴庆区月牙湖乡人民政府", year=2021)
    report = parse_text(tmp_path, text, "yueyahu-2021.txt")
    assert (report.get("provenance") or {}).get(FIELD, {}).get("line")  # a text report: its lines are known
    files = agency_page_files([report], links(report))
    soup = BeautifulSoup(files[agency_page(report["agency_id"])], "lxml")
    return report, files, value_cells(soup)[value_anchor(report, FIELD)].a


def test_a_linked_original_s_numbers_link_to_its_address(tmp_path):
    address = "https://github.com/example/reports/blob/0123abcd/data/yueyahu-2021.txt"
    report, files, cell = _cells(tmp_path, lambda r: {r["source"]["path"]: address})
    assert cell.get_text() == "7"
    assert cell["href"] == address  # not ../../viewer/?file=… of a copy the site does not have
    assert not any(name.endswith(".txt") for name in files)  # indeed no copy is published


def test_a_copied_original_s_numbers_open_the_viewer_on_the_copy(tmp_path):
    report, files, link = _cells(tmp_path, lambda r: {})
    assert link is None  # the viewer's link (viewer/?r=…&f=…) is made in the browser by assets/cite.js
    soup = BeautifulSoup(files[agency_page(report["agency_id"])], "lxml")
    assert cell_place(value_cells(soup)[value_anchor(report, FIELD)]).startswith("第 ")
    assert any(name.endswith(".txt") for name in files)  # the copy the viewer opens is published
