"""A fresh checkout (every CI run: new inodes and ctimes, so the stat index knows no file) is known by git's blob
ids (builder.git_blobs), not read and hashed again; a file whose work-tree copy is not the index's, a new file,
or a sidecar changed is hashed, and every key is the one hashing gives (cache_key)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from builder.batch import GIT_FROM, _keys, _report_listing, cache_key
from builder.git_blobs import blob_ids

REPO = Path(__file__).resolve().parents[2]


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.email=test@example.org", "-c", "user.name=test", *args], cwd=cwd,
                          check=True, capture_output=True, text=True).stdout


def _checkout(tmp_path: Path) -> tuple[Path, Path]:
    """A git work tree with data/reports/ of 15 reports (the 5 seeds under three names each, with sidecars)."""
    repo = tmp_path / "repo"
    folder = repo / "data" / "reports"
    folder.mkdir(parents=True)
    for seed in sorted((REPO / "data" / "reports").rglob("*.txt")):
        for prefix, under in (("a", "."), ("b", "x"), ("c", "x/y")):  # (in folders of their own: git asked of all)
            (folder / under).mkdir(parents=True, exist_ok=True)
            shutil.copy(seed, folder / under / f"{prefix}-{seed.name}")
            sidecar = seed.with_suffix(".yml")
            if sidecar.is_file():
                shutil.copy(sidecar, folder / under / f"{prefix}-{sidecar.name}")
    _git(repo, "init", "-q")
    _git(repo, "add", "data")
    _git(repo, "commit", "-q", "-m", "reports")
    return repo, repo / "data"


def _fresh_checkout(repo: Path) -> None:
    shutil.rmtree(repo / "data" / "reports")
    _git(repo, "checkout", "--", "data")


def _expected(keys: dict) -> dict:
    return {path: cache_key(path) for path in keys}


def test_a_fresh_checkout_is_known_by_blob_ids_and_a_changed_file_is_hashed(tmp_path):
    repo, data = _checkout(tmp_path)
    cache = tmp_path / "cache"
    first, unreadable, hashed = _keys(_report_listing(data), cache)
    assert hashed == len(first) == 15 > GIT_FROM and not unreadable
    assert first == _expected(first)

    _fresh_checkout(repo)
    keys, _unreadable, hashed = _keys(_report_listing(data), cache)
    assert hashed == 0 and keys == first

    # Another checkout, then a report edited in the work tree and another's sidecar: those two hashed, the rest not.
    _fresh_checkout(repo)
    edited, other = sorted(first)[0], sorted(first)[-1]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n本年度新增一句。\n", encoding="utf-8")
    sidecar = other.with_suffix(".yml")
    assert sidecar.is_file()
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "\n# 改动\n", encoding="utf-8")
    new = data / "reports" / "x" / "d-new-2021.txt"  # untracked: hashed
    shutil.copy(edited, new)
    keys, _unreadable, hashed = _keys(_report_listing(data), cache)
    assert hashed == 3
    assert keys == _expected(keys) and keys[edited] != first[edited] and keys[other] != first[other]
    assert {p: k for p, k in keys.items() if p not in (edited, other, new)} == {
        p: k for p, k in first.items() if p not in (edited, other)}


def test_a_file_staged_but_changed_again_and_a_file_in_no_repository(tmp_path):
    repo, data = _checkout(tmp_path)
    path = sorted((data / "reports").rglob("*.txt"))[0]
    blobs = blob_ids(data)
    assert len(blobs) == 30 and blobs[str(path)] == _git(repo, "hash-object", str(path)).strip()
    assert blob_ids(data / "reports" / "x" / "y").keys() == {str(p) for p in (data / "reports" / "x" / "y").iterdir()}
    path.write_text("changed", encoding="utf-8")  # not staged: git's copy is not the one there
    assert str(path) not in blob_ids(data) and len(blob_ids(data)) == 29
    _git(repo, "add", str(path))  # staged: its blob id is the one there again
    assert blob_ids(data)[str(path)] == _git(repo, "hash-object", str(path)).strip()
    outside = tmp_path / "outside"
    outside.mkdir()
    assert blob_ids(outside) == {}  # (not in a work tree: git says so, the index hashes)
