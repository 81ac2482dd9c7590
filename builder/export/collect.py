"""Find every report under data/, parse them in parallel, and cache each result.

A parse result is cached in ``.cache/parse/`` under a key made of the file's
sha256, the sidecar's content and ``PARSER_VERSION``: a rebuild with nothing
changed reads JSON instead of parsing again. A report that cannot be parsed
becomes a ``Failure`` (its one-line error); the others still build.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from builder.errors import ReportError


@dataclass(frozen=True)
class Failure:
    path: str  # the report file, as found under data/
    error: str  # ReportError's one line


@dataclass
class Collection:
    reports: list[dict] = field(default_factory=list)  # sorted by agency, then year
    failures: list[Failure] = field(default_factory=list)
    parsed: int = 0  # how many were parsed now (the rest came from the cache)


def report_files(data_dir: Path) -> list[Path]:
    """Every file under data/reports/ (or data/ itself) a reader knows; sidecars are not reports."""
    from builder.read import READERS

    root = data_dir / "reports" if (data_dir / "reports").is_dir() else data_dir
    if not root.is_dir():
        raise ReportError(f"找不到数据目录 data folder not found: {data_dir}")
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in READERS)


def cache_key(path: Path) -> str:
    from builder.parse import PARSER_VERSION
    from builder.sidecar import sidecar_path

    digest = hashlib.sha256()
    digest.update(f"parser {PARSER_VERSION}\n".encode())
    digest.update(path.read_bytes())
    sidecar = sidecar_path(path)
    if sidecar is not None:
        digest.update(b"\nsidecar\n" + sidecar.read_bytes())
    return digest.hexdigest()


def worker_context():
    """Worker processes start from a clean server process, not a fork of this one: a fork of a process
    that has already run vl-convert (its runtime's threads and locks) deadlocks on the next chart."""
    import multiprocessing

    return multiprocessing.get_context("forkserver")


def _parse_one(path: str) -> tuple[str, dict | str]:
    """Runs in a worker process: ("ok", report) or ("error", one line)."""
    from builder.parse import parse_report

    try:
        return "ok", parse_report(path)
    except ReportError as exc:
        return "error", str(exc)
    except Exception as exc:  # a parser bug must not stop the other 999 reports; the page shows it
        return "error", f"解析程序出错 parser error ({type(exc).__name__}: {str(exc)[:160]})"


def _progress(done: int, total: int, started: int) -> None:
    step = max(1, total // 10)
    if done == total or (done - started) % step == 0:
        print(f"解析 parse: {done}/{total}", file=sys.stderr, flush=True)


def collect_reports(data_dir: Path, cache_dir: Path | None, jobs: int = 0) -> Collection:
    files = report_files(Path(data_dir))
    results: dict[Path, tuple[str, dict | str]] = {}
    keys: dict[Path, str] = {}
    todo: list[Path] = []
    for path in files:
        keys[path] = cache_key(path)
        cached = cache_dir / "parse" / f"{keys[path]}.json" if cache_dir else None
        if cached is not None and cached.is_file():
            results[path] = tuple(json.loads(cached.read_text(encoding="utf-8")))
        else:
            todo.append(path)

    workers = jobs or os.cpu_count() or 1
    started = len(files) - len(todo)
    if todo:
        print(f"解析 parse: {len(todo)} 份报告待解析, {started} 份来自缓存 (cache), {workers} 个进程",
              file=sys.stderr, flush=True)
    if len(todo) > 1 and workers > 1:
        with ProcessPoolExecutor(max_workers=min(workers, len(todo)), mp_context=worker_context()) as pool:
            chunk = max(1, len(todo) // (workers * 8))
            for done, (path, result) in enumerate(
                    zip(todo, pool.map(_parse_one, [p.as_posix() for p in todo], chunksize=chunk),
                        strict=True), start=started + 1):
                results[path] = result
                _progress(done, len(files), started)
    else:
        for done, path in enumerate(todo, start=started + 1):
            results[path] = _parse_one(path.as_posix())
            _progress(done, len(files), started)

    if cache_dir:
        (cache_dir / "parse").mkdir(parents=True, exist_ok=True)
        for path in todo:
            target = cache_dir / "parse" / f"{keys[path]}.json"
            target.write_text(json.dumps(results[path], ensure_ascii=False), encoding="utf-8")

    out = Collection(parsed=len(todo))
    for path in files:
        status, result = results[path]
        if status == "ok":
            report = dict(result)
            # The cache may hold the same file found at another path: say where it is now.
            report["source"] = {**report["source"], "path": path.as_posix(), "file": path.name}
            out.reports.append(report)
        else:
            out.failures.append(Failure(path.as_posix(), str(result)))
    _unique_ids(out)
    _add_cross_year_checks(out.reports)
    out.reports.sort(key=lambda r: (r["agency_id"], r.get("year") or 0, r["id"]))
    return out


def _unique_ids(out: Collection) -> None:
    """Two files of the same agency and year would publish under one id: keep the first, list the other."""
    seen: dict[str, str] = {}
    kept = []
    for report in out.reports:
        if report["id"] in seen:
            out.failures.append(Failure(report["source"]["path"],
                                        f"与 {seen[report['id']]} 重复 duplicate of the same agency and year "
                                        f"(id {report['id']})"))
            continue
        seen[report["id"]] = report["source"]["path"]
        kept.append(report)
    out.reports = kept


def _add_cross_year_checks(reports: list[dict]) -> None:
    from builder.check import cross_year_checks

    by_id = {r["id"]: r for r in reports}
    for report_id, check in cross_year_checks(reports):
        report = by_id[report_id]
        check = {**check, "acknowledged": check["rule"] in (report.get("known_issues") or [])}
        report["checks"] = [*report["checks"], check]
