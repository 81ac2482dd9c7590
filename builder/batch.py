"""Many reports at once: find them, parse each in an isolated worker, cache the results.

Parsing is a pure function of a report's bytes, its sidecar and the parsing code, so its result
is cached under a key made of exactly those (the way owid/etl checksums a step's inputs): the
file's bytes, the sidecar's bytes, a hash of the parsing code and template data, and the
versions of the libraries that parse. A change to any of them re-parses; nothing else does.

Every report is parsed in a worker process with a time limit and a memory limit (pebble's
process pool kills a worker that runs over; the standard library's pool cannot), so one hostile
or broken file costs at most its limits and becomes a ``Failure`` while every other report is
still published. Three kinds of failure are told apart:

- the file cannot be read as a report (``ReportError``): cached, the file will not change its mind;
- our own code crashed (a bug): "内部错误，请报告" with the path, never cached;
- the worker ran out of time or memory: not cached (the machine may just have been busy).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import json
import logging
import os
import stat
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata as importlib_metadata
from pathlib import Path

from builder import cache_format
from builder.errors import EnvironmentProblem, ReportError
from builder.files import write_text_atomic
from builder.progress import Progress, ProgressEvent

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class WorkerLimits:
    """What one report's parse may cost before it is stopped."""

    # A real report parses in well under 10 s here, an OCR'd scan in under a minute; a file that takes
    # minutes is hostile or hits a bug, and must not hold a build (or CI's 30 minutes) hostage.
    seconds: float = 180.0
    # Address space one report may add to a worker (RLIMIT_AS, above what the parser's libraries take
    # to load): the largest real PDFs peak near 1 GB in pdfminer; a zip or YAML bomb stops here with
    # MemoryError instead of taking the machine. RLIMIT_AS counts reservations too, hence the headroom.
    memory_bytes: int = 3 << 30


DEFAULT_WORKER_LIMITS = WorkerLimits()


@dataclass(frozen=True)
class Failure:
    path: str  # the report file, as found under data/
    error: str  # one line: why it is not in the dataset
    kind: str = "report"  # report (the file) | internal (our bug) | limit (time or memory)


@dataclass
class Collection:
    reports: list[dict] = field(default_factory=list)  # sorted by agency, then year; without "provenance"
    failures: list[Failure] = field(default_factory=list)
    parsed: int = 0  # how many were parsed now (the rest came from the cache)
    root: Path | None = None  # the data folder: pages name a file relative to it, not by this machine's path
    # report file (its source.path) → its parse's cache key: what its parse result is a function of (the
    # site hashes a report from it and the few fields set after the parse, not from the whole record)
    keys: dict[str, str] = field(default_factory=dict)
    # Where each record's provenance is kept: the parse cache's folder of provenance files (one read per
    # report when a page or a download of its group is written), and, for a report parsed without a
    # cache, the provenance itself by report file. Apart from the records because it is two thirds of
    # a record in memory and only a report's own group reads it (issue 9: 100,000 reports on one runner).
    provenance_dir: Path | None = None
    aside: dict[str, dict] = field(default_factory=dict, repr=False)

    def shown_path(self, path: str) -> str:
        """path as a page shows it: relative to the data folder when under it, else the file name."""
        try:
            return Path(path).resolve().relative_to(self.root).as_posix() if self.root else Path(path).name
        except (ValueError, OSError):
            return Path(path).name

    def provenance(self, report: dict) -> dict:
        """The record's provenance (builder/record.py: where each value was printed), read afresh from
        the parse cache, not kept: {} when the report has none or it cannot be read (an interrupted
        write, a cache folder removed during the build: the page then has no 第 N 页 links, nothing else)."""
        provenance = self.readable_provenance(report)
        return {} if provenance is None else provenance

    def readable_provenance(self, report: dict, interned: bool = True) -> dict | None:
        """The record's provenance as provenance() reads it, but None when its file cannot be read: what is
        made of it then must not be kept as if it were the report's (builder/site.py's downloads' pieces).
        interned False: its keys not shared (for a reader that lets go of it at once: half the time)."""
        path = report.get("source", {}).get("path")
        if path in self.aside:
            return self.aside[path]
        key = self.keys.get(path)
        if key is None or self.provenance_dir is None:
            return report.get("provenance") or {}
        provenance = _read_provenance(self.provenance_dir / f"{key}.json", interned)
        if provenance is None:
            log.warning("provenance unreadable for %s (%s)", path, key)
        return provenance

    def part(self, reports: list[dict]) -> Collection:
        """A Collection of these reports alone, able to read their provenance: what a worker writing
        one group is sent instead of the whole collection."""
        paths = [r["source"]["path"] for r in reports]
        return Collection(reports=list(reports), root=self.root, provenance_dir=self.provenance_dir,
                          keys={p: self.keys[p] for p in paths if p in self.keys},
                          aside={p: self.aside[p] for p in paths if p in self.aside})

    def with_provenance(self, reports: list[dict]) -> list[dict]:
        """Shallow copies of reports carrying their "provenance": for the writers of one group (an
        agency's pages and places files, a chunk's provenance.parquet), never the whole collection."""
        return [{**report, "provenance": self.provenance(report)} for report in reports]


# ---------------------------------------------------------------- which files


def files_under(root: Path) -> list[Path]:
    """Every report file (a format the readers know) under root; not sidecars, hidden files or symbolic
    links (a link could publish any file of the machine)."""
    return [path for path, _sidecar in _listing(root)]


# The names a report's sidecar may have, in the order builder.sidecar.sidecar_path tries them.
def _sidecar_names(name: str) -> tuple[str, str, str]:
    stem = name.rpartition(".")[0] or name
    return f"{stem}.yml", f"{stem}.yaml", f"{name}.yml"


def _listing(root: Path) -> list[tuple[Path, Path | None]]:
    """(report file, its sidecar or None) for every report file under root, in files_under's order.

    One walk of the folders (os.scandir: a folder's listing says which names are files and links
    without a stat each), the sidecar found in the listing of the report's own folder, as sidecar_path
    finds it (the first of its names that is a file, a link to one included: it is refused later).
    pathlib's rglob with is_symlink, is_file and sidecar_path's three stats a report cost a cached
    scan a fifth of its time at N = 1,000."""
    from builder.read import READERS

    found: list[tuple[tuple[str, ...], str, Path | None]] = []
    todo = [(os.fspath(root), ())]
    while todo:
        folder, parts = todo.pop()
        try:
            with os.scandir(folder) as listing:
                entries = {entry.name: entry for entry in listing}
        except OSError:  # gone or unreadable since its parent was listed: as rglob, nothing under it
            continue
        for name, entry in entries.items():
            try:
                if entry.is_dir(follow_symlinks=False):
                    todo.append((entry.path, (*parts, name)))
                    continue
                if (name.startswith(".") or os.path.splitext(name)[1].lower() not in READERS
                        or entry.is_symlink() or not entry.is_file()):
                    continue
                sidecar = next((entries[c].path for c in _sidecar_names(name)
                                if c in entries and entries[c].is_file()), None)
            except OSError:
                continue
            found.append(((*parts, name), entry.path, Path(sidecar) if sidecar else None))
    # Path's order (part by part), as sorted(rglob) gave: the order in which duplicates are told apart.
    found.sort(key=lambda item: item[0])
    return [(Path(path), sidecar) for _parts, path, sidecar in found]


def report_files(data_dir: Path) -> list[Path]:
    """Every report under data/reports/ (or data/ itself)."""
    return [path for path, _sidecar in _report_listing(data_dir)]


def _report_listing(data_dir: Path) -> list[tuple[Path, Path | None]]:
    root = data_dir / "reports" if (data_dir / "reports").is_dir() else data_dir
    if not root.is_dir():
        raise ReportError(f"找不到数据目录 data folder not found: {data_dir}")
    return _listing(root)


