"""Fixtures of the parse-cache and record-snapshot tests."""

import pytest


@pytest.fixture
def trusting(monkeypatch):
    """Stat-index entries trusted however young (ctime cannot be set back; the racy rule has its own test in
    test_parse_cache.py)."""
    monkeypatch.setattr("builder.batch.RACY_NS", 0)
