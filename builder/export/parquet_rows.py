"""A Parquet file assembled from row groups encoded apart, without decoding them again.

A chunk's Parquet files are made of row groups of a bounded number of reports (builder/export/datasets.py
cuts them by the reports' ids), each encoded on its own by pyarrow as a file of one row group and kept
between builds: a report changed or added encodes its own group again, and the file is the kept groups'
bytes one after another with a footer listing them all. Parquet is made for this (a file is its row groups'
column chunks and a footer of where they are), and the footer's offsets are all a group's position changes.

Why by hand: pyarrow writes row groups only from data (it has no call that copies an encoded row group
into a new file) and its FileMetaData cannot be edited; Rust's parquet crate can (append_column), not from
Python. So the footer (Thrift's compact protocol, parquet.thrift's FileMetaData) is walked, its bytes kept as
they are but where the offsets are (marks), and the offsets moved: every field is kept as it was, those
this module does not know included. footer() and encoded() read it into plain values with the ids of its
fields and write it back (a footer read and written unchanged is the same bytes): for tests and tools.
"""

from __future__ import annotations

import struct

MAGIC = b"PAR1"

# Compact protocol types (Thrift's TCompactProtocol)
STOP, TRUE, FALSE, BYTE, I16, I32, I64, DOUBLE, BINARY, LIST, SET, MAP, STRUCT = range(13)

# parquet.thrift field ids
FILE_NUM_ROWS, FILE_ROW_GROUPS = 3, 4
GROUP_COLUMNS, GROUP_NUM_ROWS, GROUP_FILE_OFFSET, GROUP_ORDINAL = 1, 3, 5, 7
CHUNK_FILE_OFFSET, CHUNK_META, CHUNK_INDEX_OFFSETS = 2, 3, (4, 6)  # (offset index, column index)
META_OFFSETS = (9, 10, 11, 14)  # data page, index page, dictionary page, bloom filter


class Struct(dict):
    """A Thrift struct: field id → (type, value), in the order read."""


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    out = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        out |= (byte & 0x7F) << shift
        if byte < 0x80:
            return out, pos
        shift += 7


def _unzigzag(n: int) -> int:
    return (n >> 1) ^ -(n & 1)


def _zigzag(n: int) -> int:
    return (n << 1) ^ (n >> 63)


def _put_varint(out: bytearray, n: int) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _read(buf: bytes, pos: int, kind: int, in_list: bool = False):
    """The value of type kind at pos, and the position after it."""
    if kind in (TRUE, FALSE):
        if in_list:  # (a bool in a list is a byte of its own; in a struct, the field's type says it)
            return buf[pos] == TRUE, pos + 1
        return kind == TRUE, pos
    if kind == BYTE:
        return struct.unpack_from("<b", buf, pos)[0], pos + 1
    if kind in (I16, I32, I64):
        n, pos = _varint(buf, pos)
        return _unzigzag(n), pos
    if kind == DOUBLE:
        return struct.unpack_from("<d", buf, pos)[0], pos + 8
    if kind == BINARY:
        size, pos = _varint(buf, pos)
        return bytes(buf[pos:pos + size]), pos + size
    readers = {LIST: _read_list, SET: _read_list, MAP: _read_map, STRUCT: _read_struct}
    if kind not in readers:
        raise ValueError(f"Thrift compact type {kind} unknown")
    return readers[kind](buf, pos)


def _read_list(buf: bytes, pos: int):
    header = buf[pos]
    pos += 1
    size, element = header >> 4, header & 0x0F
    if size == 15:
        size, pos = _varint(buf, pos)
    items = []
    for _ in range(size):
        item, pos = _read(buf, pos, element, in_list=True)
        items.append(item)
    return (element, items), pos


def _read_map(buf: bytes, pos: int):
    size, pos = _varint(buf, pos)
    if not size:
        return (0, 0, []), pos
    types = buf[pos]
    pos += 1
    pairs = []
    for _ in range(size):
        key, pos = _read(buf, pos, types >> 4, in_list=True)
        value, pos = _read(buf, pos, types & 0x0F, in_list=True)
        pairs.append((key, value))
    return (types >> 4, types & 0x0F, pairs), pos


