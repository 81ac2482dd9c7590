"""Generate the fourth stress corpus (round 4): PDFs drawn the way real report PDFs are drawn.

    .venv/bin/python tests/stress4/make_stress4.py [NAME …]

Regeneration needs reportlab (`.venv/bin/pip install reportlab`; generation only, not a project
dependency) and, for the cid case, Chromium via playwright.

Rounds 1–3 printed HTML tables with Chromium. Here the tables are drawn stroke by stroke with the
reportlab canvas in the CID font STSong-Light (nothing embedded, so each PDF is a few KB), with
merged cells drawn as real spans (no inner rules), and:

- rules: 0.1 pt hairlines, dashed, double, every rule drawn as many 4 pt segments, no rules at all
  (cell backgrounds as filled rectangles with white gaps), or only the outer frame plus row bands
  (no column rules);
- numbers right-aligned or centred, each digit placed as its own glyph run with a kerning gap;
- letter-spaced labels (each character placed separately with wide tracking) and labels with
  full-width spaces ("结　果　维　持");
- the requests table over three pages with and without repeated header rows, a page break inside
  the （三）不予公开 group; a title row and a unit row inside the table frame;
- a landscape page stored portrait with /Rotate 90 or /Rotate 270 and the content turned;
- applicant headers printed vertically (one character per line) in narrow columns;
- the proactive table beside a framed prose box;
- a grey diagonal watermark and a running header with "— N —" page numbers between table parts;
- simulated bold: the 总计 numbers drawn twice, 0.4 pt or 1.2 pt apart;
- LibreOffice DOCX → PDF (python-docx builds the DOCX): heading rows repeated or not, rows allowed to
  break across pages or not, cell margins 0;
- a Chromium PDF whose fonts lost their /ToUnicode maps (text extracts as "(cid:NN)"): no truth
  file; tests/test_round4.py checks that the CLI refuses it with one clear line.

Tables come from tests/stress3/make_stress3.py's grids (same labels, same arithmetic), so truth is
what is printed. Truth goes to tests/truth/round4-<name>.json.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.corpus import kit  # noqa: E402
from tests.stress3.make_stress3 import (  # noqa: E402
    APPLICANT_ZH,
    APPLICANTS,
    OUTCOME_ZH,
    PART_TITLES,
    REQUEST_LABELS_2019,
    REQUEST_LABELS_2021,
    T2019,
    T2021,
    Case,
    R,
    appeals_grid,
    cell,
    fill_intro,
    make_values,
    opening,
    paragraphs,
    proactive_grid,
    report_pdf_html,
    signature,
    title_line,
    truth_values,
)

OUT = ROOT / "tests" / "stress4" / "files"
FONT = "STSong-Light"
A4 = (595.0, 842.0)


@dataclass
class Style:
    rule: str = "grid"          # grid | thin | dashed | double | segments | fills | bands | none
    num_align: str = "center"   # center | right | left
    track: float = 0.0          # extra points between the characters of label cells
    fullwidth_labels: bool = False  # short labels printed with full-width spaces between characters
    split_digits: bool = False  # each digit its own glyph run, digit_gap apart
    digit_gap: float = 1.5
    font_size: float = 8.0
    pad: float = 3.0            # vertical padding inside a cell
    repeat_header: bool = False
    start_low: bool = False     # the requests table starts near the bottom of a page
    low_at: float = 330.0       # start_low: filler paragraphs until the cursor is this far above the margin
    rotate: int = 0             # 90 | 270: landscape pages stored portrait with /Rotate
    vertical_head: bool = False  # applicant headers one character per line
    title_row: bool = False     # "表2 …" and "单位：件" rows inside the frame
    side_box: bool = False      # proactive table beside a framed prose box
    running: str = ""           # running header text; also puts "— N —" page numbers at the foot
    watermark: str = ""         # grey diagonal text drawn over every page
    fake_bold: float = 0.0      # bold cells (header, （七）总计) drawn twice, this many points apart


@dataclass
class Case4:
    case: Case
    style: Style = field(default_factory=Style)
    cid_garbage: bool = False
    docx: dict | None = None    # LibreOffice DOCX → PDF: {"repeat": bool, "cant_split": bool, "zero_margins": bool, "size": pt}


# ------------------------------------------------------------------ tables as spans


@dataclass
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    label: bool = False
    vertical: bool = False
    bold: bool = False


@dataclass
class Table:
    widths: list[float]
    cells: list[Cell]
    n_rows: int
    header_rows: int = 0


def spaced(text: str, style: Style) -> str:
    """Full-width spaces between the characters of a short label, as some offices type them."""
    if style.fullwidth_labels and 2 <= len(text) <= 6 and not any(ch.isdigit() for ch in text):
        return "\u3000".join(text)
    return text


def proactive_table(case: Case, values: dict, style: Style, width: float) -> Table:
    grid = proactive_grid(case, values)
    cells = []
    for i, row in enumerate(grid):
        filled = [j for j, t in enumerate(row) if t]
        last = filled[-1]
        for j in filled:
            span = (4 - j) if j == last else 1  # trailing blanks merge into the last printed cell
            is_label = j == 0 or row[0].startswith("第二十条") or row[0] == "信息内容"
            cells.append(Cell(i, j, spaced(row[j], style) if j == 0 else row[j], colspan=span, label=is_label))
    w = [width * 0.34] + [width * 0.22] * 3
    return Table(w, cells, len(grid))


def requests_table(case: Case, values: dict, style: Style, width: float) -> Table:
    labels = REQUEST_LABELS_2021 if case.template["requests"] == "2021" else REQUEST_LABELS_2019
    cells: list[Cell] = []
    top = 0
    if style.title_row:
        cells.append(Cell(0, 0, "表2  收到和处理政府信息公开申请情况", colspan=10, label=True))
        cells.append(Cell(1, 0, "单位：件", colspan=10, label=True))
        top = 2
    vert = style.vertical_head
    cells += [
        Cell(top, 0, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3,
             label=True),
        Cell(top, 3, "申请人情况", colspan=7, label=True),
        Cell(top + 1, 3, APPLICANT_ZH["natural_person"], rowspan=2, label=True, vertical=vert),
        Cell(top + 1, 4, "法人或其他组织", colspan=5, label=True),
        Cell(top + 1, 9, APPLICANT_ZH["total"], rowspan=2, label=True, vertical=vert),
    ]
    for k, col in enumerate(APPLICANTS[1:6]):
        cells.append(Cell(top + 2, 4 + k, APPLICANT_ZH[col], label=True, vertical=vert))
    first = top + 3
    # merged label blocks: level 1 over consecutive rows, level 2 likewise
    for level in (1, 2):
        i = 0
        while i < len(labels):
            text = labels[i][level]
            j = i
            while j + 1 < len(labels) and labels[j + 1][level] == text and text:
                j += 1
            if text:
                if level == 1:
                    colspan = 3 if not labels[i][2] else 1
                    cells.append(Cell(first + i, 0, text, rowspan=j - i + 1, colspan=colspan, label=True))
                else:
                    colspan = 2 if not labels[i][3] else 1
                    cells.append(Cell(first + i, 1, text, rowspan=j - i + 1, colspan=colspan, label=True))
            i = j + 1
    for i, (key, _l1, _l2, l3) in enumerate(labels):
        if l3:
            cells.append(Cell(first + i, 2, l3, label=True))
        for k, col in enumerate(APPLICANTS):
            cells.append(Cell(first + i, 3 + k, cell(case, values, f"requests.{key}.{col}"),
                              bold=key == "total_processed"))
    num_w = (width * (0.5 if not vert else 0.36)) / 7
    rest = width - 7 * num_w
    return Table([rest * 0.17, rest * 0.33, rest * 0.50] + [num_w] * 7, cells, first + len(labels), first)


def appeals_table(case: Case, values: dict, style: Style, width: float) -> Table:
    nums = appeals_grid(case, values)[3]
    out = [spaced(t, style) for t in OUTCOME_ZH]
    cells = [Cell(0, 0, "行政复议", colspan=5, label=True), Cell(0, 5, "行政诉讼", colspan=10, label=True),
             Cell(1, 5, "未经复议直接起诉", colspan=5, label=True), Cell(1, 10, "复议后起诉", colspan=5, label=True)]
    cells += [Cell(1, j, out[j], rowspan=2, label=True) for j in range(5)]
    cells += [Cell(2, 5 + j, out[j % 5], label=True) for j in range(10)]
    cells += [Cell(3, j, n, bold=j % 5 == 4) for j, n in enumerate(nums)]
    return Table([width / 15] * 15, cells, 4, 3)


# ------------------------------------------------------------------ drawing


class Writer:
    """A page cursor over a reportlab canvas: paragraphs, headings, and span tables across pages."""

    def __init__(self, path: Path, style: Style):
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        self.metrics = pdfmetrics
        self.style = style
        self.landscape = style.rotate in (90, 270)
        self.page_w, self.page_h = (A4[1], A4[0]) if self.landscape else A4
        # reportlab writes MediaBox [0 0 h w] when /Rotate is 90 or 270, so a landscape pagesize
        # stores the page portrait
        self.c = canvas.Canvas(str(path), pagesize=(self.page_w, self.page_h), pageCompression=1)
        self.margin = 56.0
        self._begin_page()

    def _begin_page(self) -> None:
        if self.style.rotate == 90:
            # /Rotate 90 turns the stored portrait page clockwise; turn the drawing the other way
            self.c.setPageRotation(90)
            self.c.transform(0, 1, -1, 0, A4[0], 0)
        elif self.style.rotate == 270:
            self.c.setPageRotation(270)
            self.c.transform(0, -1, 1, 0, 0, A4[1])
        self.y = self.page_h - self.margin

    def new_page(self) -> None:
        self._page_marks()
        self.c.showPage()
        self._begin_page()

    def _page_marks(self) -> None:
        """Running header, page number and watermark, drawn last on each page (as printers stamp them)."""
        c, s = self.c, self.style
        self.page_no = getattr(self, "page_no", 0) + 1
        if s.running:
            c.setFont(FONT, 9)
            c.drawCentredString(self.page_w / 2, self.page_h - 30, s.running)
            c.setLineWidth(0.5)
            c.line(self.margin, self.page_h - 34, self.page_w - self.margin, self.page_h - 34)
            c.drawCentredString(self.page_w / 2, 26, f"— {self.page_no} —")
        if s.watermark:
            c.saveState()
            c.setFillColorRGB(0.85, 0.85, 0.85)
            c.setFont(FONT, 40)
            for k in range(3):
                c.saveState()
                c.translate(self.page_w / 2, self.page_h * (0.25 + 0.25 * k))
                c.rotate(30)
                c.drawCentredString(0, 0, s.watermark)
                c.restoreState()
            c.restoreState()

    @property
    def width(self) -> float:
        return self.page_w - 2 * self.margin

    def sw(self, text: str, size: float, track: float = 0.0) -> float:
        return self.metrics.stringWidth(text, FONT, size) + track * max(len(text) - 1, 0)

    def wrap(self, text: str, size: float, width: float, track: float = 0.0) -> list[str]:
        lines, line = [], ""
        for ch in text:
            if line and self.sw(line + ch, size, track) > width:
                lines.append(line)
                line = ""
            line += ch
        return [*lines, line] if line else lines or [""]

    def para(self, text: str, size: float = 10.5, align: str = "left", indent: bool = True) -> None:
        lead = size * 1.6
        body = ("\u3000\u3000" + text) if indent and align == "left" else text
        for line in self.wrap(body, size, self.width):
            if self.y - lead < self.margin:
                self.new_page()
            self.y -= lead
            self.c.setFont(FONT, size)
            if align == "center":
                self.c.drawCentredString(self.margin + self.width / 2, self.y, line)
            elif align == "right":
                self.c.drawRightString(self.margin + self.width, self.y, line)
            else:
                self.c.drawString(self.margin, self.y, line)
        self.y -= size * 0.4

    # -- text inside cells

    def _draw_run(self, x: float, y: float, text: str, size: float, track: float) -> None:
        if track:  # each character its own glyph run, as letter-spacing tools place them
            for ch in text:
                self.c.drawString(x, y, ch)
                x += self.metrics.stringWidth(ch, FONT, size) + track
        else:
            self.c.drawString(x, y, text)

    def _cell_text(self, cell: Cell, x: float, top: float, w: float, h: float) -> None:
        s = self.style
        size = s.font_size
        self.c.setFont(FONT, size)
        lead = size * 1.25
        if cell.vertical:
            chars = list(cell.text)
            y = top - (h - lead * len(chars)) / 2 - size
            for ch in chars:
                self.c.drawCentredString(x + w / 2, y, ch)
                y -= lead
            return
        track = s.track if cell.label else 0.0
        lines = self.wrap(cell.text, size, w - 4, track)
        y = top - (h - lead * len(lines)) / 2 - size * 0.95
        for line in lines:
            lw = self.sw(line, size, track)
            if not cell.label and s.split_digits and line.isdigit() and len(line) > 1:
                gap = s.digit_gap
                lw += gap * (len(line) - 1)
                xx = self._num_x(x, w, lw)
                for ch in line:
                    self.c.drawString(xx, y, ch)
                    xx += self.metrics.stringWidth(ch, FONT, size) + gap
            else:
                align = "center" if cell.label else s.num_align
                xx = x + (w - lw) / 2 if align == "center" else self._num_x(x, w, lw) if not cell.label else x + 2
                self._draw_run(xx, y, line, size, track)
                if cell.bold and s.fake_bold:  # a converter's simulated bold: the same glyphs again, shifted
                    self._draw_run(xx + s.fake_bold, y, line, size, track)
            y -= lead

    def _num_x(self, x: float, w: float, lw: float) -> float:
        if self.style.num_align == "right":
            return x + w - 3 - lw
        if self.style.num_align == "left":
            return x + 3
        return x + (w - lw) / 2

    # -- rules

    def _line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        rule = self.style.rule
        c = self.c
        if rule == "segments":  # every rule as 4 pt pieces, as some PDF writers emit them
            import math
            n = max(1, int(math.hypot(x2 - x1, y2 - y1) // 4))
            for k in range(n):
                c.line(x1 + (x2 - x1) * k / n, y1 + (y2 - y1) * k / n,
                       x1 + (x2 - x1) * (k + 1) / n, y1 + (y2 - y1) * (k + 1) / n)
        elif rule == "double":
            dx, dy = (0, 0.9) if y1 == y2 else (0.9, 0)
            c.line(x1 - dx, y1 - dy, x2 - dx, y2 - dy)
            c.line(x1 + dx, y1 + dy, x2 + dx, y2 + dy)
        else:
            c.line(x1, y1, x2, y2)

    def _frame(self, x: float, top: float, w: float, h: float, header: bool, band: int) -> None:
        c, rule = self.c, self.style.rule
        if rule == "fills":
            shade = (0.80, 0.86, 0.93) if header else ((0.95, 0.95, 0.95) if band % 2 else (0.88, 0.92, 0.96))
            c.setFillColorRGB(*shade)
            c.rect(x + 0.6, top - h + 0.6, w - 1.2, h - 1.2, stroke=0, fill=1)
            c.setFillColorRGB(0, 0, 0)
            return
        if rule == "none":
            return
        if rule == "bands":  # only horizontal rules here; the outer frame is drawn per page
            c.setLineWidth(0.5)
            c.line(x, top - h, x + w, top - h)
            return
        c.setLineWidth({"thin": 0.1, "double": 0.3}.get(rule, 0.5))
        c.setDash(2, 2) if rule == "dashed" else c.setDash()
        self._line(x, top, x + w, top)
        self._line(x, top - h, x + w, top - h)
        self._line(x, top, x, top - h)
        self._line(x + w, top, x + w, top - h)
        c.setDash()

    # -- tables

    def table(self, t: Table, x0: float | None = None, width_note: str = "") -> float:
        s = self.style
        x0 = self.margin if x0 is None else x0
        xs = [x0]
        for w in t.widths:
            xs.append(xs[-1] + w)
        lead = s.font_size * 1.25
        heights = [0.0] * t.n_rows
        for cl in t.cells:
            w = xs[cl.col + cl.colspan] - xs[cl.col]
            n = len(cl.text) if cl.vertical else len(self.wrap(cl.text, s.font_size, w - 4, s.track if cl.label else 0))
            need = n * lead + 2 * s.pad
            if cl.rowspan == 1:
                heights[cl.row] = max(heights[cl.row], need)
            else:  # a spanned cell spreads what it needs over its rows
                per = need / cl.rowspan
                for r in range(cl.row, cl.row + cl.rowspan):
                    heights[r] = max(heights[r], per)
        header_h = sum(heights[: t.header_rows])
        # a table never starts with its header alone at the foot of a page
        body_first = heights[t.header_rows] if t.header_rows < t.n_rows else 0.0
        if self.y - header_h - body_first < self.margin:
            self.new_page()
        # place rows on pages
        place: list[tuple[int, float]] = []
        page, y = 0, self.y
        pages_top = {0: y}
        for r in range(t.n_rows):
            if y - heights[r] < self.margin:
                page += 1
                y = self.page_h - self.margin
                pages_top[page] = y
                if s.repeat_header and r >= t.header_rows:
                    y -= header_h
            place.append((page, y))
            y -= heights[r]
        end_y = y
        # draw page by page
        for p in range(page + 1):
            if p:
                self.new_page()
            repeat_shift = None
            if p and s.repeat_header:
                repeat_shift = pages_top[p]
            drawn_rows = [r for r in range(t.n_rows) if place[r][0] == p]
            for cl in t.cells:
                rows = [r for r in range(cl.row, cl.row + cl.rowspan) if place[r][0] == p]
                if repeat_shift is not None and cl.row + cl.rowspan <= t.header_rows:
                    # header rows again at the top of this page
                    top = repeat_shift - sum(heights[: cl.row])
                    h = sum(heights[cl.row: cl.row + cl.rowspan])
                    self._cell(cl, xs, top, h, True, cl.row, first=True)
                    continue
                if not rows:
                    continue
                top = place[rows[0]][1]
                h = sum(heights[r] for r in rows)
                self._cell(cl, xs, top, h, cl.row < t.header_rows, rows[0], first=rows[0] == cl.row)
            if s.rule == "bands" and drawn_rows:
                top = pages_top[p] if (p and s.repeat_header) else place[drawn_rows[0]][1]
                bottom = place[drawn_rows[-1]][1] - heights[drawn_rows[-1]]
                self.c.setLineWidth(1.0)
                self.c.rect(xs[0], bottom, xs[-1] - xs[0], top - bottom, stroke=1, fill=0)
        self.y = end_y - 6
        return end_y

    def _cell(self, cl: Cell, xs: list[float], top: float, h: float, header: bool, band: int, first: bool) -> None:
        x, w = xs[cl.col], xs[cl.col + cl.colspan] - xs[cl.col]
        self._frame(x, top, w, h, header, band)
        if first and cl.text:
            self._cell_text(cl, x, top, w, h)

    def save(self) -> None:
        self._page_marks()
        self.c.showPage()
        self.c.save()


def render(c4: Case4, values: dict, out: Path) -> None:
    case, s = c4.case, c4.style
    wr = Writer(out, s)
    wr.para(title_line(case), size=16, align="center", indent=False)
    wr.y -= 6
    wr.para(opening(case))
    paras = paragraphs(case, values)
    for part in "一二三四五六":
        while part == "三" and s.start_low and wr.y > wr.margin + s.low_at:  # the table starts low on a page
            wr.para("本年度依申请公开工作总体平稳，申请人主要关注征地拆迁、行政许可和财政资金使用等方面的信息。"
                    "各类申请均在法定期限内答复，答复书格式规范、告知事项完整，未发生因答复不当引发的争议。"
                    "全年未出现逾期答复情形。")
        wr.para(PART_TITLES[part], size=12, indent=False)
        if part == "二":
            if s.side_box:
                left_w = wr.width * 0.62
                top = wr.y
                wr.table(proactive_table(case, values, s, left_w))
                bottom = wr.y
                box_x = wr.margin + left_w + 12
                box_w = wr.width - left_w - 12
                wr.c.setLineWidth(0.8)
                wr.c.rect(box_x, bottom + 6, box_w, top - bottom - 6, stroke=1, fill=0)
                wr.c.setFont(FONT, 8.5)
                ty = top - 14
                note = (f"说明：本表统计口径为{case.year}年1月1日至12月31日。“现行有效件数”截至{case.year}年12月31日。"
                        f"规范性文件清理工作于{case.year}年6月30日完成，共清理文件36件，废止文件已在门户网站公布。")
                for line in wr.wrap(note, 8.5, box_w - 10):
                    wr.c.drawString(box_x + 5, ty, line)
                    ty -= 13
            else:
                wr.table(proactive_table(case, values, s, wr.width))
        elif part == "三":
            wr.table(requests_table(case, values, s, wr.width))
        elif part == "四":
            wr.table(appeals_table(case, values, s, wr.width))
        else:
            for p in paras[part]:
                wr.para(p)
    wr.y -= 12
    for line in signature(case):
        wr.para(line, align="right", indent=False)
    wr.save()


# ------------------------------------------------------------------ LibreOffice: DOCX → PDF


def _docx_table(document, t: Table, opts: dict) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    n_cols = len(t.widths)
    table = document.add_table(rows=t.n_rows, cols=n_cols)
    table.style = "Table Grid"
    table.autofit = True
    tbl_pr = table._tbl.tblPr
    if opts.get("zero_margins"):
        mar = OxmlElement("w:tblCellMar")
        for side in ("top", "left", "bottom", "right"):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:w"), "0")
            el.set(qn("w:type"), "dxa")
            mar.append(el)
        tbl_pr.append(mar)
    for i, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        if opts.get("repeat") and i < t.header_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))
        if opts.get("cant_split"):
            tr_pr.append(OxmlElement("w:cantSplit"))
    for cl in t.cells:
        target = table.cell(cl.row, cl.col)
        if cl.rowspan > 1 or cl.colspan > 1:
            target = target.merge(table.cell(cl.row + cl.rowspan - 1, cl.col + cl.colspan - 1))
        target.text = cl.text
        for para in target.paragraphs:
            for run in para.runs:
                run.font.size = Pt(opts.get("size", 9))


def render_docx_pdf(c4: Case4, values: dict, out: Path, tmp: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    case, s, opts = c4.case, c4.style, c4.docx
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Noto Serif CJK SC"
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    document.add_paragraph(title_line(case)).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(opening(case))
    paras = paragraphs(case, values)
    width = 470.0
    for part in "一二三四五六":
        if part == "三" and opts.get("fill_before"):
            document.add_paragraph("本年度依申请公开工作总体平稳，各类申请均在法定期限内答复。" * 8)
        document.add_paragraph(PART_TITLES[part])
        if part == "二":
            _docx_table(document, proactive_table(case, values, s, width), opts)
        elif part == "三":
            _docx_table(document, requests_table(case, values, s, width), opts)
        elif part == "四":
            _docx_table(document, appeals_table(case, values, s, width), opts)
        else:
            for p in paras[part]:
                document.add_paragraph(p)
    for line in signature(case):
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    src = tmp / f"{out.stem}.docx"
    document.save(src)
    out.write_bytes(kit.libreoffice(src, "pdf", tmp, tmp).read_bytes())


def strip_tounicode(src: Path, out: Path) -> None:
    """Break every font's /ToUnicode key (same byte length, so the xref offsets stay valid): the text
    then extracts as (cid:NN), as from PDFs whose producer dropped the maps."""
    data = src.read_bytes()
    assert b"/ToUnicode" in data
    out.write_bytes(data.replace(b"/ToUnicode", b"/ToUnicodX"))


# ------------------------------------------------------------------ cases


def C(name, agency, region, year, published, seed, note, template=None, **kw) -> Case:
    return Case(name, "pdf", "pdf", agency, region, year, published, seed, note,
                template=dict(template or T2021), **kw)


CASES = [
    Case4(C("rl-thin-right-gongshu-2023", "杭州市拱墅区民政局", R("浙江省", "杭州市", "拱墅区"), 2023, "2024-01-22", 401,
            "reportlab STSong-Light; every rule 0.1 pt; numbers right-aligned; merged label cells as real spans"),
          Style(rule="thin", num_align="right")),
    Case4(C("rl-dashed-yuhang-2022", "杭州市余杭区司法局", R("浙江省", "杭州市", "余杭区"), 2022, "2023-01-19", 402,
            "reportlab: dashed rules (2 on 2 off), numbers centred"),
          Style(rule="dashed")),
    Case4(C("rl-double-wuzhong-2023", "苏州市吴中区商务局", R("江苏省", "苏州市", "吴中区"), 2023, "2024-01-25", 403,
            "reportlab: every rule double (two 0.3 pt lines 1.8 pt apart)"),
          Style(rule="double")),
    Case4(C("rl-segments-binhu-2022", "无锡市滨湖区城市管理局", R("江苏省", "无锡市", "滨湖区"), 2022, "2023-01-28", 404,
            "reportlab: every rule drawn as many 4 pt segments"),
          Style(rule="segments", num_align="right")),
    Case4(C("rl-fills-jiangbei-2023", "宁波市江北区卫生健康局", R("浙江省", "宁波市", "江北区"), 2023, "2024-01-30", 405,
            "reportlab: no rules at all; each cell a filled rectangle with a white gap, header darker, rows banded"),
          Style(rule="fills")),
    Case4(C("rl-bands-haishu-2022", "宁波市海曙区教育局", R("浙江省", "宁波市", "海曙区"), 2022, "2023-01-17", 406,
            "reportlab: only the outer frame and one rule under each row (no column rules), numbers right-aligned"),
          Style(rule="bands", num_align="right")),
    Case4(C("rl-fills-2019-xinbei-2020", "常州市新北区民政局", R("江苏省", "常州市", "新北区"), 2020, "2021-01-26", 407,
            "reportlab: 2019 template; cell backgrounds only (no rules)", template=T2019),
          Style(rule="fills", num_align="right")),
    Case4(C("rl-tracked-gulou-2023", "福州市鼓楼区财政局", R("福建省", "福州市", "鼓楼区"), 2023, "2024-01-29", 408,
            "reportlab: label cells letter-spaced (each character its own run, 3 pt tracking); short labels with "
            "full-width spaces (结　果　维　持, 规　章)"),
          Style(track=3.0, fullwidth_labels=True, font_size=7.5)),
    Case4(C("rl-digits-siming-2022", "厦门市思明区人力资源和社会保障局", R("福建省", "厦门市", "思明区"), 2022, "2023-01-20",
            409, "reportlab: multi-digit numbers placed digit by digit with 1.5 pt gaps; larger counts",
            set_values={"proactive.licensing.decisions": 1275, "proactive.penalty.decisions": 308,
                        "proactive.rules.in_force": 46, "_bump_granted_natural_person": 117}),
          Style(split_digits=True, num_align="right")),
    Case4(C("rl-threepage-repeat-yuexiu-2023", "广州市越秀区住房和城乡建设局", R("广东省", "广州市", "越秀区"), 2023,
            "2024-01-23", 410, "reportlab: the requests table at 11 pt over three pages, header rows repeated on "
            "each page; a page break inside the （三）不予公开 group"),
          Style(font_size=11, pad=12, repeat_header=True, start_low=True, low_at=450)),
    Case4(C("rl-threepage-2019-tianhe-2020", "广州市天河区水务局", R("广东省", "广州市", "天河区"), 2020, "2021-01-20",
            411, "reportlab: 2019 template; the requests table over three pages, header NOT repeated; merged "
                 "group labels split by the page breaks", template=T2019),
          Style(font_size=11, pad=10, start_low=True, num_align="right")),
    Case4(C("rl-rotate90-jinniu-2023", "成都市金牛区交通运输局", R("四川省", "成都市", "金牛区"), 2023, "2024-01-26",
            412, "reportlab: landscape pages stored portrait, content turned, /Rotate 90"),
          Style(rotate=90)),
    Case4(C("rl-rotate270-qingyang-2022", "成都市青羊区文化广电旅游局", R("四川省", "成都市", "青羊区"), 2022,
            "2023-01-30", 413, "reportlab: landscape pages stored portrait, content turned the other way, /Rotate 270"),
          Style(rotate=270, rule="thin")),
    Case4(C("rl-vertical-head-lixia-2023", "济南市历下区市场监督管理局", R("山东省", "济南市", "历下区"), 2023,
            "2024-01-18", 414, "reportlab: applicant headers printed vertically, one character per line, in "
            "narrow number columns"),
          Style(vertical_head=True)),
    Case4(C("rl-titlerow-shibei-2022", "青岛市市北区应急管理局", R("山东省", "青岛市", "市北区"), 2022, "2023-01-16",
            415, "reportlab: the requests table's first rows inside its frame are a title '表2  收到和处理政府信息"
            "公开申请情况' and '单位：件'"),
          Style(title_row=True)),
    Case4(C("rl-sidebox-jinjiang-2023", "成都市锦江区发展和改革局", R("四川省", "成都市", "锦江区"), 2023, "2024-01-24",
            416, "reportlab: the proactive table at 62% width with a framed prose box (dates, counts) beside it"),
          Style(side_box=True, rule="thin")),
    Case4(C("rl-vertical-threepage-2019-lianhu-2020", "西安市莲湖区城市管理和综合执法局", R("陕西省", "西安市", "莲湖区"),
            2020, "2021-01-29", 417, "reportlab: 2019 template; vertical applicant headers, repeated on each of "
            "three pages; dashed rules", template=T2019),
          Style(vertical_head=True, font_size=11, pad=9, repeat_header=True, start_low=True, rule="dashed")),
    Case4(C("rl-rotate90-bands-digits-yanta-2022", "西安市雁塔区统计局", R("陕西省", "西安市", "雁塔区"), 2022,
            "2023-01-31", 418, "reportlab: /Rotate 90 page, frame and row bands only, digits placed one by one"),
          Style(rotate=90, rule="bands", split_digits=True, num_align="right")),
]
CASES += [
    Case4(C("rl-gapdigits-kaifu-2023", "长沙市开福区住房和城乡建设局", R("湖南省", "长沙市", "开福区"), 2023, "2024-01-27",
            419, "reportlab: digits placed one by one 3.5 pt apart (wider than pdfplumber's 3 pt x tolerance), "
            "so '1275' extracts as separate words inside one cell",
            set_values={"proactive.licensing.decisions": 1275, "proactive.penalty.decisions": 308,
                        "proactive.rules.in_force": 46, "_bump_granted_natural_person": 117}),
          Style(split_digits=True, digit_gap=3.5, num_align="center")),
    Case4(C("rl-watermark-running-furong-2022", "长沙市芙蓉区审计局", R("湖南省", "长沙市", "芙蓉区"), 2022, "2023-01-18",
            420, "reportlab: requests table over three pages with a running header and '— N —' page numbers "
            "between its parts, and a grey diagonal watermark '政务公开' over every page"),
          Style(font_size=11, pad=12, low_at=300, start_low=True, running="长沙市芙蓉区审计局政府信息公开工作年度报告",
                watermark="政务公开")),
    Case4(C("rl-norules-tracked-rotate-jiangan-2023", "武汉市江岸区民政局", R("湖北省", "武汉市", "江岸区"), 2023,
            "2024-01-19", 421, "reportlab: no rules and no fills at all, letter-spaced labels, numbers right-aligned, "
            "/Rotate 90", ),
          Style(rule="none", track=2.5, num_align="right", rotate=90)),
]
CASES += [
    Case4(C("lo-repeat-rowbreak-yuhua-2023", "长沙市雨花区教育局", R("湖南省", "长沙市", "雨花区"), 2023, "2024-01-22",
            422, "LibreOffice DOCX→PDF: 14 pt cells, header rows marked 'repeat as heading row', rows allowed to "
            "break across pages (long labels split over a page break), merged cells"),
          docx={"repeat": True, "cant_split": False, "size": 14, "fill_before": True}),
    Case4(C("lo-zeromargin-2019-kaifu-2020", "长沙市开福区财政局", R("湖南省", "长沙市", "开福区"), 2020, "2021-01-27",
            423, "LibreOffice DOCX→PDF: 2019 template, cell margins 0, autofit, rows may not break, header not "
            "repeated", template=T2019),
          docx={"repeat": False, "cant_split": True, "zero_margins": True, "size": 9}),
    Case4(C("lo-norepeat-rowbreak-tianxin-2022", "长沙市天心区商务局", R("湖南省", "长沙市", "天心区"), 2022,
            "2023-01-25", 424, "LibreOffice DOCX→PDF: 16 pt cells, header NOT repeated, rows break across pages, "
            "cell margins 0"),
          docx={"repeat": False, "cant_split": False, "zero_margins": True, "size": 16, "fill_before": True}),
]
CASES += [  # the two failing shapes above, each with one variable removed, to pin the cause
    Case4(C("rl-running-3page-yuelu-2023", "长沙市岳麓区科学技术局", R("湖南省", "长沙市", "岳麓区"), 2023, "2024-01-20",
            425, "reportlab: requests table over three pages with a running header and '— N —' page numbers "
            "between its parts (no watermark)"),
          Style(font_size=11, pad=12, low_at=300, start_low=True, running="长沙市岳麓区科学技术局政府信息公开工作年度报告")),
    Case4(C("lo-repeat-cantsplit-wangcheng-2022", "长沙市望城区民政局", R("湖南省", "长沙市", "望城区"), 2022,
            "2023-01-24", 426, "LibreOffice DOCX→PDF: 14 pt cells, heading rows repeated, rows may NOT break across "
            "pages"),
          docx={"repeat": True, "cant_split": True, "size": 14, "fill_before": True}),
]
CASES += [
    Case4(C("rl-fakebold-xiangtan-2023", "湘潭市岳塘区应急管理局", R("湖南省", "湘潭市", "岳塘区"), 2023, "2024-01-26",
            427, "reportlab: simulated bold — the （七）总计 numbers and the appeals 总计 numbers drawn twice, 0.4 pt "
            "apart (as some converters fake bold for fonts without a bold face)"),
          Style(fake_bold=0.4, num_align="right")),
    Case4(C("rl-fakebold-wide-2019-yuhu-2020", "湘潭市雨湖区财政局", R("湖南省", "湘潭市", "雨湖区"), 2020, "2021-01-28",
            428, "reportlab: 2019 template; simulated bold drawn twice 1.2 pt apart (a heavier fake bold)",
            template=T2019),
          Style(fake_bold=1.2, rule="thin")),
]
CID_CASE = Case4(C("cid-nounicode-hongshan-2022", "武汉市洪山区审计局", R("湖北省", "武汉市", "洪山区"), 2022,
                   "2023-01-21", 430, "Chromium PDF with every /ToUnicode map broken: text extracts as (cid:NN)"),
                 cid_garbage=True)


def build(c4: Case4, tmp: Path) -> Path:
    case = c4.case
    values = make_values(case)
    fill_intro(case, values)
    stem = f"round4-{case.name}"
    out = OUT / f"{stem}.pdf"
    if c4.cid_garbage:
        from tests.stress3.make_stress3 import print_pdf
        flat = tmp / f"{stem}.pdf"
        with kit.chromium_page() as page:
            print_pdf(page, report_pdf_html(case, values), flat, landscape=False)
        strip_tounicode(flat, out)
        return out  # no truth: the parser must refuse this file
    if c4.docx is not None:
        render_docx_pdf(c4, values, out, tmp)
    else:
        render(c4, values, out)
    kit.write_truth(stem, kit.truth_record(
        out, "pdf", agency=case.agency, year=case.year, region=case.region, published=case.published,
        template=case.template, note=case.note, prose_mismatch=case.prose_mismatch, values=truth_values(case, values)))
    return out


def main(names: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    kit.build_cases([*CASES, CID_CASE], build, names, "round4-", name_of=lambda c4: c4.case.name)


if __name__ == "__main__":
    main(sys.argv[1:])
