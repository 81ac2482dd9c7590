"""The site on a 390 px phone and its smaller pages, on one small site built for this module.

The site: a body with two years of reports whose requests run to the thousands and whose appeals
are a few (the counts the trend chart once drew on one axis), and one more body; built with
SITE_REPOSITORY_URL set, as the Pages workflow builds it. Without a browser: the 如何贡献 page renders
its commands as code blocks in an ordered list and links the guide (CONTRIBUTING.md, rendered on
the site) and the repository; the 404 page is Chinese, has a search box, and loads its assets from
the site's root. In Chromium at 390 px: an agency page does not overflow the page, the official
tables keep a readable sticky label column, every chart's legend is inside the chart, every chart
has its data table, the 关键数字 table cannot be sorted, and an exported chart carries its title,
source and licence; the 404 page at any depth searches with Pagefind.
"""

from __future__ import annotations

import functools
import random
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import _QuietHandler
from tests.textreport import random_values, write_report

pytestmark = pytest.mark.slow

REPOSITORY = "https://example.org/gov-reports"  # not a GitHub address: Material fetches no repository facts
BIG = "淮安市人民政府"
BIG_PAGE = "agencies/huaianshi-renminzhengfu/"


@pytest.fixture(scope="module")
def polish_site(tmp_path_factory):
    from builder.site import build_site

    root = tmp_path_factory.mktemp("polish-site")
    folder = root / "data" / "reports" / "jiangsu" / "huaian"
    folder.mkdir(parents=True)
    rng = random.Random(7)
    for year in (2022, 2023):
        values = random_values(rng, "2021")
        # Requests ×300 (the template's sums still hold), appeals as drawn (a few).
        values = {f: v * 300 if f.startswith("requests.") else v for f, v in values.items()}
        (folder / f"big-{year}.txt").write_text(write_report(values, agency=BIG, year=year), encoding="utf-8")
    (folder / "small-2023.txt").write_text(
        write_report(random_values(rng, "2021"), agency="涟水县人民政府", year=2023), encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_REPOSITORY_URL", REPOSITORY)
        build_site(root / "data", root / "site", jobs=1, build_dir=root / "build", cache_dir=None)
    return root / "site"


def _page(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


# ---------------------------------------------------------------- without a browser


def test_contribute_page_renders_and_links(polish_site):
    page = _page(polish_site, "contribute/index.html")
    article = page.select_one("article")
    steps = article.select_one("ol")
    assert len(steps.find_all("li", recursive=False)) == 6  # one list: the code blocks do not end it
    commands = [code.get_text() for code in steps.select("pre code")]
    assert any("python -m builder add" in c for c in commands)
    assert any("python -m builder validate" in c for c in commands)
    assert not [p for p in article.select("p") if "```" in p.get_text()]  # no fence left as text
    guide = [a for a in article.select("a") if "CONTRIBUTING" in a.get_text()]
    assert guide and guide[0]["href"] == "guide/"
    hrefs = [a["href"] for a in article.select("a")]
    assert REPOSITORY in hrefs and f"{REPOSITORY}/blob/HEAD/CONTRIBUTING.md" in hrefs
    # the guide itself, rendered: its heading and its commands as code blocks
    rendered = _page(polish_site, "contribute/guide/index.html").select_one("article")
    assert rendered.h1.get_text(strip=True).startswith("参与贡献")
    assert any("builder add" in code.get_text() for code in rendered.select("pre code"))


def test_contribute_page_without_repository(tmp_path):
    """A local build knows no repository: the page still links the guide, and no empty link is left."""
    import jinja2

    from builder.site import SITE_SRC

    template = (SITE_SRC / "overrides" / "contribute.html").read_text(encoding="utf-8")
    body = template.split("{% block content %}", 1)[1].split("{% endblock %}", 1)[0]
    env = jinja2.Environment()
    html = env.from_string(body.replace("super()", "content")).render(
        config={"repo_url": None}, content='见<a href="guide/">贡献指南</a><!-- repository -->。')
    assert html.strip() == '见<a href="guide/">贡献指南</a>。'
    html = env.from_string(body.replace("super()", "content")).render(
        config={"repo_url": REPOSITORY}, content="见<!-- repository -->。")
    assert f'<a href="{REPOSITORY}" class="repository-link">' in html


def test_404_page_is_chinese_with_search(polish_site):
    page = _page(polish_site, "404.html")
    assert page.title.get_text(strip=True).startswith("页面不存在")
    assert "页面不存在" in page.h1.get_text() and "Not found" not in page.get_text()
    assert page.select_one("form.not-found-search input[type=search]") is not None
    assert page.select_one("[data-site-search] input.md-search__input") is not None  # the header's box
    # Served for any missing address: its styles and scripts are addressed from the site's root.
    for tag, attr in (("link", "href"), ("script", "src")):
        for node in page.find_all(tag, attrs={attr: True}):
            assert node[attr].startswith("/"), node[attr]


def test_key_figures_table_is_left_out_of_sorting():
    """tables.js attaches tablesort to the page's tables but not to the 关键数字 one (its indented
    rows belong under the row above) nor to a chart's data table."""
    from builder.site import SITE_SRC

    script = (SITE_SRC / "assets" / "tables.js").read_text(encoding="utf-8")
    assert ":not(.key-figures)" in script and ":not(.chart-data-table)" in script


# ---------------------------------------------------------------- in Chromium at 390 px


class _SiteHandler(_QuietHandler):
    """Serves 404.html for a missing address, as GitHub Pages does."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def polish_url(polish_site):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(polish_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def phone(browser, polish_url):
    """A 390 px wide page in the session's Chromium (conftest), and the page errors it reports."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page, errors
    context.close()


# An element sticking out of the page's right edge, unless a box of its own (a table's scroller,
# a code block) clips it: such a box scrolls sideways, the page does not.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll(".md-main *")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1) continue;
    let clipped = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible" && a.getBoundingClientRect().right <= width + 1) {
        clipped = true;
        break;
      }
    }
    if (!clipped) out.push(el.tagName + "." + el.className + " → " + Math.round(r.right));
  }
  return out;
}"""


def _open_with_charts(page, url: str) -> None:
    page.goto(url)
    page.evaluate("document.querySelector('.vega-chart').scrollIntoView()")  # charts load when in view
    page.wait_for_function("document.querySelectorAll('.vega-chart svg.marks').length"
                           " === document.querySelectorAll('.vega-chart').length", timeout=20000)


@pytest.mark.browser
def test_agency_page_fits_a_phone(phone, polish_url):
    page, errors = phone
    _open_with_charts(page, polish_url + BIG_PAGE)
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The official requests table: its row labels stay in view and are wide enough to read.
    label = page.locator("table.report-table[data-table=requests] tr[data-row] > th").first
    assert label.evaluate("el => getComputedStyle(el).position") == "sticky"
    assert label.bounding_box()["width"] >= 110  # px: seven or more characters a line, not two
    wrap = page.locator("table.report-table[data-table=requests]").first.locator("xpath=..")
    wrap.evaluate("el => { el.scrollLeft = 400; }")
    assert wrap.evaluate("el => el.scrollLeft") > 0  # the numbers scroll …
    box = label.bounding_box()
    assert 0 <= box["x"] <= 40  # … under a label that stays at the left edge
    # 关键数字: no sort handles, and a click on its header leaves its rows in order.
    figures = page.locator("table.key-figures").first
    assert figures.evaluate("t => t.hasAttribute('data-sortable')") is False
    assert figures.locator("th[role=columnheader]").count() == 0
    before = figures.locator("tbody td:first-child").all_text_contents()
    figures.locator("thead th").nth(1).click()
    assert figures.locator("tbody td:first-child").all_text_contents() == before
    assert before[3].startswith("\u3000")  # the indented row is still under 办理结果总计
    assert errors == []


@pytest.mark.browser
def test_charts_fit_a_phone_and_carry_their_numbers(phone, polish_url):
    page, errors = phone
    _open_with_charts(page, polish_url + BIG_PAGE)
    # 2 years: the trend's two panels, and per year the handled, applicants and appeals charts.
    assert page.locator(".vega-chart").count() == 2 + 2 * 3
    boxes = page.evaluate("""() => [...document.querySelectorAll('.vega-chart')].map(chart => {
        const box = chart.getBoundingClientRect();
        return {id: chart.id, box: [box.left, box.right],
                legends: [...chart.querySelectorAll('.role-legend')].map(l => {
                  const r = l.getBoundingClientRect(); return [r.left, r.right]; })};
      })""")
    with_legend = [b for b in boxes if b["legends"]]
    assert len(with_legend) == 2 + 2  # the trend's panels and each year's appeals
    for chart in with_legend:
        left, right = chart["box"]
        for legend_left, legend_right in chart["legends"]:
            assert left - 1 <= legend_left and legend_right <= right + 1, chart
    # Each figure's numbers are in the page's own tables, readable without drawing anything (no copy of them
    # under each chart; a line says where): the trend's in 历年数据, a year's in its 关键数字 and report tables.
    figures = page.locator("figure.chart")
    assert figures.count() == 1 + 2 * 3
    assert page.locator("figure.chart details.chart-data").count() == 0
    assert page.locator("section p.chart-numbers").count() == 1 + 2
    years = page.locator("table.years-table")
    assert {"新收申请", "办理总计", "行政复议", "行政诉讼"} <= set(years.locator("thead th").all_text_contents())
    assert years.locator("tbody th").all_text_contents() == ["2022", "2023"]
    # No SI prefixes on any axis: 1,200, never 1.2k.
    labels = page.eval_on_selector_all(".vega-chart svg .role-axis-label text", "ts => ts.map(t => t.textContent)")
    assert any("," in label for label in labels)
    assert not [label for label in labels if label[-1:] in "kKMG"]
    # The exported image: its title, source and licence in it.
    svg = page.evaluate("document.querySelector('.vega-chart').exportImage('svg')"
                        ".then(url => fetch(url)).then(r => r.text())")
    texts = BeautifulSoup(svg, "html.parser").get_text(" ")
    assert f"{BIG} 2022–2023 年度" in texts
    assert "CC BY 4.0" in texts and "政府信息公开年报数据" in texts and BIG_PAGE in texts
    assert errors == []


@pytest.mark.browser
def test_404_searches_from_any_depth(phone, polish_url):
    page, errors = phone
    response = page.goto(polish_url + "agencies/no-such-body/deeper/")
    assert response.status == 404
    assert page.locator("h1").first.text_content().startswith("404 · 页面不存在")
    box = page.locator("form.not-found-search input[type=search]")
    box.fill("淮安")
    box.press("Enter")
    page.wait_for_selector(".md-search-result__item", timeout=15000)  # Pagefind loaded from the root
    titles = page.locator(".md-search-result__item h1").all_text_contents()
    assert BIG in titles
    assert errors == []


def test_the_repository_link_asks_github_for_nothing(polish_site):
    """Material's source component fetches the repository's facts from api.github.com on every page view:
    the link is kept without it (no request off the site, nothing told to GitHub about readers)."""
    for rel in ("index.html", "contribute/index.html"):
        links = _page(polish_site, rel).select("a.md-source")
        assert links and all(a["href"] == REPOSITORY for a in links)
        assert all(not a.has_attr("data-md-component") for a in links)
