"""Bad input: `python -m builder parse FILE` fails with one clear line on stderr, never a traceback.

Each file in tests/fixtures/bad/ is one way a report can be unusable; the expected words say
which failure the user is told about.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "fixtures" / "bad"

# file → words its error line must contain
EXPECTED = {
    "empty.pdf": "empty file",
    "blank-page.pdf": "no text layer",
    "truncated.pdf": "corrupt PDF",
    "encrypted.pdf": "encrypted PDF",
    "scanned.pdf": "no text layer (scanned image?)",
    "not-a-pdf.pdf": "not a PDF file",
    "not-a-report.pdf": "not an annual report",
    "corrupt.docx": "corrupt DOCX",
    "not-a-zip.docx": "corrupt DOCX",
    "binary.txt": "not a text file",
    "no-text.html": "no text in file",
    "report.json": "unsupported file type",
}


def parse(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "builder", "parse", str(path), "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def assert_one_line_error(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert words in lines[0]
    assert result.stdout == ""


def test_every_bad_file_has_an_expectation():
    assert sorted(p.name for p in BAD.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file(name):
    assert_one_line_error(parse(BAD / name), EXPECTED[name])


def test_missing_file(tmp_path):
    assert_one_line_error(parse(tmp_path / "nowhere-2024.pdf"), "file not found")


def test_directory(tmp_path):
    folder = tmp_path / "reports.pdf"  # a directory, even one named like a report
    folder.mkdir()
    assert_one_line_error(parse(folder), "is a directory")


def test_unknown_extension(tmp_path):
    odd = tmp_path / "report-2024.numbers"
    odd.write_bytes(b"PK\x03\x04 an Apple Numbers file")
    assert_one_line_error(parse(odd), "unsupported file type")
