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


def squeeze_chrome(html: str) -> str:
    start, end = html.find("<article"), html.rfind("</article>")
    if start < 0 or end < start:
        return html
    return _INDENT.sub("\n", html[:start]).lstrip() + html[start:end] + _INDENT.sub("\n", html[end:])


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
