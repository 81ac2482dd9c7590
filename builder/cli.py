"""The command line: a thin click layer over functions you can import.

    python -m builder parse FILE [--json]
    python -m builder schema
    python -m builder build [--data data] [--out site] [--build-dir site-build]
    python -m builder serve
    python -m builder release-files [--site site] [--out release] [--url URL] [--build-dir site-build]
    python -m builder add FILE [--agency … --year … --region … --source-url … --published …]
    python -m builder validate [PATHS…]

Every command turns a ReportError (or an unreadable path) into one line on
stderr and a non-zero exit; a traceback is a bug.

The library never prints; this module is where its results, its log (the ``builder``
logger at INFO, one plain line a record on stderr) and its progress (a bar on a
terminal, a line now and then in CI) reach the user.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from builder.errors import ReportError

if TYPE_CHECKING:  # logging, dataclasses (and inspect): loaded by the command that needs them
    from builder.progress import ProgressEvent


def fail(message: str, code: int = 2) -> None:
    from builder.render import terminal_safe

    # The message may quote a file name or a report's text: no escape sequences reach the terminal.
    click.echo(f"错误 error: {terminal_safe(message)}".replace("\n", " "), err=True)
    sys.exit(code)


# json.dumps(ensure_ascii=False) leaves C1 controls (8-bit CSI \x9b) and bidi overrides raw; written as
# \u escapes they are the same JSON and harmless on a terminal.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def json_text(data) -> str:
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(data, ensure_ascii=False, indent=2))


@contextlib.contextmanager
def one_line_errors(path=None):
    """A ReportError is the user's input: one line, exit 2. Anything else is our bug: one line that says
    so (exit 3), the traceback only with BUILDER_DEBUG=1."""
    try:
        yield
    except ReportError as exc:
        fail(f"{path}: {exc}" if path is not None else str(exc))
    except Exception as exc:
        if os.environ.get("BUILDER_DEBUG"):
            raise
        from builder.batch import internal_error

        fail(internal_error(path or "builder", exc), code=3)


def _show_library_log(ctx: click.Context) -> None:
    """The builder logger's INFO and above on stderr while this command runs; the process's logging is
    this command's own, but it is put back as it was (several commands may run in one test process)."""
    import logging

    class EchoHandler(logging.Handler):
        """Log records as plain lines on the current stderr (a test runner swaps it per command)."""

        def emit(self, record: logging.LogRecord) -> None:
            from builder.render import terminal_safe

            try:
                click.echo(terminal_safe(self.format(record)), err=True)
            except Exception:  # logging must never be why a command fails
                self.handleError(record)

    logger = logging.getLogger("builder")
    handler, level = EchoHandler(logging.INFO), logger.level
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    def restore() -> None:
        logger.removeHandler(handler)
        logger.setLevel(level)

    ctx.call_on_close(restore)


STAGE_LABELS = {"parse": "解析 parse", "pages": "页面 pages", "agency pages": "机构页面 pages",
                "region pages": "地区页面 pages"}
PLAIN_EVERY_SECONDS = 5.0  # without a terminal (CI's log): a line at least this often, and at each tenth


class ProgressDisplay:
    """The library's ProgressEvents for a person: a click progress bar per stage on a terminal; plain
    lines ("解析 parse: 40/400（12s）") at each tenth and every few seconds when stderr is not one."""

    def __init__(self) -> None:
        self.terminal = sys.stderr.isatty()
        self.stage: str | None = None
        self.bar = None
        self.shown = 0
        # A stage's clock starts when the one before ended (its first item may wait for workers to start).
        self.started = self.last_line = time.perf_counter()

    def __call__(self, event: ProgressEvent) -> None:
        if event.stage != self.stage:
            self.close()
            self.stage, self.shown = event.stage, 0
            if self.terminal:
                self.bar = click.progressbar(length=event.total, label=STAGE_LABELS.get(event.stage, event.stage),
                                             file=sys.stderr)
                self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(event.done - self.shown)
        elif self._line_due(event):
            self.last_line = time.perf_counter()
            click.echo(f"{STAGE_LABELS.get(event.stage, event.stage)}: {event.done}/{event.total}"
                       f"（{self.last_line - self.started:.0f}s）", err=True)
        self.shown = event.done
        if event.done >= event.total:
            self.close()

    def _line_due(self, event: ProgressEvent) -> bool:
        tenth = max(1, event.total // 10)
        return (event.done >= event.total or event.done // tenth > self.shown // tenth
                or time.perf_counter() - self.last_line > PLAIN_EVERY_SECONDS)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
        if self.stage is not None:
            self.started = self.last_line = time.perf_counter()
        self.bar, self.stage = None, None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def main(ctx: click.Context) -> None:
    """政府信息公开工作年度报告 → 数据集与网站 (annual reports → open dataset and site)."""
    _show_library_log(ctx)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the contract's JSON instead of readable tables.")
def parse(file: Path, as_json: bool) -> None:
    """Parse one report and print its tables (or, with --json, the contract JSON)."""
    from builder.parse import parse_report
    from builder.render import render_text

    with one_line_errors(file):
        report = parse_report(file)
    if as_json:
        click.echo(json_text(report))
    else:
        click.echo(render_text(report))


@main.command()
def schema() -> None:
    """Print the JSON Schema of the parsed record (parse --json, reports.json): docs/report.schema.json."""
    from builder.record import json_schema

    click.echo(json_text(json_schema()))


# ---------------------------------------------------------------- the site (builder.site)


SCHEDULER_HELP = "Parse on this Dask distributed scheduler (tcp://host:port) instead of local processes."


@main.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=Path("data"), show_default=True)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("site"), show_default=True)
@click.option("--build-dir", type=click.Path(path_type=Path),
              help="Where the build keeps its state between builds (the generated pages; what makes the next "
                   "build incremental). Default: beside --out, named after it (site → site-build).")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=Path(".cache"), show_default=True,
              help="Where parse results are kept between builds (a report parsed once is not parsed again).")
