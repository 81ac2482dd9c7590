"""The quality pages as the build makes them (builder.site._quality_pages): the index, a group per year
listed by province (its page of counts) and a group per year and province's list pages, so that one report
added rewrites its own group's pages (and the counts over it), and the pages are those made afresh (builder.pages.quality.quality_page_files)."""

from __future__ import annotations

from builder.pages.docs_tree import DocsTree
from builder.pages.quality import PAGE, quality_page_files
from builder.pages.regions import region_tree
from builder.pages.year_parts import YEAR_PARTS, YearSums
from builder.site import QUALITY_GROUP_ENTRIES, _quality_pages

PROVINCES = ("江苏省", "浙江省", "广东省")


def _report(n: int, year: int, province: str) -> dict:
    return {"id": f"body-{n}-{year}", "agency": f"第{n}局<b>", "agency_id": f"body-{n}", "year": year,
            "region": {"province": province}, "values": {},
            "checks": [{"rule": "table_sum", "severity": "error", "fields": ["requests.new_received.total"],
                        "message": f"第 {n} 行不等"}]}


def _sums(reports: list[dict], hashes: dict, build) -> YearSums:
    """The build's YearSums (builder.site._whole_site_pages), its parts kept in build/."""
    sums = YearSums(region_tree(reports), reports, hashes=hashes)
    sums.keep(build / YEAR_PARTS, "code")
    return sums


def _docs(tree: DocsTree) -> dict[str, str]:
    return {f: (tree.root / f).read_text(encoding="utf-8") for f in tree.files()}


def test_one_report_added_rewrites_its_groups_list_pages_alone(tmp_path):
    # 480 listed a year (~360 KB of entries, past a page): each year's list split by province, 160 reports each.
    reports = [_report(n, year, PROVINCES[n % 3]) for n in range(480) for year in (2022, 2023)]
    reports[5]["derived"] = {"requests.granted.total": {"value": 0, "rule": "row_zero", "note": "<i>"}}
    reports[9]["agency"] = None  # no name found
    hashes = {r["id"]: f"view-{r['id']}" for r in reports}
    docs, state = tmp_path / "docs", tmp_path / "build" / "docs-state.json"
    tree = DocsTree(docs, state)
    sums = _sums(reports, hashes, tmp_path / "build")
    _quality_pages(tree, reports, "code", hashes, "everything-1", sums)
    sums.kept.save()
    tree.prune()
    assert _docs(tree) == quality_page_files(reports)
    assert {f for f in tree.files() if f.startswith("quality/2023/")} == {
        "quality/2023/index.md", "quality/2023/jiangsu/index.md", "quality/2023/zhejiang/index.md",
        "quality/2023/guangdong/index.md"}

    added = _report(500, 2023, "浙江省")
    hashes[added["id"]] = "view-added"
    now = [*reports, added]
    tree = DocsTree(docs, state)
    sums = _sums(now, hashes, tmp_path / "build")
    _quality_pages(tree, now, "code", hashes, "everything-2", sums)
    assert sums.kept.made == 1  # the index's counts: 浙江省 2023's part made again, the others kept
    tree.prune()
    assert _docs(tree) == quality_page_files(now)
    # The index and the year's page (their counts) and 浙江省 2023's page; no page of another province or year.
    assert sorted(tree.written) == ["quality/2023/index.md", "quality/2023/zhejiang/index.md", PAGE]
    assert len(list((tmp_path / "build" / QUALITY_GROUP_ENTRIES).iterdir())) == 6  # a kept file per year and province

    # Nothing changed: nothing planned, nothing written, every page kept.
    tree = DocsTree(docs, state)
    _quality_pages(tree, now, "code", hashes, "everything-2")
    assert tree.written == [] and tree.files() == set(quality_page_files(now))


def test_one_report_added_to_a_city_rewrites_that_city_s_page_and_the_counts_over_it(tmp_path):
    # 江苏省 2023: 300 reports of two findings over three cities (~330 KB: a page per city); 浙江省: 30.
    cities = ("南京市", "无锡市", "徐州市")

    def placed(n: int, province: str, city: str) -> dict:
        report = _report(n, 2023, province)
        report["region"] = {"province": province, "city": city}
        report["checks"] = report["checks"] * 2
        return report

    reports = [placed(n, "江苏省", cities[n % 3]) for n in range(300)]
    reports += [placed(1000 + n, "浙江省", "杭州市") for n in range(30)]
    hashes = {r["id"]: f"view-{r['id']}" for r in reports}
    docs, state = tmp_path / "docs", tmp_path / "build" / "docs-state.json"
    tree = DocsTree(docs, state)
    _quality_pages(tree, reports, "code", hashes, "everything-1")
    tree.prune()
    assert {f for f in tree.files() if f.startswith("quality/2023/jiangsu/")} == {
        "quality/2023/jiangsu/index.md", "quality/2023/jiangsu/nanjing/index.md",
        "quality/2023/jiangsu/wuxi/index.md", "quality/2023/jiangsu/xuzhou/index.md"}

    added = placed(500, "江苏省", "无锡市")
    hashes[added["id"]] = "view-added"
    now = [*reports, added]
    tree = DocsTree(docs, state)
    _quality_pages(tree, now, "code", hashes, "everything-2")
    tree.prune()
    assert _docs(tree) == quality_page_files(now)
    # The pages that count it (the index, the year's, the province's) and 无锡市's list; no other city's page.
    assert sorted(tree.written) == ["quality/2023/index.md", "quality/2023/jiangsu/index.md",
                                    "quality/2023/jiangsu/wuxi/index.md", PAGE]
