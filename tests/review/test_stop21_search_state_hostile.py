"""Stop 21 review: builder/search.py's state (build/search-state.json) now keeps the province → bundle
table ("provinces", read instead of cpca's table), and a bundle's name is a folder under pagefind/ that
_run_pagefind empties (shutil.rmtree) before indexing into it. A state file whose table (or whose pages'
bundles) names "../../victim" made the build empty a folder outside the site; a table of other types
crashed it. Build state is not trusted: a bundle name not one the code makes is a miss (cpca's table, the
page read again). And _hidden_filters, which reads the hidden pages' fragments in site/pagefind/ (kept
from the last build), stopped the build with zlib's or a TypeError on a fragment cut short or of another
shape: a fragment it cannot read adds no count, as one that is gone."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from builder.search import SEARCH_STATE, _hidden_filters, index_site
from tests.review.test_stop20_recent_bundle_paths import _page, _searchable


def _site(tmp_path: Path) -> tuple[Path, Path]:
    site, state = tmp_path / "site", tmp_path / "build"
    _page(site, "index.html", "首页")
    _page(site, "regions/ningxia/index.html", "宁夏回族自治区")
    _page(site, "agencies/body-a/index.html", "甲机构", "宁夏回族自治区")
    index_site(site, state)
    return site, state


@pytest.mark.parametrize("channel", ["provinces", "pages"])
def test_a_state_naming_a_bundle_outside_pagefind_empties_nothing(tmp_path, channel):
    site, state = _site(tmp_path)
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("a reader's file", encoding="utf-8")
    path = state / SEARCH_STATE
    saved = json.loads(path.read_text(encoding="utf-8"))
    if channel == "provinces":
        saved["provinces"] = {slug: "../../victim" for slug in saved["provinces"]}
    else:
        saved["pages"] = {rel: [stamp, "../../victim"] for rel, (stamp, _bundle) in saved["pages"].items()}
    path.write_text(json.dumps(saved), encoding="utf-8")
    _page(site, "regions/ningxia/index.html", "宁夏回族自治区（改）")
    index_site(site, state, rendered=["regions/ningxia/index.html"] if channel == "pages" else None)
    assert (victim / "keep.txt").read_text(encoding="utf-8") == "a reader's file"
    assert _searchable(site) == [("/", "首页"), ("/agencies/body-a/", "甲机构"),
                                 ("/regions/ningxia/", "宁夏回族自治区（改）")]


def test_a_state_of_other_shapes_is_a_miss(tmp_path):
    site, state = _site(tmp_path)
    path = state / SEARCH_STATE
    saved = json.loads(path.read_text(encoding="utf-8"))
    saved["provinces"] = {"ningxia": ["p1"]}
    saved["pages"] = {rel: [stamp, {"not": "a name"}] for rel, (stamp, _bundle) in saved["pages"].items()}
    saved["indexed"] = {bundle: {rel: 5 for rel in pages} for bundle, pages in saved["indexed"].items()}
    path.write_text(json.dumps(saved), encoding="utf-8")
    _page(site, "regions/ningxia/index.html", "宁夏回族自治区（改）")
    index_site(site, state)
    assert _searchable(site) == [("/", "首页"), ("/agencies/body-a/", "甲机构"),
                                 ("/regions/ningxia/", "宁夏回族自治区（改）")]


def test_unreadable_hidden_fragments_add_no_counts(tmp_path):
    fragments = tmp_path / "p1" / "fragment"
    fragments.mkdir(parents=True)
    good = b"pagefind_dcd" + json.dumps({"filters": {"年度": ["2020"]}}).encode()
    bodies = {"good": gzip.compress(good), "cut": gzip.compress(good)[:-12],
              "corrupt": gzip.compress(good)[:12] + b"\x00" * 40 + gzip.compress(good)[-8:],
              "list": gzip.compress(b"pagefind_dcd" + json.dumps({"filters": ["2020"]}).encode()),
              "number": gzip.compress(b"pagefind_dcd" + json.dumps({"filters": {"年度": 2020}}).encode()),
              "nested": gzip.compress(b"pagefind_dcd" + json.dumps({"filters": {"年度": [["2020"]]}}).encode())}
    for name, body in bodies.items():
        (fragments / f"{name}.pf_fragment").write_bytes(body)
    assert _hidden_filters(tmp_path, list(bodies), dict.fromkeys(bodies, "p1")) == {"年度": {"2020": 1}}
