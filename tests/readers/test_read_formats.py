"""The formats agencies publish besides PDF/DOCX/HTML/text: .doc, .wps, .xlsx, .xls, .et, .ods, .ofd.

Every cell of the fixtures (tests/fixtures/formats/, made by tests/make_format_fixtures.py) is
checked against its truth by tests/mapping/test_accuracy.py, which reads every tests/truth/*.json; here:
what the readers make of the files' structure, damaged files of each kind (one line, exit 2, no
traceback), the bounds, and `add` / `validate` / `build` with the new formats.
.doc and .wps need LibreOffice (`make test` installs it).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from builder.cli import main
from builder.errors import ReportError
from builder.parse import parse_report
from builder.read import READERS, ofd, office, read_document, sheet
from builder.read.document import Paragraph, Table
from tests.corpus import harness

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ROOT / "tests/fixtures/formats"
DOC = FORMATS / "fmt-qinhuai-shuiwuju-2023.doc"
WPS = FORMATS / "fmt-wujiang-jiaoyuju-2023.wps"
XLSX_WHOLE = FORMATS / "fmt-yuhang-caizhengju-2023.xlsx"
XLSX_SHEETS = FORMATS / "fmt-xiaoshan-nongyenongcunju-2022.xlsx"
XLS = FORMATS / "fmt-haishu-zhujianju-2023.xls"
ODS = FORMATS / "fmt-yinzhou-weijianju-2021.ods"
ET = FORMATS / "fmt-lucheng-shuiliju-2023.et"
OFD_RUNS = FORMATS / "fmt-yuelu-ziranziyuanju-2023.ofd"
OFD_GLYPHS = FORMATS / "fmt-jinshui-renminzhengfu-2021.ofd"


def truth_of(path: Path) -> dict:
    return harness.truth(f"{path.stem}-{path.suffix[1:]}")


def test_every_new_format_is_registered_and_has_fixtures_with_truth():
    for ext in (".doc", ".wps", ".xlsx", ".xls", ".et", ".ods", ".ofd"):
        assert ext in READERS
    truths = [harness.truth(name) for name in harness.names("fmt-")]
    counts: dict[str, int] = {}
    for truth in truths:
        assert (ROOT / truth["file"]).is_file()
        counts[truth["format"]] = counts.get(truth["format"], 0) + 1
    assert counts == {"doc": 2, "wps": 1, "xlsx": 3, "xls": 1, "ods": 1, "et": 1, "ofd": 3}


def parse_cli(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "builder", "parse", str(path), "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=200)


def assert_one_line_error(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert words in lines[0], lines[0]
    assert result.stdout == ""


def rows_of(doc) -> list[list[str]]:
    return [row for block in doc.blocks if isinstance(block, Table) for row in block.rows]


# ---------------------------------------------------------------- spreadsheets


def test_cell_values_read_as_printed():
    assert sheet.cell_text(3.0) == "3"
    assert sheet.cell_text(0.1 + 0.2) == "0.3"
    assert sheet.cell_text(12.5) == "12.5"
    assert sheet.cell_text(7) == "7"
    assert sheet.cell_text(" 12 ") == "12"
    assert sheet.cell_text(None) == ""
    assert sheet.cell_text(dt.date(2024, 1, 18)) == "2024年1月18日"
    assert sheet.cell_text(dt.datetime(2024, 1, 18)) == "2024年1月18日"


@pytest.mark.parametrize("path", [XLSX_WHOLE, XLS, ET, XLSX_SHEETS, ODS], ids=lambda p: p.suffix + "-" + p.stem[4:14])
def test_a_workbook_reads_like_the_docx_it_was_made_from(path):
    """Title a paragraph; merged headers once per row; vertical labels repeated; numbers as printed."""
    doc = read_document(path)
    truth = truth_of(path)
    first = doc.blocks[0]
    assert isinstance(first, Paragraph) and first.text.startswith(truth["agency"])
    assert any(isinstance(b, Paragraph) and b.text.startswith("二、主动公开政府信息情况") for b in doc.blocks)
    rows = rows_of(doc)
    # The requests table's header: 申请人情况 spans six columns, printed once.
    header = next(r for r in rows if "申请人情况" in r)
    assert header.count("申请人情况") == 1
    # A vertically merged label repeats in the rows it spans (as the DOCX reader does).
    assert sum(1 for r in rows if r and r[0].startswith("三、本")) >= 20
    received = next(r for r in rows if r[0].startswith("一、本年新收"))
    values = truth["values"]
    assert received[-7:] == [str(values[f"requests.new_received.{c}"]) for c in (
        "natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org", "total")]
    assert not any(cell.endswith(".0") for r in rows for cell in r)
    # 第二十条第（五）项 spans the proactive table: a one-cell row of the table, not a paragraph.
    assert ["第二十条第（五）项"] in rows


def test_formula_cells_read_as_their_stored_values():
    """The bare workbook's 总计 column is =SUM(): calamine reads the value the workbook stored."""
    bare = FORMATS / "fmt-fuyang-gonganju-2023.xlsx"
    with zipfile.ZipFile(bare) as zf:
        assert zf.read("xl/worksheets/sheet1.xml").count(b"SUM(") >= 20
    values = truth_of(bare)["values"]
    received = next(r for r in rows_of(read_document(bare)) if r[0].startswith("一、本年新收"))
    assert received[-1] == str(values["requests.new_received.total"])


