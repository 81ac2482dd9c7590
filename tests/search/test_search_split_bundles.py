"""Bounded search work: a province bundle past bundle_max pages is split in two by its pages' path hashes
(builder/search.py _split_big), and a build's compaction indexes at most compact_budget pages of the big
bundles (at least one bundle), RECENT keeping the rest for the next builds. Real Pagefind, small numbers."""

from __future__ import annotations

import json

from builder.search import BUNDLES_FILE, OUTPUT_SUBDIR, RECENT, SEARCH_STATE, _bucket, index_site
from tests.search.fragments import searchable_fragments
from tests.search.test_bundles import _page

CITIES = ("yinchuan", "shizuishan", "wuzhong", "guyuan", "zhongwei")
ZH = {"yinchuan": "银川市", "shizuishan": "石嘴山市", "wuzhong": "吴忠市", "guyuan": "固原市", "zhongwei": "中卫市"}


def _ningxia(site, suffix: str = "") -> dict[str, str]:
    """宁夏's page and its five cities' (six pages of one province bundle) and the home page: {url: title}."""
    pages = {"index.html": "首页", "regions/ningxia/index.html": "宁夏回族自治区" + suffix}
    pages |= {f"regions/ningxia/{city}/index.html": ZH[city] + suffix for city in CITIES}
    for rel, title in pages.items():
        _page(site, rel, title)
    return {"/" + rel.removesuffix("index.html"): title for rel, title in pages.items()}


def _searchable(site) -> dict[str, str]:
    return {f["url"]: f["meta"]["title"] for f in searchable_fragments(site)}


def _bundles(site) -> dict:
    return json.loads((site / OUTPUT_SUBDIR / BUNDLES_FILE).read_text(encoding="utf-8"))


def _page_counts(site, names) -> dict[str, int]:
    out = {}
    for name in names:
        entry = json.loads((site / OUTPUT_SUBDIR / name / "pagefind-entry.json").read_text(encoding="utf-8"))
        out[name] = sum(language["page_count"] for language in entry["languages"].values())
    return out


def test_a_bundle_past_its_bound_is_split_and_every_page_still_found(tmp_path):
    site, state = tmp_path / "site", tmp_path / "build"
    expected = _ningxia(site)
    done = index_site(site, state, bundle_max=2)
    group = _bucket("ningxia")
    merged = _bundles(site)["merge"]
    assert group not in merged and all(name.startswith(group + ".") for name in merged)
    counts = _page_counts(site, merged)
    assert sum(counts.values()) == 6 and max(counts.values()) <= 2, counts
    assert done["pages"] == 7 and _searchable(site) == expected
    assert sorted(json.loads((state / SEARCH_STATE).read_text(encoding="utf-8"))["split"])[0] == group
    # The split is kept: nothing changed, nothing indexed; a clean index (no state) finds the same pages.
    assert index_site(site, state, bundle_max=2)["bundles"] == []
    clean = tmp_path / "clean"
    _ningxia(clean)
    index_site(clean, bundle_max=2)
    assert _searchable(clean) == expected


def test_a_compaction_indexes_at_most_its_budget_a_build(tmp_path):
    site, state = tmp_path / "site", tmp_path / "build"
    _ningxia(site)
    index_site(site, state, bundle_max=2)
    leaves = _bundles(site)["merge"]
    # Every province page changed: six pending pages in RECENT, past recent_max=2. With a budget of one
    # page, each build indexes one bundle whole (at least one, none beyond the budget), not all: RECENT
    # comes down build by build until it is within its bound.
    expected = _ningxia(site, "（新）")
    left = []
    for _ in range(len(leaves)):
        done = index_site(site, state, recent_max=2, bundle_max=2, compact_budget=1)
        assert len([b for b in done["bundles"] if b != RECENT]) == 1, done
        assert _searchable(site) == expected  # each build finds every page as it now is
        left.append(done["recent"])
        if done["recent"] <= 2:
            break
    assert left == [4, 2], left
    assert index_site(site, state, recent_max=2, bundle_max=2, compact_budget=1)["bundles"] == []
    # With the budget of a whole bundle (the default: bundle_max pages), the same edit is compacted in one build.
    again = tmp_path / "again"
    _ningxia(again)
    index_site(again, tmp_path / "again-state", bundle_max=2)
    _ningxia(again, "（新）")
    done = index_site(again, tmp_path / "again-state", recent_max=2, bundle_max=2, compact_budget=2)
    assert len([b for b in done["bundles"] if b != RECENT]) == 1 and done["recent"] == 4
    done = index_site(again, tmp_path / "again-state", recent_max=2, bundle_max=2, compact_budget=6)
    assert len([b for b in done["bundles"] if b != RECENT]) >= 2 and done["recent"] <= 1
    assert _searchable(again) == expected
