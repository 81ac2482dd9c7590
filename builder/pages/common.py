"""Small helpers every page generator shares: paths, links, escaping, region paths.

Every string from a report or its sidecar is escaped where it is written, with one of:
``md`` (Markdown text), ``html_text`` (HTML element content), ``html_attr`` (a quoted HTML
attribute value), ``url_html`` (a link only when ``safe_url`` accepts the address: http/https,
else the address as plain text) and ``json_for_html`` (JSON inside an HTML <script> element).
"""

from __future__ import annotations

import json
import posixpath
import re
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from builder.metadata import LEVELS, region_slug
from builder.template.labels import LEVEL_ZH as LEVEL_ZH  # (the template's words; pages import it from here)
from builder.textnorm import visible

# What a page generator returns: docs-relative path → text, bytes, or a file to copy (builder/pages/docs_tree.py).
Content = str | bytes | Path

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def agency_name(report: dict) -> str | None:
    """The agency's name as a page shows it: as the report printed it, without the characters no reader
    sees (builder.textnorm.visible: a zero-width space inside 淮安市清江浦区人民政府 would make a
    name that looks like the body's and is not found by it). None when the report names no agency; the
    record (and the downloads) keep the name as printed."""
    return visible(report.get("agency")) or None


def shown_name(report: dict) -> str:
    """agency_name, else the agency id: what a page calls the body."""
    return agency_name(report) or report["agency_id"]


def agency_page(agency_id: str) -> str:
    """Docs-relative path of an agency's page (URL agencies/<agency_id>/)."""
    return f"agencies/{agency_id}/index.md"


def rel(from_page: str, to_path: str) -> str:
    """A relative link from one docs page to another docs file (both docs-relative)."""
    return posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")


# Line breaks (every one str.splitlines knows: Markdown normalises \r to \n) and other control characters:
# inside a table cell or heading a line break would end it, and let the rest start a block of its own.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def md(text) -> str:
    """Text safe inside Markdown (table cells, link text, headings): no markup, no pipes, no HTML, one line."""
    text = escape(_BREAKS.sub(" ", str(text if text is not None else "")), quote=False)
    return re.sub(r"([\\`*_{}\[\]()#+!|~])", r"\\\1", text)


# Characters a reader cannot see but that change what they see: C0/C1 controls (not tab or line breaks)
# and the bidi embeddings, overrides and isolates (U+202E shows a report's words reversed: "Trojan
# source"). On a page they are written as a visible code (‹U+202E›); the record keeps what was printed.
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def html_text(text) -> str:
    """Text safe as the content of an HTML element: escaped, and controls that would be invisible or
    reorder the text shown as their code point."""
    out = escape(str(text if text is not None else ""), quote=False)
    return _HIDDEN.sub(lambda m: f"‹U+{ord(m.group()):04X}›", out) if _HIDDEN.search(out) else out


def html_attr(text) -> str:
    """Text safe inside a double- or single-quoted HTML attribute value."""
    return escape(str(text if text is not None else ""), quote=True)


SAFE_SCHEMES = ("http", "https")


