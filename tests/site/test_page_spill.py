"""builder/page_spill.py: MkDocs with the rendered pages kept on disk between its passes writes the
same site, byte for byte, as MkDocs holding them in memory; and leaves no spill folder behind."""

from __future__ import annotations

import shutil
from pathlib import Path

from builder.site import SITE_SRC, run_mkdocs

PAGE = """---
title: 测试机构
---

# 测试机构

<div class="grid" id="top-box"><p>原始 <b>HTML</b> 块 &amp; 实体</p></div>

## 历年变化 {#history}

| 年度 | 数值 |
| --- | --- |
| 2023 | 3,119 |

[回到上面](#top-box) · [历年](#history) · [另一页](../other/index.md#part-2)
"""

OTHER = """# 另一页

## 第二部分 {#part-2}

<section markdown>
**加粗**的文字。
</section>
"""


def _docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    shutil.copytree(SITE_SRC, docs)
    for rel, text in (("agencies/test/index.md", PAGE), ("other/index.md", OTHER)):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    return docs


def _files(site: Path) -> dict[str, bytes]:
    # (the sitemap's gzip copy carries the build's time)
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file() and p.name != "sitemap.xml.gz"}


def test_a_build_with_pages_spilled_to_disk_writes_the_same_site(tmp_path):
    docs = _docs(tmp_path)
    held = run_mkdocs(docs, tmp_path / "held")
    spill = tmp_path / "spill"
    spilled = run_mkdocs(docs, tmp_path / "spilled", spill=spill)
    assert spilled == held
    a, b = _files(tmp_path / "held"), _files(tmp_path / "spilled")
    assert a.keys() == b.keys() and len(a) > 20
    assert [k for k in a if a[k] != b[k]] == []
    page = b["agencies/test/index.html"].decode()
    assert 'id="top-box"' in page and "3,119" in page and 'id="history"' in page
    assert not spill.exists()
