"""Hostile inputs end in a result or a one-line ReportError, never a hang, a crash or a MemoryError.

Each input is built here, small on disk, from a real report where the attack hides in one:
a table with colspan="1000", a text full of unclosed <table tags, a DOCX zip bomb … The limits
they meet live in builder/read/limits.py; benchmarks/hostile.py measures the time and memory
the same shapes take at growing sizes. Nothing here is timed: a guard (SIGALRM, 60 s) only turns
a hang into a failure instead of a stuck suite.
"""

from __future__ import annotations

import re
import resource
import signal
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from builder.errors import ReportError
from builder.parse import parse_report
from builder.read import read_document
from builder.read.limits import LIMITS

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "tests" / "fixtures" / "generated"
HTML_REPORT = GENERATED / "gen-donghu-renminzhengfu-2020.html"  # gb2312, rowspan/colspan tables
TEXT_REPORT = GENERATED / "gen-xiangzhou-shuiwuju-2022.txt"
DOCX_REPORT = GENERATED / "gen-jianghan-renminzhengfu-2023.docx"


@pytest.fixture(autouse=True)
def hang_guard():
    """A parse still running after 60 s is a hang: fail the test rather than stall the suite."""

    def hung(signum, frame):
        raise TimeoutError("hung: still parsing after 60 s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def values_of(path: Path) -> dict:
    return parse_report(path)["values"]


def refused(path: Path, words: str) -> str:
    """The ReportError parse_report raises: one line, Chinese then English, containing `words`."""
    with pytest.raises(ReportError) as info:
        parse_report(path)
    message = str(info.value)
    assert "\n" not in message
    assert re.match(r"^[^a-z]*[\u4e00-\u9fff]", message), message  # Chinese first (after a format name)
    assert words in message, message
    return message


def html_report() -> str:
    return HTML_REPORT.read_bytes().decode("gb18030")


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# ---------------------------------------------------------------- HTML


def test_colspan_1000_in_a_real_table_reads_as_before(tmp_path):
    """A title cell spanning the spec's maximum of 1000 columns: the table reads as it did."""
    text = html_report()
    assert 'colspan="10"' in text
    path = write(tmp_path, "wide-title.html", text.replace('colspan="10"', 'colspan="1000"'), "gb18030")
    assert values_of(path) == values_of(HTML_REPORT)


def test_rowspan_past_the_table_reads_as_before(tmp_path):
    """rowspan="65534" (the spec's maximum) stops at the table's end, as browsers draw it."""
    text = html_report()
    assert 'rowspan="20"' in text
    path = write(tmp_path, "tall-label.html", text.replace('rowspan="20"', 'rowspan="65534"'), "gb18030")
    assert values_of(path) == values_of(HTML_REPORT)


def test_span_values_beyond_the_spec_are_clamped(tmp_path):
    path = write(tmp_path, "clamped.html", html_report().replace('colspan="10"', 'colspan="999999999"'), "gb18030")
    assert values_of(path) == values_of(HTML_REPORT)


def test_a_row_of_colspan_1000_cells_is_refused(tmp_path):
    """15 KB whose table is 300,000 columns wide (minutes of grid filling before the limit)."""
    row = "<tr>" + '<td colspan="1000">1</td>' * 300 + "</tr>" + "<tr><td>予以公开</td><td>1</td></tr>" * 75
    path = write(tmp_path, "colspan.html", f"<html><body><p>一、总体情况</p><table>{row}</table></body></html>")
    assert path.stat().st_size < 16_000
    refused(path, "exceeds the limit")


def test_cells_spanning_rows_and_columns_are_refused_before_filling(tmp_path):
    rows = '<tr><td rowspan="65534" colspan="1000">予以公开</td><td>1</td></tr>' * 200
    path = write(tmp_path, "rowspan.html", f"<html><body><table>{rows}</table></body></html>")
    message = refused(path, "an HTML table's grid (rows × columns) exceeds the limit")
    assert f"> {LIMITS.table_slots:,}" in message


def test_thousands_of_columns_in_a_report_row(tmp_path):
    """A requests row with 5,000 numbers: read, and that row's place left unknown (cell_count)."""
    text = TEXT_REPORT.read_text("utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("一、本年新收"))
    path = write(tmp_path, "columns.txt", text.replace(line, line + "\t1" * 5000))
    report = parse_report(path)
    assert report["values"]["requests.new_received.total"] is None
    assert any(c["rule"] == "cell_count" and "requests.new_received.total" in c["fields"] for c in report["checks"])
    baseline = values_of(TEXT_REPORT)
    assert report["values"]["proactive.rules.issued"] == baseline["proactive.rules.issued"] is not None


def test_deep_nesting_past_the_parser_depth(tmp_path):
    """5,000 nested <div>s: libxml2 stops nesting at depth 255, and what it drops is reported."""
    text = html_report()
    body = re.search(r"<body[^>]*>(.*)</body>", text, re.S).group(1)
    shallow = write(tmp_path, "nested200.html", text.replace(body, "<div>" * 200 + body + "</div>" * 200), "gb18030")
    assert values_of(shallow) == values_of(HTML_REPORT)
    deep = write(tmp_path, "nested5000.html", text.replace(body, "<div>" * 5000 + body + "</div>" * 5000), "gb18030")
    refused(deep, "no text in file")


def test_tables_nested_thousands_deep(tmp_path):
    """Layout tables 3,000 deep (each level's cells read as body text): read to the depth libxml2 keeps."""
    html = "<html><body><p>一、总体情况</p>" + "<table><tr><td>x" * 3000 + "1" + "</td></tr></table>" * 3000
    report = parse_report(write(tmp_path, "nested-tables.html", html + "</body></html>"))
    assert report["parts"]["overview"].startswith("x\nx\n")
    assert all(v is None for v in report["values"].values())


@pytest.mark.slow
def test_css_table_layout_of_many_rows_is_refused(tmp_path):
    cell = '<div style="display:table-cell">1</div>'
    row = f'<div style="display:table-row"><div style="display:table-cell">予以公开</div>{cell * 9}</div>'
    path = write(tmp_path, "css.html", f'<html><body><div style="display:table">{row * 12000}</div></body></html>')
    refused(path, "an HTML table's grid")


def test_css_table_layout_is_read_as_a_table(tmp_path):
    """The same layout at a real report's size is a table (its rows reach the mapper)."""
    cells = "".join(f'<div style="display:table-cell">{n}</div>' for n in (3, 2, 1, 0, 0, 0, 6))
    row = f'<div style="display:table-row"><div style="display:table-cell">本年新收政府信息公开申请数量</div>{cells}</div>'
    html = f'<html><body><p>三、收到和处理政府信息公开申请情况</p><div style="display:table">{row}</div></body></html>'
    assert values_of(write(tmp_path, "css-small.html", html))["requests.new_received.total"] == 6


def test_html_larger_than_the_limit_is_refused_unread(tmp_path):
    path = tmp_path / "huge.html"
    with path.open("wb") as fh:
        fh.truncate(LIMITS.html_bytes + 1)  # sparse: nothing written, nothing read
    refused(path, "HTML file exceeds the limit")


# ---------------------------------------------------------------- text


def test_unclosed_table_tags_in_text(tmp_path):
    """5,000 <table tags that never close, before and after the report: read as the report."""
    text = TEXT_REPORT.read_text("utf-8")
    path = write(tmp_path, "unclosed.md", "<table x\n" * 5000 + text + "<table\n" * 5000)
    assert values_of(path) == values_of(TEXT_REPORT)


def test_html_tables_in_text_are_split_like_the_regex_did(tmp_path):
    from builder.read.text import split_html_tables

    old = re.compile(r"(<table\b.*?</table>)", re.I | re.S)
    for text in ("a<table>1</table>b<TABLE x>2</Table>c", "<table><table>x</table></table>", "<tablex>", "<table",
                 "a<table>b</table", "</table><table>1</table>"):
        assert split_html_tables(text) == old.split(text)


def test_one_line_of_ten_megabytes(tmp_path):
    text = TEXT_REPORT.read_text("utf-8")
    path = write(tmp_path, "long-line.txt", text + " " * 10_000_000 + "x\n")
    assert values_of(path) == values_of(TEXT_REPORT)


def test_unclosed_autolinks_and_bookmarks_on_one_line(tmp_path):
    text = TEXT_REPORT.read_text("utf-8")
    path = write(tmp_path, "links.md", text + "<http://a" * 20000 + "\n" + "[bookmark:a" * 20000 + "\n")
    assert values_of(path) == values_of(TEXT_REPORT)


def test_a_million_short_lines_is_refused(tmp_path):
    path = write(tmp_path, "lines.txt", "一、总体情况\n" + "1\n" * 1_000_000)
    refused(path, "text lines exceeds the limit")


def test_text_larger_than_the_limit_is_refused_unread(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(LIMITS.text_bytes + 1)
    refused(path, "text file exceeds the limit")


def test_twenty_thousand_tab_separated_cells(tmp_path):
    text = TEXT_REPORT.read_text("utf-8")
    path = write(tmp_path, "tabs.txt", text + "其他\t" + "1\t" * 20000 + "予以公开\n")
    assert values_of(path) == values_of(TEXT_REPORT)


def test_a_label_holding_a_long_run_of_spaces(tmp_path):
    text = TEXT_REPORT.read_text("utf-8")
    path = write(tmp_path, "spaces.txt", text.replace("\n四、", "\n中" + " " * 200_000 + "x\t1\t2\n四、", 1))
    assert values_of(path) == values_of(TEXT_REPORT)


def test_a_cell_continued_over_45000_lines(tmp_path):
    """Word's one-cell-a-line export with one cell that never ends: read, in linear time."""
    path = write(tmp_path, "cell-lines.txt",
                 "三、收到和处理政府信息公开申请情况\n" + "\tx\n" * 40 + "\t予以公开\n" + "续\n" * 45_000)
    doc = read_document(path)
    cell = doc.blocks[-1].rows[-1][-1]
    assert cell.startswith("予以公开\n续\n") and cell.count("\n") == 45_000


def test_html_nested_deep_inside_markdown(tmp_path):
    text = TEXT_REPORT.read_text("utf-8")
    deep = "<table><tr><td>" + "<div>" * 3000 + "予以公开" + "</div>" * 3000 + "</td><td>1</td></tr></table>\n"
    assert values_of(write(tmp_path, "deep.md", text + deep)) == values_of(TEXT_REPORT)


def test_utf16_text_reads_as_the_utf8_one(tmp_path):
    text = TEXT_REPORT.read_text("utf-8")
    for encoding, bom in (("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(bom + text.encode(encoding))
        assert values_of(path) == values_of(TEXT_REPORT)


# ---------------------------------------------------------------- DOCX


def deflated_spaces(size: int) -> tuple[bytes, int]:
    """(raw deflate stream, CRC-32) of `size` spaces, built from one compressed 16 MiB block repeated.

    A full flush makes each block independent, so compressing 1 GiB costs one block's time.
    """
    block = 16 * 2**20
    assert size % block == 0
    chunk = b" " * block
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = piece * (size // block) + compressor.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(size // block):
        crc = zlib.crc32(chunk, crc)
    return stream, crc


def zip_with(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of already-deflated members (name, stream, crc, inflated size), written by hand:
    zipfile can only write what it compresses itself."""
    out, central = bytearray(), bytearray()
    for name, stream, crc, size in members:
        offset = len(out)
        fields = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0x21, crc, len(stream), size)
        out += b"PK\x03\x04" + fields + struct.pack("<HH", len(name), 0) + name.encode() + stream
        central += (b"PK\x01\x02" + struct.pack("<H", 20) + fields + struct.pack("<HHHHHII", len(name), 0, 0, 0, 0, 0, offset)
                    + name.encode())
    end = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + end)


def bomb(tmp_path: Path, inflated: int) -> Path:
    """The real report with its document.xml replaced by `inflated` bytes of spaces."""
    members = []
    with zipfile.ZipFile(DOCX_REPORT) as zf:
        for info in zf.infolist():
            if info.filename == "word/document.xml":
                stream, crc = deflated_spaces(inflated)
                members.append((info.filename, stream, crc, inflated))
            else:
                data = zf.read(info)
                compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
                members.append((info.filename, compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)))
    path = tmp_path / f"bomb-{inflated >> 20}.docx"
    path.write_bytes(zip_with(members))
    return path


def test_zip_bomb_is_refused_within_a_gigabyte(tmp_path):
    """1 GiB of document.xml from 1 MB of zip: the CLI refuses it in one line under a 1 GiB address-space cap
    (python-docx and lxml would need twice that)."""
    path = bomb(tmp_path, 2**30)
    assert path.stat().st_size < 2 * 2**20

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))

    result = subprocess.run([sys.executable, "-m", "builder", "parse", str(path), "--json"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, preexec_fn=cap)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "an inflated DOCX part exceeds the limit" in lines[0] and "MemoryError" not in lines[0]


def test_zip_bomb_under_the_size_limit_is_refused_by_its_ratio(tmp_path):
    path = bomb(tmp_path, 48 * 2**20)
    refused(path, "compression ratio (zip bomb?)")


def test_the_bomb_builder_makes_a_valid_zip(tmp_path):
    """The hand-written zip is one zipfile reads back whole (so the refusals above are not about a broken zip)."""
    path = bomb(tmp_path, 16 * 2**20)
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        assert zf.read("word/document.xml") == b" " * (16 * 2**20)


def docx_with_document(tmp_path: Path, name: str, edit) -> Path:
    """The real DOCX report with its document.xml edited."""
    path = tmp_path / name
    with zipfile.ZipFile(DOCX_REPORT) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, edit(data) if info.filename == "word/document.xml" else data)
    return path


def test_docx_spans_of_a_billion_columns(tmp_path):
    """w:gridSpan and w:gridBefore of 10⁹ (a loop and a list that large before): clamped, the report read."""
    def edit(xml: bytes) -> bytes:
        xml = xml.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="1000000000"/>', 1)
        return xml.replace(b"<w:tr>", b'<w:tr><w:trPr><w:gridBefore w:val="1000000000"/></w:trPr>', 1)

    path = docx_with_document(tmp_path, "spans.docx", edit)
    with zipfile.ZipFile(path) as zf:
        assert b'w:val="1000000000"' in zf.read("word/document.xml")
    report = parse_report(path)
    assert report["values"]["appeals.reconsideration.total"] == values_of(DOCX_REPORT)["appeals.reconsideration.total"]


def test_docx_of_many_parts_is_refused(tmp_path):
    path = tmp_path / "parts.docx"
    with zipfile.ZipFile(DOCX_REPORT) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        for n in range(LIMITS.docx_parts):
            dst.writestr(f"customXml/item{n}.xml", b"")
    refused(path, "DOCX parts exceeds the limit")


# ---------------------------------------------------------------- PDF and every format


@pytest.mark.slow
def test_pdf_of_more_pages_than_the_limit_is_refused(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "pages.pdf"
    pdf = canvas.Canvas(str(path))
    for n in range(LIMITS.pdf_pages + 1):
        pdf.drawString(72, 720, str(n))
        pdf.showPage()
    pdf.save()
    refused(path, "PDF pages exceeds the limit")


def test_a_title_line_of_many_years_is_cut_before_the_metadata_regexes(tmp_path):
    """One 120 KB line of 2020年…: the title regex is quadratic in its line, so lines are cut at
    LIMITS.line_chars (a report's longest paragraph is far shorter)."""
    text = TEXT_REPORT.read_text("utf-8")
    path = write(tmp_path, "years.txt", "2020年" * 20000 + "报告\n" + text)
    doc = read_document(path)
    assert max(len(b.text) for b in doc.blocks if hasattr(b, "text")) <= LIMITS.line_chars
    report = parse_report(path)
    assert report["values"]["requests.new_received.total"] == values_of(TEXT_REPORT)["requests.new_received.total"] == 51


def test_a_long_html_paragraph_is_cut_into_paragraphs(tmp_path):
    path = write(tmp_path, "long-p.html", "<html><body><p>一、总体情况</p><p>" + "政府" * 6000 + "</p></body></html>")
    texts = [b.text for b in read_document(path).blocks]
    assert texts == ["一、总体情况", "政府" * 2500, "政府" * 2500, "政府" * 1000]
