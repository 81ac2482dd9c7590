"""The search tests' browser page: each module serves its own site as `base`."""

from __future__ import annotations

import random
from pathlib import Path

import pytest


def bodies_site(root: Path, bodies: dict[str, tuple[str, ...]], seed: int, **years) -> Path:
    """build_site (real Pagefind) of one random report a body (tests.textreport.write_bodies: folder → names)
    into root/site; its path."""
    from builder.site import build_site
    from tests.textreport import write_bodies

    write_bodies(root / "data", bodies, random.Random(seed), **years)
    build_site(root / "data", root / "site", jobs=1, build_dir=root / "build", cache_dir=None)
    return root / "site"


@pytest.fixture
def page(browser, base):
    """The agencies page of the module's site; after the test, no request left 127.0.0.1 and no console error."""
    context = browser.new_context()
    requests, errors = [], []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base + "agencies/")
    yield page
    assert [url for url in requests if not url.startswith(base)] == [], "requests left 127.0.0.1"
    assert errors == []
    context.close()
