"""builder.export.datasets._unpacked: a kept segment's table (its length, then one zstd frame) that says it is
larger than its frame can hold, or than its frame's header says, is refused before anything of that size is
allocated (it allocated up to the 1 GB bound first, then found the frame too short); an honest one reads back."""

from __future__ import annotations

import struct

import pyarrow as pa
import pytest

from builder.export.datasets import _PACKED_LENGTH, _frame_content_size, _packed, _unpacked

GIB = 1 << 30


def _frame(content: bytes) -> bytes:
    return pa.Codec("zstd", compression_level=1).compress(content, asbytes=True)


def _lying_frame(size: int) -> bytes:
    """A zstd frame header declaring size (8-byte field), then one empty raw block, the last."""
    return b"\x28\xb5\x2f\xfd" + bytes([0b11100000]) + struct.pack("<Q", size) + b"\x01\x00\x00"


@pytest.mark.parametrize("n", [0, 1, 200, 255, 256, 257, 65_791, 65_792, 1 << 20])
def test_the_frame_header_gives_the_size_compressed(n):
    assert _frame_content_size(_frame(b"y" * n)) == n


def test_an_honest_table_reads_back():
    table = pa.table({"report_id": [f"r{i}" for i in range(500)], "value": list(range(500))})
    assert _unpacked(_packed(table)).equals(table)


@pytest.mark.parametrize("claim", ["length", "frame", "both"])
def test_a_table_claiming_a_gigabyte_is_refused_without_allocating_it(claim):
    honest = _frame(b"x" * 100)
    length = GIB if claim in ("length", "both") else 100
    frame = _lying_frame(GIB) if claim in ("frame", "both") else honest
    pool = pa.default_memory_pool()
    before = pool.max_memory()
    with pytest.raises(ValueError):
        _unpacked(_PACKED_LENGTH.pack(length) + frame)
    assert pool.max_memory() - before < 64 << 20  # (a gigabyte was allocated before it was refused)


def test_a_frame_declaring_no_size_or_not_zstd_is_refused():
    no_size = b"\x28\xb5\x2f\xfd" + bytes([0b00000000, 0x58]) + b"\x01\x00\x00"  # (window descriptor, no size)
    for frame in (no_size, b"not a zstd frame at all"):
        with pytest.raises(ValueError):
            _unpacked(_PACKED_LENGTH.pack(10) + frame)
