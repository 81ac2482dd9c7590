"""Generate reports in the other formats agencies publish, with truth files: .doc, .wps, .xlsx, .xls, .ods, .et, .ofd.

    .venv/bin/python tests/make_format_fixtures.py      (needs LibreOffice: soffice on PATH)

Each report is made the way tests/make_fixtures.py makes its own — the official blank template
filled with seeded counts that obey the template's arithmetic (its Spec, make_values,
printed_values, fill_document) — and then written as

- DOC: LibreOffice converts the filled DOCX (--convert-to doc, "MS Word 97");
- WPS: LibreOffice has no WPS Office export filter (`--convert-to wps` writes its "MS Word 97"
  format under the .wps name). WPS Writer's own .wps is an OLE compound file holding a Word 97
  binary document too (LibreOffice reads it with its Word filter), so the fixture is the .doc
  LibreOffice writes, under the .wps name;
- XLSX (openpyxl): the report as an editor pastes it into Excel: the title and prose one row each,
  the tables cell by cell with the DOCX merges as merged cells; variant "sheets" puts each table
  on its own sheet, stores some numbers as text and some as floats (3.0), and the signature date as
  a date cell; variant "bare" holds the tables alone (title, part headings, signature), merges
  typed as blank cells, and the 总计 column as =SUM() formulas whose values LibreOffice computes;
- XLS / ODS: LibreOffice converts such an XLSX; ET (WPS spreadsheet): the .xls under the .et name,
  for the same reason as .wps;
- OFD: a committed PDF fixture (tests/fixtures/generated/*.pdf) rewritten as OFD (GB/T 33190),
  the way converters make OFD from PDF: each line's glyphs one TextObject with DeltaX advances,
  the table rules PathObjects; variant "glyphs" writes one TextObject per glyph inside a Layer and
  puts the page-number line on a TemplatePage, variant "ctm" draws text at size 1 scaled by each
  TextObject's CTM. The truth is the PDF's.

Truth goes to tests/truth/fmt-<name>-<ext>.json, in the shape tests/make_fixtures.py writes.
A rerun writes the same XLSX and OFD bytes; LibreOffice's DOC, XLS and ODS carry its save time
and layout caches, so they differ in bytes (never in content: the truth files do not change).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402
from openpyxl.styles import Alignment  # noqa: E402

from builder.read.office import convert  # noqa: E402
from tests import make_fixtures as mf  # noqa: E402
from tests.corpus import kit  # noqa: E402

OUT = ROOT / "tests/fixtures/formats"
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


_region = kit.region


ALL_2021 = {"proactive": "2021", "requests": "2021", "appeals": "2021"}

# (spec, output format, variant)
SPECS: list[tuple[mf.Spec, str, str]] = [
    (mf.Spec("fmt-qinhuai-shuiwuju-2023", "doc", "南京市秦淮区水务局", _region("江苏省", "南京市", "秦淮区"),
             2023, "2024-01-19", ALL_2021, 101, note="DOC from LibreOffice, every cell printed"), "doc", ""),
    (mf.Spec("fmt-jiangning-minzhengju-2022", "doc", "南京市江宁区民政局", _region("江苏省", "南京市", "江宁区"),
             2022, "2023-01-17", {"proactive": "2021", "requests": "2019", "appeals": "2021"}, 102, scale="small",
             nulls={"proactive.rules.issued": "/", "proactive.rules.repealed": "/", "proactive.rules.in_force": "/",
                    "appeals.litigation_after_reconsideration.total": "—"},
             note="DOC, single-row （六）其他处理, '/' and '—' blanks"), "doc", ""),
    (mf.Spec("fmt-wujiang-jiaoyuju-2023", "wps", "苏州市吴江区教育局", _region("江苏省", "苏州市", "吴江区"),
             2023, "2024-01-23", ALL_2021, 103, note="WPS (Word 97 binary under the .wps name)"), "wps", ""),
    (mf.Spec("fmt-yuhang-caizhengju-2023", "xlsx", "杭州市余杭区财政局", _region("浙江省", "杭州市", "余杭区"),
             2023, "2024-01-25", ALL_2021, 104, note="XLSX, the whole report on one sheet, merged header cells"),
     "xlsx", "whole"),
    (mf.Spec("fmt-xiaoshan-nongyenongcunju-2022", "xlsx", "杭州市萧山区农业农村局",
             _region("浙江省", "杭州市", "萧山区"), 2022, "2023-01-29", ALL_2021, 105, scale="small",
             nulls={"requests.rejected_publication.research": "", "proactive.fees.amount_10k_yuan": ""},
             note="XLSX, a sheet per table, numbers stored as text and as floats, the date a date cell"),
     "xlsx", "sheets"),
    (mf.Spec("fmt-fuyang-gonganju-2023", "xlsx", "杭州市富阳区公安分局", _region("浙江省", "杭州市", "富阳区"),
             2023, "2024-01-30", ALL_2021, 109,
             note="XLSX with the tables alone, no merged cells (labels in a span's first cell), 总计 as =SUM()"),
     "xlsx", "bare"),
    (mf.Spec("fmt-haishu-zhujianju-2023", "xls", "宁波市海曙区住房和城乡建设局", _region("浙江省", "宁波市", "海曙区"),
             2023, "2024-01-16", ALL_2021, 106, note="XLS (BIFF8) from LibreOffice"), "xls", "whole"),
    (mf.Spec("fmt-yinzhou-weijianju-2021", "ods", "宁波市鄞州区卫生健康局", _region("浙江省", "宁波市", "鄞州区"),
             2021, "2022-01-21", ALL_2021, 107, scale="large", note="ODS from LibreOffice"), "ods", "sheets"),
    (mf.Spec("fmt-lucheng-shuiliju-2023", "et", "温州市鹿城区水利局", _region("浙江省", "温州市", "鹿城区"),
             2023, "2024-01-24", ALL_2021, 108, note="ET (an .xls under WPS spreadsheet's name)"), "et", "whole"),
]

# OFD: (PDF fixture whose truth we know, variant)
OFD_FROM_PDF = [
    ("gen-yuelu-ziranziyuanju-2023", "runs"),
    ("gen-jinshui-renminzhengfu-2021", "glyphs"),
    ("gen-jiangbei-fagaiju-2022", "ctm"),  # borderless tables: rows from the text alone
]

NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


# ------------------------------------------------------------------ spreadsheets


@dataclass
class SheetBlock:
    kind: str           # "p" | "table"
    item: object        # paragraph text | w:tbl


def _table_width(tbl) -> int:
    return max(sum(tc.grid_span for tc in tr.tc_lst) for tr in tbl.tr_lst)


def _cell_value(text: str, spec: mf.Spec, typed: bool, counter: list[int]):
    """A number as a number cell; in the "typed" variant every 7th as text, every 5th as a float."""
    if not NUMBER.match(text):
        return text
    counter[0] += 1
    if typed and counter[0] % 7 == 0:
        return text                      # a number stored as text, as pasted from Word
    value = float(text) if "." in text else int(text)
    if typed and counter[0] % 5 == 0 and isinstance(value, int):
        return float(value)              # 3.0: the cell holds a float
    return value


def _write_table(ws, tbl, top: int, spec: mf.Spec, typed: bool, counter: list[int], merge: bool = True) -> int:
    """Write a DOCX table at row `top`; merges as in the DOCX (merge=False: the text in the span's
    first cell, the rest blank, as an editor who never merges types it). Returns the next free row."""
    grid = mf._grid(tbl)
    for i, cells in enumerate(grid):
        for g, tc in cells:
            if tc.vMerge == "continue":
                continue
            text = "\n".join(mf._tc_lines(tc))
            cell = ws.cell(row=top + i, column=g + 1, value=_cell_value(text, spec, typed, counter) if text else None)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            height = 1
            if tc.vMerge == "restart":
                for below in grid[i + 1:]:
                    if any(bg == g and btc.vMerge == "continue" for bg, btc in below):
                        height += 1
                    else:
                        break
            if merge and (tc.grid_span > 1 or height > 1):
                ws.merge_cells(start_row=top + i, start_column=g + 1, end_row=top + i + height - 1,
                               end_column=g + tc.grid_span)
    return top + len(grid)


def _sum_formulas(ws, first: int, last: int) -> None:
    """A row whose last number is the sum of the six before it gets =SUM() there, as a real
    workbook's 总计 column does (LibreOffice computes and stores the values on conversion)."""
    from openpyxl.utils import get_column_letter

    for row in ws.iter_rows(min_row=first, max_row=last):
        numbers = [c for c in row if isinstance(c.value, int | float) and not isinstance(c.value, bool)]
        if len(numbers) == 7 and numbers[-1].value == sum(c.value for c in numbers[:6]):
            span = f"{get_column_letter(numbers[0].column)}{numbers[0].row}:{get_column_letter(numbers[5].column)}{numbers[5].row}"
            numbers[-1].value = f"=SUM({span})"