def test_a_date_cell_reads_as_the_signature_date():
    doc = read_document(XLSX_SHEETS)
    assert "2023年1月29日" in doc.paragraphs
    assert parse_report(XLSX_SHEETS)["published"] == "2023-01-29"


@pytest.mark.slow
def test_a_spreadsheet_under_another_spreadsheet_name_is_read_by_its_content(tmp_path):
    """An .et holding an xlsx, an .xls that is really an xlsx: calamine goes by the content."""
    for name in ("report.et", "report.xls"):
        copy = tmp_path / name
        shutil.copyfile(XLSX_WHOLE, copy)
        assert parse_report(copy)["values"] == parse_report(XLSX_WHOLE)["values"]


def test_ods_merges_are_read_from_content_xml():
    merges = sheet._ods_merges(ODS)
    assert ((0, 3), (0, 9)) in merges["依申请公开"]    # 申请人情况 over seven columns
    assert ((0, 0), (2, 2)) in merges["依申请公开"]    # the corner label over three rows and columns


def test_sheet_blocks_split_prose_tables_and_blank_rows():
    rows = [["某局2023年政府信息公开工作年度报告", "", ""],
            ["二、主动公开政府信息情况", "", ""],
            ["信息内容", "本年制发件数", "现行有效件数"],
            ["第二十条第（一）项", "", ""],
            ["规章", 1.0, 3],
            ["", "", ""],
            ["行政许可", "12", ""],
            ["xx年xx月xx日", "", ""]]
    blocks = sheet.sheet_blocks(rows, merges=[((3, 0), (3, 2))])
    kinds = [(type(b).__name__, b.text if isinstance(b, Paragraph) else b.rows) for b in blocks]
    assert kinds == [
        ("Paragraph", "某局2023年政府信息公开工作年度报告"),
        ("Paragraph", "二、主动公开政府信息情况"),
        ("Table", [["信息内容", "本年制发件数", "现行有效件数"], ["第二十条第（一）项"], ["规章", "1", "3"]]),
        ("Table", [["行政许可", "12"]]),
        ("Paragraph", "xx年xx月xx日"),
    ]


