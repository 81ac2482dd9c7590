"""Shared fixtures: the site built once per test session from the seed reports, and a local server for it."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


@pytest.fixture(scope="session")
def seed_reports() -> dict[str, dict]:
    """parse_report() of every seed under data/reports/, by report id."""
    from builder.export import report_files
    from builder.parse import parse_report

    reports = [parse_report(path) for path in report_files(DATA)]
    return {r["id"]: r for r in reports}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """build_site(data/) into a temporary folder (its own cache, so this build parses everything).

    Returns a namespace with .site (the built site), .docs (generated Markdown), .result (BuildResult).
    """
    from builder.site import build_site

    root = tmp_path_factory.mktemp("site")
    result = build_site(DATA, root / "site", jobs=2, build_dir=root / "build", cache_dir=root / "cache")

    class Built:
        site = root / "site"
        docs = root / "build" / "docs"

    Built.result = result
    return Built


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served by http.server on 127.0.0.1 (random port, background thread)."""
    handler = functools.partial(_QuietHandler, directory=str(built_site.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
