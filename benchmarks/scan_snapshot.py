"""CPU of a rebuild's scan and record snapshot (builder.batch.collect_reports with nothing to parse), step by
step, over a COPY of a root's data/ and cache/ (the first run over a new copy hashes every file again: its
paths changed; run it twice and read the second):

    cp -a <kept>/root0/{data,cache} /tmp/work/
    python benchmarks/scan_snapshot.py /tmp/work [none|add|remove] [--repeat 3] [--profile F] [--root-code]
    cp -al /tmp/work/cache /tmp/work/cache-before   # side by side: the before-code's own scan files
    python benchmarks/scan_snapshot.py /tmp/work add --root-code --code /tmp/before --cache cache-before

Prints the best process CPU (time.process_time) of each step of --repeat runs in this process: the listing of
data/, the stat index (its file read and one signature a report), the record snapshot's read, the cached
results' look-up, the collection (records filled, ids, the cross-year checks, the sort), and their total.
CPU, not wall time: six builds share two cores here.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import itertools
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# --code DIR: the checkout whose builder/ is measured (a before-checkout, side by side), else this one's.
CODE = Path(sys.argv[sys.argv.index("--code") + 1]).resolve() if "--code" in sys.argv else HERE.parent
sys.path.insert(0, str(CODE))

sys.path.insert(0, str(HERE))

from builder import batch, cache_format  # noqa: E402
from builder.metadata import slugify  # noqa: E402

CACHE = "cache"  # (--cache)


def one_run(work: Path) -> dict[str, float]:
    """collect_reports' steps, as it takes them (builder.batch), each timed."""
    data, cache = work / "data", work / CACHE
    spent: dict[str, float] = {}
    clock = time.process_time

    t = clock()
    listing = batch._report_listing(data)
    spent["listing"] = clock() - t
    t = clock()
    keys, unreadable, hashed = batch._keys(listing, cache)
    spent["stat index"] = clock() - t
    t = clock()
    early = batch._early_parses(keys, hashed, cache, 1, batch.DEFAULT_WORKER_LIMITS, None)
    spent["early forks"] = clock() - t
    t = clock()
    snapshot = batch.RecordSnapshot(cache)
    spent["snapshot read"] = clock() - t
    t = clock()
    results, todo = batch._cached(keys, cache, snapshot, frozenset(early[0]) if early else frozenset())
    spent["cached look-up"] = clock() - t
    t = clock()
    parses = batch.parse_isolated(todo, jobs=1)
    if early:
        parses = itertools.chain(batch._results(early[1], early[0], batch.DEFAULT_WORKER_LIMITS), parses)
        todo = [*early[0], *todo]
    for path, result in parses:  # (the parse's CPU is its child's: here only the results' writing)
        if result[0] in ("ok", "error"):
            batch._write_result(cache, keys[path], *result)
            if result[0] == "ok":
                result = ("ok", {k: v for k, v in result[1].items() if k != "provenance"})
            snapshot.put(keys[path], result)
        results[path] = result
    spent["parse (parent)"] = clock() - t
    t = clock()
    snapshot.save()
    spent["snapshot save"] = clock() - t
    t = clock()
    out = batch.Collection(root=data.resolve(), provenance_dir=(cache / batch.PROVENANCE_DIR).resolve())
    files = [path for path, _sidecar in listing]
    results.update((path, ("error", error)) for path, error in unreadable.items())
    batch._fill_collection(out, files, results, keys)
    batch._unique_ids(out)
    spent["records filled, ids"] = clock() - t
    t = clock()
    batch._add_cross_year_checks(out.reports, out.keys, cache)
    spent["cross-year checks"] = clock() - t
    t = clock()
    out.reports.sort(key=lambda r: (r["agency_id"], r.get("year") or 0, r["id"]))
    spent["sort"] = clock() - t
    spent["total"] = sum(spent.values())
    spent["(reports)"], spent["(hashed)"], spent["(parsed)"] = len(out.reports), hashed, len(todo)
    return spent


def _added(data: Path, present: bool) -> None:
    """The spare body's report (build_site.py's one add) there (present) or not, and a scan made of that."""
    import build_site as bench

    _province, _city, agency, _seed = json.loads((data / ".spare.json").read_text(encoding="utf-8"))
    for path in (data / "reports").rglob(f"{slugify(agency)}-2022.txt"):
        path.unlink()
    if present:
        bench.add_one(data)
    one_run(data.parent)  # (its results: the state the timed step starts from)
    if not present:
        bench.add_one(data)
        for path in (data / "reports").rglob(f"{slugify(agency)}-2022.txt"):  # new: its parse not in the cache
            key = batch.cache_key(path)
            for folder in (batch.PARSE_DIR, batch.PROVENANCE_DIR):
                (data.parent / CACHE / folder / f"{key}.json").unlink(missing_ok=True)
    else:
        for path in (data / "reports").rglob(f"{slugify(agency)}-2022.txt"):
            path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("work", type=Path)
    parser.add_argument("step", nargs="?", choices=("none", "add", "remove"), default="none",
                        help="none: nothing changed; add: build_site.py's one add (the spare body's report, then "
                             "removed again, so each of --repeat runs adds it); remove: the same, timing the removal")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--root-code", action="store_true",
                        help="hash with the parsing code's fingerprint the root's cache was made with (its "
                             "parse-index.msgpack), so that a root kept by other code is not a miss whole")
    parser.add_argument("--code", type=Path, help="the checkout whose builder/ to measure (default: this one)")
    parser.add_argument("--cache", default="cache",
                        help="the cache folder under WORK (e.g. a `cp -al` of cache/ for other code: each code's "
                             "files of the scan are its own)")
    args = parser.parse_args()
    global CACHE
    CACHE = args.cache
    assert Path(batch.__file__).is_relative_to(CODE), batch.__file__
    if args.root_code:
        fingerprint = batch.read_stat_index(args.work / CACHE / batch.INDEX_FILE)["fingerprint"]
        batch._fingerprint = lambda: fingerprint
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        gc.collect()
        if args.step != "none":
            _added(args.work / "data", args.step == "remove")
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        with cache_format.paused_collection():  # (as collect_reports pauses it over these steps)
            spent = one_run(args.work)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        for name, value in spent.items():
            best[name] = min(best.get(name, value), value)
    for name, value in best.items():
        print(f"{name:22s} {value:8.3f}" if not name.startswith("(") else f"{name:22s} {int(value):8d}")


if __name__ == "__main__":
    main()