def _read_struct(buf: bytes, pos: int):
    out, walk = Struct(), _fields(buf, pos)
    field, kind, _at, pos = next(walk)
    while kind != STOP:
        value, pos = _read(buf, pos, kind)
        out[field] = (kind, value)
        field, kind, _at, pos = walk.send(pos)
    return out, pos


def _write(out: bytearray, kind: int, value, in_list: bool = False) -> None:
    if kind in (TRUE, FALSE):
        if in_list:
            out.append(TRUE if value else FALSE)
    elif kind == BYTE:
        out += struct.pack("<b", value)
    elif kind in (I16, I32, I64):
        _put_varint(out, _zigzag(value))
    elif kind == DOUBLE:
        out += struct.pack("<d", value)
    elif kind == BINARY:
        _put_varint(out, len(value))
        out += value
    elif kind in _WRITERS:
        _WRITERS[kind](out, value)
    else:
        raise ValueError(f"Thrift compact type {kind} unknown")


def _write_list(out: bytearray, value) -> None:
    element, items = value
    if len(items) < 15:
        out.append((len(items) << 4) | element)
    else:
        out.append(0xF0 | element)
        _put_varint(out, len(items))
    for item in items:
        _write(out, element, item, in_list=True)


def _write_map(out: bytearray, value) -> None:
    key_kind, value_kind, pairs = value
    _put_varint(out, len(pairs))
    if pairs:
        out.append((key_kind << 4) | value_kind)
        for key, item in pairs:
            _write(out, key_kind, key, in_list=True)
            _write(out, value_kind, item, in_list=True)


def _write_struct(out: bytearray, value: Struct) -> None:
    _write_fields(out, value.items(), 0)
    out.append(STOP)


def _write_fields(out: bytearray, fields, last: int) -> None:
    """A struct's fields (no STOP), after the field numbered last."""
    for field, (field_kind, item) in fields:
        if field_kind in (TRUE, FALSE):
            field_kind = TRUE if item else FALSE
        if 0 < field - last <= 15:
            out.append(((field - last) << 4) | field_kind)
        else:
            out.append(field_kind)
            _put_varint(out, _zigzag(field))
        _write(out, field_kind, item)
        last = field


_WRITERS = {LIST: _write_list, SET: _write_list, MAP: _write_map, STRUCT: _write_struct}


def footer(data: bytes) -> tuple[Struct, int]:
    """A Parquet file's FileMetaData, and where it starts."""
    if data[:4] != MAGIC or data[-4:] != MAGIC:
        raise ValueError("not a Parquet file")
    size = struct.unpack_from("<I", data, len(data) - 8)[0]
    start = len(data) - 8 - size
    metadata, end = _read(data, start, STRUCT)
    if end != start + size:
        raise ValueError("Parquet footer: its length is not what it says")
    return metadata, start


def encoded(metadata: Struct) -> bytes:
    out = bytearray()
    _write(out, STRUCT, metadata)
    return bytes(out)


def _skip_varint(buf: bytes, pos: int) -> int:
    while buf[pos] & 0x80:
        pos += 1
    return pos + 1


_FIXED = {TRUE: 0, FALSE: 0, BYTE: 1, DOUBLE: 8}  # bytes of a value of these types in a struct


def _skip(buf: bytes, pos: int, kind: int) -> int:
    """The position after the value of type kind at pos (a struct's field: a bool has no bytes)."""
    if kind in (I16, I32, I64):
        return _skip_varint(buf, pos)
    if kind == BINARY:
        size, pos = _varint(buf, pos)
        return pos + size
    if kind == STRUCT:
        while True:
            header = buf[pos]
            pos += 1
            if header == STOP:
                return pos
            if not header >> 4:
                pos = _skip_varint(buf, pos)
            pos = _skip(buf, pos, header & 0x0F)
    if kind in _FIXED:
        return pos + _FIXED[kind]
    return _skip_container(buf, pos, kind)


