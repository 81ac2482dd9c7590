"""The data-quality index's table of derived cells is Markdown: an agency's name (from a report or a
sidecar) with a pipe, a line break or underscores must stay one cell of one row, as printed."""

from __future__ import annotations

import markdown
from bs4 import BeautifulSoup

from builder.pages.quality import PAGE, quality_page_files

NAME = "甲|乙_丙_局\n二"


def test_a_strange_name_stays_in_its_cell():
    report = {"id": "jia-2024", "agency_id": "jia", "agency": NAME, "year": 2024, "region": {"province": "江苏省"},
              "checks": [], "values": {},
              "derived": {"requests.new_received.total": {"value": 3, "rule": "row_total", "from": [], "note": ""}}}
    page = quality_page_files([report])[PAGE]
    section = page.split("<section data-search-exclude markdown>", 1)[1].split("</section>", 1)[0]
    html = markdown.markdown(section, extensions=["tables"])
    rows = BeautifulSoup(html, "html.parser").select("tbody tr")
    assert len(rows) == 1
    cells = [td.get_text() for td in rows[0].find_all("td")]
    assert cells == ["甲|乙_丙_局 二", "2024 年度", "一、本年新收政府信息公开申请数量 · 总计", "3（推定）", "row_total"]
    assert rows[0].a["href"] == "../agencies/jia/index.md"
