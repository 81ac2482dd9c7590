"""Pagefind's per-page records (fragment files) of a built site, for tests that look inside the index."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"  # every decompressed fragment starts with it


def pagefind_fragments(site: Path) -> list[dict]:
    """Each page's record a query can find (searchable_fragments): url, content (its indexed text), meta
    (title …), filters."""
    return searchable_fragments(site)


def all_fragments(site: Path) -> list[dict]:
    """Every record in every bundle, hidden ones too (old versions of pages in the recent bundle)."""
    out = []
    # every bundle of the index (builder/search.py cuts it by province)
    for path in sorted((site / "pagefind").glob("*/fragment/*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        out.append(json.loads(data[len(SIGNATURE):]))
    return out


def searchable_fragments(site: Path) -> list[dict]:
    """The records a query can find: every bundle's, but those bundles.json hides (old versions of the
    pages in the recent bundle, removed pages), each page id once."""
    told = json.loads((site / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    hidden = set(told.get("shadow", []))
    names = [told["primary"], *told["merge"], *([told["recent"]] if told.get("recent") else [])]
    out, seen = [], set()
    for name in names:
        for path in sorted((site / "pagefind" / name / "fragment").glob("*.pf_fragment")):
            page_id = path.name[: -len(".pf_fragment")]
            if page_id in hidden or page_id in seen:
                continue
            seen.add(page_id)
            data = gzip.decompress(path.read_bytes())
            out.append(json.loads(data[len(SIGNATURE):]))
    return out