def _skip_container(buf: bytes, pos: int, kind: int) -> int:
    """_skip of a list, set or map (whose bools are a byte each)."""
    if kind in (LIST, SET):
        header = buf[pos]
        pos += 1
        size, element = header >> 4, header & 0x0F
        if size == 15:
            size, pos = _varint(buf, pos)
        if element in (TRUE, FALSE):
            return pos + size
        for _ in range(size):
            pos = _skip(buf, pos, element)
        return pos
    if kind == MAP:
        size, pos = _varint(buf, pos)
        if not size:
            return pos
        types = buf[pos]
        pos += 1
        for _ in range(size):
            for part in (types >> 4, types & 0x0F):
                pos = pos + 1 if part in (TRUE, FALSE) else _skip(buf, pos, part)
        return pos
    raise ValueError(f"Thrift compact type {kind} unknown")


def _fields(buf: bytes, pos: int):
    """A struct's fields at pos: (field id, type, where its header starts, where its value starts), then
    (None, STOP, where the STOP is, after it). The caller skips or reads each value and sends the position
    after it."""
    last = 0
    while True:
        header_at = pos
        header = buf[pos]
        pos += 1
        if header == STOP:
            yield None, STOP, header_at, pos
            return
        delta, kind = header >> 4, header & 0x0F
        if delta:
            field = last + delta
        else:
            n, pos = _varint(buf, pos)
            field = _unzigzag(n)
        pos = yield field, kind, header_at, pos
        last = field


class _Marker:
    """A row group's metadata copied as it is encoded, but where its offsets and ordinal go (marks, filled in
    by _placed): the bytes between them, the marks' places in them (where, the offset from the group's start,
    or -1: the ordinal)."""

    def __init__(self, buf: bytes):
        self.buf, self.parts, self.size, self.copied, self.marks = buf, [], 0, 0, []

    def mark(self, at: int, end: int, offset: int) -> None:
        """The varint at buf[at:end] replaced by a mark of offset."""
        self.parts.append(self.buf[self.copied:at])
        self.size += at - self.copied
        self.marks.append([self.size, offset])
        self.copied = end

    def template(self, end: int) -> bytes:
        self.parts.append(self.buf[self.copied:end])
        return b"".join(self.parts)


def _mark_offset(marker: _Marker, buf: bytes, pos: int, kind: int, ordinal: bool = False,
                 nonzero: bool = False) -> int:
    if kind not in (I16, I32, I64):
        return _skip(buf, pos, kind)
    n, end = _varint(buf, pos)
    value = _unzigzag(n)
    if not (nonzero and not value):
        marker.mark(pos, end, -1 if ordinal else value - len(MAGIC))
    return end


def _marked_chunk(marker: _Marker, buf: bytes, pos: int) -> int:
    """A column chunk's offsets marked (its file offset when not 0, its metadata's page and filter offsets)."""
    fields = _fields(buf, pos)
    field, kind, _at, pos = next(fields)
    while field is not None:
        if field in CHUNK_INDEX_OFFSETS:
            raise ValueError("a row group with a page index cannot be moved here")
        if field == CHUNK_FILE_OFFSET:
            pos = _mark_offset(marker, buf, pos, kind, nonzero=True)
        elif field == CHUNK_META and kind == STRUCT:
            meta = _fields(buf, pos)
            meta_field, meta_kind, _at, pos = next(meta)
            while meta_field is not None:
                after = (_mark_offset(marker, buf, pos, meta_kind) if meta_field in META_OFFSETS
                         else _skip(buf, pos, meta_kind))
                meta_field, meta_kind, _at, pos = meta.send(after)
        else:
            pos = _skip(buf, pos, kind)
        field, kind, _at, pos = fields.send(pos)
    return pos


def _marked_group(marker: _Marker, buf: bytes, pos: int) -> int:
    """A row group's offsets and ordinal marked; the position after it."""
    fields = _fields(buf, pos)
    field, kind, _at, pos = next(fields)
    while field is not None:
        if field == GROUP_COLUMNS and kind == LIST:
            header = buf[pos]
            pos += 1
            size, element = header >> 4, header & 0x0F
            if size == 15:
                size, pos = _varint(buf, pos)
            for _ in range(size):
                pos = _marked_chunk(marker, buf, pos) if element == STRUCT else _skip(buf, pos, element)
        elif field == GROUP_FILE_OFFSET:
            pos = _mark_offset(marker, buf, pos, kind)
        elif field == GROUP_ORDINAL:  # (optional; pyarrow writes none)
            pos = _mark_offset(marker, buf, pos, kind, ordinal=True)
        else:
            pos = _skip(buf, pos, kind)
        field, kind, _at, pos = fields.send(pos)
    return pos


