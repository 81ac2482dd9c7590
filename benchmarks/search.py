"""Pagefind against Material's search on the same site, at N agency pages: bytes, time, build.

    .venv/bin/python benchmarks/search.py                  # N = 1000 and 10000
    .venv/bin/python benchmarks/search.py --n 300 --keep   # one size, keep the sites
    .venv/bin/python benchmarks/search.py --n 300 --no-material --query huaian --query jiangsu   # other queries
    .venv/bin/python benchmarks/search.py --site <old>/site --site <new>/site   # sites already built

With ``--site`` (repeatable), the queries are measured on sites already built (``build_site.py --keep``
keeps each checkout's full site), each with the search it was built with (Material's when the site has
``search/search_index.json``, Pagefind's when it has ``pagefind/``), from the same agency page when both sites
have it: the before and after of one set of reports, the full pages and their charts included.

The N pages are *lightweight* agency pages: real places (cpca's table: city and county
governments and some of their departments, 淮安市人民政府, 涟水县人民政府, 兴庆区人民政府 and
行唐县人民政府 always among them), one or two years each, written with the agency page's own
pieces (heading, region line, summary sentences, key-figure table, the three statistical tables,
checks, the six parts' text, the search block) from a dozen parsed synthetic reports, renamed.
Only the charts are left out: they are excluded from both indexes, and rendering 10,000 pages of
them would take hours (benchmarks/build_site.py times the full pages).

Then one body is added (the built page of 涟水县人民政府 copied under a new name, 涟水县人民政府新闻办公室)
and the index made again from the state of the first run, twice over copies: as the build does now (the
added page alone in the small "recent" bundle, builder/search.py) and with recent_max=0 (its province's
bundle indexed whole, as before the recent bundle): the one-add search step, side by side; and the
queries are measured again on the site with the recent bundle ("pagefind+1").

The same Markdown is built twice with MkDocs: once with Material's search plugin (the site's
previous configuration: lunr index, jieba segmentation at build time) and once as the site is now
(no plugin, theme override) followed by Pagefind. Then in Debian's Chromium, for each query, a fresh
browser context (empty cache) opens an agency page, types the query into the header's search box at
once and waits for the first result: the time from opening the page to the first result, and the
bytes the server sent for search (Material: its worker and search_index.json; Pagefind: pagefind/
and the search box's script). Bytes are as served (no compression); Material's index is also given
gzipped, which is what a host like GitHub Pages would send (Pagefind's chunks are gzipped already).
"""

from __future__ import annotations

import argparse
import copy
import csv
import functools
import gzip
import random
import shutil
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from builder.metadata import slugify  # noqa: E402
from builder.pages.agency import (  # noqa: E402
    _checks_block,
    _excluded,
    _key_figures_table,
    _parts_block,
    summary_sentence,
)
from builder.pages.common import (  # noqa: E402
    LEVEL_ZH,
    agency_page,
    front_matter,
    html_text,
    md,
    region_chain,  # noqa: E402
)
from builder.pages.tables import appeals_table, proactive_table, requests_table  # noqa: E402
from builder.search import PagefindService, agency_search_html, index_site  # noqa: E402
from builder.site import MKDOCS_YML, SITE_SRC, run_mkdocs  # noqa: E402
from builder.template import PARTS, template_for_year  # noqa: E402
from builder.template.names import PLACE_SUFFIXES  # noqa: E402
from tests.textreport import random_values, write_report  # noqa: E402

QUERIES = ("兴庆区", "行政复议", "淮安")
ALWAYS = (("江苏省", "淮安市", None, "淮安市人民政府"), ("江苏省", "淮安市", "涟水县", "涟水县人民政府"),
          ("宁夏回族自治区", "银川市", "兴庆区", "兴庆区人民政府"), ("河北省", "石家庄市", "行唐县", "行唐县人民政府"))
