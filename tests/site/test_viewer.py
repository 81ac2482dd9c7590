"""Every number links to its place in the original: builder.pages.provenance.place() and the viewer page.

place() is tested on PDF-, DOCX- and text-like provenance records, and on records whose values are not
what the contract says (they come from parsing strangers' files). The viewer (site_src/viewer/,
assets/viewer.js with the vendored pdf.js) is opened in Debian's Chromium on a small site built from
tests/fixtures/reports/huaian-2024.pdf and a text seed report: the page
is drawn, the highlight sits over the cell's box (pdfplumber finds the printed string's box), the line
above it names the printed string and 第 N 页; the text report shows its line; hostile parameters do
nothing. The link names the report and the field only (viewer/?r=…&f=…); what the viewer shows comes
from the report's places file (viewer/places/<report id>.json).
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pdfplumber
import pytest

from builder.pages.common import html_attr, value_anchor
from builder.pages.provenance import (
    FIELDS_FILE,
    PLACES_DIR,
    Place,
    expand_values,
    fields_file,
    href_from,
    label,
    original_path,
    place,
    places_file,
    places_path,
)
from builder.pages.tables import anchor_field, value_cells
from builder.template import fields

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


def _places(report: dict) -> dict:
    """The report's places file, parsed, its values in full (expand_values)."""
    files = places_file(report)
    assert list(files) == [places_path(report)]
    data = json.loads(files[places_path(report)])
    return {**data, "values": [v or 0 for v in expand_values(data["values"])]}


def _site_fields() -> dict:
    return json.loads(fields_file()[FIELDS_FILE])


def _entry(report: dict, field_id: str) -> list | int:
    """The value's entry in the places file: its position is the field's in viewer/fields.json."""
    ids = [row[0] for row in _site_fields()["fields"]]
    return _places(report)["values"][ids.index(field_id)]


# ---------------------------------------------------------------- place()


def test_place_of_a_pdf_cell():
    report = _report(raw="3,119", page=4, bbox=[496.25, 465.1, 511.2, 472.5])
    where = place(report, FIELD)
    assert where == Place("viewer/?r=huaianshi-renminzhengfu-2024&f=requests.new_received.total", "第 4 页")
    assert _query(where) == {"r": "huaianshi-renminzhengfu-2024", "f": FIELD}
    data = _places(report)
    assert places_path(report) == "viewer/places/huaianshi-renminzhengfu-2024.json"
    assert data["file"] == "agencies/huaianshi-renminzhengfu/huaianshi-renminzhengfu-2024.pdf" == original_path(report)
    assert data["title"] == "淮安市人民政府 · 2024 年度" and "link" not in data
    assert data["v"] == _site_fields()["v"]  # read only against the same field list
    assert _entry(report, FIELD) == ["3,119", "p", 4, 496.2, 465.1, 511.2, 472.5]
    assert _entry(report, "requests.new_received.natural_person") == 0  # not placed
    row = next(r for r in _site_fields()["fields"] if r[0] == FIELD)
    assert (f"{data['title']} · {row[1]}：{row[2]} / {row[3]}" == label(report, FIELD)
            == "淮安市人民政府 · 2024 年度 · 三、收到和处理政府信息公开申请情况：一、本年新收政府信息公开申请数量 / 总计")


def test_place_of_a_docx_cell_and_a_text_line():
    report = _report("docx", raw="３５", table=1, row=4, col=7)
    docx = place(report, FIELD)
    assert docx.text == "第 2 张表 第 5 行 第 8 列" and _query(docx) == {"r": report["id"], "f": FIELD}
    assert _entry(report, FIELD) == ["３５", "c", 1, 4, 7]
    assert _places(report)["file"] == "agencies/huaianshi-renminzhengfu/huaianshi-renminzhengfu-2024.docx"
    text = _report("txt", raw="14800元", line=120)
    assert place(text, FIELD).text == "第 120 行"
    assert _entry(text, FIELD) == ["14800元", "l", 120]
    # An HTML original is published as .html.txt (never a page of this site): the viewer is given that copy.
    assert _places(_report("html", table=0, row=2, col=1))["file"].endswith("-2024.html.txt")
    # A blank cell has a place too (raw ""), a field without provenance has none.
    blank = _report(raw="", page=2, bbox=None)
    assert place(blank, FIELD).text == "第 2 页" and _entry(blank, FIELD) == ["", "p", 2]
    assert place(_report(), "requests.new_received.natural_person") is None
    assert place({**_report(), "provenance": None}, FIELD) is None
    assert places_file({**_report(), "provenance": None}) == {}
    assert place({**_report(), "provenance": [FIELD]}, FIELD) is None and places_file({**_report(), "provenance": "x"}) == {}


