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
filters (province, level, year), and the body's name, its place names and those of the places it
lies in (province, city …), with and without their suffix (淮安市 → 淮安), and their pinyin (huaian),
weighted so an exact name ranks first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from builder.errors import ReportError
from builder.files import write_text_atomic
from builder.pages.common import LEVEL_ZH, html_text, region_chain, shown_name
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


def _place_words(places) -> list[str]:
    """Places by name, short name and their pinyin: 江苏省 江苏 jiangsusheng jiangsu."""
    names = [*places, *filter(None, map(short_place, places))]
    return [*names, *map(_pinyin, names)]


def agency_search_html(reports: list[dict]) -> str:
    """A raw HTML block (hidden) for an agency page: Pagefind filters, result metadata and the names
    the page should be found by. reports: all years of one body, sorted by year. Every value comes
    from a report or sidecar, so it is written as escaped element text (a filter or meta value given
    inside the attribute would also be parsed for ``:`` and ``,``)."""
    latest = reports[-1]
    name = shown_name(latest)
    chain = region_chain(latest)
    places = [place for _level, place in chain]
    province = next((place for level, place in chain if level == "province"), None)
    years = sorted({str(r["year"]) for r in reports if r.get("year")})
    own_level, own = next(((level, place) for level, place in reversed(chain) if place in name), (None, None))
    own_words = _place_words([own]) if own else []
    name_words = [_pinyin(name), latest["agency_id"]]
    # The places it lies in, by name, short name and their pinyin (江苏省 江苏 jiangsusheng jiangsu): a
    # journalist typing huaian or jiangsu finds the bodies of 淮安市, of 江苏省, whose names need not say so.
    region_words = [w for w in _place_words(places) if w not in own_words]

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


def region_search_html(name: str, level: str, line: str = "", above: tuple[str, ...] = ()) -> str:
    """The hidden block a region's page (builder/pages/regions.py) carries: its name, short name and their
    pinyin, weighted as a body's own place is on the bodies' pages (OWN_PLACE_WEIGHT), so Pagefind ranks
    the page among the place's bodies, not past them; the places above it (above: 江苏省, 淮安市), by name,
    short name and pinyin, weighted as on the bodies' pages (PLACE_WEIGHT), so that huaian qingjiangpu finds
    清江浦区's page as it finds its bodies (a query of several words keeps only pages holding every word);
    and result metadata for the search box's re-ranking (site-search.js exactFirst), which puts the place's
    own page first for a query naming the place (郑州 → 郑州市, then 郑州市人民政府, then its departments). line: the result's readable line
    (江苏省 淮安市 · 4 份报告), shown as an agency page's region line is, in place of Pagefind's excerpt,
    which is the hidden names (淮安市 淮安 huaianshi huaian …)."""
    short = short_place(name) or name
    words = _place_words([name])
    region_words = [w for w in dict.fromkeys(_place_words(above)) if w and w not in words]
    return ('<div class="search-data" hidden>'
            f'<span data-pagefind-weight="{OWN_PLACE_WEIGHT.get(level, NAME_WEIGHT)}">'
            f'{html_text(" ".join(dict.fromkeys(w for w in words if w)))}</span>'
            + (f'<span data-pagefind-weight="{PLACE_WEIGHT}">{html_text(" ".join(region_words))}</span>'
               if region_words else "") +
            '<span data-pagefind-meta="kind">region</span>'
            f'<span data-pagefind-meta="place">{html_text(name)}</span>'
            f'<span data-pagefind-meta="short">{html_text(short)}</span>'
            f'<span data-pagefind-meta="level">{html_text(level)}</span>'
            f'<span data-pagefind-meta="pinyin">{html_text(_pinyin(short).replace(" ", ""))}</span>'
            + (f'<span data-pagefind-meta="region">{html_text(line)}</span>' if line else "")
            + "</div>\n\n")


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


@cache
def _setup() -> str:
    """What the index and the pinyin table are made with besides the pages: Pagefind's and pypinyin's
    versions and this module's code (the selectors, the files kept, the table's making). A state kept by
    another setup is not reused (the build folder outlives upgrades: CI restores it from its cache)."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for package in ("pagefind", "pypinyin", "cpca"):
        try:
            digest.update(f"{package} {version(package)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{package} absent\n".encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def _pinyin_table_bytes(state_dir: Path | None) -> bytes:
    """pinyin_table() as UTF-8, kept in state_dir (named after the setup, _setup) between builds: making it
    takes a quarter of a second, more than the rest of an unchanged build's search step."""
    kept = Path(state_dir) / f"pinyin-{_setup()}.json" if state_dir else None
    if kept is not None and kept.is_file():
        return kept.read_bytes()
    for older in Path(state_dir).glob("pinyin-*.json") if state_dir else ():
        older.unlink(missing_ok=True)
    table = pinyin_table().encode("utf-8")
    if kept is not None:
        write_if_changed(kept, table)
    return table


