"""The downloads of a build, made again chunk by chunk from pieces kept in build/ (moved out of builder/site.py).

Each chunk's files (builder.export.datasets.assemble) are made from the pieces of its segments of reports
(segment_pieces), each kept in build/PIECES under its reports' hash, and from its encoded Parquet row groups and
runs' text rows, kept there too: one report added or changed costs its segment, its row groups and its run,
not its whole year. Every kept file is a builder.cache_format file (MessagePack under the state key's HMAC).
"""

from __future__ import annotations

import contextlib
import json
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from builder import cache_format
from builder.batch import worker_context
from builder.export.columns import report_columns
from builder.export.datasets import (
    RUN_PARTS,
    RUN_SEP,
    TABLES,
    TEXT,
    assemble,
    chunks,
    kept_tables,
    parquet_groups,
    segment_pieces,
    segments,
)
from builder.export.workbook import seed_template, sheet_template
from builder.files import write_text_atomic
from builder.pages.docs_tree import DocsTree, content_hash

log = logging.getLogger(__name__)

PIECES = "download-pieces"  # build/: the downloads' pieces of each segment of reports (see downloads)
SEGMENT_POOL_FROM = 16  # segments to make below which a process pool costs more than it saves


def _pieces_of(segment) -> tuple[dict, bool]:
    """A segment's pieces (segment_pieces), and whether they are whole: segment is its reports, or a
    Collection.part of them, whose provenance is read here; a provenance file that cannot be read (removed
    during the build) gives its report none in these pieces, which are then not whole: not to be kept."""
    if isinstance(segment, list):
        return segment_pieces(segment), True
    reports, whole = [], True
    for report in segment.reports:
        provenance = segment.readable_provenance(report, interned=False)  # (made into rows, then let go)
        whole = whole and provenance is not None
        reports.append({**report, "provenance": provenance or {}})
    return segment_pieces(reports), whole


def downloads(tree: DocsTree, collection, code: str, hashes: dict, jobs: int = 0) -> dict:
    """The dataset files of each year (and province), made again when one of their reports changed: from
    the pieces of the chunk's segments (builder.export.datasets.segments), each kept in build/ and made
    again only when one of its own reports changed, so one report costs one segment, not its whole year."""
    # (Not split finer than builder.export's PROVINCE_SPLIT: measured at N = 300, chunks of 50 reports a
    # year by province halved a one-report rebuild's downloads step but added a third to the site's bytes
    # and doubled the cold build's: a chunk's files have fixed costs, in bytes and time. Segments are not
    # files of the site: they cost the compressed files 0.3 KB a report.)
    parts = chunks(collection.reports)
    folder = tree.state_file.parent / PIECES
    # The provenance of the reports of a segment made again, read for them alone by whoever makes its
    # pieces (builder.batch: the collection's records may not carry it): never a whole chunk's at once.
    part = getattr(collection, "part", None)
    kept: set[str] = set()
    pools: list[ProcessPoolExecutor] = []
    manifest = _ChunkKeys(tree.state_file.parent / DOWNLOAD_KEYS, code)
    template = tree.state_file.parent / WORKBOOK_TEMPLATE
    seeded = None  # (whether the workbooks' template was read back: once a chunk is assembled)
    try:
        for chunk, members in parts.items():
            # A chunk is its reports' hashes in order (its segments and row groups are cut by them alone):
            # an unchanged one is not cut again, its pieces' keys are last build's (cutting and hashing every
            # segment of every chunk was 0.05 s of every build at 7,000 reports).
            key, inputs = f"data:{chunk}", _inputs_of(code, hashes, members)
            if tree.unchanged(key, inputs) and (known := manifest.get(chunk, inputs)) is not None:
                kept.update(known)
                manifest.put(chunk, inputs, known)
                continue
            cut = segments(members)
            keys = [_inputs_of(code, hashes, segment) for segment in cut]
            store = _KeptGroups(folder)
            pieces, broken = _chunk_pieces(folder, keys, cut, part, jobs, pools, store)
            # (a chunk made of pieces not whole is made again next build: its inputs None are never unchanged,
            # and the scan parses again a report whose provenance file is gone; nor are they a kept row group's)
            named = [None if k in broken else k for k in keys]
            if seeded is None:
                seeded = _seeded_template(template, code)
            files = assemble(chunk, [pieces.get(k) for k in keys], named, store, [segment[0]["id"] for segment in cut])
            used = sorted({*keys, *store.used} - broken)
            kept.update(used)
            if not broken:
                manifest.put(chunk, inputs, used)
            tree.put(key, None if broken else inputs, {f"downloads/{rel}": c for rel, c in files.items()})
    finally:
        for pool in pools:
            pool.shutdown()
    manifest.save()
    if seeded is False:
        _keep_template(template, code)
    if folder.is_dir():  # the pieces of segments gone (a report changed, added or removed), and any cut short
        for path in folder.iterdir():
            if path.suffix != PIECES_SUFFIX or path.stem.removesuffix(TABLES_SUFFIX) not in kept:  # (.pickle too)
                path.unlink(missing_ok=True)
    return parts