def test_places_file_bytes_depend_only_on_the_record():
    """Sorted keys: the same record gives the same bytes (an incremental build rewrites it only then)."""
    report = _report(raw="1", page=4, bbox=[1, 2, 3, 4])
    report["provenance"]["requests.carried_over.total"] = {"raw": "2", "page": 3}
    shuffled = {**report, "provenance": dict(reversed(list(report["provenance"].items())))}
    assert places_file(report) == places_file(shuffled)


@pytest.mark.parametrize("bad", [
    {"page": "4"}, {"page": True}, {"page": 0}, {"page": -1}, {"page": 7},  # the report has 6 pages
    {"page": 4.0}, {"line": "12"}, {"line": 0}, {"table": -1, "row": 0, "col": 0},
    {"table": 0, "row": "1", "col": 0}, {"table": 0, "row": None, "col": 0},
])
def test_place_refuses_numbers_that_are_not_numbers(bad):
    assert place(_report(**bad), FIELD) is None
    assert places_file(_report(**bad)) == {}


@pytest.mark.parametrize("box", [
    [1, 2, 3], [1, 2, 3, "4"], [float("nan"), 1, 2, 3], [1, 2, float("inf"), 3], [5, 1, 4, 3], [1, 5, 2, 4],
    [-1, 0, 2, 3], [True, 0, 2, 3], "1,2,3,4", {"x0": 1},
])
def test_a_bad_box_still_gives_the_page(box):
    report = _report(page=3, bbox=box)
    assert place(report, FIELD).text == "第 3 页" and _entry(report, FIELD) == ["", "p", 3]


@pytest.mark.parametrize("ids", [
    {"id": "../../etc/passwd"}, {"id": "x&f=1"}, {"id": "Huaian-2024"}, {"id": ""}, {"id": 2024},
    {"agency_id": "a/../b"}, {"agency_id": None},
])
def test_place_refuses_ids_that_are_not_ids(ids):
    report = {**_report(raw="1", page=4), **ids}
    assert place(report, FIELD) is None and places_file(report) == {}


def test_strings_from_the_record_stay_out_of_the_link():
    hostile = '"><script>alert(1)</script>\n&page=1'
    report = _report(raw=hostile, page=4, bbox=[1, 2, 3, 4])
    report["agency"] = '<img src=x onerror=alert(1)>"'
    report["source"]["file"] = "../../../etc/passwd.pdf"  # the file name is the record's: never the path
    where = place(report, FIELD)
    assert _query(where) == {"r": report["id"], "f": FIELD}  # nothing from the record but its ids
    data = _places(report)
    assert data["file"] == "agencies/huaianshi-renminzhengfu/huaianshi-renminzhengfu-2024.pdf"
    assert _entry(report, FIELD)[0] == hostile.replace("\n", " ")  # one line, the rest intact (a JSON string)
    assert data["title"].startswith('<img src=x onerror=alert(1)>"')
    # Field ids: the template's only (a made-up one is neither linked nor listed).
    report["provenance"]["x.y&r=z.w"] = report["provenance"]["requests.x.y"] = {"raw": "1", "page": 4}
    assert place(report, "x.y&r=z.w") is None and place(report, "requests.x.y") is None
    assert sum(v != 0 for v in _places(report)["values"]) == 1


