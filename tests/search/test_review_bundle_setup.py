"""Review of builder/search.py's bundles: the build folder outlives upgrades (CI restores site-build/ from
its cache), so a bundle indexed by another Pagefind, or by other code of builder/search.py (its selectors,
the files it keeps), is indexed again although its pages did not change; so is the pinyin table kept
there (named after the setup, not only pypinyin's version)."""

from __future__ import annotations

import json
from pathlib import Path

from builder.search import (
    OUTPUT_SUBDIR,
    PINYIN_TABLE,
    PRIMARY,
    SEARCH_STATE,
    _bucket,
    _setup,
    index_site,
    pinyin_table,
)


def _page(site: Path, rel: str, text: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<!doctype html><html lang="zh"><head><title>{text}</title></head><body>'
                    f'<div data-pagefind-body><h1>{text}</h1></div></body></html>', encoding="utf-8")


def test_a_state_of_another_setup_gets_every_bundle_indexed_again(tmp_path):
    site, state = tmp_path / "site", tmp_path / "build"
    _page(site, "index.html", "首页")
    _page(site, "regions/hebei/index.html", "河北省")
    everything = sorted({PRIMARY, _bucket("hebei")})
    assert sorted(index_site(site, state)["bundles"]) == everything
    assert index_site(site, state)["bundles"] == []  # same pages, same setup: nothing to do

    kept = json.loads((state / SEARCH_STATE).read_text(encoding="utf-8"))
    assert kept["setup"] == _setup()
    (state / SEARCH_STATE).write_text(json.dumps({**kept, "setup": "another-pagefind"}), encoding="utf-8")
    assert sorted(index_site(site, state)["bundles"]) == everything

    del kept["setup"]  # the state of a build before the setup was kept
    (state / SEARCH_STATE).write_text(json.dumps(kept), encoding="utf-8")
    assert sorted(index_site(site, state)["bundles"]) == everything


def test_the_kept_pinyin_table_is_the_setup_s(tmp_path):
    site, state = tmp_path / "site", tmp_path / "build"
    _page(site, "index.html", "首页")
    state.mkdir()
    (state / "pinyin-stale.json").write_text('{"huai":"坏"}', encoding="utf-8")  # another setup's table
    index_site(site, state)
    assert sorted(p.name for p in state.glob("pinyin-*.json")) == [f"pinyin-{_setup()}.json"]
    assert (site / OUTPUT_SUBDIR / PINYIN_TABLE).read_text(encoding="utf-8") == pinyin_table()
