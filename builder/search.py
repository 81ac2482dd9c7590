"""The site's search: a Pagefind index written into the built site, and what agency pages tell it.

    index_site(site_dir)        after MkDocs: site/ → site/pagefind/ (index chunks, JS, CSS, WASM,
                                and pinyin.json for homophone typos)
    agency_search_html(reports) the hidden block an agency page carries for the index

Pagefind (its *extended* build, which segments Chinese) reads the built HTML and writes a chunked
index: a browser fetches only the chunks a query needs, so what a page downloads for search does
not grow with the number of reports (benchmarks/search.py measures it against Material's lunr
index, which every page downloaded whole). The header's search box (site_src/overrides) queries it.

Indexed: each page's article (``data-pagefind-body``, set by the theme override), without what the
pages mark ``data-search-exclude`` (tables, charts, narrative text). Agency pages add, hidden:
filters (province, level, year), and the body's name, its place names without their suffix
(淮安市 → 淮安) and their pinyin (huaian), weighted so an exact name ranks first.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from builder.errors import ReportError
from builder.pages.common import LEVEL_ZH, html_text, region_chain
from builder.pages.docs_tree import write_if_changed
from builder.template import names

OUTPUT_SUBDIR = "pagefind"
# What Pagefind must not index: blocks the pages exclude from search (tables, charts, narrative) and
# heading anchors (the ¶ would end every title).
EXCLUDE_SELECTORS = ["[data-search-exclude]", ".headerlink"]
PLACE_SUFFIXES = names.PLACE_SUFFIXES  # longest first: 宁夏回族自治区 → 宁夏, 月牙湖乡 → 月牙湖
# Pagefind weights run 0–10 on a quadratic scale (h1 is 7). The place a body is the body of (淮安市
# for 淮安市人民政府, 月牙湖乡 for 兴庆区月牙湖乡人民政府) outranks any heading, so an exact place name
# finds that place's own bodies before those that only lie in it (淮安市人民政府 before 涟水县 …);
# the name's pinyin counts as the heading does; the places above it a little more than body text.
# A bare short name (淮安) is first the larger place's: 淮安市 before 淮安区, 吉林省 before 吉林市.
OWN_PLACE_WEIGHT = {"province": 10, "city": 10, "county": 8, "township": 7}
NAME_WEIGHT = 7
PLACE_WEIGHT = 2


def short_place(name: str) -> str | None:
    """淮安市 → 淮安, 宁夏回族自治区 → 宁夏; None when the name has no suffix or too little is left."""
    for suffix in PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def _pinyin(name: str) -> str:
    from builder.metadata import slugify

    slug = slugify(name)
    return "" if slug == "unknown" else slug.replace("-", " ")


def agency_search_html(reports: list[dict]) -> str:
    """A raw HTML block (hidden) for an agency page: Pagefind filters, result metadata and the names
    the page should be found by. reports: all years of one body, sorted by year. Every value comes
    from a report or sidecar, so it is written as escaped element text (a filter or meta value given
    inside the attribute would also be parsed for ``:`` and ``,``)."""
    latest = reports[-1]
    name = latest.get("agency") or latest["agency_id"]
    chain = region_chain(latest)
    places = [place for _level, place in chain]
    province = next((place for level, place in chain if level == "province"), None)
    years = sorted({str(r["year"]) for r in reports if r.get("year")})
    own_level, own = next(((level, place) for level, place in reversed(chain) if place in name), (None, None))
    own_words = [w for w in (own, own and short_place(own)) if w]
    own_words += [_pinyin(w) for w in own_words]
    name_words = [_pinyin(name), latest["agency_id"]]
    region_words = [w for w in [*places, *filter(None, map(short_place, places))] if w not in own_words]

    def words(items) -> str:
        return html_text(" ".join(dict.fromkeys(w for w in items if w)))

    out = ['<div class="search-data" hidden>']
    for weight, items in ((OWN_PLACE_WEIGHT.get(own_level, NAME_WEIGHT), own_words), (NAME_WEIGHT, name_words),
                          (PLACE_WEIGHT, region_words)):
        if any(items):
            out.append(f'<span data-pagefind-weight="{weight}">{words(items)}</span>')
    # The places once more, one character a word (the page's title is, by the theme override): the
    # search box's exact pass (site-search.js) finds the query as a run of characters in them, whatever
    # the browser's word breaker does with it (Pagefind segments a query with Intl.Segmenter, which
    # cuts names it does not know into single characters: 兴/庆/区).
    if places:
        out.append(f'<span data-pagefind-weight="{PLACE_WEIGHT}">{html_text(" ， ".join(" ".join(p) for p in places))}</span>')
    if province:
        out.append(f'<span data-pagefind-filter="省份">{html_text(province)}</span>')
    out.append(f'<span data-pagefind-filter="层级">{html_text(LEVEL_ZH.get(latest.get("level"), "未知"))}</span>')
    out += [f'<span data-pagefind-filter="年度">{html_text(year)}</span>' for year in years]
    out.append(f'<span data-pagefind-meta="region">{html_text(" ".join(places))}</span>')
    if own:  # for the search box's re-ranking of an exact place name (site-search.js)
        out.append(f'<span data-pagefind-meta="place">{html_text(own)}</span>'
                   f'<span data-pagefind-meta="short">{html_text(short_place(own) or own)}</span>'
                   f'<span data-pagefind-meta="level">{html_text(own_level)}</span>'
                   f'<span data-pagefind-meta="pinyin">{html_text(_pinyin(short_place(own) or own).replace(" ", ""))}</span>')
    out.append("</div>")
    return "".join(out) + "\n\n"


PINYIN_TABLE = "pinyin.json"  # in the Pagefind bundle's folder


def pinyin_table() -> str:
    """{toneless pinyin: its characters} for the 6,763 characters of GB 2312, as compact JSON (24 KB):
    the search box spells a query that matches no name in pinyin with it, so a homophone typo
    (淮按) still finds 淮安 (huaian). Fetched only then."""
    from pypinyin import lazy_pinyin

    table: dict[str, list[str]] = {}
    for code in range(0x4E00, 0xA000):
        char = chr(code)
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            continue
        table.setdefault(lazy_pinyin(char)[0], []).append(char)
    return json.dumps({k: "".join(v) for k, v in sorted(table.items())}, ensure_ascii=False, separators=(",", ":"))


def _pinyin_table_bytes(state_dir: Path | None) -> bytes:
    """pinyin_table() as UTF-8, kept in state_dir (named after pypinyin's version) between builds: making it
    takes a quarter of a second, more than the rest of an unchanged build's search step."""
    from importlib.metadata import version

    kept = Path(state_dir) / f"pinyin-{version('pypinyin')}.json" if state_dir else None
    if kept is not None and kept.is_file():
        return kept.read_bytes()
    table = pinyin_table().encode("utf-8")
    if kept is not None:
        write_if_changed(kept, table)
    return table


def index_site(site_dir: Path, state_dir: Path | None = None) -> dict:
    """Index the built site with Pagefind into site_dir/pagefind/. Returns {"pages", "seconds"}.
    state_dir: a folder the build keeps between builds (the pinyin table is kept there)."""
    site = Path(site_dir).resolve()
    started = time.perf_counter()
    # Pagefind's command line, not its async Python API: the API's service can be closed before the
    # binary has finished writing (an empty WASM file was seen under load), the command returns when
    # everything is on disk. `python -m pagefind` runs the extended binary installed by pip.
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", OUTPUT_SUBDIR, "--quiet"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    # Pagefind adds its content-named chunks beside the last build's: those of pages since removed or
    # changed would stay in the site for good (and be found by anyone reading the folder).
    shutil.rmtree(site / OUTPUT_SUBDIR, ignore_errors=True)
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace")
    if done.returncode != 0:
        message = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["?"]
        raise ReportError(f"搜索索引生成失败 Pagefind failed: {message[0]}")
    (site / OUTPUT_SUBDIR / PINYIN_TABLE).write_bytes(_pinyin_table_bytes(state_dir))
    entry = json.loads((site / OUTPUT_SUBDIR / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = sum(language["page_count"] for language in entry["languages"].values())
    return {"pages": pages, "seconds": time.perf_counter() - started}
