"""builder/site.py _downloads: an unchanged chunk is not cut again (its pieces' keys are last build's, in
build/download-keys.json), a segment's Arrow tables are kept in a file of their own and read only for the
row groups encoded again; whatever is kept, missing or altered, the files are a clean build's byte for byte
and the kept files are those the files were made of."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from types import SimpleNamespace

from builder.pages.docs_tree import DocsTree, content_hash
from builder.site import DOWNLOAD_KEYS, PIECES, TABLES_SUFFIX, _downloads
from tests.site.records import synthetic_report


def _reports() -> list[dict]:
    out = []
    for i in range(90):
        report = synthetic_report(i, {"requests.new_received.natural_person": i, "requests.new_received.total": i * 2})
        if i % 3 == 0:  # (a second chunk: another year)
            report["year"], report["id"] = 2022, report["id"].replace("2023", "2022")
        out.append(report)
    return sorted(out, key=lambda r: r["id"])


def _build(reports: list[dict], root: Path) -> dict[str, bytes]:
    tree = DocsTree(root / "docs", root / "build" / "docs-state.json")
    hashes = {r["id"]: content_hash(r) for r in reports}
    _downloads(tree, SimpleNamespace(reports=reports), "code", hashes, jobs=1)
    tree.prune()
    return {p.relative_to(root / "docs").as_posix(): p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()}


def _kept(root: Path) -> dict[str, float]:
    return {p.name: p.stat().st_mtime_ns for p in (root / "build" / PIECES).iterdir()}


def _keys(root: Path) -> dict:
    return json.loads((root / "build" / DOWNLOAD_KEYS).read_text(encoding="utf-8"))["chunks"]


def test_one_chunk_changed_leaves_the_others_keys_and_files_as_a_clean_builds(tmp_path):
    reports = _reports()
    root = tmp_path / "incremental"
    first = _build(reports, root)
    assert {"downloads/2022/reports.csv", "downloads/2023/reports.csv"} <= set(first)
    keys = _keys(root)
    assert set(keys) == {"2022", "2023"}
    # every kept file is one of the keys its chunk's files were made of, and every segment has its tables apart
    listed = {k for entry in keys.values() for k in entry["keys"]}
    assert {name.removesuffix(".msgpack").removesuffix(TABLES_SUFFIX) for name in _kept(root)} == listed
    assert any(name.endswith(f"{TABLES_SUFFIX}.msgpack") for name in _kept(root))
    before = _kept(root)

    changed = copy.deepcopy(reports)
    target = next(r for r in changed if r["year"] == 2023)
    target["values"]["requests.new_received.total"] = 12345
    after = _build(changed, root)
    assert after == _build(changed, tmp_path / "clean")
    assert after["downloads/2022/reports.csv"] == first["downloads/2022/reports.csv"]
    assert b"12345" in after["downloads/2023/reports.csv"].replace(b",", b" ")  # (the change is in)
    now = _keys(root)
    assert now["2022"] == keys["2022"] and now["2023"] != keys["2023"]
    kept = _kept(root)
    assert all(kept.get(name) == mtime for name, mtime in before.items()
               if name.removesuffix(".msgpack").removesuffix(TABLES_SUFFIX) in now["2022"]["keys"])


def test_the_kept_keys_lost_or_altered_give_a_clean_builds_files_and_keep_the_pieces(tmp_path):
    reports = _reports()
    root = tmp_path / "incremental"
    clean = _build(reports, root)
    kept = set(_kept(root))
    for altered in ("not json", json.dumps({"code": "code", "chunks": {"2022": {"inputs": "x", "keys": [1]}}}),
                    json.dumps({"code": "code", "chunks": []})):
        (root / "build" / DOWNLOAD_KEYS).write_text(altered, encoding="utf-8")
        assert _build(reports, root) == clean
        assert set(_kept(root)) == kept  # (cut again, the same pieces: none made again, none removed)
    (root / "build" / DOWNLOAD_KEYS).unlink()
    assert _build(reports, root) == clean and set(_kept(root)) == kept


def test_a_segments_tables_gone_are_made_again(tmp_path):
    reports = _reports()
    root = tmp_path / "incremental"
    _build(reports, root)
    for path in (root / "build" / PIECES).glob(f"*{TABLES_SUFFIX}.msgpack"):
        path.unlink()
    changed = copy.deepcopy(reports)
    changed[0]["values"]["requests.new_received.total"] = 777  # (its row groups encoded again, from all their segments)
    assert _build(changed, root) == _build(changed, tmp_path / "clean")
