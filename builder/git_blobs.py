"""What git says of the files of a work tree: each tracked file's blob id, for the files whose copy in the
work tree is what the index holds (blob_ids); the order in which files entered the branch (entry_order); the
commits that wrote given files (files_log, which builder.pages.originals reads too).

A fresh checkout (every CI run) gives every file a new inode and ctime, so the stat index (builder.batch.StatIndex)
knows none of them and every report was read and hashed again (1.1 s CPU at N = 10,000, growing with N). Git has
hashed them already: `git ls-files --stage` gives each tracked file's blob id, and `git status` names the
tracked files whose work-tree copy differs from the index (git compares their stat with the index's, and the
content of a "racily clean" one), so a blob id of a file it does not name is the id of the bytes there now. A blob
id is a SHA-1 of the bytes (git's collision-detecting SHA-1); the parse's cache key is still made by hashing the
file the first time its blob id is seen.

Not for a file git is told not to look at, or whose blob is not its bytes: marked `update-index --assume-unchanged`
or `--skip-worktree` (`ls-files -v`: a lower-case tag, or S), so that status never names it however it changes;
or one git converts between the blob and the work tree (a clean/smudge `filter`, `ident`, `working-tree-encoding`,
`eol=crlf`, or `core.autocrlf` / `core.eol=crlf` for the whole work tree), whose work-tree bytes the blob id does not name. Such
files get no blob id here: the stat index hashes them.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

# Regular files (100644, 100755): not symbolic links (120000) nor submodules (160000).
_FILE_MODES = (b"100644", b"100755")
TIMEOUT = 60.0  # s: git over 100,000 files takes well under a second; a hung git must not hold the build


def _git(folder: str, *args: str, given: bytes | None = None) -> bytes:
    return subprocess.run(["git", "-C", folder, *args], input=given, capture_output=True, check=True, timeout=TIMEOUT,
                          env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"}).stdout  # (no index.lock: read only)


def work_tree_top(folder: str) -> str:
    """The resolved top folder of the work tree folder lies in; subprocess.CalledProcessError when it lies in none."""
    return os.path.realpath(_git(folder, "rev-parse", "--show-toplevel").decode("utf-8", "surrogateescape").strip())


def blob_ids(folder: Path) -> dict[str, str]:
    """path → blob id of every tracked regular file under folder whose work-tree copy is the index's, the path
    os.path.join(folder, its path under folder) (as a listing of folder spells it: no realpath a file, which
    stats every part of it); {} when folder is not in a git work tree or git cannot say (not installed, a broken
    repository, too slow)."""
    given = os.fspath(folder)
    try:
        real = os.path.realpath(given)
        top = work_tree_top(real)
        under = os.path.relpath(real, top)
        if _converts_all(top):
            return {}
        staged = _git(top, "ls-files", "-v", "--stage", "-z", "--", under)
        # Not diff-files: plumbing compares stat only, and a checkout's "racily clean" entries (smudged in the
        # index) all read as changed; status compares their content.
        status = _git(top, "status", "--porcelain=v1", "-z", "--untracked-files=no", "--no-renames", "--", under)
    except (OSError, subprocess.SubprocessError, UnicodeError, ValueError):
        return {}
    # (XY path: Y the work tree against the index; X, the index against HEAD, does not matter here)
    changed = {entry[3:] for entry in status.split(b"\0") if len(entry) > 3 and entry[1:2] != b" "}
    prefix = b"" if under == "." else os.fsencode(under) + b"/"
    found: dict[bytes, str] = {}
    for entry in staged.split(b"\0"):
        info, _, name = entry.partition(b"\t")
        fields = info.split(b" ")
        # (stage 0 only: a file in the middle of a merge has three, and its work-tree copy is none of them;
        # the tag, -v's: lower case is assume-unchanged, S skip-worktree, git's promise not to look)
        if (len(fields) != 4 or not _TRUSTED_TAG.fullmatch(fields[0]) or fields[1] not in _FILE_MODES
                or fields[3] != b"0" or name in changed or not name.startswith(prefix)):
            continue
        found[name] = fields[2].decode("ascii")
    try:
        converted = _converted(top, list(found))
    except (OSError, subprocess.SubprocessError, ValueError):
        return {}
    return {os.path.join(given, os.fsdecode(name[len(prefix):])): blob for name, blob in found.items()
            if name not in converted}


# Upper-case tags but S (H cached, C modified, K to be killed, …: `git ls-files -t`); M and R come with --others.
_TRUSTED_TAG = re.compile(rb"[A-RT-Z]")
# The attributes under which the work-tree bytes are not the blob's (gitattributes(5)), and the values that say so.
_CONVERTING = {b"filter": None, b"ident": None, b"working-tree-encoding": None, b"eol": b"crlf"}


def _converts_all(top: str) -> bool:
    """core.autocrlf on, or core.eol crlf: every text file's work-tree bytes may differ from its blob."""
    done = subprocess.run(["git", "-C", top, "config", "--get-regexp", r"^core\.(autocrlf|eol)$"], capture_output=True,
                          timeout=TIMEOUT, env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"}, check=False)
    if done.returncode not in (0, 1):  # (1: none set)
        raise subprocess.CalledProcessError(done.returncode, done.args)
    settings = dict(line.lower().partition(b" ")[::2] for line in done.stdout.splitlines())
    return settings.get(b"core.autocrlf", b"false") in (b"true", b"input") or settings.get(b"core.eol") == b"crlf"


def _converted(top: str, names: list[bytes]) -> set[bytes]:
    """Those of names (relative to top) that git converts on checkout or add (_CONVERTING), by `git check-attr`."""
    if not names:
        return set()
    out = subprocess.run(["git", "-C", top, "check-attr", "-z", "--stdin", *(a.decode() for a in _CONVERTING)],
                         input=b"\0".join(names) + b"\0", capture_output=True, check=True, timeout=TIMEOUT,
                         env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"}).stdout.split(b"\0")
    converted = set()
    for i in range(0, len(out) - 2, 3):  # (path, attribute, value) each NUL-terminated
        name, attribute, value = out[i:i + 3]
        wanted = _CONVERTING.get(attribute, b"")
        if value not in (b"unspecified", b"unset") and (wanted is None or value == wanted):
            converted.add(name)
    return converted


def files_log(top: str, names: list[bytes], *options: str) -> Iterator[tuple[bytes, bytes]]:
    """(commit, name) of each file of names (relative to top) each commit of `git log options` wrote, the newest
    commit first. Names are read from stdin, not argv (no limit on their number), literally (a file named
    ":(glob)*" is a name); one holding a line break is left out. Raises as _git does."""
    names = [name for name in names if b"\n" not in name]
    if not names:
        return
    log = _git(top, "--literal-pathspecs", "log", *options, "--format=%x00%H", "--name-only", "-z", "--stdin",
               given=b"--\n" + b"\n".join(names) + b"\n")
    commit, after_empty = None, True
    for item in log.split(b"\0"):  # \0 hash \0 \n name \0 name \0 \0 hash …
        if after_empty and item:  # (a hash: a name is never empty, nor the item after an empty one)
            commit, after_empty = item, False
        elif commit is not None:
            after_empty = not item
            if item:
                yield commit, item.lstrip(b"\n")


def entry_order(paths: list[str]) -> dict[str, int]:
    """path → where it entered the branch checked out: a smaller number for a file in the branch since an older
    commit of its first-parent history (the merges into main, not the dates a contributor's commits claim: a
    backdated commit of a pull request enters main at its merge, after every file main held then). Paths git has
    no commit of (not committed yet, or outside the work tree) are left out; {} when git cannot say. A shallow
    clone's first commit holds all its files at once: they tie."""
    if not paths:
        return {}
    order: dict[str, int] = {}
    try:
        top = work_tree_top(os.path.dirname(os.path.realpath(paths[0])))
        under: dict[bytes, list[str]] = {}
        for path in paths:
            rel = os.fsencode(os.path.relpath(os.path.realpath(path), top))
            if not rel.startswith(b".."):
                under.setdefault(rel, []).append(path)
        commits, last = 0, None
        for commit, name in files_log(top, list(under), "--first-parent", "--diff-merges=first-parent",
                                      "--diff-filter=A", "--no-renames"):
            commits, last = commits + (commit != last), commit
            for path in under.get(name, ()):
                order[path] = -commits  # (older commits come later: the last seen is where it entered)
    except (OSError, subprocess.SubprocessError, UnicodeError, ValueError):
        return {}
    return order
