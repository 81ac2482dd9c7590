"""Nothing the site publishes names where the data lay on the machine that built it."""

from __future__ import annotations

import gzip
from pathlib import Path

from builder.batch import Collection, Failure
from builder.pages.lists import failures_page_files
from tests.conftest import DATA


def test_published_files_hold_no_absolute_data_path(built_site):
    data = str(DATA.resolve())
    for path in (built_site.site / "downloads").rglob("*"):
        if path.is_file() and path.suffix in {".csv", ".json", ".gz"}:
            raw = path.read_bytes()
            text = (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8", "replace")
            assert data not in text, path
    for page in built_site.site.rglob("*.html"):
        assert data not in page.read_text(encoding="utf-8"), page


def test_the_failures_page_names_a_file_from_the_data_folder(tmp_path):
    root = tmp_path / "data"
    bad = root / "reports" / "jiangsu" / "bad.pdf"
    collection = Collection(root=root.resolve(), failures=[Failure(bad.as_posix(), "无法读取 cannot be read")])
    page = failures_page_files(collection.failures, collection.shown_path)["failures/index.md"]
    assert "<code>reports/jiangsu/bad.pdf</code>" in page and str(tmp_path) not in page
    assert collection.shown_path("/elsewhere/x.txt") == "x.txt"
    assert Path(collection.shown_path(bad.as_posix())).parts[0] == "reports"