# The index is cut into bundles: the pages of a group of provinces (their agency and region pages) in
# each, the rest of the site (home, years, rankings, quality …) in "site". Pagefind has no incremental
# mode, so a build re-indexes only the bundles whose pages changed (one report: its province's bundle
# and "site"), and the search box merges them in the browser (Pagefind's mergeIndex: the merged ones
# load no WebAssembly of their own). Few bundles, since a query fetches a chunk of each. With a state,
# a page added or changed since its bundle was indexed goes to the small RECENT bundle instead (index_site).
PROVINCE_BUNDLES = 6
PRIMARY = "site"
BUNDLES_FILE = "bundles.json"  # pagefind/: {"primary": name, "merge": [names]}, read by site-search.js
SEARCH_STATE = "search-state.json"  # in state_dir: per bundle, what its pages were when it was indexed
# What a merged bundle keeps: its index (the primary also keeps pagefind.js, its worker and WASM); the
# UI scripts and styles Pagefind writes into every bundle are not used (site-search.js is the UI).
INDEX_FILES = ("pagefind-entry.json", "index", "filter", "fragment")
PRIMARY_FILES = ("pagefind.js", "pagefind-worker.js")
_PROVINCE_FILTER = re.compile(rb'data-pagefind-filter="\xe7\x9c\x81\xe4\xbb\xbd">([^<]+)<')  # 省份


@cache
def _province_bundles() -> dict[str, str]:
    """{province slug: its bundle}: the provinces dealt to PROVINCE_BUNDLES bundles by how many county-level
    divisions each has (cpca's table: where the bodies are), largest first to the lightest bundle, so the
    bundles are about equal and a province's bundle never depends on the data."""
    import csv

    from builder.divisions import cpca_table
    from builder.metadata import region_slug

    with cpca_table().open(encoding="utf-8", newline="") as fh:
        rows = [(row["adcode"], row["name"]) for row in csv.DictReader(fh) if row["adcode"].endswith("000000")]
    provinces = {code[:2]: name for code, name in rows if code[2:6] == "0000"}
    counties = {prefix: sum(1 for code, _ in rows if code[:2] == prefix and code[4:6] != "00") for prefix in provinces}
    loads = {f"p{i}": 0 for i in range(PROVINCE_BUNDLES)}
    out = {}
    for prefix in sorted(provinces, key=lambda p: (-counties[p], p)):
        bundle = min(loads, key=lambda b: (loads[b], b))
        loads[bundle] += counties[prefix] + 1
        out[region_slug(provinces[prefix], "province")] = bundle
    return out


# _province_bundles() as the search state kept it (index_site): reading cpca's table for it costs ~50 ms.
_kept_provinces: dict[str, str] = {}
_BUNDLE_NAMES = frozenset({PRIMARY, *(f"p{i}" for i in range(PROVINCE_BUNDLES))})  # (_bucket's, _bundle_of's)

# A province bundle past BUNDLE_MAX pages when it is indexed whole is split in two by a bit of a hash of each
# page's path (p3 → p3.0 and p3.1, p3.0 → p3.00 and p3.01 …: extendible hashing), so no bundle, and no
# build's indexing of one, grows with the site: what a compaction indexes is bounded (a bundle of at most
# BUNDLE_MAX pages, COMPACT_BUDGET pages a build), at the price of more bundles as the site grows, each of
# which a query fetches a chunk of (benchmarks/search.py measures both). The primary bundle is not split:
# its pages are the whole-site ones, whose number does not grow with the reports.
# 6,000 (not the 2,000 first tried): at 10,000 reports the biggest bundle has ~2,700 pages, so nothing splits
# and a query fetches what it did (at 2,000: 12 bundles, 18–42% more bytes a query, search_split_bytes.py);
# the worst build's compaction is bounded at ~6,000 pages (~15 s CPU) whatever N, a split past ~20,000 reports.
BUNDLE_MAX = 6000
COMPACT_BUDGET = BUNDLE_MAX  # pages of the big bundles indexed whole a build to empty RECENT (compaction)
_SPLIT_DEPTH = 16
_SPLIT_NAME = re.compile(rf"p[0-{PROVINCE_BUNDLES - 1}](\.[01]{{1,{_SPLIT_DEPTH - 1}}})?")  # (state: only these)


@cache
def _path_bits(rel: str) -> str:
    return format(int.from_bytes(hashlib.sha1(rel.encode("utf-8")).digest()[:4], "big"), "032b")[:_SPLIT_DEPTH]


