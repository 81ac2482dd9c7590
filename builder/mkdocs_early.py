"""MkDocs loaded in a fork of the build while the build parses and writes pages, then told what to render.

An incremental build's MkDocs is mostly fixed cost: importing MkDocs, Jinja, Python-Markdown and Material and
loading mkdocs.yml take ~0.2 s of CPU before the first page, about as much as rendering the dozen pages one
added report changes (benchmarks/mkdocs_rebuild.py). None of it depends on the pages, so a fork of the build,
made before the build does anything else, does it on another core while the build parses and writes pages; when
the pages are written the build sends it what run_mkdocs would have been given, it renders them, and sends back
MkDocs' warnings. It is the same run_mkdocs code on the same configuration: the site is the same bytes.

The fork is made only where a fork is safe (one thread: a lock another thread holds would stay held in the
child forever) and only for a dirty build (a clean one renders every page: the load is nothing beside it). If
the child is gone or failed before rendering (killed, out of memory, its load raised), `render` returns None
and the build runs MkDocs in its own process as before; an error MkDocs raised while rendering is raised here.
The child waits at most WAIT seconds for its orders and ends when the build closes its end of the pipe (the
build ended, or this object was dropped).

    early = EarlyMkDocs.start(load, render)   # load() -> state; render(state, **kwargs) -> warnings
    ...
    warnings = early.render(**kwargs) if early else None   # None: run it here
    early.close()
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import threading
import weakref

log = logging.getLogger(__name__)

WAIT = 3600.0  # seconds the child waits for its orders (a dirty build over many pages writes them for minutes)


def _child(conn, other_end, load, render) -> None:
    other_end.close()  # (the build's end: so that the build's exit is an EOF here)
    # A Ctrl-C reaches the whole process group: the build says so and closes its end, which ends this fork
    # (an EOF); here, while it loads and waits, it would only print multiprocessing's traceback of the fork.
    # (While it renders a Ctrl-C stops the rendering: the build is not kept waiting for a render it dropped.)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        state, failed = load(), None
    except BaseException as exc:  # said only if asked to render: the build then loads it itself
        state, failed = None, exc
    try:
        if not conn.poll(WAIT):
            return
        job = conn.recv()
    except Exception:  # (EOF, or orders cut short by the build's end: nothing to render for)
        return
    if job is None:
        return
    if failed is not None:
        _answer(conn, ("unloaded", repr(failed)))
        return
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        answer = ("ok", render(state, **job))
    except BaseException as exc:
        answer = ("raised", exc)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _answer(conn, answer)


def _answer(conn, answer) -> None:
    """Send the build the answer; nothing when the build is gone (it ended, its end closed: nobody to tell)."""
    try:
        try:
            conn.send(answer)
        except (OSError, EOFError):
            raise
        except Exception as exc:  # an exception that does not pickle: its text
            conn.send(("raised", RuntimeError(f"{type(answer[1]).__name__}: {answer[1]}; {exc}")))
    except (OSError, EOFError):
        log.debug("MkDocs fork: the build is gone, its answer not sent")


class EarlyMkDocs:
    # Every fork not yet ended: close_all() ends them when a build ends, however it ends (an exception's
    # traceback would keep one alive, and with it the build folder's lock, whose file the fork inherited).
    _open: weakref.WeakSet = weakref.WeakSet()

    def __init__(self, process, conn):
        self._process, self._conn = process, conn
        self._finalizer = weakref.finalize(self, EarlyMkDocs._end, process, conn)
        EarlyMkDocs._open.add(self)

    @classmethod
    def close_all(cls) -> None:
        for early in list(cls._open):
            early.close()

    @classmethod
    def start(cls, load, render) -> EarlyMkDocs | None:
        """A fork that calls load() now and render(state, **kwargs) when told; None where a fork is not safe."""
        # (Linux only: macOS lists fork but its system libraries are not fork-safe)
        if threading.active_count() > 1 or not sys.platform.startswith("linux") \
                or "fork" not in multiprocessing.get_all_start_methods():
            return None
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        process = context.Process(target=_child, args=(theirs, ours, load, render), daemon=True,
                                  name="builder-mkdocs")
        try:
            process.start()
        except OSError as exc:  # (no process to be had: MkDocs is run in the build's process)
            log.debug("MkDocs not loaded early: %s", exc)
            ours.close()
            theirs.close()
            return None
        theirs.close()
        return cls(process, ours)

    def render(self, **kwargs) -> list[str] | None:
        """MkDocs' warnings, rendered in the fork; None if the fork could not (the caller renders)."""
        try:
            self._conn.send(kwargs)
            status, value = self._conn.recv()
        except (EOFError, OSError) as exc:
            log.debug("MkDocs fork gone, rendered in the build's process: %s", exc)
            self.close()
            return None
        self.close()
        if status == "ok":
            return value
        if status == "raised":
            raise value
        log.debug("MkDocs fork could not load: %s", value)
        return None

    def close(self) -> None:
        self._finalizer()
        EarlyMkDocs._open.discard(self)

    @staticmethod
    def _end(process, conn) -> None:
        # Told to end (None), not left to see an EOF: a process forked after it holds a copy of this end, and
        # while that one lives there is no EOF. (It fails only when the fork is gone, or its pipe is full:
        # then the EOF or the kill below.)
        try:
            os.set_blocking(conn.fileno(), False)  # (never waits here: a full pipe is an error, then the kill)
            conn.send(None)
        except (OSError, ValueError):  # (ValueError: this end already closed)
            pass
        conn.close()
        process.join(5)
        if process.is_alive():  # (it was told, by EOF, to end: it is stuck)
            process.kill()
            process.join()
