"""What the pages say of a report whose body's name the parser did not take.

The parser takes a body's name from the report's title, signature, text or page furniture only where it
reads as one (builder.metadata: a bounded length, ending as a body's name ends); a name that does not (a
`<script>` line, 280 characters of one) is not taken, the record's agency is null and its id is made from
the file's name (builder.parse). The pages then name the report by that id: they say so, on its body's
page and in the quality lists, rather than pass the file's name off as the body's.
"""

from __future__ import annotations

NAMELESS = "nameless"  # the quality filter's value for "its body's name was not found" (not a check rule)
NAMELESS_ZH = "机构名称未识别"


def nameless(report: dict) -> bool:
    """The parser found no name for the report's body (nor did a sidecar give one)."""
    return not report.get("agency")


def nameless_sentence(report: dict) -> str:
    """Plain text (the caller escapes it): why the report is called what it is, and how to correct it."""
    file = (report.get("source") or {}).get("file") or ""
    named = f"由文件名“{file}”得出的" if file else ""
    return (f"报告中没有找到可用的机构名称（没有印出，或印出的不像机构名称：过长、含网页标记、不以机关名称结尾），"
            f"本站以{named}“{report['agency_id']}”称呼它；在报告旁的附属文件（.yml）中写明 agency 即可更正。")
