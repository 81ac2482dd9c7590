"""Build the static site: parse every report, write pages and datasets, run MkDocs.

    build_site(data_dir, out_dir)   data/ → build/docs/ (site_src/ + generated pages) → MkDocs → site/
    serve_site(data_dir, port)      build, then serve the result on 127.0.0.1

The MkDocs configuration is the repository's mkdocs.yml (the one source of
truth); only docs_dir and site_dir are pointed at the folders of this build.
Hand-written pages in site_src/ may hold ``<!-- generated: NAME -->``, which is
replaced by the generated Markdown of that name (the overview, the dictionary).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from builder.batch import (
    DEFAULT_WORKER_LIMITS,
    Failure,
    WorkerLimits,
    collect_reports,
    internal_error,
    worker_context,
)
from builder.errors import ReportError
from builder.export import write_datasets
from builder.pages.agency import write_agency_page
from builder.pages.common import agency_page, front_matter, md, page_chain, region_chain
from builder.pages.downloads import dictionary_markdown, write_downloads_page
from builder.pages.lists import write_agencies_index, write_failures_page
from builder.pages.overview import overview_markdown
from builder.pages.quality import write_quality_page
from builder.pages.regions import region_tree, walk, write_region_page, write_regions_index
from builder.search import index_site

REPO = Path(__file__).resolve().parents[1]
MKDOCS_YML = REPO / "mkdocs.yml"
SITE_SRC = REPO / "site_src"
PLACEHOLDER = "<!-- generated: {} -->"
JIEBA_USER_DICT = "jieba_user_dict.txt"
# Longest first: 宁夏回族自治区 → 宁夏, 月牙湖乡 → 月牙湖 (the short names people type).
PLACE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "自治旗",
                  "地区", "街道", "省", "市", "区", "县", "旗", "盟", "乡", "镇")


@dataclass
class BuildResult:
    reports: int = 0
    failures: int = 0
    parsed: int = 0  # parsed now; the rest came from the cache
    pages: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # per phase
    mkdocs_warnings: list[str] = field(default_factory=list)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# Pages are independent and their SVGs (vl-convert) cost the most: they are written across processes.
# Each worker receives the whole job once (initializer), then only keys, so reports are pickled once per worker.
_JOB: dict = {}


def _init_worker(job: dict) -> None:
    _JOB.update(job)


def _write_one(key) -> tuple[str | None, list[Failure]]:
    """(the page written or None, the reports that could not be published on it)."""
    kind, ident = key
    docs, cache_dir = _JOB["docs"], _JOB["cache_dir"]
    if kind == "region":
        region = _JOB["regions"][ident]
        try:
            return write_region_page(region, docs, cache_dir), []
        except Exception as exc:  # a bug in an aggregate page: say so on the page, keep the site
            return _stub_page(docs, region.page, region.name, exc), []
    reports = _JOB["by_agency"][ident]
    try:
        return write_agency_page(reports, docs, cache_dir), []
    except Exception:
        pass
    # Whatever went wrong (a page, a chart, a strange value), it is one report's doing or the page's:
    # find the reports that fail alone, publish the others, list those on the 未能解析 page.
    good, failed = [], []
    for report in reports:
        try:
            write_agency_page([report], docs, cache_dir)
            good.append(report)
        except Exception as exc:
            failed.append(Failure(report["source"]["path"], "生成页面时" + internal_error(report["source"]["path"], exc),
                                  "internal"))
    shutil.rmtree(docs / Path(agency_page(reports[-1]["agency_id"])).parent, ignore_errors=True)
    if good:
        try:
            return write_agency_page(good, docs, cache_dir), failed
        except Exception as exc:
            failed += [Failure(r["source"]["path"], "生成页面时" + internal_error(r["source"]["path"], exc), "internal")
                       for r in good]
            shutil.rmtree(docs / Path(agency_page(reports[-1]["agency_id"])).parent, ignore_errors=True)
    return None, failed


def _stub_page(docs: Path, page: str, title: str, exc: Exception) -> str:
    (docs / page).parent.mkdir(parents=True, exist_ok=True)
    (docs / page).write_text(front_matter(title) + f"# {md(title)}\n\n此页面生成时出错（{md(internal_error(page, exc))}）。\n",
                             encoding="utf-8")
    return page


def _write_pages(job: dict, keys: list, jobs: int) -> tuple[list[str], list[Failure]]:
    step = max(1, len(keys) // 10)
    workers = min(jobs or os.cpu_count() or 1, max(1, len(keys) // 20))
    pages: list[str] = []
    failures: list[Failure] = []
    if workers <= 1:
        _init_worker(job)
        results = map(_write_one, keys)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(job,),
                                   mp_context=worker_context())
        results = pool.map(_write_one, keys, chunksize=max(1, len(keys) // (workers * 8)))
    try:
        for done, (page, failed) in enumerate(results, start=1):
            if page:
                pages.append(page)
            failures += failed
            if done % step == 0 or done == len(keys):
                _say(f"页面 pages: {done}/{len(keys)}")
    finally:
        if pool is not None:
            pool.shutdown()
        _JOB.clear()
    return pages, failures


def _fill(page: Path, name: str, markdown: str) -> None:
    text = page.read_text(encoding="utf-8")
    marker = PLACEHOLDER.format(name)
    if marker not in text:
        raise ReportError(f"{page} 缺少占位符 missing placeholder {marker}")
    page.write_text(text.replace(marker, markdown), encoding="utf-8")


def _jieba_user_dict(reports: list[dict], path: Path) -> None:
    """Place names as whole words, so jieba does not split 韵家口镇 into 韵家/口镇 and search finds them."""
    words = set()
    for report in reports:
        for _level, name in region_chain(report):
            words.add(name)
            for suffix in PLACE_SUFFIXES:
                if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                    words.add(name[: -len(suffix)])
                    break
    # One word a line, "word freq tag": a name holding white space would add lines of its own.
    words = {w for w in words if w and not any(ch.isspace() for ch in w) and w.isprintable()}
    path.write_text("".join(f"{w} 100000 ns\n" for w in sorted(words)), encoding="utf-8")


def generate_docs(collection, docs: Path, cache_dir: Path | None, jobs: int = 0) -> int:
    """site_src/ + generated pages and datasets → docs/. Returns the number of pages."""
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(SITE_SRC, docs)
    reports = collection.reports

    by_agency: dict[str, list[dict]] = {}
    for report in reports:
        by_agency.setdefault(report["agency_id"], []).append(report)
    roots = region_tree(reports)
    regions = {region.chain: region for region in walk(roots)}
    job = {"by_agency": by_agency, "regions": regions, "docs": docs, "cache_dir": cache_dir}
    keys = [("agency", a) for a in by_agency] + [("region", chain) for chain in regions]
    pages, failed = _write_pages(job, keys, jobs)
    if failed:
        reports = _drop_failed(collection, failed, docs, cache_dir, regions)
        roots = region_tree(reports)

    pages.append(write_regions_index(roots, reports, docs))
    pages.append(write_agencies_index(reports, docs))
    pages.append(write_quality_page(reports, docs))
    pages.append(write_failures_page(collection.failures, docs))

    files = write_datasets(reports, docs / "downloads")
    pages.append(write_downloads_page(docs, {n: p.stat().st_size for n, p in files.items()}, len(reports)))
    _fill(docs / "index.md", "overview", overview_markdown(reports, docs, cache_dir))
    _fill(docs / "dictionary" / "index.md", "dictionary", dictionary_markdown())
    return len(pages)


def _drop_failed(collection, failed: list[Failure], docs: Path, cache_dir: Path | None, regions: dict) -> list[dict]:
    """Take reports whose page failed out of the collection, onto the failures page, and rewrite the
    region pages that counted them."""
    paths = {f.path for f in failed}
    bad = [r for r in collection.reports if r["source"]["path"] in paths]
    collection.reports = [r for r in collection.reports if r["source"]["path"] not in paths]
    collection.failures = [*collection.failures, *failed]
    stale = {page_chain(region_chain(r))[: i + 1] for r in bad for i in range(len(page_chain(region_chain(r))))}
    now = {region.chain: region for region in walk(region_tree(collection.reports))}
    job = {"by_agency": {}, "regions": now, "docs": docs, "cache_dir": cache_dir}
    _init_worker(job)
    try:
        for chain in stale:
            if chain in now:
                _write_one(("region", chain))
            else:
                (docs / regions[chain].page).unlink(missing_ok=True)
    finally:
        _JOB.clear()
    return collection.reports


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())
        _say(f"MkDocs {record.levelname}: {record.getMessage()}")


def run_mkdocs(docs: Path, out_dir: Path, user_dict: Path | None) -> list[str]:
    """MkDocs through its Python API with the repository's mkdocs.yml. Returns its warnings."""
    import jieba
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    jieba.setLogLevel(logging.WARNING)  # not "Building prefix dict…" on every build
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(config_file=str(MKDOCS_YML), docs_dir=str(docs.resolve()),
                             site_dir=str(out_dir.resolve()))
        search = next((p for name, p in config.plugins.items() if name.endswith("search")), None)
        if user_dict is not None and search is not None:  # Material's search, if a config turns it on
            search.config.jieba_dict_user = str(user_dict.resolve())
        build(config)
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


