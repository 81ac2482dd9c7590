"""Every number links to its place in the original: builder.pages.provenance.place() and the viewer page.

place() is tested on PDF-, DOCX- and text-like provenance records, and on records whose values are not
what the contract says (they come from parsing strangers' files). The viewer (site_src/viewer/,
assets/viewer.js with the vendored pdf.js) is opened in Debian's Chromium on a small site built from
tests/fixtures/reports/huaian-2024.pdf and a text seed report: the page
is drawn, the highlight sits over the cell's box (pdfplumber finds the printed string's box), the line
above it names the printed string and 第 N 页; the text report shows its line; hostile parameters do
nothing.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pdfplumber
import pytest

from builder.pages.common import html_attr
from builder.pages.provenance import Place, href_from, label, original_path, place, places_file, places_path

REPO = Path(__file__).resolve().parents[2]
HUAIAN = REPO / "tests/fixtures/reports/huaian-2024.pdf"  # = /work/shared/reports/huaian-2024.pdf
TEXT_SEED = REPO / "data/reports/ningxia/yinchuan/xingqingqu-yueyahuxiang-renminzhengfu-2020.txt"
DOCX = REPO / "tests/fixtures/generated/gen-jianghan-renminzhengfu-2023.docx"
FIELD = "requests.new_received.total"


def _report(fmt: str = "pdf", **provenance) -> dict:
    record = {"raw": "", "page": None, "bbox": None, "table": None, "row": None, "col": None, "line": None}
    record.update(provenance)
    return {"id": "huaianshi-renminzhengfu-2024", "agency_id": "huaianshi-renminzhengfu", "agency": "淮安市人民政府",
            "year": 2024, "source": {"file": f"huaian-2024.{fmt}", "format": fmt, "pages": 6},
            "values": {FIELD: 3119}, "provenance": {FIELD: record}}


def _query(where: Place) -> dict[str, str]:
    parts = urlsplit(where.href)
    assert parts.path == "viewer/" and not parts.scheme and not parts.netloc
    return {k: v[0] for k, v in parse_qs(parts.query).items()}


# ---------------------------------------------------------------- place()


def test_place_of_a_pdf_cell():
    where = place(_report(raw="3,119", page=4, bbox=[496.25, 465.1, 511.2, 472.5]), FIELD)
    assert where.text == "第 4 页"
    q = _query(where)
    assert q == {"file": "agencies/huaianshi-renminzhengfu/huaianshi-renminzhengfu-2024.pdf", "page": "4",
                 "box": "496.2,465.1,511.2,472.5", "raw": "3,119",
                 "label": "淮安市人民政府 · 2024 年度 · 三、收到和处理政府信息公开申请情况：一、本年新收政府信息公开申请数量 / 总计"}
    assert q["label"] == label(_report(), FIELD)


def test_place_of_a_docx_cell_and_a_text_line():
    docx = place(_report("docx", raw="３５", table=1, row=4, col=7), FIELD)
    assert docx.text == "第 2 张表 第 5 行 第 8 列"
    q = _query(docx)
    assert (q["file"], q["table"], q["row"], q["col"], q["raw"]) == (
        "agencies/huaianshi-renminzhengfu/huaianshi-renminzhengfu-2024.docx", "1", "4", "7", "３５")
    assert "page" not in q and "box" not in q
    text = place(_report("txt", raw="14800元", line=120), FIELD)
    assert text.text == "第 120 行"
    assert _query(text)["line"] == "120" and _query(text)["raw"] == "14800元"
    # An HTML original is published as .html.txt (never a page of this site): the viewer is given that copy.
    assert _query(place(_report("html", table=0, row=2, col=1), FIELD))["file"].endswith("-2024.html.txt")
    # A blank cell has a place too (raw ""), a field without provenance has none.
    assert place(_report(raw="", page=2, bbox=None), FIELD).text == "第 2 页"
    assert place(_report(), "requests.new_received.natural_person") is None
    assert place({**_report(), "provenance": None}, FIELD) is None


@pytest.mark.parametrize("bad", [
    {"page": "4"}, {"page": True}, {"page": 0}, {"page": -1}, {"page": 7},  # the report has 6 pages
    {"page": 4.0}, {"line": "12"}, {"line": 0}, {"table": -1, "row": 0, "col": 0},
    {"table": 0, "row": "1", "col": 0}, {"table": 0, "row": None, "col": 0},
])
def test_place_refuses_numbers_that_are_not_numbers(bad):
    assert place(_report(**bad), FIELD) is None


@pytest.mark.parametrize("box", [
    [1, 2, 3], [1, 2, 3, "4"], [float("nan"), 1, 2, 3], [1, 2, float("inf"), 3], [5, 1, 4, 3], [1, 5, 2, 4],
    [-1, 0, 2, 3], [True, 0, 2, 3], "1,2,3,4", {"x0": 1},
])
def test_a_bad_box_still_gives_the_page(box):
    where = place(_report(page=3, bbox=box), FIELD)
    assert where.text == "第 3 页" and "box" not in _query(where)


def test_strings_from_the_record_are_only_carried_as_query_values():
    hostile = '"><script>alert(1)</script>\n&page=1'
    report = _report(raw=hostile, page=4, bbox=[1, 2, 3, 4])
    report["agency"] = '<img src=x onerror=alert(1)>"'
    report["source"]["file"] = "../../../etc/passwd.pdf"  # the file name is the record's: never the path
    where = place(report, FIELD)
    q = _query(where)
    assert q["file"] == "agencies/huaianshi-renminzhengfu/huaianshi-renminzhengfu-2024.pdf"
    assert q["page"] == "4" and q["raw"] == hostile.replace("\n", " ")  # one line, the rest intact
    assert q["label"].startswith('<img src=x onerror=alert(1)>"')
    for ch in '<>"\n ':
        assert ch not in where.href
    # A "/../" in a name is no path step: joined as a path (posixpath.relpath, as callers do), the link is the same.
    report["agency"] = "a/../../../../x"
    where = place(report, FIELD)
    assert where.href.count("/") == 1 + original_path(report).count("/")  # viewer/ and the file's own
    assert posixpath.relpath(where.href, "agencies/huaianshi-renminzhengfu") == "../../" + where.href
    assert _query(where)["label"].startswith("a/../../../../x")


def test_linked_original_and_links_from_a_page():
    report = _report(raw="3119", page=4, bbox=[1, 2, 3, 4])
    linked = place(report, FIELD, link="https://github.com/example/reports/blob/abc/data/x.pdf")
    assert linked == Place("https://github.com/example/reports/blob/abc/data/x.pdf#page=4", "第 4 页")
    assert place(report, FIELD, link="javascript:alert(1)") is None
    docx = _report("docx", raw="1", table=1, row=3, col=1)
    assert place(docx, FIELD, link="https://github.com/x").href.startswith("viewer/?")  # the places file is on the site
    where = place(report, FIELD)
    page = "agencies/huaianshi-renminzhengfu/index.md"  # URL agencies/huaianshi-renminzhengfu/
    site = "https://example.org/reports/"  # a project site: not at the host's root
    assert urljoin(site + "agencies/huaianshi-renminzhengfu/", href_from(page, where)) == site + where.href
    assert urljoin(site, href_from("index.md", where)) == site + where.href
    assert href_from(page, linked) == linked.href


def test_an_agency_table_cell_links_to_its_place():
    """What the agency page's tables do with place(): the number links to the viewer (wiring: agency helper)."""
    from bs4 import BeautifulSoup

    from builder.pages.tables import requests_table

    report = _report(raw="3119", page=4, bbox=[496.3, 465.1, 511.2, 472.5])
    report["template"] = {"requests": "2021"}
    page = "agencies/huaianshi-renminzhengfu/index.md"
    soup = BeautifulSoup(requests_table(report), "lxml")
    cell = soup.select_one(f'td[data-field="{FIELD}"]')
    where = place(report, cell["data-field"])
    cell.string = ""
    cell.append(BeautifulSoup(f'<a href="{html_attr(href_from(page, where))}" title="{html_attr(where.text)}">'
                              f"{report['values'][FIELD]}</a>", "lxml").a)
    link = soup.select_one(f'td[data-field="{FIELD}"] a')
    assert link.get_text() == "3119" and link["title"] == "第 4 页"
    target = urlsplit(urljoin("http://site/agencies/huaianshi-renminzhengfu/", link["href"]))
    assert target.path == "/viewer/" and parse_qs(target.query)["file"] == [original_path(report)]


