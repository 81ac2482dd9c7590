"""Writing files that a killed build must never leave half-written."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

# The process's umask, read once at import (os.umask can only be read by setting it).
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_text_atomic(target: Path, text: str) -> None:
    """Write then rename: a reader (or the next build, after this one was killed) sees the old file or
    the whole new one, never a part."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            # mkstemp makes the file 0600: give it the mode open() would (a web server running as another
            # user could not read a site file written here otherwise).
            os.fchmod(fh.fileno(), 0o666 & ~_UMASK)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sha256_of(path: Path) -> str:
    """The file's SHA-256, read in 1 MB blocks (a report or a dataset file may be large)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