def _child(name: str, rel: str) -> str:
    """The half of a split bundle a page goes to: one more bit of its path's hash."""
    group, _, bits = name.partition(".")
    return f"{group}.{bits}{_path_bits(rel)[len(bits)]}"


def _leaf(group: str, rel: str, split: set[str]) -> str:
    """The bundle of a page of this group (_bundle_of): the group's, or, the group split, its part's."""
    name = group
    while name in split:
        name = _child(name, rel)
    return name


def _split_big(bundles: dict[str, list[str]], current: dict, whole: set[str], split: set[str],
               bundle_max: int) -> None:
    """Split every bundle about to be indexed whole that holds more than bundle_max pages (in place): its
    halves are indexed whole instead (new bundles), so the work is about the same as indexing it."""
    todo = [b for b in whole if b != PRIMARY and len(bundles.get(b, ())) > bundle_max]
    while todo:
        name = todo.pop()
        if name.count(".") and len(name.partition(".")[2]) >= _SPLIT_DEPTH - 1:
            continue  # (as deep as the state may name: left as it is)
        split.add(name)
        whole.discard(name)
        pages, keys = bundles.pop(name), current.pop(name)
        for rel in pages:
            half = _child(name, rel)
            bundles.setdefault(half, []).append(rel)
            current.setdefault(half, {})[rel] = keys[rel]
        for half in {_child(name, rel) for rel in pages}:
            whole.add(half)
            if len(bundles[half]) > bundle_max:
                todo.append(half)


def _bucket(province_slug: str) -> str:
    """A province's bundle; a slug not in cpca's table (unknown, a typo) by a hash of it."""
    known = (_kept_provinces or _province_bundles()).get(province_slug)
    if known:
        return known
    return f"p{hashlib.sha1(province_slug.encode()).digest()[0] % PROVINCE_BUNDLES}"


def _in_primary(rel: str) -> bool:
    """Whether a built page is in the PRIMARY bundle by its path alone: every page but a region's and an agency's
    (an agency page without a province filter is there too: _bundle_of reads it)."""
    parts = rel.split("/", 2)
    return not (parts[0] in ("regions", "agencies") and len(parts) > 2)


def _bundle_of(rel: str, path: Path, known: dict, trusted: bool = False) -> str:
    """The bundle of a built page: region pages by the province in their path, agency pages by the
    province filter they carry (read once per version of the page: known holds the last reads;
    trusted: the page is known not to have changed since, so not even looked at)."""
    if _in_primary(rel):
        return PRIMARY
    parts = rel.split("/")
    if parts[0] == "regions":
        return _bucket(parts[1])
    if parts[0] == "agencies":
        if trusted and rel in known:
            return known[rel][1]
        stat = path.stat()
        stamp = [stat.st_size, stat.st_mtime_ns]
        if rel in known and known[rel][0] == stamp:
            return known[rel][1]
        from html import unescape

        from builder.metadata import region_slug

        found = _PROVINCE_FILTER.search(path.read_bytes())
        bundle = _bucket(region_slug(unescape(found.group(1).decode("utf-8")), "province")) if found else PRIMARY
        known[rel] = [stamp, bundle]
        return bundle
    return PRIMARY


# The XPath of EXCLUDE_SELECTORS (lxml's CSS selectors need the cssselect package).
_EXCLUDED = ('//*[@data-search-exclude] | //*[contains(concat(" ", normalize-space(@class), " "), " headerlink ")]')


def _indexed_digest(path: Path) -> str:
    """sha256 of what Pagefind reads in a page: the language, the data-pagefind-body elements without what
    it is told to exclude, and every element carrying a data-pagefind-* attribute; the whole file when the
    page has no body element or cannot be parsed. A page rendered again with other numbers in its excluded
    tables (the home page, the quality pages, after one report changed) keeps its digest, and its bundle
    is not indexed again for it. More than Pagefind reads may be hashed, never less."""
    import lxml.html
    from lxml import etree

    data = path.read_bytes()
    try:
        doc = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError):
        return hashlib.sha256(data).hexdigest()
    bodies = doc.xpath("//*[@data-pagefind-body]")
    if not bodies:
        return hashlib.sha256(data).hexdigest()
    # Pagefind reads no data-* attribute but its own (and those an element names in its
    # data-pagefind-index-attrs): an agency page's CSV rows (data-rows, with the report file's sha256)
    # change with any edit of the report, its search text not.
    for element in doc.iter(etree.Element):
        if "data-pagefind-index-attrs" in element.attrib:
            continue
        for name in [a for a in element.attrib if a.startswith("data-") and a != "data-search-exclude"
                     and not a.startswith("data-pagefind-")]:
            del element.attrib[name]
    digest = hashlib.sha256((doc.get("lang") or "").encode())
    for element in doc.xpath("//*[@*[starts-with(name(), 'data-pagefind-')]]"):
        if element not in bodies:
            digest.update(etree.tostring(element, encoding="utf-8"))
    for element in doc.xpath(_EXCLUDED):
        element.drop_tree()
    for body in bodies:
        digest.update(etree.tostring(body, encoding="utf-8"))
    return digest.hexdigest()


