"""The quality lists made from entries kept by the last build are the lists made afresh
(builder.pages.kept_parts.KeptParts): a changed report's entry is made again, the others read."""

from __future__ import annotations

from builder import cache_format
from builder.pages import kept_parts
from builder.pages.kept_parts import KeptParts
from builder.pages.quality import quality_page_files


def _report(n: int, finding: str) -> dict:
    return {"id": f"body-{n}-2023", "agency": f"机构{n}<b>", "agency_id": f"body-{n}", "year": 2023,
            "region": {"province": "江苏省"}, "values": {},
            "checks": [{"rule": "table_sum", "severity": "error", "fields": ["requests.new_received.total"],
                        "message": finding}]}


def test_lists_from_kept_entries_are_the_lists_made_afresh(tmp_path):
    reports = [_report(n, f"第 {n} 行不等") for n in range(30)]
    hashes = {r["id"]: f"v1-{n}" for n, r in enumerate(reports)}
    path = tmp_path / "quality-entries.msgpack"
    fresh = quality_page_files(reports, budget=10_000)
    kept = KeptParts(path, "code-1", set(hashes.values()))
    assert quality_page_files(reports, budget=10_000, kept=kept, hashes=hashes) == fresh
    assert kept.made == 30
    kept.save()
    # One report's finding changed (its view's hash too): its entry alone is made again.
    reports[3] = _report(3, "<script>alert(1)</script>")
    hashes["body-3-2023"] = "v2-3"
    again = KeptParts(path, "code-1", set(hashes.values()))
    files = quality_page_files(reports, budget=10_000, kept=again, hashes=hashes)
    assert files == quality_page_files(reports, budget=10_000) and again.made == 1
    assert "<script>alert" not in "".join(files.values())  # escaped, as made afresh
    again.save()
    assert not any(key.startswith("v1-3:") for key in cache_format.read(path, kept_parts.KIND, kept_parts.FORMAT)["parts"])


def test_kept_parts_of_another_code_or_broken_are_made_again(tmp_path):
    path = tmp_path / "parts.msgpack"
    parts = KeptParts(path, "code-1", {"a"})
    assert parts.get("a:root", lambda: "made") == "made"
    parts.save()
    assert KeptParts(path, "code-1", {"a"}).get("a:root", lambda: "again") == "made"
    assert KeptParts(path, "code-2", {"a"}).get("a:root", lambda: "again") == "again"
    path.write_bytes(cache_format.dumps({"code": "code-1", "parts": {"a:root": ["not", "text"]}},
                                        kept_parts.KIND, kept_parts.FORMAT))
    assert KeptParts(path, "code-1", {"a"}).get("a:root", lambda: "again") == "again"
    path.write_bytes(b"\x80\x04 not a cache file")
    assert KeptParts(path, "code-1", {"a"}).get("a:root", lambda: "again") == "again"
