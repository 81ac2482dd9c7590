"""Time the full site build on N synthetic reports: cold, nothing changed, one report changed, one added.

    .venv/bin/python benchmarks/build_site.py                          # N = 100 and 1000, this checkout
    .venv/bin/python benchmarks/build_site.py --n 300                  # one size
    .venv/bin/python benchmarks/build_site.py --n 1000 --root ../before --root .   # side by side

Each ``--root`` is a checkout of this repository (default: this one); its ``builder`` is run in a child
process per build, as ``python -m builder build`` (process start to exit), so two versions of the code
run on the same data, the same machine, one after the other, phase by phase (cold A, cold B, no-change A, no-change B, …): the ratios are
measured side by side in one run.

Synthetic reports are plain-text reports in the seeds' tab-separated layout
(tests/textreport.py writes them), with random counts that satisfy the
template's arithmetic, for county governments of real places (cpca's table of
administrative divisions; past its 3,130 counties, departments of the same
counties): half the agencies have two consecutive years. Their narrative is
the seed reports' own text, so the pages weigh what real ones do.

Phases, per root (each on its own copy of the data, cache and site):
  cold        empty cache, build/ and site/
  no-change   the same build again
  one-change  one report's narrative edited (its parse result and page change)
  one-add     one report of a new agency added (new agency and region pages)

Prints, per N and root: wall seconds per phase and the CPU seconds of the build's processes (_children_cpu:
less noise than the wall time on a shared machine; a cold build's parse and page workers, of a server
process the build does not wait for, may be counted short), the build's own parse / pages / MkDocs split (then
every phase the build times: agency pages, region pages, downloads, explorer data, whole-site and year
pages, prune, MkDocs, Pagefind search index),
peak memory of the build's process tree, the site's size (and without the copied originals), the deploy artifact's
size (the tar of site/ zipped at level 6, what actions/deploy-pages checks against 1 GiB), and
what an agency page downloads, gzip: the HTML and every stylesheet and script it loads at once
(the search index and Material's search worker aside: see benchmarks/search*.py), and the chart
scripts that page loads only when a chart comes into view (on the old site, at once).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from importlib import resources
from pathlib import Path
from urllib.parse import urljoin, urlsplit

REPO = Path(__file__).resolve().parents[1]
PHASES = ("cold", "no-change", "one-change", "one-add")
# Departments of a county, for agencies past cpca's counties (N > ~6,000).
DEPARTMENTS = ("人民政府", "教育局", "财政局", "民政局", "自然资源局", "生态环境局", "交通运输局", "卫生健康委员会")
CHART_SCRIPTS = re.compile(r"vega(-lite|-embed)?@")


# ---------------------------------------------------------------- data


# cpca's placeholder "cities" of a municipality (builder.template.names.PLACEHOLDER_CITIES; not imported:
# this script times other checkouts' builders and imports none before it must).
PLACEHOLDER_CITIES = frozenset({"市辖区", "县"})


def places(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    """n distinct (province, city, agency name) of county governments from cpca's table of administrative
    divisions, then of their departments when there are more agencies than counties."""
    table = resources.files("cpca").joinpath("resources/adcodes.csv").read_text(encoding="utf-8")
    names = {row["adcode"][:6]: row["name"] for row in csv.DictReader(table.splitlines())
             if row["adcode"].endswith("000000")}
    counties = []
    for code, county in names.items():
        province, city = names.get(code[:2] + "0000"), names.get(code[:4] + "00")
        # A county under a prefecture: not under a municipality's 市辖区 / 县 placeholder rows (the walk of
        # stop 21 found "市辖区浦东新区人民政府", which cpca places in 遵义市: no real body is named so), nor
        # a province-level city's own row.
        if (code[4:] != "00" and province and city and city != province and city not in PLACEHOLDER_CITIES and county not in PLACEHOLDER_CITIES
                and not city.endswith("直辖县级行政区划") and county.endswith(("区", "县", "市", "旗"))):
            counties.append((province, city, county))
    rng.shuffle(counties)
    if n > len(counties) * len(DEPARTMENTS):
        raise SystemExit(f"only {len(counties) * len(DEPARTMENTS)} synthetic agencies; ask for fewer reports")
    return [(p, c, f"{c}{county}{DEPARTMENTS[i // len(counties)]}")
            for i, (p, c, county) in ((i, counties[i % len(counties)]) for i in range(n))]


def narratives() -> list[str]:
    """Real narrative text to pad the synthetic reports to a real report's length: the seeds' parts
    一 and 五, without sentences that state counts (they would contradict the random tables)."""
    sys.path.insert(0, str(REPO))
    from builder.export import report_files
    from builder.parse import parse_report

    out = []
    for path in report_files(REPO / "data"):
        parts = parse_report(path)["parts"]
        text = "\n".join(parts[key] for key in ("overview", "problems"))
        sentences = re.split(r"(?<=[。；])", text)
        out.append("".join(s for s in sentences if not re.search(r"申请|复议|诉讼|\d+\s*[件条]", s)))
    return out


def _write(data: Path, rng: random.Random, fillers: list[str], province: str, city: str, agency: str,
           year: int) -> Path:
    from builder.metadata import region_slug, slugify
    from builder.template import template_for_year
    from tests.textreport import random_values, write_report  # the tests' own report writer

    folder = data / "reports" / region_slug(province, "province") / region_slug(city, "city")
    folder.mkdir(parents=True, exist_ok=True)
    values = random_values(rng, template_for_year(year))
    prose = (f"本年度共收到政府信息公开申请{values['requests.new_received.total']}件，"
             f"办结{values['requests.total_processed.total']}件。\n" + rng.choice(fillers))
    path = folder / f"{slugify(agency)}-{year}.txt"
    path.write_text(write_report(values, agency=agency, year=year, prose=prose), encoding="utf-8")
    return path


def make_reports(data: Path, n: int, seed: int = 2024) -> list[Path]:
    sys.path.insert(0, str(REPO))
    rng = random.Random(seed)
    fillers = narratives()
    agencies = places(rng, (n + 1) // 2 + 1)  # the last one is kept for the one-add phase
    spare = agencies.pop()
    written = []
    for i, (province, city, agency) in enumerate(agencies):
        first = rng.choice((2020, 2021, 2022))
        years = (first, first + 1) if i < n - len(agencies) else (first,)
        written += [_write(data, rng, fillers, province, city, agency, year) for year in years]
    assert len(written) == n, len(written)
    (data / ".spare.json").write_text(json.dumps([*spare, seed]), encoding="utf-8")
    return written


def change_one(data: Path) -> Path:
    """Edit one report's narrative: a sentence added to part 一 of the first two-year agency's first year."""
    path = sorted((data / "reports").rglob("*.txt"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("一、总体情况\n\n", "一、总体情况\n\n本年度进一步完善了政府信息公开工作制度。", 1),
                    encoding="utf-8")
    return path


def add_one(data: Path) -> None:
    sys.path.insert(0, str(REPO))
    province, city, agency, seed = json.loads((data / ".spare.json").read_text(encoding="utf-8"))
    rng = random.Random(seed + 1)
    _write(data, rng, narratives()[:1], province, city, agency, 2022)


# ---------------------------------------------------------------- one build in a child process

# One build as `python -m builder build` runs it, process start to end (its exit too: what a workflow
# waits for); the BuildResult is caught on its way out of builder.site.build_site and printed at exit.
# A checkout whose command line has no --cache-dir (older than stop 19) is built through build_site.
CHILD = """
import atexit, json, runpy, sys
sys.path.insert(0, sys.argv[1])
import builder
assert builder.__file__.startswith(sys.argv[1]), builder.__file__
from pathlib import Path
import builder.site
data, site, build, cache, jobs = sys.argv[2:7]
results = []
def show():
    if not results:  # the build failed: its one line is in build.log
        return
    r = results[0]
    print(json.dumps({"reports": r.reports, "failures": r.failures, "parsed": r.parsed, "pages": r.pages,
                      "seconds": r.seconds, "search_bundles": getattr(r, "search_bundles", None)}), flush=True)
