"""The partial build's sitemap: its cheap sort and URL joins give what MkDocs' own do, and the site's fingerprint
ignores the bytecode Python writes beside the hooks (which made every second build a clean one)."""

from __future__ import annotations

import os
import random
import shutil
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder import site
from builder.mkdocs_partial import _Joined, _walk_key, _walk_order, page_url

TRICKY = ["index.md", "about.md", "a/index.md", "a/README.md", "a/z.md", "a/c/index.md", "a-b/index.md", "a.md",
          "a/indexx.md", "a/index.markdown", "a/b c/d.md", "地区/宁夏 回族.md", "地区/index.md", "b/x.md", "A/index.md",
          "a/_/index.md", "a/.hidden.md", "regions/gansu/index.md", "regions/gansu/2023/index.md",
          "regions/gansu-x/index.md", "regions/gansu/linxia/index.md", "regions/index.md", "x\x01y/index.md"]


def test_walk_order_is_mkdocs_walk_order():
    rels = [f"{prefix}{rel}" for prefix in ("", "p/", "p/q/", "p-q/") for rel in TRICKY]
    random.Random(7).shuffle(rels)
    assert _walk_order(rels) == sorted(rels, key=_walk_key)
    ordered = _walk_order(rels)
    assert ordered[0] == "index.md"
    assert ordered.index("a/README.md") < ordered.index("a/index.md") < ordered.index("a/z.md") \
        < ordered.index("a/c/index.md") < ordered.index("a-b/index.md")


_part = st.sampled_from(["index", "README", "a", "a-b", "b", "_", "地区", "a b", "Z", "indexx", "x.y"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.builds(lambda folders, stem, ext: "/".join([*folders, stem + ext]),
                          st.lists(_part, max_size=3), _part, st.sampled_from([".md", ".markdown", ".html"])),
                max_size=30))
def test_walk_order_matches_walk_key_on_any_paths(rels):
    assert _walk_order(rels) == sorted(rels, key=_walk_key)


@pytest.mark.parametrize("base", ["https://example.org/open-data/", "http://x.org/", "https://x.org/a/b/",
                                  "https://x.org/a?b=1/", "https://x.org/a#f/", "/relative/", "https://x.org/%E5%9C%B0/"])
@pytest.mark.parametrize("rel", ["index.md", "a/index.md", "a/b.md", "地区/宁夏 回族.md", "a/b c/d.md", "a/README.md",
                                 "a/.x/b.md", "a/../b.md", "./a.md", "a/:b.md"])
def test_joined_urls_are_urljoins(base, rel):
    url = page_url(rel)
    canonical = urljoin(base, url)
    assert _Joined(base)(url) == (canonical, urlsplit(canonical).path)


def test_the_fingerprint_ignores_bytecode_beside_the_hooks(tmp_path, monkeypatch):
    source = tmp_path / "site_src"
    shutil.copytree(site.SITE_SRC / "overrides", source / "overrides",
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(site, "SITE_SRC", source)
    out = tmp_path / "site"
    before = site._site_fingerprint(out)
    cache = source / "overrides" / "__pycache__"
    cache.mkdir()
    (cache / "hooks.cpython-311.pyc").write_bytes(os.urandom(64))
    assert site._site_fingerprint(out) == before
    hooks = source / "overrides" / "hooks.py"
    hooks.write_text(hooks.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert site._site_fingerprint(out) != before