# ---------------------------------------------------------------- the cache key


# What does not change a parse result: the output side of the package.
_NOT_PARSING = ("pages/", "export/", "site.py", "search.py", "cli.py", "render.py", "contribute/", "__main__.py", "page_spill.py",
               "progress.py", "frames.py", "__init__.py")
_CODE_SUFFIXES = (".py", ".csv", ".tsv", ".json", ".txt", ".yml", ".yaml")
# The libraries whose behaviour is part of a parse (a new pdfminer may read a page differently).
PARSING_LIBRARIES = ("pdfplumber", "pdfminer.six", "pypdfium2", "python-docx", "lxml", "beautifulsoup4",
                     "charset-normalizer", "rapidfuzz", "cpca", "pyahocorasick", "pypinyin", "pypinyin-dict", "cn2an", "jieba",
                     "PyYAML", "python-calamine", "rapidocr-onnxruntime", "onnxruntime", "opencv-python", "numpy",
                     "pillow", "reportlab")


def code_fingerprint(package: Path = PACKAGE) -> str:
    """sha256 of the parsing code and template data under package/, and of the parsing libraries' versions."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        rel = path.relative_to(package).as_posix()
        if (not path.is_file() or path.suffix not in _CODE_SUFFIXES or "__pycache__" in rel
                or rel.startswith(_NOT_PARSING)):
            continue
        digest.update(f"{rel}\n".encode())
        digest.update(path.read_bytes())
    for name in PARSING_LIBRARIES:
        try:
            version = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}=={version}\n".encode())
    return digest.hexdigest()


@cache
def _fingerprint() -> str:
    return code_fingerprint()


def cache_key(path: Path) -> str:
    from builder.sidecar import MAX_BYTES, sidecar_path

    digest = hashlib.sha256()
    digest.update(f"parser {_fingerprint()}\n".encode())
    digest.update(f"name {path.name}\n".encode())  # an agency-less report takes its id from its file name
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    sidecar = sidecar_path(path)
    if sidecar is not None:  # (its name too: a sidecar's error names it, and it may be any of three)
        digest.update(f"\nsidecar name {sidecar.name}".encode())
    if sidecar is not None and sidecar.is_symlink():
        # Refused by the loader whatever it points at (builder/sidecar.py): not read, and never the key of
        # the file it replaced (a link to a copy of it got that file's cached record).
        digest.update(b"\nsidecar is a symbolic link\n")
    elif sidecar is not None:
        # What the loader reads: a sidecar over the cap is refused whatever follows, so never more than that.
        with sidecar.open("rb") as fh:
            digest.update(b"\nsidecar\n" + fh.read(MAX_BYTES + 1))
    return digest.hexdigest()


# The parse cache (cache_dir/):
#   parse/<key>.json        ["ok", record without its provenance] or ["error", one line]
#   provenance/<key>.json   the record's provenance (written first: a record file means both are there)
#   parse-index.msgpack     which key each report file had, by what os.stat says of it and its sidecar, and
#                           by its git blob id (builder.cache_format: authenticated, as every kept file)
PARSE_DIR, PROVENANCE_DIR, INDEX_FILE = "parse", "provenance", "parse-index.msgpack"
OLD_INDEX_FILE = "parse-index.json"  # (until stop 23: unauthenticated JSON; never read, removed when the index is written)
_INDEX_KIND, _INDEX_FORMAT = 9, 1  # (builder.cache_format's kind byte: the stat index)


def _read_cached(target: Path) -> tuple[str, dict | str] | None:
    """A cached result, or None when there is none or it is unreadable (an interrupted write, a stray file)."""
    try:
        status, result = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return None
    if status == "ok" and isinstance(result, dict) or status == "error" and isinstance(result, str):
        return status, result
    return None


def read_cached_parse(cache_dir: Path, key: str | None) -> tuple[str, dict | str] | None:
    """The parse cache's verdict on the report of this key (a record without its provenance), or None."""
    return _read_cached(Path(cache_dir) / PARSE_DIR / f"{key}.json") if key else None


def _read_provenance(target: Path, interned: bool = True) -> dict | None:
    try:
        provenance = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(provenance, dict):
        return None
    return _interned(provenance) if interned else provenance


def _write_cached(target: Path, value: tuple[str, dict | str]) -> None:
    write_text_atomic(target, json.dumps(value, ensure_ascii=False))


def _write_result(cache_dir: Path, key: str, status: str, result: dict | str) -> None:
    """A verdict into the cache: an ok record's provenance to its own file first, then the record."""
    if status == "ok":
        write_text_atomic(cache_dir / PROVENANCE_DIR / f"{key}.json",
                          json.dumps(result.get("provenance") or {}, ensure_ascii=False))
        result = {k: v for k, v in result.items() if k != "provenance"}
    _write_cached(cache_dir / PARSE_DIR / f"{key}.json", (status, result))


def _shared_keys(value: dict) -> dict:
    return {sys.intern(k): v for k, v in value.items()}


def _interned(record: dict) -> dict:
    """record with its keys interned, and those of its dicts and of the dicts in its lists (values, raw,
    checks, …; provenance's entries): a few hundred strings (field ids, "raw", "page", …) repeated in
    every report, of which each json.loads makes its own copies (measured at N = 1,000: a record without
    provenance 36 KB in memory, 18 KB with shared keys). Two levels, not a walk of the whole record:
    the deeper dicts are few, and walking the texts too cost a third of a cached scan."""
    out = {}
    for key, value in record.items():
        if isinstance(value, dict):
            value = {sys.intern(k): _shared_keys(v) if isinstance(v, dict) else v for k, v in value.items()}
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            value = [_shared_keys(v) if isinstance(v, dict) else v for v in value]
        out[sys.intern(key)] = value
    return out


# ---------------------------------------------------------------- the stat index


_UNKNOWN = object()


def _signature(path: Path, sidecar=_UNKNOWN) -> list | None:
    """What os.stat says of a report file and its sidecar: [size, mtime_ns, ctime_ns, inode, device] of
    each (the sidecar's path too). Any write to a file changes its ctime, which no tool can set back;
    a file replaced by another has another inode. None for a symbolic link (its target may change
    without the link changing): always hashed. sidecar: the report's sidecar (or None) when the
    caller has found it already (_listing), else found here."""
    if sidecar is _UNKNOWN:
        from builder.sidecar import sidecar_path

        sidecar = sidecar_path(path)
    stats = [os.lstat(path)]
    if sidecar is not None:
        stats.append(os.lstat(sidecar))
    if any(stat.S_ISLNK(st.st_mode) for st in stats):
        return None
    return [sidecar.name if sidecar is not None else None,
            *([st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev] for st in stats)]


# An entry stated less than this before the index is written is not trusted next time (it is hashed
# again): a file written again within the same timestamp tick, at the same size, would state alike
# (git's "racily clean" entries).
RACY_NS = 2_000_000_000


# More files than this unknown to the stat index (a fresh checkout: CI), and git's index is asked for their blob ids
# (builder.git_blobs): fewer are hashed faster than git runs. (The early forks' bound: a one-add never runs git.)
GIT_FROM = 8


def read_stat_index(target: Path):
    """The stat index file's content as StatIndex.save wrote it; None when there is none or it is not one a build
    wrote whole under this state key (builder.cache_format: planted, altered, cut short): every file is hashed."""
    try:
        with cache_format.paused_collection():
            return cache_format.read(target, _INDEX_KIND, _INDEX_FORMAT)
    except (OSError, cache_format.CacheUnreadable):
        return None