atexit.register(show)
build_site = builder.site.build_site
from builder.cli import build as command
if any("--cache-dir" in option.opts for option in command.params):
    def caught(*args, **kwargs):
        results.append(build_site(*args, **kwargs))
        return results[-1]
    builder.site.build_site = caught
    sys.argv = ["builder", "build", "--data", data, "--out", site, "--build-dir", build, "--cache-dir", cache,
                "--jobs", jobs]
    runpy.run_module("builder", run_name="__main__", alter_sys=True)
else:
    results.append(build_site(Path(data), Path(site), jobs=int(jobs), build_dir=Path(build), cache_dir=Path(cache)))
"""


def _status(pid: str) -> tuple[int, int, str] | None:
    """(parent pid, VmRSS in KB, program name) of a process, or None when it is gone."""
    try:
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
        return int(fields["PPid"]), int(fields.get("VmRSS", "0 kB").split()[0]), fields["Name"].strip()
    except (OSError, ValueError, KeyError):
        return None


class TreeSampler:
    """Resident memory of a process and every descendant (the parse and page workers run under a
    forkserver), from /proc every 0.1 s: [(time, main KB, python workers KB, other programs KB)]."""

    def __init__(self, pid: int):
        self.pid = pid
        self.samples: list[tuple[float, int, int, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        at = time.monotonic()
        status = {int(pid): s for pid in os.listdir("/proc") if pid.isdigit() and (s := _status(pid))}
        children: dict[int, list[int]] = {}
        for pid, (parent, _rss, _name) in status.items():
            children.setdefault(parent, []).append(pid)
        main = workers = other = 0
        todo = [self.pid]
        while todo:
            pid = todo.pop()
            todo += children.get(pid, [])
            if pid not in status:
                continue
            _parent, rss, name = status[pid]
            if pid == self.pid:
                main += rss
            elif name.startswith("python"):
                workers += rss
            else:
                other += rss
        self.samples.append((at, main, workers, other))

    @property
    def tree_mb(self) -> float:
        """The largest sum over the tree, MB."""
        return max((sum(sample[1:]) for sample in self.samples), default=0) / 1024

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self._sample()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def build_once(root: Path, work: Path, jobs: int) -> dict:
    args = [sys.executable, "-c", CHILD, str(root), str(work / "data"), str(work / "site"), str(work / "build"),
            str(work / "cache"), str(jobs)]
    env = {**os.environ, "PYTHONPATH": str(root)}
    # Bytecode written and reused, as on a user's machine or a CI runner (this sandbox sets
    # PYTHONDONTWRITEBYTECODE, which made every build compile builder/ afresh: 0.15 s of a no-change
    # build's CPU, ~0.4 s of a one-report one's), in a folder per root's work, not in the checkout (a
    # shared before-checkout stays untouched). The cold build compiles; the later phases reuse it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    with (work / "build.log").open("a") as log:
        started, used = time.perf_counter(), _children_cpu()
        child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=log, env=env, cwd=root, text=True)
        with TreeSampler(child.pid) as memory:
            out, _ = child.communicate()
        wall, cpu = time.perf_counter() - started, _children_cpu() - used
    if child.returncode:
        raise SystemExit(f"build failed in {work} (see {work / 'build.log'})")
    result = json.loads(out.strip().splitlines()[-1])
    return {**result, "wall": wall, "cpu": cpu, "memory_mb": memory.tree_mb}


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's ended children and of theirs that each waited for: a
    build's process tree (its parse forks, MkDocs' fork, Pagefind), which on a shared machine varies far less
    than its wall time (two builds' wall differed by 2× at load 5, their CPU by a tenth)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------- what the site weighs


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def site_size(site: Path, data: Path) -> tuple[int, int]:
    """(bytes of the whole site, bytes of the files that are not copies of an original report)."""
    originals = {(p.stat().st_size, _sha(p)) for p in (data / "reports").rglob("*") if p.is_file()}
    original_sizes = {size for size, _sha256 in originals}
    total = copies = 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        if size in original_sizes and (size, _sha(path)) in originals:
            copies += size
    return total, total - copies


def artifact_size(site: Path) -> tuple[int, int]:
    """(bytes of the tar, bytes of the deploy artifact) of the site as the Pages workflow uploads it:
    actions/upload-pages-artifact tars site/ (``tar --dereference --hard-dereference -cf``, .git and .github
    left out) and actions/upload-artifact@v4 zips that one file at deflate level 6 (its default
    compression-level); actions/deploy-pages warns when that artifact's size passes 1 GiB
    (src/internal/deployment.js: ONE_GIGABYTE). The zip is the tar deflated at level 6 plus its headers
    (~200 bytes: one entry), so the deflate stream is counted, without writing either file."""
    import zlib

    tar = subprocess.Popen(["tar", "--dereference", "--hard-dereference", "--directory", str(site), "-cf", "-",
                            "--exclude=.git", "--exclude=.github", "."], stdout=subprocess.PIPE)
    deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    tar_bytes = zipped = 0
    while chunk := tar.stdout.read(1 << 20):
        tar_bytes += len(chunk)
        zipped += len(deflate.compress(chunk))
    zipped += len(deflate.flush()) + 200
    if tar.wait():
        raise SystemExit(f"tar of {site} failed")
    return tar_bytes, zipped


def page_weight(site: Path, page: Path) -> dict:
    """gzip bytes an agency page downloads: its HTML, the stylesheets and scripts it loads at once, and the
    chart scripts (vega, vega-lite, vega-embed), counted at once when the page loads them at once."""
    from bs4 import BeautifulSoup

    html = page.read_bytes()
    soup = BeautifulSoup(html, "lxml")
    base = "http://site/" + page.parent.relative_to(site).as_posix() + "/"
    urls = [link.get("href") for link in soup.select("link[rel~=stylesheet]")]
    urls += [script.get("src") for script in soup.select("script[src]")]
    at_once = {"html": len(gzip.compress(html))}
    for url in filter(None, urls):
        path = site / urlsplit(urljoin(base, url)).path.lstrip("/")
        if path.is_file():
            at_once[path.relative_to(site).as_posix()] = len(gzip.compress(path.read_bytes()))
    charts = {k: v for k, v in at_once.items() if CHART_SCRIPTS.search(k)}
    if not charts:  # loaded when a chart comes into view (assets/charts.js)
        charts = {p.relative_to(site).as_posix(): len(gzip.compress(p.read_bytes()))
                  for p in (site / "assets" / "vendor").glob("*.js") if CHART_SCRIPTS.search(p.name)}
        if not soup.select(".vega-chart"):
            charts = {}
    on_load = sum(v for k, v in at_once.items() if not CHART_SCRIPTS.search(k))
    return {"on_load": on_load, "charts": sum(charts.values()), "html": at_once["html"],
            "charts_at_once": any(CHART_SCRIPTS.search(k) for k in at_once)}


def agency_page(site: Path) -> Path:
    """The page of an agency with two years (the synthetic data's usual case), the first in order."""
    for page in sorted((site / "agencies").glob("*/index.html")):
        if page.read_text(encoding="utf-8").count('id="y20') >= 2:
            return page
    raise SystemExit(f"no two-year agency page under {site / 'agencies'}")


def search_index_bytes(site: Path) -> int:
    """Material's whole lunr index, or (the site now searches with Pagefind) Pagefind's bundle."""
    path = site / "search" / "search_index.json"
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())


