"""BUILDER_STATE_KEY is "any non-empty text" (builder/state_key.py); on Linux an environment value may hold bytes
that are not UTF-8 (os.environ gives them as surrogate escapes). Such a key must still key the build state
(the same bytes, the same key), never end the build with a UnicodeEncodeError traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _tag_under(raw: bytes) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environb.items() if k != b"BUILDER_STATE_KEY"}
    env[b"BUILDER_STATE_KEY"] = raw
    return subprocess.run([sys.executable, "-c", "from builder import state_key; print(state_key.tag(b'x').hex())"],
                          cwd=REPO, capture_output=True, env=env, timeout=60)


def test_non_utf8_state_key_is_a_key():
    first, again, other = _tag_under(b"secret\xff\xfe"), _tag_under(b"secret\xff\xfe"), _tag_under(b"secret\xff\xfd")
    assert first.returncode == 0, first.stderr.decode(errors="replace")[-2000:]
    assert first.stdout == again.stdout and len(first.stdout.strip()) == 64
    assert other.returncode == 0 and other.stdout != first.stdout
