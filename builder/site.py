"""Build the static site: parse every report, write pages and datasets, run MkDocs.

    build_site(data_dir, out_dir)   data/ → build/docs/ (site_src/ + generated pages) → MkDocs → site/
    serve_site(data_dir, port)      build, then serve the result on 127.0.0.1

The MkDocs configuration is the repository's mkdocs.yml (the one source of
truth); only docs_dir and site_dir are pointed at the folders of this build.
Hand-written pages in site_src/ may hold ``<!-- generated: NAME -->``, which is
replaced by the generated Markdown of that name (the overview, the dictionary).

Builds are incremental. build/docs/ is kept: a group of generated files (an agency's page,
a region page, a year of downloads, an index) is made again only when the hash of its inputs
(its reports and the code) changed, and a file is rewritten only when its bytes change
(builder/pages/docs_tree.py). MkDocs then renders only the pages newer than their HTML
(``build --dirty``) when the last build into the same site/ finished with the same
configuration, and is shown only the files written (builder/mkdocs_partial.py); any other build
is clean. Outputs of pages no longer generated are removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gc
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import msgpack

from builder.batch import (
    DEFAULT_WORKER_LIMITS,
    Failure,
    WorkerLimits,
    collect_reports,
    internal_error,
    worker_context,
)
from builder.errors import ReportError
from builder.export import chunks, package_files
from builder.export.corrections import corrections, data_folder
from builder.export.pieces import _PIECES_KIND as _PIECES_KIND
from builder.export.pieces import DOWNLOAD_KEYS as DOWNLOAD_KEYS
from builder.export.pieces import PIECES as PIECES
from builder.export.pieces import PIECES_FORMAT as PIECES_FORMAT
from builder.export.pieces import PIECES_SUFFIX as PIECES_SUFFIX
from builder.export.pieces import SEGMENT_POOL_FROM as SEGMENT_POOL_FROM
from builder.export.pieces import TABLES_SUFFIX as TABLES_SUFFIX
from builder.export.pieces import _kept_pieces as _kept_pieces
from builder.export.pieces import _well_formed as _well_formed
from builder.export.pieces import downloads as _downloads  # noqa: F401 (tests, benchmarks/downloads_rebuild.py)
from builder.export.pieces import import_encoders_meanwhile, start_downloads
from builder.files import write_text_atomic
from builder.mkdocs_early import EarlyMkDocs
from builder.mkdocs_partial import SITEMAP_STATE, partial_build
from builder.page_spill import page_spill
from builder.pages.agency import (
    AGENCY_CSV_HEADER_FILE,
    CITE_FIELDS_FILE,
    agency_csv_header,
    agency_page_files,
    cite_fields_json,
)
from builder.pages.charts import CHART_SHAPES_FILE, chart_shapes_json, keep_shapes_in
from builder.pages.common import agency_name, front_matter, md
from builder.pages.coverage import coverage_index_files, coverage_year_files
from builder.pages.dictionary import crosswalk_markdown, indicators_markdown
from builder.pages.docs_tree import DocsTree, content_hash, output_fingerprint, write_if_changed
from builder.pages.downloads import (
    DOWNLOADS_URL_ENV,
    corrections_page_files,
    dictionary_markdown,
    downloads_page_files,
    downloads_url,
)
from builder.pages.explorer import Rows as ExplorerRows
from builder.pages.explorer import body_files as explorer_body_files
from builder.pages.explorer import chunk_files as explorer_chunk_files
from builder.pages.explorer import put_explorer_files, ranked_years, year_rank_files
from builder.pages.figures import memoized
from builder.pages.kept_parts import KeptParts
from builder.pages.lists import agencies_index_files, failures_page_files
from builder.pages.originals import original_links, repository_url
from builder.pages.overview import national_year_files, overview_markdown
from builder.pages.peers import group_file, group_json, peer_groups
from builder.pages.provenance import fields_file, places_file
from builder.pages.quality import (
    kept_entry,
    quality_index_files,
    quality_list_files,
    quality_list_inputs,
    quality_plan,
    quality_year_files,
    quality_year_inputs,
)
from builder.pages.regions import Region, region_page_files, region_tree, regions_index_files, walk
from builder.pages.year_parts import YEAR_PARTS, YearSums
from builder.pages.years import by_year, choose_year
from builder.progress import Progress, ProgressEvent
from builder.search import PagefindService, digests_before, index_site
from builder.version import dataset_version

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
MKDOCS_YML = REPO / "mkdocs.yml"
SITE_SRC = REPO / "site_src"
PLACEHOLDER = "<!-- generated: {} -->"
# site_src pages with placeholders: page → the names of its generated parts
FILLED = {"index.md": ("overview",), "dictionary/index.md": ("dictionary", "indicators", "crosswalk")}
CONTRIBUTING_PAGE = "contribute/guide.md"  # the repository's CONTRIBUTING.md, on the site
DOCS_STATE = "docs-state.json"  # build/: the inputs hash and files of every group of generated files
SITE_STATE = "site-state.json"  # build/: what the last MkDocs build into site/ was made with
VERSION_FILE = "version.json"  # the site root: {"date", "commit", "label"} of builder.version


@dataclass
class BuildResult:
    reports: int = 0
    failures: int = 0
    parsed: int = 0  # parsed now; the rest came from the cache
    pages: int = 0  # generated pages (Markdown) in the site
    written: int = 0  # generated files (pages, downloads, originals) written because new or changed
    removed: int = 0  # generated files removed because no longer produced
    dirty: bool = False  # MkDocs rendered only the pages that changed
    search_bundles: list[str] = field(default_factory=list)  # the search index's bundles made again (builder.search)
    seconds: dict[str, float] = field(default_factory=dict)  # per phase
    mkdocs_warnings: list[str] = field(default_factory=list)
    mkdocs_forked: bool = False  # MkDocs loaded early and rendered in a fork (builder/mkdocs_early.py)


# ---------------------------------------------------------------- generating the docs folder

# Pages are independent: when many have to be written they are written across processes. Each task
# carries only what its page needs (_task: an agency's reports and their links; a region and its
# sub-regions), and a worker reads the provenance of the agency it writes from the parse cache itself:
# a worker never holds the whole collection (issue 9: it did, once per worker, ~130 MB each at N = 1,000).
_JOB: dict = {}  # what every task shares (the chart shapes' folder): the initializer's
POOL_FROM = 200  # pages to write below which a process pool costs more than it saves


def _init_worker(job: dict) -> None:
    _JOB.clear()
    _JOB.update(job)
    keep_shapes_in(*(job.get("shapes") or (None,)))


def _task(job: dict, key) -> tuple:
    """(key, what _files_of needs to make its files): a region (its sub-regions and their reports come
    with it) or an agency's reports with their originals' links, lone regions and a Collection of
    those reports alone (Collection.part) to read their provenance from."""
    kind, ident = key
    if kind == "region":
        return key, {"region": _region_alone(job["regions"][ident]), "today": job["today"]}
    reports = job["by_agency"][ident]
    links = job.get("links") or {}
    collection = job.get("collection")
    paths = [r["source"]["path"] for r in reports]
    return key, {"reports": reports, "links": {p: links[p] for p in paths if p in links},
                 "lone": job.get("lone", {}).get(ident, frozenset()),
                 "provenance": collection.part(reports) if collection is not None else None}


def _region_alone(region: Region) -> Region:
    """A region as its page reads it: its reports and years, and its sub-regions' (their names, reports and
    the years their pages show: it sums and links them), not the regions below those, which a task
    pickled with it (a province's task carried its every county)."""
    return Region(region.chain, region.reports, choice=region.choice,
                  children={key: Region(child.chain, child.reports, choice=child.choice)
                            for key, child in region.children.items()})


def _page_error(path: str, exc: Exception) -> Failure:
    return Failure(path, "生成页面时" + internal_error(path, exc), "internal")


def _files_of(task) -> tuple[dict | None, list[Failure]]:
    """(the files of a page, the reports that could not be published on it); task: _task's (key, payload)."""
    (kind, _ident), job = task
    if kind == "region":
        region = job["region"]
        try:
            return region_page_files(region, job["today"]), []
        except Exception as exc:  # a bug in an aggregate page: say so on the page, keep the site
            return _stub_page(region.page, region.name, exc), []
    reports, links, lone = job["reports"], job["links"], job["lone"]
    if job["provenance"] is not None:  # the group's own provenance, read here and dropped with the page
        reports = job["provenance"].with_provenance(reports)
    try:
        return _with_places(agency_page_files(reports, links, lone), reports, links), []
    except Exception:
        pass
    # Whatever went wrong (a page, a chart, a strange value), it is one report's doing or the page's:
    # find the reports that fail alone, publish the others, list those on the 未能解析 page.
    good, failed = [], []
    for report in reports:
        try:
            _with_places(agency_page_files([report], links, lone), [report], links)
            good.append(report)
        except Exception as exc:
            failed.append(_page_error(report["source"]["path"], exc))
    if good:
        try:
            return _with_places(agency_page_files(good, links, lone), good, links), failed
        except Exception as exc:
            failed += [_page_error(r["source"]["path"], exc) for r in good]
    return None, failed


def _with_places(files: dict, reports: list[dict], links: dict[str, str]) -> dict:
    """An agency's files and each report's places file for the viewer (viewer/places/<report id>.json,
    builder/pages/provenance.py): in the agency's group, so it is made again with the agency's page.
    reports: with their provenance (Collection.with_provenance)."""
    for report in reports:
        files.update(places_file(report, links.get(report["source"]["path"])))
    return files


def _stub_page(page: str, title: str, exc: Exception) -> dict[str, str]:
    return {page: front_matter(title) + f"# {md(title)}\n\n此页面生成时出错（{md(internal_error(page, exc))}）。\n"}


class _Pages:
    """Page files made inline, or across processes when many are to be made."""

    def __init__(self, jobs: int, shapes: tuple[Path, str] | None = None):
        self.jobs = jobs
        self.pool = None
        self.shapes = shapes  # (folder, code) the chart shapes are kept by (builder.pages.charts.keep_shapes_in)

    def map(self, job: dict, keys: list):
        """_files_of of each key's task, in order. A task holds references, not copies (an agency's
        provenance is read by whoever writes its page, when it does); a pool's chunks are small, so a
        worker holds a few pages' reports at a time and this process a few chunks' results."""
        shared = {"shapes": self.shapes}
        _init_worker(shared)  # inline, and for the few made here
        tasks = (_task(job, key) for key in keys)
        workers = min(self.jobs or os.cpu_count() or 1, max(1, len(keys) // (POOL_FROM // 2)))
        if workers <= 1:
            return map(_files_of, tasks)
        if self.pool is not None:
            self.pool.shutdown()
        self.pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(shared,),
                                        mp_context=worker_context())
        return self.pool.map(_files_of, tasks, chunksize=max(1, min(16, len(keys) // (workers * 8))))

    def close(self):
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
        _JOB.clear()


def _fill(text: str, name: str, markdown: str, page: str) -> str:
    marker = PLACEHOLDER.format(name)
    if marker not in text:
        raise ReportError(f"{page} 缺少占位符 missing placeholder {marker}")
    return text.replace(marker, markdown)


def _make(tree: DocsTree, pages: _Pages, job: dict, todo: dict, progress: Progress | None = None,
          stage: str = "pages") -> list[Failure]:
    """Write the groups in todo (key → inputs hash); returns the reports whose page failed."""
    keys = list(todo)
    failed: list[Failure] = []
    for done, (key, (files, bad)) in enumerate(zip(keys, pages.map(job, keys), strict=True), start=1):
        if files:
            tree.put(f"{key[0]}:{key[1]}", todo[key] if not bad else None, files)
        failed += bad
        if progress:
            progress(ProgressEvent(stage, done, len(keys), next((f for f in files or () if f.endswith(".md")), None)))
    return failed


# The clock of _timed: wall time (benchmarks/page_phases.py sets time.process_time, for CPU time).
phase_clock = time.perf_counter


@contextlib.contextmanager
def _timed(seconds: dict | None, phase: str):
    """Add the time of the block to seconds[phase] (BuildResult.seconds: every phase of a build)."""
    started = phase_clock()
    try:
        yield
    finally:
        if seconds is not None:
            seconds[phase] = seconds.get(phase, 0.0) + phase_clock() - started


def generate_docs(collection, docs: Path, cache_dir: Path | None = None, jobs: int = 0,
                  state_file: Path | None = None, progress: Progress | None = None,
                  seconds: dict | None = None) -> DocsTree:
    """site_src/ + generated pages and datasets → docs/, incrementally: a group of files whose inputs
    (its reports and the code) hash as last time is left alone, a file is written only when its bytes
    change, and files no longer produced are removed. Reports whose page fails go to collection.failures.
    cache_dir is unused (pages have no cache of their own beyond docs/ and its state file).
    seconds: filled with the wall time of each phase ("agency pages", "region pages", "downloads", …)."""
    docs = Path(docs)
    tree = DocsTree(docs, state_file or docs.parent / DOCS_STATE)
    code = output_fingerprint()
    _put_site_src(tree)
    if not tree.unchanged("viewer:fields", code):  # the template's labels, for every report's places file
        tree.put("viewer:fields", code, fields_file())
    # What a report's pages are made again for: an agency's pages and the downloads read the whole record
    # (hashes); the pages over many reports (regions, years, indexes, quality, explorer) are given its
    # view, without its text and file (shown), so that a narrative edit leaves them alone.
    hashes = {r["id"]: _report_hash(collection, r) for r in collection.reports}
    # (started before this process runs a thread of its own: the downloads may be made in a fork meanwhile)
    downloads_made = start_downloads(tree, collection, code, hashes, jobs)
    shown = _shown_hashes(collection, tree.state_file.parent, code)
    today = date.today()  # which years are complete (builder.pages.years): part of the inputs of the pages that say
    pages = _Pages(jobs, shapes=(tree.state_file.parent, code))
    keep_shapes_in(tree.state_file.parent, code)
    history = _History(collection.reports)
    try:
        # Each report's key figures computed once for all the pages made here (not in the page workers).
        with memoized():
            views = [_view(r) for r in collection.reports]
            roots = region_tree(views)
            with _timed(seconds, "agency pages"):
                published = len(collection.reports)
                _agency_pages(tree, pages, collection, roots, code, hashes, shown, progress)
            with _timed(seconds, "region pages"):
                if len(collection.reports) != published:  # a report whose page failed is on no region's page
                    views = [_view(r) for r in collection.reports]
                    roots = region_tree(views)
                _region_pages(tree, pages, roots, code, shown, progress, today)
            pages.close()
            view_of = {view["id"]: view for view in views}
            parts = {chunk: [view_of[r["id"]] for r in members] for chunk, members in chunks(collection.reports).items()}

            def downloads_done() -> None:  # (waited for as late as can be: only the downloads page reads them)
                with _timed(seconds, "downloads"):
                    downloads_made()

            with _timed(seconds, "explorer data"):
                _explorer_data(tree, views, parts, code, shown)
            with _timed(seconds, "whole-site pages"):  # (the wait for the downloads in it, "downloads" too)
                _whole_site_pages(tree, docs, collection, views, roots, parts, code, shown, today, seconds, history,
                                  downloads_done)
    finally:
        pages.close()
        keep_shapes_in(None)
        with contextlib.suppress(Exception):  # (joined whatever happened: no thread outlives the build)
            history.result()
    return tree


def _report_hash(collection, report: dict) -> str:
    """A report's hash for the pages' inputs: its parse's cache key (its file, sidecar and the parser) and
    what the collection sets after the parse (ids of homophone bodies, the cross-year checks, where the
    file is), or, for a report of no known parse, the whole record (a JSON dump of every report at every
    build cost more than the rest of an unchanged build)."""
    key = getattr(collection, "keys", {}).get(report["source"]["path"])
    if key is None:
        return content_hash(report)
    return _record_digest([key, report["id"], report["agency_id"], report["source"], report["checks"]])


def _record_digest(parts: list) -> str:
    """sha256 of parts of a record, as MessagePack: the hashes of every report at every build (_report_hash,
    _shown_hashes) grew with N (~30 ms at N = 1,000 as sorted JSON, content_hash; MessagePack packs them in
    ~2/5 of the time). Its keys in the record's order: a record read from the caches has its parse's order,
    so a hash that moved for order alone costs a page made again, never a page left stale. What MessagePack
    cannot pack (no record of the caches holds it) is hashed as content_hash does."""
    try:
        return hashlib.sha256(msgpack.packb(parts, use_bin_type=True, datetime=False)).hexdigest()
    except (TypeError, ValueError, OverflowError):
        return content_hash(parts)


# Not given to the pages over many reports (_view): a report's text and its file (the source's sha256
# and size change with every edit). Its agency's pages and the downloads have them.
NOT_SHOWN = ("parts", "preamble", "source")
# Set on a record after its parse, by the collection (ids of homophone bodies, the cross-year checks).
_AFTER_PARSE = ("id", "agency_id", "checks")
EXPLORER_ROWS = "explorer-rows.msgpack"  # build/: the explorer's rows of each report view (builder.pages.explorer.Rows)
QUALITY_ENTRIES = "quality-entries.msgpack"  # build/: the quality lists' entries of each view (KeptParts)
SHOWN_STATE = "shown-state.json"  # build/: each parse's digest of its view (_shown_hashes), by cache key


def _view(report: dict) -> dict:
    """What the pages over many reports read of a report: all of it but NOT_SHOWN."""
    return {k: v for k, v in report.items() if k not in NOT_SHOWN}


def _shown_hashes(collection, folder: Path, code: str) -> dict[str, str]:
    """report id → the hash of its view (_view). The part a parse decides is a function of the parse's
    cache key, so it is hashed once per key and kept in folder/SHOWN_STATE (hashing the views of a
    thousand records, values and all, at every build cost a fifth of a one-report rebuild's pages);
    what the collection set after the parse is hashed with it each time."""
    target = folder / SHOWN_STATE
    try:
        state = json.loads(target.read_text(encoding="utf-8"))
        known = state["digests"] if state.get("code") == code and isinstance(state.get("digests"), dict) else {}
    except (OSError, ValueError, TypeError, KeyError):
        known = {}
    used, out = {}, {}
    keys = getattr(collection, "keys", {})
    for report in collection.reports:
        key = keys.get(report["source"]["path"])
        digest = known.get(key) if key is not None else None
        if not isinstance(digest, str):
            digest = content_hash({k: v for k, v in report.items() if k not in NOT_SHOWN and k not in _AFTER_PARSE})
        if key is not None:
            used[key] = digest
        out[report["id"]] = _record_digest([digest, *(report.get(k) for k in _AFTER_PARSE)])
    if used != known:
        try:
            write_text_atomic(target, json.dumps({"code": code, "digests": used}))
        except OSError as exc:  # the next build hashes them again
            log.warning("%s not written: %s", SHOWN_STATE, exc)
    return out


def _put_site_src(tree: DocsTree) -> None:
    """The hand-written pages, copied as they are (those with a placeholder are filled at the end)."""
    for path in sorted(SITE_SRC.rglob("*")):
        rel = path.relative_to(SITE_SRC).as_posix()
        if path.is_file() and rel not in FILLED:
            tree.put(f"src:{rel}", None, {rel: path})
    # The contributing guide, rendered on the site beside the 如何贡献 page that links it.
    tree.put("src:CONTRIBUTING.md", None, {CONTRIBUTING_PAGE: REPO / "CONTRIBUTING.md"})


def _peer_files(tree: DocsTree, reports: list[dict], code: str, shown: dict[str, str]) -> None:
    """One file per peer group and year (DocsTree: each a group of its own, so a group no report is in any
    more is pruned), made again only when the views of its members (shown: _shown_hashes) or the code
    changed: its JSON made from every report at every build grew with N (0.1 s CPU of a one-report
    rebuild at N = 1,000)."""
    for group, members in peer_groups(reports).items():
        path = group_file(group)
        key, inputs = f"peers:{path}", content_hash(code, sorted(shown[r["id"]] for r in members))
        if not tree.unchanged(key, inputs):
            tree.put(key, inputs, {path: group_json(group, members)})


def _agency_pages(tree: DocsTree, pages: _Pages, collection, roots, code: str, hashes: dict, shown: dict,
                  progress) -> None:
    """An agency's pages, made again when one of its reports, its originals' links or the code changed;
    a report whose page fails is moved from collection.reports to collection.failures."""
    links = original_links(collection.reports)
    # A page's rank among its peers is written in the reader's browser from its group's file
    # (builder/pages/peers.py): a group's file changes with its figures, its members' pages do not.
    _peer_files(tree, collection.reports, code, shown)
    by_agency: dict[str, list[dict]] = {}
    for report in collection.reports:
        by_agency.setdefault(report["agency_id"], []).append(report)
    # The regions of one body alone: its page's place names are not links to their stubs (so an input).
    lone: dict[str, frozenset] = {}
    for region in walk(roots):
        if region.lone_body:
            lone[region.lone_body] = lone.get(region.lone_body, frozenset()) | {region.chain}
    todo = {}
    for agency_id, members in by_agency.items():
        inputs = content_hash(code, [hashes[r["id"]] for r in members],
                              [links.get(r["source"]["path"]) for r in members],
                              sorted(lone.get(agency_id, ())))
        if not tree.unchanged(f"agency:{agency_id}", inputs):
            todo[("agency", agency_id)] = inputs
    failed = _make(tree, pages, {"by_agency": by_agency, "links": links, "lone": lone,
                                 "collection": collection}, todo, progress,
                   "agency pages")
    if failed:
        paths = {f.path for f in failed}
        collection.reports = [r for r in collection.reports if r["source"]["path"] not in paths]
        collection.failures = [*collection.failures, *failed]


def _region_pages(tree: DocsTree, pages: _Pages, roots, code: str, hashes: dict, progress, today) -> None:
    """Each region's pages, made again when one of its reports' views (hashes: shown) or the years its
    and its sub-regions' pages show changed."""
    regions = {region.chain: region for region in walk(roots)}
    for region in regions.values():
        region.year_choice(today)  # which of its years are complete today, and so which its page shows
    todo = {}
    for chain, region in regions.items():
        # Its own reports only, and the years its and its sub-regions' pages show (it links theirs).
        inputs = content_hash(code, [hashes[r["id"]] for r in region.reports], region.choice,
                              [child.choice for child in region.children.values()])
        # Keyed by the names, not region.page: a page's path needs pinyin, loaded only when one is written.
        if not tree.unchanged(f"region:{chain}", inputs):
            todo[("region", chain)] = inputs
    # The pages of a region of one body are stubs sending the reader to its body's page (regions.stub):
    # made here, where the region is, rather than a region's reports pickled to a worker for a few lines.
    job = {"regions": regions, "today": today}
    stubs = {key: inputs for key, inputs in todo.items() if regions[key[1]].lone_body}
    _make(tree, _Pages(1), job, stubs, progress, "region pages")
    _make(tree, pages, job, {key: inputs for key, inputs in todo.items() if key not in stubs}, progress, "region pages")


def _explorer_data(tree: DocsTree, reports: list[dict], parts: dict, code: str, hashes: dict) -> None:
    """The explorer's key figures: per chunk (as the downloads) and per agency (for compare), each made
    again only when one of its reports changed; the rows of the reports in them made once per view
    (builder.pages.explorer.Rows, kept in build/ as EXPLORER_ROWS)."""
    rows = ExplorerRows(hashes, tree.state_file.parent / EXPLORER_ROWS, code)
    for chunk, members in parts.items():
        key, inputs = f"explorer:{chunk}", content_hash(code, [hashes[r["id"]] for r in members])
        if not tree.unchanged(key, inputs):
            tree.put(key, inputs, explorer_chunk_files(members, chunk, rows))
    for year in ranked_years(parts):  # a large year's national rankings, each a bounded file (growth)
        members = [r for m in parts.values() for r in m if r.get("year") == year]
        key, inputs = f"explorer-rank:{year}", content_hash(code, sorted(hashes[r["id"]] for r in members))
        if not tree.unchanged(key, inputs):
            tree.put(key, inputs, year_rank_files(parts, year, rows))
    by_agency: dict[str, list[dict]] = {}
    for report in reports:
        by_agency.setdefault(report["agency_id"], []).append(report)
    for agency_id, members in by_agency.items():
        key, inputs = f"explorer-body:{agency_id}", content_hash(code, [hashes[r["id"]] for r in members])
        if not tree.unchanged(key, inputs):
            tree.put(key, inputs, explorer_body_files(agency_id, members, rows))
    rows.save()


def _history(reports: list[dict]) -> tuple[dict, list]:
    """(the dataset's version, the corrections): of the data folder's checkout, read from git. A folder
    outside git (a test, a scratch build): the builder's own version, no corrections."""
    version = dataset_version(data_folder(reports) or REPO)  # (where the files are: the records')
    return (version if version.commit else dataset_version(REPO)).as_dict(), corrections(reports)


class _History:
    """_history(reports) in a thread, started before the pages: it waits on git (two or three processes,
    most of what the whole-site pages of a one-report rebuild still took), the pages on the CPU."""

    def __init__(self, reports: list[dict]):
        from concurrent.futures import ThreadPoolExecutor

        self.reports = len(reports)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="builder-history")
        self._future = self._pool.submit(_history, list(reports))

    def result(self) -> tuple[dict, list]:
        try:
            return self._future.result()
        finally:
            self._pool.shutdown()


def _agencies_index(tree: DocsTree, roots, reports: list[dict], everything: str, today, unplaced=None) -> None:
    """The 机构 page, made again when a report's view or the year a province's page shows changes (the
    latest complete year, which the date decides too)."""
    choices = [(root.name, root.year_choice(today).year, root.year_choice(today).complete) for root in roots.values()]
    key = content_hash(everything, choices)
    if not tree.unchanged("agencies-index", key):
        tree.put("agencies-index", key, agencies_index_files(roots, reports, today, unplaced))


# build/: the quality lists' entries of each view, a KeptParts file per list group (QUALITY_ENTRIES: the one
# file of older builds, removed), and the list groups' keys and inputs (_quality_pages)
QUALITY_GROUP_ENTRIES = "quality-entries"
QUALITY_GROUPS = "quality-groups.json"


def _quality_unchanged(tree: DocsTree, groups_file: Path, everything: str) -> bool:
    """True, and the quality pages kept, when no report's view changed since the last build (whose list
    groups' keys and inputs groups_file holds): nothing to plan."""
    try:
        last = json.loads(groups_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(last, dict) or last.get("everything") != everything or not isinstance(last.get("groups"), dict):
        return False
    return tree.unchanged("quality-index", everything) and all(
        isinstance(inputs, str) and tree.unchanged(key, inputs) for key, inputs in last["groups"].items())


def _quality_year_page(tree: DocsTree, plan, year: str, years: list[str], code: str, hashes: dict,
                       made: dict) -> None:
    """The page of counts by province of a year listed by province: a group of its own, made again when one
    of its provinces' reports' views changed (made: the groups' inputs, this one's added)."""
    key = f"quality-year:{year}"
    made[key] = inputs = content_hash(code, quality_year_inputs(plan, year, years, hashes))
    if not tree.unchanged(key, inputs):
        tree.put(key, inputs, quality_year_files(plan, year, years))


def _quality_pages(tree: DocsTree, reports: list[dict], code: str, hashes: dict, everything: str,
                   sums: YearSums | None = None) -> None:
    """The quality page, made again when any report's view changed, a year's page of counts by province (a
    group per year listed by province), and the list pages: a group per year and province (plan:
    builder.pages.quality.list_pages; a province past a page, its cities' pages too), made again when one of
    its reports' views or the pages' plan changed, its entries kept by the last build in a file of its own
    (QUALITY_GROUP_ENTRIES/), so that one report added costs its group's pages and file, not every list page and entry (at N = 10,000
    every list page made again and 16 MB of entries read and written at each add). sums: the reports'
    YearSums, whose parts keep the index's counts."""
    folder = tree.state_file.parent / QUALITY_GROUP_ENTRIES
    groups_file = tree.state_file.parent / QUALITY_GROUPS
    if _quality_unchanged(tree, groups_file, everything):
        return
    for old in ("quality-entries.json", QUALITY_ENTRIES):  # (the one file of older builds)
        (tree.state_file.parent / old).unlink(missing_ok=True)
    plan, years, provinces = quality_plan(reports)
    if not tree.unchanged("quality-index", everything):
        tree.put("quality-index", everything, quality_index_files(reports, plan, years, provinces, sums))
    live, made = set(hashes.values()), {}
    for year, split in plan.items():
        if "" not in split:
            _quality_year_page(tree, plan, year, years, code, hashes, made)
        for province in split:
            key = f"quality:{year}:{province}"
            made[key] = inputs = content_hash(code, quality_list_inputs(plan, year, province, years, hashes))
            if tree.unchanged(key, inputs):
                continue
            kept = KeptParts(folder / f"{content_hash(year, province)[:24]}.msgpack", code, live)
            tree.put(key, inputs, quality_list_files(plan, year, province, years, kept_entry(kept, hashes)))
            folder.mkdir(parents=True, exist_ok=True)
            kept.save()
    names = {f"{content_hash(year, province)[:24]}.msgpack" for year, split in plan.items() for province in split}
    with contextlib.suppress(OSError):  # (the entries of a group no longer listed)
        for path in [p for p in folder.iterdir() if p.name not in names]:
            path.unlink(missing_ok=True)
    try:
        write_text_atomic(groups_file, json.dumps({"everything": everything, "groups": made}))
    except OSError as exc:  # the next build plans the lists again
        log.warning("%s not written: %s", QUALITY_GROUPS, exc)


def _whole_site_pages(tree: DocsTree, docs: Path, collection, reports: list[dict], roots, parts: dict, code: str,
                      hashes: dict, today, seconds: dict | None = None, history: _History | None = None,
                      downloads_done: Callable[[], object] = lambda: None) -> None:
    """The pages over the whole collection: made again when any report's view (reports: collection.reports'
    views, hashes: their hashes), a failure or the code changed. history: _History of collection.reports
    as the build began (made again here if a report has left them since). downloads_done: called before the
    pages that read the downloads' files (their sizes), the last made."""
    everything = content_hash(code, [hashes[r["id"]] for r in reports],
                              [(f.path, f.error, f.kind) for f in collection.failures])

    def whole(key: str, make) -> None:
        if not tree.unchanged(key, everything):
            tree.put(key, everything, make())

    # The datapackage names the dataset version; the changelog comes from the sidecars' history (one git log).
    # the data folder's checkout; a folder outside git (a test, a scratch build): the builder's own
    version, changes = history.result() if history is not None else _history(collection.reports)
    if history is not None and len(collection.reports) != history.reports:  # a page failed: its report is out
        version, changes = _history(collection.reports)

    # Each page's inputs are what it shows, so that one report changed makes again only the pages that
    # sum the reports (indexes, quality, the home page), not those of the code alone (the dictionary, the
    # labels a citation quotes), of the failures, or of the chunks' names and sizes (the data package,
    # the downloads page).
    counts = {chunk: len(m) for chunk, m in parts.items()}
    failures = [(f.path, f.error, f.kind, collection.shown_path(f.path)) for f in collection.failures]
    names = {r["id"]: (agency_name(r), r["agency_id"]) for r in reports}
    changed_names = {c.report_id: names.get(c.report_id) for c in changes}

    # The dataset's version, once for the whole site: the footer and the citations read it (pages do
    # not print it, or every commit would rewrite every page); and the labels a citation quotes.
    tree.put("version", None, {VERSION_FILE: json.dumps(version, ensure_ascii=False)})
    whole("regions-index", lambda: regions_index_files(roots, reports))
    # The sums, counts and rankings of the national pages and the quality page: one part per province and
    # year, kept by its members' views (builder.pages.year_parts), so that one report added makes its
    # province's part again, not all.
    sums = YearSums(roots, reports, hashes=hashes)
    sums.keep(tree.state_file.parent / YEAR_PARTS, code)
    _quality_pages(tree, reports, code, hashes, everything, sums)
    _agencies_index(tree, roots, reports, everything, today, sums.unplaced())
    choice = choose_year(reports, today, sums.body_counts())
    put_explorer_files(tree, everything, parts, choice)
    with _timed(seconds, "year pages"):
        _year_pages(tree, roots, reports, code, hashes, choice, sums)
    generated = {"overview": lambda: overview_markdown(reports, today=today, roots=roots, choice=choice, sums=sums),
                 "dictionary": dictionary_markdown, "indicators": indicators_markdown, "crosswalk": crosswalk_markdown}
    for rel, fillers in FILLED.items():
        source = (SITE_SRC / rel).read_text(encoding="utf-8")
        # (the dictionary is the code's alone; the home page's overview sums the reports)
        by_reports = any(name == "overview" for name in fillers)
        key, inputs = f"src:{rel}", content_hash(everything if by_reports else code, source, choice)
        if not tree.unchanged(key, inputs):
            for name in fillers:
                source = _fill(source, name, generated[name](), rel)
            tree.put(key, inputs, {rel: source})
    sums.kept.save()
    downloads_done()
    key, inputs = "data:package", content_hash(code, list(parts), version, changes)
    if not tree.unchanged(key, inputs):
        tree.put(key, inputs, {f"downloads/{rel}": c for rel, c in package_files(list(parts), version, changes).items()})
    # (after the data package: the page gives its size and the corrections file's)
    sizes = {f.removeprefix("downloads/"): (docs / f).stat().st_size for f in tree.files() if f.startswith("downloads/")}
    for key, inputs, make in (
            ("cite-fields", code, lambda: {CITE_FIELDS_FILE: cite_fields_json()}),
            ("chart-shapes", code, lambda: {CHART_SHAPES_FILE: chart_shapes_json()}),  # what pages' charts fill
            ("agency-csv-header", code, lambda: {AGENCY_CSV_HEADER_FILE: agency_csv_header()}),  # agency CSVs' header
            ("failures", content_hash(code, failures),
             lambda: failures_page_files(collection.failures, collection.shown_path)),
            ("downloads", content_hash(code, sizes, counts, len(changes), downloads_url()),
             lambda: downloads_page_files(sizes, counts, len(changes))),
            # (the page links each commit in the repository: its address is an input too)
            ("corrections", content_hash(code, changes, changed_names, repository_url()),
             lambda: corrections_page_files(changes, names, repository_url()))):
        if not tree.unchanged(key, inputs):
            tree.put(key, inputs, make())


def _year_pages(tree: DocsTree, roots, reports: list[dict], code: str, hashes: dict, choice, sums=None) -> None:
    """The national page and the coverage page of each year: made again when a report of that year (or,
    for coverage, which compares the two, of the year before) changed, or which years are complete."""
    years = by_year(reports)
    provinces = [root.choice for root in roots.values()]  # the year pages link each province's page of the year
    key, inputs = "coverage-index", content_hash(code, [hashes[r["id"]] for r in reports], choice)
    if not tree.unchanged(key, inputs):
        tree.put(key, inputs, coverage_index_files(reports, choice, sums))
    for year in choice.years:
        # Two groups: the national page sums its year alone (its rankings are most of a one-report
        # rebuild's year pages), the coverage page compares it with the year before.
        of_year = [hashes[r["id"]] for r in years.get(year, [])]
        inputs = content_hash(code, of_year, choice, provinces)
        if not tree.unchanged(f"year:{year}", inputs):
            tree.put(f"year:{year}", inputs, national_year_files(roots, reports, year, choice, sums))
        inputs = content_hash(code, of_year, [hashes[r["id"]] for r in years.get(year - 1, [])], choice, provinces)
        if not tree.unchanged(f"coverage:{year}", inputs):
            tree.put(f"coverage:{year}", inputs, coverage_year_files(roots, reports, year, choice, sums))


# ---------------------------------------------------------------- MkDocs


def _site_fingerprint(out_dir: Path) -> str:
    """What every rendered page depends on besides its own Markdown: the configuration (nav, theme,
    extensions), the theme overrides, the MkDocs and Material versions, the site folder."""
    from importlib.metadata import version

    parts = [MKDOCS_YML.read_bytes().decode("utf-8", "replace"), str(out_dir.resolve()),
             version("mkdocs"), version("mkdocs-material"), os.environ.get("SITE_URL", ""),
             os.environ.get("SITE_REPOSITORY_URL", ""),
             # (release_files() rewrites the built data package in place: a change makes a clean build)
             os.environ.get(DOWNLOADS_URL_ENV, "")]
    overrides = SITE_SRC / "overrides"
    if overrides.is_dir():
        # (not the bytecode Python writes beside the hooks when MkDocs loads them: written by the first build,
        # it made the second one a clean build)
        parts += [(p.relative_to(SITE_SRC).as_posix(), p.read_bytes().hex()) for p in sorted(overrides.rglob("*"))
                  if p.is_file() and "__pycache__" not in p.relative_to(overrides).parts]
    return content_hash(*parts)


# MkDocs says this on every --dirty build; the build here decides when one is right (see _build).
_DIRTY_WARNING = "A 'dirty' build is being performed"


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        if record.getMessage().startswith(_DIRTY_WARNING):
            return
        self.messages.append(record.getMessage())
        log.warning("MkDocs %s: %s", record.levelname, record.getMessage())


def _remove_outputs(config, removed: list[str]) -> None:
    """Before a dirty build: the HTML (or copy) of every docs file no longer generated."""
    from mkdocs.structure.files import File

    site = Path(config.site_dir)
    for rel in removed:
        target = Path(File(rel, config.docs_dir, config.site_dir, config.use_directory_urls).abs_dest_path)
        target.unlink(missing_ok=True)
        folder = target.parent
        while folder != site and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


# Where builds before this one kept the compiled templates: build/templates, a folder of the checkout's
# build state (a branch could bring a file there that Jinja would load, and so run). Removed, never read.
OLD_TEMPLATE_CACHE = "templates"


def _template_cache(folder: Path | None = None):
    """A MkDocs plugin giving Jinja a bytecode cache: MkDocs compiles Material's templates again in every
    build (0.2–0.3 s of CPU, more than the rest of a dirty build of one page); Jinja checks each
    template's source against the cached code, so a changed override is compiled afresh. The cache's
    files are code Jinja runs, so by default they are in Jinja's own folder for them (folder None): one
    per user in the system's temporary folder, made mode 0700 and refused unless this user owns it
    (jinja2.bccache), out of reach of anything a checkout, a branch or a restored build cache brings.
    Keyed by each template's path and source, so the sites and checkouts of one user share it safely."""
    from jinja2 import FileSystemBytecodeCache
    from mkdocs.plugins import BasePlugin

    class TemplateCache(BasePlugin):
        def on_env(self, env, /, *, config, files):
            try:
                if folder is not None:
                    folder.mkdir(parents=True, exist_ok=True)
                env.bytecode_cache = FileSystemBytecodeCache(str(folder) if folder is not None else None)
            except (OSError, RuntimeError) as exc:  # no safe folder (Jinja's check): compiled every build
                log.warning("Jinja bytecode cache off: %s", exc)
            return env

    return TemplateCache()


def _html_of(page: str) -> str:
    """The site path of a docs page's HTML, as MkDocs writes it with use_directory_urls (mkdocs.yml):
    a/index.md → a/index.html, a/b.md → a/b/index.html."""
    stem = page.removesuffix(".md")
    folder, _, name = stem.rpartition("/")
    if name in ("index", "README"):  # (README.md: a folder's index, as MkDocs takes it)
        return f"{folder}/index.html" if folder else "index.html"
    return f"{stem}/index.html"


def _site_pages(docs_files: list[str]) -> list[str]:
    """The site's HTML pages of these docs files: a page's, and an HTML file copied as it is."""
    return [_html_of(rel) if rel.endswith(".md") else rel for rel in docs_files if rel.endswith((".md", ".html"))]


def run_mkdocs(docs: Path, out_dir: Path, *, dirty: bool = False, removed: list[str] = (),
               template_cache: Path | bool = False, spill: Path | None = None,
               changed: list[str] | None = None, pages: Iterable[str] = (), empty: Path | None = None) -> list[str]:
    """MkDocs through its Python API with the repository's mkdocs.yml. Returns its warnings.

    dirty: render only the pages whose Markdown is newer than their HTML (`mkdocs build --dirty`);
    removed: docs files gone since the last build, whose outputs are deleted first;
    template_cache: True for Jinja's own per-user folder of compiled templates (_template_cache), or a
    folder of the caller's (whose files Jinja loads: never one a checkout can bring); False: none;
    spill: a folder for the rendered pages between MkDocs' passes (builder/page_spill.py), not memory;
    changed (with dirty): the docs files written since the last build, all of them; MkDocs is then shown
    only those (builder/mkdocs_partial.py), pages being every docs file and empty a folder for it to walk."""
    return _render_mkdocs(_load_mkdocs(docs, out_dir), docs, out_dir, dirty=dirty, removed=removed,
                          template_cache=template_cache, spill=spill, changed=changed, pages=pages, empty=empty)


def _early_render(loaded, **orders) -> list[str]:
    """What the fork of builder/mkdocs_early.py renders with: run_mkdocs' second half."""
    return _render_mkdocs(loaded, orders.pop("docs"), orders.pop("out_dir"), **orders)


def _load_mkdocs(docs: Path, out_dir: Path):
    """run_mkdocs' first half, which depends on no page (builder/mkdocs_early.py runs it early): MkDocs
    imported and the configuration loaded. Returns (config, the warnings said while loading it)."""
    import mkdocs.commands.build  # noqa: F401  (loaded here, not when rendering)
    from mkdocs.config import load_config

    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(config_file=str(MKDOCS_YML), docs_dir=str(docs.resolve()),
                             site_dir=str(out_dir.resolve()))
    finally:
        logger.removeHandler(handler)
    return config, handler.messages


def _render_mkdocs(loaded, docs: Path, out_dir: Path, *, dirty: bool = False, removed: list[str] = (),
                   template_cache: Path | bool = False, spill: Path | None = None,
                   changed: list[str] | None = None, pages: Iterable[str] = (), empty: Path | None = None) -> list[str]:
    """run_mkdocs' second half, over what _load_mkdocs returned."""
    from mkdocs.commands.build import build

    config, messages = loaded
    handler = _Collect()
    handler.messages = list(messages)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        if template_cache is not False and template_cache is not None:
            config.plugins["builder-template-cache"] = _template_cache(
                None if template_cache is True else Path(template_cache))
        if spill is not None:
            config.plugins["builder-page-spill"] = page_spill(Path(spill))
        if dirty:
            _remove_outputs(config, list(removed))
        empty = empty or docs.parent / "mkdocs-empty"
        if dirty and changed is not None:
            config.plugins["builder-partial"] = partial_build(docs, empty, changed, pages)
        else:  # MkDocs writes its own sitemap: the partial build's record of the last one it wrote is not it
            (empty.parent / SITEMAP_STATE).unlink(missing_ok=True)
        # Search is Pagefind's, run over the built site afterwards (builder/search.py): mkdocs.yml turns
        # Material's search plugin off, so no lunr index (and no jieba) here.
        build(config, dirty=dirty)
    finally:
        logger.removeHandler(handler)
    return handler.messages


@contextlib.contextmanager
def build_lock(*folders: Path):
    """One build at a time per build/ and site/ folder: a second one is refused in one line, not raced.
    flock is released by the kernel when the process dies, so an interrupted build leaves no stale lock."""
    handles = []
    try:
        for folder in folders:
            folder = Path(folder)
            lock = folder.parent / f".{folder.name}.lock"
            lock.parent.mkdir(parents=True, exist_ok=True)
            handle = lock.open("a")
            handles.append(handle)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ReportError(f"另一个构建正在使用 {folder.as_posix()}，请等它结束 another build is using "
                                  f"{folder.as_posix()}; wait for it to finish") from None
        yield
    finally:
        for handle in handles:
            handle.close()


def default_build_dir(out_dir: Path) -> Path:
    """Where a build into out_dir keeps its state (the generated docs and what the last build was made
    with) unless told: beside out_dir, named after it (site → site-build), so that two sites built from
    one folder never share, or overwrite, each other's state."""
    out_dir = Path(out_dir)
    return out_dir.parent / f"{out_dir.name}-build"


def _check_folders(build_dir: Path, out_dir: Path, data_dir: Path, cache_dir: Path | None = None) -> None:
    """The build folder and the site apart: MkDocs refuses docs/ inside the site (a clean build deletes
    the site's contents), and one folder for both is locked twice (build_lock). The data apart from both:
    a clean build would delete the reports, or read the site's pages as reports next time. Said before
    any work."""
    build, out, data = build_dir.resolve(), out_dir.resolve(), data_dir.resolve()
    for folder, option in ((out, "--out"), (build, "--build-dir")):
        if folder == data or data in folder.parents or folder in data.parents:
            raise ReportError(f"{option} {folder.as_posix()} 与数据目录 {data_dir.as_posix()} 不能相同或互相包含 "
                              f"{option} and the data folder (--data) must be apart, neither inside the other")
    if cache_dir is not None:  # the parse cache written among the reports, or in the site a clean build empties
        cache = cache_dir.resolve()
        for folder, option in ((data, "--data"), (out, "--out")):
            if cache == folder or folder in cache.parents or cache in folder.parents:
                raise ReportError(f"缓存目录 {cache_dir.as_posix()} 与 {option} {folder.as_posix()} 不能相同或互相包含 "
                                  f"the cache folder (--cache-dir) and {option} must be apart, neither inside the other")
    docs = build / "docs"
    if build == out or out in build.parents or docs == out or docs in out.parents:
        raise ReportError(f"构建目录 {build_dir.as_posix()} 与网站目录 {out_dir.as_posix()} 不能相同或互相包含 "
                          "the build folder (--build-dir) and the site (--out) must be apart, neither inside "
                          "the other's files")


FAILURES_SAID = 20  # failed reports named in the build's log (all of them are on the site's 未能解析 page)


def _printable(text: str) -> str:
    """text with its control and other unprintable characters escaped, for a terminal or a CI log (a file
    name from a pull request may carry ANSI escapes or line breaks)."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _say_failures(collection) -> None:
    """Name in the log the reports that failed, and where the site lists them all."""
    for failure in collection.failures[:FAILURES_SAID]:
        log.warning("未能解析 failed: %s — %s", _printable(collection.shown_path(failure.path)),
                    _printable(failure.error))
    if len(collection.failures) > FAILURES_SAID:
        log.warning("……另有 %d 份 and %d more", len(collection.failures) - FAILURES_SAID,
                    len(collection.failures) - FAILURES_SAID)
    if collection.failures:
        log.warning("全部列在网站的“未能解析”页 all are listed on the site's page failures/")


def build_site(data_dir: Path, out_dir: Path, jobs: int = 0, build_dir: Path | None = None,
               cache_dir: Path | None = Path(".cache"), limits: WorkerLimits = DEFAULT_WORKER_LIMITS,
               progress: Progress | None = None) -> BuildResult:
    """Parse every report under data_dir, write pages and datasets into build_dir/docs and the site into
    out_dir (build_dir None: default_build_dir(out_dir)). Says what it did through logging (builder.site,
    INFO); progress(ProgressEvent) after each report parsed ("parse") and each page written ("pages")."""
    build_dir = Path(build_dir) if build_dir is not None else default_build_dir(out_dir)
    _check_folders(build_dir, Path(out_dir), Path(data_dir), Path(cache_dir) if cache_dir is not None else None)
    with build_lock(build_dir, Path(out_dir)):
        try:
            return _build(Path(data_dir), Path(out_dir), jobs, build_dir, cache_dir, limits, progress)
        finally:
            EarlyMkDocs.close_all()  # (before the lock is let go: a fork holds its file too)
            gc.unfreeze()  # (frozen in _build: the collector's walks are the caller's again)


def _build(data_dir: Path, out_dir: Path, jobs: int, build_dir: Path, cache_dir: Path | None,
           limits: WorkerLimits, progress: Progress | None) -> BuildResult:
    result = BuildResult()
    t = time.perf_counter()
    # A dirty build (only the pages that changed) when the last build into out_dir finished with the
    # same configuration, theme and versions; anything else, or an interrupted build, gets a clean one.
    # Decided before the parse (nothing the parse does changes it) so that a dirty build's MkDocs loads in
    # a fork while the parse and the pages run (builder/mkdocs_early.py).
    state, fingerprint = build_dir / SITE_STATE, _site_fingerprint(out_dir)
    try:
        result.dirty = (json.loads(state.read_text(encoding="utf-8")) == {"site": fingerprint}
                        and (out_dir / "index.html").is_file())
    except (OSError, ValueError):
        result.dirty = False
    docs = build_dir / "docs"
    early = EarlyMkDocs.start(functools.partial(_load_mkdocs, docs, out_dir), _early_render) \
        if result.dirty and docs.is_dir() else None
    collection = collect_reports(data_dir, cache_dir, jobs, limits=limits, progress=progress,
                                 meanwhile=import_encoders_meanwhile)
    # The records (and the modules loaded) live to the end of the build and hold no reference cycles: out
    # of the cyclic collector's full walks, each of which went over every record (0.06–0.1 s a time at
    # N = 1,000, a few times a one-report rebuild). Refcounting still frees them; build_site unfreezes.
    gc.freeze()
    result.parsed = collection.parsed
    result.seconds["parse"] = time.perf_counter() - t
    log.info("报告 reports: %d 份解析成功，%d 份未能解析，%d 份本次解析", len(collection.reports),
             len(collection.failures), result.parsed)
    _say_failures(collection)

    t = time.perf_counter()
    # The state is removed before a docs file is written: a build interrupted after writing some (their
    # new bytes are there, so the next build does not write them again, and MkDocs is shown only the
    # files written: builder/mkdocs_partial.py) leaves none, and the next build is a clean one.
    state.unlink(missing_ok=True)
    shutil.rmtree(build_dir / OLD_TEMPLATE_CACHE, ignore_errors=True)  # (code an older build kept: never loaded)
    tree = generate_docs(collection, docs, cache_dir, jobs, state_file=build_dir / DOCS_STATE,
                         progress=progress, seconds=result.seconds)
    with _timed(result.seconds, "prune"):
        removed = tree.prune()
    result.pages = sum(f.endswith(".md") for f in tree.files())
    result.written, result.removed = len(tree.written), len(removed)
    result.reports, result.failures = len(collection.reports), len(collection.failures)
    result.seconds["pages"] = time.perf_counter() - t
    log.info("页面 pages: %d 个页面，本次写入 %d 个文件、删除 %d 个 → %s；MkDocs 构建中 …", result.pages,
             result.written, len(removed), docs)

    t = time.perf_counter()
    if result.dirty and not tree.written and not removed:
        # Not one generated file changed: the site of the last build is this build's (to force a clean
        # build, delete site/ or site-build/site-state.json).
        log.info("网站 site: 没有改动的页面，MkDocs 不必运行 nothing changed, MkDocs not run")
        if early is not None:
            early.close()
        write_if_changed(state, json.dumps({"site": fingerprint}))
    else:
        # What the search index reads in the pages about to be rendered again, before they are: a page
        # whose search text comes out the same does not make its bundle indexed again (builder/search.py).
        before = digests_before(out_dir, [_html_of(rel) for rel in tree.written if rel.endswith(".md")]) \
            if result.dirty else {}
        # A dirty build indexes its few changed pages in the recent bundle: Pagefind, started now, loads its
        # Chinese dictionary while MkDocs renders (builder/search.py PagefindService).
        with PagefindService() if result.dirty else contextlib.nullcontext() as pagefind:
            orders = dict(dirty=result.dirty, removed=removed, template_cache=True, spill=build_dir / "page-content",
                          changed=tree.written, pages=tree.files(), empty=build_dir / "mkdocs-empty")
            warnings = early.render(docs=docs, out_dir=out_dir, **orders) if early is not None else None
            result.mkdocs_forked = warnings is not None
            result.mkdocs_warnings = warnings if warnings is not None else run_mkdocs(docs, out_dir, **orders)
            result.seconds["mkdocs"] = time.perf_counter() - t
            # Pagefind over the search bundles whose pages changed (builder/search.py); the state is written
            # after it, so an interrupted indexing gets a clean build next time.
            # (MkDocs renders its 404 page in every build.)
            indexed = index_site(out_dir, build_dir, before=before, removed=_site_pages(removed),
                                 rendered=[*_site_pages(tree.written), "404.html"] if result.dirty else None,
                                 service=pagefind)
        result.seconds["search"], result.search_bundles = indexed["seconds"], indexed["bundles"]
        write_if_changed(state, json.dumps({"site": fingerprint}))
    result.seconds.setdefault("mkdocs", time.perf_counter() - t)
    log.info("网站 site: %s（解析 %.1fs，页面 %.1fs，MkDocs %.1fs，搜索索引 %.1fs%s）", out_dir, result.seconds["parse"],
             result.seconds["pages"], result.seconds["mkdocs"], result.seconds.get("search", 0.0),
             "，只渲染改动的页面" if result.dirty else "")
    return result


def serve_site(data_dir: Path, port: int = 8000, build_dir: Path = Path("build"),
               progress: Progress | None = None) -> None:
    """Build into build/site and serve it on 127.0.0.1 until interrupted."""
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    out_dir = Path(build_dir) / "site"
    build_site(data_dir, out_dir, build_dir=build_dir, progress=progress)
    handler = partial(SimpleHTTPRequestHandler, directory=str(out_dir))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise ReportError(f"端口 {port} 无法使用 cannot listen on port {port}: {exc.strerror}") from exc
    log.info("预览 preview: http://127.0.0.1:%d/ （Ctrl-C 结束）", port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
