"""Property: any text or HTML-ish file parses to a report or a ReportError — nothing else, in bounded time.

Inputs are built from a grammar of what reports and attackers print: the template's own labels
and numbers as a report prints them, table markup with any colspan/rowspan value, Markdown and
stray markup (unclosed <table, autolinks, bookmarks, pipes), and arbitrary characters. The whole
pipeline runs (read → locate → map → check), so a crash anywhere in it is found here.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from builder.errors import ReportError
from builder.parse import parse_report
from builder.template import (
    APPEAL_GROUPS_ZH,
    APPEAL_OUTCOMES_ZH,
    PARTS,
    PROACTIVE_ROWS,
    REQUEST_GROUPS,
    REQUEST_ROWS,
)

LABELS = sorted({row.label for row in REQUEST_ROWS} | {label for row in PROACTIVE_ROWS for label in row.labels}
                | set(REQUEST_GROUPS) | set(APPEAL_OUTCOMES_ZH) | set(APPEAL_GROUPS_ZH)
                | {"自然人", "法人或其他组织", "商业企业", "总计", "申请人情况", "信息内容", "本年新制作数量"})
HEADINGS = [part.title for part in PARTS]
SPANS = ["0", "1", "2", "3", "7", "1000", "1001", "65534", "99999999", "-1", "abc", " 2 ", ""]
STRAY = ["<table", "<table>", "</table>", "<tr>", "<td>", "</td>", "<http://a", "[bookmark:x", "**", "__", "# ",
         "|", "---", "|---|---|", "\t", "  ", "\u3000", "&nbsp;", "<br>", "<div>", "<!--", "<?xml ?>"]

numbers = st.one_of(
    st.integers(-5, 10**7).map(str),
    st.sampled_from(["1,234", "35.6万元", "14800元", "/", "—", "无", "", "0 0 1", "增加3", "减少2", "5*", "121①", "３５"]),
)
words = st.text(st.sampled_from("一二三四、（）()1234567890.:：。，年月日报告政府信息公开 abc<>|/\\\t-"), max_size=12)
cells = st.one_of(st.sampled_from(LABELS), numbers, numbers, words)


# A row as reports print them: a label, then its numbers (most rows), or any cells.
row_cells = st.one_of(
    st.tuples(st.sampled_from(LABELS), st.lists(numbers, min_size=1, max_size=9)).map(lambda r: [r[0], *r[1]]),
    st.lists(cells, max_size=9),
)
# Cell attributes: none mostly, else any colspan/rowspan value.
cell_attrs = st.one_of(st.just(""), st.just(""), st.just(""),
                       st.tuples(st.sampled_from(["colspan", "rowspan"]), st.sampled_from(SPANS))
                       .map(lambda a: f' {a[0]}="{a[1]}"'))


@st.composite
def html_table(draw, depth: int = 0) -> str:
    rows = []
    for row in draw(st.lists(row_cells, min_size=1, max_size=8)):
        out = []
        for content in row:
            if depth < 2 and draw(st.integers(0, 30)) == 0:
                content = draw(html_table(depth + 1))
            closing = "" if draw(st.integers(0, 10)) == 0 else "</td>"
            out.append(f"<td{draw(cell_attrs)}>{content}{closing}")
        rows.append("<tr>" + "".join(out) + "</tr>")
    style = draw(st.sampled_from(["", "", "", ' style="display:none"', ' class="nav"']))
    return f"<table{style}>" + "".join(rows) + ("</table>" if draw(st.integers(0, 5)) else "")


@st.composite
def html_page(draw) -> str:
    body = []
    for _ in range(draw(st.integers(1, 6))):
        body.append(draw(st.one_of(
            html_table(),
            st.sampled_from(HEADINGS).map(lambda h: f"<p>{h}</p>"),
            html_table(),
            st.lists(st.one_of(cells, st.sampled_from(STRAY)), max_size=6).map(lambda xs: f"<p>{''.join(xs)}</p>"),
            st.sampled_from(STRAY),
        )))
    return "<html><head><meta charset=\"utf-8\"></head><body>" + "\n".join(body) + "</body></html>"


@st.composite
def text_report(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 15))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            lines.append(draw(st.sampled_from(HEADINGS)))
        elif kind in (1, 2):
            sep = draw(st.sampled_from(["\t", " ", " | ", "\t\t"]))
            lines.append(sep.join(draw(row_cells)))
        elif kind == 3:
            lines.append("\t" + draw(cells))  # Word's one-cell-a-line export
        elif kind == 4:
            lines.append(draw(html_table()))
        else:
            lines.append("".join(draw(st.lists(st.one_of(st.sampled_from(STRAY), words), max_size=6))))
    return "\n".join(lines)


@pytest.fixture(scope="module", autouse=True)
def warm_imports():
    """parse_report's first call imports pdfplumber, cpca, pypinyin …: not a cost of any one example."""
    root = Path(__file__).resolve().parents[1] / "fixtures" / "generated"
    parse_report(root / "gen-xiangzhou-shuiwuju-2022.txt")


def parses_or_refuses(text: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_text(text, "utf-8")
        try:
            report = parse_report(path)
        except ReportError as exc:
            message = str(exc)
            assert message and "\n" not in message
            event(f"refused: {message.split(' ')[0][:12]}")
            return
        event("parsed, tables found" if any(report["template"].values()) else "parsed, no table")
        assert isinstance(report["values"], dict) and isinstance(report["checks"], list)
        for value in report["values"].values():
            assert value is None or isinstance(value, int | float)


FUZZ = settings(max_examples=30, deadline=timedelta(seconds=10),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.slow
@FUZZ
@given(html_page())
def test_html_pages(page):
    parses_or_refuses(page, ".html")


@pytest.mark.slow
@FUZZ
@given(text_report(), st.sampled_from([".txt", ".md"]))
def test_text_reports(text, suffix):
    parses_or_refuses(text, suffix)


@pytest.mark.slow
@settings(FUZZ, max_examples=25)
@given(st.text(max_size=400), st.sampled_from([".txt", ".html"]))
def test_arbitrary_text(text, suffix):
    parses_or_refuses(text, suffix)