def row_group(data: bytes) -> dict:
    """A Parquet file of one row group (as pyarrow writes one, without a page index) as joined() takes it
    (picklable, kept between builds): its column chunks' bytes, its row group's metadata with marks where
    its offsets and ordinal go, its rows, and the file's metadata but its rows and row groups (head: the
    fields before them; tail: those after, and the end). The footer's bytes are copied as they are but
    at the marks: walked, not decoded and encoded again (that was 0.03 s for the wide table's 249 columns,
    the largest part of a one-report rebuild's downloads); the fields must come in order, as pyarrow
    (Thrift) writes them."""
    if data[:4] != MAGIC or data[-4:] != MAGIC:
        raise ValueError("not a Parquet file")
    size = struct.unpack_from("<I", data, len(data) - 8)[0]
    start = len(data) - 8 - size
    found, end = _walked_footer(data, start)
    if end != start + size:
        raise ValueError("Parquet footer: its length is not what it says")
    if "rows" not in found or "group" not in found:
        raise ValueError("Parquet footer without its rows or row group")
    # (tail: the fields after the row groups, their first's header relative to them, as joined() writes it)
    return {"body": data[len(MAGIC):start], "group": found["group"], "marks": found["marks"], "rows": found["rows"],
            "head": data[start:found["head"]], "tail": data[found.get("tail", found["stop"]):end]}


def _walked_footer(data: bytes, start: int) -> tuple[dict, int]:
    """What row_group takes from the FileMetaData at start (where its head ends, its rows, its row group's
    template and marks, where its tail starts, where its STOP is), and the position after it."""
    found, last = {}, 0
    fields = _fields(data, start)
    field, kind, at, pos = next(fields)
    while field is not None:
        if field <= last:
            raise ValueError("Parquet footer: its fields out of order")
        if field > FILE_ROW_GROUPS:
            found.setdefault("tail", at)
        if field >= FILE_NUM_ROWS:
            found.setdefault("head", at)
        if field == FILE_NUM_ROWS:
            n, pos = _varint(data, pos)
            found["rows"] = _unzigzag(n)
        elif field == FILE_ROW_GROUPS:
            if data[pos] != (1 << 4) | STRUCT:
                raise ValueError("Parquet file: not one row group")
            marker = _Marker(data)
            marker.copied = pos + 1
            pos = _marked_group(marker, data, pos + 1)
            found["group"], found["marks"] = marker.template(pos), marker.marks
        else:
            pos = _skip(data, pos, kind)
        last = field
        field, kind, at, pos = fields.send(pos)
    found["stop"] = at
    return found, pos


def _placed(group: dict, start: int, ordinal: int) -> bytes:
    """A row group's metadata, its column chunks starting at byte start of the file, its ordinal filled in."""
    out, done = bytearray(), 0
    template = group["group"]
    for where, offset in group["marks"]:
        out += template[done:where]
        _put_varint(out, _zigzag(ordinal if offset < 0 else offset + start))
        done = where
    out += template[done:]
    return bytes(out)


def joined(groups: list[dict]) -> bytes:
    """One Parquet file of row groups (row_group()'s, of the same schema), in order: their column chunks'
    bytes as they are, and one footer (the first group's file's, listing them all). Python work by group,
    not by column: each group's metadata was encoded once, with marks where its offsets go."""
    parts, listed, position = [MAGIC], [], len(MAGIC)
    for ordinal, group in enumerate(groups):
        listed.append(_placed(group, position, ordinal))
        parts.append(group["body"])
        position += len(group["body"])
    tail = bytearray(groups[0]["head"])
    # (fields 3 and 4 of FileMetaData, after field 2: the schema, the head's last)
    _write_fields(tail, [(FILE_NUM_ROWS, (I64, sum(g["rows"] for g in groups)))], FILE_NUM_ROWS - 1)
    tail.append((1 << 4) | LIST)
    if len(listed) < 15:
        tail.append((len(listed) << 4) | STRUCT)
    else:
        tail.append(0xF0 | STRUCT)
        _put_varint(tail, len(listed))
    tail += b"".join(listed)
    tail += groups[0]["tail"]
    return b"".join([*parts, bytes(tail), struct.pack("<I", len(tail)), MAGIC])
