"""Shared fixtures: the site built once per test session from the seed reports, a local server for it,
a browser, and the corpus harness (every truth file by case name, each parsed once per session).

Markers (registered in pyproject.toml) sort the tests into tiers: `make test-fast` runs
`-m "not slow and not browser and not corpus"`. Tests are marked here by what they use, so a new test
gets its tier without remembering to: one that uses the built site or a browser is `slow`/`browser`,
one marked `libreoffice` or `ocr` is also `slow`.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


SLOW_FIXTURES = {"built_site", "site_url", "seed_reports", "hostile_site"}  # a site build, or every seed parsed
BROWSER_FIXTURES = {"browser", "visit"}
LIBREOFFICE_FIXTURES = {"libreoffice"}  # tests/readers/test_read_formats.py: skips without soffice


def pytest_configure(config):
    """The build state key (builder/state_key.py) of this test session: a key file in a folder of its own,
    removed at the end, never the user's (~/.local/state). Set before xdist starts its workers, so they and
    every build a test runs in a subprocess inherit it."""
    import os
    import shutil
    import tempfile

    if os.environ.get("BUILDER_TEST_STATE_DIR"):  # (an xdist worker: its controller made it)
        return
    folder = tempfile.mkdtemp(prefix="builder-test-state-")
    os.environ["BUILDER_TEST_STATE_DIR"] = os.environ["BUILDER_STATE_DIR"] = folder
    os.environ.pop("BUILDER_STATE_KEY", None)
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


def pytest_collection_modifyitems(items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if used & LIBREOFFICE_FIXTURES:
            item.add_marker(pytest.mark.libreoffice)
        if used & SLOW_FIXTURES or any(item.get_closest_marker(name) for name in ("browser", "libreoffice", "ocr")):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def corpus():
    """The corpus harness (tests/corpus/harness.py): truth(name), parsed(name), file_of(name), names()."""
    from tests.corpus import harness

    return harness


@pytest.fixture(scope="session")
def seed_reports() -> dict[str, dict]:
    """parse_report() of every seed under data/reports/, by report id."""
    from builder.export import report_files
    from builder.parse import parse_report

    reports = [parse_report(path) for path in report_files(DATA)]
    return {r["id"]: r for r in reports}


def build_site_into(data: Path, root: Path):
    """build_site(data) into root/site (its own build and cache folders, so this build parses everything).

    Returns a namespace with .site (the built site), .docs (generated Markdown), .result (BuildResult).
    """
    from builder.site import build_site

    result = build_site(data, root / "site", jobs=2, build_dir=root / "build", cache_dir=root / "cache")

    class Built:
        site = root / "site"
        docs = root / "build" / "docs"

    Built.result = result
    return Built


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """build_site(data/) into a temporary folder: see build_site_into."""
    return build_site_into(DATA, tmp_path_factory.mktemp("site"))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """`directory` served by http.server on 127.0.0.1 (random port, background thread): yields its URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served on 127.0.0.1."""
    with serve(built_site.site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright (skips locally without it, fails in CI)."""
    from tests.browser import chromium, require_chromium

    require_chromium()
    with chromium() as launched:
        yield launched
