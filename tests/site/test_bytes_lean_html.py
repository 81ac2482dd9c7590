"""An agency page's raw HTML blocks leave out the end tags HTML lets them omit (common.lean_html): the
cells', the rows', a paragraph's before the next one. Chromium parses each block of real reports, lean
and whole, into the same DOM (its serialisation writes every end tag back), and the lean one is smaller."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.pages import agency, charts
from builder.pages.common import lean_html
from builder.pages.tables import appeals_table, proactive_table, requests_table

REPO = Path(__file__).resolve().parents[2]
REPORTS = [
    REPO / "data/reports/ningxia/yinchuan/xingqingqu-yueyahuxiang-renminzhengfu-2020.txt",
    REPO / "tests/fixtures/generated/gen-jianghan-renminzhengfu-2023.docx",
]


@pytest.fixture(scope="module")
def blocks() -> list[str]:
    """Every kind of raw HTML block an agency page's sections hold, for real reports."""
    from builder.parse import parse_report

    reports = [parse_report(path) for path in REPORTS]
    out = []
    for report in reports:
        out += [agency._key_figures_table(report), agency._checks_block(report), agency._parts_block(report),
                proactive_table(report), requests_table(report), appeals_table(report)]
        made = charts.handled_chart([report], f"handled-{report['id']}")
        if made:
            out.append(charts.embed(made, "handled", data_table=False))
    return [b for b in out if b]


def test_lean_blocks_are_smaller_and_hold_no_cell_end_tag(blocks):
    whole = sum(len(b.encode()) for b in blocks)
    lean = [lean_html(b) for b in blocks]
    assert sum(len(b.encode()) for b in lean) < whole - 2_000
    assert not any("</td>" in b or "</tr>" in b for b in lean)
    assert lean_html("<table><tr><td>1</td></tr>\n<tr><td>2</td></tr></table>") == "<table><tr><td>1<tr><td>2</table>"
    # only markup the page wrote: escaped report text keeps its look-alike tags
    assert lean_html("<p>&lt;/td&gt;&lt;td&gt;</p><p>x</p>") == "<p>&lt;/td&gt;&lt;td&gt;<p>x</p>"


def test_chromium_reads_lean_blocks_as_the_whole_ones(browser, blocks):
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><html><body></body></html>")
        parsed = page.evaluate(r"""(pairs) => pairs.map(([whole, lean]) => {
            const a = document.createElement('div'), b = document.createElement('div');
            a.innerHTML = whole; b.innerHTML = lean;
            // the whitespace between two rows (table whitespace: it renders nothing) is all lean drops
            for (const root of [a, b]) {
              const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), gaps = [];
              while (walker.nextNode()) {
                const n = walker.currentNode;
                if (/^\s*$/.test(n.data) && /^(TABLE|TBODY|THEAD|TFOOT|TR)$/.test(n.parentNode.nodeName)) gaps.push(n);
              }
              gaps.forEach((n) => n.remove());
            }
            return [a.innerHTML, b.innerHTML, a.textContent === b.textContent];
        })""", [[b, lean_html(b)] for b in blocks])
    finally:
        page.close()
    for (whole, lean, same_text), block in zip(parsed, blocks, strict=True):
        assert same_text and lean == whole, block[:200]
