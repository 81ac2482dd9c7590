"""What the site publishes and no page loads is not published: Material's lunr search, its worker and the
source maps of its minified code (site_src/overrides/hooks.py); the theme's own scripts and styles are."""

from __future__ import annotations

import json

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