def _write_paragraph(ws, row: int, text: str, width: int, merge: bool, value=None) -> int:
    ws.cell(row=row, column=1, value=value if value is not None else text)
    if merge and width > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    return row + 1


def to_xlsx(doc, spec: mf.Spec, variant: str, path: Path) -> None:
    items = list(mf.body_items(doc))
    tables = [item for kind, item, _ in items if kind == "table"]
    width = max(_table_width(t) for t in tables)
    wb = openpyxl.Workbook()
    counter = [0]
    typed = variant == "sheets"
    ws = wb.active
    ws.title = "年度报告"
    row = 1
    table_no = 0
    paragraphs = [item for kind, item, _ in items if kind == "p"]
    kept = {paragraphs[0], *paragraphs[-2:]} | {p for p in paragraphs if re.match(r"^[二三四]、", p)}
    for kind, item, _align in items:
        if kind == "table":
            if variant == "sheets":  # each table on a sheet of its own, named after its part
                table_no += 1
                sheet = wb.create_sheet(["主动公开", "依申请公开", "复议诉讼"][table_no - 1])
                _write_table(sheet, item, 1, spec, typed, counter)
            else:
                start = row
                row = _write_table(ws, item, row, spec, typed, counter, merge=variant != "bare") + 1
                if variant == "bare":
                    _sum_formulas(ws, start, row)
            continue
        if variant == "bare" and item not in kept:  # the tables alone: title, part headings, signature
            continue
        date = None
        if typed and spec.published and item == mf.date_text(spec.published, spec.chinese_date):
            date = dt.datetime.fromisoformat(spec.published)  # the signature date typed in as a date
        row = _write_paragraph(ws, row, item, width, merge=variant == "whole", value=date)
        if date is not None:
            ws.cell(row=row - 1, column=1).number_format = 'yyyy"年"m"月"d"日"'
    for sheet in wb.worksheets:
        sheet.column_dimensions["A"].width = 18
    wb.properties.created = wb.properties.modified = dt.datetime(2024, 1, 1)
    wb.properties.creator = wb.properties.lastModifiedBy = ""
    buffer = io.BytesIO()
    wb.save(buffer)
    _fixed_zip(buffer.getvalue(), path)


MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
ODS_DATES = re.compile(rb"(<(meta:creation-date|dc:date)>)[^<]*(</(?:meta:creation-date|dc:date)>)")


def _fixed_zip(data: bytes, path: Path) -> None:
    """Rewrite an xlsx or ods with fixed timestamps and dates (openpyxl stamps the save time,
    LibreOffice its own and a thumbnail), so a rerun writes the same bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename.startswith("Thumbnails/"):
                continue
            body = src.read(info)
            if info.filename == "docProps/core.xml":
                body = MODIFIED.sub(rb"\g<1>2024-01-01T00:00:00Z\g<2>", body)
            elif info.filename == "meta.xml":
                body = ODS_DATES.sub(rb"\g<1>2024-01-01T00:00:00\g<3>", body)
            elif info.filename == "META-INF/manifest.xml":
                body = re.sub(rb"<manifest:file-entry[^>]*Thumbnails/[^>]*/>", b"", body)
            # An ODS's mimetype comes first and uncompressed (ODF 1.2, 3.3).
            method = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME), body, compress_type=method)


# ------------------------------------------------------------------ OFD from a PDF


OFD_NS = "http://www.ofdspec.org/2016"
PT = 25.4 / 72  # OFD lengths are millimetres


def _mm(v: float) -> str:
    return f"{v * PT:.3f}".rstrip("0").rstrip(".")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _delta_x(advances: list[str]) -> str:
    """DeltaX with the standard's "g n d" shorthand for a run of equal advances."""
    out, i = [], 0
    while i < len(advances):
        j = i
        while j < len(advances) and advances[j] == advances[i]:
            j += 1
        out.append(f"g {j - i} {advances[i]}" if j - i > 2 else " ".join(advances[i:j]))
        i = j
    return " ".join(out)


