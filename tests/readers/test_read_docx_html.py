"""The DOCX and HTML readers: rows found, merged cells handled, encodings decoded, bad files refused."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from builder.errors import ReportError
from builder.read import Paragraph, Table, read_document
from builder.read.docx import read_docx
from builder.read.html import decode_html, read_html
from tests.corpus.harness import truth as corpus_truth

ROOT = Path(__file__).resolve().parents[2]
GEN = ROOT / "tests" / "fixtures" / "generated"


def truth(name: str) -> dict:
    return corpus_truth(name.removesuffix(".json"))


def tables(doc) -> list[list[list[str]]]:
    return [b.rows for b in doc.blocks if isinstance(b, Table)]


def row_starting(rows, *labels) -> list[str]:
    for row in rows:
        if row[: len(labels)] == list(labels):
            return row
    raise AssertionError(f"no row starting with {labels}")


# ------------------------------------------------------------------ DOCX


def test_docx_tables_sit_between_their_headings():
    doc = read_docx(GEN / "gen-xuanwu-jiaoyuju-2023.docx")
    assert doc.format == "docx" and doc.pages >= 1
    kinds = [(type(b).__name__, b.text if isinstance(b, Paragraph) else None) for b in doc.blocks]
    for heading in ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"):
        i = kinds.index(("Paragraph", heading))
        assert kinds[i + 1][0] == "Table", heading
    assert doc.paragraphs[0] == "南京市玄武区教育局2023年政府信息公开工作年度报告"
    assert doc.paragraphs[-1] == "2024年1月18日"


def test_docx_merged_cells():
    doc = read_docx(GEN / "gen-xuanwu-jiaoyuju-2023.docx")
    proactive, requests, appeals = tables(doc)
    values = truth("gen-xuanwu-jiaoyuju-2023-docx.json")["values"]
    # Horizontal merge: the section row spanning four columns appears once.
    assert proactive[0] == ["第二十条第（一）项"]
    assert proactive[6] == ["行政许可", str(values["proactive.licensing.decisions"])]
    # 28 rows; a row under a vertical merge repeats the merged label, a horizontal one appears once.
    assert len(requests) == 28
    new = row_starting(requests, "一、本年新收政府信息公开申请数量")
    assert new[1:] == [str(values[f"requests.new_received.{c}"]) for c in
                       ("natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org",
                        "total")]
    assert sum(1 for row in requests if row[0] == "三、本年度办理结果") == 22
    secret = row_starting(requests, "三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")
    assert len(secret) == 10 and secret[-1] == str(values["requests.withheld_state_secret.total"])
    total = row_starting(requests, "三、本年度办理结果", "（七）总计")
    assert len(total) == 9 and total[-1] == str(values["requests.total_processed.total"])
    # The header's three stacked rows: the merged corner repeats, 自然人 repeats under its vertical merge.
    assert requests[2][:2] == [requests[0][0], "自然人"] and requests[2][2] == "商业\n企业"
    assert len(appeals) == 4 and len(appeals[3]) == 15
    assert appeals[3][4] == str(values["appeals.reconsideration.total"])


def test_docx_cells_lose_layout_spaces_but_keep_line_breaks():
    requests = tables(read_docx(GEN / "gen-wuhou-cuqiaojiedao-2022.docx"))[1]
    labels = [cell for row in requests for cell in row]
    assert "（一）予以公开" in labels           # printed "（一） 予 以 公 开"
    assert "1、本机关不掌握\n相关政府信息" in labels
    assert "2.其他法律行政止公开" in labels      # typos are the locator's business, kept as printed
    assert "４" in labels                        # full-width digits too
    blank = tables(read_docx(GEN / "gen-xihu-shichangjianguanju-2023.docx"))[1]
    assert row_starting(blank, "二、上年结转政府信息公开申请数量")[1:] == [""] * 7


def _docx_with(tmp_path: Path, build) -> Path:
    document = docx.Document()
    build(document)
    path = tmp_path / "built.docx"
    document.save(path)
    return path


def test_docx_layout_table_text_boxes_and_tracked_changes(tmp_path):
    def build(d):
        frame = d.add_table(rows=1, cols=1)
        cell = frame.cell(0, 0)
        cell.paragraphs[0].text = "某某县某某局2023年政府信息公开工作年度报告"
        inner = cell.add_table(rows=2, cols=2)
        inner.cell(0, 0).text, inner.cell(0, 1).text = "行政许可", "12"
        inner.cell(1, 0).text, inner.cell(1, 1).text = "行政处罚", "3"
        title_box = d.add_table(rows=1, cols=1)
        title_box.cell(0, 0).text = "一、总体情况"
        p = d.add_paragraph("收到申请")
        w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        p._p.append(parse_xml(f'<w:del {w} w:id="1" w:author="a"><w:r><w:delText>99</w:delText></w:r></w:del>'))
        p._p.append(parse_xml(f'<w:ins {w} w:id="2" w:author="a"><w:r><w:t>5</w:t></w:r></w:ins>'))
        p.add_run("件")
        box = d.add_paragraph("锚点")
        box._p.append(parse_xml(
            f'<w:r {w} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
            '<w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>'
            '<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent>'
            '</w:pict></mc:Fallback></mc:AlternateContent></w:r>'))

    doc = read_docx(_docx_with(tmp_path, build))
    assert doc.paragraphs[0] == "某某县某某局2023年政府信息公开工作年度报告"
    assert tables(doc) == [[["行政许可", "12"], ["行政处罚", "3"]]]
    assert "一、总体情况" in doc.paragraphs        # a one-cell table is a text frame
    assert "收到申请5件" in doc.paragraphs          # deleted text left out, inserted text kept
    assert doc.paragraphs.count("框内文字") == 1   # text box read once, not again from its fallback
    assert doc.paragraphs.index("锚点") + 1 == doc.paragraphs.index("框内文字")


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x03\x04 truncated", b"\xd0\xcf\x11\xe0" + b"\0" * 60])
def test_corrupt_docx_is_one_clear_error(tmp_path, content):
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(ReportError, match="DOCX"):
        read_docx(path)


def test_zip_without_a_document_is_corrupt(tmp_path):
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(ReportError, match="DOCX 文件损坏"):
        read_document(path)


def test_cli_reports_a_corrupt_docx_in_one_line(tmp_path):
    path = tmp_path / "bad.docx"
    path.write_bytes(b"definitely not a docx")
    result = subprocess.run([sys.executable, "-m", "builder", "parse", str(path)], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode != 0
    assert "DOCX 文件损坏" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


# ------------------------------------------------------------------ HTML


def test_html_gbk_declared_gb2312_is_decoded_as_gb18030():
    raw = (GEN / "gen-donghu-renminzhengfu-2020.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("gb2312")                    # 堃 is GBK, not GB2312: a strict gb2312 decode fails
    doc = read_html(GEN / "gen-donghu-renminzhengfu-2020.html")
    assert doc.format == "html"
    assert "南昌市东湖区人民政府2020年政府信息公开工作年度报告" in doc.paragraphs
    assert any("李堃" in p for p in doc.paragraphs)
    proactive = tables(doc)[0]
    assert row_starting(proactive, "信息内容", "采购项目数量")[2] == "采购总金额（万元）"


def test_html_site_chrome_is_dropped():
    text = read_html(GEN / "gen-changan-fagaiju-2023.html").text
    for chrome in ("首页", "当前位置", "ICP备案号", "统计代码", "主办单位"):
        assert chrome not in text, chrome
    assert "石家庄市长安区发展和改革局2023年政府信息公开工作年度报告" in text


def test_html_rowspan_colspan_nbsp_and_br():
    doc = read_html(GEN / "gen-changan-fagaiju-2023.html")
    values = truth("gen-changan-fagaiju-2023-html.json")["values"]
    proactive, requests, appeals = tables(doc)
    assert proactive[0] == ["第二十条第（一）项"]                       # colspan=4 kept once
    assert len(requests) == 28
    assert sum(1 for row in requests if row[0] == "三、本年度办理结果") == 22   # rowspan=22 repeated
    assert row_starting(requests, "三、本年度办理结果", "（三）不予公开", "3.危及“三安全\n一稳定”")
    assert row_starting(requests, "三、本年度办理结果", "（五）不予处理", "3.要求提供公开出版物")[3:] == [""] * 7
    total = row_starting(requests, "三、本年度办理结果", "（七）总计")
    assert total[2:] == [str(values[f"requests.total_processed.{c}"]) for c in
                         ("natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org",
                          "total")]
    assert appeals[1][:2] == ["结果维持", "结果\n纠正"] and len(appeals[3]) == 15
    assert ["行政事业性收费", ""] in proactive                          # &nbsp; is blank


def test_html_layout_tables_and_word_markup():
    doc = read_html(GEN / "gen-qingxiu-xinzhujiedao-2024.html")
    found = tables(doc)
    assert len(found) == 3                       # the frame around the page is not a table of data
    assert "南宁市青秀区新竹街道办事处2024年政府信息公开工作年度报告" in doc.paragraphs
    assert found[1][3][0] == "一、本年新收政府信息公开申请数量"
    assert doc.paragraphs[-1] == "2025年1月17日"


def test_html_th_headers_padded_numbers_and_short_rows():
    doc = read_html(GEN / "gen-gusu-zhujianju-2022.html")
    values = truth("gen-gusu-zhujianju-2022-html.json")["values"]
    requests = tables(doc)[1]
    assert requests[1][1:] == ["自然人", "法人或其他组织", "总计"]      # <th> cells in <thead>
    new = row_starting(requests, "一、本年新收政府信息公开申请数量")
    assert new[1] == str(values["requests.new_received.natural_person"])   # "&nbsp;<span>n</span>&nbsp;"
    fee = row_starting(requests, "三、本年度办理结果", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    assert len(fee) == 10 and fee[-2:] == ["", ""]  # left out of the page, restored as blanks


def test_html_inline_grid_and_declared_charset(tmp_path):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=GB2312"></head><body>'
            '<div class="nav">首页</div><p>标题&nbsp;一</p><p>第二行<br>第三行</p>'
            '<table><tr><td rowspan="2">甲</td><td colspan="2">乙</td></tr>'
            '<tr><td>1</td><td>&nbsp;</td></tr><tr><td>丙</td><td>2 0</td><td>3</td></tr><tr><td>丁</td></tr></table>'
            '<script>var x = "脚本";</script><style>p{}</style></body></html>')
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("gb18030"))
    doc = read_document(path)
    assert doc.paragraphs == ["标题 一", "第二行", "第三行"]
    assert tables(doc) == [[["甲", "乙"], ["甲", "1", ""], ["丙", "20", "3"], ["丁", "", ""]]]
    assert "脚本" not in doc.text


def test_html_undeclared_gbk_is_guessed():
    raw = (GEN / "gen-nanming-shuiwuju-2021.txt").read_bytes()  # GBK text, no declaration anywhere
    text = decode_html(b"<html><body><pre>" + raw + b"</pre></body></html>")
    assert "贵阳市南明区水务管理局2021年政府信息公开工作年度报告" in text


def test_html_without_text_is_refused(tmp_path):
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>x</title><script>1</script></head><body>&nbsp;</body></html>")
    with pytest.raises(ReportError):
        read_document(path)


def test_docx_embedded_html_chunk(tmp_path):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    def build(d):
        d.add_paragraph("正文之前")
        page = "<html><body><p>嵌入的段落</p><table><tr><td>行政许可</td><td>7</td></tr></table></body></html>"
        part = Part(PackURI("/word/afchunk1.htm"), "text/html", page.encode("utf-8"), d.part.package)
        rid = d.part.relate_to(part, RT.A_F_CHUNK)
        w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        d.element.body.sectPr.addprevious(parse_xml(f'<w:altChunk {w} {r} r:id="{rid}"/>'))

    doc = read_docx(_docx_with(tmp_path, build))
    assert doc.paragraphs == ["正文之前", "嵌入的段落"]
    assert tables(doc) == [[["行政许可", "7"]]]


def test_html_lying_declaration_and_xml_prolog(tmp_path):
    body = "<p>全年共收到政府信息公开申请12件。</p>"
    lying = tmp_path / "lying.html"   # declares UTF-8, holds GBK bytes
    lying.write_bytes(f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'.encode("gbk"))
    assert read_html(lying).paragraphs == ["全年共收到政府信息公开申请12件。"]
    xhtml = tmp_path / "x.html"
    xhtml.write_bytes(('<?xml version="1.0" encoding="gb2312"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
                       f'<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"/></head>'
                       f'<body>{body}</body></html>').encode("gbk"))
    assert read_html(xhtml).paragraphs == ["全年共收到政府信息公开申请12件。"]


def test_docx_odd_grids_short_rows_and_orphan_merge(tmp_path):
    def build(d):
        t = d.add_table(rows=3, cols=3)
        for i, row in enumerate(t.rows):
            for j, cell in enumerate(row.cells):
                cell.text = f"{i}{j}"
        t.cell(0, 0)._tc.get_or_add_tcPr().append(parse_xml(
            '<w:vMerge xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'))
        short = t._tbl.tr_lst[2]
        short.remove(short.tc_lst[-1])          # a row ending one column early

    rows = tables(read_docx(_docx_with(tmp_path, build)))[0]
    # A merge "continuing" into the first row has nothing above it: blank, not a crash.
    assert rows == [["", "01", "02"], ["10", "11", "12"], ["20", "21", ""]]


def test_html_article_header_kept_page_banner_dropped(tmp_path):
    path = tmp_path / "page.html"
    path.write_text('<html><head><meta charset="utf-8"></head><body><header>某某市人民政府门户网站</header>'
                    '<article><header><h1>某某局2023年政府信息公开工作年度报告</h1></header><p>一、总体情况</p>'
                    '</article><div id="footer">网站标识码</div></body></html>', encoding="utf-8")
    assert read_html(path).paragraphs == ["某某局2023年政府信息公开工作年度报告", "一、总体情况"]
