"""The 同级比较 line of an agency page: the rank is written in the browser from its group's file
(assets/peers.js, builder/pages/peers.py group_files), so one body added to a group leaves the other
members' pages as they were while the rank they show changes.

Five district governments of 南京市 (county level, 2021) with 10, 20, … 50 new requests are built, then a
sixth with 60 is added and the site built again over the first (incremental).
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import serve
from tests.textreport import consistent_values, write_report

from builder.site import build_site

NANJING = ("南京市玄武区人民政府", "南京市秦淮区人民政府", "南京市建邺区人民政府", "南京市鼓楼区人民政府",
           "南京市浦口区人民政府", "南京市栖霞区人民政府")
QINHUAI = "agencies/nanjingshi-qinhuaiqu-renminzhengfu/index"


def _write(data, i: int) -> None:
    text = write_report(consistent_values("2021", 10 * (i + 1)), agency=NANJING[i], year=2021)
    (data / "reports").mkdir(parents=True, exist_ok=True)
    (data / "reports" / f"{NANJING[i]}-2021.txt").write_text(text, encoding="utf-8")


def _bytes(root, suffix: str) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.glob(f"agencies/*/index.{suffix}")}


def _shown(browser, site, path: str) -> list[str]:
    with serve(site) as url:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(url + path)
            page.wait_for_function("document.querySelectorAll('.peers li.peer-ranked, .peers li.peer-unranked')"
                                   ".length === document.querySelectorAll('.peers li').length")
            return [li.strip() for li in page.locator(".peers li").all_inner_texts()]
        finally:
            context.close()


@pytest.fixture(scope="module")
def peers_builds(tmp_path_factory, browser):
    root = tmp_path_factory.mktemp("peers-site")
    data, site, docs = root / "data", root / "site", root / "build" / "docs"
    folders = dict(build_dir=root / "build", cache_dir=root / "cache")
    for i in range(5):
        _write(data, i)
    out = {"first": build_site(data, site, jobs=1, **folders)}
    out["md_before"], out["html_before"] = _bytes(docs, "md"), _bytes(site, "html")
    out["files_before"] = {p.name: p.read_text(encoding="utf-8") for p in (docs / "peers" / "2021").glob("*.json")}
    out["shown_before"] = _shown(browser, site, QINHUAI + ".html")
    _write(data, 5)  # 栖霞区, 60 requests: every other member moves one place down, out of one more
    out["second"] = build_site(data, site, jobs=1, **folders)
    out["md_after"], out["html_after"] = _bytes(docs, "md"), _bytes(site, "html")
    out["files_after"] = {p.name: p.read_text(encoding="utf-8") for p in (docs / "peers" / "2021").glob("*.json")}
    out["shown_after"] = _shown(browser, site, QINHUAI + ".html")
    return out


def test_the_rank_appears_in_the_browser(peers_builds):
    # 秦淮区: 20 of 10…50; 予以公开率 ranked among bodies whose denominator reaches 20: four, too few.
    assert peers_builds["shown_before"] == ["江苏省县级政府 2021 年新收申请：第 4 / 5（浏览页）",
                                            "江苏省县级政府 2021 年予以公开率：不排名（当年同级有这一数字的机构不足 5 个）"]


def test_one_body_added_leaves_the_other_members_pages_alone_and_their_rank_changes(peers_builds):
    before, after = peers_builds["md_before"], peers_builds["md_after"]
    assert len(before) == 5 and len(after) == 6
    assert {k: after[k] for k in before} == before  # the Markdown of the five, byte for byte
    html_before, html_after = peers_builds["html_before"], peers_builds["html_after"]
    assert {k: html_after[k] for k in html_before} == html_before  # and their HTML
    # The group's file (one, the same name) holds the new ranks …
    assert list(peers_builds["files_before"]) == list(peers_builds["files_after"])
    group = json.loads(next(iter(peers_builds["files_after"].values())))
    assert group["figures"]["received"] == {"count": 6, "values": [60, 50, 40, 30, 20, 10], "ranks": [1, 2, 3, 4, 5, 6]}
    # … and the unchanged page shows them.
    assert peers_builds["shown_after"] == ["江苏省县级政府 2021 年新收申请：第 5 / 6（浏览页）",
                                           "江苏省县级政府 2021 年予以公开率：第 1 / 5（浏览页）"]


def test_without_javascript_the_line_links_the_group_figures(peers_builds, tmp_path):
    from bs4 import BeautifulSoup

    html = peers_builds["html_after"][QINHUAI + ".html"].decode("utf-8")
    line = BeautifulSoup(html, "html.parser").select_one(".peers li")
    assert line.get_text().startswith("江苏省县级政府 2021 年新收申请：名次见同级数字、浏览页")
    hrefs = [a["href"] for a in line.select("a")]
    assert hrefs[0].startswith("../../peers/2021/county-gov-") and hrefs[0].endswith(".json")
    assert hrefs[1].startswith("../../explorer/?province=") and "sort=-received" in hrefs[1]
