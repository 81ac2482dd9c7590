"""Review of site-search.js's bundles: a bundles.json that names a bundle the site no longer has (a browser
or a CDN caching the list of the last deploy, whose bundle of a province went with its last report) must
not stop the search: the bundles there are searched, the missing one is left out. Real build, Chromium."""

from __future__ import annotations

import functools
import json
import random
import threading
from http.server import ThreadingHTTPServer

import pytest

from builder.search import BUNDLES_FILE, OUTPUT_SUBDIR
from tests.conftest import _QuietHandler
from tests.textreport import random_values, write_report

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    from builder.site import build_site
    from builder.template import template_for_year

    root = tmp_path_factory.mktemp("stale-bundles")
    folder = root / "data" / "reports" / "jiangsu" / "huaian"
    folder.mkdir(parents=True)
    text = write_report(random_values(random.Random(3), template_for_year(2023)), agency="淮安市人民政府", year=2023)
    (folder / "body-2023.txt").write_text(text, encoding="utf-8")
    build_site(root / "data", root / "site", jobs=1, build_dir=root / "build", cache_dir=None)
    listing = root / "site" / OUTPUT_SUBDIR / BUNDLES_FILE
    bundles = json.loads(listing.read_text(encoding="utf-8"))
    gone = next(f"p{i}" for i in range(99) if f"p{i}" not in bundles["merge"])
    listing.write_text(json.dumps({**bundles, "merge": sorted([*bundles["merge"], gone])}), encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(root / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_a_listed_bundle_that_is_gone_does_not_stop_the_search(browser, base):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "agencies/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("淮安")
    box.press("End")
    page.wait_for_function(
        "q => document.querySelector('.md-search-result__meta').dataset.query === q", arg="淮安", timeout=20000)
    assert "淮安市人民政府" in page.locator(".md-search-result__item h1").all_inner_texts()
    context.close()
