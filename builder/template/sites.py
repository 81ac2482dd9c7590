"""What Chinese government websites print around a report: the standard meta tags and the
information table (索引号, 发布机构, 发文日期 …) above the text.

The meta tags are fixed by 《政府网站发展指引》(国办发〔2017〕47号) and the 政府网站网页设计规范;
the information table follows 政府信息公开目录 practice. Readers and the metadata step ask this module;
neither spells a label of its own.
"""

from __future__ import annotations

import re

# <meta name="…" content="…"> names of the 政府网站 standard, as the standard spells them (matched
# case-insensitively: sites write pubdate, PubDate, PUBDATE).
META_TAGS = ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnDescription", "ColumnKeywords",
             "ColumnType", "ArticleTitle", "PubDate", "ContentSource", "Keywords", "Author", "Description",
             "Url")
META_TAG = {name.lower(): name for name in META_TAGS}

# Labels of the information table (政府信息公开目录 fields) as printed, in one line or a cell each.
INFO_LABELS = ("索引号", "主题分类", "组配分类", "体裁分类", "服务对象分类", "发布机构", "发文机关", "发文机构",
               "生成日期", "成文日期", "发文日期", "发布日期", "公开日期", "文号", "发文字号", "来源", "信息来源",
               "公开方式", "公开范围", "有效性", "名称", "标题", "关键词", "关键字")
# Other furniture on the same lines, which ends a value (发布日期：2024-01-23 字号：大 中 小).
_LINE_FURNITURE = ("字号", "浏览次数", "阅读次数", "点击数", "点击", "访问量", "打印", "关闭", "作者", "分享到",
                   "时间", "日期", "【")
_LABEL_ALT = "|".join(sorted((*INFO_LABELS, *_LINE_FURNITURE), key=len, reverse=True))
# A label, its colon, and its value up to the next label or the end of the line.
INFO_ITEM = re.compile(rf"(?P<label>{'|'.join(sorted(INFO_LABELS, key=len, reverse=True))})\s*[:：]\s*"
                       rf"(?P<value>.*?)\s*(?=(?:{_LABEL_ALT})\s*[:：]|【|$)")

# Where each metadata value can come from (the values of the record's metadata_sources).
META_SOURCE = "meta:"        # + tag name: meta:PubDate
INFO_SOURCE = "info-table:"  # + label: info-table:发布机构
# Info-table labels naming the publishing body, and the publication date, strongest first.
AGENCY_LABELS = ("发布机构", "发文机关", "发文机构")
PUBLISHED_LABELS = ("发布日期", "发文日期", "公开日期")
# Info-table labels naming where the text comes from (an agency, when it names one).
SOURCE_LABELS = ("来源", "信息来源")
WRITTEN_LABELS = ("成文日期", "生成日期")
