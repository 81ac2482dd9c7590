"""The TXT reader keeps what a report printed: text that looks like a tag but is no layout markup
(`<script>`, `<政府>`, `<x>` in a sentence) stays in the record (the pages escape it), while the layout
markup text dumps carry — formatting and table tags such as the seeds' `<b>…</b>` (data/reports/ningxia/
zhongwei/shapotouqu-wenchangzhen-renminzhengfu-2020.txt), `<br>`, `</td>`, Word's `<o:p>` — is dropped."""

from __future__ import annotations

from pathlib import Path

from builder.read.document import Paragraph
from builder.read.text import clean_line, read_text

REPO = Path(__file__).resolve().parents[2]


def _texts(tmp_path, text: str) -> str:
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    return "\n".join(b.text for b in read_text(path).blocks if isinstance(b, Paragraph))


def test_printed_tag_like_text_is_kept(tmp_path):
    text = _texts(tmp_path, "一、总体情况\n\n网站曾被注入<script>alert(1)</script>代码，已清除。\n"
                            "依据<政府信息公开条例>办理，见 <x> 与 <Foo bar>。\n")
    assert "<script>alert(1)</script>" in text
    assert "<x>" in text and "<Foo bar>" in text


def test_layout_markup_is_dropped():
    assert clean_line("<b>第二十条第（六）项</b>") == "第二十条第（六）项"
    assert clean_line("第二行<br>第三行<br/>") == "第二行第三行"
    assert clean_line("<td>予以公开</td><o:p></o:p>") == "予以公开"
    assert clean_line('<span style="x">甲</span><FONT color=red>乙</FONT>') == "甲乙"
    assert clean_line("<bookmark>") == "<bookmark>"  # (a name that only starts like one)


def test_the_seed_with_bold_tags_reads_as_before():
    seed = REPO / "data/reports/ningxia/zhongwei/shapotouqu-wenchangzhen-renminzhengfu-2020.txt"
    document = read_text(seed)
    cells = [c for b in document.blocks if not isinstance(b, Paragraph) for row in b.rows for c in row]
    texts = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    assert not any("<b>" in c or "</b>" in c for c in cells + texts)
    assert any("第二十条第（六）项" in c for c in cells + texts)
