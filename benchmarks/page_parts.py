"""Where a built site's bytes go, by kind of page and by part of an agency page.

    python benchmarks/page_parts.py SITE [--reports N] [--top 12]

Prints the site's tree bytes by top-level folder; the agency pages' bytes by part (the chrome outside
``<article>``, and inside it the heading, search data, the agency CSV's rows, the 历年 table, peers, the trend
chart, and per report year its source line, key figures, charts, checks, each statistics table and the
report's text); the bytes of each HTML attribute name over every agency page; and the same split (chrome /
content) for the region pages. ``--reports`` divides by the number of reports (default: the number of
``data-report`` sections on the agency pages).

Offsets come from the raw file (``html.parser`` positions), so a part's bytes are exactly the bytes the
page holds, whitespace included; the parts add up to the page.
"""

from __future__ import annotations

import argparse
import collections
import html.parser
import os
import re
import sys
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Spans(html.parser.HTMLParser):
    """Every element's (tag, attrs, start, end) in character offsets of the text it was fed."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self._line_starts = [0]
        for match in re.finditer("\n", text):
            self._line_starts.append(match.end())
        self.elements: list[list] = []
        self._open: list[list] = []
        self.attr_bytes: collections.Counter = collections.Counter()
        self._text = text
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        raw = self.get_starttag_text() or ""
        for name, _value in attrs:
            found = re.search(r"\s" + re.escape(name) + r"(?:=(\"[^\"]*\"|'[^']*'|[^\s>]*))?", raw)
            if found:
                self.attr_bytes[name] += len(found.group(0).encode())
        element = [tag, dict(attrs), start, start + len(raw), self._open[-1] if self._open else None]
        self.elements.append(element)
        if tag in VOID:
            return
        self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_endtag(self, tag):
        end = self._text.find(">", self._offset()) + 1
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                for element in self._open[index:]:
                    element[3] = end
                del self._open[index:]
                return


def _classes(element) -> set[str]:
    return set((element[1].get("class") or "").split())


def _part(element) -> str | None:
    """The name of the part an element directly under the article (or a report-year section) is."""
    tag, attrs = element[0], element[1]
    classes = _classes(element)
    if tag == "div" and "table-wrap" in classes:
        return None  # named by its table
    if tag == "table":
        if "years-table" in classes:
            return "years table"
        if "key-figures" in classes:
            return "key figures"
        return f"table {attrs.get('data-table') or '?'}"
    if tag == "figure":
        return "charts"
    if tag == "details":
        return "report text"
    if tag in ("ul", "p") and ("checks" in classes or "checks-pass" in classes):
        return "checks"
    if tag == "p" and "agency-data" in classes:
        return "agency CSV rows"
    if tag == "div" and "search-data" in classes:
        return "search data"
    if tag == "div" and "peers" in classes:
        return "peers"
    if tag in ("h1", "h2", "h3", "h4"):
        return "headings"
    if tag == "p" and "report-source" in classes:
        return "report source"
    if tag == "p":
        return "notes and intro"
    return None


def agency_parts(text: str, parts: collections.Counter, attrs: collections.Counter) -> int:
    """Add one agency page's bytes by part to ``parts`` (bytes of UTF-8) and its attributes' to ``attrs``;
    return the number of report years on it."""
    spans = _Spans(text)
    attrs.update(spans.attr_bytes)
    data = text.encode()
    # character offset -> byte offset
    prefix = [0]
    for char in text:
        prefix.append(prefix[-1] + len(char.encode()))

    article = next((e for e in spans.elements if e[0] == "article"), None)
    if article is None:
        parts["chrome"] += len(data)
        return 0
    a0, a1 = prefix[article[2]], prefix[article[3]]
    parts["chrome"] += a0 + (len(data) - a1)
    claimed = 0
    years = 0
    for element in spans.elements:
        if not (article[2] <= element[2] < article[3]):
            continue
        if element[0] == "section" and "data-report" in element[1]:
            years += 1
        # claim the outermost element that names a part, under the article
        name = _part(element)
        if name is None:
            continue
        parent = element[4]
        inside_named = False
        while parent is not None and parent is not article:
            if _part(parent) is not None:
                inside_named = True
                break
            parent = parent[4]
        if inside_named:
            continue
        size = prefix[element[3]] - prefix[element[2]]
        if element[0] == "figure" and element[4] is not None and "trend" in (element[4][1].get("class") or ""):
            name = "charts"
        parts[name] += size
        claimed += size
    parts["other inside article (tags, whitespace)"] += (a1 - a0) - claimed
    return years


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--reports", type=int, default=0)
    parser.add_argument("--top", type=int, default=14)
    args = parser.parse_args(argv)
    site = args.site

    folders: collections.Counter = collections.Counter()
    for dirpath, _dirs, files in os.walk(site):
        rel = Path(dirpath).relative_to(site)
        top = rel.parts[0] if rel.parts else "(top)"
        for name in files:
            size = os.path.getsize(os.path.join(dirpath, name))
            key = top
            if top == "agencies" and name != "index.html":
                key = "agencies (copied originals)"
            folders[key] += size

    parts: collections.Counter = collections.Counter()
    attrs: collections.Counter = collections.Counter()
    pages = years = 0
    for page in sorted((site / "agencies").glob("*/index.html")):
        years += agency_parts(page.read_text(encoding="utf-8"), parts, attrs)
        pages += 1
    reports = args.reports or years or 1

    region_parts: collections.Counter = collections.Counter()
    region_pages = 0
    for page in (site / "regions").rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        data_len = len(text.encode())
        start, end = text.find("<article"), text.find("</article>")
        inside = len(text[start:end].encode()) if start >= 0 else 0
        region_parts["chrome"] += data_len - inside
        region_parts["content"] += inside
        region_pages += 1

    kb = 1024
    total = sum(folders.values())
    own = total - folders.get("agencies (copied originals)", 0)
    print(f"site {total / kb / kb:.2f} MiB, {own / kb / kb:.2f} MiB without copied originals; "
          f"{reports} reports: {own / reports / kb:.2f} KiB a report")
    for key, size in folders.most_common():
        print(f"  {key:28} {size / kb / kb:8.2f} MiB  {size / reports / kb:6.2f} KiB/report")
    agency_total = sum(parts.values())
    print(f"\nagency pages: {pages}, {agency_total / kb / kb:.2f} MiB, {agency_total / max(pages, 1) / kb:.1f} KiB "
          f"a page, {agency_total / reports / kb:.2f} KiB a report")
    for key, size in parts.most_common():
        print(f"  {key:40} {size / kb / kb:7.2f} MiB  {size / reports / kb:6.2f} KiB/report "
              f"{100 * size / agency_total:5.1f}%")
    print(f"\nattributes on agency pages (top {args.top}):")
    for key, size in attrs.most_common(args.top):
        print(f"  {key:24} {size / kb / kb:7.2f} MiB  {size / reports / kb:6.2f} KiB/report")
    region_total = sum(region_parts.values())
    print(f"\nregion pages: {region_pages}, {region_total / kb / kb:.2f} MiB "
          f"({region_total / reports / kb:.2f} KiB a report)")
    for key, size in region_parts.most_common():
        print(f"  {key:40} {size / kb / kb:7.2f} MiB  {size / max(region_pages, 1) / kb:6.2f} KiB/page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
