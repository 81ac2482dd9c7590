"""Hostile inputs at growing sizes: wall time and peak memory of parse_report on each.

Every input is one a stranger could send in a pull request: a table with colspan="1000", a text
file of unclosed <table tags, a DOCX zip bomb … Each is generated at sizes 1×, 2×, 4×, 8× and
parsed in a fresh subprocess (capped at --timeout seconds and --memory GiB of address space),
so the growth of time and memory with the input shows whether a reader is bounded:

    /work/main/.venv/bin/python benchmarks/hostile.py                   # this worktree's builder/
    /work/main/.venv/bin/python benchmarks/hostile.py --root /tmp/orig  # another copy (before/after)
    /work/main/.venv/bin/python benchmarks/hostile.py --only docx_bomb --sizes 1,2

Outcome: "ok" (parsed), "ReportError: …" (refused with a one-line message), "TIMEOUT", "MemoryError",
or another exception: only the first two are acceptable.
"""

from __future__ import annotations

import argparse
import ast
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# ---------------------------------------------------------------- generators: (k) -> (suffix, bytes)

TABLE_HEAD = "<html><body><p>一、总体情况</p><p>三、收到和处理政府信息公开申请情况</p>"


def html_colspan(k: int) -> tuple[str, bytes]:
    """A 15 KB page at 1×: one row of cells each colspan=1000, then short rows."""
    n = 300 * k
    row = "<tr>" + '<td colspan="1000">1</td>' * n + "</tr>"
    short = "<tr><td>本年新收政府信息公开申请数量</td><td>1</td></tr>" * (n // 4)
    return ".html", (TABLE_HEAD + f"<table>{row}{short}</table></body></html>").encode()


def html_rowspan(k: int) -> tuple[str, bytes]:
    """Rows of one cell each spanning 65534 rows and 1000 columns: every cell pushes the next right."""
    n = 200 * k
    rows = '<tr><td rowspan="65534" colspan="1000">予以公开</td><td>1</td></tr>' * n
    return ".html", (TABLE_HEAD + f"<table>{rows}</table></body></html>").encode()


def html_columns(k: int) -> tuple[str, bytes]:
    """Thousands of columns in one row: a label, then numbers."""
    n = 3000 * k
    row = "<tr><td>本年新收政府信息公开申请数量</td>" + "<td>1</td>" * n + "</tr>"
    return ".html", (TABLE_HEAD + f"<table>{row}<tr><td>a</td><td>b</td></tr></table></body></html>").encode()


def html_deep(k: int) -> tuple[str, bytes]:
    """Elements nested ever deeper."""
    n = 5000 * k
    return ".html", (TABLE_HEAD + "<div><span>" * n + "一、总体情况" + "</span></div>" * n + "</body></html>").encode()


def html_nested_tables(k: int) -> tuple[str, bytes]:
    """Tables nested in cells, ever deeper."""
    n = 1000 * k
    return ".html", (TABLE_HEAD + "<table><tr><td>x" * n + "1" + "</td></tr></table>" * n + "</body></html>").encode()


def html_css_table(k: int) -> tuple[str, bytes]:
    """A CSS display:table layout of many cells."""
    n = 2000 * k
    row = '<div style="display:table-row"><div style="display:table-cell">予以公开</div>' + \
          '<div style="display:table-cell">1</div>' * 8 + "</div>"
    return ".html", (TABLE_HEAD + '<div style="display:table">' + row * n + "</div></body></html>").encode()


def html_size(k: int) -> tuple[str, bytes]:
    """A large page of ordinary paragraphs."""
    para = "<p>本机关认真贯彻落实政府信息公开条例，2020年主动公开政府信息。</p>"
    return ".html", (TABLE_HEAD + para * (40000 * k) + "</body></html>").encode()


def text_unclosed_tables(k: int) -> tuple[str, bytes]:
    """Many <table tags that never close (a regex .*? to </table> from each one)."""
    n = 5000 * k
    return ".md", ("一、总体情况\n" + "<table x\n" * n).encode()


def text_long_line(k: int) -> tuple[str, bytes]:
    """One line of 1.25 MB at 1× (spaces, then a character: every leading-space regex's worst case)."""
    return ".txt", ("一、总体情况\n" + " " * (1_250_000 * k) + "x\n").encode()


def text_autolinks(k: int) -> tuple[str, bytes]:
    """Autolinks and bookmarks that never close, on one line."""
    n = 20000 * k
    return ".md", ("一、总体情况\n" + "<http://a" * n + "\n" + "[bookmark:a" * n + "\n").encode()


def text_many_lines(k: int) -> tuple[str, bytes]:
    """125,000 short lines at 1× (a million at 8×)."""
    return ".txt", ("一、总体情况\n三、收到和处理政府信息公开申请情况\n" + "予以公开 1 2\n" * (125_000 * k)).encode()


def text_tabs(k: int) -> tuple[str, bytes]:
    """One table row of many tab-separated cells."""
    n = 20000 * k
    return ".txt", ("三、收到和处理政府信息公开申请情况\n本年新收政府信息公开申请数量" + "\t1" * n + "\t予以公开\n").encode()


def text_html_deep(k: int) -> tuple[str, bytes]:
    """HTML inside Markdown, nested deep in a table cell."""
    n = 2000 * k
    return ".md", ("一、总体情况\n<table><tr><td>" + "<div>" * n + "予以公开" + "</div>" * n + "</td><td>1</td></tr></table>\n").encode()


def text_utf16(k: int) -> tuple[str, bytes]:
    """A UTF-16 text with a BOM: report lines, many times over."""
    body = "一、总体情况\n三、收到和处理政府信息公开申请情况\n" + "予以公开\t1\t2\t3\n" * (3000 * k)
    return ".txt", "\ufeff".encode("utf-16-le") + body.encode("utf-16-le")


def text_cell_lines(k: int) -> tuple[str, bytes]:
    """Word's one-cell-a-line text export, one cell continued over 5,000 lines at 1× (40,000 at 8×)."""
    return ".txt", ("三、收到和处理政府信息公开申请情况\n" + "\tx\n" * 40 + "\t予以公开\n" + "续\n" * (5000 * k)).encode()


def text_space_label(k: int) -> tuple[str, bytes]:
    """A tab-separated row whose label holds a run of 200,000 spaces at 1×."""
    return ".txt", ("三、收到和处理政府信息公开申请情况\n中" + " " * (200_000 * k) + "x\t1\t2\n").encode()


def docx_bomb(k: int) -> tuple[str, bytes]:
    """A DOCX whose document.xml inflates to 128 MB at 1× (1 GB at 8×) from ~1000× less."""
    return ".docx", _docx(b"<w:p><w:r><w:t>" + b" " * (128 * 2**20 * k) + b"</w:t></w:r></w:p>")


def docx_gridspan(k: int) -> tuple[str, bytes]:
    """Table cells claiming to span a billion grid columns, rows skipping as many."""
    cell = b'<w:tc><w:tcPr><w:gridSpan w:val="%d"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>' % (10**6 * k)
    row = b'<w:tr><w:trPr><w:gridBefore w:val="%d"/></w:trPr>' % (10**6 * k) + cell * 4 + b"</w:tr>"
    return ".docx", _docx(b"<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>" + row * 20 + b"</w:tbl>")


def docx_nested(k: int) -> tuple[str, bytes]:
    """Tables nested in cells, ever deeper."""
    n = 60 * k
    grid = b"<w:tblGrid><w:gridCol/></w:tblGrid>"
    return ".docx", _docx((b"<w:tbl>" + grid + b"<w:tr><w:tc>") * n + b"<w:p><w:r><w:t>1</w:t></w:r></w:p>" + b"</w:tc></w:tr></w:tbl>" * n)


def pdf_pages(k: int) -> tuple[str, bytes]:
    """A PDF of 600 near-empty pages at 1× (4,800 at 8×)."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for n in range(600 * k):
        pdf.drawString(72, 720, str(n))
        pdf.showPage()
    pdf.save()
    return ".pdf", out.getvalue()


def pdf_paths(k: int) -> tuple[str, bytes]:
    """One page ruled with 10,000 tiny filled rects at 1× (80,000 at 8×): path objects pdfium (pdf_objects)
    and pdfplumber's table finder walk, under a label and a few numbers."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.setFont("STSong-Light", 10)
    pdf.drawString(72, 760, "三、收到和处理政府信息公开申请情况")
    for n in range(10_000 * k):
        row, col = divmod(n, 400)
        pdf.rect(72 + col * 1.2, 740 - row * 0.6, 1, 0.4, stroke=0, fill=1)
    for n in range(20):
        pdf.drawString(80 + 60 * (n % 5), 300 - 20 * (n // 5), str(100 + n))
    pdf.showPage()
    pdf.save()
    return ".pdf", out.getvalue()


def pdf_font_widths(k: int) -> tuple[str, bytes]:
    """200 ruled pages sharing one CID font whose /W array holds 50,000 widths at 1× (400,000 at 8×):
    a reader that reads a font's widths once per page, not once per document, grows with pages × widths."""
    label = "".join(f"\\{ord(c) >> 8:03o}\\{ord(c) & 255:03o}" for c in "三、收到和处理政府信息公开申请情况")
    content = ("0.5 w 72 700 m 432 700 l S 72 600 m 432 600 l S 72 700 m 72 600 l S 432 700 m 432 600 l S "
               f"BT /F2 10 Tf 72 720 Td ({label}) Tj ET BT /F2 10 Tf 80 650 Td (\\000\\061\\000\\062) Tj ET").encode()
    widths = " ".join(["462"] * (50_000 * k))
    font = ("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [ << "
            "/Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering "
            f"(GB1) /Supplement 2 >> /DW 1000 /W [ 0 [ {widths} ] ] /FontDescriptor << /Type /FontDescriptor /FontName "
            "/STSongStd-Light /Flags 6 /FontBBox [ -25 -254 1000 880 ] /ItalicAngle 0 /Ascent 752 /Descent -271 "
            "/CapHeight 737 /StemV 58 >> >> ] >>").encode()
    pages = 200
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (5 + i) for i in range(pages)), pages),
               3: font, 4: b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"}
    for i in range(pages):
        objects[5 + i] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F2 3 0 R >> >> "
                          b"/Contents 4 0 R >>")
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number in sorted(objects):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return ".pdf", bytes(out)


