"""The quality entries kept between builds (builder.pages.kept_parts.KeptParts) are a builder.cache_format
file: data only, refused when altered or cut short (then made again, never an error), written whole."""

from __future__ import annotations

from builder.pages.kept_parts import KeptParts


def test_kept_parts_file_altered_or_cut_short_is_made_again(tmp_path):
    path = tmp_path / "quality-entries.msgpack"
    parts = KeptParts(path, "code-1", {"a", "b"})
    assert parts.get("a:root", lambda: "甲<b>") == "甲<b>"
    assert parts.get("b:江苏省", lambda: "乙") == "乙"
    parts.save()
    assert not [p.name for p in tmp_path.iterdir() if p.name != path.name]  # no partial file left behind
    again = KeptParts(path, "code-1", {"a", "b"})
    assert again.get("a:root", lambda: "again") == "甲<b>" and again.get("b:江苏省", lambda: "again") == "乙"
    assert again.made == 0
    again.save()  # nothing made: not written again
    whole = path.read_bytes()
    path.write_bytes(whole[:-3])  # cut short
    assert KeptParts(path, "code-1", {"a"}).get("a:root", lambda: "again") == "again"
    path.write_bytes(whole[:-1] + bytes([whole[-1] ^ 1]))  # one bit changed: the CRC refuses it
    assert KeptParts(path, "code-1", {"a"}).get("a:root", lambda: "again") == "again"


def test_kept_parts_save_keeps_only_live_views(tmp_path):
    path = tmp_path / "quality-entries.msgpack"
    first = KeptParts(path, "code-1", {"a", "b"})
    first.get("a:root", lambda: "A")
    first.get("b:root", lambda: "B")
    first.save()
    second = KeptParts(path, "code-1", {"b", "c"})  # view a gone, c new
    assert second.get("c:root", lambda: "C") == "C"
    second.save()
    third = KeptParts(path, "code-1", {"a", "b", "c"})
    assert third.get("a:root", lambda: "made again") == "made again"
    assert third.get("b:root", lambda: "x") == "B" and third.get("c:root", lambda: "x") == "C"