class StatIndex:
    """Each report file's cache key by its signature, kept between builds so that an unchanged file is
    not read and hashed again (the way git's index and make trust stat information): a key is reused
    only when the parsing code's fingerprint, the file's path and every number of its signature (and
    its sidecar's) are the same, else the file is hashed (cache_key). And by what git's index says of
    the file (builder.git_blobs): its name and blob id, its sidecar's name and blob id, for a checkout
    where no stat is as it was."""

    def __init__(self, target: Path, fingerprint: str):
        self.target, self.fingerprint = target, fingerprint
        self.entries: dict[str, list] = {}
        self.seen: dict[str, list] = {}
        self.blobs: dict[str, str] = {}  # "name, blob id, sidecar name, its blob id" → key (kept)
        self.seen_blobs: dict[str, str] = {}
        self.hashed = 0  # how many keys this scan hashed (not found in the index)
        self.current = False  # the file holds this code's index (so an equal scan need not rewrite it)
        self._signatures: dict[str, list | None] = {}  # (known()'s, for resolve())
        data = read_stat_index(target)
        if isinstance(data, dict) and data.get("fingerprint") == fingerprint and isinstance(data.get("files"), dict):
            self.entries, self.current = data["files"], True
            blobs = data.get("blobs", {})
            self.blobs = blobs if isinstance(blobs, dict) else {}

    def key(self, path: Path, sidecar=_UNKNOWN) -> str:
        """path's cache key: from the index when its signature is unchanged, else hashed. sidecar: as
        _signature's."""
        known = self.known(path, sidecar)
        return known if known is not None else self.resolve(path, sidecar, {})

    def known(self, path: Path, sidecar=_UNKNOWN) -> str | None:
        """path's cache key when its signature is the index's, else None (then resolve())."""
        name = os.path.abspath(path)
        signature = _signature(path, sidecar)
        entry = self.entries.get(name)
        if signature is not None and isinstance(entry, list) and len(entry) == 2 and entry[0] == signature and type(entry[1]) is str:
            self.seen[name] = [signature, entry[1]]
            return entry[1]
        self._signatures[name] = signature
        return None

    def resolve(self, path: Path, sidecar, blobs: dict[str, str]) -> str:
        """The cache key of a file known() did not know: by its blob id and its sidecar's (blobs: path →
        blob id, builder.git_blobs, spelt as the listing spells path) when a scan of this code saw them, else
        hashed."""
        name = os.path.abspath(path)
        signature = self._signatures.pop(name) if name in self._signatures else _signature(path, sidecar)
        if sidecar is _UNKNOWN:
            from builder.sidecar import sidecar_path

            sidecar = sidecar_path(path)
        by_blob = None
        blob = blobs.get(os.fspath(path)) if blobs else None
        side_blob = blobs.get(os.fspath(sidecar)) if blob and sidecar is not None else ""
        if blob and side_blob is not None and signature is not None:  # (a link: always hashed)
            by_blob = "\0".join((path.name, blob, sidecar.name if sidecar is not None else "", side_blob))
        key = self.blobs.get(by_blob) if by_blob else None
        if type(key) is not str:
            key = cache_key(path)
            self.hashed += 1
        if by_blob:
            self.seen_blobs[by_blob] = key
        if signature is not None:
            self.seen[name] = [signature, key]
        return key

    def save(self) -> None:
        """The entries of this scan, less the racy ones (a signature younger than RACY_NS), and the blob ids
        kept (those of this scan's files, and the others while they are few: a checkout's files are seen by
        blob id only when many are new, so a local build keeps the last checkout's)."""
        now = time.time_ns()
        files = {name: entry for name, entry in self.seen.items()
                 if all(now - st[2] > RACY_NS and now - st[1] > RACY_NS for st in entry[0][1:])}
        blobs = self.seen_blobs if len(self.blobs) > 2 * len(files) + 64 else {**self.blobs, **self.seen_blobs}
        if self.current and files == self.entries and blobs == self.blobs:  # nothing new: not rewritten
            return  # (~25 MB at 100,000 reports)
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            cache_format.write_whole(self.target, cache_format.dumps(
                {"fingerprint": self.fingerprint, "files": files, "blobs": blobs}, _INDEX_KIND, _INDEX_FORMAT))
            (self.target.parent / OLD_INDEX_FILE).unlink(missing_ok=True)
        except OSError as exc:  # a read-only cache still gives keys; the next build hashes again
            log.warning("parse index not written: %s", exc)


# ---------------------------------------------------------------- parsing in isolated workers


def worker_context():
    """Worker processes start from a clean server process, not a fork of this one: a fork of a process
    holding threads and their locks (onnxruntime's for OCR, a Dask client's, a thread pool's) can
    deadlock in the child."""
    import multiprocessing

    return multiprocessing.get_context("forkserver")


# At most this many reports to parse (an incremental build's), the workers are forks of this process with
# the parser already loaded: starting a clean one costs more than the parse of a text report.
FORK_UP_TO = 8


def _parse_context(count: int):
    """worker_context(), or for a few reports, when this process runs no other thread (so no lock can be
    held by a thread that the fork leaves behind), a fork of it: the same limits hold in the worker
    (_start_worker caps its address space at what it has loaded plus the budget, pebble its time)."""
    import multiprocessing
    import threading

    if count > FORK_UP_TO or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return worker_context()
    # (builder.parse is not loaded here for the fork to inherit: the child loads it, while this process
    # goes on reading the record snapshot: collect_reports starts these parses before it)
    return multiprocessing.get_context("fork")


def internal_error(path: str | Path, exc: BaseException) -> str:
    """The one line for a bug in our code: say it is ours, and where."""
    return f"内部错误，请报告 internal error, please report it: {Path(path).as_posix()} ({type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:160]})"


def _start_worker(memory_bytes: int) -> None:
    """Load the parser first, then cap the address space at what is loaded plus the budget: the budget
    is what one report may add, whatever the libraries cost to import."""
    import resource
    import signal
    import sys

    import builder.parse  # noqa: F401

    gc.enable()  # (a fork of a scan has it paused: builder.batch's collect_reports; a parse makes cycles)

    # pebble ends a worker over its time with SIGTERM, whose default handler exits at once: raise
    # SystemExit instead, so finally blocks remove temporary folders and kill LibreOffice or the
    # spreadsheet child within pebble's grace period.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    if memory_bytes:
        loaded = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = loaded + memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


def _out_of_memory(exc: BaseException | None) -> bool:
    """MemoryError, or an error caused by one, or a library that could not be loaded for want of address
    space (the dynamic loader's "failed to map segment")."""
    while exc is not None:
        if isinstance(exc, MemoryError) or isinstance(exc, ImportError) and "failed to map segment" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _parse_one(path: str) -> tuple[str, dict | str]:
    """Runs in a worker: ("ok", report), ("error", one line: the file) or ("internal", one line: our bug)."""
    from builder.parse import parse_report

    try:
        return "ok", parse_report(path)
    except EnvironmentProblem as exc:
        return "environment", str(exc)
    except ReportError as exc:
        return "error", str(exc)
    except Exception as exc:  # a bug must not stop the other 999 reports; the failures page shows it
        if _out_of_memory(exc):
            return "limit", "内存超出限制 over the memory limit for one report"
        return "internal", internal_error(path, exc)


# The Dask scheduler to parse on (tcp://host:port), for the code under `with on_scheduler(…)`; None: here.
SCHEDULER: ContextVar[str | None] = ContextVar("scheduler", default=None)


@contextmanager
def on_scheduler(address: str | None):
    """Parse on the Dask distributed scheduler at address (None: the local process pool) inside the block:
    how `build --scheduler` reaches collect_reports through the site build without a new argument."""
    token = SCHEDULER.set(address)
    try:
        yield
    finally:
        SCHEDULER.reset(token)


