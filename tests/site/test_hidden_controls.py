"""Controls a reader cannot see, and bidi overrides that reverse what they see, are shown as their code point
on a page (the walk: a narrative's U+202E showed "RTL" as "LTR"); the record keeps what the report printed."""

from bs4 import BeautifulSoup

from builder.pages.common import html_text


def test_bidi_override_and_controls_are_shown_as_code_points():
    text = "甲\u202eLTR\u202c乙\x07丙\x1b[2J丁\x9b\u2066戊\u2069"
    out = html_text(text)
    assert out == "甲‹U+202E›LTR‹U+202C›乙‹U+0007›丙‹U+001B›[2J丁‹U+009B›‹U+2066›戊‹U+2069›"
    assert BeautifulSoup(f"<p>{out}</p>", "lxml").p.get_text() == out


def test_ordinary_text_tabs_and_line_breaks_are_left_alone():
    assert html_text("第 3 页\t<b>&\n二、") == "第 3 页\t&lt;b&gt;&amp;\n二、"
    assert html_text(None) == ""
