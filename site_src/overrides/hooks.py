"""MkDocs hook (mkdocs.yml: hooks): every page's theme chrome without its template indentation, and no
theme file the site never loads.

Material's templates are indented for reading: a page's header, sidebars, footer and scripts carry
~3.5 KB of blank lines and leading spaces (a region page is ~20 KB, of which the article is ~6 KB;
~2,000 generated pages at 1,000 reports). Runs of whitespace holding a line break become one line
break outside the <article>, which is where only the theme's markup is: no <pre> or <textarea> there,
and a line break renders as the spaces it replaces. The article (the page's own content, code blocks
included) is left as Markdown wrote it. Not an HTML minifier (minify-html took 10–20 ms a page and
rewrites attributes; this is one regular expression over the chrome, well under 1 ms).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

_INDENT = re.compile(r"[ \t\r]*\n\s*")
# A line break between two tags where one of them opens or closes a block (or a head element, or an
# input the page hides) renders nothing: it is the first or last thing in a block, or stands between
# blocks. Between two inline tags it would be a space, so those keep it. ~270 line breaks a page.
_BLOCK_TAGS = frozenset({"html", "head", "body", "meta", "link", "title", "script", "div", "nav", "ul", "li",
                         "header", "footer", "main", "form", "input", "article", "section", "aside", "button",
                         "dialog"})
_TAG_GAP = re.compile(r"(<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>)\n(?=<(/?)([a-zA-Z][a-zA-Z0-9]*))")


def _tag_gap(m: re.Match) -> str:
    before, after = m.group(3).lower(), m.group(5).lower()
    return m.group(1) if before in _BLOCK_TAGS or after in _BLOCK_TAGS else m.group(0)


# Material wraps every navigation and table-of-contents title in <span class="md-ellipsis"> for its
# long-title tooltips (bundle.js: only a span whose text overflows it gets one); its rule
# (.md-ellipsis{overflow:hidden;text-overflow:ellipsis}, no nowrap) lets a long title wrap, so a nav
# span never overflows and never gets a tooltip: the link holds the title itself (~35 bytes a link,
# ~0.65 KB a page). The header's two title spans, which do cut a long name with "…", stay.
_NAV_TITLE = re.compile(r'(<(?:a|label) [^<>]*class="md-nav__link[^"]*"[^<>]*>)\n<span class="md-ellipsis">\n'
                        r"([^<>]*?)\n</span>")


def _squeeze(chrome: str) -> str:
    chrome = _INDENT.sub("\n", chrome)
    chrome = _NAV_TITLE.sub(r"\1\2", chrome)
    return _TAG_GAP.sub(_tag_gap, chrome)


def squeeze_chrome(html: str) -> str:
    start, end = html.find("<article"), html.rfind("</article>")
    if start < 0 or end < start:
        return html
    return _squeeze(html[:start]).lstrip() + html[start:end] + _squeeze(html[end:])


def on_post_page(output: str, page, config) -> str:
    return squeeze_chrome(output)


# Material's files that no page of this site loads: its search's lunr (and language packs) and web worker
# (the site searches with Pagefind, builder/search.py; Material starts the worker only for a
# data-md-component="search" element, which partials/search.html does not have), and the source maps of
# its minified code (only a browser's developer tools fetch them). 2.2 MB of every site, whatever its size.
UNUSED_THEME_FOLDERS = ("assets/javascripts/lunr", "assets/javascripts/workers")
SOURCE_MAP_FOLDERS = ("assets/javascripts", "assets/stylesheets")


def drop_unused_theme_files(site: Path) -> None:
    for folder in UNUSED_THEME_FOLDERS:
        shutil.rmtree(site / folder, ignore_errors=True)
    for folder in SOURCE_MAP_FOLDERS:
        for source_map in (site / folder).glob("*.map"):
            source_map.unlink(missing_ok=True)


def on_post_build(config) -> None:
    drop_unused_theme_files(Path(config["site_dir"]))