def parse_isolated(paths: Iterable[Path], *, jobs: int = 0, limits: WorkerLimits = DEFAULT_WORKER_LIMITS,
                   scheduler: str | None = None, progress: Progress | None = None
                   ) -> Iterator[tuple[Path, tuple[str, dict | str]]]:
    """(path, (status, result)) for every path, in the order given, each parsed in a worker process
    under the limits; status is ok | error (the file) | internal (our bug) | limit | environment (the
    machine: a converter missing or too slow). With a scheduler (or inside on_scheduler), on Dask.
    progress(ProgressEvent("parse", …)) after each."""
    paths = list(paths)
    if not paths:
        return
    scheduler = scheduler or SCHEDULER.get()
    results = _parse_on_dask(paths, scheduler, limits) if scheduler else _parse_in_pool(paths, jobs, limits)
    for done, (path, result) in enumerate(results, start=1):
        if progress:
            progress(ProgressEvent("parse", done, len(paths), path))
        yield path, result


def _timed_out(limits: WorkerLimits) -> tuple[str, str]:
    return "limit", f"解析超时（超过 {limits.seconds:g} 秒） parse took longer than {limits.seconds:g} s"


def _died(detail: str) -> tuple[str, str]:
    return "limit", f"解析进程异常退出 the parsing process died ({detail})"


def _parse_in_pool(paths: list[Path], jobs: int, limits: WorkerLimits) -> Iterator[tuple[Path, tuple[str, dict | str]]]:
    from pebble import ProcessPool

    workers = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    with ProcessPool(max_workers=workers, initializer=_start_worker, initargs=(limits.memory_bytes,),
                     context=_parse_context(len(paths))) as pool:
        futures = deque(pool.schedule(_parse_learning, args=(p.as_posix(),), timeout=limits.seconds) for p in paths)
        yield from _results(futures, paths, limits)


def _results(futures: deque, paths: list[Path], limits: WorkerLimits) -> Iterator[tuple[Path, tuple[str, dict | str]]]:
    from pebble import ProcessExpired

    for path in paths:
        # Let go of each future once read: a future keeps its result (a whole record, provenance and
        # all) for as long as it is referenced, and the list of them held every result to the end.
        future = futures.popleft()
        try:
            result = future.result()
            if len(result) == 3:  # (_parse_learning's)
                from builder import readings

                readings.LEARNED.update((k, v) for k, v in result[2].items() if type(k) is str and type(v) is str)
                result = result[:2]
        except FutureTimeout:
            result = _timed_out(limits)
        except ProcessExpired as exc:  # killed: out of memory, a crash in a C library
            result = _died(f"exit code {exc.exitcode}")
        except Exception as exc:  # the result could not come back (unpicklable, …): ours
            result = ("internal", internal_error(path, exc))
        yield path, result


def _parse_limited(path: str, memory_bytes: int) -> tuple[str, dict | str]:
    """One report's parse in a process of its own, under the memory limit (_start_worker's)."""
    _start_worker(memory_bytes)
    return _parse_learning(path)


def _parse_learning(path: str) -> tuple[str, dict | str, dict[str, str]]:
    """_parse_one's result and the pinyin readings this worker made for it (builder.readings.LEARNED): _results
    gives them to this process, whose pages read the same new names (an agency page's search words) without
    loading the dictionaries again (~1 s of CPU)."""
    from builder import readings

    before = set(readings.LEARNED)
    status, result = _parse_one(path)
    return status, result, {k: v for k, v in readings.LEARNED.items() if k not in before}


def _forked_parses(paths: list[Path], limits: WorkerLimits) -> deque | None:
    """Each path's parse started at once in a fork of this process of its own (pebble.concurrent.process:
    forked in this thread, killed past limits.seconds, its address space capped as a pool worker's), or
    None when a fork is not safe here (_parse_context)."""
    from pebble import concurrent

    context = _parse_context(len(paths))
    if context.get_start_method() != "fork":
        return None
    parse = concurrent.process(timeout=limits.seconds, mp_context=context)(_parse_limited)
    return deque(parse(p.as_posix(), limits.memory_bytes) for p in paths)


# ---------------------------------------------------------------- parsing on Dask


def _shipment(path: Path) -> tuple[str, bytes, tuple[str, bytes] | None]:
    """What a parse depends on, to send to a worker that cannot see data/: the file's name and bytes,
    and its sidecar's (the same bytes cache_key hashes)."""
    from builder.sidecar import MAX_BYTES, sidecar_path

    sidecar = sidecar_path(path)
    # The bytes are written as plain files on the worker, where the readers' own refusals of links
    # cannot see them: a link could ship, and publish, any file of this machine.
    if path.is_symlink():
        raise ReportError("报告文件不能是符号链接 a report must not be a symbolic link")
    if sidecar is not None and sidecar.is_symlink():
        raise ReportError("附属文件不能是符号链接 sidecar must not be a symbolic link")
    if sidecar is not None:
        with sidecar.open("rb") as fh:
            sidecar_bytes = (os.path.relpath(sidecar, path.parent), fh.read(MAX_BYTES + 1))
    else:
        sidecar_bytes = None
    return path.name, path.read_bytes(), sidecar_bytes