def _docx(body: bytes) -> bytes:
    """A minimal DOCX package around a w:body's content."""
    w = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml",
                    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                    '<Default Extension="xml" ContentType="application/xml"/>'
                    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                    'wordprocessingml.document.main+xml"/></Types>')
        zf.writestr("_rels/.rels",
                    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                    'officeDocument" Target="word/document.xml"/></Relationships>')
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><w:document ' + w + b"><w:body>"
                       b"<w:p><w:r><w:t>\xe4\xb8\x80\xe3\x80\x81\xe6\x80\xbb\xe4\xbd\x93\xe6\x83\x85\xe5\x86\xb5</w:t></w:r></w:p>")
            for start in range(0, len(body), 2**24):
                part.write(body[start:start + 2**24])
            part.write(b"</w:body></w:document>")
    return out.getvalue()


CASES = {f.__name__: f for f in (
    html_colspan, html_rowspan, html_columns, html_deep, html_nested_tables, html_css_table, html_size,
    text_unclosed_tables, text_long_line, text_autolinks, text_many_lines, text_tabs, text_html_deep, text_utf16,
    text_cell_lines, text_space_label,
    docx_bomb, docx_gridspan, docx_nested, pdf_pages, pdf_paths, pdf_font_widths,
)}

# ---------------------------------------------------------------- running

