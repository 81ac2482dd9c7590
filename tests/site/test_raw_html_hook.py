"""site_src/overrides/raw_html.py (the MkDocs hook that lifts raw HTML blocks out of the Markdown) changes
nothing on the site: MkDocs run over the same generated pages with and without it writes the same bytes.

One small real build: the seed reports in data/, huaian-2024.pdf, the hostile corpus (tests/hostile/) and
one report whose agency and note look like the hook's placeholders. Its build/docs is then rendered by
MkDocs twice, with the repository's mkdocs.yml and with its other hooks only (raw_html.py taken out).
"""

from __future__ import annotations

import importlib.util
import logging
import shutil
import types
from pathlib import Path

import pytest

from tests.conftest import DATA, REPO, build_site_into

HOSTILE = REPO / "tests" / "hostile" / "reports"
HOOK = REPO / "site_src" / "overrides" / "raw_html.py"
# Shaped like the hook's placeholders (rawhtml + 32 hex digits + x + index): a report cannot know the
# build's token, so these must come out as the text they are.
LOOKALIKE = "rawhtml0123456789abcdef0123456789abcdefx0"
LOOKALIKE_AGENCY = f"<p>{LOOKALIKE}</p>{LOOKALIKE[:-1]}1玄武区统计局"


def _hook_module():
    spec = importlib.util.spec_from_file_location("raw_html_under_test", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Messages(logging.Handler):
    """MkDocs' messages from INFO up (anchor validation reports at INFO: `validation.anchors` default),
    but the ones naming the site folder or the time taken."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if not message.startswith(("Building documentation", "Cleaning site directory", "Documentation built in")):
            self.messages.append(f"{record.levelname} {message}")


def _other_hooks() -> list[str]:
    """mkdocs.yml's hooks but raw_html.py: the build without the hook differs from the real one in it alone."""
    lines = (REPO / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    start = lines.index("hooks:") + 1
    hooks = []
    for line in lines[start:]:
        if not line.startswith("  - "):
            break
        hooks.append(line.removeprefix("  - ").strip())
    assert "site_src/overrides/raw_html.py" in hooks
    return [h for h in hooks if not h.endswith("raw_html.py")]


OTHER_HOOKS = _other_hooks()


def _mkdocs(docs: Path, site: Path, **overrides) -> list[str]:
    """MkDocs over docs into site with the repository's mkdocs.yml (and overrides). Returns its messages."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    handler = _Messages()
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        build(load_config(config_file=str(REPO / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site), **overrides))
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return handler.messages


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory):
    from tests.site.test_hostile import FILE_NAMES

    root = tmp_path_factory.mktemp("raw-html")
    data = root / "data"
    shutil.copytree(DATA, data)
    shutil.copy(REPO / "tests" / "fixtures" / "reports" / "huaian-2024.pdf", data / "reports" / "huaian-2024.pdf")
    for path in HOSTILE.rglob("*"):
        if path.is_file():
            rel = path.relative_to(HOSTILE).as_posix()
            target = data / "reports" / "hostile" / FILE_NAMES.get(rel, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    lookalike = data / "reports" / "hostile" / "jiangsu" / "placeholder-lookalike"
    shutil.copy(HOSTILE / "jiangsu" / "sidecar-html.txt", lookalike.with_suffix(".txt"))
    lookalike.with_suffix(".yml").write_text(
        f"agency: '{LOOKALIKE_AGENCY}'\npublished: '2021-01-21'\n", encoding="utf-8")
    built = build_site_into(data, root / "built")
    with_hook = _mkdocs(built.docs, root / "with-hook")
    without_hook = _mkdocs(built.docs, root / "without-hook", hooks=OTHER_HOOKS)
    return types.SimpleNamespace(docs=built.docs, result=built.result, a=root / "with-hook", b=root / "without-hook",
                                 warnings_a=with_hook, warnings_b=without_hook)


def test_every_page_is_the_same_byte_for_byte(two_sites):
    pages_a = sorted(p.relative_to(two_sites.a).as_posix() for p in two_sites.a.rglob("*.html"))
    pages_b = sorted(p.relative_to(two_sites.b).as_posix() for p in two_sites.b.rglob("*.html"))
    assert pages_a == pages_b
    assert two_sites.result.reports == 14 and len(pages_a) > 40
    # Whole pages, not only <article>: the toc, the nav and the header are compared too.
    differ = [p for p in pages_a if (two_sites.a / p).read_bytes() != (two_sites.b / p).read_bytes()]
    assert differ == []


def test_the_hook_lifts_the_big_blocks(two_sites):
    """Not a no-op: every agency page loses its tables from what Markdown reads, and keeps its headings."""
    hook = _hook_module()
    agency_pages = sorted((two_sites.docs / "agencies").glob("*/index.md"))
    assert len(agency_pages) >= 10
    for path in agency_pages:
        text = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        page = types.SimpleNamespace(present_anchor_ids=set())
        left = hook.on_page_markdown(text, page, None, None)
        blocks, ids = page._raw_html
        assert any("<table" in block for block in blocks), path
        assert "<table" not in left, path
        assert [line for line in left.split("\n") if line.startswith("#")] == \
               [line for line in text.split("\n") if line.startswith("#")]
        assert all(hook.TOKEN not in block for block in blocks)


def test_messages_are_the_same(two_sites):
    """Warnings and anchor validation alike: the ids in lifted blocks still count as the page's anchors."""
    assert two_sites.warnings_a == two_sites.warnings_b
    assert not any(m.startswith("WARNING") for m in two_sites.warnings_a)


def test_lookalike_placeholders_stay_text(two_sites):
    escaped = f"&lt;p&gt;{LOOKALIKE}&lt;/p&gt;{LOOKALIKE[:-1]}1玄武区统计局"
    pages = [p for p in two_sites.a.rglob("*.html") if LOOKALIKE in p.read_text(encoding="utf-8")]
    assert len(pages) >= 3  # its agency page, the region and year lists
    agency = next(p for p in pages if p.parts[-3] == "agencies")
    assert f'">{escaped}<a class="headerlink"' in agency.read_text(encoding="utf-8")  # the h1, as text
    for page in pages:
        assert f"<p>{LOOKALIKE}</p>" not in page.read_text(encoding="utf-8"), page


def test_a_page_holding_the_token_is_left_whole():
    hook = _hook_module()
    text = f"# 标题\n\n<div class=\"x\"><p>{hook.TOKEN}x0</p></div>\n\n<table><tr><td>1</td></tr></table>\n"
    page = types.SimpleNamespace(present_anchor_ids=set())
    assert hook.on_page_markdown(text, page, None, None) == text
    assert page._raw_html is None


def test_what_the_hook_leaves_to_markdown():
    hook = _hook_module()
    page = types.SimpleNamespace(present_anchor_ids=set())
    text = "\n".join([
        "# 标题",
        "",
        "```html",
        "<div>in a fence</div>",
        "```",
        "",
        "<div markdown>",
        "",
        "**粗体**",
        "",
        "</div>",
        "",
        '<table id="t1"><tr><td>1</td></tr></table>',
    ])
    # The fence stays; the markdown div stops the lifting (it runs on past blank lines), so the table after
    # it stays in the Markdown too.
    assert hook.on_page_markdown(text, page, None, None) == text
    lifted_first = "<section id=\"v-2024-a\"><p>1</p></section>\n\n" + text
    out = hook.on_page_markdown(lifted_first, page, None, None)
    blocks, ids = page._raw_html
    assert blocks == ['<section id="v-2024-a"><p>1</p></section>'] and ids == ["v-2024-a"]
    assert out == f"{hook.TOKEN}x0\n\n" + text
    restored = hook.on_page_content(f"<p>{hook.TOKEN}x0</p>\n<h1>标题</h1>", page, None, None)
    assert restored == '<section id="v-2024-a"><p>1</p></section>\n\n<h1>标题</h1>'
    assert "v-2024-a" in page.present_anchor_ids


def test_anchors_in_lifted_blocks_still_validate(tmp_path):
    """A link to an id inside a lifted block (a #v-… value anchor) is found as before; a link to no id
    is reported as before (INFO, MkDocs' `validation.anchors` default), with the hook and without."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text('# 甲\n\n<table class="t"><tr><td id="v-2024-requests-granted">3</td></tr></table>\n',
                               encoding="utf-8")
    (docs / "b.md").write_text("# 乙\n\n[数](a.md#v-2024-requests-granted) [无](a.md#v-2024-nothing)\n",
                               encoding="utf-8")
    with_hook = _mkdocs(docs, tmp_path / "a", nav=["a.md", "b.md"])
    without_hook = _mkdocs(docs, tmp_path / "b", nav=["a.md", "b.md"], hooks=OTHER_HOOKS)
    assert with_hook == without_hook
    assert any("#v-2024-nothing" in m for m in with_hook)
    assert not any("#v-2024-requests-granted" in m for m in with_hook)
    assert (tmp_path / "a" / "a" / "index.html").read_bytes() == (tmp_path / "b" / "a" / "index.html").read_bytes()


@pytest.mark.parametrize(("text", "placeholders"), [
    ('<form id="f" hidden><select><option value="">全部</option></select></form><script type="application/json">'
     '{"a":"<b>"}</script><script src="x.js" defer></script>', 2),  # several elements on one line
    ("<div>a</div> <div>b</div>\n<p>c</p>", 2),  # whitespace between them
    ("<div>a</div> 尾巴", 0),  # text after an element: left to Markdown, and so the rest of the page
    ("<div>\ta</div>", 1),  # a tab: Markdown expands it, in raw HTML too (the table after it is lifted)
    ("<div>a\n\n</div>", 0),  # open past a blank line
    ("<div><!-- <p> --><br>a &amp; b &#x27;</div>", 2),
])
def test_the_same_html_as_markdown_alone(text, placeholders):
    """Python-Markdown (the extensions of mkdocs.yml) writes the same HTML with the hook around it."""
    import markdown

    hook = _hook_module()
    extensions = ["attr_list", "md_in_html", "tables", "admonition", "pymdownx.superfences", "toc"]
    source = f"# 标题\n\n{text}\n\n段落 **粗**\n\n<table><tr><td id=\"v-1\">1</td></tr></table>\n"
    page = types.SimpleNamespace(present_anchor_ids=set())
    lifted = hook.on_page_markdown(source, page, None, None)
    assert lifted.count(hook.TOKEN) == placeholders
    assert hook.on_page_content(markdown.Markdown(extensions=extensions).convert(lifted), page, None, None) == \
        markdown.Markdown(extensions=extensions).convert(source)
