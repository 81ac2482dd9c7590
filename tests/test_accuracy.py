"""Moved: the accuracy tests are tests/mapping/test_accuracy.py, the parse cache is tests/corpus/harness.py.

This module only keeps `from tests.test_accuracy import TRUTHS, parsed` working for branches written
before the move (conftest.py leaves it out of collection); new code imports tests.corpus.harness.
"""

from __future__ import annotations

from pathlib import Path

from tests.corpus import harness

TRUTHS = [harness.TRUTH_DIR / f"{name}.json" for name in harness.NAMES]


def parsed(truth_path: Path) -> tuple[dict, dict]:
    """(truth, parse_report of its file) of a truth file, parsed once per session."""
    return harness.truth(truth_path.stem), harness.parsed(truth_path.stem)