# Imports and one warm-up parse first, so that "parse s" is the hostile input's own time.
RUNNER = """
import sys, time
import builder.read.docx, builder.read.pdf
from builder.errors import ReportError
from builder.parse import parse_report
parse_report(sys.argv[2])
start = time.perf_counter()
try:
    report = parse_report(sys.argv[1])
    outcome = "ok " + str(sum(v is not None for v in report["values"].values())) + " values"
except ReportError as exc:
    outcome = "ReportError: " + str(exc)
except MemoryError:
    outcome = "MemoryError"
except RecursionError:
    outcome = "RecursionError"
print(f"{time.perf_counter() - start:.2f}", outcome)
"""
WARM_UP = REPO / "tests" / "fixtures" / "generated" / "gen-xiangzhou-shuiwuju-2022.txt"


def run(root: Path, path: Path, timeout: float, memory_gib: float) -> tuple[str, str, float, float]:
    """(outcome, parse seconds, wall seconds, peak RSS MiB) of parse_report(path) in a fresh interpreter
    under root (wall includes the interpreter's start, imports and the warm-up parse)."""

    def limit():
        cap = int(memory_gib * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", RUNNER, str(path), str(WARM_UP)], cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=limit, env={**os.environ, "PYTHONPATH": str(root)})
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        out, err = b"TIMEOUT", b""
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux; max over children so far
    text = out.decode("utf-8", "replace").strip() or "- " + (err.decode("utf-8", "replace").strip().splitlines() or ["?"])[-1]
    if text == "TIMEOUT":
        return "TIMEOUT", f">{timeout:.0f}", wall, peak
    seconds, outcome = text.splitlines()[-1].split(" ", 1)
    return outcome[:110], seconds, wall, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=REPO, help="the folder holding the builder/ to measure")
    parser.add_argument("--only", default="", help="comma-separated case names (default: all)")
    parser.add_argument("--sizes", default="1,2,4,8", help="size factors")
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a run counts as hung")
    parser.add_argument("--memory", type=float, default=4, help="GiB of address space per run")
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n] or list(CASES)
    print(f"builder/ from {args.root.resolve()}")
    print(f"{'case':22} {'size':>4} {'input':>9} {'parse s':>7} {'wall s':>7} {'peak MiB':>9}  outcome")
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            hung = False
            for k in (int(s) for s in args.sizes.split(",")):
                suffix, data = CASES[name](k)
                if hung:
                    print(f"{name:22} {k:>3}× {len(data) / 1024:>7.0f}K {'-':>7} {'-':>7} {'-':>9}  not run (a smaller size hung)")
                    continue
                path = Path(tmp) / f"{name}-{k}{suffix}"
                path.write_bytes(data)
                # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: each run in its own helper
                # process so that the figure is this run's.
                outcome, seconds, wall, peak = _isolated(args, path)
                print(f"{name:22} {k:>3}× {len(data) / 1024:>7.0f}K {seconds:>7} {wall:>7.2f} {peak:>9.0f}  {outcome}",
                      flush=True)
                path.unlink()
                hung = outcome == "TIMEOUT"


def _isolated(args, path: Path) -> tuple[str, str, float, float]:
    call = f"hostile.run(Path({str(args.root)!r}), Path({str(path)!r}), {args.timeout!r}, {args.memory!r})"
    code = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import hostile; "
            f"from pathlib import Path; print(repr({call}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip()
    return ast.literal_eval(out.splitlines()[-1])


if __name__ == "__main__":
    main()
