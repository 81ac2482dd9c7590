"""Stop 21 review: a segment's Arrow tables are kept in a file of their own (build/download-pieces/
<key>-tables.msgpack, PIECES_FORMAT 3). _well_formed checks the file's shape (a bytes value per table), not
that the bytes are an Arrow table of that file's columns: a file of this build's kind and format, its
checksum valid, whose tables are garbage (altered, planted, written by other code) stopped the build with
pyarrow's (or struct's) exception when a row group of its segment was encoded again. It is a miss: its
pieces are made again, the downloads byte for byte as a clean build's."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from builder import cache_format
from builder.export.datasets import _PACKED_LENGTH, _packed
from builder.site import DOWNLOAD_KEYS, PIECES, PIECES_FORMAT, TABLES_SUFFIX, _kept_pieces
from tests.site.test_download_provenance import _downloads_after, downloads_kept_then_forgotten

REPO = Path(__file__).resolve().parents[2]


def _garbage(which: int) -> bytes:
    return [b"garbage",  # shorter than its length's 8 bytes
            _PACKED_LENGTH.pack(64) + b"not a zstd frame at all",
            _PACKED_LENGTH.pack(20) + pa.Codec("zstd").compress(b"not an Arrow stream!", asbytes=True),
            _packed(pa.table({"x": [1, 2, 3]}))][which]  # an Arrow table, of other columns


@pytest.mark.parametrize("which", range(4))
def test_kept_tables_of_garbage_bytes_are_made_again(tmp_path, which):
    collection, root, clean = downloads_kept_then_forgotten(tmp_path)
    (root / "build" / DOWNLOAD_KEYS).unlink()
    altered = 0
    for path in sorted((root / "build" / PIECES).glob("*.msgpack")):
        pieces = _kept_pieces(path)
        # a row group, or a run's (its long tables' groups and text rows): gone, so that its segments' tables are
        # read to encode it again
        if "body" in pieces or "text" in pieces:
            path.unlink()
        elif path.stem.endswith(TABLES_SUFFIX):
            path.write_bytes(cache_format.dumps({"tables": {name: _garbage(which) for name in pieces["tables"]}},
                                                2, PIECES_FORMAT))
            assert _kept_pieces(path) is not None  # (its shape is right: only its bytes are not)
            altered += 1
    assert altered
    assert _downloads_after(collection, root) == clean
