"""CPU of the explorer's files and the quality lists on a one-report rebuild, at N reports: the added report's
chunk file and its year's rank files (builder.site._explorer_data makes those again), with each report's row
made afresh (as before builder.pages.explorer.Rows) and read from the rows kept by the last build; and the
quality page and lists (builder.pages.quality) with every entry made afresh and from the entries kept
(builder.pages.kept_parts).

    python benchmarks/explorer_rebuild.py [N ...]      (default: 1000 10000)

Records: benchmarks/page_growth.py's synthetic ones (N / 5 bodies a year over five years). Prints, per N,
the year's reports, and CPU seconds (best of 3) for: fresh rows; kept rows, the kept file read and written
again (what a build pays); the same for the quality pages; the files are checked equal.
"""

from __future__ import annotations

import copy
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_growth import synthetic  # noqa: E402  (this checkout's builder, put on sys.path there)

from builder.export import chunks  # noqa: E402
from builder.pages import explorer  # noqa: E402
from builder.pages.kept_parts import KeptParts  # noqa: E402
from builder.pages.quality import quality_page_files  # noqa: E402


def _files(parts: dict, chunk: str, year: int, rows) -> dict:
    files = explorer.chunk_files(parts[chunk], chunk, rows)
    if year in explorer.ranked_years(parts):
        files.update(explorer.year_rank_files(parts, year, rows))
    return files


def _cpu(run) -> tuple[float, dict]:
    best, out = float("inf"), None
    for _ in range(3):
        started = time.process_time()
        out = run()
        best = min(best, time.process_time() - started)
    return best, out


def measure(n: int) -> tuple[int, float, float, float, float]:
    reports, _failures = synthetic(n)
    hashes = {r["id"]: f"view-{i}" for i, r in enumerate(reports)}
    with tempfile.TemporaryDirectory() as folder:
        kept = Path(folder) / "explorer-rows.msgpack"
        rows = explorer.Rows(hashes, kept, "code")
        for chunk, members in chunks(reports).items():  # the last build: every chunk's rows made and kept
            explorer.chunk_files(members, chunk, rows)
        rows.save()
        added = copy.deepcopy(reports[0])
        added["id"], added["agency_id"] = "added-" + added["id"], "added-" + added["agency_id"]
        now = [*reports, added]
        hashes_now = {**hashes, added["id"]: "view-added"}
        parts = chunks(now)
        chunk = next(c for c, members in parts.items() if any(r["id"] == added["id"] for r in members))
        year = added["year"]
        fresh, made = _cpu(lambda: _files(parts, chunk, year, None))

        def from_kept():
            rows = explorer.Rows(hashes_now, kept, "code")
            files = _files(parts, chunk, year, rows)
            rows.save()
            return files

        cached, from_rows = _cpu(from_kept)
        assert made == from_rows

        entries = Path(folder) / "quality-entries.msgpack"
        first = KeptParts(entries, "code", set(hashes.values()))
        quality_page_files(reports, kept=first, hashes=hashes)
        first.save()
        q_fresh, q_made = _cpu(lambda: quality_page_files(now))

        def quality_kept():
            kept = KeptParts(entries, "code", set(hashes_now.values()))
            files = quality_page_files(now, kept=kept, hashes=hashes_now)
            kept.save()
            return files

        q_cached, q_from = _cpu(quality_kept)
        assert q_made == q_from
        return sum(r.get("year") == year for r in now), fresh, cached, q_fresh, q_cached


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    print(f"{'N':>7} {'year':>6} {'explorer fresh s':>17} {'kept s':>7} {'quality fresh s':>16} {'kept s':>7}")
    for n in sizes:
        in_year, fresh, cached, q_fresh, q_cached = measure(n)
        print(f"{n:>7} {in_year:>6} {fresh:>17.3f} {cached:>7.3f} {q_fresh:>16.3f} {q_cached:>7.3f}", flush=True)


if __name__ == "__main__":
    main()
