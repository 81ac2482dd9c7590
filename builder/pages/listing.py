"""Tables and links of the generated list pages (regions, rankings, coverage) written as HTML.

A Markdown table of a region page costs Python-Markdown a parse per page (4.7 MB of Markdown at 1,000
reports) and comes out with a `style="text-align: right;"` on every number; the same table as one line
of HTML is smaller (numbers right-aligned by `data-listing`, assets/site.css; no class,
so that Material styles them and wraps them in its scrolling box as it does its own tables) and the raw HTML
hook (site_src/overrides/raw_html.py) lifts it around Markdown. Links in raw HTML are not rewritten by
MkDocs, so they are written as the URLs it would write (use_directory_urls: a page's folder).
"""

from __future__ import annotations

from builder.pages.common import html_attr, html_text, rel


def href(from_page: str, to_page: str) -> str:
    """The URL MkDocs writes for a link from one docs page to another (to_page may carry a #fragment):
    regions/a/index.md → agencies/b/index.md#y2022 gives ../../agencies/b/#y2022."""
    path, hash_, fragment = rel(from_page, to_page).partition("#")
    if path.endswith("index.md"):
        path = path.removesuffix("index.md") or "./"
    return path + hash_ + fragment


def a(text, from_page: str, to_page: str) -> str:
    """An HTML link to a docs page, its text escaped."""
    return f'<a href="{html_attr(href(from_page, to_page))}">{html_text(text)}</a>'


def html_table(headers: list[str], rows: list[list[str]], align: list[str] | None = None) -> str:
    """A table as one line of HTML (cells already HTML; align: 'l' or 'r' per column), out of the search
    like the rest of a list page's tables and followed by a blank line (the hook lifts it whole)."""
    align = align or ["l"] * len(headers)
    cls = ['' if x == "l" else ' class="n"' for x in align]
    head = "".join(f"<th{c}>{h}</th>" for h, c in zip(headers, cls, strict=True))
    body = "".join("<tr>" + "".join(f"<td{c}>{cell}</td>" for cell, c in zip(row, cls, strict=True)) + "</tr>"
                   for row in rows)
    return f'<table data-listing data-search-exclude><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n'
