"""The corpus harness: every report with known truth (tests/truth/*.json) as a case keyed by its name.

A case's name is its truth file's stem (``round6-html-merged-applicants-2022``, ``seed-yueyahu``).
Tests parametrize over ``cases(...)``, so their ids are case names, and ask ``parsed(name)`` for the
parse record: each truth file is read once and each report parsed once per test session (per xdist
worker), however many tests look at it — accuracy, metadata, checks, and the assertions each corpus
makes about its own cases. (Pinning a case's tests to one worker with xdist_group / --dist loadgroup
does not work with pytest 9.2 and pytest-xdist 3.8: xdist's group suffix on the node id is ignored.)

The comparison of a parse with its truth is benchmarks/accuracy.py's (loaded here as ``accuracy``), so
the benchmark and the tests agree on what "right" means.
"""

from __future__ import annotations

import copy
import importlib.util
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRUTH_DIR = ROOT / "tests" / "truth"
NAMES: tuple[str, ...] = tuple(sorted(p.stem for p in TRUTH_DIR.glob("*.json")))


def _load_accuracy():
    spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


accuracy = _load_accuracy()


@cache
def _truth(name: str) -> dict:
    return json.loads((TRUTH_DIR / f"{name}.json").read_text(encoding="utf-8"))


def truth(name: str) -> dict:
    """The truth record of case `name` (a copy: a test may change it)."""
    return copy.deepcopy(_truth(name))


def file_of(name: str) -> Path:
    """The report file of case `name`."""
    return ROOT / _truth(name)["file"]


@cache
def _parsed(name: str) -> dict:
    from builder.parse import parse_report

    return parse_report(file_of(name))


def parsed(name: str) -> dict:
    """parse_report() of case `name`'s file, parsed once per session (a copy: a test may change it)."""
    return copy.deepcopy(_parsed(name))


def names(prefix: str = "", where: Callable[[dict], bool] | None = None) -> list[str]:
    """Case names starting with `prefix` whose truth satisfies `where`."""
    return [n for n in NAMES if n.startswith(prefix) and (where is None or where(_truth(n)))]


def cases(prefix: str = "", where: Callable[[dict], bool] | None = None,
          xfail: dict[str, str] | None = None, only: list[str] | None = None) -> list:
    """pytest parameters for the cases `names(prefix, where)` (or exactly `only`), id = case name.

    `xfail`: case name → why it is still wrong (strict: the suite turns red the moment it is fixed).
    """
    chosen = only if only is not None else names(prefix, where)
    unknown = set(only or ()) - set(NAMES) | set(xfail or ()) - set(NAMES)
    assert not unknown, f"no truth file for {sorted(unknown)}"
    return [pytest.param(name, id=name, marks=[pytest.mark.xfail(reason=xfail[name], strict=True)]
                         if xfail and name in xfail else []) for name in chosen]