def test_linked_original_and_links_from_a_page():
    report = _report(raw="3119", page=4, bbox=[1, 2, 3, 4])
    linked = place(report, FIELD, link="https://github.com/example/reports/blob/abc/data/x.pdf")
    assert linked == Place("https://github.com/example/reports/blob/abc/data/x.pdf#page=4", "第 4 页")
    assert place(report, FIELD, link="javascript:alert(1)") is None
    docx = _report("docx", raw="1", table=1, row=3, col=1)
    assert place(docx, FIELD, link="https://github.com/x").href.startswith("viewer/?")  # the places file is on the site
    data = json.loads(places_file(docx, link="https://github.com/x/blob/abc/x.docx")[places_path(docx)])
    assert data["link"] == "https://github.com/x/blob/abc/x.docx"  # the viewer's 打开原始文件 link
    assert "link" not in json.loads(places_file(docx, link="javascript:alert(1)")[places_path(docx)])
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
    anchor = value_anchor(report, FIELD)
    cell = value_cells(soup)[anchor]
    where = place(report, anchor_field(anchor))
    cell.string = ""
    cell.append(BeautifulSoup(f'<a href="{html_attr(href_from(page, where))}" title="{html_attr(where.text)}">'
                              f"{report['values'][FIELD]}</a>", "lxml").a)
    link = value_cells(soup)[anchor].a
    assert link.get_text() == "3119" and link["title"] == "第 4 页"
    assert len(link["href"]) < 80  # ../../viewer/?r=…&f=…: the agency page links every value of every year
    target = urlsplit(urljoin("http://site/agencies/huaianshi-renminzhengfu/", link["href"]))
    assert target.path == "/viewer/" and parse_qs(target.query) == {"r": [report["id"]], "f": [FIELD]}


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
    data = _places(report)
    assert (data["file"], data["title"]) == ("agencies/huaianshi-renminzhengfu/huaianshi-renminzhengfu-2024.docx",
                                             "淮安市人民政府 · 2024 年度")
    assert _entry(report, FIELD) == ["３５", "c", 1, 4, 7]
    assert _entry(report, "requests.new_received.natural_person") == ["<b>1</b>", "c", 1, 4, 1]
    assert _entry(report, "requests.carried_over.total") == 0
    assert sum(v != 0 for v in data["values"]) == 2  # not.a.field is not the template's
    assert len(data["values"]) == len(_site_fields()["fields"])


def test_the_site_lists_the_fields_once():
    data = _site_fields()
    ids = [row[0] for row in data["fields"]]
    assert ids == sorted(fields()) and len(ids) >= 226
    assert next(r for r in data["fields"] if r[0] == "requests.new_received.natural_person")[1:] == [
        "三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量", "自然人"]


def whole_report(path: Path, where) -> dict:
    """The parsed report with every value placed: where(n, field_id) gives the n-th value's place."""
    from builder.parse import parse_report

    report = parse_report(path)
    report["provenance"] = {f: {"raw": f"{v:,}" if isinstance(v, int) else "", **where(n, f)}
                            for n, (f, v) in enumerate(report["values"].items())}
    return report