def _bomb(path: Path, member: str = "xl/worksheets/sheet1.xml") -> Path:
    """A zip whose one member inflates 10 MB from a few kilobytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(member, b"<" + b" " * 10_000_000 + b">")
    return path


DAMAGED_SHEETS = {
    "truncated.xlsx": (lambda p: p.write_bytes(XLSX_WHOLE.read_bytes()[:3000]), "corrupt spreadsheet"),
    "random.xls": (lambda p: p.write_bytes(bytes(range(7, 256)) * 12), "not a spreadsheet"),
    "truncated.xls": (lambda p: p.write_bytes(XLS.read_bytes()[:2048]), "corrupt spreadsheet"),
    "truncated.et": (lambda p: p.write_bytes(ET.read_bytes()[:5000]), "corrupt spreadsheet"),
    "truncated.ods": (lambda p: p.write_bytes(ODS.read_bytes()[:4000]), "corrupt spreadsheet"),
    "bomb.xlsx": (_bomb, "too large when decompressed"),
    "text.ods": (lambda p: p.write_text("申请人情况\t3\n", encoding="utf-8"), "not a spreadsheet"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(DAMAGED_SHEETS))
def test_a_damaged_spreadsheet_gets_one_line(name, tmp_path):
    make, words = DAMAGED_SHEETS[name]
    path = tmp_path / name
    make(path)
    assert_one_line_error(parse_cli(path), words)


@pytest.mark.slow
def test_a_sheet_past_the_cell_bound_is_refused(tmp_path):
    """Two cells, A1 and Z30000: a used range of 780,000 cells, not read at once."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"], wb.active["Z30000"] = "某局2023年政府信息公开工作年度报告", 1
    wb.save(tmp_path / "sparse.xlsx")
    assert_one_line_error(parse_cli(tmp_path / "sparse.xlsx"), "too large")