def requests_cells(report: dict, path: Path) -> dict[str, dict]:
    """DOCX provenance of the requests table as the reader gives it (until builder/record.py carries it):
    each requests row whose printed numbers (the row's last cells in the reader's grid) match the parsed
    values in one grid row only, at its table index, row and column."""
    from builder.read import read_document
    from builder.read.document import Table
    from builder.template import APPLICANT_COLUMNS

    tables = [b for b in read_document(path).blocks if isinstance(b, Table)]
    values, out = report["values"], {}
    index, table = next((i, t) for i, t in enumerate(tables) if any("本年新收" in c for r in t.rows for c in r))
    keys = {f.split(".")[1] for f in values if f.startswith("requests.")}
    for key in keys:
        ids = [f"requests.{key}.{col}" for col in APPLICANT_COLUMNS]
        printed = [str(values.get(i)) for i in ids]
        rows = [j for j, row in enumerate(table.rows) if row[-len(ids):] == printed]
        if len(rows) == 1:
            start = len(table.rows[rows[0]]) - len(ids)
            for k, field_id in enumerate(ids):
                out[field_id] = {"raw": printed[k], "page": None, "bbox": None, "table": index, "row": rows[0],
                                 "col": start + k, "line": None}
    return out


def test_places_file_holds_the_source_table_cells():
    report = _report("docx", raw="３５", table=1, row=4, col=7)
    report["provenance"]["requests.new_received.natural_person"] = {"raw": "<b>1</b>", "table": 1, "row": 4, "col": 1}
    report["provenance"]["requests.carried_over.total"] = {"raw": "2", "table": 1, "row": 5, "col": "7"}  # bad col
    report["provenance"]["not.a.field"] = {"raw": "9", "table": 1, "row": 6, "col": 1}
    files = places_file(report)
    assert list(files) == [places_path(report)] == ["agencies/huaianshi-renminzhengfu/huaianshi-renminzhengfu-2024.places.json"]
    assert json.loads(files[places_path(report)]) == {
        "labels": ["一、本年新收政府信息公开申请数量", "总计", "自然人"],
        "tables": {"1": {"4": [0, {"7": ["３５", 1], "1": ["<b>1</b>", 2]}]}}}
    # PDF and text reports are shown from their originals: no file for them.
    assert places_file(_report(raw="1", page=4, bbox=[1, 2, 3, 4])) == {}
    assert places_file(_report("txt", raw="1", line=3)) == {}


