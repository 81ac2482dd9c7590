"""Incremental builds: what a second build rewrites, and that it ends where a clean build would.

A build with nothing changed writes no generated file and re-renders no HTML page (mtimes kept,
MkDocs --dirty); one edited report rewrites its agency's page and the pages that sum it, not the
other agencies'; a removed report's page is gone from docs/, from the site and from the search
index; and after all that the site holds the same pages and search entries as a clean build of
the same data.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.search.fragments import pagefind_fragments

from builder.pages.docs_tree import DocsTree, write_if_changed
from builder.site import build_site

REPO = Path(__file__).resolve().parents[2]
YUEYAHU = "xingqingqu-yueyahuxiang-renminzhengfu"
YUNJIAKOU = "chengdongqu-yunjiakouzhen-renminzhengfu"


def _mtimes(root: Path, pattern: str = "*") -> dict[str, int]:
    # Not 404.html: a theme template MkDocs renders on every build, not a page of ours.
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob(pattern)
            if p.is_file() and p.name != "404.html"}


def _search_locations(site: Path) -> set[str]:
    """The pages in Pagefind's index (run over the whole built site after MkDocs)."""
    return {entry["url"].lstrip("/") for entry in pagefind_fragments(site)}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """data/ copied; built cold, again unchanged, then after one report edited and one removed."""
    root = tmp_path_factory.mktemp("incremental")
    data = root / "data"
    shutil.copytree(REPO / "data", data)
    folders = dict(build_dir=root / "build", cache_dir=root / "cache")
    site = root / "site"

    out = {"root": root, "site": site, "docs": root / "build" / "docs"}
    out["cold"] = build_site(data, site, jobs=1, **folders)
    out["docs_before"], out["site_before"] = _mtimes(out["docs"]), _mtimes(site, "*.html")
    out["again"] = build_site(data, site, jobs=1, **folders)
    out["docs_again"], out["site_again"] = _mtimes(out["docs"]), _mtimes(site, "*.html")

    edited = next(data.rglob(f"{YUEYAHU}-2020.txt"))
    edited.write_text(edited.read_text(encoding="utf-8").replace("一、总体情况", "一、总体情况\n\n本年度新增一句用于测试的说明。", 1),
                      encoding="utf-8")
    for path in data.rglob(f"{YUNJIAKOU}-2020.*"):
        path.unlink()
    out["changed"] = build_site(data, site, jobs=1, **folders)
    out["docs_changed"], out["site_changed"] = _mtimes(out["docs"]), _mtimes(site, "*.html")

    out["clean"] = build_site(data, root / "clean-site", jobs=1, build_dir=root / "clean-build",
                              cache_dir=root / "cache")
    out["clean_site"] = root / "clean-site"
    return out


def test_a_build_with_nothing_changed_rewrites_nothing(builds):
    assert builds["cold"].dirty is False and builds["cold"].written > 0
    again = builds["again"]
    assert again.dirty is True  # MkDocs rendered only what changed …
    assert again.written == 0 and again.removed == 0 and again.parsed == 0
    assert builds["docs_again"] == builds["docs_before"]  # … and no generated file was touched
    assert builds["site_again"] == builds["site_before"]  # nor any page's HTML
    assert again.mkdocs_warnings == []


def test_one_edited_report_rewrites_its_page_and_the_sums_only(builds):
    before, after = builds["site_again"], builds["site_changed"]
    page = f"agencies/{YUEYAHU}/index.html"
    assert after[page] != before[page]
    assert "本年度新增一句用于测试的说明" in (builds["site"] / page).read_text(encoding="utf-8")
    assert builds["changed"].parsed == 1
    # Another agency's page, untouched by either change, is neither regenerated nor re-rendered.
    other = "agencies/nanshanzuixiang-renminzhengfu/index.html"
    assert after[other] == before[other]
    assert builds["docs_changed"]["agencies/nanshanzuixiang-renminzhengfu/index.md"] == \
        builds["docs_again"]["agencies/nanshanzuixiang-renminzhengfu/index.md"]
    # The home page counts one report less: made and rendered again. The edited report's province was made
    # again too (its inputs changed) but, its numbers unchanged, kept its bytes and so its HTML.
    assert after["index.html"] != before["index.html"]
    assert after["regions/ningxia/index.html"] == before["regions/ningxia/index.html"]
    assert "regions/qinghai/index.html" not in after  # the removed report was Qinghai's only one