# ---------------------------------------------------------------- the run


def run(n: int, roots: list[Path], jobs: int, keep: bool) -> dict:
    top = Path(tempfile.mkdtemp(prefix=f"bench-site-{n}-"))
    try:
        make_reports(top / "data", n)
        works = {}
        for i, root in enumerate(roots):
            work = top / f"root{i}"
            shutil.copytree(top / "data", work / "data")
            works[root] = work
        out = {root: {} for root in roots}
        for phase in PHASES:
            for root, work in works.items():
                if phase == "one-change":
                    change_one(work / "data")
                elif phase == "one-add":
                    add_one(work / "data")
                print(f"  N={n} {phase} {root} …", file=sys.stderr, flush=True)
                out[root][phase] = build_once(root, work, jobs)
                if phase == "cold":
                    total, own = site_size(work / "site", work / "data")
                    _tar, artifact = artifact_size(work / "site")
                    out[root]["site"] = {"bytes": total, "own": own, "artifact": artifact,
                                         "index": search_index_bytes(work / "site"),
                                         "weight": page_weight(work / "site", agency_page(work / "site"))}
        return {"n": n, "roots": out, "top": top}
    finally:
        if not keep:
            shutil.rmtree(top, ignore_errors=True)


def print_phases(res: dict) -> None:
    """Every phase the build times (BuildResult.seconds), per benchmark phase; "startup" is what the wall
    time holds besides them (the interpreter, imports, reading the state)."""
    names = list(dict.fromkeys(k for phase in PHASES for k in res[phase]["seconds"]))
    nested = {"pages": "(all page phases + prune)"}
    print("  build phases, s: " + ", ".join(f"{k} {nested[k]}" if k in nested else k for k in names))
    for phase in PHASES:
        s = res[phase]["seconds"]
        own = sum(v for k, v in s.items() if k in ("parse", "pages", "mkdocs", "search"))
        cells = " ".join(f"{k}={s[k]:.2f}" for k in names if k in s)
        bundles = res[phase].get("search_bundles")
        indexed = f" (search bundles indexed: {','.join(bundles) or '-'})" if bundles is not None else ""
        print(f"  {phase:12}{cells} startup+rest={res[phase]['wall'] - own:.2f}{indexed}")


