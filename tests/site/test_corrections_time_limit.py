"""The corrections changelog's git log has its own time limit: a git still writing when it runs out is
killed, the build is told in one line and goes on without the changelog."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import time
from pathlib import Path

from builder.export import corrections as changelog


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args], cwd=repo, check=True,
                   capture_output=True)


def _corrected_repository(root: Path) -> dict:
    """A repository whose one sidecar was corrected once (agency renamed); the report it belongs to."""
    folder = root / "data" / "reports"
    folder.mkdir(parents=True)
    (folder / "dongtai-renminzhengfu-2023.pdf").write_bytes(b"%PDF-1.4 one")
    sidecar = folder / "dongtai-renminzhengfu-2023.yml"
    sidecar.write_text("agency: 东台市政府\n", encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "add")
    sidecar.write_text("agency: 东台市人民政府\n", encoding="utf-8")
    _git(root, "commit", "-qam", "correct")
    return {"id": "dongtai-renminzhengfu-2023", "agency_id": "dongtai-renminzhengfu",
            "source": {"path": str(folder / "dongtai-renminzhengfu-2023.pdf")}}


def _slow_git(folder: Path) -> str:
    """A PATH whose `git` is the real one, except that `git … log …` first sleeps far past the limit (a
    repository too large or too slow to read in time; no real repository here is that slow)."""
    folder.mkdir()
    script = folder / "git"
    script.write_text(f'#!/bin/sh\ncase " $* " in *" log "*) sleep 30;; esac\nexec {shutil.which("git")} "$@"\n')
    script.chmod(0o755)
    return f"{folder}{os.pathsep}{os.environ['PATH']}"


def test_the_changelog_is_read_within_its_time_limit(tmp_path, monkeypatch, caplog):
    report = _corrected_repository(tmp_path / "repo")
    found = changelog.corrections([report])
    assert [(c.key, c.before, c.after, c.report_id) for c in found] == [
        ("agency", "东台市政府", "东台市人民政府", "dongtai-renminzhengfu-2023")]
    assert not [r for r in caplog.records if r.name == changelog.__name__]

    monkeypatch.setenv("PATH", _slow_git(tmp_path / "bin"))
    monkeypatch.setattr(changelog, "TIMEOUT", 0.5)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger=changelog.__name__):
        assert changelog.corrections([report]) == []
    # Killed with its children (the sleep too), not waited for: far sooner than the 30 s sleep ends.
    assert time.monotonic() - started < 15
    messages = [r.getMessage() for r in caplog.records if r.name == changelog.__name__]
    assert messages == ["读取数据更正记录（git log）超过 0.5 秒，本次构建不含更正记录 / the corrections' git log ran "
                        "out of its 0.5 s: the site is built without the changelog"]