def safe_url(url) -> str | None:
    """The address if a link to it is safe to write (http or https with a host), else None.

    Browsers drop tabs and line breaks inside an address and spaces around it (`java\tscript:`,
    ` javascript:`): an address holding any control character or space is refused outright.
    """
    if not isinstance(url, str):
        return None
    url = url.strip(" ")
    if not url or any(ord(ch) <= 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced [ in the host
        return None
    return url if parts.scheme.lower() in SAFE_SCHEMES and parts.netloc else None


def url_html(url, text=None, rel_attr: str = "nofollow noopener noreferrer") -> str:
    """HTML for an address from data: a link when safe_url accepts it, otherwise its text, not a link."""
    shown = html_text(url if text is None else text)
    target = safe_url(url)
    if target is None:
        return shown
    return f'<a href="{html_attr(target)}" rel="{rel_attr}">{shown}</a>'


def json_for_html(data) -> str:
    """JSON to place inside an HTML <script> element (e.g. type="application/json").

    No `<`, `>` or `&` is left in the text (written as \\u003c …): `</script>` cannot close the
    element early and `<!--` cannot switch the parser into the script's escaped state, where
    the element's real end tag would be missed. U+2028/2029 too, for older JavaScript parsers.
    JSON.parse reads every one of these escapes back as the original character.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                     ("\u2029", "\\u2029")):
        text = text.replace(ch, code)
    return text


# HTML lets a cell's and a row's end tag go unwritten where the next cell, the next row or the end of
# the table follows (the HTML standard, "Optional tags"): the parser closes them there, so the document
# (DOM, text, layout) is the same. A report's tables hold ~350 cells: ~2 KB a report (N = 1,000,
# benchmarks/page_parts.py). Only end tags written by the page code are dropped: a report's text reaches
# a page escaped (html_text, html_attr, json_for_html), so no "</td>" in it is markup. The whitespace
# between two rows of a table goes too (table whitespace renders nothing), so a dropped row end never
# leaves a line break inside the row's last cell. A paragraph's end goes before the next paragraph
# and at the end of a <details>.
_ROW_GAP = re.compile(r"</tr>\s+(?=<tr[\s>]|</t(?:able|body|head|foot)>|<t(?:body|head|foot)[\s>])")
_CELL_END = re.compile(r"</t[dh]>(?=<t[dhr][\s>]|</tr>|</t(?:able|body|head|foot)>)")
_ROW_END = re.compile(r"</tr>(?=<tr[\s>]|</t(?:able|body|head|foot)>|<t(?:body|foot)[\s>])")
_PARAGRAPH_END = re.compile(r"</p>(?=<p[\s>]|</details>)")


def lean_html(block: str) -> str:
    """A generated raw HTML block without the end tags HTML lets it leave out (cells, rows, paragraphs)."""
    block = _ROW_GAP.sub("</tr>", block)
    block = _CELL_END.sub("", block)
    return _PARAGRAPH_END.sub("", _ROW_END.sub("", block))


_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")


def value_anchor(report: dict, field_id: str) -> str:
    """The stable id of a value's cell on its agency page: v-<year>-<field id> (the page is the agency's,
    so the year names the report; its whole id when the year is unknown), dots as "-" and anything else
    outside [A-Za-z0-9_-] too, so it needs no escaping in a CSS selector or a URL. Short, because an
    agency page has some 200 of them a year (the agency's name in each cost 8 KB gzip at three years).
    The page does not write them: assets/cite.js gives each cell its id from anchor_prefix and the
    table's layout (builder/pages/tables.py)."""
    return _NOT_ID.sub("-", f"{anchor_prefix(report)}-{field_id}".replace(".", "-"))


def anchor_prefix(report: dict) -> str:
    """What every value anchor of a report starts with: v-<year> (v-<report id> when the year is unknown)."""
    year = report.get("year")
    which = str(year) if isinstance(year, int) else report["id"]
    return _NOT_ID.sub("-", f"v-{which}".replace(".", "-"))


def root_rel(from_page: str, site_path: str) -> str:
    """A relative link from a docs page (index.md → its folder's URL) to a site-root-relative URL
    (may carry a #fragment)."""
    path, hash_, fragment = site_path.partition("#")
    folder = posixpath.dirname(from_page) or "."
    return posixpath.relpath(path or ".", folder) + hash_ + fragment


def link(text, from_page: str, to_page: str) -> str:
    return f"[{md(text)}]({rel(from_page, to_page)})"


# ---------------------------------------------------------------- regions


def region_chain(report: dict) -> list[tuple[str, str]]:
    """(level, name) from province down, skipping levels the report does not reveal."""
    region = report.get("region") or {}
    return [(level, region[level]) for level in LEVELS if region.get(level)]


def region_page(chain: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> str:
    """Docs-relative path of a region's page: regions/ningxia/yinchuan/xingqingqu/index.md."""
    return "regions/" + "/".join(region_slug(name, level) for level, name in chain) + "/index.md"


# Region pages exist for these levels; a township links to its county's page.
PAGE_LEVELS = ("province", "city", "county")


def page_chain(chain) -> tuple[tuple[str, str], ...]:
    return tuple((level, name) for level, name in chain if level in PAGE_LEVELS)


_NOT_YAML = re.compile(r"[\ufffe\uffff\ud800-\udfff]+")


def _yaml_text(text: str) -> str:
    return _NOT_YAML.sub(" ", _BREAKS.sub(" ", text))


def front_matter(title: str, *, exclude: bool = False, boost: float | None = None,
                 meta: dict[str, str] | None = None, hide: tuple[str, ...] = ()) -> str:
    """The page's front matter. The title is written HTML-escaped, because Material prints
    page.meta.title without escaping (<title>, the header, the nav) and the search plugin puts it
    into the index as HTML (which the search results render): escaped once here, it shows as the
    text everywhere. Both were tried in Chromium on tests/hostile/: overriding the theme's blocks
    (custom_dir: the htmltitle block and a copy of partials/header.html with |e) stopped the
    <title> and header, but the search plugin still wrote the raw title into the index for every
    section without a heading of its own, and each further partial (nav, footer) would need a copy
    kept in step with Material. The one place Material escapes it again (|e in the footer's
    aria-label) only concerns nav pages, whose titles are fixed words without markup.

    hide: Material's parts the page goes without (``toc``: a page of one wide table and no headings,
    whose empty table of contents would take the table's width at desktop sizes)."""
    # A JSON string is valid YAML once the characters YAML refuses outright are gone (control characters,
    # U+FFFE/U+FFFF, lone surrogates: MkDocs would drop the whole front matter and show it as text).
    lines = ["---", f"title: {json.dumps(html_attr(_yaml_text(title)), ensure_ascii=False)}"]
    # meta: plain text (e.g. the Open Graph description), escaped by the template that prints it
    # (site_src/overrides/main.html, with |e) — unlike the title, Material never prints these itself.
    for key, value in (meta or {}).items():
        lines.append(f"{key}: {json.dumps(_yaml_text(value), ensure_ascii=False)}")
    if exclude or boost is not None:
        lines.append("search:")
        if exclude:
            lines.append("  exclude: true")
        if boost is not None:
            lines.append(f"  boost: {boost}")
    if hide:
        lines.append(f"hide: {json.dumps(list(hide))}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def md_table(headers: list[str], rows: list[list[str]], align: list[str] | None = None) -> str:
    """A Markdown table; cells are already Markdown. align: 'l' or 'r' per column."""
    align = align or ["l"] * len(headers)
    sep = ["---:" if a == "r" else "---" for a in align]
    out = ["| " + " | ".join(headers) + " |", "| " + " | ".join(sep) + " |"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out) + "\n"
