"""Ctrl-C during a build reaches the whole process group, the early MkDocs fork (builder/mkdocs_early.py) too:
the build says one line and ends; the fork must end quietly (the build's closing of the pipe ends it), not
print multiprocessing's "Process builder-mkdocs:" traceback while it waits for its orders.

Run in a process of its own: a fork is taken only where no other thread runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CHILD = r"""
import os, signal, time
from builder.mkdocs_early import EarlyMkDocs

early = EarlyMkDocs.start(lambda: "loaded", lambda state, **kw: [state])
assert early is not None, "no fork"
time.sleep(0.5)  # (the fork is waiting for its orders)
os.kill(early._process.pid, signal.SIGINT)  # (what a Ctrl-C sends the fork)
time.sleep(0.5)
early.close()
print("closed", early._process.exitcode)
"""


def test_interrupted_fork_prints_no_traceback():
    done = subprocess.run([sys.executable, "-c", CHILD], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "closed" in done.stdout
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert "KeyboardInterrupt" not in done.stderr, done.stderr[-2000:]


GONE = r"""
import time
from builder.mkdocs_early import EarlyMkDocs

early = EarlyMkDocs.start(lambda: "loaded", lambda state, **kw: time.sleep(1) or [state])
assert early is not None, "no fork"
early._conn.send({})  # (its orders: then the build is gone, as an exception in the build's MkDocs step leaves it)
early.close()
print("closed", early._process.exitcode)
"""


def test_fork_whose_build_is_gone_ends_quietly():
    """The build ended (an exception, a Ctrl-C) while the fork rendered: its answer has nowhere to go; it ends
    without a traceback (a BrokenPipeError sending, then again sending the error's text)."""
    done = subprocess.run([sys.executable, "-c", GONE], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "closed 0" in done.stdout, done.stdout
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