def report(r: dict, roots: list[Path]) -> None:
    n = r["n"]
    mb, kb = 1024 * 1024, 1024
    print(f"\n=== N = {n} reports ===")
    for i, root in enumerate(roots):
        res = r["roots"][root]
        cold = res["cold"]
        print(f"[{i}] {root}  ({cold['reports']} built, {cold['failures']} failed, {cold['pages']} generated pages)")
        print(f"{'':12}{'wall s':>9}{'% cold':>8}{'s/report':>10}{'parse':>8}{'pages':>8}{'mkdocs':>8}"
              f"{'parsed':>8}{'peak MB':>9}{'CPU s':>8}{'% cold':>8}")
        for phase in PHASES:
            p = res[phase]
            s = p["seconds"]
            print(f"{phase:12}{p['wall']:9.1f}{100 * p['wall'] / cold['wall']:7.1f}%{p['wall'] / n:10.3f}"
                  f"{s.get('parse', 0):8.1f}{s.get('pages', 0):8.1f}{s.get('mkdocs', 0):8.1f}{p['parsed']:8d}"
                  f"{p['memory_mb']:9.0f}{p['cpu']:8.1f}{100 * p['cpu'] / cold['cpu']:7.1f}%")
        print_phases(res)
        site = res["site"]
        w = site["weight"]
        print(f"site: {site['bytes'] / mb:.1f} MB, {site['own'] / mb:.1f} MB without copied originals "
              f"({site['own'] / n / kb:.1f} KB per report); deploy artifact (tar, zip level 6) "
              f"{site['artifact'] / mb:.1f} MB ({site['artifact'] / n / kb:.1f} KB per report, originals in it); "
              f"search index {site['index'] / mb:.2f} MB")
        print(f"agency page, gzip: {w['on_load'] / kb:.0f} KB on load (HTML {w['html'] / kb:.0f} KB, CSS, JS; "
              f"search aside) + charts' scripts {w['charts'] / kb:.0f} KB "
              + ("at once" if w["charts_at_once"] else "when a chart comes into view"))
    if len(roots) == 2:
        a, b = (r["roots"][root] for root in roots)
        print("ratios [1]/[0]: " + ", ".join(f"{phase} {b[phase]['wall'] / a[phase]['wall']:.2f}×" for phase in PHASES))
    if r["top"].exists():
        print(f"kept: {r['top']}")


def build_arguments(description: str, default_n: str, measured: str) -> argparse.ArgumentParser:
    """The options every site-build benchmark takes (this one, build_memory.py): N, checkouts side by side,
    workers, keep."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--n", type=int, action="append", help=f"number of reports (repeatable; default {default_n})")
    parser.add_argument("--root", type=Path, action="append",
                        help=f"a checkout whose builder is {measured} (repeatable, side by side; default: this one)")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: one per core)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data, cache and site")
    return parser


def main() -> None:
    args = build_arguments(__doc__.splitlines()[0], "100 and 1000", "timed").parse_args()
    roots = [p.resolve() for p in args.root or [REPO]]
    for n in args.n or [100, 1000]:
        report(run(n, roots, args.jobs, args.keep), roots)


if __name__ == "__main__":
    main()
