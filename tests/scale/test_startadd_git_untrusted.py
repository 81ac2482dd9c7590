"""Files whose work-tree bytes git does not vouch for get no blob id (builder.git_blobs), so the stat index hashes them:
marked `update-index --assume-unchanged` or `--skip-worktree` (then edited: git status never names them), or
converted between blob and work tree by a clean/smudge filter (a new smudge, the same blob). Before, each kept the
key, and the cached parse, of the bytes it had when its blob id was first seen."""

from __future__ import annotations

import subprocess

from builder.batch import _keys, _report_listing, cache_key
from builder.git_blobs import blob_ids
from tests.scale.test_fixed_git_blobs import _checkout, _fresh_checkout, _git


def test_assume_unchanged_skip_worktree_and_filtered_files_are_hashed_not_taken_by_blob_id(tmp_path):
    repo, data = _checkout(tmp_path)
    _git(repo, "config", "filter.note.clean", "sed '1{/^# note$/d}'")  # (what the smudge adds, taken out again)
    _git(repo, "config", "filter.note.smudge", "cat")
    (data / "reports" / ".gitattributes").write_text("a-*.txt filter=note\n", encoding="utf-8")
    _git(repo, "add", "data")
    _git(repo, "commit", "-q", "-m", "a filter")
    cache = tmp_path / "cache"
    first, _unreadable, hashed = _keys(_report_listing(data), cache)
    assert hashed == len(first) == 15

    # A fresh checkout (every file unknown to the stat index: git is asked) under another smudge: the a-files'
    # bytes differ, their blobs do not.
    _git(repo, "config", "filter.note.smudge", "echo '# note'; cat")
    _fresh_checkout(repo)
    filtered = sorted((data / "reports").glob("a-*.txt"))
    assert filtered and all(p.read_text(encoding="utf-8").startswith("# note\n") for p in filtered)
    assumed, skipped = sorted((data / "reports" / "x").glob("b-*.txt"))[:2]
    _git(repo, "update-index", "--assume-unchanged", str(assumed))
    _git(repo, "update-index", "--skip-worktree", str(skipped))
    for path in (assumed, skipped):
        path.write_text(path.read_text(encoding="utf-8") + "\n本年度新增一句。\n", encoding="utf-8")
    assert _git(repo, "status", "--porcelain", "--untracked-files=no") == ""  # git sees none of it

    blobs = blob_ids(data)
    untrusted = {str(p) for p in (*filtered, assumed, skipped)}
    assert untrusted.isdisjoint(blobs) and len(blobs) == 30 + 1 - len(untrusted)  # (+ .gitattributes)
    keys, _unreadable, hashed = _keys(_report_listing(data), cache)
    assert hashed == len(untrusted)
    assert keys == {path: cache_key(path) for path in keys}
    assert all(keys[p] != first[p] for p in (*filtered, assumed, skipped))
    assert {p: k for p, k in keys.items() if str(p) not in untrusted} == {
        p: k for p, k in first.items() if str(p) not in untrusted}


def test_core_autocrlf_gives_no_blob_ids(tmp_path):
    repo, data = _checkout(tmp_path)
    assert len(blob_ids(data)) == 30
    _git(repo, "config", "core.autocrlf", "true")
    assert blob_ids(data) == {}
    subprocess.run(["git", "-C", str(repo), "config", "--unset", "core.autocrlf"], check=True)
    _git(repo, "config", "core.eol", "crlf")
    assert blob_ids(data) == {}
