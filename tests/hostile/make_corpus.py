"""Write the hostile corpus tests/hostile/reports/ (committed; run again after changing it).

    python tests/hostile/make_corpus.py

Reports adapted from seeds and fixtures, with injection payloads in their titles, text, table
labels, file names and every string field of their sidecars; tests/site/test_hostile.py builds a site
from them and opens every page in Chromium.
"""
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
seed = (REPO / "data/reports/ningxia/yinchuan/xingqingqu-yueyahuxiang-renminzhengfu-2020.txt").read_text(encoding="utf-8")
out = REPO / "tests/hostile/reports"
P = "window.PWNED=1;alert(1)"
# The text reader drops tags of up to 80 characters (builder/read/text.py): longer ones pass, as an attacker would find.
PAD = " data-pad=" + "x" * 80
# The sidecar schema (builder/sidecar.py) refuses javascript:/data: URLs, names over 100 characters and region
# levels over 30: the payloads here are the ones that pass it, so the site's escaping is what stops them.
REGION = "<svg onload=alert(1)>省/<img src=x onerror=alert(1)>市/<!--<script>县"

def report(title_lines, narrative, signature, labels=None):
    text = seed
    text = text.replace("兴庆区月牙湖乡\n\n2020 年政府信息公开工作年度报告", "\n\n".join(title_lines), 1)
    text = text.replace("本单位应公开政府信息通过", narrative + "\n\n本单位应公开政府信息通过", 1)
    text = text.replace("2020年，我乡政务信息公开工作虽然", narrative + "2020年，我乡政务信息公开工作虽然", 1)
    lines = text.rstrip("\n").split("\n")
    i = lines.index("兴庆区月牙湖乡人民政府")
    lines[i] = signature
    text = "\n".join(lines) + "\n"
    for old, new in (labels or {}).items():
        assert old in text
        text = text.replace(old, new, 1)
    return text

def write(rel, text, sidecar=None):
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if sidecar is not None:
        head = "# 恶意样本 hostile sample: every string field carries an injection payload (tests/test_hostile.py).\n"
        path.with_suffix(".yml").write_text(head + yaml.safe_dump(sidecar, allow_unicode=True, sort_keys=False, width=1000),
                                            encoding="utf-8")

NARRATIVE = ("测试文字<script" + PAD + ">" + P + "</script>，<img src=x onerror=\"" + P + "\"" + PAD + ">，<svg/onload=" + P + PAD + ">，"
             "\"><script" + PAD + ">" + P + "</script>，</script><script" + PAD + ">" + P + "</script>，"
             "{{ config.site_name }}{% include 'base.html' %}，[点我](javascript:" + P + ")，[再点](JaVaScRiPt:" + P + ")，"
             "![图](http://evil.invalid/x.png)，`代码`|竖线|，<!-- 注释 -->，=HYPERLINK(\"http://evil.invalid\",\"点击\")。")

# 1. The agency name from the report's own title (no sidecar agency).
write("jiangsu/<svg-title>.txt".replace("<svg-title>", "xuanwu-title"),
      report(["<svg/onload=" + P + "//" + "x" * 80 + ">南京市玄武区教育局2020年政府信息公开工作年度报告"], NARRATIVE,
             "南京市玄武区教育局",
             labels={"规章\t0": "规章<script" + PAD + ">" + P + "</script>\t0"}),
      {"source_url": "https://example.invalid/?q=\"><script>" + P + "</script>", "published": "2021-01-20",
       "retrieved": "2024-05-01",
       "note": "<script>" + P + "</script>[x](javascript:" + P + ")"})

# 2. Sidecar agency and region with HTML payloads.
write("jiangsu/sidecar-html.txt",
      report(["测试县某某局", "2020 年政府信息公开工作年度报告"], NARRATIVE, "测试县某某局"),
      {"agency": "\"><script>" + P + "</script><img src=x onerror=" + P + ">玄武区民政局",
       "region": REGION,
       "published": "2021-01-21", "source_url": "HTTPS://example.invalid/'onmouseover='" + P, "retrieved": "2024-05-01",
       "note": "<img src=x onerror=\"" + P + "\">", "known_issues": ["balance"]})

# 3. Markdown, Jinja and spreadsheet payloads in the agency name; region shared with 2 (a comparison chart).
write("jiangsu/sidecar-markdown.txt",
      report(["测试县某某局", "2020 年政府信息公开工作年度报告"], NARRATIVE, "测试县某某局"),
      {"agency": "=HYPERLINK(\"http://e.invalid\",\"点\")[点我](javascript:alert(1)){{ config }}{% raw %}`反`|竖|<!---->"
                 "玄武区财政局",
       "region": REGION,
       "published": "2021-01-22", "source_url": "http://evil.invalid/&#106;avascript:" + P, "retrieved": "2024-05-01",
       "note": "=cmd|' /C calc'!A0 ![图](http://evil.invalid/x.png)"})

# 4. A 300-character agency name, formulas in region names, a tab-broken javascript: URL.
write("jiangsu/sidecar-long.txt",
      report(["测试县某某局", "2020 年政府信息公开工作年度报告"], NARRATIVE, "测试县某某局"),
      {"agency": "+SUM(1,2)" + "很长的机构名称" * 12 + "局",  # 94 characters, an id of 250+ letters
       "region": "@SUM(1)省/-1+2市/=1+1县",
       "published": "2021-01-23", "source_url": "https://example.invalid/long", "retrieved": "2024-05-01",
       "note": "-2+3"})

# 5. Payloads in the file name of a report that parses.
# (Stored as filename-payload.*: tests/site/test_hostile.py gives it its hostile name, see FILE_NAMES there,
# so that the repository checks out on file systems that refuse < > | in names.)
write("jiangsu/filename-payload.txt",
      report(["测试县某某局", "2020 年政府信息公开工作年度报告"], NARRATIVE, "测试县某某局"),
      {"agency": "<img src=x onerror=" + P + "><!--<script>&lt;b&gt;&#60;i>文件名测试局 {: onclick=alert(1) }",
       "region": "江苏省/南京市/玄武区",
       "published": "2021-01-24", "source_url": "https://example.invalid/data:text/html,<script>", "retrieved": "2024-05-01"})

# 6. A file that is no report, with payloads in its name: it lands on the 未能解析 page.
(out / "jiangsu").mkdir(parents=True, exist_ok=True)
(out / "jiangsu" / "not-a-report.txt").write_text(  # its hostile name: FILE_NAMES in tests/site/test_hostile.py
    "这不是年度报告。<script>" + P + "</script>\n", encoding="utf-8")

# 7. An HTML report and a Markdown report carrying script: the original file is published beside the page.
html = (REPO / "tests/fixtures/generated/gen-donghu-renminzhengfu-2020.html").read_bytes()
marker = b'<div class="content" id="zoom">'
assert marker in html
html = html.replace(marker, marker + b"\n<script>" + P.encode() + b"</script><img src=x onerror=\"" + P.encode()
                    + b"\"><p><svg/onload=" + P.encode() + b"></p>\n", 1)
(out / "hubei").mkdir(parents=True, exist_ok=True)
(out / "hubei" / "html-original.html").write_bytes(html)
md_report = (REPO / "tests/stress3/files/round3-md-grid-jiangning-2022.md").read_text(encoding="utf-8")
md_report = md_report.replace("### 一、总体情况", "<script>" + P + "</script>\n\n<img src=x onerror=\"" + P + "\">\n\n"
                              "[点我](javascript:" + P + ")\n\n### 一、总体情况", 1)
(out / "jiangsu" / "markdown-original.md").write_text(md_report, encoding="utf-8")
