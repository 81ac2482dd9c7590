"""What the site publishes and no page loads is not published: Material's lunr search, its worker and the
source maps of its minified code (site_src/overrides/hooks.py); the theme's own scripts and styles are."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup


def test_no_theme_file_the_site_never_loads(built_site):
    assets = built_site.site / "assets"
    assert not (assets / "javascripts" / "lunr").exists()
    assert not (assets / "javascripts" / "workers").exists()
    assert not list(assets.rglob("*.map"))
    # what the pages do load is there
    page = BeautifulSoup((built_site.site / "index.html").read_text(encoding="utf-8"), "lxml")
    loaded = [s["src"] for s in page.select("script[src]")] + [c["href"] for c in page.select("link[rel=stylesheet]")]
    assert any("bundle." in u for u in loaded) and any("main." in u for u in loaded)
    for url in loaded:
        assert (built_site.site / url.split("?")[0]).is_file(), url
    config = json.loads(page.select_one("script#__config").string)
    assert "search" not in config  # (the worker's address: nothing to point at)


def test_material_s_inline_scripts_are_files(built_site):
    """The scope and palette scripts are the same on every page: files (cached once), not inline copies."""
    html = (built_site.site / "agencies" / "xingqingqu-yueyahuxiang-renminzhengfu" / "index.html").read_text(
        encoding="utf-8")
    page = BeautifulSoup(html, "lxml")
    sources = [s["src"] for s in page.select("script[src]")]
    assert "../../assets/md-scope.js" in sources and "../../assets/palette.js" in sources
    assert "__md_scope=" not in html and "__md_get(\"__palette\")" not in html
    # the scope script runs first (Material's bundle and the palette script use its helpers)
    assert sources.index("../../assets/md-scope.js") < sources.index("../../assets/palette.js")
    assert (built_site.site / "assets" / "md-scope.js").is_file() and (built_site.site / "assets" / "palette.js").is_file()


def test_a_rule_that_fails_many_times_is_explained_once():
    from builder.pages.agency import _checks_block
    from builder.template import RULE

    findings = [{"rule": "cross_year", "severity": "warning", "message": f"“{c}”一栏不衔接"} for c in ("自然人", "其他")]
    findings.append({"rule": "row_total", "severity": "error", "message": "总计不等于各列之和"})
    html = BeautifulSoup(_checks_block({"checks": findings}), "lxml")
    items = html.select("li.check")
    assert [li["data-rule"] for li in items] == ["cross_year", "cross_year", "row_total"]
    assert [li.select_one("span.rule-what") is not None for li in items] == [True, False, True]
    assert items[0].select_one("span.rule-what").get_text() == RULE["cross_year"].what_zh
    assert "其他" in items[1].get_text()  # every finding keeps its own message


def _material_icon(name: str) -> str:
    import material

    return (Path(material.__file__).parent / "templates" / ".icons" / "material" / f"{name}.svg").read_text(
        encoding="utf-8").strip()


def test_icons_are_drawn_from_the_stylesheet_with_material_s_paths(built_site):
    """No page carries an icon's path (site_src/overrides/.icons/): every <svg class="i-NAME"> a page has is
    painted by a rule of site.css whose mask is the installed Material's own icon, path for path."""
    html = (built_site.site / "agencies" / "xingqingqu-yueyahuxiang-renminzhengfu" / "index.html").read_text(
        encoding="utf-8")
    chrome = html[:html.find("<article")] + html[html.rfind("</article>"):]
    assert "<path" not in chrome
    names = set(re.findall(r'<svg viewBox="0 0 24 24" class="i-([a-z0-9-]+)"></svg>', chrome))
    assert {"chart-bar", "menu", "magnify", "arrow-left", "close", "arrow-up"} <= names
    css = (built_site.site / "assets" / "site.css").read_text(encoding="utf-8")
    rules = dict(re.findall(r"\.i-([a-z0-9-]+) \{ --i: url\('data:image/svg\+xml;charset=utf-8,(<svg .*?</svg>)'\); \}",
                            css))
    for override in (Path(__file__).parents[2] / "site_src" / "overrides" / ".icons" / "material").glob("*.svg"):
        assert rules[override.stem] == _material_icon(override.stem), override.stem
    assert names <= set(rules)


def test_the_palette_script_carries_mkdocs_yml_s_palette():
    """assets/palette.js writes the toggle's form (no page carries it): its options are mkdocs.yml's."""
    import yaml

    root = Path(__file__).parents[2]

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !ENV, !!python/…: not needed here
    palette = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["theme"]["palette"]
    script = (root / "site_src" / "assets" / "palette.js").read_text(encoding="utf-8")
    carried = json.loads(re.search(r"var PALETTE=(\[.*?\]\]);", script).group(1))
    assert carried == [[o["media"], o["scheme"], o["primary"], o["accent"], o["toggle"]["name"],
                        o["toggle"]["icon"].removeprefix("material/")] for o in palette]


def test_the_search_results_box_is_written_by_its_script(built_site):
    """The results box works only with JavaScript: no page carries it, assets/search-output.js writes it
    before site-search.js runs, with every element site-search.js looks for."""
    page = BeautifulSoup((built_site.site / "agencies" / "xingqingqu-yueyahuxiang-renminzhengfu" / "index.html")
                         .read_text(encoding="utf-8"), "lxml")
    assert page.select_one(".md-search__output") is None and page.select_one(".md-search__input") is not None
    sources = [s["src"] for s in page.select("script[src]")]
    assert sources.index("../../assets/search-output.js") < sources.index("../../assets/javascripts/site-search.js")
    script = (built_site.site / "assets" / "search-output.js").read_text(encoding="utf-8")
    box = BeautifulSoup(re.search(r"insertAdjacentHTML\(\"beforebegin\",'(.*)'\);", script).group(1), "lxml")
    for wanted in (".md-search-result__meta", ".md-search-result__list", ".site-search__filters",
                   "select[data-filter='省份']", "select[data-filter='层级']", "select[data-filter='年度']"):
        assert box.select_one(wanted) is not None, wanted