DEPARTMENTS = ("人民政府", "人民政府办公室", "公安局", "教育局", "自然资源局", "人力资源和社会保障局")
# The site's previous search configuration (mkdocs.yml before Pagefind), for the comparison.
MATERIAL_SEARCH = {"search": {"lang": "en", "separator": r'[\s\u200b\-_,:!=\[\]()"/]+|\.(?!\d)'}}


def bodies(n: int, seed: int = 2024) -> list[tuple[str, str, str | None, str]]:
    """n (province, city, county or None, body name): city and county governments first, then departments."""
    table = resources.files("cpca").joinpath("resources/adcodes.csv").read_text(encoding="utf-8")
    names = {row["adcode"][:6]: row["name"] for row in csv.DictReader(table.splitlines())
             if row["adcode"].endswith("000000")}
    places = []
    for code, name in names.items():
        province, city = names.get(code[:2] + "0000"), names.get(code[:4] + "00")
        if code[2:] == "0000" or not province or not city or city == province or name == "市辖区":
            continue
        places.append((province, city, None) if code[4:] == "00" else (province, city, name))
    random.Random(seed).shuffle(places)
    out = list(ALWAYS)
    taken = {b[3] for b in out}
    for department in DEPARTMENTS:
        for province, city, county in places:
            name = (county or city) + department
            if name not in taken:
                taken.add(name)
                out.append((province, city, county, name))
    if len(out) < n:
        raise SystemExit(f"only {len(out)} bodies; ask for fewer")
    return out[:n]


def template_reports(count: int = 12) -> list[dict]:
    """Parsed synthetic reports (the real parser's output), to be renamed into N bodies."""
    from builder.parse import parse_report

    rng = random.Random(7)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(count):
            year = 2021 + i % 3
            path = Path(tmp) / f"r{i}.txt"
            path.write_text(write_report(random_values(rng, template_for_year(year)), agency="涟水县人民政府",
                                         year=year), encoding="utf-8")
            out.append(parse_report(path))
    return out


def lightweight_page(reports: list[dict], docs: Path) -> None:
    """An agency page from the agency page's own pieces, without charts or copied files."""
    latest = reports[-1]
    page = agency_page(latest["agency_id"])
    (docs / page).parent.mkdir(parents=True, exist_ok=True)
    name = latest["agency"]
    years = [str(r["year"]) for r in reports]
    out = [front_matter(name, boost=2), f"# {md(name)}\n\n",
           # The region as text: these sites have no region pages to link to.
           f"**地区**：{md(' → '.join(v for v in latest['region'].values() if v))}  \n"
           f"**层级**：{LEVEL_ZH[latest['level']]} · **年度**：{'、'.join(years)}\n\n",
           agency_search_html(reports)]
    out += [f"{md(name)} {summary_sentence(r)}\n\n" for r in reversed(reports)]
    for report in reversed(reports):
        body = ['<h3 class="sub">关键数字</h3>\n', _key_figures_table(report),
                '<h3 class="sub">检查结果</h3>\n', _checks_block(report), '<h3 class="sub">统计表</h3>\n']
        for table, render in (("proactive", proactive_table), ("requests", requests_table), ("appeals", appeals_table)):
            part = next(p for p in PARTS if p.key == table)
            body.append(f'<h4 class="sub">{part.numeral}、{html_text(part.title)}</h4>\n'
                        f'<div class="table-wrap">\n{render(report)}</div>\n')
        body.append('<h3 class="sub">报告正文</h3>\n' + _parts_block(report))
        out.append(f"## {report['year']} 年度 {{#y{report['year']}}}\n\n" + _excluded("".join(body)))
    (docs / page).write_text("".join(out), encoding="utf-8")


def make_docs(docs: Path, n: int) -> list[dict]:
    shutil.copytree(SITE_SRC, docs)
    templates = template_reports()
    rng = random.Random(11)
    every = []
    for i, (province, city, county, name) in enumerate(bodies(n)):
        agency_id = slugify(name)
        first = rng.choice((2021, 2022))
        reports = []
        for year in (first, first + 1) if i % 2 else (first,):
            report = copy.deepcopy(rng.choice([t for t in templates if t["year"] == year]))
            report.update(agency=name, agency_id=agency_id, id=f"{agency_id}-{year}",
                          level="county" if county else "city",
                          region={"province": province, "city": city, "county": county, "township": None})
            reports.append(report)
        lightweight_page(reports, docs)
        every += reports
    return every


