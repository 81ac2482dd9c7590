"""Importing and calling builder leaves the process's logging as it was, prints nothing, and keeps
pdfminer's and jieba's chatter off stderr only around our own calls (builder/logs.py).

Each case runs in a fresh interpreter: this test process has long since imported everything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
REPORT_PDF = REPO / "tests/fixtures/reports/huaian-2024.pdf"
# A PDF printed by Chrome, whose fonts make pdfminer warn "Could not get FontBBox …" on every page.
WARNING_PDF = next(REPO.glob("tests/**/stress-borderless-jiangan-2022.pdf"))

LOGGING_STATE = """
import logging
def logging_state():
    names = ["", "pdfminer", "pdfminer.pdffont", "jieba", "builder"]
    return {n: (logging.getLogger(n).level, list(logging.getLogger(n).handlers), logging.getLogger(n).disabled)
            for n in names}
"""


def python(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", LOGGING_STATE + code, *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


def test_import_and_parse_change_no_logging_and_print_nothing():
    done = python("""
import sys
before = logging_state()
import builder
assert "pdfplumber" not in sys.modules and "pandas" not in sys.modules, "import builder must stay cheap"
report = builder.parse_report(sys.argv[1])
assert report["values"]["requests.new_received.total"] == 3119
builder.parse_report(sys.argv[2])  # pdfminer warns on every page of this one
assert logging_state() == before, (before, logging_state())
print("same")
""", REPORT_PDF, WARNING_PDF)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "same\n"
    assert done.stderr == ""  # not one "Could not get FontBBox" line


def test_a_process_that_configured_logging_gets_pdfminer_warnings_where_it_said():
    """The other side of the scope: we hide nothing from a process that asked for warnings."""
    done = python("""
import sys
logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
import builder
from builder.read.pdf import read_pdf
read_pdf(sys.argv[1])
""", WARNING_PDF)
    assert done.returncode == 0, done.stderr
    assert "pdfminer.pdffont: Could not get FontBBox" in done.stderr


def test_jieba_is_muted_only_while_we_call_it():
    done = python("""
import sys
import jieba
from builder.logs import muted
level = jieba.default_logger.level
with muted(jieba.default_logger.name):
    jieba.initialize()
assert jieba.default_logger.level == level, (jieba.default_logger.level, level)
print("-- muted above --", file=sys.stderr, flush=True)
jieba.Tokenizer().initialize()  # outside our call: jieba's own handler speaks as jieba wants
""")
    assert done.returncode == 0, done.stderr
    inside, marker, outside = done.stderr.partition("-- muted above --")
    assert marker and inside == ""
    assert "Prefix dict has been built" in outside


def test_the_cli_shows_no_pdfminer_warning_either():
    done = subprocess.run([sys.executable, "-m", "builder", "parse", str(WARNING_PDF)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("武汉市江岸区人民政府")
    assert done.stderr == ""