def _lines_of(chars: list[dict]) -> list[list[dict]]:
    """Glyphs grouped into runs on one baseline, left to right, split where a gap is wide."""
    runs: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (round(c["bottom"], 1), c["x0"])):
        last = runs[-1][-1] if runs else None
        if last is not None and abs(last["bottom"] - char["bottom"]) < 0.5 and char["x0"] - last["x1"] < 2 * char["size"] \
                and abs(last["size"] - char["size"]) < 0.1:
            runs[-1].append(char)
        else:
            runs.append([char])
    return runs


def _page_xml(page, variant: str, ids: list[int], template_id: int | None) -> str:
    def next_id() -> int:
        ids[0] += 1
        return ids[0]

    height = float(page.height)
    objects = []
    chars = [c for c in page.chars if c["text"].strip()]
    footer = [c for c in chars if c["top"] > height - 60] if template_id else []
    body = [c for c in chars if c not in footer]
    if variant == "glyphs":
        for c in body:
            size = c["size"]
            objects.append(
                f'<ofd:TextObject ID="{next_id()}" Boundary="{_mm(c["x0"])} {_mm(c["top"])} {_mm(c["x1"] - c["x0"] + 1)} '
                f'{_mm(size * 1.2)}" Font="3" Size="{_mm(size)}"><ofd:TextCode X="0" Y="{_mm(c["bottom"] - c["top"])}">'
                f'{_esc(c["text"])}</ofd:TextCode></ofd:TextObject>')
    else:
        for run in _lines_of(body):
            x0, top = run[0]["x0"], min(c["top"] for c in run)
            baseline = max(c["bottom"] for c in run)
            size = run[0]["size"]
            text = "".join(c["text"] for c in run)
            if variant == "ctm":
                # The text drawn at size 1 and scaled by the object's CTM, as some converters write
                # it: X, Y and DeltaX are in the unscaled space, in units of the type size.
                def unscaled(v, size=size):
                    return f"{v / size:.4f}".rstrip("0").rstrip(".")

                advances = [unscaled(b["x0"] - a["x0"]) for a, b in zip(run, run[1:], strict=False)]
                size_attr, baseline_y = f'Size="1" CTM="{_mm(size)} 0 0 {_mm(size)} 0 0"', unscaled(baseline - top)
            else:
                advances = [_mm(b["x0"] - a["x0"]) for a, b in zip(run, run[1:], strict=False)]
                size_attr, baseline_y = f'Size="{_mm(size)}"', _mm(baseline - top)
            delta = f' DeltaX="{_delta_x(advances)}"' if advances else ""
            objects.append(
                f'<ofd:TextObject ID="{next_id()}" Boundary="{_mm(x0)} {_mm(top)} {_mm(run[-1]["x1"] - x0 + 1)} '
                f'{_mm(baseline - top + 2)}" Font="3" {size_attr}><ofd:TextCode X="0" Y="{baseline_y}"{delta}>'
                f'{_esc(text)}</ofd:TextCode></ofd:TextObject>')
    for line in page.lines:
        x0, x1, top, bottom = line["x0"], line["x1"], line["top"], line["bottom"]
        objects.append(
            f'<ofd:PathObject ID="{next_id()}" Boundary="{_mm(x0)} {_mm(top)} {_mm(x1 - x0)} {_mm(bottom - top)}" '
            f'LineWidth="{_mm(line.get("linewidth") or 0.5)}"><ofd:AbbreviatedData>M 0 0 L {_mm(x1 - x0)} '
            f'{_mm(bottom - top)}</ofd:AbbreviatedData></ofd:PathObject>')
    for rect in page.rects:
        x0, top, w, h = rect["x0"], rect["top"], rect["x1"] - rect["x0"], rect["bottom"] - rect["top"]
        fill = ' Fill="true" Stroke="false"' if rect.get("fill") else ""
        objects.append(
            f'<ofd:PathObject ID="{next_id()}" Boundary="{_mm(x0)} {_mm(top)} {_mm(w)} {_mm(h)}"{fill} '
            f'LineWidth="{_mm(rect.get("linewidth") or 0.5)}"><ofd:AbbreviatedData>M 0 0 L {_mm(w)} 0 L {_mm(w)} '
            f'{_mm(h)} L 0 {_mm(h)} C</ofd:AbbreviatedData></ofd:PathObject>')
    template = f'<ofd:Template TemplateID="{template_id}" ZOrder="Background"/>' if template_id else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="{OFD_NS}">{template}'
            f'<ofd:Area><ofd:PhysicalBox>0 0 {_mm(page.width)} {_mm(height)}</ofd:PhysicalBox></ofd:Area>'
            f'<ofd:Content><ofd:Layer ID="{next_id()}">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>\n'), footer