def _parse_progress():
    started = time.perf_counter()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if done == total or time.perf_counter() - last[0] > 5:
            last[0] = time.perf_counter()
            _say(f"解析 parse: {done}/{total}（{time.perf_counter() - started:.0f}s）")

    return progress


def build_site(data_dir: Path, out_dir: Path, jobs: int = 0, build_dir: Path = Path("build"),
               cache_dir: Path | None = Path(".cache"), limits: WorkerLimits = DEFAULT_WORKER_LIMITS) -> BuildResult:
    with build_lock(Path(build_dir), Path(out_dir)):
        return _build(Path(data_dir), Path(out_dir), jobs, Path(build_dir), cache_dir, limits)


def _build(data_dir: Path, out_dir: Path, jobs: int, build_dir: Path, cache_dir: Path | None,
           limits: WorkerLimits) -> BuildResult:
    result = BuildResult()
    t = time.perf_counter()
    collection = collect_reports(data_dir, cache_dir, jobs, limits=limits, progress=_parse_progress())
    result.parsed = collection.parsed
    result.seconds["parse"] = time.perf_counter() - t
    _say(f"报告 reports: {len(collection.reports)} 份解析成功，{len(collection.failures)} 份未能解析，"
         f"{result.parsed} 份本次解析")

    t = time.perf_counter()
    docs = build_dir / "docs"
    result.pages = generate_docs(collection, docs, cache_dir, jobs)
    result.reports, result.failures = len(collection.reports), len(collection.failures)
    user_dict = build_dir / JIEBA_USER_DICT
    _jieba_user_dict(collection.reports, user_dict)
    result.seconds["pages"] = time.perf_counter() - t
    _say(f"页面 pages: 已生成 {result.pages} 个页面 → {docs}；MkDocs 构建中 …")

    t = time.perf_counter()
    result.mkdocs_warnings = run_mkdocs(docs, out_dir, user_dict)
    result.seconds["mkdocs"] = time.perf_counter() - t
    result.seconds["search"] = index_site(out_dir)["seconds"]  # Pagefind over the built site
    _say(f"网站 site: {out_dir}（解析 {result.seconds['parse']:.1f}s，页面 {result.seconds['pages']:.1f}s，"
         f"MkDocs {result.seconds['mkdocs']:.1f}s）")
    return result


def serve_site(data_dir: Path, port: int = 8000, build_dir: Path = Path("build")) -> None:
    """Build into build/site and serve it on 127.0.0.1 until interrupted."""
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    out_dir = Path(build_dir) / "site"
    build_site(data_dir, out_dir, build_dir=build_dir)
    handler = partial(SimpleHTTPRequestHandler, directory=str(out_dir))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise ReportError(f"端口 {port} 无法使用 cannot listen on port {port}: {exc.strerror}") from exc
    _say(f"预览 preview: http://127.0.0.1:{port}/ （Ctrl-C 结束）")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
