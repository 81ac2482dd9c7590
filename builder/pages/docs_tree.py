"""The generated docs folder, kept between builds and written incrementally.

    tree = DocsTree(docs, state_file)
    if not tree.unchanged(key, inputs_hash):          # same inputs as last build: its files stay
        tree.put(key, inputs_hash, {path: content})   # content: str, bytes, or a Path to copy
    tree.prune()                                      # files no part of this build wrote or kept

A file is rewritten only when its bytes change, so an unchanged page keeps its mtime and
``mkdocs build --dirty`` (which compares a page's mtime with its HTML's) renders only the pages
that changed. A group of files (an agency's page with its downloads, a region page, one year of
the datasets) is skipped altogether when the hash of its inputs is the one recorded last time.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from builder.files import write_text_atomic
from builder.pages.common import Content

PACKAGE = Path(__file__).resolve().parents[1]
_SUFFIXES = (".py", ".csv", ".tsv", ".json", ".txt", ".yml", ".yaml")
# Libraries whose output is in the pages' bytes: chart specs (Altair), fallback slugs (pypinyin), the
# Parquet downloads (pyarrow), the workbooks (xlsxwriter), Markdown written for MkDocs Material.
OUTPUT_LIBRARIES = ("altair", "pypinyin", "pypinyin-dict", "pyarrow", "pandas", "xlsxwriter")


def output_fingerprint() -> str:
    """sha256 of every source and data file of builder/: any change of code may change a page, so every
    group's inputs hash includes it (the parse cache keeps its own, narrower key)."""
    from importlib import metadata

    digest = hashlib.sha256()
    for library in OUTPUT_LIBRARIES:
        try:
            digest.update(f"{library}=={metadata.version(library)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} absent\n".encode())
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE).as_posix()
        if path.is_file() and path.suffix in _SUFFIXES and "__pycache__" not in rel:
            digest.update(f"{rel}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def content_hash(*parts) -> str:
    """sha256 of JSON-serialisable inputs (reports, strings), in a stable order."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(json.dumps(part, sort_keys=True, ensure_ascii=False, default=str).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def write_if_changed(path: Path, content: Content) -> bool:
    """Write (or copy) content to path unless path already holds exactly these bytes. True if written."""
    if isinstance(content, Path):
        if path.is_file() and path.stat().st_size == content.stat().st_size and path.read_bytes() == content.read_bytes():
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(content, path)
        return True
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    if isinstance(content, str):
        write_text_atomic(path, content)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return True


class DocsTree:
    def __init__(self, root: Path, state_file: Path):
        self.root = Path(root)
        self._root_prefix = os.path.join(os.fspath(self.root), "")
        self.state_file = Path(state_file)
        try:
            self._previous: dict = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._previous = {}
        if not isinstance(self._previous, dict):
            self._previous = {}
        # Present while a build writes into root: found at the start, the last build was interrupted and
        # may have left files no state lists, so prune walks the whole folder instead of comparing states.
        self._building = self.state_file.with_name(self.state_file.name + ".building")
        self._walk = not self._previous or self._building.exists()
        self._building.parent.mkdir(parents=True, exist_ok=True)
        self._building.touch()
        self._groups: dict[str, dict] = {}  # this build's: key → {"hash": …, "files": [...]}
        self.written: list[str] = []  # docs-relative paths written (new or changed) by this build

    def unchanged(self, key: str, inputs: str) -> bool:
        """True, and the group's files kept, when its inputs hash is last build's and its files are all there."""
        old = self._previous.get(key)
        if not old or old.get("hash") != inputs:
            return False
        # (os.path on strings: pathlib's joins and stats of every file of every group were a tenth of
        # what a one-report rebuild's agency pages cost at N = 1,000)
        root = self._root_prefix
        if not all(os.path.isfile(root + f) for f in old.get("files", [])):
            return False
        self._groups[key] = old
        return True

    def same_inputs(self, key: str, inputs: str) -> bool:
        """Whether a group's inputs hash is last build's (its files unchecked, nothing kept: see unchanged)."""
        old = self._previous.get(key)
        return bool(old) and old.get("hash") == inputs

    def mark(self) -> tuple[frozenset, int]:
        """Where this build is, for changes_since: the groups it holds, the files it wrote."""
        return frozenset(self._groups), len(self.written)

    def changes_since(self, mark: tuple[frozenset, int]) -> dict:
        """The groups held and the files written since mark (a tree's work done in another process: merge)."""
        held, written = mark
        return {"groups": {k: v for k, v in self._groups.items() if k not in held}, "written": self.written[written:]}

    def merge(self, changes: dict) -> None:
        self._groups.update(changes["groups"])
        self.written.extend(changes["written"])

    def put(self, key: str, inputs: str | None, files: dict[str, Content]) -> list[str]:
        """Write a group's files (each only if its bytes changed); inputs None: never skipped next time."""
        for rel, content in files.items():
            if write_if_changed(self.root / rel, content):
                self.written.append(rel)
        self._groups[key] = {"hash": inputs, "files": sorted(files)}
        return list(files)

    def drop(self, key: str) -> None:
        """Forget a group (its files are pruned unless another group holds them)."""
        self._groups.pop(key, None)

    def files(self) -> set[str]:
        return {f for group in self._groups.values() for f in group["files"]}

    def prune(self) -> list[str]:
        """Remove every file under root that no group of this build holds, and empty folders; save the state.
        After a finished build only the files of the last state are candidates (walking a folder of
        thousands of pages costs more than a whole incremental build's other bookkeeping)."""
        keep = self.files()
        if self._walk:
            removed = self._prune_walk(keep)
        else:
            removed = sorted({f for group in self._previous.values() for f in group.get("files", [])} - keep)
            for rel in removed:
                (self.root / rel).unlink(missing_ok=True)
                folder = (self.root / rel).parent
                while folder != self.root and folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
                    folder = folder.parent
        write_text_atomic(self.state_file, json.dumps(self._groups, ensure_ascii=False))
        self._building.unlink(missing_ok=True)
        return removed

    def _prune_walk(self, keep: set[str]) -> list[str]:
        removed = []
        for dirpath, _dirs, names in os.walk(self.root, topdown=False):
            folder = Path(dirpath)
            for name in names:
                rel = (folder / name).relative_to(self.root).as_posix()
                if rel not in keep:
                    (folder / name).unlink()
                    removed.append(rel)
            if folder != self.root and not any(folder.iterdir()):
                folder.rmdir()
        return removed
