"""Turn 政府信息公开工作年度报告 into a checked, comparable open dataset.

The pipeline, one package per step:

    read/      a file (PDF, DOCX, HTML, TXT/MD) → Document (paragraphs and table rows)
    locate/    Document → the six parts and the rows of the three official tables
    fieldmap/  table rows → values keyed by the contract's field ids
    check/     values → failed checks (the template's own arithmetic and more)
    export/    many reports → CSV / JSON datasets
    pages/     datasets → Markdown pages and Altair charts
    site.py    pages → MkDocs static site

`builder.parse.parse_report(path)` runs the first four steps for one report.
"""

__version__ = "0.1.0"
