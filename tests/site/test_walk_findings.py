"""What a walk through a built site checked that no other browser test did (issue 9's stubs).

A county of one body has no page of its own, only a stub (site_src/overrides/stub.html) that sends the
reader on with a meta refresh. tests/site/test_hostile.py leaves the stubs out of its page walk and
tests/site/test_site_size.py reads their Markdown, not the page: here Debian's Chromium opens them. The
county's name comes from a sidecar and carries markup: the stub shows it as text, runs nothing, and the
refresh lands on the body's page (the year's stub: on that year's heading).
"""

from __future__ import annotations

import pytest

from tests.conftest import build_site_into, serve
from tests.textreport import consistent_values, write_report

AGENCY = "南京市玄武区人民政府"
COUNTY = "<img src=x onerror=alert(1)>区"  # the sidecar's region override: level names may hold anything
SIDECAR = f"region: '江苏省/南京市/{COUNTY}'\n"


@pytest.fixture(scope="module")
def lone_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("walk")
    folder = root / "data" / "reports" / "jiangsu" / "nanjing"
    folder.mkdir(parents=True)
    for year, received in ((2022, 5), (2023, 8)):
        stem = folder / f"nanjingshi-xuanwuqu-renminzhengfu-{year}"
        stem.with_suffix(".txt").write_text(write_report(consistent_values("2021", received), agency=AGENCY, year=year),
                                            encoding="utf-8")
        stem.with_suffix(".yml").write_text(SIDECAR, encoding="utf-8")
    built = build_site_into(root / "data", root)
    with serve(built.site) as url:
        yield built, url


def _stubs(site) -> dict[str, str]:
    """URL path → file text of every stub page of the site."""
    return {p.relative_to(site).as_posix().removesuffix("index.html"): p.read_text(encoding="utf-8")
            for p in site.rglob("index.html") if 'http-equiv="refresh"' in p.read_text(encoding="utf-8")[:1000]}


@pytest.mark.browser
def test_a_lone_county_s_stubs_show_its_name_as_text_and_land_on_its_body(browser, lone_site):
    built, url = lone_site
    stubs = _stubs(built.site)
    county = [path for path in stubs if path.startswith("regions/jiangsu/nanjing/") and path.count("/") == 4
              and not path.rstrip("/").endswith("2022")]
    assert len(county) == 1, sorted(stubs)
    (county,) = county
    agency = next(p for p in (built.site / "agencies").iterdir() if p.is_dir()).name
    dialogs = []
    for path, landing in ((county, f"agencies/{agency}/"), (county + "2022/", f"agencies/{agency}/#y2022")):
        context = browser.new_context()
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        # The stub as the reader sees it for a moment: the refresh answered "204 No Content" keeps it shown.
        page.route("**/agencies/**", lambda route: route.fulfill(status=204))
        page.goto(url + path)
        page.wait_for_timeout(300)  # the refresh has fired (and been held back)
        assert page.url == url + path
        assert page.locator("h1").inner_text().startswith(COUNTY)  # as printed: text, not an element
        assert page.title().startswith(COUNTY)
        assert page.locator("img").count() == 0 and not page.evaluate("[...document.querySelectorAll('*')]"
                                                                       ".some(e => e.getAttributeNames().some(a => a.startsWith('on')))")
        assert page.locator("article a").get_attribute("href").endswith(landing.removeprefix(f"agencies/{agency}/") or "/")
        page.unroute("**/agencies/**")
        with page.expect_navigation(url=url + landing):
            page.goto(url + path)
        assert page.locator("article h1").first.inner_text().startswith(AGENCY)
        if "#" in landing:  # the year's stub: the year's heading is where the page opens
            top = page.evaluate("document.getElementById('y2022').getBoundingClientRect().top")
            assert 0 <= top < page.viewport_size["height"] / 2
        context.close()
    assert dialogs == []