def to_ofd(pdf_path: Path, ofd_path: Path, variant: str) -> None:
    import pdfplumber

    files: dict[str, str] = {}
    ids = [10]
    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        width, height = pdf.pages[0].width, pdf.pages[0].height
        template_id = 5 if variant == "glyphs" else None
        for n, page in enumerate(pdf.pages):
            xml, footer = _page_xml(page, variant, ids, template_id)
            files[f"Doc_0/Pages/Page_{n}/Content.xml"] = xml
            pages.append(f'<ofd:Page ID="{100 + n}" BaseLoc="Pages/Page_{n}/Content.xml"/>')
            if n == 0 and footer:  # the first page's footer line as the template page every page uses
                text = "".join(c["text"] for c in sorted(footer, key=lambda c: c["x0"]))
                c0 = min(footer, key=lambda c: c["x0"])
                files["Doc_0/Tpls/Tpl_0/Content.xml"] = (
                    f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content>'
                    f'<ofd:Layer ID="6"><ofd:TextObject ID="7" Boundary="{_mm(c0["x0"])} {_mm(c0["top"])} 40 6" '
                    f'Font="3" Size="{_mm(c0["size"])}"><ofd:TextCode X="0" Y="{_mm(c0["bottom"] - c0["top"])}">'
                    f'{_esc(text)}</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>\n')
    template = '<ofd:TemplatePage ID="5" BaseLoc="Tpls/Tpl_0/Content.xml"/>' if "Doc_0/Tpls/Tpl_0/Content.xml" in files \
        else ""
    files["OFD.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.1" DocType="OFD">'
        '<ofd:DocBody><ofd:DocInfo><ofd:DocID>00000000000000000000000000000000</ofd:DocID>'
        '<ofd:Creator>tests/make_format_fixtures.py</ofd:Creator><ofd:CreationDate>2024-01-01</ofd:CreationDate>'
        '</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>\n')
    files["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document xmlns:ofd="{OFD_NS}"><ofd:CommonData>'
        f'<ofd:MaxUnitID>{ids[0]}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {_mm(width)} {_mm(height)}'
        f'</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>{template}</ofd:CommonData>'
        f'<ofd:Pages>{"".join(pages)}</ofd:Pages></ofd:Document>\n')
    files["Doc_0/PublicRes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res xmlns:ofd="{OFD_NS}" BaseLoc="Res"><ofd:Fonts>'
        '<ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>\n')
    with zipfile.ZipFile(ofd_path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in ["OFD.xml", *sorted(n for n in files if n != "OFD.xml")]:
            zf.writestr(zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME), files[name], compress_type=zipfile.ZIP_DEFLATED)


