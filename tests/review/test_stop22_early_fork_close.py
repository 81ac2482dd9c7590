"""The early MkDocs fork (builder/mkdocs_early.py) is ended by the build closing its end of the pipe: an EOF.
A process the build forks AFTER it (an early parse fork, any fork-context worker) inherits a copy of that end,
and while it lives the fork sees no EOF: close() waited its 5 s join and then killed it. close() must tell the
fork to end (its None order), not rely on an EOF alone.

Run in a process of its own: a fork is taken only where no other thread runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, multiprocessing, time
from builder.mkdocs_early import EarlyMkDocs

early = EarlyMkDocs.start(lambda: "loaded", lambda state, **kw: [state])
assert early is not None, "no fork"
time.sleep(0.3)
later = multiprocessing.get_context("fork").Process(target=time.sleep, args=(20,))  # (holds the pipe's copy)
later.start()
t = time.monotonic()
early.close()
print(json.dumps({"seconds": time.monotonic() - t, "exitcode": early._process.exitcode}))
later.kill()
"""


def test_close_ends_the_fork_though_a_later_fork_holds_the_pipe():
    done = subprocess.run([sys.executable, "-c", CHILD], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["exitcode"] == 0, got  # ended by its order, not killed (-9)
    assert got["seconds"] < 4, got  # (the kill came after a 5 s join)