def parse_shipped(shown: str, name: str, content: bytes, sidecar: tuple[str, bytes] | None,
                  limits: WorkerLimits) -> tuple[str, dict | str]:
    """Runs on a Dask worker: the report and its sidecar written to a folder of their own and parsed there
    in a child process under the same WorkerLimits as a local worker (killed past limits.seconds, its
    address space capped at what the parser loads plus limits.memory_bytes). A child process, not a pebble
    pool: Dask's worker processes are daemonic and multiprocessing refuses them children. `shown` is the
    path the result names (the file's path on the machine that asked)."""
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory(prefix="builder-parse-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        if sidecar is not None:
            (Path(folder) / sidecar[0]).write_bytes(sidecar[1])
        answer = Path(folder) / ".result.json"
        try:
            done = subprocess.run([sys.executable, "-m", "builder.batch", path, answer, str(limits.memory_bytes)],
                                  capture_output=True, timeout=limits.seconds, check=False)
        except subprocess.TimeoutExpired:  # run() has killed it
            return _timed_out(limits)
        if done.returncode != 0 or not answer.is_file():
            return _child_failed(done.returncode, done.stderr, shown)
        status, result = json.loads(answer.read_text(encoding="utf-8"))
    if status == "ok":
        return status, {**result, "source": {**result["source"], "path": shown}}
    return status, result.replace(path.as_posix(), shown)


def _child_failed(returncode: int, stderr: bytes, shown: str) -> tuple[str, str]:
    """Why a Dask task's parsing child gave no result. A Python traceback on its stderr (outside the parse,
    which catches its own: the child's start, its answer's write) is our bug, said as one; MemoryError
    or a child killed by a signal (the kernel, the address-space cap hit in C) is a limit."""
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    if returncode > 0 and "Traceback (most recent call last):" in lines:
        last = lines[-1]
        if not last.startswith("MemoryError"):
            return "internal", (f"内部错误，请报告 internal error, please report it: {Path(shown).as_posix()} "
                                f"({last[:160]})")
        return "limit", "内存超出限制 over the memory limit for one report"
    return _died(f"exit code {returncode}")


# Tasks submitted ahead of the result awaited: the client holds their bytes, not every report's at once.
IN_FLIGHT = 64


def _submit(client, path: Path, limits: WorkerLimits):
    """A Dask future for path, or at once the (status, result) of a file that cannot be shipped."""
    try:
        return client.submit(parse_shipped, path.as_posix(), *_shipment(path), limits, pure=False)
    except ReportError as exc:
        return "error", str(exc)
    except OSError as exc:  # gone or unreadable since it was listed
        return "error", f"无法读取文件 cannot read the file: {exc.strerror}"


def _parse_on_dask(paths: list[Path], address: str, limits: WorkerLimits
                   ) -> Iterator[tuple[Path, tuple[str, dict | str]]]:
    """Each path a task on the Dask distributed scheduler at address, results in the order given, at
    most IN_FLIGHT submitted ahead.

    The limits hold inside each task (parse_shipped). Dask adds its own: a worker started with
    --memory-limit is restarted by its nanny past 95% of it, and a task whose workers keep dying is
    given up as KilledWorker, a "limit" failure like a killed local worker."""
    from distributed import Client, KilledWorker

    try:
        client = Client(address, set_as_default=False, timeout=30)
    except (OSError, TimeoutError) as exc:  # the machine, not our code nor the files
        raise EnvironmentProblem(f"无法连接 Dask 调度器 cannot reach the Dask scheduler {address}: {exc}") from None
    with client:
        todo = iter(paths)
        pending = deque((path, _submit(client, path, limits)) for path in itertools.islice(todo, IN_FLIGHT))
        while pending:
            path, task = pending.popleft()
            following = next(todo, None)
            if following is not None:
                pending.append((following, _submit(client, following, limits)))
            if isinstance(task, tuple):
                yield path, task
                continue
            try:
                result = task.result()
            except KilledWorker:
                result = _died("Dask: KilledWorker")
            except Exception as exc:  # the task failed outside the parse (unpicklable, a worker without builder)
                result = ("internal", internal_error(path, exc))
            yield path, result


RECORDS_DIR = "records"  # cache_dir/records/<hex digit>.msgpack: the snapshot of the parse results (RecordSnapshot)
_SNAPSHOT_KIND = 1  # (builder.cache_format's kind byte: a snapshot shard)
_SNAPSHOT_FORMAT = 2  # 2: MessagePack (builder.cache_format), the signature with ctime and device; 1 was a pickle
_SNAPSHOT_SUFFIX = ".msgpack"
# A record's dicts of at least this many keys (its values: ~200 field ids) are written as a shape (their keys,
# once a shard) and their values: MessagePack repeats every key in every record, where pickle shared them,
# and decoding the repeated keys made a snapshot twice as slow to read (benchmarks/cache_format.py).
_FOLD_FROM = 8


def _folded(record: dict, shapes: dict) -> tuple[dict, dict]:
    """record without its large dicts (None in their place, so that the keys keep their order), and those
    dicts as key → [shape's index, their values]."""
    top, folded = {}, {}
    for key, value in record.items():
        if type(value) is dict and len(value) >= _FOLD_FROM:
            folded[key] = [shapes.setdefault(tuple(value), len(shapes)), list(value.values())]
            value = None
        top[key] = value
    return top, folded


def _snapshot_entries(data, interned: dict | None = None) -> dict[str, tuple] | None:
    """A shard's entries (key → (signature, (status, result))) from its decoded payload; None when it is not
    the shape _snapshot_payload writes (a planted or foreign file: the shard is a miss). interned: the shapes
    of the shards read before, their keys interned (each of 64 shards holds the same few shapes of ~200 keys:
    interning them afresh each time was a tenth of a snapshot's read)."""
    if not isinstance(data, dict) or not isinstance(data.get("shapes"), list) or not isinstance(data.get("entries"), list):
        return None
    interned = {} if interned is None else interned
    shapes = []
    for shape in data["shapes"]:
        if not isinstance(shape, list) or not all(type(k) is str for k in shape):
            return None
        shape = tuple(shape)
        if shape not in interned:
            interned[shape] = tuple(sys.intern(k) for k in shape)
        shapes.append(interned[shape])
    entries = {}
    for entry in data["entries"]:
        if not (type(entry) is list and len(entry) == 5):
            return None
        key, signature, status, result, folded = entry
        if not (type(key) is str and type(signature) is list and type(folded) is dict
                and (status == "ok" and type(result) is dict or status == "error" and type(result) is str and not folded)):
            return None
        for name, value in folded.items():
            if not (type(value) is list and len(value) == 2 and type(value[0]) is int and 0 <= value[0] < len(shapes)
                    and type(value[1]) is list and len(value[1]) == len(shapes[value[0]]) and result.get(name, 0) is None):
                return None
            result[name] = dict(zip(shapes[value[0]], value[1], strict=True))  # (in its place: the key was there, None)
        entries[key] = (signature, (status, result))
    return entries


def _snapshot_payload(entries: dict[str, tuple]) -> dict:
    shapes: dict[tuple, int] = {}
    out = []
    for key, (signature, (status, result)) in entries.items():
        top, folded = _folded(result, shapes) if status == "ok" else (result, {})
        out.append([key, signature, status, top, folded])
    return {"shapes": [list(shape) for shape in shapes], "entries": out}


def _shard(key: str) -> str:
    """The snapshot shard of a parse key (RecordSnapshot.SHARDS): the top six bits of its first two hex digits."""
    return f"{int(key[:2], 16) >> 2:02x}" if len(key) >= 2 and all(c in "0123456789abcdef" for c in key[:2]) else "00"


class RecordSnapshot:
    """The parse results of the last scan, in 64 files (by the key's top six bits) read whole,
    instead of one JSON file a report: at N = 1,000 a cached scan read 1,000 files and made their dicts
    again (0.4 s of a one-report rebuild; one file a shard, its repeated keys shared, in a tenth of it). An
    entry is a copy of parse/<key>.json, trusted while that file is there at the size it had (read()
    says why not its whole stat), so the per-report files stay the cache and this only spares reading them. A shard is rewritten only when the keys it holds change: one
    report changed rewrites at most two of them, not the whole collection.
    MessagePack (builder.cache_format), not pickle: build state a checkout could carry (a pull request's
    force-added .cache/) must not run code when read; a shard that is not one this build wrote whole is a miss
    (its entries are read from the parse files again). The workflows never take it from a commit either
    (.github/scripts/untracked-build-state.sh)."""

    # 64, by the key's top six bits: one report changed rewrites one or two 64ths of the collection (a sixteenth
    # was 3.3 MB to encode and write at N = 10,000, 33 MB at 100,000). Not more: each shard repeats its records'
    # shapes (~400 keys), and 256 shards made the snapshot's read ~0.05–0.1 s slower at 10,000.
    SHARDS = tuple(f"{i:02x}" for i in range(64))
    FILES = frozenset(f"{shard}{_SNAPSHOT_SUFFIX}" for shard in SHARDS)

    def __init__(self, cache_dir: Path):
        self.folder = cache_dir / RECORDS_DIR
        self.parse_dir = os.fspath(cache_dir / PARSE_DIR)
        self.loaded: dict[str, dict[str, tuple]] = {}  # shard → key → (parse file's stat, (status, result))
        self.used: dict[str, dict[str, tuple]] = {}
        self.changed: set[str] = set()
        interned: dict[tuple, tuple] = {}  # (_snapshot_entries')
        with cache_format.paused_collection():  # (the entries' dicts too: see there)
            for shard in self.SHARDS:
                try:
                    entries = _snapshot_entries(cache_format.read(self.folder / f"{shard}{_SNAPSHOT_SUFFIX}",
                                                                  _SNAPSHOT_KIND, _SNAPSHOT_FORMAT), interned)
                except (OSError, cache_format.CacheUnreadable):  # none yet, or not one we wrote whole: read again
                    continue
                if entries is not None:
                    self.loaded[shard] = entries

    def _stat(self, key: str) -> list | None:
        try:
            st = os.stat(os.path.join(self.parse_dir, f"{key}.json"))
        except OSError:
            return None
        return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]

    def read(self, key: str) -> tuple[str, dict | str] | None:
        """parse/<key>.json's (status, result), from the snapshot while that file is there at the size it had;
        None when there is no such file or it cannot be read.

        Its size alone, not its whole stat: a parse cache restored from a CI cache (actions/cache: tar, new
        inodes and ctimes) made every entry a miss, so every deploy read every parse file again (2.5 s CPU at
        N = 10,000, growing with N) and rewrote the whole snapshot. The entry is the result of its key, which
        names every input of the parse (cache_key), and was written with that file by one build: a file of
        another size (cut short, replaced) is read again; one edited by hand at the same size is not looked at."""
        signature = self._stat(key)
        if signature is None:
            return None
        entry = self.loaded.get(_shard(key), {}).get(key)
        if entry is not None and entry[0][:1] == signature[:1]:
            value = entry[1]
        else:
            value = _read_cached(Path(self.parse_dir) / f"{key}.json")
            if value is None:
                return None
            value = (value[0], _interned(value[1]) if isinstance(value[1], dict) else value[1])
            self.changed.add(_shard(key))
        self.used.setdefault(_shard(key), {})[key] = (signature, value)
        return value

    def put(self, key: str, value: tuple[str, dict | str]) -> None:
        """A result just written to parse/<key>.json (without its provenance)."""
        signature = self._stat(key)
        if signature is not None:
            self.used.setdefault(_shard(key), {})[key] = (signature, value)
            self.changed.add(_shard(key))

    def _drop_other_files(self) -> None:
        """What else is in the folder, never read: format 1's pickles, the sixteenths by one hex digit that the
        shards were until stop 22, stray files (not the partial files of a build writing now: hidden)."""
        try:
            with os.scandir(self.folder) as listing:
                stale = [entry.path for entry in listing if entry.name not in self.FILES and not entry.name.startswith(".")]
        except OSError:  # (none yet)
            return
        for path in stale:
            with contextlib.suppress(OSError):
                os.unlink(path)

    def save(self) -> None:
        """The entries of this scan, each shard rewritten only when what it holds changed. Called before
        the collection's records are altered (ids, cross-year checks): they are the parse's as cached."""
        self._drop_other_files()
        for shard in self.SHARDS:
            entries = self.used.get(shard, {})
            if shard not in self.changed and entries.keys() == self.loaded.get(shard, {}).keys():
                continue
            target = self.folder / f"{shard}{_SNAPSHOT_SUFFIX}"
            try:
                if not entries:
                    target.unlink(missing_ok=True)
                    continue
                self.folder.mkdir(parents=True, exist_ok=True)
                try:
                    with cache_format.paused_collection():
                        data = cache_format.dumps(_snapshot_payload(entries), _SNAPSHOT_KIND, _SNAPSHOT_FORMAT)
                except (TypeError, ValueError, OverflowError) as exc:  # a value JSON has not either: not kept
                    log.warning("record snapshot not written: %s", exc)
                    target.unlink(missing_ok=True)
                    continue
                cache_format.write_whole(target, data)
            except OSError as exc:  # a read-only cache: the next build reads the files again
                log.warning("record snapshot not written: %s", exc)