def _inputs_of(code: str, hashes: dict, members: list[dict]) -> str:
    """The inputs hash of a chunk, or of a segment: its reports' hashes in order, with the code."""
    return content_hash(code, [hashes[r["id"]] for r in members])


ENCODERS_THREAD = "builder-imports"  # (import_encoders_meanwhile's)


def import_encoders_meanwhile() -> None:
    """The downloads' encoders (builder.export.datasets.load_encoders) imported in a thread while the parse of a
    one-report rebuild runs in its fork (builder.batch.collect_reports' meanwhile): this process waits on it
    about as long as the import takes (~0.2 s at N = 1,000), and that report's chunk of downloads is made again
    after. An import that fails is left to raise where the downloads import it."""
    from builder.export.datasets import load_encoders

    def load() -> None:
        with contextlib.suppress(Exception):
            load_encoders()

    threading.Thread(target=load, name=ENCODERS_THREAD, daemon=True).start()


def _segments_to_make(tree: DocsTree, parts: dict[str, list[dict]], code: str, hashes: dict) -> int:
    """How many segments of reports the downloads will make pieces for (those of the chunks made again that
    the last build's did not hold): downloads' own reckoning, made before it."""
    before = _ChunkKeys(tree.state_file.parent / DOWNLOAD_KEYS, code).before
    count = 0
    for chunk, members in parts.items():
        if tree.same_inputs(f"data:{chunk}", _inputs_of(code, hashes, members)):
            continue
        entry = before.get(chunk)
        held = set(entry.get("keys") or ()) if isinstance(entry, dict) else set()
        count += sum(_inputs_of(code, hashes, segment) not in held for segment in segments(members))
    return count


