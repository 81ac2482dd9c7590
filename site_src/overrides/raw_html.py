"""MkDocs hook: the generated pages' raw HTML blocks go around Markdown, not through it.

The agency and region pages carry most of their bytes as raw HTML blocks (tables, charts, checks).
Python-Markdown passes such a block through unchanged, but only after finding where it ends by running
Python's html.parser over it (markdown/htmlparser.py, md_in_html's HTMLExtractorExtra), and MkDocs 1.6
runs html.parser over the whole page once more to collect ids for anchor validation
(mkdocs/structure/pages.py, _RawHTMLPreprocessor). The two passes were 80% of MkDocs' time, MkDocs the
largest phase of a cold build. Neither has a setting to skip them: Python-Markdown's documentation
(https://python-markdown.github.io/extensions/md_in_html/) offers only the other direction, a
`markdown` attribute that turns Markdown ON inside a block; MkDocs has no option to not collect ids. So
this hook, hand-written:

- on_page_markdown lifts each top-level raw HTML block out of the page's Markdown and leaves a
  placeholder paragraph in its place. A block is lifted only where Python-Markdown would have kept it
  as raw HTML: after a blank line (or the page's start), starting at column 0 with a block-level tag,
  up to the next blank line, made of whole elements (each one's first tag closed by its last, the next
  one starting with a block-level tag), no `markdown` attribute anywhere in it, not inside fenced code.
  Finding the ends is a regex scan of the tags with Python-Markdown's own stack rule — cheap where
  html.parser is slow. What the scan is unsure of (a `<` it cannot read, text after an element, an
  element left open past the blank line, a `markdown` attribute) stops the lifting: that block and the
  rest of the page go to Markdown as before, so nothing inside an open or Markdown-parsed element is
  ever lifted (md_in_html re-serialises raw HTML nested in a `markdown` element, which lifting would
  not). Headings written in Markdown stay in Markdown: the toc and the heading anchors do not change.
  Headings written in Markdown stay in Markdown: the toc and the heading anchors do not change.
- on_page_content puts each block back in place of its placeholder's <p>, exactly as Python-Markdown
  would have written it, and adds the ids in it to the page's anchors (what MkDocs' second pass did),
  so anchor validation sees the same ids.

The placeholder carries a random token drawn once per build (secrets.token_hex; MkDocs loads a hook
module afresh with each configuration it loads), so no report text,
written before the build started, can name one; a page whose Markdown holds the token anyway (it
cannot, short of a 128-bit guess) is left untouched. tests/site/test_raw_html_hook.py builds a real site
with and without this hook and compares every page.
"""

from __future__ import annotations

import html
import re
import secrets

import markdown

# Drawn once per build: letters and digits only, so Markdown leaves the paragraph as it is.
TOKEN = "rawhtml" + secrets.token_hex(16)
PLACEHOLDER = re.compile(rf"<p>{TOKEN}x(\d+)</p>")

# Python-Markdown's own lists: the tags that open a raw block (markdown.Markdown.block_level_elements,
# read in on_config with the configured extensions) and the ones its stack never holds (htmlparser.py).
_block_level: frozenset[str] = frozenset(markdown.util.BLOCK_LEVEL_ELEMENTS)
_EMPTY_TAGS = frozenset({"hr"})
# html.parser reads these elements' content as text up to their end tag.
_CDATA = ("script", "style")

_ATTRS = r"""(?:\s+[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*"""
_TAG = re.compile(rf"<(?:(?P<start>[a-zA-Z][^\s/>]*)(?P<attrs>{_ATTRS})(?P<close>/?)>|/(?P<end>[a-zA-Z][^\s>]*)\s*>"
                  r"|(?P<comment>!--.*?--)>)", re.S)
