"""The downloads' kept pieces and row groups (builder/site.py _kept_pieces) are data, never code: a pickle
put in their place (a checkout's force-added site-build/) is not run, and every file that is not one the
build wrote whole — a pickle, MessagePack of another shape, this build's own file altered — is made again,
the downloads ending byte for byte as a clean build's."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from builder import cache_format
from builder.batch import collect_reports
from builder.pages.docs_tree import DocsTree
from builder.site import PIECES, PIECES_FORMAT, _kept_pieces
from tests.site.test_download_provenance import _downloads_after, downloads_kept_then_forgotten

REPO = Path(__file__).resolve().parents[2]


class _Runs:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))  # (creates the marker when unpickled)


def _hostile(good: bytes, marker: Path) -> list[bytes]:
    flipped = bytearray(good)
    flipped[-1] ^= 0x01
    return [pickle.dumps({"tables": _Runs(marker)}), bytes(flipped), good[: len(good) // 2],
            cache_format.dumps({"tables": {"reports": "not bytes"}}, 2, PIECES_FORMAT),
            cache_format.dumps({"body": b"", "group": b"", "marks": [[99, 0]], "rows": 1, "head": b"", "tail": b""},
                               2, PIECES_FORMAT),
            cache_format.dumps([1, 2], 2, PIECES_FORMAT)]


@pytest.mark.parametrize("which", range(6))
def test_hostile_kept_pieces_are_made_again_and_run_nothing(tmp_path, which):
    collection, root, clean = downloads_kept_then_forgotten(tmp_path)
    marker = tmp_path / "ran"
    kept = sorted((root / "build" / PIECES).glob("*.msgpack"))
    assert kept and all(_kept_pieces(path) is not None for path in kept)
    for path in kept:
        hostile = _hostile(path.read_bytes(), marker)[which]
        path.write_bytes(hostile)
        path.with_suffix(".pickle").write_bytes(hostile)  # (the old format's name: never read, removed)
        assert _kept_pieces(path) is None
    assert _downloads_after(collection, root) == clean
    assert not marker.exists()
    assert not list((root / "build" / PIECES).glob("*.pickle"))
    assert all(_kept_pieces(path) is not None for path in (root / "build" / PIECES).glob("*.msgpack"))
