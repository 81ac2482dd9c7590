"""A Pagefind binary that closes its input before the service's first message is written (a broken pipe in
PagefindService.__init__) is ended and waited for, not dropped still running: no process left behind, and
indexing falls back to the command line (index() says False)."""

from __future__ import annotations

import os
import signal

from builder import search
from builder.search import PagefindService


def test_a_binary_that_breaks_the_pipe_is_ended_and_waited_for(tmp_path, monkeypatch):
    pid_file = tmp_path / "pid"
    binary = tmp_path / "pagefind"
    # Closes its stdin and stays: the service's first write (bigger than a pipe's buffer, so it cannot sit
    # in one whatever the timing) gets a broken pipe.
    binary.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec 0<&-\nexec sleep 30\n", encoding="utf-8")
    binary.chmod(0o755)
    monkeypatch.setattr(search, "_pagefind_command", lambda: [str(binary)])
    monkeypatch.setattr(PagefindService, "WARM_PAGE", "<html><body>" + "淮安市人民政府" * 100_000 + "</body></html>")
    service = PagefindService()
    pid = int(pid_file.read_text(encoding="utf-8"))
    try:
        assert service._process is None
        try:
            left = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # reaped by the service: no child of ours any more
            left = None
        assert left is None, f"process {pid} left running or unwaited: {left}"
        assert service.index(tmp_path, tmp_path / "out") is False
        service.close()  # (twice is harmless)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