_MARKDOWN_ATTR = re.compile(r"""(?:^|\s)markdown(?:\s*=|\s|$)""", re.I)
_ID = re.compile(r"""\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_FENCE = re.compile(r"^ *(`{3,}|~{3,})")
# Characters Markdown rewrites before it reads a page (NormalizeWhitespace): a page with one is left
# whole to Markdown, as lines would not split here as they do there.
_NORMALISED = ("\r", "\x02", "\x03")
_TAG_LIKE = re.compile(r"<[a-zA-Z/!?]")
_START = re.compile(r"<([a-zA-Z][^\s/>]*)")
_START_INDENTED = re.compile(r" {0,3}<([a-zA-Z][^\s/>]*)")


def on_config(config):
    global _block_level
    _block_level = frozenset(markdown.Markdown(extensions=config["markdown_extensions"],
                                               extension_configs=config["mdx_configs"] or {}).block_level_elements)
    return config


def _raw_elements(text: str, ids: list[str]) -> list[str] | None:
    """The raw elements `text` is made of, as Python-Markdown keeps them: each one's first tag closed by
    its last, the next one starting with a block-level tag after nothing but whitespace; no markdown
    attribute; every `<` read as html.parser reads it. None if it is not so. Appends to `ids` the anchors
    MkDocs would have collected (id=, and name= on <a>)."""
    elements: list[str] = []
    stack: list[str] = []
    pos = begin = 0
    while (lt := text.find("<", pos)) >= 0:
        m = _TAG.match(text, lt)
        if m is None:
            if _TAG_LIKE.match(text, lt):
                return None  # something html.parser might read otherwise: leave it to Markdown
            pos = lt + 1
            continue
        if m["start"] is not None:
            pos = _open(m, text, stack, ids)
            if pos < 0:
                return None
        elif m["end"] is not None:
            pos = m.end()
            _close(m["end"].lower(), stack)
        else:  # a comment
            pos = m.end()
            continue
        if not stack:
            elements.append(text[begin:pos])
            begin = len(text) - len(text[pos:].lstrip(" \t\n"))
            if begin == len(text):
                return elements
            if not ((start := _START.match(text, begin)) and start.group(1).lower() in _block_level):
                return None  # text after an element: Markdown's tail rules, not ours
            pos = begin
    return None


def _open(m: re.Match, text: str, stack: list[str], ids: list[str]) -> int:
    """A start tag, as Python-Markdown's stack takes it. Returns where the scan goes on, -1 to refuse."""
    tag, attrs = m["start"].lower(), m["attrs"]
    if _MARKDOWN_ATTR.search(attrs):
        return -1
    for a in _ID.finditer(attrs):
        if a.group(1).lower() == "id" or tag == "a":
            ids.append(html.unescape(next(v for v in a.group(2, 3, 4) if v is not None)))
    if m["close"] or tag in _EMPTY_TAGS:
        return m.end() if stack else -1  # a lone empty tag: Python-Markdown handles those apart
    if tag in _CDATA:  # its content is text up to its end tag
        close = re.compile(rf"</{tag}\s*>", re.I).search(text, m.end())
        return close.end() if close else -1
    stack.append(tag)
    return m.end()


def _close(tag: str, stack: list[str]) -> None:
    """An end tag: pops up to its start tag if open (void tags like <br> go with it), else ignored."""
    if tag in stack:
        while stack.pop() != tag:
            pass


def on_page_markdown(markdown_text, page, config, files):
    page._raw_html = None
    if TOKEN in markdown_text or any(c in markdown_text for c in _NORMALISED):
        return markdown_text
    lines = markdown_text.split("\n")
    out: list[str] = []
    blocks: list[str] = []
    ids: list[str] = []
    fence = None
    previous_blank = True
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if fence is None and previous_blank and (start := _START.match(line)) \
                and start.group(1).lower() in _block_level:
            j = i
            while j < n and lines[j].strip(" \t"):
                j += 1
            lifted = _lift("\n".join(lines[i:j]), blocks, ids)
            if lifted is None:
                # Left open, or read otherwise by Markdown: it may run on past the blank line, so the
                # rest of the page goes to Markdown as it is.
                out.extend(lines[i:])
                break
            out.extend(lifted)
            previous_blank = False
            i = j
            continue
        if fence is None and (start := _START_INDENTED.match(line)) and start.group(1).lower() in _block_level:
            # Python-Markdown opens a raw block here too (htmlparser.py: a block-level tag at a line's
            # start, up to three spaces in, no blank line needed before it). Not lifted; if it is left
            # open past the blank line, what follows is inside it (a placeholder there would stay text).
            j = i
            while j < n and lines[j].strip(" \t"):
                j += 1
            if _raw_elements("\n".join(lines[i:j]).lstrip(" "), []) is None:
                out.extend(lines[i:])
                break
        fence = _fence(line, fence)
        out.append(line)
        previous_blank = not line.strip(" \t")
        i += 1
    if not blocks:
        return markdown_text
    page._raw_html = (blocks, ids)
    return "\n".join(out)


def _fence(line: str, fence: str | None) -> str | None:
    """The open code fence after `line` (``` or ~~~, as superfences reads them), None outside one."""
    if fence is None:
        opening = _FENCE.match(line)
        return opening.group(1) if opening else None
    stripped = line.strip()
    return None if stripped.startswith(fence) and not stripped.strip(fence[0]) else fence


def _lift(block: str, blocks: list[str], ids: list[str]) -> list[str] | None:
    """The lines that stand for `block`: its placeholder, or the block itself where Markdown is to read
    it. None: the block does not close, the caller stops lifting."""
    if "\t" in block:  # Markdown expands tabs, in raw HTML too: leave this one to it
        return block.split("\n") if _raw_elements(block, []) else None
    found: list[str] = []
    elements = _raw_elements(block, found)
    if elements is None:
        return None
    # Python-Markdown writes consecutive raw elements one a line, whatever was between them.
    blocks.append("\n".join(elements))
    ids += found
    return [f"{TOKEN}x{len(blocks) - 1}"]


def on_page_content(content, page, config, files):
    lifted = getattr(page, "_raw_html", None)
    if not lifted:
        return content
    blocks, ids = lifted
    page._raw_html = None
    if page.present_anchor_ids is not None:
        page.present_anchor_ids.update(ids)
    # Python-Markdown ends a raw block followed by a blank line (always so here: it appends two newlines
    # to every page) with a newline of its own, which its final strip() drops at the page's end.
    restored = PLACEHOLDER.sub(lambda m: blocks[int(m.group(1))] + "\n", content)
    return restored if content.endswith("\n") else restored.rstrip("\n")