def build_material(docs: Path, site: Path, user_dict: Path) -> float:
    """MkDocs with Material's search plugin (and without the theme override): the site before Pagefind."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.utils import yaml_load

    raw = yaml_load(MKDOCS_YML.read_text(encoding="utf-8"))
    theme = {k: v for k, v in raw["theme"].items() if k != "custom_dir"}
    # Without the override of main.html and the header's search box, but with the page templates that pages
    # name in their front matter (contribute.html, which extends Material's main.html then).
    templates = site.parent / f"{site.name}-templates"
    templates.mkdir(parents=True, exist_ok=True)
    for page_template in (SITE_SRC / "overrides").glob("*.html"):
        if page_template.name not in ("main.html", "404.html"):
            shutil.copy(page_template, templates / page_template.name)
    theme["custom_dir"] = str(templates)
    started = time.perf_counter()
    config = load_config(config_file=str(MKDOCS_YML), docs_dir=str(docs.resolve()), site_dir=str(site.resolve()),
                         theme=theme, plugins=[copy.deepcopy(MATERIAL_SEARCH)])  # MkDocs edits it in place
    search = next(p for name, p in config.plugins.items() if name.endswith("search"))
    search.config.jieba_dict_user = str(user_dict.resolve())
    build(config)
    return time.perf_counter() - started


class _Counting(SimpleHTTPRequestHandler):
    served: list[tuple[str, int]]

    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        data = source.read()
        self.served.append((self.path, len(data)))
        outputfile.write(data)


def serve(site: Path):
    handler = type("Handler", (_Counting,), {"served": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, handler.served


SEARCH_PATHS = {"material": ("/search/", "/assets/javascripts/workers/", "/assets/javascripts/lunr/"),
                "pagefind": ("/pagefind/", "/assets/javascripts/site-search.js")}


MATERIAL_ANSWERED = """() => document.querySelector('.md-search-result__item a')
    || /没有|No matching/.test(document.querySelector('.md-search-result__meta')?.textContent || '')"""


def measure(browser, site: Path, engine: str, page_path: str) -> dict:
    server, served = serve(site)
    base = f"http://127.0.0.1:{server.server_port}/"
    out = {}
    try:
        for query in QUERIES:
            context = browser.new_context()
            page = context.new_page()
            served.clear()
            started = time.perf_counter()
            page.goto(base + page_path, wait_until="domcontentloaded")
            page.locator("label.md-search__icon, .md-search__input").first.click()
            box = page.locator("input.md-search__input")
            box.fill(query)
            box.press("End")
            if engine == "pagefind":  # answered, with results or none (site-search.js marks the query it answered)
                page.wait_for_function("q => document.querySelector('.md-search-result__meta').dataset.query === q",
                                       arg=query, timeout=300_000)
            else:  # a result, or Material's "no result" line (zh: 没有找到符合条件的结果)
                page.wait_for_function(MATERIAL_ANSWERED, timeout=300_000)
            seconds = time.perf_counter() - started
            hits = page.locator(".md-search-result__item a")
            first = hits.first.get_attribute("href") if hits.count() else None
            shown = page.locator(".md-search-result__item").count()
            fetched = sum(size for path, size in served if path.startswith(SEARCH_PATHS[engine]))
            out[query] = {"seconds": seconds, "bytes": fetched, "first": first, "shown": shown}
            context.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


def jieba_user_dict(reports: list[dict], path: Path) -> None:
    """What the site gave Material's search before Pagefind (the measured "before"): place names as whole
    words, so jieba does not split 韵家口镇 into 韵家/口镇, one "word freq tag" a line."""
    words = set()
    for report in reports:
        for _level, name in region_chain(report):
            words.add(name)
            for suffix in PLACE_SUFFIXES:
                if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                    words.add(name[: -len(suffix)])
                    break
    words = {w for w in words if w and not any(ch.isspace() for ch in w) and w.isprintable()}
    path.write_text("".join(f"{w} 100000 ns\n" for w in sorted(words)), encoding="utf-8")


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


ADDED_FROM, ADDED = "涟水县人民政府", "涟水县人民政府新闻办公室"


def add_one(site: Path) -> str:
    """One body added to a built site: the page of ADDED_FROM under ADDED's name and folder; its path."""
    old = site / "agencies" / slugify(ADDED_FROM) / "index.html"
    rel = f"agencies/{slugify(ADDED)}/index.html"
    (site / rel).parent.mkdir(parents=True, exist_ok=True)
    (site / rel).write_text(old.read_text(encoding="utf-8").replace(ADDED_FROM, ADDED), encoding="utf-8")
    return rel


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (Pagefind runs as a child)."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def one_add(root: Path) -> dict:
    """The search step after one added body, with the recent bundle and with its bundle indexed whole."""
    out = {}
    shutil.copytree(root / "pagefind", root / "pagefind-whole")
    shutil.copytree(root / "pf-state", root / "pf-state-whole")
    for name, site, state, bound in (("recent", "pagefind", "pf-state", None), ("whole", "pagefind-whole",
                                                                             "pf-state-whole", 0)):
        rel = add_one(root / site)
        cpu = _cpu()
        # As a build does (builder/site.py): the service started before MkDocs renders, which takes longer
        # than its dictionary's loading; the wall time is index_site's, the CPU includes the loading.
        with PagefindService() as service:
            time.sleep(1.0)
            done = index_site(root / site, root / state, rendered=[rel], service=service,
                              **({"recent_max": bound} if bound is not None else {}))
        out[name] = {"seconds": done["seconds"], "bundles": done["bundles"], "pages": done["pages"],
                     "cpu_s": _cpu() - cpu}
    return out


