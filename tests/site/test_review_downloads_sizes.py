"""The downloads page states the data package's real size (it was computed before the package was written
this build, so the page said 0 字节 for datapackage.json)."""

from __future__ import annotations

import re

from builder.batch import Collection
from builder.pages.downloads import _size
from builder.site import generate_docs
from tests.site.test_download_segments import _report


def test_downloads_page_gives_the_datapackage_size(tmp_path):
    reports = []
    for i in range(3):
        report = _report(i)
        original = tmp_path / "data" / report["source"]["file"]
        original.parent.mkdir(exist_ok=True)
        original.write_text("x", encoding="utf-8")
        report["source"] = {**report["source"], "path": original.as_posix()}
        reports.append(report)
    docs = tmp_path / "docs"
    generate_docs(Collection(reports=reports), docs, state_file=tmp_path / "state.json")
    page = (docs / "downloads" / "index.md").read_text(encoding="utf-8")
    size = (docs / "downloads" / "datapackage.json").stat().st_size
    assert size > 1024
    assert re.findall(r"Frictionless Data Package，([^）]*)）", page) == [_size(size)]