def test_a_removed_report_leaves_no_page_behind(builds):
    assert builds["changed"].removed > 0
    assert f"agencies/{YUNJIAKOU}/index.md" not in builds["docs_changed"]
    assert not (builds["site"] / "agencies" / YUNJIAKOU).exists()
    assert not any(loc.startswith(f"agencies/{YUNJIAKOU}/") for loc in _search_locations(builds["site"]))


def test_incremental_builds_end_where_a_clean_build_does(builds):
    site, clean = builds["site"], builds["clean_site"]
    assert set(_mtimes(site, "*.html")) == set(_mtimes(clean, "*.html"))
    assert _search_locations(site) == _search_locations(clean)
    for page in (f"agencies/{YUEYAHU}/index.html", "regions/ningxia/index.html", "index.html"):
        assert (site / page).read_bytes() == (clean / page).read_bytes(), page
    assert builds["clean"].dirty is False


def test_incremental_docs_are_a_clean_builds_byte_for_byte(builds):
    """Every generated file (pages, downloads assembled from kept pieces, indexes) as a clean build writes it."""
    docs, clean = builds["docs"], builds["root"] / "clean-build" / "docs"
    files = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    assert files == {p.relative_to(clean).as_posix() for p in clean.rglob("*") if p.is_file()}
    assert any(f.endswith("tidy.parquet") for f in files) and any(f.endswith("reports.xlsx") for f in files)
    assert [f for f in sorted(files) if (docs / f).read_bytes() != (clean / f).read_bytes()] == []


def test_a_narrative_edit_re_indexes_no_search_bundle_of_its_own(builds):
    """The edited text is excluded from search, so the edited page's bundle is not indexed again (the
    removed report's is), and every page's search record is still the clean build's."""
    from builder.search import _bucket

    from builder.search import BUNDLES_FILE, OUTPUT_SUBDIR, RECENT

    assert _bucket("ningxia") not in builds["changed"].search_bundles
    # the removed report's pages: its bundle indexed again, or (LSM) hidden from it by id in bundles.json
    told = json.loads((builds["site"] / OUTPUT_SUBDIR / BUNDLES_FILE).read_text(encoding="utf-8"))
    assert _bucket("qinghai") in builds["changed"].search_bundles or told.get("shadow")
    assert set(builds["changed"].search_bundles) <= {_bucket("qinghai"), RECENT, "site"}

    def records(site):
        return sorted(json.dumps({k: e[k] for k in ("url", "content", "meta", "filters")}, sort_keys=True,
                                 ensure_ascii=False) for e in pagefind_fragments(site))

    assert records(builds["site"]) == records(builds["clean_site"])


# ---------------------------------------------------------------- the docs tree alone


def test_a_file_with_the_same_bytes_keeps_its_mtime(tmp_path):
    path = tmp_path / "page.md"
    assert write_if_changed(path, "# 标题\n") is True
    stamp = path.stat().st_mtime_ns
    assert write_if_changed(path, "# 标题\n") is False
    assert path.stat().st_mtime_ns == stamp
    assert write_if_changed(path, "# 新标题\n") is True and path.read_text(encoding="utf-8") == "# 新标题\n"
    original = tmp_path / "original.pdf"
    original.write_bytes(b"%PDF-1.4 ...")
    assert write_if_changed(tmp_path / "copy.pdf", original) is True
    assert write_if_changed(tmp_path / "copy.pdf", original) is False


def test_groups_are_skipped_by_their_inputs_and_stale_files_pruned(tmp_path):
    docs, state = tmp_path / "docs", tmp_path / "state.json"
    tree = DocsTree(docs, state)
    assert not tree.unchanged("agency:a", "h1")
    tree.put("agency:a", "h1", {"agencies/a/index.md": "A", "agencies/a/a.csv": "x"})
    tree.put("agency:b", "h2", {"agencies/b/index.md": "B"})
    assert tree.prune() == []

    tree = DocsTree(docs, state)  # the next build: a's inputs unchanged, b gone
    assert tree.unchanged("agency:a", "h1")
    assert not tree.unchanged("agency:a", "other")  # (a changed hash is not the same inputs)
    assert tree.unchanged("agency:a", "h1")
    assert sorted(tree.prune()) == ["agencies/b/index.md"]
    assert not (docs / "agencies" / "b").exists() and (docs / "agencies" / "a" / "a.csv").is_file()

    (docs / "agencies" / "a" / "a.csv").unlink()  # a file of a kept group gone: the group is made again
    assert not DocsTree(docs, state).unchanged("agency:a", "h1")