@pytest.mark.slow
def test_two_cells_at_the_far_corners_do_not_take_the_process_down(tmp_path):
    """calamine would ask for a dense 17-billion-cell grid (Rust aborts on the failed allocation):
    the bounded child it runs in dies instead, and the parse says so in one line."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"], wb.active["XFD1048576"] = "某局2023年政府信息公开工作年度报告", 1
    wb.save(tmp_path / "corners.xlsx")
    assert_one_line_error(parse_cli(tmp_path / "corners.xlsx"), "spreadsheet too large to read")


def test_a_table_away_from_a1_keeps_its_merges_and_hidden_sheets_are_left_out(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C3"] = "某局2023年政府信息公开工作年度报告"
    ws.merge_cells("C3:E3")
    ws["C4"], ws["D4"], ws["E4"] = "信息内容", "本年制发件数", "现行有效件数"
    ws["C5"], ws["D5"], ws["E5"] = "规章", 1, 2.0
    ws["C6"], ws["D6"] = "第二十条第（五）项", None
    ws.merge_cells("C6:E6")
    ws["C7"], ws["D7"] = "行政许可", "3"
    hidden = wb.create_sheet("草稿")
    hidden["A1"] = "不应读出"
    hidden.sheet_state = "hidden"
    wb.save(tmp_path / "offset.xlsx")
    doc = read_document(tmp_path / "offset.xlsx")
    assert [(type(b).__name__, b.text if isinstance(b, Paragraph) else b.rows) for b in doc.blocks] == [
        ("Paragraph", "某局2023年政府信息公开工作年度报告"),
        ("Table", [["信息内容", "本年制发件数", "现行有效件数"], ["规章", "1", "2"], ["第二十条第（五）项"],
                   ["行政许可", "3", ""]]),
    ]
    assert doc.pages == 1


# ---------------------------------------------------------------- .doc / .wps


@pytest.fixture(scope="module")
def libreoffice():
    if office.soffice() is None:
        pytest.fail("LibreOffice is needed for .doc/.wps (make test installs libreoffice-writer-nogui)")


def test_a_wps_reads_like_docx(libreoffice):
    doc = read_document(WPS)
    assert doc.format == "wps"
    assert any(truth_of(WPS)["agency"] in text for text in doc.paragraphs)
    rows = rows_of(doc)
    header = next(r for r in rows if "申请人情况" in r)
    assert header.count("申请人情况") == 1  # the DOCX reader's merges: gridSpan once
    assert sum(1 for r in rows if r and r[0].startswith("三、本")) >= 20  # vMerge repeated


def test_a_docx_saved_as_doc_is_read_as_docx(tmp_path):
    copy = tmp_path / "report.doc"
    shutil.copyfile(ROOT / "tests/fixtures/generated/gen-xuanwu-jiaoyuju-2023.docx", copy)
    assert parse_report(copy)["agency"] == "南京市玄武区教育局"


DAMAGED_DOCS = {
    "truncated.doc": (lambda p: p.write_bytes(DOC.read_bytes()[:3000]), "LibreOffice could not convert"),
    "random.doc": (lambda p: p.write_bytes(bytes(range(7, 256)) * 12), "not a Word or WPS document"),
    "rtf-not-a-report.wps": (lambda p: p.write_bytes(b"{\\rtf1\\ansi Minutes of the meeting.\\par}"),
                             "not an annual report"),
}


@pytest.mark.parametrize("name", sorted(DAMAGED_DOCS))
def test_a_damaged_doc_gets_one_line(name, tmp_path, libreoffice):
    make, words = DAMAGED_DOCS[name]
    path = tmp_path / name
    make(path)
    assert_one_line_error(parse_cli(path), words)


def test_without_libreoffice_a_doc_says_what_to_install(tmp_path):
    env = {**os.environ, "PATH": str(tmp_path)}  # no soffice on this PATH
    result = subprocess.run([sys.executable, "-m", "builder", "parse", str(DOC)], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, env=env)
    assert_one_line_error(result, "需要安装 LibreOffice")


def test_a_conversion_past_its_memory_fails_in_one_line(monkeypatch, libreoffice):
    monkeypatch.setattr(office, "MAX_CONVERT_MEMORY", 64 * 1024**2)  # LibreOffice cannot even start
    with pytest.raises(ReportError, match="LibreOffice could not convert"):
        read_document(DOC)


def test_a_conversion_past_its_time_is_killed(monkeypatch, libreoffice):
    monkeypatch.setattr(office, "CONVERT_TIMEOUT", 0.05)
    with pytest.raises(ReportError, match="timed out"):
        read_document(DOC)


# ---------------------------------------------------------------- OFD


@pytest.mark.slow
def test_ofd_glyphs_and_rules_become_ruled_tables():
    for path in (OFD_RUNS, OFD_GLYPHS):
        doc = read_document(path)
        assert doc.format == "ofd" and doc.pages == 4
        tables = [b for b in doc.blocks if isinstance(b, Table)]
        assert tables and all(t.ruled for t in tables)  # pdfplumber found the rules' cells
        assert any(truth_of(path)["agency"] in text for text in doc.paragraphs)


def test_delta_x_shorthand():
    assert ofd._deltas("g 3 5.2 1 g 2 0.5", 10) == [5.2, 5.2, 5.2, 1.0, 0.5, 0.5]
    assert ofd._deltas("g 100000000000 1 2", 4) == [1.0] * 4  # no more advances than glyphs


def _ofd_with(tmp_path: Path, name: str, files: dict[str, str | bytes]) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in files.items():
            zf.writestr(member, data)
    return path


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _damaged_ofds(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good = _members(OFD_RUNS)
    page = "Doc_0/Pages/Page_0/Content.xml"
    images_only = (b'<?xml version="1.0"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content>'
                   b'<ofd:Layer ID="1"><ofd:ImageObject ID="2" Boundary="0 0 210 297" ResourceID="9"/></ofd:Layer>'
                   b'</ofd:Content></ofd:Page>')
    scanned = {n: d for n, d in good.items() if "/Pages/" not in n or n == page} | {page: images_only}
    scanned["Doc_0/Document.xml"] = good["Doc_0/Document.xml"].split(b"<ofd:Pages>")[0] + (
        b'<ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>')
    (tmp_path / "truncated.ofd").write_bytes(OFD_RUNS.read_bytes()[:4000])
    (tmp_path / "not-a-zip.ofd").write_bytes(b"%PDF-1.7 not an ofd")
    return {
        "truncated": (tmp_path / "truncated.ofd", "corrupt OFD"),
        "not-a-zip": (tmp_path / "not-a-zip.ofd", "corrupt OFD (not a zip package)"),
        "no-ofd-xml": (_ofd_with(tmp_path, "no-root.ofd", {k: v for k, v in good.items() if k != "OFD.xml"}),
                       "missing part OFD.xml"),
        "no-docroot": (_ofd_with(tmp_path, "no-docroot.ofd", good | {"OFD.xml": b"<ofd:OFD xmlns:ofd='x'/>"}),
                       "names no DocRoot"),
        "bad-xml": (_ofd_with(tmp_path, "bad-xml.ofd", good | {page: good[page][:500]}), "bad XML"),
        "missing-page": (_ofd_with(tmp_path, "missing-page.ofd", {k: v for k, v in good.items() if k != page}),
                         "missing part"),
        "scanned": (_ofd_with(tmp_path, "scanned.ofd", scanned), "no text layer (scanned image?)"),
        "bomb": (_ofd_with(tmp_path, "bomb.ofd", good | {page: b"<" + b" " * 10_000_000 + b">"}), "too large"),
    }


def test_a_damaged_ofd_gets_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(ofd, "MAX_XML_BYTES", 5_000_000)  # the bomb's member inflates past it
    for name, (path, words) in _damaged_ofds(tmp_path).items():
        with pytest.raises(ReportError) as caught:
            read_document(path)
        message = str(caught.value)
        assert words in message and "\n" not in message, (name, message)


def test_a_damaged_ofd_on_the_command_line(tmp_path):
    (tmp_path / "truncated.ofd").write_bytes(OFD_GLYPHS.read_bytes()[:6000])
    assert_one_line_error(parse_cli(tmp_path / "truncated.ofd"), "corrupt OFD")


# ---------------------------------------------------------------- add, validate, build


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("source", [XLSX_WHOLE, DOC, OFD_RUNS], ids=lambda p: p.suffix[1:])
def test_add_stores_the_report_byte_for_byte_with_a_sidecar_and_validate_passes(source, tmp_path, libreoffice):
    data = tmp_path / "data"
    (data / "reports").mkdir(parents=True)
    result = run("add", source, "--data", data, "--source-url", "https://www.example.gov.cn/zwgk/1.html")
    assert result.exit_code == 0, result.output
    stored = [p for p in (data / "reports").rglob("*") if p.is_file() and p.suffix == source.suffix]
    assert len(stored) == 1 and stored[0].read_bytes() == source.read_bytes()
    sidecar = yaml.safe_load(stored[0].with_suffix(".yml").read_text(encoding="utf-8"))
    assert sidecar["source_url"] == "https://www.example.gov.cn/zwgk/1.html"
    assert truth_of(source)["agency"] in result.stdout
    assert run("validate", stored[0], "--data", data, "--cache-dir", data.parent / "cache").exit_code == 0


def test_the_build_collects_every_new_format_in_parallel(tmp_path, libreoffice):
    """The site build's parse step (builder.export.collect, run by `build` before the pages): two
    LibreOffice conversions at once, each with its own profile, and a damaged .doc that fails alone."""
    from builder.batch import collect_reports

    data = tmp_path / "data" / "reports"
    data.mkdir(parents=True)
    sources = (DOC, WPS, XLS, OFD_GLYPHS)
    for source in sources:
        shutil.copyfile(source, data / source.name)
    (data / "broken-2023.doc").write_bytes(DOC.read_bytes()[:3000])
    collection = collect_reports(tmp_path / "data", cache_dir=None, jobs=2)
    assert sorted(r["agency"] for r in collection.reports) == sorted(truth_of(s)["agency"] for s in sources)
    for report in collection.reports:
        source = next(s for s in sources if s.name == report["source"]["file"])
        assert report["source"]["format"] == source.suffix[1:]
        assert report["values"] == truth_of(source)["values"]
    assert [Path(f.path).name for f in collection.failures] == ["broken-2023.doc"]
    assert "LibreOffice could not convert" in collection.failures[0].error


def test_a_web_page_saved_as_doc_is_read_by_the_html_reader(tmp_path):
    """HTML (here GBK, declared in the page) and MHTML (quoted-printable, the charset in the MIME
    header) under a .doc name: no LibreOffice needed, every cell as from the .html."""
    import quopri

    page = ROOT / "tests/fixtures/generated/gen-donghu-renminzhengfu-2020.html"
    want = parse_report(page)["values"]
    as_doc = tmp_path / "report.doc"
    shutil.copyfile(page, as_doc)
    assert parse_report(as_doc)["values"] == want
    html = page.read_bytes().decode("gbk").replace('charset="gb2312"', "").replace("charset=gb2312", "")
    mht = (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01\"\r\n\r\n"
           b"------=_NextPart_01\r\nContent-Location: file:///C:/report.htm\r\n"
           b"Content-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html; charset=\"gb2312\"\r\n\r\n"
           + quopri.encodestring(html.encode("gbk")) + b"\r\n------=_NextPart_01--\r\n")
    as_mht = tmp_path / "report-mht.doc"
    as_mht.write_bytes(mht)
    assert parse_report(as_mht)["values"] == want