# ------------------------------------------------------------------ main


def _truth(spec: mf.Spec, path: Path, truth_values: dict, fmt: str) -> dict:
    record = mf.truth_record(spec, path, truth_values)
    record["format"] = fmt
    return record


def generate(spec: mf.Spec, fmt: str, variant: str) -> Path:
    true_values = mf.make_values(spec)
    text, truth_values = mf.printed_values(spec, true_values)
    doc = mf.fill_document(spec, text, true_values)
    path = OUT / f"{spec.name}.{fmt}"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if fmt in ("doc", "wps"):
            staged = tmp / f"{spec.name}.docx"
            mf.save_docx(doc, staged)
            shutil.copyfile(convert(staged, tmp, "doc"), path)
        elif fmt == "xlsx" and variant == "bare":  # formulas: LibreOffice computes and stores their values
            staged = tmp / f"{spec.name}.xlsx"
            to_xlsx(doc, spec, variant, staged)
            _fixed_zip(convert(staged, tmp, "xlsx").read_bytes(), path)
        elif fmt == "xlsx":
            to_xlsx(doc, spec, variant, path)
        elif fmt in ("xls", "ods", "et"):
            staged = tmp / f"{spec.name}.xlsx"
            to_xlsx(doc, spec, variant, staged)
            converted = convert(staged, tmp, "ods" if fmt == "ods" else "xls")
            if fmt == "ods":
                _fixed_zip(converted.read_bytes(), path)
            else:  # an OLE compound file: LibreOffice's own bytes (they hold its save time)
                shutil.copyfile(converted, path)
        else:
            raise ValueError(fmt)
    kit.write_truth(f"{spec.name}-{fmt}", _truth(spec, path, truth_values, fmt))
    return path


def generate_ofd(pdf_stem: str, variant: str) -> Path:
    pdf = ROOT / "tests/fixtures/generated" / f"{pdf_stem}.pdf"
    name = pdf_stem.replace("gen-", "fmt-", 1)
    path = OUT / f"{name}.ofd"
    to_ofd(pdf, path, variant)
    truth = json.loads((kit.TRUTH_DIR / f"{pdf_stem}-pdf.json").read_text(encoding="utf-8"))
    truth["file"] = path.relative_to(ROOT).as_posix()
    truth["format"] = "ofd"
    truth["note"] = f"OFD ({variant}) rewritten from {pdf.name}: " + truth.get("note", "")
    kit.write_truth(f"{name}-ofd", truth)
    return path


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("fmt-*"):
        old.unlink()
    for old in kit.TRUTH_DIR.glob("fmt-*.json"):
        old.unlink()
    for spec, fmt, variant in SPECS:
        path = generate(spec, fmt, variant)
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB  {spec.note}")
    for stem, variant in OFD_FROM_PDF:
        path = generate_ofd(stem, variant)
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB  OFD ({variant})")


if __name__ == "__main__":
    main()