@click.option("--jobs", type=int, default=0, help="Parallel parsers (0: one per core).")
@click.option("--scheduler", help=SCHEDULER_HELP)
def build(data_dir: Path, out_dir: Path, build_dir: Path | None, cache_dir: Path, jobs: int,
          scheduler: str | None) -> None:
    """Parse every report under data/, write pages and datasets, and build the site."""
    from builder.batch import on_scheduler
    from builder.site import build_site

    progress = ProgressDisplay()
    with one_line_errors(), on_scheduler(scheduler):
        try:
            build_site(data_dir, out_dir, jobs=jobs, build_dir=build_dir, cache_dir=cache_dir, progress=progress)
        finally:
            progress.close()


@main.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=Path("data"), show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
def serve(data_dir: Path, port: int) -> None:
    """Build the pages and preview the site on localhost."""
    from builder.site import serve_site

    progress = ProgressDisplay()
    with one_line_errors():
        try:
            serve_site(data_dir, port=port, progress=progress)
        finally:
            progress.close()


@main.command()
def fingerprint() -> None:
    """Print the hash of the parsing code, template and parsing libraries (the parse cache's key; CI caches by it)."""
    from builder.batch import code_fingerprint

    click.echo(code_fingerprint())


@main.command("release-files")
@click.option("--site", "site_dir", type=click.Path(path_type=Path), default=Path("site"), show_default=True,
              help="The built site whose dataset files move out.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("release"), show_default=True,
              help="Where they go: a folder per release (data-<year>), each with its SHA256SUMS.")
@click.option("--url", envvar="SITE_DOWNLOADS_URL", show_envvar=True,
              help="Where GitHub serves the releases' files (https://github.com/<owner>/<repo>/releases/download).")
@click.option("--build-dir", type=click.Path(path_type=Path),
              help="The build's state folder, whose docs/ holds every dataset file (an incremental build puts "
                   "only the changed ones in the site). Default: as build's (site → site-build); without its "
                   "docs/downloads/ the site's own files are moved.")
def release_files_command(site_dir: Path, out_dir: Path, url: str | None, build_dir: Path | None) -> None:
    """Move the built site's dataset files out of it into release folders (for a site too large for GitHub
    Pages: the downloads pages link them in the releases); the data packages point at them."""
    from builder.pages.downloads import release_files, safe_url

    build_dir = build_dir if build_dir is not None else site_dir.parent / f"{site_dir.name}-build"  # (site.default_build_dir)
    docs = build_dir / "docs" if (build_dir / "docs" / "downloads").is_dir() else None
    with one_line_errors():
        if not url or not safe_url(url):
            raise ReportError("--url（或 SITE_DOWNLOADS_URL）必须是 http/https 地址 --url (or SITE_DOWNLOADS_URL) "
                              "must be an http(s) address")
        if not (site_dir / "downloads").is_dir():
            raise ReportError(f"{site_dir} 中没有 downloads/ 文件夹（先运行 build） no downloads/ folder in "
                              f"{site_dir} (run build first)")
        written = release_files(site_dir, out_dir, url, docs=docs)
    folders = sorted({p.parent.name for p in written})
    click.echo(f"{len(written)} files in {len(folders)} releases: {' '.join(folders)}" if written else "0 files")


# ---------------------------------------------------------------- contributing (builder.contribute)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--agency", help="Agency name, if the report does not say it clearly.")
@click.option("--year", type=int, help="Report year.")
@click.option("--region", help="Region path, e.g. 宁夏回族自治区/银川市/兴庆区.")
@click.option("--source-url", help="Where the report was published.")
@click.option("--published", help="Publication date, YYYY-MM-DD.")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=Path("data"), show_default=True)
def add(file: Path, agency, year, region, source_url, published, data_dir: Path) -> None:
    """Add a report to data/reports/ with its sidecar, and say what was found."""
    from builder.contribute import added_text, store_report

    with one_line_errors():
        added = store_report(file, data_dir=data_dir, agency=agency, year=year, region=region,
                             source_url=source_url, published=published)
    click.echo(added_text(added))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=Path("data"), show_default=True)
@click.option("--summary", type=click.Path(path_type=Path), help="Also write a Markdown summary here.")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=Path(".cache"), show_default=True,
              help="The build's parse cache: the other reports under data/ are read from it, as a build reads them.")
@click.option("--scheduler", help=SCHEDULER_HELP)
def validate(paths, data_dir: Path, summary, cache_dir: Path, scheduler: str | None) -> None:
    """Parse and check reports (default: all under data/); exit 1 on unacknowledged errors."""
    from builder.batch import on_scheduler
    from builder.contribute import validate_reports

    progress = ProgressDisplay()
    with one_line_errors(), on_scheduler(scheduler):
        try:
            ok = validate_reports(list(paths), data_dir=data_dir, summary_path=summary, say=click.echo,
                                  progress=progress, cache_dir=cache_dir)
        finally:
            progress.close()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":  # pragma: no cover
    main()
