"""Stop 20 review: builder/site.py _well_formed checks a kept segment's pieces by shape, but not which
tables it holds: a file of this build's kind and format whose "tables" lacks one of the chunk's Parquet
tables (a foreign or altered file, a file of code that made other tables) passed, and assemble then
stopped the build with a KeyError. It is a miss: the pieces are made again, the downloads as a clean
build's."""

from __future__ import annotations

from pathlib import Path

from builder import cache_format
from builder.site import PIECES, PIECES_FORMAT, _kept_pieces
from tests.site.test_kept_pieces_hostile import _downloads_after, downloads_kept_then_forgotten

REPO = Path(__file__).resolve().parents[2]


def test_pieces_without_one_of_the_tables_are_made_again(tmp_path):
    collection, root, clean = downloads_kept_then_forgotten(tmp_path)
    altered = 0
    for path in sorted((root / "build" / PIECES).glob("*.msgpack")):
        pieces = _kept_pieces(path)
        if "tables" in pieces:
            pieces["tables"].pop(sorted(pieces["tables"])[0])
            path.write_bytes(cache_format.dumps(pieces, 2, PIECES_FORMAT))
            assert _kept_pieces(path) is None
            altered += 1
    assert altered
    assert _downloads_after(collection, root) == clean
