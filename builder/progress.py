"""Progress of long work (parsing many reports, writing pages), told to whoever asked.

The library never prints: ``collect_reports``, ``parse_isolated`` and ``build_site`` take
``progress: Callable[[ProgressEvent], None] | None`` and call it after each item. The command line
turns the events into a progress bar on a terminal and plain lines in CI (builder/cli.py); a notebook
can pass ``print`` or feed a tqdm bar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ProgressEvent:
    """One item of a stage done: ``done`` of ``total`` (``path``: the report or page just finished,
    None when the event stands for several)."""

    stage: str  # parse | pages | validate
    done: int
    total: int
    path: Path | str | None = None


Progress = Callable[[ProgressEvent], None]