def run(n: int, keep: bool, material: bool = True) -> dict:
    from playwright.sync_api import sync_playwright

    root = Path(tempfile.mkdtemp(prefix=f"bench-search-{n}-"))
    try:
        t = time.perf_counter()
        reports = make_docs(root / "docs", n)
        user_dict = root / "jieba_user_dict.txt"
        jieba_user_dict(reports, user_dict)
        generate_s = time.perf_counter() - t

        say(f"N = {n}: pages written in {generate_s:.0f} s; MkDocs with Material's search …")
        material_s = build_material(root / "docs", root / "material", user_dict) if material else 0.0
        say(f"N = {n}: MkDocs with Material's search {material_s:.0f} s; MkDocs without …")
        t = time.perf_counter()
        run_mkdocs(root / "docs", root / "pagefind")
        plain_s = time.perf_counter() - t
        pagefind = index_site(root / "pagefind", root / "pf-state")
        say(f"N = {n}: MkDocs without search {plain_s:.0f} s, Pagefind {pagefind['seconds']:.1f} s; Chromium …")
        index = (root / "material" / "search" / "search_index.json").read_bytes() if material else b""
        bundle = root / "pagefind" / "pagefind"
        result = {
            "n": n, "pages": len(list((root / "docs" / "agencies").iterdir())), "generate_s": generate_s,
            "material": {"build_s": material_s - plain_s, "index": len(index), "index_gz": len(gzip.compress(index))},
            "pagefind": {"build_s": pagefind["seconds"], "index": sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file()),
                         "files": sum(1 for f in bundle.rglob("*") if f.is_file())},
            "mkdocs_s": plain_s, "root": root,
        }
        page_path = f"agencies/{slugify('涟水县人民政府')}/"
        engines = ("material", "pagefind") if material else ("pagefind",)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
            for engine in engines:
                result[engine]["queries"] = measure(browser, root / engine, engine, page_path)
            say(f"N = {n}: one body added, indexed again …")
            result["one_add"] = one_add(root)
            result["pagefind+1"] = {"queries": measure(browser, root / "pagefind", "pagefind", page_path)}
            browser.close()
        result["engines"] = [*engines, "pagefind+1"]
        return result
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


