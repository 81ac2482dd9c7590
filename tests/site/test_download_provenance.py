"""A provenance file gone during a build (builder/site.py's downloads): the pieces made without it are not
kept, and the build after ends where a clean build does, with the report's provenance in provenance.parquet
(it was once baked in as none until the report changed)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pyarrow.parquet as pq

from builder.batch import PROVENANCE_DIR, collect_reports
from builder.export.datasets import chunks, segments
from builder.pages.docs_tree import DocsTree
from builder.site import PIECES, TABLES_SUFFIX, _downloads, _report_hash

REPO = Path(__file__).resolve().parents[2]
YUEYAHU = "xingqingqu-yueyahuxiang-renminzhengfu-2020"


def _downloads_after(collection, root: Path) -> dict[str, bytes]:
    """The downloads phase of a build of collection (its docs and build folders under root): its files."""
    tree = DocsTree(root / "docs", root / "build" / "docs-state.json")
    hashes = {r["id"]: _report_hash(collection, r) for r in collection.reports}
    _downloads(tree, collection, "code", hashes, jobs=1)
    tree.prune()
    return {p.relative_to(root / "docs").as_posix(): p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()}


def downloads_kept_then_forgotten(tmp_path: Path):
    """(collection, root, the files) of data/'s downloads built once under tmp_path/incremental, then their
    files and the docs' state removed: the next _downloads_after assembles them again from the kept pieces."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    root = tmp_path / "incremental"
    collection = collect_reports(data, root / "cache", 1)
    clean = _downloads_after(collection, root)
    shutil.rmtree(root / "docs")
    (root / "build" / "docs-state.json").unlink()
    return collection, root, clean


def _provenance_reports(files: dict[str, bytes]) -> set[str]:
    return set(pq.read_table(io.BytesIO(files["downloads/2020/provenance.parquet"])).column("report_id").to_pylist())


def test_a_provenance_file_gone_mid_build_is_not_kept_in_the_pieces(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    root = tmp_path / "incremental"
    collection = collect_reports(data, root / "cache", 1)
    report = next(r for r in collection.reports if r["id"] == YUEYAHU)
    # Gone after the scan, before the downloads read it (a cache folder cleaned during the build).
    (root / "cache" / PROVENANCE_DIR / f"{collection.keys[report['source']['path']]}.json").unlink()
    during = _downloads_after(collection, root)
    assert YUEYAHU not in _provenance_reports(during)  # this build had none to write…
    cut = segments(chunks(collection.reports)["2020"])
    kept = [path for path in (root / "build" / PIECES).glob("*.msgpack") if not path.stem.endswith(TABLES_SUFFIX)]
    assert len(kept) == len(cut) - 1  # not the pieces of its segment

    # …and the next build parses it again and writes it, as a clean build does.
    again = collect_reports(data, root / "cache", 1)
    assert again.parsed == 1
    after = _downloads_after(again, root)
    assert YUEYAHU in _provenance_reports(after)
    clean = _downloads_after(collect_reports(data, tmp_path / "clean" / "cache", 1), tmp_path / "clean")
    assert after == clean
