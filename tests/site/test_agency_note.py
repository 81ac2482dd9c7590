"""The sidecar's `note` (what is wrong in the source, CONTRIBUTING) is shown on the agency page beside the
checks, as text, on one line of HTML (a blank line in it must not hand the rest of it to Markdown)."""

from __future__ import annotations

import markdown

from builder.pages.agency import agency_page_files
from tests.textreport import consistent_values, parse_text, write_report


def _page(tmp_path, note):
    text = write_report(consistent_values("2021", 5), agency="南京市玄武区人民政府", year=2023)
    report = parse_text(tmp_path, text, "xuanwu-2023.txt")
    report["note"] = note
    return next(iter(agency_page_files([report]).values()))


def test_the_note_is_shown_as_text(tmp_path):
    note = "原表“总计”列印错 <img src=x onerror=alert(1)>\n\n[点我](javascript:alert(1))"
    page = _page(tmp_path, note)
    line = next(line for line in page.splitlines() if "附属文件的说明" in line)
    assert "&lt;img src=x onerror=alert(1)&gt;<br>[点我](javascript:alert(1))" in line
    html = markdown.markdown(page, extensions=["md_in_html", "attr_list", "tables"])
    assert "<img" not in html and 'href="javascript' not in html


def test_no_note_no_line(tmp_path):
    assert "附属文件的说明" not in _page(tmp_path, None)
