"""CPU of MkDocs (builder.site.run_mkdocs) in one rebuild, over a COPY of a root kept by
`benchmarks/build_site.py --keep` (its data/, build/, cache/ and site/ are changed in place).

    cp -a <kept>/root0/{data,build,cache,site} /tmp/work/
    python benchmarks/mkdocs_rebuild.py /tmp/work base     # the data as before the one-add phase; with changed
                                                           # code this build makes every page again: once first
    python benchmarks/mkdocs_rebuild.py /tmp/work add      # build_site.py's one-add: the spare body's report
    python benchmarks/mkdocs_rebuild.py /tmp/work remove   # ... and removed again
    python benchmarks/mkdocs_rebuild.py /tmp/work add --profile add.prof   # cProfile of run_mkdocs alone

The whole build runs in this process (builder.site.build_site, one job); prints the CPU of run_mkdocs (and of
the process) and the docs files MkDocs was shown, each with its Markdown's size. CPU time, not wall time:
wall time is noise on a shared machine.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import build_site as bench  # noqa: E402

from builder import site  # noqa: E402
from builder.metadata import slugify  # noqa: E402


def step(work: Path, name: str) -> None:
    """page_phases.py's steps: the same data edits."""
    data = work / "data"
    _province, _city, agency, _seed = json.loads((data / ".spare.json").read_text(encoding="utf-8"))
    added = list((data / "reports").rglob(f"{slugify(agency)}-2022.txt"))
    first = sorted((data / "reports").rglob("*.txt"))[0]
    kept = work / "first-report.orig"
    if not kept.exists():
        kept.write_bytes(first.read_bytes())
    if name in ("base", "remove"):
        for path in added:
            path.unlink()
    if name in ("base", "revert"):
        first.write_bytes(kept.read_bytes())
    if name == "add" and not added:
        bench.add_one(data)
    if name == "change":
        bench.change_one(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("work", type=Path)
    parser.add_argument("step", choices=("base", "add", "remove", "change", "revert", "none"))
    parser.add_argument("--profile", type=Path, help="cProfile of run_mkdocs, dumped here")
    parser.add_argument("--pages", action="store_true", help="with --warm: the CPU of each page's Markdown")
    parser.add_argument("--in-process", action="store_true",
                        help="MkDocs loaded and run in the build's process, not early in a fork (builder/mkdocs_early.py)")
    parser.add_argument("--warm", action="store_true",
                        help="MkDocs, Markdown, Jinja and Material imported before the build: their work alone")
    args = parser.parse_args()
    step(args.work, args.step)
    if args.warm:
        import material.plugins  # noqa: F401
        import mkdocs.commands.build  # noqa: F401
        import mkdocs.config  # noqa: F401
        import mkdocs.structure.files  # noqa: F401
        import pymdownx.superfences  # noqa: F401

    shown: list[str] = []
    cpu: dict[str, float] = {}
    profile = cProfile.Profile() if args.profile else None
    run_mkdocs = site.run_mkdocs

    def timed(*a, **kw):
        shown.extend(kw.get("changed") or [])
        started = time.process_time()
        if profile:
            profile.enable()
        try:
            return run_mkdocs(*a, **kw)
        finally:
            if profile:
                profile.disable()
            cpu["mkdocs"] = time.process_time() - started

    site.run_mkdocs = timed
    if args.in_process or args.profile or args.warm:  # (the profile and the clocks are of this process)
        site.EarlyMkDocs.start = classmethod(lambda cls, load, render: None)
    events: dict[str, float] = {}
    pages: dict[str, float] = {}
    if args.warm:
        # CPU between MkDocs' events, by the event that ends each stretch (page events summed over the pages)
        from mkdocs.plugins import PluginCollection

        run_event = PluginCollection.run_event
        last = [0.0]

        def clocked(self, name, item=None, **kwargs):
            now = time.process_time()
            if last[0]:
                events[name] = events.get(name, 0.0) + now - last[0]
                if name == "page_content" and args.pages:
                    pages[kwargs["page"].file.src_uri] = now - last[0]
            try:
                return run_event(self, name, item, **kwargs)
            finally:
                last[0] = time.process_time()
                events[name + " (hooks)"] = events.get(name + " (hooks)", 0.0) + last[0] - now

        PluginCollection.run_event = clocked
    import resource

    started = time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = site.build_site(args.work / "data", args.work / "site", jobs=1, build_dir=args.work / "build",
                             cache_dir=args.work / "cache")
    total = time.process_time() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    children_cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    if profile:
        profile.dump_stats(args.profile)
    docs = args.work / "build" / "docs"
    print(f"{args.step}: run_mkdocs CPU {cpu.get('mkdocs', 0):.3f} s of the build's {total:.3f} s (this process; "
          f"its child processes {children_cpu:.3f} s); MkDocs phase wall {result.seconds.get('mkdocs', 0):.3f} s; "
          f"dirty {result.dirty}; MkDocs in the early fork: {result.mkdocs_forked}; {len(shown)} docs files shown "
          "to MkDocs in this process")
    if events:
        print("  CPU before each MkDocs event (and in its hooks):",
              ", ".join(f"{k} {v:.3f}" for k, v in events.items() if v >= 0.002))
    for rel, seconds in sorted(pages.items(), key=lambda kv: -kv[1]):
        print(f"  {seconds * 1000:7.1f} ms Markdown of {rel}")
    for rel in sorted(shown, key=lambda r: -(docs / r).stat().st_size if (docs / r).is_file() else 0)[:40]:
        size = (docs / rel).stat().st_size if (docs / rel).is_file() else -1
        print(f"  {size:>9} {rel}")


if __name__ == "__main__":
    main()
