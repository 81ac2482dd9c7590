"""A Parquet file assembled from row groups encoded apart, without decoding them again.

A chunk's Parquet files are made of row groups of a bounded number of reports (builder/export/datasets.py
cuts them by the reports' ids), each encoded on its own by pyarrow as a file of one row group and kept
between builds: a report changed or added encodes its own group again, and the file is the kept groups'
bytes one after another with a footer listing them all. Parquet is made for this (a file is its row groups'
column chunks and a footer of where they are), and the footer's offsets are all a group's position changes.

Why by hand: pyarrow writes row groups only from data (it has no call that copies an encoded row group
into a new file) and its FileMetaData cannot be edited; Rust's parquet crate can (append_column), not from
Python. So the footer (Thrift's compact protocol, parquet.thrift's FileMetaData) is read into plain values
with the ids of its fields, the offsets moved, and written back: every field is kept as it was, those
this module does not know included, so a footer read and written unchanged is the same bytes.
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
    out, last = Struct(), 0
    while True:
        header = buf[pos]
        pos += 1
        if header == STOP:
            return out, pos
        delta, field_kind = header >> 4, header & 0x0F
        if delta:
            field = last + delta
        else:
            n, pos = _varint(buf, pos)
            field = _unzigzag(n)
        value, pos = _read(buf, pos, field_kind)
        out[field] = (field_kind, value)
        last = field


class _Offset(int):
    """An offset in a row group's metadata, from where its column chunks start: written as a mark (see _Template)."""


class _Ordinal(int):
    """A row group's ordinal (its place in the file): written as a mark."""


class _Template(bytearray):
    """Encoded bytes with marks where a row group's offsets and ordinal go, filled in by placed()."""

    def __init__(self):
        super().__init__()
        self.marks: list[tuple[int, int]] = []  # (where, the offset from the group's start, or -1: the ordinal)


def _write(out: bytearray, kind: int, value, in_list: bool = False) -> None:
    if isinstance(value, _Offset | _Ordinal) and isinstance(out, _Template):
        out.marks.append((len(out), int(value) if isinstance(value, _Offset) else -1))
    elif kind in (TRUE, FALSE):
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


def _marked(group: Struct) -> Struct:
    """A row group's metadata with its offsets and ordinal as marks (_Offset, _Ordinal)."""
    columns = []
    for chunk in group[GROUP_COLUMNS][1][1]:
        chunk = Struct(chunk)
        if any(field in chunk for field in CHUNK_INDEX_OFFSETS):
            raise ValueError("a row group with a page index cannot be moved here")
        if CHUNK_FILE_OFFSET in chunk and chunk[CHUNK_FILE_OFFSET][1]:
            chunk[CHUNK_FILE_OFFSET] = (I64, _Offset(chunk[CHUNK_FILE_OFFSET][1] - len(MAGIC)))
        meta = Struct(chunk[CHUNK_META][1])
        for field in META_OFFSETS:
            if field in meta:
                meta[field] = (meta[field][0], _Offset(meta[field][1] - len(MAGIC)))
        chunk[CHUNK_META] = (STRUCT, meta)
        columns.append(chunk)
    out = Struct(group)
    out[GROUP_COLUMNS] = (LIST, (STRUCT, columns))
    if GROUP_FILE_OFFSET in out:
        out[GROUP_FILE_OFFSET] = (I64, _Offset(out[GROUP_FILE_OFFSET][1] - len(MAGIC)))
    if GROUP_ORDINAL in out:  # (optional; pyarrow writes none)
        out[GROUP_ORDINAL] = (I16, _Ordinal(0))
    return out


def row_group(data: bytes) -> dict:
    """A Parquet file of one row group (as pyarrow writes one, without a page index) as joined() takes it
    (picklable, kept between builds): its column chunks' bytes, its row group's metadata encoded with marks
    where its offsets and ordinal go, its rows, and the file's metadata but its rows and row groups, encoded
    (head: the fields before them; tail: those after, and the end)."""
    metadata, end = footer(data)
    [group] = metadata[FILE_ROW_GROUPS][1][1]
    template = _Template()
    _write(template, STRUCT, _marked(group))
    head, tail = bytearray(), bytearray()
    _write_fields(head, [(k, v) for k, v in metadata.items() if k < FILE_NUM_ROWS], 0)
    _write_fields(tail, [(k, v) for k, v in metadata.items() if k > FILE_ROW_GROUPS], FILE_ROW_GROUPS)
    tail.append(STOP)
    return {"body": data[len(MAGIC):end], "group": bytes(template), "marks": template.marks,
            "rows": metadata[FILE_NUM_ROWS][1], "head": bytes(head), "tail": bytes(tail)}


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
