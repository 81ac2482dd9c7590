"""One report added to a built site (issue 9's one-add): the incremental build ends byte for byte where a
clean build of the same data does, in the generated docs and in every file of the site (search aside).

A seed report of a place the site did not hold (Zhongwei, Ningxia) is left out of a first build, then
added: it is parsed alone (the early fork of builder.batch, the downloads' imports made meanwhile), its
agency, city and county pages are new, its province's and the whole-site pages change.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.site import build_site
from tests.site.test_incremental import _search_locations

REPO = Path(__file__).resolve().parents[2]
ADDED = "shapotouqu-wenchangzhen-renminzhengfu-2020"


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental-add")
    data = root / "data"
    shutil.copytree(REPO / "data", data)
    kept = root / "kept"
    kept.mkdir()
    for path in data.rglob(f"{ADDED}.*"):
        shutil.move(path, kept / path.name)
    folders = dict(build_dir=root / "build", cache_dir=root / "cache")
    site = root / "site"
    before = build_site(data, site, jobs=1, **folders)
    target = data / "reports" / "ningxia" / "zhongwei"
    target.mkdir(parents=True, exist_ok=True)
    for path in kept.iterdir():
        shutil.move(path, target / path.name)
    after = build_site(data, site, jobs=1, **folders)
    clean = build_site(data, root / "clean-site", jobs=1, build_dir=root / "clean-build", cache_dir=root / "cache")
    return {"root": root, "site": site, "before": before, "after": after, "clean": clean}


def test_the_add_is_an_incremental_build_of_one_report(added):
    assert added["before"].reports == 4 and added["after"].reports == 5
    assert added["after"].dirty is True and added["after"].parsed == 1
    assert added["clean"].dirty is False
    assert (added["site"] / "agencies" / ADDED.removesuffix("-2020") / "index.html").is_file()


def test_the_add_s_docs_are_a_clean_build_s_byte_for_byte(added):
    docs, clean = added["root"] / "build" / "docs", added["root"] / "clean-build" / "docs"
    files = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    assert files == {p.relative_to(clean).as_posix() for p in clean.rglob("*") if p.is_file()}
    assert any(f.endswith("provenance.parquet") for f in files) and any(f.endswith("reports.xlsx") for f in files)
    assert [f for f in sorted(files) if (docs / f).read_bytes() != (clean / f).read_bytes()] == []


def _site_files(site: Path) -> set[str]:
    """Every file of a built site but Pagefind's index (its bundles differ by design: an add indexes its pages
    in the small recent bundle, builder/search.py; what a query finds is compared apart)."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
            and p.relative_to(site).parts[0] != "pagefind"}


def test_the_add_s_site_is_a_clean_build_s_byte_for_byte(added):
    """Every page's HTML, the sitemap, the copied downloads and originals, the 404 page."""
    site, clean = added["site"], added["root"] / "clean-site"
    files = _site_files(site)
    assert files == _site_files(clean)
    assert f"agencies/{ADDED.removesuffix('-2020')}/index.html" in files and "sitemap.xml" in files
    assert [f for f in sorted(files) if (site / f).read_bytes() != (clean / f).read_bytes()] == []
    assert _search_locations(site) == _search_locations(clean)
