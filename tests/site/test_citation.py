"""Cite a number, and say on every page how: a small site built once for this module from the real
huaian-2024.pdf (with a sidecar naming where it was published) and one text report whose sidecar
carries payloads in its agency name and no source address.

In Chromium: 复制引用 on one value of 淮安市人民政府's page copies the Chinese citation (body, year, the
template's row and column, the value, the source, the dataset version from version.json, a permalink
that scrolls to the cell), with a selectable box where the clipboard is refused. Without a browser:
the licence and version footer on every page, version.json, Open Graph tags escaped, unicode heading
anchors, CITATION.cff.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from builder.pages.common import value_anchor
from builder.pages.provenance import place
from builder.version import dataset_version
from tests.conftest import build_site_into, serve
from tests.textreport import consistent_values, write_report

REPO = Path(__file__).resolve().parents[2]
HUAIAN = "agencies/huaianshi-renminzhengfu/"
HUAIAN_ID = "huaianshi-renminzhengfu-2024"
HUAIAN_URL = "https://www.huaian.gov.cn/zwgk/2025/huaian-2024.html"
PAYLOAD = '淮安"><script>window.PWNED=1</script>&amp;测试局'
FIELD = "requests.new_received.total"


@pytest.fixture(scope="module")
def cite_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("cite")
    folder = root / "data" / "reports" / "jiangsu" / "huaian"
    folder.mkdir(parents=True)
    shutil.copy(REPO / "tests" / "fixtures" / "reports" / "huaian-2024.pdf", folder / "huaian-2024.pdf")
    (folder / "huaian-2024.yml").write_text(f"source_url: {HUAIAN_URL}\nretrieved: '2025-02-01'\n", encoding="utf-8")
    (folder / "payload-2021.txt").write_text(write_report(consistent_values("2021", 7), agency="清江浦区财政局",
                                                         year=2021), encoding="utf-8")
    (folder / "payload-2021.yml").write_text(yaml.safe_dump({
        "agency": PAYLOAD, "region": "江苏省/淮安市/清江浦区"},
        allow_unicode=True), encoding="utf-8")
    return build_site_into(root / "data", root)


@pytest.fixture(scope="module")
def cite_url(cite_site):
    with serve(cite_site.site) as url:
        yield url


def _reports(site: Path) -> dict[str, dict]:
    return {r["id"]: r for path in sorted((site / "downloads").rglob("reports.json.gz"))
            for r in json.loads(gzip.decompress(path.read_bytes()))}


def _html(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def _payload_page(site: Path) -> str:
    (report,) = [r for r in _reports(site).values() if r["agency"] == PAYLOAD]
    return f"agencies/{report['agency_id']}/"


# ---------------------------------------------------------------- in Chromium


def _open(browser, url: str, **options):
    context = browser.new_context(**options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.goto(url)
    return context, page, errors


def _cite(page, anchor: str) -> str:
    cell = page.locator(f"#{anchor}")
    cell.scroll_into_view_if_needed()
    cell.hover()
    cell.get_by_role("button", name="复制引用").click()
    page.wait_for_selector(".cite-panel:not([hidden])")
    page.wait_for_function("document.querySelector('.cite-status').textContent !== ''")
    return page.locator(".cite-text").input_value()


def test_copy_citation_of_a_value(browser, cite_site, cite_url):
    version = json.loads((cite_site.site / "version.json").read_text(encoding="utf-8"))
    anchor = value_anchor({"id": HUAIAN_ID, "year": 2024}, FIELD)
    assert anchor == "v-2024-requests-new_received-total"
    context, page, errors = _open(browser, cite_url + HUAIAN, permissions=["clipboard-read", "clipboard-write"])
    try:
        text = _cite(page, anchor)
        assert page.locator(".cite-status").text_content() == "已复制到剪贴板。"
        assert page.evaluate("navigator.clipboard.readText()") == text
        permalink = f"{cite_url}{HUAIAN}#{anchor}"
        assert text.startswith("淮安市人民政府《2024 年政府信息公开工作年度报告》三、收到和处理政府信息公开申请情况，"
                               "“一、本年新收政府信息公开申请数量”行“总计”列：3,119")
        assert f"来源：{HUAIAN_URL}。" in text  # the sidecar's address of the original
        assert f"数据版本 {version['label']}，CC BY 4.0" in text
        assert re.search(r"访问日期 \d{4}-\d{2}-\d{2}。", text)
        assert text.endswith(f"永久链接：{permalink}")
        assert "3,119（第 4 页）" in text  # the page it was printed on (the record's provenance)
        # The number links to the viewer (assets/cite.js makes the link from data-report and data-field).
        href = page.locator(f"#{anchor} a.value-place").get_attribute("href")
        assert href == f"{cite_url}viewer/?r={HUAIAN_ID}&f={FIELD}"
        # The footer shows the same version, read from version.json.
        assert page.locator(".site-licence [data-dataset-version]").text_content() == version["label"]

        page.goto(cite_url)  # the permalink, opened afresh, scrolls to the cell and marks it
        page.goto(permalink)
        page.wait_for_function(f"document.getElementById('{anchor}').matches(':target')")
        box = page.evaluate("id => { const r = document.getElementById(id).getBoundingClientRect();"
                            "return [r.top, r.bottom, innerHeight]; }", anchor)
        assert 0 < box[0] and box[1] < box[2]
        assert errors == []
    finally:
        context.close()


def test_citation_falls_back_to_a_selected_box(browser, cite_url):
    context, page, errors = _open(browser, cite_url + HUAIAN)
    try:
        page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
        page.reload()
        text = _cite(page, value_anchor({"id": HUAIAN_ID, "year": 2024}, "appeals.reconsideration.total"))
        assert "“行政复议”行“总计”列：351" in text
        assert page.locator(".cite-status").text_content().startswith("无法自动复制")
        selected = page.evaluate("(() => { const b = document.querySelector('.cite-text');"
                                 "return b.value.slice(b.selectionStart, b.selectionEnd); })()")
        assert selected == text
        assert errors == []
    finally:
        context.close()


def test_citation_of_hostile_names_is_text(browser, cite_site, cite_url):
    path = _payload_page(cite_site.site)
    context, page, errors = _open(browser, cite_url + path, permissions=["clipboard-read", "clipboard-write"])
    try:
        text = _cite(page, value_anchor({"year": 2021}, FIELD))
        assert text.startswith(PAYLOAD + "《2021 年政府信息公开工作年度报告》")
        # No address of the original (the sidecar refuses any but http/https): the site's copy is cited,
        # and said to be one.
        assert re.search(rf"。来源网址不详；原始文件：{re.escape(cite_url + path)}[^。]+\.txt。", text)
        assert page.evaluate("window.PWNED") is None
        assert errors == []
    finally:
        context.close()


# ---------------------------------------------------------------- the built files


def test_every_page_states_licence_version_and_how_to_cite(cite_site):
    version = dataset_version(REPO)
    assert json.loads((cite_site.site / "version.json").read_text(encoding="utf-8")) == version.as_dict()
    pages = sorted(p for p in cite_site.site.rglob("*.html") if "pagefind" not in p.parts)
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        footer = BeautifulSoup(html, "html.parser").select_one("#site-licence")
        assert footer is not None, path
        assert "CC BY 4.0" in footer.get_text() and "如何引用" in footer.get_text()
        # The version is read by the script, not printed: a new commit rewrites no page.
        if version.commit:
            assert version.commit not in html, path
    cite_page = _html(cite_site.site, "cite")
    assert cite_page.select_one("h1").get_text().startswith("如何引用")
    nav = [a.get_text(strip=True) for a in _html(cite_site.site, "").select(".md-nav__link")]
    assert "如何引用" in nav


def test_open_graph_tags_name_the_year_and_key_figures(cite_site):
    soup = _html(cite_site.site, HUAIAN)
    og = {m["property"]: m["content"] for m in soup.select('meta[property^="og:"]')}
    assert og["og:title"] == "淮安市人民政府 · 政府信息公开工作年度报告数据"
    assert og["og:type"] == "article"
    assert og["og:description"].startswith("淮安市人民政府 2024 年度政府信息公开工作年度报告：新收申请 3,119 件")
    assert "og:url" not in og  # a local build has no site_url


def test_open_graph_tags_are_escaped(cite_site):
    path = _payload_page(cite_site.site)
    raw = (cite_site.site / path / "index.html").read_text(encoding="utf-8")
    head = raw.split("</head>")[0]
    assert "<script>window.PWNED" not in head
    og = {m["property"]: m["content"] for m in BeautifulSoup(raw, "html.parser").select('meta[property^="og:"]')}
    assert og["og:title"].startswith(PAYLOAD)  # the attribute holds the name as text, escaped once
    assert og["og:description"].startswith(PAYLOAD + " 2021 年度")
    assert unescape(PAYLOAD) in unescape(head) and PAYLOAD.replace('"', "&#34;") in head or "&quot;" in head


def test_heading_anchors_are_words_not_numbers(cite_site):
    ids = []
    for path in cite_site.site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        ids += [h.get("id") for h in soup.select("article h2, article h3") if h.get("id")]
    assert ids and not [i for i in ids if re.fullmatch(r"_\d*", i)]
    about = [h["id"] for h in _html(cite_site.site, "about").select("article h2")]
    assert about and all(re.search(r"[\u4e00-\u9fff]", i) for i in about)
    assert [h["id"] for h in _html(cite_site.site, HUAIAN).select("article h2")] == ["years", "y2024"]


def test_citation_cff_is_valid():
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors"):  # the keys CFF 1.2.0 requires
        assert cff[key]
    assert all(isinstance(a, dict) and (a.get("name") or a.get("family-names")) for a in cff["authors"])
    assert cff["license"] == "CC-BY-4.0"
    assert cff["type"] == "dataset"


def test_open_graph_url_with_a_site_url(cite_site, tmp_path, monkeypatch):
    from builder.site import run_mkdocs

    monkeypatch.setenv("SITE_URL", "https://example.org/gk/")
    assert run_mkdocs(cite_site.docs, tmp_path / "site") == []
    soup = BeautifulSoup((tmp_path / "site" / HUAIAN / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one('meta[property="og:url"]')["content"] == f"https://example.org/gk/{HUAIAN}"
