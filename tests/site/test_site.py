"""The built site: a page per agency with the parsed numbers, region pages, checks, search index, offline assets."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.pages import charts
from builder.pages.common import region_chain, region_page
from builder.pages.figures import fmt
from builder.pages.tables import anchor_field, value_cells
from builder.template import RULE
from tests.textreport import consistent_values, write_report

YUEYAHU = "xingqingqu-yueyahuxiang-renminzhengfu"
YUNJIAKOU = "chengdongqu-yunjiakouzhen-renminzhengfu"


def html(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "lxml")


def test_build_reports_counts(built_site, seed_reports):
    assert built_site.result.reports == len(seed_reports) >= 5
    assert built_site.result.failures == 0
    assert built_site.result.parsed == len(seed_reports)
    assert built_site.result.mkdocs_warnings == []


def test_a_page_per_agency(built_site, seed_reports):
    for report in seed_reports.values():
        page = html(built_site.site, f"agencies/{report['agency_id']}/index.html")
        assert page.h1.get_text(strip=True).startswith(report["agency"])


def test_yueyahu_numbers_in_tables(built_site):
    page = html(built_site.site, f"agencies/{YUEYAHU}/index.html")

    cells = {anchor_field(anchor): td for anchor, td in value_cells(page).items()}

    def cell(field):
        return cells[field].get_text()

    assert cell("requests.new_received.natural_person") == "1"
    assert cell("requests.unavailable_not_held.total") == "1"
    assert cell("requests.granted.total") == "0"
    assert cell("proactive.licensing.items_prev_year") == "4"
    assert cell("appeals.reconsideration.total") == "0"


def test_every_table_cell_matches_the_parse(built_site, seed_reports):
    """Every value of every report is on its page, blank where the parse says null (never 0)."""
    blanks = 0
    for report in seed_reports.values():
        page = html(built_site.site, f"agencies/{report['agency_id']}/index.html")
        cells = {anchor_field(anchor): td.get_text() for anchor, td in value_cells(page).items()}
        for table, variant in report["template"].items():
            if variant is None:
                assert not any(f.startswith(f"{table}.") for f in cells)
        for field, value in report["values"].items():
            if report["template"].get(field.split(".")[0]) is None:
                continue
            assert cells[field] == fmt(value), (report["id"], field)
            blanks += value is None
    assert blanks > 0  # the seeds include blank cells (韵家口镇); they must show as ""


def test_failed_checks_with_explanations(built_site, seed_reports):
    report = seed_reports[f"{YUNJIAKOU}-2020"]
    page = html(built_site.site, f"agencies/{YUNJIAKOU}/index.html")
    shown = page.select("li.check")
    failed = [c for c in report["checks"] if c["severity"] in ("error", "warning")]
    assert len(shown) == len(failed) > 0
    missing = page.select_one('li.check[data-rule="missing_part"]')
    assert RULE["missing_part"].title_zh in missing.get_text()
    assert RULE["missing_part"].what_zh in missing.get_text()


def test_region_pages(built_site, seed_reports):
    for report in seed_reports.values():
        chain = region_chain(report)
        for depth in range(1, min(len(chain), 3) + 1):
            page = region_page(chain[:depth]).replace("index.md", "index.html")
            soup = html(built_site.site, page)
            assert soup.h1.get_text(strip=True).startswith(chain[depth - 1][1])
            links = [a["href"] for a in soup.select("article a[href]")]
            assert any(f"agencies/{report['agency_id']}/" in href for href in links), page
    ningxia = html(built_site.site, "regions/ningxia/index.html")
    received = sum(r["values"]["requests.new_received.total"] for r in seed_reports.values()
                   if r["region"]["province"] == "宁夏回族自治区")
    assert f"本年新收申请合计 {received} 件" in ningxia.get_text()
    assert ningxia.select("script.vega-spec")  # the comparison chart


def test_agency_links_its_region_path(built_site, seed_reports):
    page = html(built_site.site, f"agencies/{YUEYAHU}/index.html")
    hrefs = [a["href"] for a in page.select("article p a[href*='regions/']")]
    assert "../../regions/ningxia/" in hrefs
    # 兴庆区 holds this body alone among the seeds: its address is a stub sending the reader back here,
    # so the place is named, not linked (builder/pages/regions.py stub).
    xingqing = {r["agency_id"] for r in seed_reports.values() if r["region"].get("county") == "兴庆区"}
    assert xingqing == {YUEYAHU}
    assert "../../regions/ningxia/yinchuan/xingqingqu/" not in hrefs
    assert "兴庆区" in page.select_one("article p").get_text()


def test_original_file_and_per_agency_download(built_site, seed_reports):
    report = seed_reports[f"{YUEYAHU}-2020"]
    folder = built_site.site / "agencies" / YUEYAHU
    assert (folder / f"{report['id']}.txt").read_bytes() == Path(report["source"]["path"]).read_bytes()
    # One CSV per agency, a row per year, the columns of reports.csv (the full JSON is in the year's download):
    # made in the browser from the rows the page holds and the site's one header (assets/tables.js).
    link = html(built_site.site, f"agencies/{YUEYAHU}/index.html").select_one("a.agency-csv")
    assert link["data-file"] == f"{YUEYAHU}.csv" and not (folder / f"{YUEYAHU}.csv").exists()
    header = (built_site.site / "assets" / "agency-csv-header.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(header + link["data-rows"])))
    assert [r["report_id"] for r in rows] == [report["id"]]
    assert rows[0]["requests.new_received.natural_person"] == "1"


def test_charts_embedded_as_specs(built_site):
    """Specs only: drawn in the browser (tests/test_browser.py); the numbers are in the tables beside them."""
    page = html(built_site.site, f"agencies/{YUEYAHU}/index.html")
    specs = page.select("script.vega-spec")
    assert len(specs) == 3
    # each names its shape in the site's one shapes file (builder/pages/charts.py compact/expand)
    shapes = json.loads((built_site.site / "assets" / "chart-shapes.json").read_text(encoding="utf-8"))
    for script in specs:
        spec = charts.expand(json.loads(script.string), shapes)
        assert spec["data"]["values"] and spec["mark"]
        figure = script.find_parent("figure")
        assert figure.figcaption.get_text(strip=True)
        # the agency page's tables hold the chart's numbers: no data table under it, a line saying where
        assert figure.select_one("details.chart-data") is None
        assert "表" in figure.find_parent("section").select_one("p.chart-numbers").get_text()
    assert not list((built_site.site / "agencies" / YUEYAHU).glob("*.svg"))


def test_overview_and_quality(built_site, seed_reports):
    home = html(built_site.site, "index.html").get_text()
    n = len(seed_reports)
    agencies = len({r["agency_id"] for r in seed_reports.values()})
    assert f"{n} 份报告" in home and f"{agencies} 个机构" in home
    passing = sum(not [c for c in r["checks"] if c["severity"] in ("error", "warning") and not c["acknowledged"]]
                  for r in seed_reports.values())
    quality = html(built_site.site, "quality/index.html")
    assert f"{passing} / {n} 份报告" in quality.get_text()
    section = quality.find(id="missing_part")
    assert section is not None
    links = [a["href"] for a in quality.select("a[href*='agencies/']")]
    assert f"../agencies/{YUNJIAKOU}/" in links


def test_pages_are_offline(built_site):
    """No page loads a script, stylesheet, font or image from outside the site."""
    for page in built_site.site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
            for el in soup.find_all(tag):
                url = el.get(attr) or ""
                if tag == "link" and "stylesheet" not in (el.get("rel") or []) and "preconnect" not in (el.get("rel") or []):
                    continue
                assert not url.startswith(("http:", "https:", "//")), (page, url)
    for name in ("vega@6.2.0.min.js", "vega-lite@6.4.1.min.js", "vega-embed@7.0.2.min.js"):
        assert (built_site.site / "assets" / "vendor" / name).stat().st_size > 10_000


def test_search_index_holds_names_not_narrative(built_site):
    from tests.search.fragments import pagefind_fragments

    assert not (built_site.site / "search" / "search_index.json").exists()  # Material's whole index: gone
    fragments = {f["url"]: f for f in pagefind_fragments(built_site.site)}
    entry = fragments[f"/agencies/{YUEYAHU}/"]
    assert "月牙湖" in entry["meta"]["title"]
    assert entry["filters"]["省份"] == ["宁夏回族自治区"] and entry["filters"]["年度"] == ["2020"]
    everything = json.dumps(list(fragments.values()), ensure_ascii=False).replace("\u200b", "")
    assert "政府开放日" not in everything  # a phrase of the report's narrative: not indexed
    assert "宁夏回族自治区" in everything


def test_failures_page_cache_and_years(tmp_path, seed_reports):
    """A broken file is listed on 未能解析 while the rest builds; two years make a trend chart; warm builds parse nothing."""
    from builder.site import build_site

    src = Path(seed_reports[f"{YUEYAHU}-2020"]["source"]["path"])
    folder = tmp_path / "data" / "reports" / "ningxia" / "yinchuan"
    folder.mkdir(parents=True)
    shutil.copyfile(src, folder / f"{YUEYAHU}-2020.txt")
    shutil.copyfile(src, folder / f"{YUEYAHU}-2021.txt")
    (folder / f"{YUEYAHU}-2021.yml").write_text("year: 2021\n", encoding="utf-8")
    # A report without part 四 and its table (written by the tests' own report writer).
    (folder / "jinfengqu-renminzhengfu-2021.txt").write_text(
        write_report(consistent_values("2021"), agency="银川市金凤区人民政府", year=2021, drop_parts=("四",)),
        encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")

    def build():
        return build_site(tmp_path / "data", tmp_path / "site", jobs=2, build_dir=tmp_path / "build",
                          cache_dir=tmp_path / "cache")

    first = build()
    assert (first.reports, first.failures, first.parsed) == (3, 2, 5)
    failures = html(tmp_path / "site", "failures/index.html").get_text()
    assert "empty.txt" in failures and "broken.pdf" in failures and "文件为空" in failures
    page = html(tmp_path / "site", f"agencies/{YUEYAHU}/index.html")
    assert page.find(id="y2021") and page.find(id="y2020")
    shapes = json.loads((tmp_path / "site" / "assets" / "chart-shapes.json").read_text(encoding="utf-8"))
    trend = [charts.expand(json.loads(s.string), shapes) for s in page.select("script.vega-spec")
             if s.find_previous_sibling("div")["id"] == "chart-trend"]  # a spec follows its container
    assert trend and {row["年度"] for row in trend[0]["data"]["values"]} == {"2020", "2021"}

    no_appeals = html(tmp_path / "site", "agencies/yinchuanshi-jinfengqu-renminzhengfu/index.html")
    assert no_appeals.select_one('table[data-table="appeals"]') is None
    assert no_appeals.select_one('table[data-table="requests"]') is not None
    assert "未找到" in no_appeals.select_one("p.table-missing").get_text()
    assert no_appeals.select_one('li.check[data-rule="missing_part"]') is not None

    second = build()
    assert second.parsed == 0 and second.reports == 3


@pytest.mark.parametrize("bad", ["nonexistent"])
def test_missing_data_dir_is_one_clear_error(tmp_path, bad):
    from click.testing import CliRunner

    from builder.cli import main

    result = CliRunner().invoke(main, ["build", "--data", str(tmp_path / bad), "--out", str(tmp_path / "site")])
    assert result.exit_code != 0
    assert "找不到数据目录" in result.output
    assert "Traceback" not in result.output