def _keys(listing: list[tuple[Path, Path | None]], cache_dir: Path | None) -> tuple[dict, dict, int]:
    """(file → cache key, file → why it is unreadable, how many keys were hashed: not in the stat index)."""
    keys: dict[Path, str] = {}
    unreadable: dict[Path, str] = {}
    index = StatIndex(cache_dir / INDEX_FILE, _fingerprint()) if cache_dir else None
    unknown: list[tuple[Path, Path | None]] = []
    for path, sidecar in listing:
        try:
            keys[path] = index.known(path, sidecar) if index else cache_key(path)
        except OSError as exc:  # gone since it was listed, or unreadable: this report fails, not the build
            unreadable[path] = f"无法读取文件 cannot read file ({exc.strerror or type(exc).__name__})"
            continue
        if keys[path] is None:
            unknown.append((path, sidecar))
    if index:
        from builder.git_blobs import blob_ids

        # (the folder that holds them all: git is asked once, of it)
        blobs = blob_ids(Path(os.path.commonpath([p.parent for p, _s in unknown]))) if len(unknown) > GIT_FROM else {}
        for path, sidecar in unknown:
            try:
                keys[path] = index.resolve(path, sidecar, blobs)
            except OSError as exc:
                del keys[path]
                unreadable[path] = f"无法读取文件 cannot read file ({exc.strerror or type(exc).__name__})"
        index.save()
    return keys, unreadable, index.hashed if index else len(keys)


def _cached(keys: dict[Path, str], cache_dir: Path | None, snapshot: RecordSnapshot | None,
            skip: frozenset = frozenset()) -> tuple[dict, list[Path]]:
    """(file → cached (status, result), the files to parse) of keys' files, those in skip aside."""
    results: dict[Path, tuple[str, dict | str]] = {}
    todo: list[Path] = []
    provenance_dir = os.fspath(cache_dir / PROVENANCE_DIR) if cache_dir else None
    for path, key in keys.items():
        if path in skip:
            continue
        cached = snapshot.read(key) if snapshot is not None else None
        if cached is not None and cached[0] == "ok" and "provenance" not in cached[1] and not os.path.isfile(
                os.path.join(provenance_dir, f"{key}.json")):
            cached = None  # its provenance file is gone: parse again
        if cached is not None:
            results[path] = cached
        else:
            todo.append(path)
    return results, todo


def _early_parses(keys: dict[Path, str], hashed: int, cache_dir: Path | None, jobs: int, limits: WorkerLimits,
                  scheduler: str | None) -> tuple[list[Path], deque] | None:
    """(the files, their parses' futures) of the one or two files with no parse result yet, their parse
    started now, before the record snapshot is read: a fork of this process while it is small (a fork
    copies the page tables of every record loaded; the pool's fork after the snapshot cost 0.1–0.4 s at
    N = 1,000), its parser loaded in the child while this process reads the snapshot. None when there are
    none, more (a pool then parses them after the snapshot, as it always did) or the parse is Dask's.
    Only keys hashed in this scan can be new: the stat index knew the others, whose results exist."""
    if scheduler or SCHEDULER.get() or not 0 < hashed <= EARLY_UP_TO * 4:
        return None
    if cache_dir is None:
        new = list(keys)
    else:
        parse_dir = os.fspath(cache_dir / PARSE_DIR)
        new = [path for path, key in keys.items() if not os.path.exists(os.path.join(parse_dir, f"{key}.json"))]
    if not 0 < len(new) <= min(EARLY_UP_TO, jobs or os.cpu_count() or 1):
        return None
    futures = _forked_parses(new, limits)
    return (new, futures) if futures is not None else None


# Up to this many new files, each is parsed in a fork of its own started before the snapshot is read
# (_early_parses): one-report rebuilds; more go to the pool (FORK_UP_TO, worker_context) after it.
EARLY_UP_TO = 2


def _scan_and_parse(listing: list[tuple[Path, Path | None]], cache_dir: Path | None, jobs: int,
                    limits: WorkerLimits, scheduler: str | None, meanwhile: Callable[[], object] | None = None):
    """(file → key, file → why unreadable, the snapshot, file → cached result, the files to parse, an iterator
    of their (file, result)): the few new files' parses started before the snapshot is read (_early_parses),
    then meanwhile() called (collect_reports)."""
    with cache_format.paused_collection():  # (as for the collection: collect_reports says why)
        keys, unreadable, hashed = _keys(listing, cache_dir)
        early = _early_parses(keys, hashed, cache_dir, jobs, limits, scheduler)
        if early and meanwhile is not None:
            meanwhile()
        try:
            snapshot = RecordSnapshot(cache_dir) if cache_dir else None
            results, todo = _cached(keys, cache_dir, snapshot, frozenset(early[0]) if early else frozenset())
        except BaseException:
            for future in early[1] if early else ():  # (the build failed before their results were read)
                future.cancel()
            raise
    parses = parse_isolated(todo, jobs=jobs, limits=limits, scheduler=scheduler)
    if early:
        parses = itertools.chain(_results(early[1], early[0], limits), parses)
        todo = [*early[0], *todo]
    return keys, unreadable, snapshot, results, todo, parses