def test_places_file_of_a_whole_report_is_small():
    """Every value of a report placed: the file is a few KB of issue 9's 60 KB a report (figures: the README)."""
    pdf = whole_report(HUAIAN, lambda n, f: {"page": 2 + n // 40, "bbox": [300.25 + n % 7 * 30.5, 100.5 + n % 40 * 15.5,
                                                                            320.75 + n % 7 * 30.5, 110.5 + n % 40 * 15.5]})
    docx = whole_report(DOCX, lambda n, f: {"table": 1 + n // 30, "row": n % 30, "col": 1 + n % 8})
    # Measured: 7.1 KB (2.0 KB gzipped) and 3.4 KB (0.9 KB); huaian-2024.pdf's real provenance: 7.4 KB (1.7 KB).
    for report, most, gzipped in ((pdf, 9_000, 2_500), (docx, 5_000, 1_500)):
        assert len(report["provenance"]) >= 150
        text = places_file(report)[places_path(report)].encode()
        assert len(text) < most and len(gzip.compress(text)) < gzipped, (report["id"], len(text))
        assert sum(v != 0 for v in _places(report)["values"]) == len(report["values"])


def test_the_build_writes_the_places_file_and_rewrites_it_only_when_it_changes(tmp_path):
    from builder.pages.docs_tree import DocsTree
    from builder.parse import parse_report
    from builder.site import _files_of, _task

    report = parse_report(DOCX)
    report["provenance"] = requests_cells(report, DOCX)
    older = {**report, "id": report["agency_id"] + "-2022", "year": 2022,
             "source": {**report["source"], "path": str(shutil.copy(DOCX, tmp_path / "older.docx"))},
             "provenance": {k: {**v, "raw": "1"} for k, v in report["provenance"].items()}}
    tree = DocsTree(tmp_path / "docs", tmp_path / "state.json")

    def build(*reports):
        files, failed = _files_of(_task({"by_agency": {report["agency_id"]: list(reports)}, "links": {}},
                                        ("agency", report["agency_id"])))
        assert failed == []
        tree.written.clear()
        tree.put(f"agency:{report['agency_id']}", None, files)
        return files

    files = build(report, older)
    assert any(json.loads(files[places_path(report)])["values"])
    assert {places_path(report), places_path(older)} <= set(tree.written)
    older["provenance"]["requests.new_received.total"]["raw"] = "2"  # one report of the agency changed
    build(report, older)
    assert places_path(older) in tree.written and places_path(report) not in tree.written


# ---------------------------------------------------------------- the viewer in a browser


def printed_box(path: Path, page: int, text: str) -> list[float]:
    """The box (pdfplumber: PDF points, top-left origin) of the one word `text` printed on the page."""
    with pdfplumber.open(path) as pdf:
        words = [w for w in pdf.pages[page - 1].extract_words() if w["text"] == text]
    assert len(words) == 1, words
    return [words[0][k] for k in ("x0", "top", "x1", "bottom")]


def publish(site: Path, report: dict) -> None:
    """The report's places file written into the built site, as the build writes it from its record."""
    for path, content in places_file(report).items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(content, encoding="utf-8")


HUAIAN_PDF = "agencies/huaianshi-renminzhengfu/huaianshi-renminzhengfu-2024.pdf"


def hand_made(file: str, entries: dict, title: str = "t", v: str | None = None) -> dict:
    """A places file as a hand (or an older build) could have made it: entries by field id."""
    data = _site_fields()
    ids = [row[0] for row in data["fields"]]
    values = [0] * len(ids)
    for field_id, entry in entries.items():
        values[ids.index(field_id)] = entry
    return {"v": v or data["v"], "file": file, "title": title, "values": values}


# Places files that are not what places_file writes (a site's files can be edited by hand, or be stale).
HOSTILE_PLACES = {
    "hostile-file-2024": hand_made("agencies/x/../../../etc/passwd.pdf", {FIELD: ["1", "p", 4]}),
    "hostile-strings-2024": {**hand_made(
        HUAIAN_PDF, {FIELD: ['"><b id=pwned>x</b>', "p", 4, 1e9, 0, 1, 2],
                     "requests.new_received.natural_person": ["1", "p", "javascript:alert(1)"],
                     "requests.new_received.other_org": ["1", "c", -1, 0.5, "1"]},
        "<img src=x onerror=alert(3)>"), "link": "javascript:alert(1)//https://x/"},
    "stale-2024": hand_made(HUAIAN_PDF, {FIELD: ["1", "p", 4]}, v="another-build"),
    "huaianshi-renminzhengfu-2019": hand_made("agencies/huaianshi-renminzhengfu/not-published.pdf",
                                              {FIELD: ["1", "p", 4]}),
}


@pytest.fixture(scope="module")
def viewer_site(tmp_path_factory):
    """A site of three reports (the Huai'an PDF, a text seed, a DOCX) served on 127.0.0.1, and their records.

    A test gives a report the provenance it needs and publishes its places file (publish) into the site."""
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
    # The DOCX report's cells as its reader numbers them, published as the build writes them.
    docx = reports["docx"]
    docx["provenance"] = requests_cells(docx, DOCX)
    publish(built.site, docx)
    for report_id, data in HOSTILE_PLACES.items():
        (built.site / PLACES_DIR / f"{report_id}.json").write_text(json.dumps(data), encoding="utf-8")
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
    for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 600) n++; return n; };
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
    publish(site, report)
    assert (site / _places(report)["file"]).is_file()  # the build copied the original where the places file points
    page = viewer_page(where.href, width=width, height=900 if width > 400 else 844)
    page.wait_for_selector("canvas.viewer-canvas[data-rendered]", timeout=30000)
    line = page.inner_text(".viewer-line")
    assert f"“{value}”" in line and "第 4 页" in line and "淮安市人民政府" in line and "2024 年度" in line
    assert page.inner_text(".viewer-label") == label(report, FIELD)
    got = page.evaluate(BOX_AND_INK)
    if width > 1000:
        assert got["scale"] > 1.9 and page.locator(".viewer-zoom").count() == 0  # the page fits at twice its size
        assert got["scrolledTo"]  # the box is far down the page: the frame scrolled to it
    else:
        # A phone: the page fits the frame's width, so the row's label left of the box is in view too.
        frame = page.evaluate("(() => { const f = document.querySelector('.viewer-frame');"
                              " return {width: f.clientWidth, left: f.scrollLeft}; })()")
        assert got["scale"] < 1 and got["width"] <= frame["width"] and frame["left"] == 0
        assert_box_drawn(got, box)
        # 放大 draws it at a readable scale, scrolled to the box; 缩小 fits it again.
        page.click(".viewer-zoom:has-text('放大')")
        page.wait_for_function("Number(document.querySelector('.viewer-box').dataset.scale) >= 1.3")
        page.wait_for_selector(".viewer-zoom:has-text('缩小'):enabled")
        got = page.evaluate(BOX_AND_INK)
        assert 1.3 <= got["scale"] < 1.4 and got["scrolledTo"]
        assert page.evaluate("document.querySelector('.viewer-frame').scrollLeft > 0")
    assert_box_drawn(got, box)
    # The PDF's own text inside the box is the printed string (pdf.js's text layer, not the link): said
    # once, in the line naming the value, as agreeing with the record.
    assert page.inner_text(".viewer-printed") == f"“{value}”"
    assert page.locator(".viewer-found").count() == 0 and "（与记录一致）" in page.inner_text(".viewer-line")
    assert page.inner_text("#viewer").count(f"“{value}”") == 1 and "原文此处" in page.inner_text(".viewer-line")
    # The box is on screen, and the page itself does not scroll sideways on a phone.
    assert page.locator(".viewer-box").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def assert_box_drawn(got: dict, box: list[float]) -> None:
    """The page drawn at its scale, the highlight over the box (PDF points), the digits inside it."""
    scale, pad = got["scale"], 3
    assert got["width"] == pytest.approx(595 * scale, abs=1)  # the page is 595 points wide
    assert got["left"] == pytest.approx(box[0] * scale - pad, abs=1.5)
    assert got["top"] == pytest.approx(box[1] * scale - pad, abs=1.5)
    assert got["boxWidth"] == pytest.approx((box[2] - box[0]) * scale + 2 * pad, abs=1.5)
    assert got["boxHeight"] == pytest.approx((box[3] - box[1]) * scale + 2 * pad, abs=1.5)
    # Drawn; the digits are in the box (fewer pixels of ink when the page fits a phone).
    assert got["all"] > 5_000 and got["inBox"] > 20 * min(1, scale) ** 2 and got["corner"] == 0


