"""late_publication cites the article that sets the deadlines: 《中华人民共和国政府信息公开条例》
(2019 年修订) 第四十九条 — departments of 县级以上 governments by 31 January, the report of a
县级以上地方人民政府 itself by 31 March (第五十条 lists the contents, not the dates)."""

from __future__ import annotations

from builder.check.law import late_publication
from builder.template import RULE


def test_the_rule_text_cites_article_49_with_both_deadlines():
    text = RULE["late_publication"].what_zh
    assert "第四十九条" in text and "1 月 31 日" in text and "3 月 31 日" in text
    assert "县级以上人民政府部门" in text and "县级以上地方人民政府" in text


def test_the_message_names_the_article_and_the_deadline_that_applied():
    [department] = late_publication({"agency": "银川市民政局", "year": 2022, "published": "2023-02-01"})
    assert "第四十九条" in department["message"] and "2023-01-31" in department["message"]
    assert "县级以上人民政府部门" in department["message"]
    [government] = late_publication({"agency": "银川市人民政府", "year": 2022, "published": "2023-04-01"})
    assert "第四十九条" in government["message"] and "2023-03-31" in government["message"]
    assert late_publication({"agency": "银川市人民政府", "year": 2022, "published": "2023-03-31"}) == []
