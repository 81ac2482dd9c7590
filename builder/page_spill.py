"""A MkDocs plugin that keeps rendered pages on disk, not in memory, between MkDocs' two passes.

MkDocs (1.6, commands/build.py) first reads and renders every page (``page.markdown``, then
``page.content``: the HTML), and only then writes them, so it holds the Markdown and the HTML of the
whole site at once: +43 MB at 1,000 reports, ~0.05 MB a report (benchmarks/build_memory.py), the
largest share of a build's memory that grows with the site. No MkDocs setting changes that order, so
this plugin (registered last, after the theme's hooks) writes each page's HTML to a file of its own
once every other plugin has seen it, empties its Markdown and HTML, reads it back just before its page
is written (``on_page_context``, before the template renders) and empties it again after
(``on_post_page``). What MkDocs needs of other pages in between (titles, tables of contents, anchor
ids, for the nav and the anchor checks) is kept as MkDocs keeps it.

    config.plugins["builder-page-spill"] = page_spill(folder)   # folder: emptied, removed after the build
"""

from __future__ import annotations

import shutil
from pathlib import Path


def page_spill(folder: Path):
    from mkdocs.plugins import BasePlugin

    class PageSpill(BasePlugin):
        def __init__(self):
            super().__init__()
            self.folder = Path(folder)
            self.count = 0

        def on_pre_build(self, *, config):
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)
            self.count = 0

        def on_page_content(self, html, /, *, page, config, files):
            self.count += 1
            path = self.folder / f"{self.count}.html"
            path.write_text(html, encoding="utf-8")
            page._spilled = path
            # Read and rendered: emptied, not None (MkDocs' Page.title is None while markdown is None, and
            # falls back to the Markdown's first heading while content is None).
            page.markdown = ""
            return ""

        def on_page_context(self, context, /, *, page, config, nav):
            path = getattr(page, "_spilled", None)
            if path is not None:
                page.content = path.read_text(encoding="utf-8")
                path.unlink()
                page._spilled = None
            return context

        def on_post_page(self, output, /, *, page, config):
            page.content = ""  # written: only its file needs it now
            return output

        def on_post_build(self, *, config):
            shutil.rmtree(self.folder, ignore_errors=True)

        def on_build_error(self, *, error):
            shutil.rmtree(self.folder, ignore_errors=True)

    return PageSpill()
