"""Other libraries' logging, kept quiet around our own calls only.

Importing or calling builder never configures logging for the whole process: a researcher's
notebook or application keeps the levels and handlers it chose. Two libraries would otherwise
write to stderr on every call:

- pdfminer logs each damaged stream or font it works around as a warning. With no handler
  configured anywhere, Python's last-resort handler prints it; ``unheard("pdfminer")`` attaches a
  NullHandler for the duration of our call, so nothing is printed unless the process configured
  logging (then the records go where it said: a researcher who wants them quiet sets pdfminer's
  level). The CLI shows only the builder logger (builder/cli.py).
- jieba has its own stderr handler ("Building prefix dict …"); ``muted("jieba")`` raises its
  logger's level for the duration of our call and restores it after.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator


@contextlib.contextmanager
def unheard(name: str) -> Iterator[None]:
    """Records of logger `name` reach no last-resort stderr output while inside; levels untouched."""
    logger = logging.getLogger(name)
    handler = logging.NullHandler()  # one per call: nested or concurrent calls each remove their own
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


@contextlib.contextmanager
def muted(name: str, level: int = logging.WARNING) -> Iterator[None]:
    """Logger `name` drops records below `level` while inside; its own level is restored after. For a
    library whose own handler writes to stderr (jieba), where a NullHandler would not help. Not for two
    threads at once: the level is the logger's, and the last one out restores what it saw."""
    logger = logging.getLogger(name)
    before = logger.level
    logger.setLevel(max(level, before))
    try:
        yield
    finally:
        logger.setLevel(before)
