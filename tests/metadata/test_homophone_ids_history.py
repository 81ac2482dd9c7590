"""Which of two sound-alike bodies keeps the plain agency_id: the one whose reports entered the repository's
history first, so a published page's address is never taken by a body added after it (git_blobs.entry_order)."""

from __future__ import annotations

import random
import subprocess

from builder.batch import collect_reports
from builder.git_blobs import entry_order
from tests.textreport import random_values, write_report

# One slug (taizhoushi-renminzhengfu); NEW's key sorts first (its division code: 321200 < 331000).
OLD, NEW = "台州市人民政府", "泰州市人民政府"


def _git(repo, *args, date=None):
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(repo), "PATH": "/usr/bin:/bin"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _write(data, name: str, agency: str, year: int, seed: int):
    path = data / "reports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(write_report(random_values(random.Random(seed)), agency=agency, year=year), encoding="utf-8")
    return path


def _ids(data) -> dict[str, str]:
    out = collect_reports(data, cache_dir=None, jobs=1)
    assert out.failures == []
    return {r["agency"]: r["agency_id"] for r in out.reports}


def test_the_body_in_the_history_first_keeps_the_plain_id(tmp_path):
    data = tmp_path / "data"
    _write(data, "zhejiang/taizhou-2022.txt", OLD, 2022, 1)
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "old")
    plain = _ids(data)[OLD]
    _write(data, "jiangsu/taizhou-2023.txt", NEW, 2023, 2)
    # NEW not committed yet (a contributor's work tree): after every committed file
    ids = _ids(data)
    assert ids[OLD] == plain and ids[NEW].startswith(plain + "-")
    # NEW committed on a branch with a date older than OLD's commit, merged into main after: main's order counts
    _git(tmp_path, "checkout", "-qb", "contribution")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "new", date="2001-01-01T00:00:00+0000")
    _git(tmp_path, "checkout", "-q", "main")
    _write(data, "zhejiang/taizhou-2023.txt", OLD, 2023, 3)
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "old again")
    _git(tmp_path, "merge", "-q", "--no-edit", "contribution")
    ids = _ids(data)
    assert ids[OLD] == plain and ids[NEW].startswith(plain + "-")


def test_without_git_the_smallest_name_keeps_the_plain_id(tmp_path):
    data = tmp_path / "data"
    _write(data, "zhejiang/taizhou-2022.txt", OLD, 2022, 1)
    _write(data, "jiangsu/taizhou-2023.txt", NEW, 2023, 2)
    ids = _ids(data)
    assert ids == {NEW: "taizhoushi-renminzhengfu", OLD: "taizhoushi-renminzhengfu-331000"}


def test_entry_order_reads_names_literally_and_leaves_out_what_git_does_not_hold(tmp_path):
    _git(tmp_path, "init", "-q", "-b", "main")
    first, magic = tmp_path / "a.txt", tmp_path / ":(glob)*.txt"
    first.write_text("1")
    _git(tmp_path, "add", "a.txt")
    _git(tmp_path, "commit", "-qm", "a")
    magic.write_text("2")
    _git(tmp_path, "add", "--", str(magic))
    _git(tmp_path, "commit", "-qm", "b")
    loose = tmp_path / "loose.txt"
    loose.write_text("3")
    order = entry_order([str(magic), str(first), str(loose), "/etc/hostname"])
    assert set(order) == {str(magic), str(first)}
    assert order[str(first)] < order[str(magic)]
    assert entry_order([str(tmp_path.parent / "elsewhere.txt")]) == {}
