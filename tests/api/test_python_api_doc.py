"""docs/python-api.md runs as written: every ```pycon block is a doctest (as sqlite-utils tests its
documentation), executed in order in one namespace from the repository's root, so the page fails
this test the day it stops telling the truth."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "docs" / "python-api.md"
PYCON = re.compile(r"^```pycon\n(.*?)^```$", re.S | re.M)


def pycon_only(markdown: str) -> str:
    """The page with everything outside ```pycon blocks blanked, so doctest's line numbers are the page's."""
    out, last = [], 0
    for match in PYCON.finditer(markdown):
        out.append("\n" * markdown.count("\n", last, match.start(1)))
        out.append(match.group(1))
        last = match.end(1)
    return "".join(out)


def test_the_python_api_page_runs_as_written(monkeypatch):
    monkeypatch.chdir(REPO)  # the page's paths are the repository's
    text = pycon_only(PAGE.read_text(encoding="utf-8"))
    test = doctest.DocTestParser().get_doctest(text, {}, PAGE.name, str(PAGE), 0)
    assert len(test.examples) >= 20, "the page lost its examples"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)


def run_page(markdown: str, name: str = "page.md") -> tuple[int, str]:
    test = doctest.DocTestParser().get_doctest(pycon_only(markdown), {}, name, name, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    runner.run(test, out=report.append)
    return runner.failures, "".join(report)


def test_a_page_that_lies_fails_on_its_own_line():
    """The harness really compares, only inside ```pycon blocks, and names the page's line."""
    markdown = ("# A page\n\n```python\n>>> 1 + 1\n5\n```\n\nText.\n\n"
                "```pycon\n>>> 1 + 1\n2\n>>> 2 + 2\n5\n\n```\n")
    failures, report = run_page(markdown)
    assert failures == 1  # 2 + 2, not the ```python block
    assert "line 13" in report and "Expected:\n    5\nGot:\n    4" in report
