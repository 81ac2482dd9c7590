"""A build interrupted after it wrote some docs pages (Ctrl-C during the downloads) leaves site-state.json
as the finished build before it wrote it: the next build is dirty, and its docs tree finds those pages
already holding their new bytes (not written again, so not in tree.written). The partial MkDocs build
(builder/mkdocs_partial.py) is shown tree.written alone: the page edited before the interruption must
still be rendered again, as `mkdocs build --dirty` (by mtime) and a clean build render it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import builder.site
from builder.site import build_site

REPO = Path(__file__).resolve().parents[2]
EDITED = "xingqingqu-yueyahuxiang-renminzhengfu"


def test_a_page_written_by_an_interrupted_build_is_rendered_by_the_next(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    folders = dict(build_dir=tmp_path / "build", cache_dir=tmp_path / "cache")
    build_site(data, tmp_path / "site", jobs=1, **folders)
    edited = next(data.rglob(f"{EDITED}-2020.txt"))
    edited.write_text(edited.read_text(encoding="utf-8").replace("一、总体情况", "一、总体情况\n\n本年度新增一句说明。", 1),
                      encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(builder.site, "start_downloads", lambda *args, **kwargs: interrupted)
        with pytest.raises(KeyboardInterrupt):
            build_site(data, tmp_path / "site", jobs=1, **folders)
    assert "本年度新增一句说明" in (tmp_path / "build" / "docs" / "agencies" / EDITED / "index.md").read_text(encoding="utf-8")

    build_site(data, tmp_path / "site", jobs=1, **folders)
    page = (tmp_path / "site" / "agencies" / EDITED / "index.html").read_text(encoding="utf-8")
    assert "本年度新增一句说明" in page
