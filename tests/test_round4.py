"""The round-4 stress corpus (tests/stress4/, made by tests/stress4/make_stress4.py): PDFs drawn the way
real report PDFs are drawn. This file checks that the corpus is what it claims to be and that its
truth adds up; every cell and the metadata are checked for each truth file by tests/test_accuracy.py.

reportlab-drawn tables in the CID font STSong-Light (nothing embedded): 0.1 pt, dashed, double and
segmented rules, cell fills without rules, frame plus row bands, no rules at all; right-aligned or
centred numbers, digits placed one by one; letter-spaced labels and full-width spaces; tables over
three pages with and without repeated headers; /Rotate 90 and 270 pages; vertical applicant headers;
a title row inside the frame; a prose box beside the table; a watermark and running headers;
LibreOffice DOCX→PDF with repeated heading rows, rows broken across pages and zero cell margins;
and a PDF whose fonts have no /ToUnicode map, which the CLI must refuse.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

ROOT = Path(__file__).resolve().parent.parent
FILES = ROOT / "tests" / "stress4" / "files"
TRUTHS = sorted((ROOT / "tests" / "truth").glob("round4-*.json"))
CID_FILE = FILES / "round4-cid-nounicode-hongshan-2022.pdf"


def _truth(stem: str) -> dict:
    return json.loads((ROOT / "tests" / "truth" / f"{stem}.json").read_text(encoding="utf-8"))


def _pdf(stem: str):
    return pdfplumber.open(ROOT / _truth(stem)["file"])


def test_corpus_is_pdf_and_small():
    assert len(TRUTHS) >= 20
    for path in TRUTHS:
        truth = json.loads(path.read_text(encoding="utf-8"))
        file = ROOT / truth["file"]
        assert file.is_file() and file.parent == FILES, truth["file"]
        assert truth["format"] == "pdf"
    assert sum(f.stat().st_size for f in FILES.iterdir()) < 4 * 1024 * 1024


def test_reportlab_files_use_the_unembedded_cid_font():
    """The rl-* cases are drawn by reportlab in STSong-Light, which a PDF names but does not embed."""
    stems = [p.stem for p in TRUTHS if p.stem.startswith("round4-rl-")]
    assert len(stems) >= 18
    for stem in stems:
        with _pdf(stem) as pdf:
            assert "ReportLab" in pdf.metadata.get("Producer", ""), stem
            assert {c["fontname"] for c in pdf.pages[0].chars} == {"STSongStd-Light"}, stem  # STSong-Light's PostScript name
            assert b"FontFile" not in (ROOT / _truth(stem)["file"]).read_bytes(), stem


def test_libreoffice_files_come_from_libreoffice():
    stems = [p.stem for p in TRUTHS if p.stem.startswith("round4-lo-")]
    assert len(stems) >= 3
    for stem in stems:
        with _pdf(stem) as pdf:
            assert "LibreOffice" in pdf.metadata.get("Producer", ""), stem


@pytest.mark.parametrize("stem,rotation", [
    ("round4-rl-rotate90-jinniu-2023", 90), ("round4-rl-rotate270-qingyang-2022", 270),
    ("round4-rl-rotate90-bands-digits-yanta-2022", 90), ("round4-rl-norules-tracked-rotate-jiangan-2023", 90)])
def test_rotated_pages_are_stored_portrait(stem, rotation):
    with _pdf(stem) as pdf:
        page = pdf.pages[0]
        assert page.rotation == rotation
        assert page.page_obj.mediabox[2] < page.page_obj.mediabox[3]  # stored portrait, shown landscape


@pytest.mark.parametrize("stem", [
    "round4-rl-threepage-repeat-yuexiu-2023", "round4-rl-threepage-2019-tianhe-2020",
    "round4-rl-vertical-threepage-2019-lianhu-2020", "round4-rl-watermark-running-furong-2022",
    "round4-rl-running-3page-yuelu-2023", "round4-lo-repeat-rowbreak-yuhua-2023",
    "round4-lo-norepeat-rowbreak-tianxin-2022", "round4-lo-repeat-cantsplit-wangcheng-2022"])
def test_requests_table_spans_three_pages(stem):
    with _pdf(stem) as pdf:
        texts = ["".join((p.extract_text() or "").split()) for p in pdf.pages]
    first = next(i for i, t in enumerate(texts) if "一、本年新收" in t)
    last = next(i for i, t in enumerate(texts) if "四、结转下年度" in t)
    assert last - first >= 2, (first, last)


def test_break_inside_the_withheld_group():
    """rl-threepage-repeat: the （三）不予公开 rows start on one page and end on the next."""
    with _pdf("round4-rl-threepage-repeat-yuexiu-2023") as pdf:
        texts = ["".join((p.extract_text() or "").split()) for p in pdf.pages]
    first = next(i for i, t in enumerate(texts) if "1．属于国家秘密" in t)
    last = next(i for i, t in enumerate(texts) if "8．属于行政查询事项" in t)
    assert last == first + 1


def test_vertical_headers_are_one_character_per_line():
    with _pdf("round4-rl-vertical-head-lixia-2023") as pdf:
        chars = [c for p in pdf.pages for c in p.chars]
    stacks = [(a, b) for a in chars if a["text"] == "自" for b in chars
              if b["text"] == "然" and abs(a["x0"] - b["x0"]) < 0.5 and 0 < b["top"] - a["top"] < 15]
    assert len(stacks) == 1


def test_digits_are_separate_runs_with_gaps_wider_than_pdfplumbers_tolerance():
    with _pdf("round4-rl-gapdigits-kaifu-2023") as pdf:
        words = [w["text"] for p in pdf.pages for w in p.extract_words()]
    assert "1275" not in words and words[words.index("行政许可") + 1:][:4] == ["1", "2", "7", "5"]


@pytest.mark.parametrize("stem,gap", [("round4-rl-fakebold-xiangtan-2023", 0.4),
                                      ("round4-rl-fakebold-wide-2019-yuhu-2020", 1.2)])
def test_fake_bold_totals_are_drawn_twice(stem, gap):
    """Every glyph of the （七）总计 numbers has a twin `gap` points to its right."""
    total = _truth(stem)["values"]["requests.total_processed.total"]
    with _pdf(stem) as pdf:
        chars = [c for p in pdf.pages for c in p.chars]
    twins = [(a, b) for a in chars for b in chars if a["text"] == b["text"] and a["text"] == str(total)[0]
             and abs(a["top"] - b["top"]) < 0.01 and abs(b["x0"] - a["x0"] - gap) < 0.01]
    assert twins


def test_cid_file_really_extracts_as_cid_codes():
    with pdfplumber.open(CID_FILE) as pdf:
        text = pdf.pages[0].extract_text()
    assert "(cid:" in text and "政府信息" not in text


def test_cli_refuses_a_pdf_without_unicode_maps_in_one_line():
    """Text that extracts as (cid:NN) is no report text: one clear line, non-zero exit, no numbers invented."""
    result = subprocess.run([sys.executable, "-m", "builder", "parse", str(CID_FILE), "--json"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr[:500]
    assert "unreadable text layer" in result.stderr
