"""Every ranking compares like with like: one list a kind of body (builder.pages.peers.body_kind, the agency
pages' 同级比较 groups: a level's people's governments, or its departments), each saying how many bodies of
that kind it ranks, each figure a link to its cell. A 教育局 is never ranked beside a 人民政府.

The site: eight bodies of 江苏省 reporting for 2021 (tests/textreport.py): three district governments, two
district departments, 南京市人民政府, 江苏省教育厅 and a street office; new requests as in BODIES."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.conftest import serve
from tests.textreport import consistent_values, write_report

BODIES = {"南京市玄武区人民政府": 60, "南京市秦淮区人民政府": 30, "南京市建邺区人民政府": 25, "南京市玄武区教育局": 90,
          "南京市秦淮区财政局": 40, "南京市人民政府": 80, "江苏省教育厅": 70, "南京市玄武区玄武门街道办事处": 10}
# The lists in the pages' order (builder.template.labels.BODY_KINDS_ZH), each largest first.
KINDS = {"地市级政府": ["南京市人民政府"],
         "县级政府": ["南京市玄武区人民政府", "南京市秦淮区人民政府", "南京市建邺区人民政府"],
         "乡镇级政府": ["南京市玄武区玄武门街道办事处"],
         "省级部门": ["江苏省教育厅"],
         "县级部门": ["南京市玄武区教育局", "南京市秦淮区财政局"]}
DEPARTMENTS = {"南京市玄武区教育局", "南京市秦淮区财政局", "江苏省教育厅"}


@pytest.fixture(scope="module")
def kinds_site(tmp_path_factory):
    from builder.site import build_site

    root = tmp_path_factory.mktemp("kinds")
    (root / "data" / "reports").mkdir(parents=True)
    for i, (name, received) in enumerate(BODIES.items()):
        text = write_report(consistent_values("2021", received), agency=name, year=2021)
        (root / "data" / "reports" / f"b{i}-2021.txt").write_text(text, encoding="utf-8")
    build_site(root / "data", root / "site", jobs=2, build_dir=root / "build", cache_dir=root / "cache")
    return root / "site"


def _lists(soup: BeautifulSoup, ranking: str) -> dict[str, tuple[str, list[list]]]:
    """A ranking's lists: the kind its heading names → (its coverage sentence, its rows' cells)."""
    top = next(h for h in soup.select("h3") if ranking in h.get_text())
    out = {}
    for heading in top.find_all_next(["h3", "h4"]):
        if heading.name == "h3":
            break
        kind = heading.get_text().strip().rstrip("¶").split("的", 1)[1]
        sentence, table = heading.find_next("p").get_text(), heading.find_next(["table", "h3", "h4"])
        rows = table.select("tbody tr") if table.name == "table" else []  # (a kind none of which is ranked)
        out[kind] = (sentence, [tr.select("td") for tr in rows])
    return out


@pytest.mark.parametrize("path", ["years/2021/index.html", "index.html"])
def test_each_kind_has_its_own_list_and_coverage(kinds_site, path):
    # (a region page ranks only above TOP bodies: its agency table lists fewer; the same rankings_markdown)
    soup = BeautifulSoup((kinds_site / path).read_text(encoding="utf-8"), "lxml")
    lists = _lists(soup, "新收申请最多")
    assert list(lists) == list(KINDS)
    for kind, (sentence, rows) in lists.items():
        names = [row[1].get_text() for row in rows]
        assert names == KINDS[kind]
        assert f"{len(KINDS[kind])} 个{kind}的报告中，新收申请不为 0 的有 {len(KINDS[kind])} 个，全部列在下面" in sentence
        assert [int(row[2].get_text()) for row in rows] == [BODIES[n] for n in names]
        assert [row[0].get_text() for row in rows] == [str(i + 1) for i in range(len(rows))]  # each list ranks from 1
        for row in rows:  # the figure links to its cell on the body's page
            assert row[2].a["href"] == row[1].a["href"] + "#v-2021-requests-new_received-total"
        if kind.endswith("政府"):
            assert not DEPARTMENTS & set(names)  # a department never in a government's list
        else:
            assert set(names) <= DEPARTMENTS
    assert "各排名只比较同类机构" in soup.get_text()


def test_a_rate_ranking_counts_each_kind_apart(kinds_site):
    soup = BeautifulSoup((kinds_site / "years/2021/index.html").read_text(encoding="utf-8"), "lxml")
    lists = _lists(soup, "予以公开率最高")
    assert list(lists) == list(KINDS)
    # consistent_values: every request granted (100 %); the street office's 10 below the minimum of 20.
    sentence, rows = lists["县级政府"]
    assert "3 个县级政府的报告中 3 个可以计算；分母不少于 20 件的 3 个参加排名（0 个分母太小" in sentence
    assert [row[1].get_text() for row in rows] == ["南京市玄武区人民政府", "南京市秦淮区人民政府", "南京市建邺区人民政府"]
    assert "1 个乡镇级政府的报告中 1 个可以计算；分母不少于 20 件的 0 个参加排名（1 个分母太小" in lists["乡镇级政府"][0]
    assert lists["乡镇级政府"][1] == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 390])
def test_the_lists_read_at_desktop_and_phone_widths(kinds_site, browser, width):
    """Each list's heading and its table in view one after the other, the page no wider than the screen
    (a wide table scrolls in its own box), the rank, name and figure columns visible without scrolling."""
    with serve(kinds_site) as url:
        context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 500)
        try:
            page = context.new_page()
            page.goto(url + "years/2021/")
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            headings = page.locator("h4", has_text="新收申请最多的")
            assert headings.count() == len(KINDS)
            for i in range(headings.count()):
                heading = headings.nth(i)
                table = heading.locator("xpath=following::table[1]")
                assert heading.bounding_box()["y"] < table.bounding_box()["y"]
                for column in range(3):
                    box = table.locator("tbody tr").first.locator("td").nth(column).bounding_box()
                    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (width, column)
            heading = headings.nth(1)
            heading.scroll_into_view_if_needed()
            page.screenshot(path=f"/tmp/rankings-kinds-{width}.png", full_page=False)
        finally:
            context.close()