def _fork_safe() -> bool:
    """Whether a fork is safe here: Linux, and no thread but this one once the encoders' import has ended (the
    child makes the chunks with them: imported here, whole)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    for thread in threading.enumerate():
        if thread.name == ENCODERS_THREAD:
            thread.join()
    return threading.active_count() == 1


def _system_arrow_memory() -> None:
    """Arrow's buffers from the C library's allocator in this process, not jemalloc's (pyarrow's default). A fork
    inherits the pages jemalloc kept from the build's earlier buffers, shared with the build until written: the
    kept tables the fork decompresses (builder.export.datasets._unpacked) went into them, a copy-on-write fault
    a page, and took 2-4 times as long as in fresh memory (0.10-0.20 s against 0.04-0.05 a one-report add at
    N = 1,000, benchmarks/one_add.py). The files are the same bytes (tests/scale/test_downloads_fork.py)."""
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())


def start_downloads(tree: DocsTree, collection, code: str, hashes: dict, jobs: int = 0) -> Callable[[], None]:
    """downloads(tree, collection, code, hashes, jobs), started now in a fork of this process when its segments to
    make are fewer than a pool is for (SEGMENT_POOL_FROM: an incremental build's one or two) and a fork is safe
    (Linux, no other thread: one that held a lock would leave it held in the child); the function returned
    waits for them, the fork's files and groups then in tree as if made here. The pages over many reports do not
    read the downloads, so the fork makes them on the other core while this process writes the agencies' and
    regions' pages (a one-report add's downloads were a fifth of its build, the pages another:
    benchmarks/one_add.py). Otherwise, or when the fork is gone before it answers (killed, out of memory),
    they are made here when the function is called; an error the downloads raise in the fork is raised by it;
    and when a report left collection.reports meanwhile (its agency page failed), they are made here again."""
    def here() -> None:
        downloads(tree, collection, code, hashes, jobs)

    todo = _segments_to_make(tree, chunks(collection.reports), code, hashes)
    if not todo or todo >= SEGMENT_POOL_FROM or not _fork_safe():
        return here
    from pebble import ProcessExpired, concurrent

    mark, started_with = tree.mark(), len(collection.reports)

    def made_in_fork() -> dict:
        # (never a pool, whatever it finds to make: its workers would come from this build's forkserver, which
        # is not the fork's to use)
        _system_arrow_memory()
        downloads(tree, collection, code, hashes, jobs=1)
        return tree.changes_since(mark)

    future = concurrent.process(mp_context=multiprocessing.get_context("fork"))(made_in_fork)()

    def result() -> None:
        try:
            changes = future.result()
        except ProcessExpired as exc:
            log.warning("下载文件的子进程中断，改在本进程生成 the downloads' fork ended (%s): made here", exc)
            here()
            return
        tree.merge(changes)
        if len(collection.reports) != started_with:  # a report's page failed meanwhile: it is in no download
            here()
            for rel in set(changes["written"]) - tree.files():  # (a file of the fork's that no group holds now)
                (tree.root / rel).unlink(missing_ok=True)

    return result


DOWNLOAD_KEYS = "download-keys.json"  # build/: each chunk's inputs and the keys of its kept pieces (_ChunkKeys)
TABLES_SUFFIX = "-tables"  # a segment's Arrow tables, kept beside its other pieces (read only to encode a row group)


WORKBOOK_TEMPLATE = "download-workbook.msgpack"  # build/: the workbooks' template, with the code that made it


def _seeded_template(path: Path, code: str) -> bool:
    """Whether the workbooks' template (builder.export.workbook.sheet_template) made by this code was read back
    from path and is used: making it imports XlsxWriter and writes a workbook (~0.2 s of a one-report add)."""
    try:
        kept = cache_format.read(path, _PIECES_KIND, PIECES_FORMAT)
    except (OSError, cache_format.CacheUnreadable):
        return False
    return type(kept) is dict and kept.get("code") == code and seed_template(report_columns(), kept.get("template"))


def _keep_template(path: Path, code: str) -> None:
    members, head, tail = sheet_template(report_columns())
    template = [[list(member) for member in members], head, tail]
    try:
        cache_format.write_whole(path, cache_format.dumps({"code": code, "template": template}, _PIECES_KIND, PIECES_FORMAT))
    except OSError as exc:  # (made again next build)
        log.warning("%s not written: %s", WORKBOOK_TEMPLATE, exc)


class _ChunkKeys:
    """The keys of the pieces and row groups each chunk's files were assembled from last build, with the
    chunk's inputs, in build/DOWNLOAD_KEYS: an unchanged chunk keeps them without being cut again. Only
    which files are kept depends on it (a file gone or not this build's is a miss where it is read)."""

    def __init__(self, path: Path, code: str):
        self.path, self.code, self.now = path, code, {}
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
            self.before = state["chunks"] if state.get("code") == code and isinstance(state.get("chunks"), dict) else {}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            self.before = {}

    def get(self, chunk: str, inputs: str) -> list[str] | None:
        entry = self.before.get(chunk)
        if not isinstance(entry, dict) or entry.get("inputs") != inputs:
            return None
        keys = entry.get("keys")
        return keys if isinstance(keys, list) and all(type(k) is str for k in keys) else None

    def put(self, chunk: str, inputs: str, keys: list[str]) -> None:
        self.now[chunk] = {"inputs": inputs, "keys": keys}

    def save(self) -> None:
        if self.now == self.before:
            return
        try:
            write_text_atomic(self.path, json.dumps({"code": self.code, "chunks": self.now}))
        except OSError as exc:  # the next build cuts its chunks again
            log.warning("%s not written: %s", DOWNLOAD_KEYS, exc)


def _chunk_pieces(folder: Path, keys: list[str], cut: list, part, jobs: int, pools: list, store) -> tuple[dict, set]:
    """The pieces of a chunk's segments (keys, cut) by key that assembling its files needs, and the keys of those
    not whole. Only the segments of the row groups and runs (builder.export.datasets.parquet_groups) to be made
    again are read (those not in store, or with a segment not whole: assemble makes those without keeping them),
    and of their Arrow tables only those of the row groups encoded again: the others are in store, a file a run,
    so what one report costs does not grow with its chunk by a file a segment."""
    groups = [(name, group, key) for name, of_table in parquet_groups([segment[0]["id"] for segment in cut], keys).items()
              for group, key in of_table]
    pieces: dict[str, dict | None] = {}
    broken: set[str] = set()
    # (a segment in the wide table's changed group, 32 segments, is mostly outside the long tables' changed
    # ones, 8: their tables, most of a segment's bytes, were unpacked for nothing)
    wanted = _parts_of(groups, [store.get(key) is None for _name, _members, key in groups], {})
    while True:
        for i, names in wanted.items():
            k = keys[i]
            if k not in pieces:  # (its rows of the text files read only for a run made again)
                pieces[k] = _kept_pieces(folder / f"{k}{PIECES_SUFFIX}") if TEXT in names else {}
            elif TEXT in names and pieces[k] is not None and "first" not in pieces[k]:
                kept = _kept_pieces(folder / f"{k}{PIECES_SUFFIX}")
                pieces[k] = None if kept is None else {**pieces[k], **kept}
            if pieces[k] is not None and (tables := names - {TEXT} - pieces[k].get("tables", {}).keys()):
                pieces[k] = _with_tables(folder, k, pieces[k], tables)
        todo = [(keys[i], part(cut[i]) if part else cut[i]) for i in sorted(wanted) if pieces[keys[i]] is None]
        made, not_whole = _made_pieces(folder, todo, jobs, pools)
        pieces.update(made)
        broken |= not_whole
        # (a group or run with a segment not whole is made again, not kept: its other segments are read too)
        more = _parts_of(groups, [any(keys[j] in broken for j in members) for _name, members, _key in groups], wanted)
        if not more:
            return pieces, broken
        for i, names in more.items():
            wanted.setdefault(i, set()).update(names)


def _parts_of(groups: list, again: list[bool], known: dict) -> dict[int, set[str]]:
    """The parts (tables, or TEXT) by segment index of the row groups and runs (part, segments, key) made again
    (again, in their order), less those known already."""
    out: dict[int, set[str]] = {}
    for (name, members, _key), made in zip(groups, again, strict=True):
        if made:
            for i in members:
                if name not in known.get(i, ()):
                    out.setdefault(i, set()).add(name)
    return out


def _with_tables(folder: Path, key: str, pieces: dict, names: set[str]) -> dict | None:
    """A kept segment's pieces (those read: {} for none) with its tables names read back too; None when they
    cannot be (cut short, gone, not Arrow tables of their files' columns): all its pieces are made again."""
    kept = _kept_pieces(folder / f"{key}{TABLES_SUFFIX}{PIECES_SUFFIX}")
    tables = None if kept is None else kept_tables(kept["tables"], names)
    return None if tables is None else {**pieces, "tables": {**pieces.get("tables", {}), **tables}}


class _KeptGroups:
    """The encoded Parquet row groups and the runs' rows of the text files of the downloads
    (builder.export.datasets.assemble's store), in build/ a file each named by its key, but a run's parts
    (RUN_PARTS: keys run RUN_SEP part), in one file named by the run, written once all its parts are made; the
    files' names (keys, runs) this build read or wrote, in used (the others are removed). A file read is held
    until the build of its chunk is done (its parts are asked for twice: _chunk_pieces, assemble)."""

    def __init__(self, folder: Path):
        self.folder, self.used, self.read, self.making = folder, set(), {}, {}

    def get(self, key: str) -> dict | None:
        name, _sep, part = key.partition(RUN_SEP)
        self.used.add(name)
        if name not in self.read:  # (None when cut short: made again)
            self.read[name] = _kept_pieces(self.folder / f"{name}{PIECES_SUFFIX}")
        kept = self.read[name]
        if kept is None or (set(kept) == set(RUN_PARTS)) != bool(part) or not part and "body" not in kept:
            return None  # (a file of another shape under its name: planted, or of other code)
        return kept[part] if part else kept

    def __setitem__(self, key: str, made: dict) -> None:
        name, _sep, part = key.partition(RUN_SEP)
        self.used.add(name)
        if not part:
            self.read[name] = made
            _keep_pieces(self.folder / f"{name}{PIECES_SUFFIX}", made)
            return
        run = self.making.setdefault(name, {})
        run[part] = made
        if set(run) == set(RUN_PARTS):
            self.read[name] = self.making.pop(name)
            _keep_pieces(self.folder / f"{name}{PIECES_SUFFIX}", run)


def _made_pieces(folder: Path, todo: list, jobs: int, pools: list) -> tuple[dict, set]:
    """The pieces of the segments todo ((key, segment) pairs), each kept in folder when whole (its tables in a
    file of their own), and the keys of those not; pools: the process pool of the build's downloads, once one
    is needed (put there)."""
    if len(todo) >= SEGMENT_POOL_FROM and (jobs or os.cpu_count() or 1) > 1:
        # Many to make (a cold build): across processes, each segment's reports sent once.
        if not pools:
            pools.append(ProcessPoolExecutor(max_workers=jobs or os.cpu_count(), mp_context=worker_context()))
        made = pools[0].map(_pieces_of, [segment for _k, segment in todo])
    else:
        made = (_pieces_of(segment) for _k, segment in todo)
    out, broken = {}, set()
    for (k, _segment), (pieces, whole) in zip(todo, made, strict=True):
        out[k] = pieces
        if whole:
            _keep_pieces(folder / f"{k}{TABLES_SUFFIX}{PIECES_SUFFIX}", {"tables": pieces["tables"]})
            _keep_pieces(folder / f"{k}{PIECES_SUFFIX}", {n: v for n, v in pieces.items() if n != "tables"})
        else:
            broken.add(k)
    return out, broken


# The pieces and row groups are kept as builder.cache_format files (MessagePack, not pickle: build state a
# checkout could carry must not run code when read); PIECES_FORMAT changes with what they hold.
PIECES_SUFFIX = ".msgpack"
_PIECES_KIND, PIECES_FORMAT = 2, 3  # (2: the tables packed whole, builder.export.datasets._packed; 3: apart)


def _bytes_map(value) -> bool:
    return type(value) is dict and all(type(v) is bytes for v in value.values())


def _int_list(value) -> bool:
    return type(value) is list and all(type(v) is int for v in value)


def _sheet_piece(sheet) -> bool:
    return (type(sheet) is dict and set(sheet) == {"deflated", "crc", "size", "rows"} and type(sheet["deflated"]) is bytes
            and all(type(sheet[k]) is int for k in ("crc", "size", "rows")))


def _text_rows(text) -> bool:  # (a run's rows of the text files: builder.export.datasets.run_text)
    return (type(text) is dict and set(text) == {"reports.xlsx", "reports.csv", "checks.csv", "reports.json.gz"}
            and type(text["reports.csv"]) is str and type(text["checks.csv"]) is str
            and type(text["reports.json.gz"]) is bytes and _sheet_piece(text["reports.xlsx"]))


def _row_group(group) -> bool:
    if type(group) is not dict:
        return False
    marks = group.get("marks")
    return (set(group) == {"body", "group", "marks", "rows", "head", "tail"} and type(group["rows"]) is int
            and all(type(group[k]) is bytes for k in ("body", "group", "head", "tail")) and type(marks) is list
            and all(type(m) is list and len(m) == 2 and _int_list(m) and 0 <= m[0] <= len(group["group"]) for m in marks))


def _well_formed(pieces) -> bool:
    """Whether pieces has the shape of a segment's pieces (builder.export.datasets.segment_pieces) but its
    tables, of its tables alone, of an encoded row group (builder.export.parquet_rows.row_group), or of a run's
    parts (RUN_PARTS: the long tables' row groups and its text rows), its values of their types: a file that
    decodes but was not written by this build gives a miss, not a crash in assemble."""
    if type(pieces) is not dict:
        return False
    if set(pieces) == {"tables"}:  # (a segment's tables, kept apart: _made_pieces)
        return _bytes_map(pieces["tables"]) and pieces["tables"].keys() == TABLES.keys()  # (else a KeyError in assemble)
    if "first" in pieces:
        rest = {k: v for k, v in pieces.items() if k != "first"}
        return type(pieces["first"]) is str and _text_rows(rest)
    if set(pieces) == set(RUN_PARTS):
        return _text_rows(pieces[TEXT]) and all(_row_group(pieces[name]) for name in RUN_PARTS if name != TEXT)
    return _row_group(pieces)


def _kept_pieces(path: Path) -> dict | None:
    """A segment's pieces (or a row group) kept by an earlier build (named after their inputs' hash); None when
    there are none, or the file is not one this build wrote whole (cut short, altered, planted): made again."""
    try:
        pieces = cache_format.read(path, _PIECES_KIND, PIECES_FORMAT)
    except (OSError, cache_format.CacheUnreadable):
        return None
    return pieces if _well_formed(pieces) else None


def _keep_pieces(path: Path, pieces: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    cache_format.write_whole(path, cache_format.dumps(pieces, _PIECES_KIND, PIECES_FORMAT))
