"""The key that authenticates the build state a build keeps for the next one (builder.cache_format's files:
the record snapshot, the download pieces, the quality entries, the explorer rows), kept OUTSIDE the folders
that state lives in.

Threat model. Build state is read back as trusted: a kept quality entry is Markdown that goes into a page
as it is, a kept row is a row of the downloads. Whoever can put a file in build/ or cache/ (a pull request
that force-adds site-build/ or .cache/, a build folder copied from someone else, an Actions cache restored
from another scope) could otherwise plant a well-formed file, checksum and all, whose text reaches a page
unescaped. Each kept file therefore carries an HMAC-SHA256 of its bytes under a key that is never in those
folders; a file whose tag is not this key's is a cache miss, made again. What the key does NOT cover: the
generated pages in build/docs/ and the built site/ are the build's output (whoever can write site/ writes
the published site directly); those folders are trusted as the output folder is, and the CI workflows
refuse build state committed to the repository (.github/scripts/untracked-build-state.sh) and keep them in
caches that Actions scopes to the ref that wrote them (a pull request's caches are never restored by
main's Pages build).

Where the key comes from, first found:
- `BUILDER_STATE_KEY` (any non-empty text: a CI secret; the Pages workflow passes secrets.BUILDER_STATE_KEY);
- a key file, `state-key` in `BUILDER_STATE_DIR`, else `$XDG_STATE_HOME/gov-open-reports`, else
  `~/.local/state/gov-open-reports`: 32 random bytes made on first use (mode 0600), shared by every build of
  this user;
- when that folder cannot be written, or its key file is not one (unreadable, shorter than 16 bytes or
  longer than 4 KiB): a key of this process alone (put in BUILDER_STATE_KEY, so that the processes it
  starts share it) and one warning line saying so; kept state is then never trusted across runs: every
  build a cold one, never a wrong one, never a traceback.

The key file is the one thing a build writes outside its own folders (site/, the build and cache folders).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

ENV_KEY = "BUILDER_STATE_KEY"
ENV_DIR = "BUILDER_STATE_DIR"
APP = "gov-open-reports"
KEY_FILE = "state-key"
TAG_BYTES = 32  # HMAC-SHA256
MAX_KEY_BYTES = 4096


def state_dir() -> Path:
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / APP


@functools.cache
def _key_of(env_key: str, folder: str) -> bytes:
    if env_key:
        # (os.fsencode: the bytes the environment holds, UTF-8 or not; a UTF-8 key is its UTF-8)
        return hashlib.sha256(b"builder state key\0" + os.fsencode(env_key)).digest()
    try:
        return _key_file(Path(folder))
    except OSError as exc:
        logging.getLogger(__name__).warning(
            "构建状态的密钥文件不可用，本次构建不沿用保存的构建状态 the build state key file is unusable, nothing "
            "kept is reused this run: %s", exc)
        key = secrets.token_hex(32)
        os.environ[ENV_KEY] = key  # (inherited by the workers this process starts: they read what it wrote)
        return _key_of(key, folder)


def _key_file(folder: Path) -> bytes:
    """The key file's 32 bytes, made whole on first use: written to a file of this process, then linked to
    its name, which fails if another build made it first (then that one is read): never a half-written key."""
    path = folder / KEY_FILE
    with contextlib.suppress(FileNotFoundError):
        return _read_key(path)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = folder / f".{KEY_FILE}.{os.getpid()}.partial"
    partial.unlink(missing_ok=True)  # (one a killed process of this pid left)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(32))
        with contextlib.suppress(FileExistsError):
            os.link(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return _read_key(path)


def _read_key(path: Path) -> bytes:
    with open(path, "rb") as fh:
        data = fh.read(MAX_KEY_BYTES + 1)  # (bounded: a key file may be anything, /dev/zero too)
    if not 16 <= len(data) <= MAX_KEY_BYTES:  # (not one this module wrote: a short key would be guessable)
        raise OSError(f"{path}: not a state key ({len(data)} bytes)")
    return data


def key() -> bytes:
    """This user's (or CI's) state key: see the module's docstring."""
    return _key_of(os.environ.get(ENV_KEY, ""), os.fspath(state_dir()))


def tag(data) -> bytes:
    """HMAC-SHA256 of data (bytes or a memoryview) under key()."""
    return hmac.digest(key(), data, "sha256")


def authentic(data, got: bytes) -> bool:
    """True when got is tag(data) (compared in constant time)."""
    return hmac.compare_digest(tag(data), bytes(got))
