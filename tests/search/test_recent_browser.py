"""The search box after incremental builds, in Debian's Chromium: a body added since the last build and
a body whose report changed are indexed in the small recent bundle only (builder/search.py, LSM style),
and a query still searches everything: the just-added body is found and ranked as a clean build ranks
it (淮安 → 淮安市人民政府 first), and the changed body's page is shown once (its old version, still in
its province's bundle, hidden)."""

from __future__ import annotations

import functools
import json
import random

import pytest

from builder.search import BUNDLES_FILE, OUTPUT_SUBDIR, RECENT
from tests.conftest import serve
from tests.search.test_ranking import BODIES, search
from tests.textreport import random_values, write_report

pytestmark = pytest.mark.browser

ADDED = "淮安市人民政府"
CHANGED = "兴庆区人民政府"


def _write(root, folder, i, name, rng):
    from builder.template import template_for_year

    year = 2022 + i % 2
    text = write_report(random_values(rng, template_for_year(year)), agency=name, year=year)
    (root / "data" / "reports" / folder / f"body{i}-{year}.txt").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def recent_site(tmp_path_factory):
    from builder.site import build_site

    root = tmp_path_factory.mktemp("recent-site")
    rng = random.Random(10)
    later = []
    for folder, names in BODIES.items():
        (root / "data" / "reports" / folder).mkdir(parents=True)
        for i, name in enumerate(names):
            (later if name == ADDED else [None]).append((folder, i, name))
            if name != ADDED:
                _write(root, folder, i, name, rng)
    build = functools.partial(build_site, root / "data", root / "site", jobs=1, build_dir=root / "build",
                              cache_dir=None)
    build()
    for folder, i, name in [x for x in later if x]:
        _write(root, folder, i, name, random.Random(11))
    folder, i = next((f, names.index(CHANGED)) for f, names in BODIES.items() if CHANGED in names)
    _write(root, folder, i, CHANGED, random.Random(12))  # other numbers: other search text
    result = build()
    assert result.dirty and result.search_bundles == [RECENT], result.search_bundles
    told = json.loads((root / "site" / OUTPUT_SUBDIR / BUNDLES_FILE).read_text(encoding="utf-8"))
    assert told["recent"] == RECENT and told["shadow"]
    return root / "site"


@pytest.fixture(scope="module")
def base(recent_site):
    with serve(recent_site) as url:
        yield url


@pytest.mark.parametrize(("query", "first"), [("淮安", ["淮安市", ADDED]), ("淮安市人民政府", [ADDED]),
                                            ("huaian", ["淮安市", ADDED])])
def test_a_just_added_body_is_found_first(page, query, first):
    # (first the place's own page, 淮安市, when the query names the place: site-search.js exactFirst)
    titles = search(page, query)
    assert titles[: len(first)] == first, titles


def test_a_just_added_body_ranks_among_the_bodies_of_its_place(page):
    titles = search(page, "淮安")
    assert {"淮安市人民政府", "淮安市公安局", "淮安区人民政府", "涟水县人民政府"} <= set(titles)
    assert titles.index("淮安市人民政府") < titles.index("淮安市公安局") < titles.index("淮安区人民政府")


def test_a_changed_page_is_shown_once(page):
    titles = search(page, CHANGED)
    assert titles.count(CHANGED) == 1, titles
    hrefs = page.locator(".md-search-result__item a").evaluate_all("links => links.map((a) => a.href)")
    assert len(hrefs) == len(set(hrefs)), hrefs
    assert search(page, "兴庆区")[:3] == ["兴庆区", "兴庆区人民政府", "兴庆区月牙湖乡人民政府"]
