"""What git's index says of the files of a work tree: each tracked file's blob id, for the files whose copy in the
work tree is what the index holds.

A fresh checkout (every CI run) gives every file a new inode and ctime, so the stat index (builder.batch.StatIndex)
knows none of them and every report was read and hashed again (1.1 s CPU at N = 10,000, growing with N). Git has
hashed them already: `git ls-files --stage` gives each tracked file's blob id, and `git status` names the
tracked files whose work-tree copy differs from the index (git compares their stat with the index's, and the
content of a "racily clean" one), so a blob id of a file it does not name is the id of the bytes there now. A blob
id is a SHA-1 of the bytes (git's collision-detecting SHA-1); the parse's cache key is still made by hashing the
file the first time its blob id is seen.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# Regular files (100644, 100755): not symbolic links (120000) nor submodules (160000).
_FILE_MODES = (b"100644", b"100755")
TIMEOUT = 60.0  # s: git over 100,000 files takes well under a second; a hung git must not hold the build


def _git(folder: str, *args: str) -> bytes:
    return subprocess.run(["git", "-C", folder, *args], capture_output=True, check=True, timeout=TIMEOUT,
                          env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"}).stdout  # (no index.lock: read only)


def blob_ids(folder: Path) -> dict[str, str]:
    """path → blob id of every tracked regular file under folder whose work-tree copy is the index's, the path
    os.path.join(folder, its path under folder) (as a listing of folder spells it: no realpath a file, which
    stats every part of it); {} when folder is not in a git work tree or git cannot say (not installed, a broken
    repository, too slow)."""
    given = os.fspath(folder)
    try:
        real = os.path.realpath(given)
        top = os.path.realpath(_git(real, "rev-parse", "--show-toplevel").decode("utf-8", "surrogateescape").strip())
        under = os.path.relpath(real, top)
        staged = _git(top, "ls-files", "--stage", "-z", "--", under)
        # Not diff-files: plumbing compares stat only, and a checkout's "racily clean" entries (smudged in the
        # index) all read as changed; status compares their content.
        status = _git(top, "status", "--porcelain=v1", "-z", "--untracked-files=no", "--no-renames", "--", under)
    except (OSError, subprocess.SubprocessError, UnicodeError, ValueError):
        return {}
    # (XY path: Y the work tree against the index; X, the index against HEAD, does not matter here)
    changed = {entry[3:] for entry in status.split(b"\0") if len(entry) > 3 and entry[1:2] != b" "}
    prefix = b"" if under == "." else os.fsencode(under) + b"/"
    blobs: dict[str, str] = {}
    for entry in staged.split(b"\0"):
        info, _, name = entry.partition(b"\t")
        fields = info.split(b" ")
        # (stage 0 only: a file in the middle of a merge has three, and its work-tree copy is none of them)
        if (len(fields) != 3 or fields[0] not in _FILE_MODES or fields[2] != b"0" or name in changed
                or not name.startswith(prefix)):
            continue
        blobs[os.path.join(given, os.fsdecode(name[len(prefix):]))] = fields[1].decode("ascii")
    return blobs
