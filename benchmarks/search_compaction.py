"""What the search step indexes per build over a run of one-report adds, before and after bounded compaction.

    .venv/bin/python benchmarks/search_compaction.py ROOT [--adds 300] [--scale 1 3]

ROOT: a kept benchmark root (benchmarks/build_site.py --keep: ROOT/build/search-state.json, read only). Its
search state gives every bundle's pages; --scale k repeats each province bundle's pages k times (a site k
times as big, same shape). Then --adds one-report adds are played through builder/search.py's own planning
(_plan, _split_big, _leaf: the code a build runs, no Pagefind run): each add brings a new agency page, three
existing region pages of its province (its province, city and a year page, as a real add does) and the seven
whole-site pages the home, coverage, quality … pages are (what a real one-add left pending at N = 1,000 and
10,000). Per build it counts the pages Pagefind would index (RECENT when it changed, and every bundle
indexed whole) for two policies side by side:

    before   one bundle per province group, compaction down to half of RECENT_MAX in one build (e9c444c)
    after    bundles split past BUNDLE_MAX pages, compaction within COMPACT_BUDGET pages a build

and the number of bundles a query fetches a chunk of (the price). CPU seconds are estimated from pages at
PAGE_CPU (measured: Pagefind's command line over a 10,000 root's largest bundle, 2,721 pages, 6.66 s CPU).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from builder.search import (  # noqa: E402
    BUNDLE_MAX,
    COMPACT_BUDGET,
    PRIMARY,
    RECENT_MAX,
    SEARCH_STATE,
    _leaf,
    _plan,
    _split_big,
)

PAGE_CPU = 6.66 / 2721
POLICIES = {"before": (10**9, 10**9), "after": (BUNDLE_MAX, COMPACT_BUDGET)}


def groups_of(state: dict, scale: int) -> dict[str, list[str]]:
    """{group: its pages}: the state's bundles (a split one's parts under their group), scaled."""
    out: dict[str, list[str]] = {}
    for bundle, pages in state["indexed"].items():
        group = bundle.partition(".")[0]
        copies = 1 if group == PRIMARY else scale
        out.setdefault(group, []).extend(rel if i == 0 else f"x{i}/{rel}" for rel in pages for i in range(copies))
    return out


def play(groups: dict[str, list[str]], adds: int, bundle_max: int, budget: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    pages = {rel: group for group, rels in groups.items() for rel in rels}
    key = dict.fromkeys(pages, "0")
    regions = {g: [r for r in rels if r.startswith("regions/")] or rels for g, rels in groups.items()}
    site_pages = sorted(groups[PRIMARY])[:7]
    split: set[str] = set()
    indexed: dict[str, dict[str, list]] = {}
    per_build, recent_sizes = [], []
    weights = [(g, len(r)) for g, r in groups.items() if g != PRIMARY]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for step in range(adds + 1):
            if step:  # one add
                group = rng.choices([g for g, _ in weights], [w for _, w in weights])[0]
                new = f"agencies/added-{step}/index.html"
                pages[new] = group
                regions[group].append(new)
                for rel in [new, *rng.sample(regions[group][:-1], 3), *site_pages]:
                    key[rel] = str(step)
            bundles: dict[str, list[str]] = {}
            for rel, group in pages.items():
                bundles.setdefault(_leaf(group, rel, split), []).append(rel)
            current = {b: {rel: key[rel] for rel in rels} for b, rels in bundles.items()}
            whole, stale = _plan(folder, bundles, current, indexed, RECENT_MAX, budget)
            _split_big(bundles, current, whole, split, bundle_max)
            recent = sum(len(changed) + len(gone) for changed, gone in stale.values())
            for b in whole:
                (folder / b).mkdir(exist_ok=True)
                (folder / b / "pagefind-entry.json").write_text("{}")
                indexed[b] = {rel: [k, None] for rel, k in current[b].items()}
            indexed = {b: v for b, v in indexed.items() if b in bundles}
            if step:
                per_build.append(sum(len(bundles[b]) for b in whole) + recent)
                recent_sizes.append(recent)
    per_build.sort()
    return {"bundles": len(bundles), "max": per_build[-1], "p99": per_build[int(len(per_build) * 0.99) - 1],
            "mean": statistics.mean(per_build), "median": statistics.median(per_build),
            "recent_max": max(recent_sizes), "largest_bundle": max(len(v) for b, v in bundles.items() if b != PRIMARY)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path)
    parser.add_argument("--adds", type=int, default=300)
    parser.add_argument("--scale", type=int, nargs="+", default=[1])
    args = parser.parse_args()
    state = json.loads((args.root / "build" / SEARCH_STATE).read_text(encoding="utf-8"))
    print(f"{args.adds} one-report adds; pages indexed per build (CPU s at {PAGE_CPU * 1000:.2f} ms a page)")
    print(f"{'scale':>5} {'pages':>7} {'policy':>7} {'bundles':>7} {'largest':>7} {'max':>6} {'max s':>6} "
          f"{'p99':>6} {'mean':>7} {'mean s':>6} {'median':>6} {'RECENT max':>10}")
    for scale in args.scale:
        groups = groups_of(state, scale)
        total = sum(map(len, groups.values()))
        for policy, (bundle_max, budget) in POLICIES.items():
            r = play(groups, args.adds, bundle_max, budget)
            print(f"{scale:>5} {total:>7} {policy:>7} {r['bundles']:>7} {r['largest_bundle']:>7} {r['max']:>6} "
                  f"{r['max'] * PAGE_CPU:>6.2f} {r['p99']:>6} {r['mean']:>7.1f} {r['mean'] * PAGE_CPU:>6.2f} "
                  f"{r['median']:>6} {r['recent_max']:>10}")


if __name__ == "__main__":
    main()
