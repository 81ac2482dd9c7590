"""A dirty build shown only the docs files that changed (builder/mkdocs_partial.py) ends where a clean build
does: every file of the site the same bytes (the sitemap of every page included), the search the same
records, after a report edited, one added (a new agency in a province that has others) and one removed.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from mkdocs.structure.files import File

from builder.mkdocs_partial import _walk_key, page_url
from builder.site import build_site
from tests.search.fragments import pagefind_fragments
from tests.textreport import consistent_values, write_report

REPO = Path(__file__).resolve().parents[2]
EDITED = "xingqingqu-yueyahuxiang-renminzhengfu"
REMOVED = "chengdongqu-yunjiakouzhen-renminzhengfu"
UNTOUCHED = "agencies/nanshanzuixiang-renminzhengfu/index.html"
ADDED = "兴庆区掌政镇人民政府"


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file() and p.relative_to(site).parts[0] != "pagefind"}


def _records(site: Path) -> list[str]:
    return sorted(json.dumps({k: e[k] for k in ("url", "content", "meta", "filters")}, sort_keys=True,
                             ensure_ascii=False) for e in pagefind_fragments(site))


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    root = tmp_path_factory.mktemp("partial")
    data = root / "data"
    shutil.copytree(REPO / "data", data)
    env = {"SITE_URL": "https://example.org/open-data/", "SOURCE_DATE_EPOCH": "1735689600"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        folders = dict(build_dir=root / "build", cache_dir=root / "cache")
        build_site(data, root / "site", jobs=1, **folders)
        untouched = (root / "site" / UNTOUCHED).stat().st_mtime_ns
        edited = next(data.rglob(f"{EDITED}-2020.txt"))
        edited.write_text(edited.read_text(encoding="utf-8").replace("一、总体情况", "一、总体情况\n\n本年度新增一句说明。", 1),
                          encoding="utf-8")
        for path in data.rglob(f"{REMOVED}-2020.*"):
            path.unlink()
        (edited.parent / "xingqingqu-zhangzhengzhen-renminzhengfu-2021.txt").write_text(
            write_report(consistent_values("2021"), agency=ADDED, year=2021), encoding="utf-8")
        partial = build_site(data, root / "site", jobs=1, **folders)
        clean = build_site(data, root / "clean", jobs=1, build_dir=root / "clean-build", cache_dir=root / "cache")
    finally:
        for key, value in saved.items():
            os.environ.pop(key) if value is None else os.environ.__setitem__(key, value)
    return {"root": root, "partial": partial, "clean": clean, "untouched": untouched}


def test_a_partial_dirty_build_writes_what_a_clean_build_writes(sites):
    root = sites["root"]
    assert sites["partial"].dirty and not sites["clean"].dirty
    mine, clean = _files(root / "site"), _files(root / "clean")
    assert sorted(mine) == sorted(clean)
    assert [rel for rel in sorted(mine) if mine[rel] != clean[rel]] == []
    assert b"<loc>https://example.org/open-data/agencies/" in mine["sitemap.xml"]
    assert f"{EDITED}/".encode() in mine["sitemap.xml"] and f"{REMOVED}/".encode() not in mine["sitemap.xml"]
    assert "本年度新增一句说明" in (root / "site" / "agencies" / EDITED / "index.html").read_text(encoding="utf-8")
    assert ADDED in mine["regions/ningxia/yinchuan/index.html"].decode("utf-8")
    assert _records(root / "site") == _records(root / "clean")


def test_the_sitemap_of_the_same_pages_is_not_written_again(sites, tmp_path):
    """A build that adds no page keeps the sitemap as it is; one that adds one writes it again."""
    import os

    from mkdocs.config import load_config

    from builder.mkdocs_partial import SITEMAP_STATE, write_sitemap
    from builder.site import MKDOCS_YML

    root = sites["root"]
    os.environ["SITE_URL"] = "https://example.org/open-data/"
    try:
        config = load_config(config_file=str(MKDOCS_YML), docs_dir=str(root / "build" / "docs"), site_dir=str(tmp_path))
    finally:
        os.environ.pop("SITE_URL")
    env, state = config.theme.get_env(), tmp_path / SITEMAP_STATE
    pages = ["index.md", "about/index.md"]
    write_sitemap(env, config, pages, state)
    first = (tmp_path / "sitemap.xml").stat().st_mtime_ns
    write_sitemap(env, config, pages, state)
    assert (tmp_path / "sitemap.xml").stat().st_mtime_ns == first
    write_sitemap(env, config, [*pages, "agencies/index.md"], state)
    assert b"open-data/agencies/</loc>" in (tmp_path / "sitemap.xml").read_bytes()


def test_a_page_no_report_changed_is_not_rendered_again(sites):
    assert (sites["root"] / "site" / UNTOUCHED).stat().st_mtime_ns == sites["untouched"]
    assert sites["partial"].mkdocs_warnings == []


@pytest.mark.parametrize("rel", ["index.md", "a/index.md", "a/README.md", "a/b.md", "地区/宁夏 回族.md", "a/b c/d.md"])
def test_page_urls_are_mkdocs_own(rel):
    assert page_url(rel) == File(rel, "/docs", "/site", True).url


def test_pages_are_in_mkdocs_walk_order():
    rels = ["b/x.md", "a/z.md", "a/index.md", "index.md", "a-b/index.md", "a/c/index.md", "about.md"]
    assert sorted(rels, key=_walk_key) == ["index.md", "about.md", "a/index.md", "a/z.md", "a/c/index.md",
                                           "a-b/index.md", "b/x.md"]


def test_the_markdown_suffixes_are_mkdocs_own():
    from mkdocs.utils import markdown_extensions

    from builder.mkdocs_partial import MARKDOWN

    assert sorted(MARKDOWN) == sorted(markdown_extensions)