def test_the_viewer_shows_a_text_reports_line(viewer_page, viewer_site):
    report = dict(viewer_site[2]["txt"])
    lines = TEXT_SEED.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith("一、本年新收"))
    report["provenance"] = {FIELD: {"raw": "1", "page": None, "bbox": None, "table": None, "row": None,
                                    "col": None, "line": number}}
    where = place(report, FIELD)
    assert where.text == f"第 {number} 行"
    publish(viewer_site[1], report)
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


def test_a_linked_original_opens_in_the_repository(viewer_page, viewer_site):
    """Link mode (the original only in the repository): a cell is still shown from the places file, and
    the viewer's original link is the repository's."""
    report = {**viewer_site[2]["docx"], "id": "wuhanshi-jianghanqu-renminzhengfu-2022"}
    link = "https://github.com/example/reports/blob/abc/data/x.docx"
    for path, content in places_file(report, link).items():
        (viewer_site[1] / path).write_text(content, encoding="utf-8")
    page = viewer_page(place(report, FIELD, link=link).href)
    assert page.get_attribute(".viewer-links a:has-text('代码仓库')", "href") == link
    assert page.inner_text(".viewer-table td.viewer-target") == report["provenance"][FIELD]["raw"]


def test_a_report_or_value_without_a_places_entry_is_told_in_words(viewer_page):
    page = viewer_page(f"viewer/?r=huaianshi-renminzhengfu-2023&f={FIELD}")
    assert "本网站没有这份报告的定位数据" in page.inner_text("#viewer") and page.locator("canvas").count() == 0
    page = viewer_page("viewer/?r=huaianshi-renminzhengfu-2019&f=requests.carried_over.total")
    assert "定位数据中没有这个数字" in page.inner_text("#viewer") and page.locator("canvas").count() == 0


