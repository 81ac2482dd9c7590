"""Pagefind's per-page records (fragment files) of a built site, for tests that look inside the index."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"  # every decompressed fragment starts with it


def pagefind_fragments(site: Path) -> list[dict]:
    """Each indexed page's record: url, content (its indexed text), meta (title …), filters."""
    out = []
    # every bundle of the index (builder/search.py cuts it by province)
    for path in sorted((site / "pagefind").glob("*/fragment/*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        out.append(json.loads(data[len(SIGNATURE):]))
    return out
