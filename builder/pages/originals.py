"""Where a report's original file is published: copied beside its page, or linked in the repository.

GitHub Pages publishes at most 1 GB. A copy of every original costs what the originals weigh
(real reports are PDFs of 0.2–2 MB: at 30,000 reports the copies alone would be 6–60 GB), so
past ORIGINALS_BUDGET the pages link to each file in the repository instead, at the last commit that
wrote it (a link that keeps pointing at those exact bytes). The choice is the setting
SITE_ORIGINALS: ``copy``, ``link``, or ``auto`` (the default: link when the originals weigh more
than the budget and the repository's address is known). The address is SITE_REPOSITORY_URL, or
on GitHub Actions $GITHUB_SERVER_URL/$GITHUB_REPOSITORY. A file git does not know yet (not
committed) is copied.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path
from urllib.parse import quote

from builder.errors import ReportError
from builder.git_blobs import files_log, work_tree_top

ORIGINALS_BUDGET = 400 * 1024 * 1024  # of Pages' 1 GB: the rest is the pages and the downloads
MODES = ("auto", "copy", "link")


def repository_url() -> str | None:
    if os.environ.get("SITE_REPOSITORY_URL"):
        return os.environ["SITE_REPOSITORY_URL"].rstrip("/")
    if os.environ.get("GITHUB_SERVER_URL") and os.environ.get("GITHUB_REPOSITORY"):
        return f"{os.environ['GITHUB_SERVER_URL'].rstrip('/')}/{os.environ['GITHUB_REPOSITORY']}"
    return None


def commits_that_added(paths: list[Path]) -> dict[Path, tuple[str, str]]:
    """Resolved path → (repository-relative path, the last commit that added or changed it), for the paths git knows
    (one `git log` for all: builder.git_blobs.files_log)."""
    if not paths:
        return {}
    resolved = {Path(path).resolve() for path in paths}
    try:
        top = Path(work_tree_top(str(Path(paths[0]).resolve().parent)))
        rels = {}
        for path in resolved:
            with contextlib.suppress(ValueError):
                rels[os.fsencode(path.relative_to(top).as_posix())] = path
        added: dict[bytes, str] = {}
        # (the whole tree's log, not the paths': git matches each entry against every pathspec given)
        for commit, name in files_log(str(top), [b"."], "--diff-filter=AM", "--no-renames"):
            added.setdefault(name, commit.decode("ascii"))  # newest first: the last commit that wrote these bytes
    except (OSError, subprocess.SubprocessError, UnicodeError, ValueError):
        return {}
    return {path: (os.fsdecode(rel), added[rel]) for rel, path in rels.items() if rel in added}


def original_links(reports: list[dict], mode: str | None = None) -> dict[str, str]:
    """source path → address of the original in the repository, for the reports whose original is linked
    rather than copied (empty: copy every original)."""
    mode = mode or os.environ.get("SITE_ORIGINALS") or "auto"
    if mode not in MODES:
        raise ReportError(f"SITE_ORIGINALS 只能是 {' / '.join(MODES)} SITE_ORIGINALS must be one of {', '.join(MODES)}")
    base = repository_url()
    if mode == "copy" or base is None:
        if mode == "link":
            raise ReportError("SITE_ORIGINALS=link 需要仓库地址 needs the repository's address: set SITE_REPOSITORY_URL")
        return {}
    paths = [Path(r["source"]["path"]) for r in reports]
    if mode == "auto" and sum(p.stat().st_size for p in paths if p.is_file()) <= ORIGINALS_BUDGET:
        return {}
    commits = commits_that_added(paths)
    out = {}
    for report, path in zip(reports, paths, strict=True):
        known = commits.get(path.resolve())
        if known:
            out[report["source"]["path"]] = f"{base}/blob/{known[1]}/{quote(known[0])}"
    return out