def collect_reports(data_dir: Path, cache_dir: Path | None, jobs: int = 0, *,
                    limits: WorkerLimits = DEFAULT_WORKER_LIMITS, progress: Progress | None = None,
                    scheduler: str | None = None, meanwhile: Callable[[], object] | None = None) -> Collection:
    """Parse (or read from the cache) every report under data_dir. progress(ProgressEvent("parse", …)) after
    each report parsed (done counts the cached ones too).
    scheduler: a Dask distributed scheduler's address to parse on (default: on_scheduler's, else here).
    meanwhile: called once the one or two new files' parses are started, each in a fork of its own (a one-report
    rebuild's: _early_parses), and not otherwise: what the caller starts then (a thread) runs while this
    process waits on them, and no fork of this process follows it (a pool's workers come from a server then).
    The records come without their provenance: Collection.provenance(report) reads it."""
    listing = _report_listing(Path(data_dir))
    files = [path for path, _sidecar in listing]
    cache_dir = Path(cache_dir) if cache_dir else None
    keys, unreadable, snapshot, results, todo, parses = _scan_and_parse(listing, cache_dir, jobs, limits, scheduler,
                                                                        meanwhile)
    done = len(files) - len(todo) - len(unreadable)
    if todo:
        log.info("parse: %d to parse, %d from the cache", len(todo), done)
    for path, result in parses:
        # Only a verdict on the file itself is cached; a bug or a limit is tried again next time.
        if cache_dir and result[0] in ("ok", "error"):
            _write_result(cache_dir, keys[path], *result)
            if result[0] == "ok":  # its provenance is in the cache now, not to be held here
                result = ("ok", {k: v for k, v in result[1].items() if k != "provenance"})
        result = (result[0], _interned(result[1]) if isinstance(result[1], dict) else result[1])
        if snapshot is not None and result[0] in ("ok", "error"):
            snapshot.put(keys[path], result)
        results[path] = result
        done += 1
        if progress:
            progress(ProgressEvent("parse", done, len(files), path))
    # The cyclic collector paused while the collection is made of the results: each of its full walks went over
    # every record (two a cached scan, 0.1–0.2 s CPU at N = 10,000, growing with N: benchmarks/scan_snapshot.py).
    # Nothing made here is garbage (records hold no cycles), and builder.site._build freezes the records at once
    # after (gc.freeze), so no later walk goes over them either. (Not over the parse loop: pebble's futures
    # and errors may be cyclic garbage, a little of each of a cold build's many parses.)
    with cache_format.paused_collection():
        if snapshot is not None:
            snapshot.save()
        results.update((path, ("error", error)) for path, error in unreadable.items())
        out = Collection(parsed=len(todo), root=Path(data_dir).resolve(),
                         # (absolute: a page worker reads it from wherever it runs)
                         provenance_dir=(cache_dir / PROVENANCE_DIR).resolve() if cache_dir else None)
        _fill_collection(out, files, results, keys)
        _unique_ids(out)
        _add_cross_year_checks(out.reports, out.keys, cache_dir)
        out.reports.sort(key=lambda r: (r["agency_id"], r.get("year") or 0, r["id"]))
    return out


def _fill_collection(out: Collection, files: list[Path], results: dict, keys: dict) -> None:
    """Each file's record (a copy: the cached one stays as parsed) or failure into out, in the files' order."""
    for path in files:
        status, result = results.pop(path)
        if status == "ok":
            report = dict(result)
            # The cache may hold the same file found at another path: say where it is now.
            report["source"] = {**report["source"], "path": path.as_posix(), "file": path.name}
            provenance = report.pop("provenance", None)
            if provenance is not None:  # parsed without a cache (or an old cache file): kept apart here
                out.aside[path.as_posix()] = provenance
            out.reports.append(report)
            out.keys[path.as_posix()] = keys[path]
        else:
            kind = {"error": "report"}.get(status, status)
            out.failures.append(Failure(path.as_posix(), str(result), kind))


def _homophone_bodies(reports: list[dict]) -> None:
    """Homophones slugify alike (泰州/台州, 苏州/宿州, 福州/抚州 → one agency_id): a second body under one
    agency_id gets its division code (or a short hash of its name) appended, so that neither is dropped
    as a duplicate. Reports are one body when they share a name or a body_id (renames keep body_id). The
    body whose reports entered the repository's history first keeps the plain id (git_blobs.entry_order), so a
    published page's address is not taken by a sound-alike added later (台州市人民政府's by a 泰州市人民政府
    added after it, whose division code sorts first); bodies git cannot tell apart (files not committed, no
    git) by their smallest key, so that the choice never depends on the order of files."""
    groups: dict[str, list[dict]] = {}
    for report in reports:
        groups.setdefault(report["agency_id"], []).append(report)
    shared = {agency_id: bodies for agency_id, members in groups.items() if len(bodies := _bodies_of(members)) > 1}
    if not shared:
        return
    entered = _entered([body for bodies in shared.values() for _, body in bodies])
    for agency_id, bodies in shared.items():
        bodies.sort(key=lambda body: (entered(body[1]), min(body[0])))
        used: set[str] = set()
        for keys, body_reports in bodies[1:]:
            code = next((k[:6] for k in sorted(keys) if k[:6].isdigit()), None)
            suffix = code if code and code not in used else hashlib.sha1(min(keys).encode()).hexdigest()[:6]
            used.add(suffix)
            for report in body_reports:
                report["agency_id"] = f"{agency_id}-{suffix}"
                report["id"] = f"{report['agency_id']}-{report['year']}" if report.get("year") else report["agency_id"]


def _entered(groups: list[list[dict]]) -> Callable[[list[dict]], int]:
    """Where a group of reports (of groups) entered the repository's history: its first file's place in
    git_blobs.entry_order (git runs once, for these files alone), after every file git knows when git knows none
    of the group's."""
    from builder.git_blobs import entry_order

    entered = entry_order([r["source"]["path"] for group in groups for r in group])
    unknown = 1 + max(entered.values(), default=0)
    return lambda group: min(entered.get(r["source"]["path"], unknown) for r in group)


def _shared_region_pages(out: Collection) -> None:
    """Two places whose pages would be one file (region_page: their slugs alike), each written over the other:
    two names no division has that read alike (苏江区, 酥江区 under one city), a sidecar's city of another
    province (福州市 under 江西省, which has 抚州市), a city without its province (吉林市 reads as 吉林省). The
    reports of the place that entered the repository's history later (or, git unable to tell, the larger
    chain) are not published, each with one line that names the place holding the page: the sidecar's region
    is the contributor's to mend (no record is changed here). A place of divisions (divisions.is_division_chain)
    comes before any other, whenever that entered."""
    from builder.divisions import is_division_chain
    from builder.metadata import region_slug
    from builder.pages.common import page_chain, region_chain, region_page

    by_chain: dict[tuple, list[dict]] = {}
    for report in out.reports:
        by_chain.setdefault(page_chain(region_chain(report)), []).append(report)
    places: dict[tuple, set[tuple]] = {}  # slugs from the province down → the places (chains) with that page
    slug_of: dict[tuple[str, str], str] = {}
    for chain in by_chain:
        for part in chain:
            if part not in slug_of:
                slug_of[part] = region_slug(part[1], part[0])
        slugs = tuple(slug_of[part] for part in chain)
        for depth in range(1, len(chain) + 1):
            places.setdefault(slugs[:depth], set()).add(chain[:depth])
    shared = [sorted(found) for found in places.values() if len(found) > 1]
    if not shared:
        return
    members = {place: [r for chain, reports in by_chain.items() if chain[:len(place)] == place for r in reports]
               for found in shared for place in found}
    entered = _entered(list(members.values()))
    refused: dict[int, str] = {}
    for found in shared:
        # (a place of divisions first: what another place entered before it may not keep it off its own page)
        first, *later = sorted(found, key=lambda place: (not is_division_chain(place), entered(members[place]), place))
        for place in later:
            for report in members[place]:
                refused.setdefault(id(report), f"地区“{place[-1][1]}”的页面地址与已收录的“{first[-1][1]}”相同"
                                   f"（{region_page(first)}），未发布：请在附属文件中写明正确的地区名称 the place's "
                                   f"page would be another place's: fix the region in the sidecar")
    _leave_out(out, refused)


