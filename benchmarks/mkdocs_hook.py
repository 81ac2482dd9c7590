"""MkDocs' CPU over the same generated pages with and without site_src/overrides/raw_html.py.

    .venv/bin/python benchmarks/build_site.py --n 1000 --keep          # keeps <tmp>/root0/build/docs
    .venv/bin/python benchmarks/mkdocs_hook.py <tmp>/root0/build/docs [--rounds 2]

Renders the docs folder with the repository's mkdocs.yml, alternating "without the hook" (its other
hooks kept) and "with", so the two see the same machine load in turn; prints wall and CPU seconds of
each render and the ratio of the CPU medians. tests/site/test_raw_html_hook.py proves the two sites
are the same page for page; this only measures the time.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOOK = "site_src/overrides/raw_html.py"


def render(docs: Path, site: Path, hooks: list[str] | None) -> tuple[float, float]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    overrides = {} if hooks is None else {"hooks": hooks}
    config = load_config(config_file=str(REPO / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site), **overrides)
    wall, cpu = time.perf_counter(), time.process_time()
    build(config)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", type=Path, help="a generated docs folder (<build dir>/docs of a build)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    from mkdocs.config import load_config

    hooks = [h for h in load_config(config_file=str(REPO / "mkdocs.yml"))["hooks"]]
    without = [str(h) for h in hooks if not str(h).endswith(Path(HOOK).name)]
    cpu: dict[str, list[float]] = {"without": [], "with": []}
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.rounds):
            # Alternate the order between rounds: the first render of a round pays cold file caches.
            order = (("without", without), ("with", None)) if n % 2 == 0 else (("with", None), ("without", without))
            for label, chosen in order:
                wall, seconds = render(args.docs, Path(tmp) / label, chosen)
                cpu[label].append(seconds)
                print(f"round {n + 1} {label:8s} wall {wall:7.1f} s  cpu {seconds:7.1f} s", flush=True)
    ratio = statistics.median(cpu["with"]) / statistics.median(cpu["without"])
    print(f"MkDocs CPU with the hook / without: {ratio:.2f}×")


if __name__ == "__main__":
    main()
