"""The changelog of data corrections, from the repository's history of the sidecars.

What counts as a correction: a commit that changes the sidecar of a report already in the data
(additions are new reports, not corrections) and, in it, one of CORRECTED_KEYS — the agency, year,
region or publication date overriding the parse, acknowledged known issues and their note, the
source address, or the sha256 (the original file itself was replaced). A contributor corrects data
only through the sidecar (CONTRIBUTING.md: the original is never edited, and a replaced original
changes its recorded sha256), so the sidecars' history is every correction, with its date and
commit, and nobody has to keep a separate list by hand. A report's parse changing because the
parser improved is not a correction of the data but of the code; the dataset version says which.

One ``git log`` reads it all (as builder/pages/originals.py does for the originals): each sidecar
change with its whole file as context, so both versions are read by the sidecar's own refusing
YAML loader and compared key by key. Bounded: at most MAX_COMMITS commits, MAX_BYTES of output and
MAX_ENTRIES entries (the newest), and a time limit; outside git, or when git fails, no entries.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import threading
from pathlib import Path
from typing import NamedTuple

from builder.git_blobs import work_tree_top
from builder.sidecar import MAX_BYTES as SIDECAR_MAX_BYTES
from builder.sidecar import parse_yaml as parse_sidecar_yaml  # the refusing loader (no aliases, tags …)

CORRECTED_KEYS = ("agency", "year", "region", "published", "known_issues", "note", "source_url", "sha256")
MAX_COMMITS = 2000
MAX_ENTRIES = 1000
MAX_BYTES = 32 * 1024 * 1024
TIMEOUT = 60  # seconds
SHOWN = 300  # characters of a value kept in an entry
_MARK = "\x00commit "
log = logging.getLogger(__name__)


class Correction(NamedTuple):
    date: str  # YYYY-MM-DD of the commit
    commit: str  # 12 hex digits
    file: str  # repository-relative path of the sidecar
    report_id: str | None  # the report it belongs to, when that report is in the data
    kind: str  # "sidecar" or "original" (the sha256 changed: the original was replaced)
    key: str
    before: str
    after: str

    def as_row(self) -> dict:
        return self._asdict()


def _git_top(folder: Path) -> Path | None:
    """The top of the work tree folder lies in (git_blobs.work_tree_top), or None outside git."""
    try:
        return Path(work_tree_top(str(folder)))
    except (OSError, subprocess.SubprocessError, UnicodeError):
        return None


def data_folder(reports: list[dict]) -> Path | None:
    """The deepest folder holding every report's file (data/reports for the repository's data)."""
    # Each folder resolved once, not each file (a thousand resolves were a tenth of a second of every build);
    # a file that is a link lies where its target does.
    files = [Path(r["source"]["path"]) for r in reports if (r.get("source") or {}).get("path")]
    folders = {path.resolve().parent if path.is_symlink() else path.parent for path in files}
    paths = [str(folder.resolve()) for folder in folders]
    if not paths:
        return None
    try:
        return Path(os.path.commonpath(paths))
    except ValueError:
        return None


def _log(top: Path, folder: str, timeout: float | None = None) -> str:
    """The sidecar changes under folder, newest first, each sidecar whole as context; at most MAX_BYTES.

    Bounded in time too: a git that is still writing after `timeout` seconds (a huge or slow
    repository, a network file system) is killed with its process group, the build is told in one
    line, and the site is built without the changelog ("" here: no entries)."""
    prefix = "" if folder == "." else f"{folder}/"
    command = ["git", "-c", "core.quotepath=false", "log", f"--max-count={MAX_COMMITS}", "--diff-filter=M",
               "--no-renames", "--no-color", "--format=%x00commit %H %cs", "-p", "--unified=100000", "--no-ext-diff",
               "--", f":(glob){prefix}**/*.yml", f":(glob){prefix}**/*.yaml"]
    timeout = TIMEOUT if timeout is None else timeout
    timed_out = threading.Event()
    try:
        # A session of its own, so that the time limit kills whatever git started with it.
        with subprocess.Popen(command, cwd=top, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              start_new_session=True) as proc:
            def stop() -> None:
                timed_out.set()
                with contextlib.suppress(OSError):
                    os.killpg(proc.pid, signal.SIGKILL)

            timer = threading.Timer(timeout, stop)
            timer.start()
            try:
                data = proc.stdout.read(MAX_BYTES)
            finally:
                timer.cancel()
                with contextlib.suppress(OSError):
                    os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    except (OSError, subprocess.SubprocessError):
        return ""
    if timed_out.is_set():
        log.warning("读取数据更正记录（git log）超过 %s 秒，本次构建不含更正记录 / the corrections' git log ran out of "
                    "its %s s: the site is built without the changelog", f"{timeout:g}", f"{timeout:g}")
        return ""
    text = data.decode("utf-8", errors="replace")
    if len(data) >= MAX_BYTES:  # cut off: the last commit's files may be incomplete
        text = text[: text.rfind(_MARK)] if _MARK in text else ""
    return text


def _versions(lines: list[str]) -> tuple[str, str]:
    """The old and the new text of one file from its whole-file diff lines."""
    old, new = [], []
    in_hunk = False
    for line in lines:
        if line.startswith("@@"):
            in_hunk = True
            continue
        if not in_hunk or line.startswith("\\"):
            continue
        sign, text = line[:1], line[1:]
        if sign in (" ", "-"):
            old.append(text)
        if sign in (" ", "+"):
            new.append(text)
    return "\n".join(old), "\n".join(new)


def _mapping(text: str) -> dict:
    if len(text.encode("utf-8")) > SIDECAR_MAX_BYTES:
        return {}
    data, problems = parse_sidecar_yaml(text)
    return data if isinstance(data, dict) and not problems else {}


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = "/".join(str(v) for v in value.values() if v)
    text = " ".join(str(value).split())
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _files(text: str):
    """(commit, date, path, diff lines) of every file in the log."""
    for block in text.split(_MARK)[1:]:
        head, _, patch = block.partition("\n")
        commit, _, date = head.partition(" ")
        for part in patch.split("\ndiff --git "):
            lines = part.split("\n")
            path = next((line[6:] for line in lines if line.startswith("+++ b/")), None)
            if path:
                yield commit, date.strip(), path, lines


def parse_log(text: str, report_ids: dict[str, str]) -> list[Correction]:
    """The corrections in a log (see _log); report_ids: repository-relative sidecar path → report id."""
    out: list[Correction] = []
    for commit, date, path, lines in _files(text):
        before, after = (_mapping(version) for version in _versions(lines))
        for key in CORRECTED_KEYS:
            old, new = _shown(before.get(key)), _shown(after.get(key))
            if old != new:
                out.append(Correction(date, commit[:12], path, report_ids.get(path),
                                      "original" if key == "sha256" else "sidecar", key, old, new))
                if len(out) >= MAX_ENTRIES:
                    return out
    return out


def corrections(reports: list[dict]) -> list[Correction]:
    """The corrections of the data these reports come from, newest first (none outside git)."""
    folder = data_folder(reports)
    top = _git_top(folder) if folder else None
    if top is None:
        return []
    report_ids = {}
    for report in reports:
        path = Path(report["source"]["path"]).resolve()
        for suffix in (".yml", ".yaml"):
            with contextlib.suppress(ValueError):
                report_ids[path.with_suffix(suffix).relative_to(top).as_posix()] = report["id"]
    try:
        rel = folder.relative_to(top).as_posix()
    except ValueError:
        return []
    return parse_log(_log(top, rel), report_ids)
