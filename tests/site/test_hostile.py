"""Reports and sidecars from strangers cannot run script or inject content on the site or in the downloads.

The corpus in tests/hostile/reports/ carries payloads in a report's title, narrative text and table
labels, in its file name, and in every string field of its sidecar (agency, region, note, source_url).
Every payload that runs sets ``window.PWNED`` and opens an alert. The site built from it is opened
page by page in Debian's Chromium (Playwright): no dialog, no PWNED, no element a payload made, no
javascript:/data: link, no request leaving 127.0.0.1 — and the agency names still show, as text.
The datasets: no text cell of a CSV starts a formula; the JSON keeps every string as printed.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
import lzma
import os
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.conftest import build_site_into, serve

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"
# Payloads in file names are given at test time (the repository must check out where < > | are refused).
NAME_PAYLOAD = "`<img src=x onerror=window.PWNED=1;alert(1)>`"
FILE_NAMES = {
    "jiangsu/filename-payload.txt": f"jiangsu/x{NAME_PAYLOAD}|y.txt",
    "jiangsu/filename-payload.yml": f"jiangsu/x{NAME_PAYLOAD}|y.yml",
    "jiangsu/not-a-report.txt": f"jiangsu/{NAME_PAYLOAD}|[x](javascript:alert(1)).txt",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# The centre of the first drawn bar of every chart (hovered: the tooltip shows its agency or region).
BAR_CENTRES = """() => [...document.querySelectorAll('.vega-chart svg')].map(svg => {
  const bar = [...svg.querySelectorAll('.mark-rect path')].find(p => p.getBoundingClientRect().width > 2);
  if (!bar) return null;
  bar.scrollIntoView({block: "center"});
  const r = bar.getBoundingClientRect();
  return [r.x + r.width / 2, r.y + r.height / 2];
}).filter(Boolean)"""
HEADING_TEXT = "h => { const c = h.cloneNode(true); c.querySelectorAll('.headerlink').forEach(a => a.remove()); return c.textContent; }"

# Run in the page after it loaded: everything a payload could have left in the DOM.
FIND_INJECTED = """() => {
  const found = [];
  if (window.PWNED) found.push("window.PWNED set");
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.getAttributeNames()) {
      if (attr.startsWith("on")) found.push(`<${el.tagName.toLowerCase()} ${attr}>`);
    }
    if (el.hasAttribute("data-pad")) found.push(`<${el.tagName.toLowerCase()} data-pad>`);
  }
  for (const img of document.querySelectorAll("img")) {
    if (img.getAttribute("src") === "x" || /evil/.test(img.getAttribute("src") || "")) found.push(`<img src=${img.getAttribute("src")}>`);
  }
  for (const script of document.querySelectorAll("script:not([src])")) {
    if (script.type !== "application/json" && script.textContent.includes("PWNED")) found.push("<script>PWNED");
  }
  for (const a of document.querySelectorAll("[href], [src], [action], [formaction]")) {
    for (const name of ["href", "src", "action", "formaction"]) {
      const value = (a.getAttribute(name) || "").replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
      if (/^(javascript|data|vbscript):/.test(value)) found.push(`<${a.tagName.toLowerCase()} ${name}=${value.slice(0, 40)}>`);
    }
  }
  if (document.querySelector(".md-header") && !document.querySelector("footer.md-footer")) found.push("page cut short (no footer)");
  return found;
}"""


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory) -> Path:
    """tests/hostile/ copied, its file-name payloads put in place."""
    data = tmp_path_factory.mktemp("hostile-data")
    for path in (HOSTILE / "reports").rglob("*"):
        if path.is_file():
            rel = path.relative_to(HOSTILE / "reports").as_posix()
            target = data / "reports" / FILE_NAMES.get(rel, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    return data


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, hostile_data):
    return build_site_into(hostile_data, tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    with serve(hostile_site.site) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_reports(hostile_site) -> list[dict]:
    # The downloads are split by year: downloads/<year>/reports.json.gz.
    return [r for path in sorted((hostile_site.site / "downloads").rglob("reports.json.gz"))
            for r in json.loads(gzip.decompress(path.read_bytes()))]


def _sidecars(data: Path) -> dict[str, dict]:
    """Sidecar of every hostile report, by report file name."""
    return {p.with_suffix(".txt").name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in data.rglob("*.yml")}


def test_corpus_builds(hostile_site):
    assert hostile_site.result.reports == 7
    assert hostile_site.result.failures == 1  # the file that is no report, with payloads in its name


def test_json_keeps_every_string_as_printed(hostile_data, hostile_reports):
    by_file = {r["source"]["file"]: r for r in hostile_reports}
    assert f"x{NAME_PAYLOAD}|y.txt" in by_file
    for file, sidecar in _sidecars(hostile_data).items():
        report = by_file[file]
        for key in ("agency", "note"):
            if key in sidecar:
                assert report[key] == sidecar[key]
        assert report["source"]["source_url"] == sidecar["source_url"]
    title = by_file["xuanwu-title.txt"]
    assert title["agency"].startswith("<svg/onload=window.PWNED=1;alert(1)//") and title["agency"].endswith("南京市玄武区教育局")
    assert "<script data-pad=" in title["parts"]["problems"]


def test_slugs_are_short(hostile_site, hostile_reports):
    long_name = next(r for r in hostile_reports if len(r["agency"]) > 90)
    assert len(long_name["agency_id"]) <= 90
    for path in hostile_site.site.rglob("*"):
        assert len(path.name.encode()) <= 120 or path.name.startswith("`"), path.name


def _csv_rows(path: Path) -> list[dict]:
    data = lzma.decompress(path.read_bytes()) if path.suffix == ".xz" else path.read_bytes()  # (an .xz CSV)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_text_cells_start_no_formula(hostile_data, hostile_site):
    downloads = hostile_site.site / "downloads"
    package = json.loads((downloads / "datapackage.json").read_text(encoding="utf-8"))
    checked = 0
    for resource in package["resources"]:
        if resource.get("format") != "csv":
            continue
        schema = resource["schema"]  # a path to the table's schema, shared by its yearly files
        schema = json.loads((downloads / schema).read_text(encoding="utf-8")) if isinstance(schema, str) else schema
        types = {f["name"]: f["type"] for f in schema["fields"]}
        for row in _csv_rows(downloads / resource["path"]):
            for name, cell in row.items():
                if not cell:
                    continue
                if types[name] in ("integer", "number"):
                    float(cell)  # numbers stay numbers (negative ones too)
                else:
                    assert not cell.startswith(FORMULA_START), (resource["path"], name, cell)
                    checked += 1
    assert checked > 100
    # The neutralized cells keep their text behind the quote, and are quoted in the file.
    wide = sorted(downloads.glob("*/reports.csv"))  # one per year
    rows = {r["source_file"]: r for path in wide for r in _csv_rows(path)}
    sidecars = _sidecars(hostile_data)
    assert rows["sidecar-markdown.txt"]["agency"] == "'" + sidecars["sidecar-markdown.txt"]["agency"]
    assert rows["sidecar-long.txt"]["agency"] == "'" + sidecars["sidecar-long.txt"]["agency"]
    assert rows["sidecar-long.txt"]["province"] == "'@SUM(1)省"
    assert rows["sidecar-long.txt"]["county"] == "'=1+1县"  # (the sidecar loader strips the tab before it)
    assert rows["sidecar-long.txt"]["agency"].startswith("'+SUM(1,2)")
    assert any('"\'@SUM(1)省"' in path.read_text(encoding="utf-8") for path in wide)


def test_search_index_holds_names_as_text(hostile_site, hostile_reports):
    # Pagefind keeps a page's text, decoded once: each agency's result title is its name as printed
    # (neither markup nor double-escaped), which the search box writes with textContent.
    from tests.search.fragments import pagefind_fragments

    titles = {f["url"]: f["meta"]["title"] for f in pagefind_fragments(hostile_site.site)}
    for report in hostile_reports:
        title = titles[f"/agencies/{report['agency_id']}/"]
        assert " ".join(title.replace("\u200b", "").split()) == " ".join(report["agency"].split())


def _pages(site: Path) -> list[str]:
    """URL paths of every HTML page of the site ("" for the home page), but the stubs that only send the
    reader on (a lone-body region's addresses, builder/pages/regions.py stub: no script, no name but
    the region's, escaped)."""
    paths = [p.relative_to(site).as_posix() for p in site.rglob("*.html")
             if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")[:1000]]
    return sorted(quote(p.removesuffix("index.html")) for p in paths)


@pytest.mark.browser
def test_svgs_hold_no_script(browser, hostile_site, hostile_url):
    """The charts as vega-embed's menu exports them (SVG; agency and region names are text in them) run
    nothing when opened on their own."""
    from lxml import etree

    svgs = []
    for path in _pages(hostile_site.site):
        if not path.startswith(("agencies/", "regions/")):
            continue
        page, _events = _open(browser, hostile_url + path)
        svgs += [(path, svg) for svg in page.evaluate(
            "Promise.all([...document.querySelectorAll('.vega-chart')].filter(c => c.vegaView)"
            ".map(c => c.vegaView.toSVG()))")]
        page.context.close()
    assert len(svgs) > 10
    for path, svg in svgs:
        root = etree.fromstring(svg.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            assert etree.QName(el).localname not in ("script", "foreignObject", "iframe"), path
            for name, value in el.attrib.items():
                assert not etree.QName(name).localname.lower().startswith("on"), (path, name)
                assert not value.strip().lower().startswith(("javascript:", "data:text")), (path, name)


def _open(browser, url: str) -> tuple[object, list[str]]:
    """A fresh context per page (a payload cannot carry over); records dialogs and outside requests."""
    found: list[str] = []
    context = browser.new_context()
    context.on("request", lambda r: r.url.startswith(url.split("/", 3)[0] + "//127.0.0.1") or found.append(
        f"request to {r.url[:60]}"))
    page = context.new_page()
    page.on("dialog", lambda d: (found.append(f"dialog {d.type}: {d.message[:40]}"), d.dismiss()))
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate("document.querySelector('.vega-chart')?.scrollIntoView()")  # drawn once in view (charts.js)
    # Charts render after load (vega-embed): their specs carry agency and region names.
    try:
        page.wait_for_function("[...document.querySelectorAll('.vega-chart')].every(c => c.querySelector('svg') "
                               "|| c.textContent)", timeout=15000)
    except PlaywrightTimeout:
        found.append("charts not drawn")
    return page, found


@pytest.mark.browser
def test_no_page_runs_a_payload(browser, hostile_site, hostile_url):
    pages = _pages(hostile_site.site)
    assert len(pages) > 15
    found = []
    for path in pages:
        page, events = _open(browser, hostile_url + path)
        # Hover the first bar of every chart: the tooltip shows the agency or region name.
        for x, y in page.evaluate(BAR_CENTRES):
            page.mouse.move(x, y)
            page.wait_for_timeout(50)
        events += page.evaluate(FIND_INJECTED)
        found += [f"{path or '/'}: {e}" for e in events]
        page.context.close()
    assert found == [], "\n".join(found)


@pytest.mark.browser
@pytest.mark.parametrize("query", ["玄武区", "民政局", "财政局", "很长的机构名称", "文件名测试局", "onerror"])
def test_search_results_run_no_payload(browser, hostile_url, query):
    page, events = _open(browser, hostile_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    # "在该页上还有 N 个符合条件的结果": the other sections of a page (their titles too) show when opened.
    for more in page.locator("details.md-search-result__more summary").all():
        more.click()
    page.wait_for_timeout(300)
    events += page.evaluate(FIND_INJECTED)
    assert events == []
    assert query in results.first.inner_text().replace("\u200b", "")
    page.context.close()


@pytest.mark.browser
def test_names_show_as_text(browser, hostile_url, hostile_reports):
    """Escaped, not dropped: the page's heading, header and <title> read the agency name as printed."""
    for report in hostile_reports:
        page, events = _open(browser, hostile_url + f"agencies/{report['agency_id']}/")
        name = " ".join(report["agency"].split())
        assert " ".join(page.locator("article h1").first.evaluate(HEADING_TEXT).split()) == name
        assert page.title().startswith(name)
        header = page.locator(".md-header__topic").last.inner_text()
        assert " ".join(header.split()) == name
        source = page.locator("p.report-source").inner_text()
        if not report["source"]["source_url"]:
            continue
        url = report["source"]["source_url"]
        assert url in source  # shown as printed
        # The sidecar schema lets only http(s) through; the link's href is exactly the URL: no attribute broke out.
        hrefs = page.locator("p.report-source a[rel~=nofollow]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert url in hrefs
        assert events == []
        page.context.close()


@pytest.mark.browser
def test_failures_page_shows_file_name(browser, hostile_url):
    page, events = _open(browser, hostile_url + "failures/")
    cell = page.locator("article table td").first.inner_text()
    assert cell.endswith(FILE_NAMES["jiangsu/not-a-report.txt"])
    assert events == []
    page.context.close()


# ---------------------------------------------------------------- without a browser


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "  javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "\x01javascript:alert(1)", "&#106;avascript:alert(1)", "data:text/html,<script>",
    "vbscript:msgbox(1)", "//evil.invalid/x", "/relative", "http:/no-host", "https://[broken", "", None, 42,
])
def test_safe_url_refuses(url):
    from builder.pages.common import safe_url, url_html

    assert safe_url(url) is None
    if isinstance(url, str):
        assert "<a" not in url_html(url) and "href" not in url_html(url)


@pytest.mark.parametrize("url", ["http://www.xqq.gov.cn/", "HTTPS://example.gov.cn/a?b=1&c=2#d", " https://x.cn/ "])
def test_safe_url_keeps_http_links(url):
    from builder.pages.common import safe_url, url_html

    assert safe_url(url) == url.strip()
    assert url_html(url).startswith('<a href="' + url.strip().replace("&", "&amp;") + '"')


def test_json_for_html_round_trips():
    from builder.pages.common import json_for_html

    data = {"机构": "</script><!--<script>&\u2028", "n": -3}
    text = json_for_html(data)
    assert not any(ch in text for ch in "<>&\u2028")
    assert json.loads(text) == data


def test_long_slugs_are_capped_and_distinct():
    from builder.metadata import SLUG_MAX, slugify

    a, b = "很长的机构名称" * 42 + "甲局", "很长的机构名称" * 42 + "乙局"
    assert len(slugify(a)) == SLUG_MAX and slugify(a) == slugify(a)
    assert slugify(a) != slugify(b)
    assert slugify("兴庆区月牙湖乡人民政府") == "xingqingqu-yueyahuxiang-renminzhengfu"  # short ones unchanged


def test_parse_prints_no_terminal_escapes(tmp_path):
    """`python -m builder parse` prints the agency and check messages: never an escape sequence."""
    import subprocess
    import sys

    text = (HOSTILE / "reports" / "jiangsu" / "sidecar-html.txt").read_text(encoding="utf-8")
    agency = "\x1b]0;窗口标题\x07\x1b[2J\x1b[31m红色\x1b[0m\x9b31m\u202e局府政\x08\x08测试局"
    report = tmp_path / "report.txt"
    # In the report's own title (the sidecar schema refuses control characters outright, below).
    report.write_text(text.replace("测试县某某局", agency), encoding="utf-8")
    run = functools.partial(subprocess.run, capture_output=True, text=True, encoding="utf-8",
                            cwd=Path(__file__).resolve().parents[2])
    out = run([sys.executable, "-m", "builder", "parse", str(report)], check=True).stdout
    assert "2020 年度" in out.splitlines()[0]
    assert not any(ord(ch) < 0x20 and ch != "\n" or 0x7F <= ord(ch) <= 0x9F or ch == "\u202e" for ch in out)
    (tmp_path / "report.yml").write_text(yaml.safe_dump({"agency": agency}), encoding="utf-8")
    refused = run([sys.executable, "-m", "builder", "parse", str(report)])
    assert refused.returncode == 2 and "agency" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert not any(ord(ch) < 0x20 and ch != "\n" or 0x7F <= ord(ch) <= 0x9F for ch in refused.stderr)


@pytest.mark.browser
def test_html_original_downloads_as_given(browser, hostile_url, hostile_reports, tmp_path):
    """An HTML report's original is published inert (…html.txt) and still downloads under its own name, unchanged."""
    report = next(r for r in hostile_reports if r["source"]["format"] == "html")
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(hostile_url + f"agencies/{report['agency_id']}/")
    link = page.locator("p.report-source a[download]").first
    assert link.get_attribute("href") == f"{report['id']}.html.txt"
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename == f"{report['id']}.html"
    info.value.save_as(tmp_path / "original.html")
    assert (tmp_path / "original.html").read_bytes() == (HOSTILE / "reports" / "hubei" / "html-original.html").read_bytes()
    context.close()


def test_parse_json_and_errors_carry_no_raw_terminal_controls(tmp_path):
    """json.dumps(ensure_ascii=False) leaves 8-bit CSI and bidi overrides raw; the CLI writes them escaped."""
    import subprocess
    import sys

    from builder.cli import json_text

    text = json_text({"agency": "局\x9b31m\u202e"})
    assert "\x9b" not in text and "\u202e" not in text and json.loads(text) == {"agency": "局\x9b31m\u202e"}
    bad = tmp_path / "坏\x1b[31m.txt"
    bad.write_bytes(b"")
    done = subprocess.run([sys.executable, "-m", "builder", "parse", str(bad)], capture_output=True, text=True)
    assert done.returncode == 2 and "\x1b" not in done.stderr and "文件为空" in done.stderr