def _leave_out(out: Collection, refused: dict[int, str]) -> None:
    """The reports refused (id(record) → the one line why) moved from out.reports to out.failures."""
    out.failures.extend(Failure(r["source"]["path"], refused[id(r)]) for r in out.reports if id(r) in refused)
    out.reports = [r for r in out.reports if id(r) not in refused]


def _bodies_of(members: list[dict]) -> list[tuple[set, list[dict]]]:
    """The bodies of the reports of one agency_id: (their names and body ids, their reports)."""
    bodies: list[tuple[set, list[dict]]] = []
    for report in members:
        keys = {k for k in (report.get("agency_normalized"), report.get("body_id")) if k}
        if not keys:  # no name at all: its id came from the file name, which is unique already
            continue
        body = next((b for b in bodies if b[0] & keys), None)
        if body is None:
            bodies.append((set(keys), [report]))
        else:
            body[0].update(keys)
            body[1].append(report)
    return bodies


def _unique_ids(out: Collection) -> None:
    """Two files of the same agency and year would publish under one id: keep the one that entered the
    repository's history first (git_blobs.entry_order; git unable to tell, the first file in order), list the
    other, so a second file added later (a PDF beside a published text, a copy at another path) never takes the
    published report's place. (And two places would publish one page: _shared_region_pages.)"""
    _homophone_bodies(out.reports)
    _shared_region_pages(out)
    by_id: dict[str, list[dict]] = {}
    for report in out.reports:
        by_id.setdefault(report["id"], []).append(report)
    shared = [reports for reports in by_id.values() if len(reports) > 1]
    if not shared:
        return
    entered = _entered([[r] for reports in shared for r in reports])
    refused: dict[int, str] = {}
    for reports in shared:
        first, *later = sorted(reports, key=lambda r: entered([r]))  # (stable: the files' order after)
        for report in later:
            refused[id(report)] = (f"与 {first['source']['path']} 重复 duplicate of the same agency and year "
                                   f"(id {report['id']})")
    _leave_out(out, refused)


CROSS_YEAR_DIR = "cross-year"  # cache_dir/cross-year/<00–3f>.msgpack: the cross-year checks of each pair
_CROSS_YEAR_KIND, _CROSS_YEAR_FORMAT = 6, 1  # (builder.cache_format's kind byte: a shard of the kept cross-year checks)
OLD_CROSS_YEAR_FILE = "cross-year.json"  # (until stop 22 one JSON file: rewritten whole, 8.8 MB at N = 10,000, on
                                         # every add; removed when the shards are written)


def _add_cross_year_checks(reports: list[dict], keys: dict[str, str] | None = None,
                           cache_dir: Path | None = None) -> None:
    """The checks across an agency's consecutive years (builder.check.cross_year_checks) added to the later
    year's report. With keys (report file → cache key) and a cache folder, a pair's checks are kept in
    cache_dir/cross-year/ by both reports' keys and ids (a record is a function of its key; its id
    is set after the parse): a rebuild computes only the pairs it has not seen (the narrative comparison
    was two thirds of a cached scan)."""
    from builder.check import consecutive_years, cross_year_checks
    from builder.check.result import with_acknowledged

    kept = CrossYearKept(Path(cache_dir) / CROSS_YEAR_DIR) if cache_dir and keys is not None else None
    used: dict[str, list] = {}
    for report, following in consecutive_years(reports):
        name = _pair_name(report, following, keys) if kept is not None else None
        checks = kept.get(name) if name else None
        if checks is None:
            checks = [check for _id, check in cross_year_checks([report, following])]
        if name:
            used[name] = checks
        if checks:
            following["checks"] = [*following["checks"],
                                   *(with_acknowledged(following, [check])[0] for check in checks)]
    if kept is not None:
        kept.save(used)


def _well_formed_check(check) -> bool:
    """A check as builder.check.result.make_check makes it (a kept shard's entries: anything else is a miss)."""
    return (type(check) is dict and check.keys() == {"rule", "severity", "fields", "message", "acknowledged"}
            and type(check["rule"]) is str and type(check["severity"]) is str and type(check["message"]) is str
            and type(check["acknowledged"]) is bool and type(check["fields"]) is list
            and all(type(f) is str for f in check["fields"]))


class CrossYearKept:
    """The cross-year checks of each pair of reports by its name (_pair_name, 64 hex digits), kept in 64 files by
    the name's top six bits (as the record snapshot's), each rewritten only when the pairs it holds change: one report added or changed
    rewrites one or two of them, not every pair's (builder.cache_format: a shard altered, cut short or of another
    shape is a miss, its pairs computed again)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.loaded: dict[str, dict[str, list]] = {}  # shard → pair name → checks
        self.found: set[str] = set()  # the shards there (a miss too: rewritten or removed)
        try:
            names = [entry.name for entry in os.scandir(folder)]
        except OSError:  # none yet
            names = []
        with cache_format.paused_collection():
            for file_name in names:
                shard, _, suffix = file_name.partition(".")
                if suffix != "msgpack" or len(shard) != 2:
                    continue
                self.found.add(shard)
                try:
                    pairs = cache_format.read(folder / file_name, _CROSS_YEAR_KIND, _CROSS_YEAR_FORMAT)
                except (OSError, cache_format.CacheUnreadable):
                    continue
                if isinstance(pairs, dict) and all(
                        type(name) is str and _shard(name) == shard and type(checks) is list
                        and all(_well_formed_check(c) for c in checks) for name, checks in pairs.items()):
                    self.loaded[shard] = pairs

    def get(self, name: str) -> list | None:
        return self.loaded.get(_shard(name), {}).get(name)

    def save(self, used: dict[str, list]) -> None:
        """used (pair name → checks: every pair of this scan) written, shard by shard where it differs."""
        shards: dict[str, dict[str, list]] = {}
        for name, checks in used.items():
            shards.setdefault(_shard(name), {})[name] = checks
        try:
            (self.folder.parent / OLD_CROSS_YEAR_FILE).unlink(missing_ok=True)
            for shard in sorted(shards.keys() | self.found):
                pairs = shards.get(shard, {})
                if pairs == self.loaded.get(shard):
                    continue
                target = self.folder / f"{shard}.msgpack"
                if not pairs:
                    target.unlink(missing_ok=True)
                    continue
                self.folder.mkdir(parents=True, exist_ok=True)
                cache_format.write_whole(target, cache_format.dumps(pairs, _CROSS_YEAR_KIND, _CROSS_YEAR_FORMAT))
        except OSError as exc:  # a read-only cache: the next build computes them again
            log.warning("cross-year cache not written: %s", exc)


def _pair_name(report: dict, following: dict, keys: dict[str, str]) -> str | None:
    """A pair's name in the cross-year cache: its reports' cache keys and ids; None if a key is unknown."""
    pair = [keys.get(r["source"]["path"]) for r in (report, following)]
    if None in pair:
        return None
    return hashlib.sha256(json.dumps([*pair, report["id"], following["id"]]).encode()).hexdigest()


if __name__ == "__main__":  # a parse in a child process of a Dask task: REPORT RESULT_JSON MEMORY_BYTES
    import sys

    _start_worker(int(sys.argv[3]))
    _write_cached(Path(sys.argv[2]), _parse_one(sys.argv[1]))
