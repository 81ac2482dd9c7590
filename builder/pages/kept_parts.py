"""Parts of pages (a list entry's Markdown) kept between builds, keyed by what they are made of.

    parts = KeptParts(build_dir / "quality-entries.msgpack", code, live=set(view_hashes.values()))
    text = parts.get(f"{view_hash}:{root}", lambda: entry(report, root))
    parts.save()

A page over many reports (the quality lists) is made again when one report changes, yet all but one of
its entries are as they were: kept here, each is made once per report view (its hash starts the key) and
code. The file is read the first time a part is asked for, written again only when one was made, and
keeps only the parts of views still in the collection (live: the hashes that start their keys). A file
that is not one (another code, broken bytes, a value not text) is a miss: the part is made again.
The file is a builder.cache_format one (MessagePack, data only): at N = 10,000 the quality entries are
16 MB, read in 0.13 s and written in 0.07 s as JSON at every one-report rebuild, 0.02 s read as MessagePack.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from builder import cache_format

KIND, FORMAT = 3, 1  # (builder.cache_format's kind byte and this file's format)


class KeptParts:
    """valid(part): whether a kept value is one this caller makes (default: text); anything else is made again."""

    def __init__(self, path: Path | None, code: str, live: set[str], valid: Callable[[object], bool] | None = None):
        self.path, self.code, self.live = path, code, live
        self.valid = valid or (lambda part: isinstance(part, str))
        self.known: dict[str, str] | None = None if path is not None else {}
        self.used: dict[str, str] = {}
        self.made = 0

    def _kept(self) -> dict[str, str]:
        if self.known is None:
            self.known = {}
            with contextlib.suppress(OSError, ValueError):  # (none kept, or not readable: made again)
                state = cache_format.read(self.path, KIND, FORMAT)
                if isinstance(state, dict) and state.get("code") == self.code and isinstance(state.get("parts"), dict):
                    self.known = state["parts"]
        return self.known

    def get(self, key: str, make: Callable[[], str]) -> str:
        part = self.used.get(key)
        if part is None:
            part = self._kept().get(key)
            if part is None or not self.valid(part):
                part = make()
                self.made += 1
            self.used[key] = part
        return part

    def save(self) -> None:
        if self.path is None or not self.made:
            return
        parts = {k: v for k, v in self._kept().items() if k.partition(":")[0] in self.live} | self.used
        with contextlib.suppress(OSError):  # (not written: the next build makes them again)
            cache_format.write_whole(self.path, cache_format.dumps({"code": self.code, "parts": parts}, KIND, FORMAT))
