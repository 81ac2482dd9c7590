"""Review of site_src/overrides/raw_html.py: Python-Markdown opens a raw HTML block at a block-level tag at
a line's start (up to three spaces in) even without a blank line before it; when that block stays open
past a blank line, a block the hook lifted after it sat inside it, and its placeholder was left on the
page as text (the block itself lost). Each case: Python-Markdown with and without the hook, same HTML."""

from __future__ import annotations

import importlib.util
import types

import markdown
import pytest

from tests.conftest import REPO

HOOK = REPO / "site_src" / "overrides" / "raw_html.py"
EXTENSIONS = ["tables", "attr_list", "md_in_html"]
TABLE = "<table><tr><td>1</td></tr></table>"


def _hook():
    spec = importlib.util.spec_from_file_location("raw_html_review", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.on_config({"markdown_extensions": EXTENSIONS, "mdx_configs": {}})
    return module


@pytest.mark.parametrize("text", [
    f"text\n<div>\n\n{TABLE}\n\n</div>\n",  # a raw block opened right after a paragraph's line
    f"  <div>\n\n{TABLE}\n\n</div>\n",  # opened two spaces in
    f"text\n<div>x</div> tail <div>\n\n{TABLE}\n\n</div>\n",  # opened after a closed one's tail
    f"text\n<div>x</div>\n\n{TABLE}\n",  # closed on its line: the table after it is still lifted
])
def test_the_hook_renders_what_markdown_renders(text):
    hook = _hook()
    page = types.SimpleNamespace(present_anchor_ids=set())
    lifted = hook.on_page_markdown(text, page, None, None)
    html = hook.on_page_content(markdown.markdown(lifted, extensions=EXTENSIONS), page, None, None)
    assert html == markdown.markdown(text, extensions=EXTENSIONS)
    assert hook.TOKEN not in html and TABLE in html


def test_a_closed_block_after_a_paragraph_does_not_stop_the_lifting():
    hook = _hook()
    page = types.SimpleNamespace(present_anchor_ids=set())
    hook.on_page_markdown(f"text\n<div>x</div>\n\n{TABLE}\n", page, None, None)
    assert page._raw_html is not None and page._raw_html[0] == [TABLE]
