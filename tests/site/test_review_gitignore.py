"""Review: `make site` (python -m builder build) leaves its lock files beside the build and site folders
(builder/site.py build_lock: .site-build.lock, .site.lock in the checkout's root). .gitignore listed the
folders but not the locks, so a contributor's `git add .` before a pull request took one along."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import REPO


@pytest.mark.skipif(shutil.which("git") is None or not (REPO / ".git").exists(), reason="needs a git checkout")
@pytest.mark.parametrize("name", [".site-build.lock", ".site.lock"])
def test_the_build_locks_are_ignored(name):
    run = subprocess.run(["git", "-C", str(REPO), "check-ignore", "--no-index", "-q", name], check=False)
    assert run.returncode == 0, f"{name} is not ignored"