def _pages(site: Path) -> list[str]:
    out = []
    for dirpath, dirs, files in os.walk(site):
        if Path(dirpath) == site and OUTPUT_SUBDIR in dirs:
            dirs.remove(OUTPUT_SUBDIR)
        out += [Path(dirpath, n).relative_to(site).as_posix() for n in files if n.endswith(".html")]
    return sorted(out)


@cache
def _pagefind_command() -> list[str]:
    """The extended binary pip installed, run directly (`python -m pagefind` starts an interpreter to find
    it, once per bundle); that command when it cannot be found."""
    try:
        from pagefind.service import get_executable

        binary = get_executable()
    except ImportError:
        binary = None
    return [str(binary)] if binary else [sys.executable, "-m", "pagefind"]


class PagefindService:
    """Pagefind's extended binary in its service mode (``--service``), started before it is needed: the
    first Chinese page it indexes loads its Chinese segmenter's dictionary (jieba, in charabia), ~0.2 s of
    CPU whatever the number of pages, nearly all of what indexing the few pages of the recent bundle
    costs. Started before MkDocs renders the changed pages (builder/site.py _build), it loads the
    dictionary on the other core meanwhile; index() then indexes a folder as the command line does (the
    same fragments and index chunks) in a few tens of milliseconds.

    Hand-written over the binary's stdin/stdout protocol (base64 JSON messages, each ended by a comma)
    rather than through pagefind's Python API, because the API polls the pipe every 0.1 s (a tenth of a
    second a message), needs an asyncio loop, and ends the binary by terminating it. Any failure (no
    binary, a broken pipe, an error message, no answer in ANSWER_SECONDS) makes index() return False:
    the caller then runs the command line, so the service only ever saves time."""

    ANSWER_SECONDS = 120.0  # a hung service is killed; the command line then indexes
    WARM_PAGE = ('<html lang="zh"><body><div data-pagefind-body><h1>淮安市人民政府</h1></div></body></html>')

    def __init__(self) -> None:
        import threading

        self._messages = 0
        self._buffer = bytearray()
        self._lock = threading.Lock()  # one index at a time over the pipe (index_site's threads)
        command = _pagefind_command()
        self._process = None
        if len(command) != 1:  # (`python -m pagefind` would start an interpreter first)
            return
        try:
            self._process = subprocess.Popen([*command, "--service"], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError:
            return
        try:
            # Not waited for: their answers are read (and passed over) by the first index().
            self._send({"type": "NewIndex", "config": None})
            self._send({"type": "AddFile", "index_id": 0, "url": "/", "file_contents": self.WARM_PAGE})
        except OSError:  # a broken pipe: the binary closed its input; of no use, so ended and waited for
            self._process.kill()
            self.close()

    def _send(self, payload: dict) -> int:
        import base64

        self._messages += 1
        message = json.dumps({"message_id": self._messages, "payload": payload}).encode("utf-8")
        self._process.stdin.write(base64.b64encode(message) + b",")
        self._process.stdin.flush()
        return self._messages

    def _answer(self, deadline: float) -> dict:
        import base64
        import select

        out = self._process.stdout
        while b"," not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([out], [], [], left)[0]:
                raise TimeoutError("Pagefind service")
            chunk = os.read(out.fileno(), 1 << 16)
            if not chunk:
                raise EOFError("Pagefind service")
            self._buffer += chunk
        end = self._buffer.index(b",")
        message = json.loads(base64.b64decode(bytes(self._buffer[:end])))
        del self._buffer[: end + 1]
        return message

    def _ask(self, payload: dict, deadline: float) -> dict:
        sent = self._send(payload)
        while True:
            message = self._answer(deadline)
            if message.get("message_id") == sent:
                answer = message["payload"]
                if answer.get("type") == "Error":
                    raise RuntimeError(answer.get("message"))
                return answer

    def index(self, folder: Path, target: Path) -> bool:
        """Index the pages in folder (URLs from their paths under it, as ``--site folder`` gives them) into
        target; False when the service could not (nothing is then to be trusted in target)."""
        with self._lock:
            return self._index(folder, target)

    def _index(self, folder: Path, target: Path) -> bool:
        if self._process is None:
            return False
        deadline = time.monotonic() + self.ANSWER_SECONDS
        try:
            config = {"exclude_selectors": EXCLUDE_SELECTORS}
            index = self._ask({"type": "NewIndex", "config": config}, deadline)["index_id"]
            self._ask({"type": "AddDir", "index_id": index, "path": str(folder)}, deadline)
            self._ask({"type": "WriteFiles", "index_id": index, "output_path": str(target)}, deadline)
            self._ask({"type": "DeleteIndex", "index_id": index}, deadline)
        except (OSError, ValueError, KeyError, TypeError, RuntimeError, EOFError, TimeoutError):
            self.close()
            return False
        return (target / "pagefind-entry.json").is_file()

    def close(self) -> None:
        if self._process is None:
            return
        process, self._process = self._process, None
        with contextlib.suppress(OSError):  # (a broken pipe: what was left unwritten is of no use)
            process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        finally:
            process.stdout.close()

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _run_pagefind(site: Path, bundle: str, pages: list[str], service: PagefindService | None = None) -> None:
    """Pagefind over these pages only: hard links in a folder of their own (same paths, so the same URLs),
    indexed into site/pagefind/<bundle>/ (whose old chunks go first: Pagefind adds its content-named
    chunks beside a last run's, and those of changed or removed pages would stay for good); by the
    service when one is given and answers, else by the command line."""
    target = site / OUTPUT_SUBDIR / bundle
    shutil.rmtree(target, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=f".pagefind-{bundle}-", dir=site.parent) as folder:
        for rel in pages:
            link = Path(folder, rel)
            link.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site / rel, link)
            except OSError:
                shutil.copyfile(site / rel, link)
        done = None
        if service is None or not service.index(Path(folder), target):
            shutil.rmtree(target, ignore_errors=True)
            # Pagefind's command line, not its async Python API: the API's service can be closed before the
            # binary has finished writing (an empty WASM file was seen under load), the command returns when
            # everything is on disk.
            command = [*_pagefind_command(), "--site", folder, "--output-path", str(target), "--quiet"]
            for selector in EXCLUDE_SELECTORS:
                command += ["--exclude-selectors", selector]
            done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace")
    if done is not None and done.returncode != 0:
        message = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["?"]
        raise ReportError(f"搜索索引生成失败 Pagefind failed: {message[0]}")
    keep = INDEX_FILES + (PRIMARY_FILES if bundle == PRIMARY else ())
    for item in target.iterdir():
        if item.name in keep or item.suffix == ".pf_meta" or bundle == PRIMARY and item.name.startswith("wasm."):
            continue
        shutil.rmtree(item) if item.is_dir() else item.unlink()


