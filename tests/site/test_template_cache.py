"""MkDocs' compiled templates (builder/site.py _template_cache) are kept where no checkout can put a file:
Jinja's own per-user folder. The folder the builds before kept them in, build/templates, is build state a
branch could bring; a file planted there (code Jinja would load: a pickle, then marshal'd code) is never
read, and the folder is removed."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest
from jinja2.bccache import Bucket, FileSystemBytecodeCache, bc_magic

from builder.site import OLD_TEMPLATE_CACHE, build_site

REPO = Path(__file__).resolve().parents[2]
REPORT = "data/reports/hebei/chengde/nanshanzuixiang-renminzhengfu-2020.txt"


class _Payload:
    """Unpickled, it makes a folder: the sign that a planted cache file was loaded."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return os.mkdir, (str(self.marker),)


def _planted(folder: Path, names: list[str], marker: Path) -> None:
    """A cache file under each of these names (Jinja's, as it names a template's) that runs code when loaded."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(bc_magic + pickle.dumps(_Payload(marker), protocol=2))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("template-cache")
    (root / REPORT).parent.mkdir(parents=True)
    shutil.copy(REPO / REPORT, root / REPORT)
    folders = dict(build_dir=root / "build", cache_dir=root / "cache")
    first = build_site(root / "data", root / "site", jobs=1, **folders)
    return root, folders, first


def test_templates_are_cached_in_jinjas_own_folder_not_the_build_folder(built):
    root, _folders, first = built
    assert not first.dirty
    assert not (root / "build" / OLD_TEMPLATE_CACHE).exists()
    own = Path(FileSystemBytecodeCache().directory)
    assert own.stat().st_uid == os.getuid() and own.stat().st_mode & 0o777 == 0o700
    assert list(own.glob("__jinja2_*.cache"))  # Material's templates, compiled by the build


def test_a_file_planted_where_the_cache_was_is_never_loaded(built, tmp_path):
    root, folders, _first = built
    own = Path(FileSystemBytecodeCache().directory)
    names = sorted(p.name for p in own.glob("__jinja2_*.cache"))  # the names a build looks up
    old = root / "build" / OLD_TEMPLATE_CACHE
    marker = tmp_path / "loaded"
    _planted(old, names, marker)
    # (the planted files do run code when Jinja loads one: what the old cache folder would have done)
    with (old / names[0]).open("rb") as fh:
        Bucket(None, names[0], "checksum").load_bytecode(fh)
    assert marker.is_dir()
    marker.rmdir()

    report = root / REPORT
    report.write_text(report.read_text(encoding="utf-8").replace("一、总体情况", "一、总体情况\n\n新增一句。", 1),
                      encoding="utf-8")
    again = build_site(root / "data", root / "site", jobs=1, **folders)
    assert again.dirty and again.parsed == 1  # MkDocs ran, with its templates
    assert "新增一句" in next((root / "site" / "agencies").glob("*/index.html")).read_text(encoding="utf-8")
    assert not marker.exists()
    assert not old.exists()