def test_places_file_of_a_whole_docx_report_is_small():
    from builder.parse import parse_report

    report = parse_report(DOCX)
    cells = requests_cells(report, DOCX)
    assert len(cells) >= 7 * 10  # most requests rows are found
    # Every field placed (the other tables at made-up cells): the size of a whole report's file.
    for n, field_id in enumerate(f for f in report["values"] if f not in cells):
        cells[field_id] = {"raw": str(report["values"][field_id]), "table": 5 + n // 10, "row": n % 10, "col": 1}
    report["provenance"] = cells
    text = next(iter(places_file(report).values()))
    assert len(text.encode()) < 12_000 and len(gzip.compress(text.encode())) < 3_000  # of 60 KB a report


def test_the_build_writes_the_places_file_beside_the_agency_page():
    from builder.parse import parse_report
    from builder.site import _files_of, _init_worker

    report = parse_report(DOCX)
    report["provenance"] = requests_cells(report, DOCX)
    _init_worker({"by_agency": {report["agency_id"]: [report]}, "links": {}})
    files, failed = _files_of(("agency", report["agency_id"]))
    assert failed == [] and json.loads(files[places_path(report)])["tables"]


# ---------------------------------------------------------------- the viewer in a browser


def printed_box(path: Path, page: int, text: str) -> list[float]:
    """The box (pdfplumber: PDF points, top-left origin) of the one word `text` printed on the page."""
    with pdfplumber.open(path) as pdf:
        words = [w for w in pdf.pages[page - 1].extract_words() if w["text"] == text]
    assert len(words) == 1, words
    return [words[0][k] for k in ("x0", "top", "x1", "bottom")]


@pytest.fixture(scope="module")
def viewer_site(tmp_path_factory):
    """A site of two reports (the Huai'an PDF, a text seed) served on 127.0.0.1, and those reports' records."""
    from builder.parse import parse_report
    from tests.conftest import build_site_into, serve

    pdf = HUAIAN
    root = tmp_path_factory.mktemp("viewer")
    for source, folder in ((pdf, "jiangsu/huaian"), (TEXT_SEED, "ningxia/yinchuan"),
                           (TEXT_SEED.with_suffix(".yml"), "ningxia/yinchuan"), (DOCX, "hubei/wuhan")):
        (root / "data/reports" / folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(source, root / "data/reports" / folder / source.name)
    built = build_site_into(root / "data", root)
    reports = {r["source"]["format"]: r for r in (parse_report(pdf), parse_report(TEXT_SEED), parse_report(DOCX))}
    # The records carry no provenance yet (builder/record.py, the provenance work): the DOCX report's
    # places file is written into the built site as the build writes it from such a record.
    docx = reports["docx"]
    docx["provenance"] = requests_cells(docx, DOCX)
    for path, content in places_file(docx).items():
        (built.site / path).write_text(content, encoding="utf-8")
    with serve(built.site) as url:
        yield url, built.site, reports


@pytest.fixture
def viewer_page(browser, viewer_site):
    url = viewer_site[0]
    contexts, requests, errors = [], [], []

    def open_(href: str, width: int = 1366, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        context.on("request", lambda r: requests.append(r.url))
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("dialog", lambda d: (errors.append("dialog " + d.message), d.dismiss()))
        page.goto(url + href)
        page.wait_for_selector("#viewer[data-ready]", timeout=30000)
        return page

    yield open_
    assert [r for r in requests if not r.startswith(url)] == [], "requests left the site"
    assert errors == []
    for context in contexts:
        context.close()


BOX_AND_INK = """() => {
  const canvas = document.querySelector('canvas.viewer-canvas'), box = document.querySelector('.viewer-box');
  const c = canvas.getBoundingClientRect(), b = box.getBoundingClientRect();
  const ctx = canvas.getContext('2d'), k = canvas.width / c.width;
  const dark = (x, y, w, h) => { const d = ctx.getImageData(x * k, y * k, w * k, h * k).data; let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 384) n++; return n; };
  return {width: c.width, scale: Number(box.dataset.scale), left: b.left - c.left, top: b.top - c.top, boxWidth: b.width, boxHeight: b.height,
          all: dark(0, 0, c.width, c.height), inBox: dark(b.left - c.left, b.top - c.top, b.width, b.height),
          corner: dark(0, 0, 30, 30), scrolledTo: document.querySelector('.viewer-frame').scrollTop > 0};
}"""


@pytest.mark.parametrize("width", [1366, 390])
def test_the_viewer_opens_the_page_with_the_cell_highlighted(viewer_page, viewer_site, width):
    _url, site, reports = viewer_site
    report = dict(reports["pdf"])
    value = report["values"][FIELD]
    box = printed_box(HUAIAN, 4, str(value))
    report["provenance"] = {FIELD: {"raw": str(value), "page": 4, "bbox": box, "table": None, "row": None,
                                    "col": None, "line": None}}
    where = place(report, FIELD)
    assert (site / _query(where)["file"]).is_file()  # the build copied the original where place() points
    page = viewer_page(where.href, width=width, height=900 if width > 400 else 844)
    page.wait_for_selector("canvas.viewer-canvas[data-rendered]", timeout=30000)
    line = page.inner_text(".viewer-line")
    assert f"“{value}”" in line and "第 4 页" in line and "淮安市人民政府" in line and "2024 年度" in line
    got = page.evaluate(BOX_AND_INK)
    scale = got["scale"]
    assert got["width"] == pytest.approx(595 * scale, abs=1)  # the page is 595 points wide
    assert 1.3 <= scale <= 2 and (scale > 1.9 if width > 1000 else scale < 1.4)  # readable on both
    pad = 3
    assert got["left"] == pytest.approx(box[0] * scale - pad, abs=1.5)
    assert got["top"] == pytest.approx(box[1] * scale - pad, abs=1.5)
    assert got["boxWidth"] == pytest.approx((box[2] - box[0]) * scale + 2 * pad, abs=1.5)
    assert got["boxHeight"] == pytest.approx((box[3] - box[1]) * scale + 2 * pad, abs=1.5)
    assert got["all"] > 10_000 and got["inBox"] > 20 and got["corner"] == 0  # drawn; the digits are in the box
    assert got["scrolledTo"]  # the box is far down the page: the frame scrolled to it
    # The PDF's own text inside the box is the printed string (pdf.js's text layer, not the link).
    assert page.inner_text(".viewer-printed") == f"“{value}”"
    assert page.locator(".viewer-found .viewer-error").count() == 0
    # The box is on screen, and the page itself does not scroll sideways on a phone.
    assert page.locator(".viewer-box").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_viewer_shows_a_text_reports_line(viewer_page, viewer_site):
    report = dict(viewer_site[2]["txt"])
    lines = TEXT_SEED.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith("一、本年新收"))
    report["provenance"] = {FIELD: {"raw": "1", "page": None, "bbox": None, "table": None, "row": None,
                                    "col": None, "line": number}}
    where = place(report, FIELD)
    assert where.text == f"第 {number} 行"
    page = viewer_page(where.href, width=390, height=844)
    target = page.locator(".viewer-lines li.viewer-target")
    assert target.inner_text().startswith("一、本年新收政府信息公开申请数量")
    assert page.evaluate("document.querySelector('.viewer-lines li.viewer-target').value") == number
    assert page.locator(".viewer-lines li").count() == 13  # six lines either side
    assert f"第 {number} 行" in page.inner_text(".viewer-line")


@pytest.mark.parametrize("width", [1366, 390])
def test_the_viewer_shows_the_source_table_around_a_docx_cell(viewer_page, viewer_site, width):
    report = viewer_site[2]["docx"]
    field_id = "requests.new_received.natural_person"
    record = report["provenance"][field_id]
    where = place(report, field_id)
    assert where.text == f"第 {record['table'] + 1} 张表 第 {record['row'] + 1} 行 第 {record['col'] + 1} 列"
    page = viewer_page(where.href, width=width, height=900 if width > 400 else 844)
    assert where.text in page.inner_text(".viewer-line") and f"“{record['raw']}”" in page.inner_text(".viewer-line")
    target = page.locator(".viewer-table td.viewer-target")
    assert target.inner_text() == record["raw"] == str(report["values"][field_id])
    assert target.get_attribute("title") == f"第 {record['col'] + 1} 列 自然人"
    row = page.locator(".viewer-table tr:has(td.viewer-target)")
    assert row.locator("th").inner_text() == f"第 {record['row'] + 1} 行 一、本年新收政府信息公开申请数量"
    assert [t for t in row.locator("td").all_inner_texts() if t] == [report["provenance"][f"requests.new_received.{c}"]["raw"] for c in
                                                   ("natural_person", "commercial", "research", "nonprofit",
                                                    "legal_services", "other_org", "total")]
    assert page.locator(".viewer-table tr").count() > 3  # the rows around it, and the column heads
    assert target.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_cell_without_a_places_file_is_told_in_words(viewer_page):
    page = viewer_page("viewer/?file=agencies/huaianshi-renminzhengfu/huaianshi-renminzhengfu-2024.docx"
                       "&table=1&row=4&col=2&raw=%EF%BC%93%EF%BC%95")
    assert "第 2 张表 第 5 行 第 3 列" in page.inner_text("#viewer") and "“３５”" in page.inner_text(".viewer-line")
    assert page.locator(".viewer-table").count() == 0


def test_a_link_claiming_another_number_is_contradicted_by_the_page(viewer_page, viewer_site):
    report = dict(viewer_site[2]["pdf"])
    box = printed_box(HUAIAN, 4, "3119")
    report["provenance"] = {FIELD: {"raw": "9999", "page": 4, "bbox": box}}
    page = viewer_page(place(report, FIELD).href)
    page.wait_for_selector(".viewer-found")
    assert page.inner_text(".viewer-printed") == "“3119”" and "以原文为准" in page.inner_text(".viewer-found")


def test_a_missing_original_says_where_to_find_it(viewer_page):
    page = viewer_page("viewer/?file=agencies/huaianshi-renminzhengfu/not-published.pdf&page=4")
    assert "代码仓库" in page.inner_text(".viewer-unavailable") and "第 4 页" in page.inner_text(".viewer-unavailable")


HOSTILE = [
    "viewer/?file=../../etc/passwd&page=1",
    "viewer/?page=1&label=%3Cscript%3Ealert(1)%3C/script%3E",
    "viewer/?file=agencies/x/../../../etc/passwd.pdf&page=1",
    "viewer/?file=agencies%2F..%2F..%2Fetc%2Fpasswd&page=1",
    "viewer/?file=https://evil.example/a.pdf&page=1",
    "viewer/?file=//evil.example/a.pdf&page=1",
    "viewer/?file=agencies/huaianshi-renminzhengfu/huaianshi-renminzhengfu-2024.pdf&page=javascript:alert(1)"
    "&box=javascript:alert(1)&label=%3Cscript%3Ealert(1)%3C/script%3E%3Cimg%20src=x%20onerror=alert(2)%3E"
    "&raw=%3Cb%20id=pwned%3Ex%3C/b%3E",
    "viewer/?file=agencies/huaianshi-renminzhengfu/huaianshi-renminzhengfu-2024.pdf&page=4"
    "&box=1e9,0,1,2&label=%3Cimg%20src=x%20onerror=alert(3)%3E&raw=%22%3E%3Csvg%20onload=alert(4)%3E",
]


@pytest.mark.parametrize("href", HOSTILE)
def test_hostile_parameters_do_nothing(viewer_page, href):
    page = viewer_page(href)
    viewer = page.locator("#viewer")
    assert viewer.locator("script, img, svg, b, iframe, object, embed").count() == 0
    assert page.evaluate("document.getElementById('pwned')") is None
    assert viewer.locator("a[href^='javascript'], a[href*='evil'], a[href*='passwd']").count() == 0
    assert viewer.locator(".viewer-box").count() == 0  # no box from a bad box
    text = viewer.inner_text()
    if "file=" not in href:
        assert "请在机构页面的统计表中点击数字打开" in text
    if "passwd" in href or "evil" in href:
        assert "不是本网站发布的原始文件" in text and viewer.locator("canvas").count() == 0
    given = parse_qs(urlsplit(href).query)
    if "label" in given:  # shown as text, exactly as given
        assert given["label"][0] in text
    if "page=javascript" in href:
        assert "链接中没有说明数字在原始文件中的位置" in text