def _read_state(state_file: Path | None) -> tuple[dict, dict, dict, dict, dict, set]:
    """The last build's bundle of each agency page (builder/search._bundle_of), state of each bundle, digest
    of each page of the primary bundle (_indexed_digest), key of each other page (_page_stamps) and, per big
    bundle, {page: [its key, its Pagefind id]} when the bundle was last indexed whole, and the bundles split
    (_leaf); only the bundles of agency pages when the bundles were indexed by another setup (_setup: another
    Pagefind, other code)."""
    try:
        state = json.loads(state_file.read_text(encoding="utf-8")) if state_file else {}
        known, last = dict(state["pages"]), dict(state["bundles"])
        digests, keys = dict(state.get("digests") or {}), dict(state.get("keys") or {})
        indexed = {b: dict(pages) for b, pages in (state.get("indexed") or {}).items()}
        provinces = dict(state.get("provinces") or {})
        split = {name for name in state.get("split") or () if type(name) is str and _SPLIT_NAME.fullmatch(name)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, {}, {}, {}, {}, set()
    # A bundle's name is a folder under pagefind/ that _run_pagefind empties: from the state (build state, not
    # trusted), only a name the code makes; a page known in another one is read again, a table of others is
    # cpca's again.
    known = {rel: v for rel, v in known.items() if isinstance(v, list) and len(v) == 2 and type(v[1]) is str
             and v[1] in _BUNDLE_NAMES}
    if not all(type(k) is str and type(v) is str and v in _BUNDLE_NAMES for k, v in provinces.items()):
        provinces = {}
    # (a bundle's page: [its key, its Pagefind id or None]; a bundle with another shape is indexed whole again)
    indexed = {b: pages for b, pages in indexed.items() if all(isinstance(v, list) and len(v) == 2
                                                               and all(x is None or type(x) is str for x in v)
                                                               for v in pages.values())}
    if state.get("setup") == _setup():
        _kept_provinces.clear()
        _kept_provinces.update(provinces)
    if state.get("setup") != _setup():
        return known, {}, {}, {}, {}, set()
    return known, last, digests, keys, indexed, split


def _page_stamps(site: Path, bundle: str, pages: list[str], digests: dict, keys: dict, before: dict,
                 rendered: set[str] | None = None) -> list:
    """What a bundle's index is made from, page by page. The pages of the primary bundle (the whole-site
    pages, a few dozen, most rendered again whenever any report changes): what Pagefind reads in them
    (_indexed_digest, kept in digests by the page's size and mtime). The others (agency and region pages,
    too many to digest in a cold build): a key, kept in keys with the page's size and mtime, that is
    the key of the last build when the page is unchanged or was rendered again with what Pagefind reads
    unchanged (before: the digest of each page MkDocs was about to render again, taken before it did),
    and a new key otherwise. One report edited in its narrative (excluded from search) re-indexes nothing."""
    out = []
    for rel in pages:
        if rendered is not None and rel not in rendered:  # not written since the state was: as it was
            kept = digests.get(rel) if bundle == PRIMARY else keys.get(rel)
            if kept is not None:
                out.append((rel, kept[1]))
                continue
        st = (site / rel).stat()
        stamp = [st.st_size, st.st_mtime_ns]
        if bundle == PRIMARY:
            if rel not in digests or digests[rel][0] != stamp:
                digests[rel] = [stamp, _indexed_digest(site / rel)]
            out.append((rel, digests[rel][1]))
            continue
        old = keys.get(rel)
        same = old and (old[0] == stamp or rel in before and before[rel] == _indexed_digest(site / rel))
        key = old[1] if same else f"{stamp[0]}:{stamp[1]}"
        keys[rel] = [stamp, key]
        out.append((rel, key))
    return out


def digests_before(site_dir: Path, pages: list[str]) -> dict[str, str]:
    """_indexed_digest of each of these built pages (site-relative .html paths) that exists: taken before
    MkDocs renders them again, for index_site(before=…), which reads them for the pages outside PRIMARY
    alone (_page_stamps: a PRIMARY page's digest is compared with the state's), so only theirs are taken (the
    whole-site pages an add renders again, the largest, were parsed for nothing: ~half of this step's time)."""
    site = Path(site_dir)
    return {rel: _indexed_digest(site / rel) for rel in pages if not _in_primary(rel) and (site / rel).is_file()}


RECENT = "recent"  # the bundle of pages added or changed since their own bundle was last indexed whole
# At most this many pages in RECENT (and pages hidden from the big bundles): past it, the big bundles with
# the most of them are indexed whole again (compacted) until RECENT is down to half. One added report
# makes ~10–40 pages new to the index (its page, its places, the whole-site pages, its peers).
RECENT_MAX = 120
COMPACT_FLOOR = 16  # a big bundle with more pending pages than this and than half its pages is indexed whole


def _url_of(rel: str) -> str:
    """The URL Pagefind gives a page (site-relative .html path): /a/b/ for a/b/index.html."""
    return "/" + (rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel)


def _fragment_ids(site: Path, bundle: str) -> dict[str, str]:
    """{URL: Pagefind's id of the page (its fragment's name, what a search result's id is)} of a bundle."""
    import gzip

    out = {}
    for path in (site / OUTPUT_SUBDIR / bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        out[json.loads(data[data.index(b"{"):])["url"]] = path.name[: -len(".pf_fragment")]
    return out


def index_site(site_dir: Path, state_dir: Path | None = None, before: dict[str, str] | None = None,
               rendered: Iterable[str] | None = None, removed: Iterable[str] = (),
               recent_max: int = RECENT_MAX, service: PagefindService | None = None,
               bundle_max: int = BUNDLE_MAX, compact_budget: int = COMPACT_BUDGET) -> dict:
    """Index the built site with Pagefind into site_dir/pagefind/<bundle>/. With a state in state_dir (a
    folder the build keeps between builds; None: every bundle is indexed whole), a build indexes only the
    pages whose search text changed since (before: digests_before() of the pages rendered again since,
    taken before they were), LSM style: they go to the small RECENT bundle, indexed whole each time, and
    bundles.json lists the ids of their old versions (and of removed pages) in the big bundles, which the
    search box drops; past recent_max pages, the big bundles holding most of them are indexed whole again
    and leave RECENT. So one added or changed report indexes a bounded number of pages, whatever the site's
    size. Returns {"pages", "seconds", "bundles": the bundles indexed now, "recent": pages in RECENT}.

    rendered and removed (site-relative .html paths), from a build that knows them: every page written
    since the state was saved, and every page deleted since; the site's other pages are then the state's,
    as the state has them, not found by walking the site and stat'ing each page (the part of a one-report
    rebuild's search step that grew with the site). None: the site is walked.

    service: a PagefindService started earlier (its dictionary loaded meanwhile): every bundle indexed now is
    indexed by it, one at a time (a compacted bundle too: each command line run loads the dictionary again)."""
    from concurrent.futures import ThreadPoolExecutor

    site = Path(site_dir).resolve()
    started = time.perf_counter()
    state_file = Path(state_dir) / SEARCH_STATE if state_dir else None
    known, last, digests, keys, indexed, split = _read_state(state_file)
    if rendered is not None and last:
        rendered = {rel for rel in rendered if (site / rel).is_file()}
        pages = sorted((set(digests) | set(keys) | rendered) - (set(removed) - rendered))
    else:
        rendered, pages = None, _pages(site)
    bundles: dict[str, list[str]] = {}
    for rel in pages:
        group = _bundle_of(rel, site / rel, known, rendered is not None and rel not in rendered)
        bundles.setdefault(_leaf(group, rel, split), []).append(rel)
    bundles.setdefault(PRIMARY, [])
    folder = site / OUTPUT_SUBDIR
    current: dict[str, dict[str, str]] = {}
    for bundle, pages_ in bundles.items():
        current[bundle] = dict(_page_stamps(site, bundle, pages_, digests, keys, before or {}, rendered))
    whole, stale = _plan(folder, bundles, current, indexed, recent_max, compact_budget)
    _split_big(bundles, current, whole, split, bundle_max)
    recent_pages = sorted(rel for b in stale for rel in stale[b][0])
    shadow_in = {indexed[b][rel][1]: b for b, (changed, gone) in stale.items()
                 for rel in changed | gone if indexed[b].get(rel, [None, None])[1]}
    shadow = sorted(shadow_in)
    recent_key = hashlib.sha256(json.dumps([[rel, _bundle_key(current, rel)] for rel in recent_pages])
                                .encode()).hexdigest() if recent_pages else None
    todo = sorted(b for b in bundles if b in whole)
    if recent_pages and (last.get(RECENT) != recent_key or not (folder / RECENT / "pagefind-entry.json").is_file()):
        todo.append(RECENT)
    if state_file:
        state_file.unlink(missing_ok=True)  # an interrupted indexing re-runs every bundle next time
    _remove_others(folder, {*bundles, PINYIN_TABLE, *([RECENT] if recent_pages else [])})
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(lambda b: _run_pagefind(site, b, recent_pages if b == RECENT else bundles[b], service), todo))
    for b in whole:
        ids = _fragment_ids(site, b)
        indexed[b] = {rel: [key, ids.get(_url_of(rel))] for rel, key in current[b].items()}
    indexed = {b: pages for b, pages in indexed.items() if b in bundles}
    # A page in RECENT whose Pagefind id is its old version's (the same search text under another key) is
    # not hidden: the search box shows each id once.
    recent_ids = set(_fragment_ids(site, RECENT).values()) if recent_pages else set()
    twice = recent_ids & set(shadow)
    shadow = [i for i in shadow if i not in twice]
    write_if_changed(folder / PINYIN_TABLE, _pinyin_table_bytes(state_dir))
    write_if_changed(folder / BUNDLES_FILE, json.dumps(_told(bundles, sorted(recent_ids), shadow,
                                                             _hidden_filters(folder, shadow, shadow_in))))
    # the pages a query can find: the big bundles' but those hidden, and RECENT's
    count = _page_count(folder, [*bundles, *([RECENT] if recent_pages else [])]) - len(shadow) - len(twice)
    if state_file:
        live = {rel for of_bundle in bundles.values() for rel in of_bundle}
        stamps = {b: "indexed" for b in indexed}
        if recent_key:
            stamps[RECENT] = recent_key
        write_text_atomic(state_file, json.dumps({"pages": {k: v for k, v in known.items() if k in live},
                                                  "digests": {k: v for k, v in digests.items() if k in live},
                                                  "keys": {k: v for k, v in keys.items() if k in live},
                                                  "bundles": stamps, "indexed": indexed, "setup": _setup(),
                                                  "split": sorted(split),
                                                  "provinces": _kept_provinces or _province_bundles()}))
    return {"pages": count, "seconds": time.perf_counter() - started, "bundles": todo, "recent": len(recent_pages)}


def _hidden_filters(folder: Path, shadow: list[str], bundle_of: dict[str, str]) -> dict[str, dict[str, int]]:
    """{filter: {value: how many hidden pages carry it}}: Pagefind's filter counts include the hidden
    pages, so the search box takes these off and does not offer a year or province only they have."""
    import gzip
    import zlib

    counts: dict[str, dict[str, int]] = {}
    for page_id in shadow:
        path = folder / bundle_of[page_id] / "fragment" / f"{page_id}.pf_fragment"
        try:
            data = gzip.decompress(path.read_bytes())
            filters = json.loads(data[data.index(b"{"):]).get("filters") or {}
        except (OSError, ValueError, EOFError, zlib.error, AttributeError):  # (a fragment cut short or altered)
            continue
        if not (isinstance(filters, dict) and all(isinstance(values, list) and all(type(v) is str for v in values)
                                                  for values in filters.values())):
            continue
        for name, values in filters.items():
            for value in set(values):
                counts.setdefault(name, {}).setdefault(value, 0)
                counts[name][value] += 1
    return counts


def _told(bundles: dict[str, list[str]], recent: list[str], shadow: list[str],
          hidden_filters: dict[str, dict[str, int]] | None = None) -> dict:
    """bundles.json, what the search box merges: {"primary", "merge": [big bundles], "recent" and "recent_ids"
    (its pages' ids) when RECENT has pages, "shadow": [Pagefind ids it drops from every result list],
    "shadow_filters": _hidden_filters()}.

    RECENT's scores come from a bundle of a few pages: Pagefind's BM25 idf, ln((n - k + 0.5) / (k + 0.5) + 1)
    for a word on k of n pages, is not the big bundles'. No indexWeight makes up for it for every word (one
    that fitted a rare name, ln(mean bundle / 1.5 + 1) / ln(recent / 1.5 + 1), put a just-added page first
    for 行政复议, a word on every page: benchmarks/search.py); instead the search box ranks RECENT's matches
    by its exact-name rules (site-search.js exactFirst) wherever Pagefind put them. Which pages a query of
    several words matches also depended on the bundles (Pagefind drops from a bundle's query a word none of
    its pages holds): site-search.js everyWord asks every page for every word the site holds."""
    merge = sorted(set(bundles) - {PRIMARY})
    told = {"primary": PRIMARY, "merge": merge}
    if recent:
        told |= {"recent": RECENT, "recent_ids": recent}
    if shadow:
        told["shadow"] = shadow
    if hidden_filters:
        told["shadow_filters"] = hidden_filters
    return told


def _remove_others(folder: Path, keep: set[str]) -> None:
    """Everything in pagefind/ but keep: the single bundle of older builds, and bundles no longer made."""
    if folder.is_dir():
        for item in folder.iterdir():
            if item.name not in keep:
                shutil.rmtree(item) if item.is_dir() else item.unlink()
    folder.mkdir(parents=True, exist_ok=True)


def _page_count(folder: Path, names: list[str]) -> int:
    count = 0
    for bundle in names:
        entry = json.loads((folder / bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        count += sum(language["page_count"] for language in entry["languages"].values())
    return count


def _plan(folder: Path, bundles: dict, current: dict, indexed: dict, recent_max: int,
          compact_budget: int = COMPACT_BUDGET) -> tuple[set, dict]:
    """Which big bundles to index whole now, and for each other one of the last build's, ({its pages whose
    key differs from the one they were indexed with}, {its pages gone from it}): RECENT's business. Whole:
    a bundle with no index of its own yet, and, past recent_max pages in RECENT, the bundles holding most,
    as many as compact_budget pages allows (at least one): a build's compaction is bounded, and RECENT,
    when it is not emptied to half in one build, is by the next ones."""
    whole = {b for b in bundles if b not in indexed or not (folder / b / "pagefind-entry.json").is_file()}
    stale = {b: ({rel for rel, key in current.get(b, {}).items() if (indexed[b].get(rel) or [None])[0] != key},
                 set(indexed[b]) - set(current.get(b, ())))
             for b in indexed if b not in whole and b in bundles}  # (a bundle no longer made is removed)

    def size(b: str) -> int:
        return len(stale[b][0]) + len(stale[b][1])

    for b in [b for b in stale if size(b) > max(COMPACT_FLOOR, len(indexed[b]) // 2)]:
        whole.add(b)  # most of it changed (a clean build over a kept site): as cheap to index it whole
        del stale[b]
    if sum(map(size, stale)) > recent_max:  # compaction, down to half the bound, within the budget
        spent = 0
        for b in sorted(stale, key=lambda b: (-size(b), b)):
            if sum(map(size, stale)) <= recent_max // 2:
                break
            if spent and spent + len(bundles[b]) > compact_budget:
                continue
            spent += len(bundles[b])
            whole.add(b)
            del stale[b]
    return whole, stale


def _bundle_key(current: dict[str, dict[str, str]], rel: str) -> str | None:
    return next((keys[rel] for keys in current.values() if rel in keys), None)
