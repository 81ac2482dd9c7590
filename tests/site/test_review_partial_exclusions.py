"""A dirty build shown only the docs files written (builder/mkdocs_partial.py) leaves out what MkDocs'
own file listing leaves out (exclude_docs: overrides/, the theme overrides copied with site_src/). When
every docs file is written again (the docs folder removed, the site and its state kept), the partial
build must not copy overrides/ into the site nor index its templates: the site equals a clean build's."""

from __future__ import annotations

import shutil
from pathlib import Path

from builder.site import build_site

REPO = Path(__file__).resolve().parents[2]


def _files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.is_file() and p.relative_to(site).parts[0] != "pagefind")


def test_a_docs_folder_written_again_publishes_no_excluded_file(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    folders = dict(build_dir=tmp_path / "build", cache_dir=tmp_path / "cache")
    build_site(data, tmp_path / "site", jobs=1, **folders)
    shutil.rmtree(tmp_path / "build" / "docs")
    again = build_site(data, tmp_path / "site", jobs=1, **folders)
    assert again.dirty
    clean = build_site(data, tmp_path / "clean", jobs=1, build_dir=tmp_path / "clean-build", cache_dir=tmp_path / "cache")
    assert not clean.dirty
    assert not (tmp_path / "site" / "overrides").exists()
    assert _files(tmp_path / "site") == _files(tmp_path / "clean")
