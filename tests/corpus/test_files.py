"""The corpus files are what their truth says they are: each stress corpus's quirks are really in its
files, read with the libraries that wrote or read them by others (pdfplumber, python-docx, BeautifulSoup,
bytes), not with our readers. Per-cell accuracy is tests/mapping/test_accuracy.py's.

Round 4 (tests/stress4/): reportlab-drawn tables in the CID font STSong-Light (nothing embedded): 0.1 pt,
dashed, double and segmented rules, cell fills without rules, frame plus row bands, no rules at all;
right-aligned or centred numbers, digits placed one by one; letter-spaced labels and full-width spaces;
tables over three pages with and without repeated headers; /Rotate 90 and 270 pages; vertical applicant
headers; a title row inside the frame; a prose box beside the table; a watermark and running headers;
LibreOffice DOCX→PDF with repeated heading rows, rows broken across pages and zero cell margins; and a
PDF whose fonts have no /ToUnicode map (the CLI must refuse it: tests/readers/test_read_pdf.py).
Round 3: UTF-16 and GB18030 files with their BOMs. Round 5: DOCX/HTML producer quirks. Round 6: rows and
columns real reports add or drop.

They check committed fixtures only, so they are marked `corpus` (the fast tier skips them).
"""

from __future__ import annotations

import docx
import pdfplumber
import pytest
from bs4 import BeautifulSoup

from tests.corpus.harness import ROOT, file_of, names, truth

pytestmark = pytest.mark.corpus

CID_FILE = ROOT / "tests" / "stress4" / "files" / "round4-cid-nounicode-hongshan-2022.pdf"


def _pdf(name: str):
    return pdfplumber.open(file_of(name))


# ---------------------------------------------------------------- round 4: PDFs drawn as real ones are


def test_reportlab_files_use_the_unembedded_cid_font():
    """The rl-* cases are drawn by reportlab in STSong-Light, which a PDF names but does not embed."""
    stems = names("round4-rl-")
    assert len(stems) >= 18
    for stem in stems:
        with _pdf(stem) as pdf:
            assert "ReportLab" in pdf.metadata.get("Producer", ""), stem
            assert {c["fontname"] for c in pdf.pages[0].chars} == {"STSongStd-Light"}, stem  # STSong-Light's PostScript name
            assert b"FontFile" not in file_of(stem).read_bytes(), stem


def test_libreoffice_files_come_from_libreoffice():
    stems = names("round4-lo-")
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
    total = truth(stem)["values"]["requests.total_processed.total"]
    with _pdf(stem) as pdf:
        chars = [c for p in pdf.pages for c in p.chars]
    twins = [(a, b) for a in chars for b in chars if a["text"] == b["text"] and a["text"] == str(total)[0]
             and abs(a["top"] - b["top"]) < 0.01 and abs(b["x0"] - a["x0"] - gap) < 0.01]
    assert twins


def test_cid_file_really_extracts_as_cid_codes():
    with pdfplumber.open(CID_FILE) as pdf:
        text = pdf.pages[0].extract_text()
    assert "(cid:" in text and "政府信息" not in text


# ---------------------------------------------------------------- round 3: encodings


def test_utf16_and_gb18030_files_really_carry_their_bom():
    """The encoding cases are what their names say (a regenerated file saved as UTF-8 would pass silently)."""
    files = ROOT / "tests" / "stress3" / "files"
    assert (files / "round3-txt-utf16-qinnan-2022.txt").read_bytes()[:2] == b"\xff\xfe"
    assert (files / "round3-md-utf16-lianchi-2022.md").read_bytes()[:2] == b"\xff\xfe"
    assert (files / "round3-txt-gb18030bom-2019-dingcheng-2020.txt").read_bytes()[:4] == b"\x84\x31\x95\x33"


# ---------------------------------------------------------------- round 5: producer quirks


def test_docx_producer_quirks_are_in_the_files():
    nested = docx.Document(file_of("round5-docx-nested-xihu-2023"))
    assert all(len(t.rows) == 1 and len(t.columns) == 1 and t.cell(0, 0).tables for t in nested.tables)

    spacer = docx.Document(file_of("round5-docx-spacer-ningbo-2022"))
    assert all(not "".join(c.text for c in t.columns[0].cells).strip() for t in spacer.tables)

    vmerge = docx.Document(file_of("round5-docx-vmerge-heading-yinzhou-2021")).tables[0]
    first = [c.text for c in vmerge.columns[0].cells]  # a merged cell repeats for every row it spans
    assert first.count("第二十条第（六）项") == 3

    runs = docx.Document(file_of("round5-docx-runs-fonts-zhenhai-2023")).tables[0]
    label = next(c for c in runs.column_cells(0) if c.text == "行政规范性文件")
    assert len({r.font.name for r in label.paragraphs[0].runs}) == 3

    split = docx.Document(file_of("round5-docx-split-guiffan-gongshu-2022"))
    assert len(split.tables) == 4 + 2


def test_html_producer_quirks_are_in_the_file():
    soup = BeautifulSoup(file_of("round5-html-thcolspan-beilun-2023").read_text(encoding="utf-8"), "lxml")
    proactive = soup.find("table")
    assert proactive.find("th", colspan="4").get_text() == "第二十条第（一）项"
    assert proactive.find("strong") and proactive.find("em")
    assert "\xa0" in proactive.get_text()


# ---------------------------------------------------------------- round 6: rows and columns added or dropped


def table_rows(name: str, index: int) -> list[list[str]]:
    soup = BeautifulSoup(file_of(name).read_text(encoding="utf-8"), "html.parser")
    table = soup.find_all("table")[index]
    return [[td.get_text() for td in tr.find_all("td")] for tr in table.find_all("tr")]


def test_the_files_carry_their_rows_and_columns():
    merged = table_rows("round6-html-merged-applicants-2022", 1)
    assert merged[1][3:] == ["自然人", "法人或其他组织", "总计"]
    assert all(len(r) == 6 for r in merged)
    recon = table_rows("round6-html-appeals-recon-only-2022", 2)
    assert recon[0][0] == "行政复议" and len(recon[-1]) == 5
    assert len(table_rows("round6-html-appeals-nototals-2022", 2)[-1]) == 12
    assert len(table_rows("round6-html-appeals-heji-group-2023", 2)[-1]) == 20
    assert all(c.endswith("件") for c in table_rows("round6-html-jian-suffix-2023", 2)[-1])
    assert ["行政检查", "145", "", ""] in table_rows("round6-html-proactive-extra-rows-2022", 0)
    text = file_of("round6-txt-requests-nototal-col-2022").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("一、本年新收"))
    assert len(row.split("\t")) == 3 + 6
    assert "其中：通过网络申请" in file_of("round6-txt-requests-qizhong-2023").read_text(encoding="utf-8")
    word = docx.Document(file_of("round6-docx-proactive-extra-rows-2019-2020"))
    assert ["行政检查", "8", "-2", "96"] in [[c.text for c in r.cells] for r in word.tables[0].rows]
    word = docx.Document(file_of("round6-docx-qizhong-jian-heji-2023"))
    labels = [r.cells[0].text for r in word.tables[1].rows]
    assert "其中：通过网络申请" in labels and labels[-1] == "合计"