def report(r: dict) -> None:
    kb = 1024
    print(f"\n=== N = {r['n']} agency pages (generated in {r['generate_s']:.0f} s; MkDocs without search "
          f"{r['mkdocs_s']:.0f} s) ===")
    head = "".join(f"{q + ' bytes':>16}{q + ' s':>12}" for q in QUERIES)
    print(f"{'engine':10}{'index total':>14}{'build s':>9}{head}")
    for engine in r["engines"]:
        e = r[engine]
        total = f"{e['index'] / kb:,.0f} KB" if "index" in e else ""
        cells = "".join(f"{e['queries'][q]['bytes'] / kb:>13,.0f} KB{e['queries'][q]['seconds']:>12.2f}" for q in QUERIES)
        print(f"{engine:10}{total:>14}{e.get('build_s', 0):>9.1f}{cells}")
    m = r["material"]
    print(f"material's search_index.json gzipped: {m['index_gz'] / kb:,.0f} KB; pagefind bundle: {r['pagefind']['files']} files")
    for name, what in (("recent", "now (the recent bundle)"), ("whole", "its bundle indexed whole (before)")):
        a = r["one_add"][name]
        print(f"  one body added, {what}: {a['seconds']:.2f} s wall, {a['cpu_s']:.2f} s CPU (Pagefind's included) "
              f"(bundles indexed: {','.join(a['bundles']) or '-'}; {a['pages']} pages searchable)")
    for engine in r["engines"]:
        print(f"  first result ({engine}): " + "; ".join(f"{q} → {r[engine]['queries'][q]['first']} "
                                                      f"({r[engine]['queries'][q]['shown']} shown)" for q in QUERIES))
    if r["root"].exists():
        print(f"  kept: {r['root']}")


def built_engine(site: Path) -> str:
    if (site / "pagefind").is_dir():
        return "pagefind"
    if (site / "search" / "search_index.json").is_file():
        return "material"
    raise SystemExit(f"{site}: no search index (neither pagefind/ nor search/search_index.json)")


def measure_sites(sites: list[Path]) -> None:
    """The queries on sites already built, from one agency page every site has (the first in order)."""
    from playwright.sync_api import sync_playwright

    common = set.intersection(*({d.name for d in (s / "agencies").iterdir() if (d / "index.html").is_file()}
                                for s in sites))
    if not common:
        raise SystemExit("the sites have no agency page in common")
    page_path = f"agencies/{min(common)}/"
    print(f"queries from {page_path}, a fresh browser context (empty cache) each")
    kb = 1024
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        for site in sites:
            engine = built_engine(site)
            index = (site / "search" / "search_index.json" if engine == "material" else site / "pagefind")
            size = index.stat().st_size if index.is_file() else sum(f.stat().st_size for f in index.rglob("*")
                                                                   if f.is_file())
            queries = measure(browser, site, engine, page_path)
            print(f"{site} ({engine}, index {size / kb:,.0f} KB on disk)")
            for query, q in queries.items():
                print(f"  {query}: {q['bytes'] / kb:,.1f} KB fetched, first result {q['seconds']:.2f} s, "
                      f"{q['shown']} shown, first {q['first']}")
        browser.close()


def main() -> None:
    global QUERIES
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="agency pages (repeatable; default 1000 and 10000)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary docs and both sites")
    parser.add_argument("--no-material", action="store_true", help="Pagefind only (Material's build is slow)")
    parser.add_argument("--query", action="append", help=f"a query to measure (repeatable; default {' '.join(QUERIES)})")
    parser.add_argument("--site", type=Path, action="append", help="a site already built (repeatable): measure it")
    args = parser.parse_args()
    if args.query:
        QUERIES = tuple(args.query)
    if args.site:
        measure_sites(args.site)
        return
    for n in args.n or [1000, 10000]:
        report(run(n, args.keep, material=not args.no_material))


if __name__ == "__main__":
    main()
