"""The encoding of the build's own caches (the record snapshot in builder/batch.py, the download pieces in
builder/site.py): MessagePack, which holds only data, so a cache file put in a checkout (a pull request's
force-added .cache/ or site-build/) cannot run code as an unpickled one would. Strict both ways: writing an
object MessagePack has no type for raises (nothing silently lossy is kept), and reading refuses extension
types, non-string map keys, a file of another kind or format, a truncated, altered or planted one (an
HMAC-SHA256 of its kind, format and payload under builder.state_key's key, which is kept outside the build's
folders: a well-formed file made without the key is refused too), or one past a size bound: each a
CacheUnreadable, which every caller treats as a cache miss."""

from __future__ import annotations

import gc
import hashlib
import hmac
import os
import struct
from contextlib import contextmanager
from pathlib import Path

import msgpack

from builder import state_key

# then one byte: the kind, one: the kind's format, then the tag (HMAC-SHA256 of kind, format and payload),
# then the payload. (ODCACHE files had a CRC-32 where the tag is: each is refused, a miss, once.)
MAGIC = b"ODSTATE"
# The kinds (each file's own module keeps its number and format): 1 record snapshot (builder.batch), 2 download
# pieces (builder.site), 3 kept page parts (builder.pages.kept_parts: quality entries, year parts), 4 chart
# shapes (builder.pages.charts), 5 explorer rows (builder.pages.explorer), 6 cross-year checks (builder.batch),
# 7 search state and 8 pinyin table (builder.search) if they move here, 9 the stat index (builder.batch).
_HEADER = struct.Struct(f">7sBB{state_key.TAG_BYTES}s")  # magic, kind, format, tag
# A shard of the record snapshot is ~0.4 MB a thousand reports; a segment's pieces ~0.2 MB: far above both,
# a bound on what a planted file can make a build read.
MAX_BYTES = 1 << 30


class CacheUnreadable(ValueError):
    """A cache file that is not one this build wrote whole: a miss, never an error of the build."""


def _refused(code: int, data: bytes):
    raise CacheUnreadable(f"extension type {code} in a cache file")


def dumps(obj, kind: int, version: int) -> bytes:
    """obj (dicts with str keys, lists, str, bytes, int, float, bool, None; tuples are written as lists)
    as a cache file's bytes. TypeError for anything else."""
    with paused_collection():  # (the packer's temporaries: see paused_collection)
        payload = msgpack.packb(obj, use_bin_type=True, datetime=False)
    return _HEADER.pack(MAGIC, kind, version, _tag(kind, version, payload)) + payload


def write_whole(path, data: bytes) -> None:
    """data into the file at path, whole or not at all: written beside it (a name of this process) and
    renamed over it, so a reader never sees half a file. OSError when it cannot be, the partial file removed."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise


def _tag(kind: int, version: int, payload) -> bytes:
    mac = hmac.new(state_key.key(), bytes((kind, version)), hashlib.sha256)
    mac.update(payload)
    return mac.digest()


def read(path, kind: int, version: int):
    """loads() of the file at path, refused before it is read when it is past MAX_BYTES (a planted or runaway
    file costs no memory). OSError when it cannot be read."""
    with open(path, "rb") as fh:
        if os.fstat(fh.fileno()).st_size > MAX_BYTES:
            raise CacheUnreadable("a cache file past the size bound")
        data = fh.read(MAX_BYTES + 1)
    return loads(data, kind, version)


def loads(data: bytes, kind: int, version: int):
    """What dumps(…, kind, version) was given (lists for its tuples), or CacheUnreadable."""
    if len(data) < _HEADER.size or len(data) > MAX_BYTES:
        raise CacheUnreadable("not a cache file of this build")
    magic, got_kind, got_version, tag = _HEADER.unpack_from(data)
    if magic != MAGIC or got_kind != kind or got_version != version:
        raise CacheUnreadable("not a cache file of this kind and format")
    payload = memoryview(data)[_HEADER.size:]
    if not hmac.compare_digest(_tag(kind, version, payload), tag):
        raise CacheUnreadable("a cache file altered, cut short or not made with this state key")
    with paused_collection():
        return _decoded(payload)


@contextmanager
def paused_collection():
    """The cyclic collector paused while a cache's containers are made (msgpack's documented advice: at
    10,000 records it ran again and again, 0.45 s of a 0.7 s decode); nothing made then is garbage, and
    what else was collectable is collected when it runs again."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _decoded(payload: memoryview):
    try:
        # (strict_map_key: str or bytes keys only; the default limits bound every container by the payload)
        obj = msgpack.unpackb(payload, raw=False, strict_map_key=True, ext_hook=_refused, timestamp=0)
    except CacheUnreadable:
        raise
    except Exception as exc:  # msgpack's errors (ExtraData, FormatError, ValueError, …): not ours
        raise CacheUnreadable(f"a cache file that does not decode: {type(exc).__name__}") from None
    return obj
