"""The search tests' browser page: each module serves its own site as `base`."""

from __future__ import annotations

import pytest


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