def test_a_link_claiming_another_number_is_contradicted_by_the_page(viewer_page, viewer_site):
    report = dict(viewer_site[2]["pdf"])
    box = printed_box(HUAIAN, 4, "3119")
    report["provenance"] = {FIELD: {"raw": "9999", "page": 4, "bbox": box}}
    publish(viewer_site[1], report)
    page = viewer_page(place(report, FIELD).href)
    page.wait_for_selector(".viewer-found")
    assert page.inner_text(".viewer-printed") == "“3119”" and "以原文为准" in page.inner_text(".viewer-found")
    assert "原文印为" in page.inner_text(".viewer-line") and "与记录一致" not in page.inner_text("#viewer")


def test_a_missing_original_says_where_to_find_it(viewer_page):
    page = viewer_page(f"viewer/?r=huaianshi-renminzhengfu-2019&f={FIELD}")
    assert "代码仓库" in page.inner_text(".viewer-unavailable") and "第 4 页" in page.inner_text(".viewer-unavailable")


HOSTILE = [
    f"viewer/?r=../../etc/passwd&f={FIELD}",
    f"viewer/?r=%2e%2e%2f%2e%2e%2fetc%2fpasswd&f={FIELD}",
    f"viewer/?r=https://evil.example/a&f={FIELD}",
    f"viewer/?r=//evil.example/a&f={FIELD}",
    "viewer/?r=huaianshi-renminzhengfu-2024&f=%3Cscript%3Ealert(1)%3C/script%3E",
    "viewer/?r=huaianshi-renminzhengfu-2024&f=requests.new_received.total%0A&label=%3Cb%20id=pwned%3E",
    "viewer/?r=huaianshi-renminzhengfu-2024",
    # The old form, with every string in the query: no longer read.
    "viewer/?file=agencies/huaianshi-renminzhengfu/huaianshi-renminzhengfu-2024.pdf&page=4"
    "&box=1,2,3,4&label=%3Cimg%20src=x%20onerror=alert(3)%3E&raw=%22%3E%3Csvg%20onload=alert(4)%3E",
    # Places files that are not what the build writes.
    f"viewer/?r=hostile-file-2024&f={FIELD}",
    f"viewer/?r=hostile-strings-2024&f={FIELD}",
    "viewer/?r=hostile-strings-2024&f=requests.new_received.natural_person",
    "viewer/?r=hostile-strings-2024&f=requests.new_received.other_org",
    "viewer/?r=hostile-strings-2024&f=requests.__proto__.x",
    f"viewer/?r=stale-2024&f={FIELD}",
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
    assert "NaN" not in text and "undefined" not in text
    given = parse_qs(urlsplit(href).query)
    if "r" not in given:
        assert "请在机构页面的统计表中点击数字打开" in text
    elif "passwd" in href or "evil" in href or "f" not in given or "script" in href or "%0A" in href:
        assert "链接中的报告或数字编号无效" in text and viewer.locator("canvas").count() == 0
    elif "hostile-file" in href:
        assert "不是本网站发布的原始文件" in text and viewer.locator("canvas").count() == 0
    elif "hostile-strings" in href and FIELD in href:  # the page is drawn, the strings shown as text
        page.wait_for_selector("canvas.viewer-canvas[data-rendered]", timeout=30000)
        assert '"><b id=pwned>x</b>' in text and "<img src=x onerror=alert(3)>" in text
        assert viewer.locator("a", has_text="代码仓库").count() == 0  # the javascript: link is not one
    elif "stale" in href:
        assert "请刷新页面再试" in text and viewer.locator("canvas").count() == 0
    else:  # a place that is not a place
        assert "定位数据中没有这个数字" in text and viewer.locator("canvas, .viewer-table").count() == 0
