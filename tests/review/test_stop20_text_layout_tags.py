"""Stop 20 review: the TXT reader drops layout markup by name (builder/read/text.py _LAYOUT_TAGS), but the
list left out the table element itself and Word's smart tags, both in text copied from a web page or
saved by Word: `<table border=1>` / `</table>` and `<st1:chsdate …>2020年1月1日</st1:chsdate>` stayed in
the record as text (the old reader dropped them), while the `<tr>`/`<td>` around the same cells were
dropped. What a report printed (`<script>`, `<条例>`) still stays."""

from __future__ import annotations

from builder.read.text import clean_line


def test_table_element_is_layout():
    assert clean_line('<table border="1" cellspacing="0"><tr><td>收到申请数</td><td>12</td></tr>') == "收到申请数12"
    assert clean_line("</tbody></table>") == ""


def test_word_smart_tags_are_layout():
    line = '截至<st1:chsdate Year="2020" Month="12" Day="31" IsLunarDate="False" w:st="on">2020年12月31日</st1:chsdate>'
    assert clean_line(line) == "截至2020年12月31日"


def test_images_are_layout():
    assert clean_line('<img src="logo.png" width=20>本机关') == "本机关"


def test_printed_tags_still_kept():
    assert clean_line("网站曾被注入<script>代码") == "网站曾被注入<script>代码"
    assert clean_line("依据<条例>办理") == "依据<条例>办理"
    assert clean_line("<tablet>") == "<tablet>"  # (a name that only starts like one)
