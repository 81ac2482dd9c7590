"""Turn 政府信息公开工作年度报告 into a checked, comparable open dataset.

The pipeline, one package per step:

    read/      a file (PDF, DOCX, HTML, TXT/MD) → Document (paragraphs and table rows)
    locate/    Document → the six parts and the rows of the three official tables
    fieldmap/  table rows → values keyed by the contract's field ids
    check/     values → failed checks (the template's own arithmetic and more)
    export/    many reports → CSV / JSON datasets
    pages/     datasets → Markdown pages and Altair charts
    site.py    pages → MkDocs static site

The API a researcher imports (docs/python-api.md)::

    import builder
    report = builder.parse_report("tests/fixtures/reports/huaian-2024.pdf")   # a Report
    builder.values_frame([report])                                             # pandas, a report a row

``import builder`` is cheap: each name below is imported on first use (PEP 562), so pdfplumber and
pandas load only when a report is parsed or a frame made. The library logs (``logging``, the
``builder`` logger) and reports progress through callbacks; it never prints, and it changes no other
library's logging.
"""

from __future__ import annotations

import importlib

# Not typing.TYPE_CHECKING: importing typing would triple the cost of `import builder` (type checkers
# know this spelling too).
TYPE_CHECKING = False

__version__ = "0.1.0"

# name → the module that defines it, imported when the name is first used.
_EXPORTS = {
    "parse_report": "builder.parse",  # a report file (PDF, DOCX, HTML, TXT …) → Report
    "Report": "builder.record",  # the typed record parse_report returns
    "ReportError": "builder.errors",  # the one error a report raises: it cannot be parsed
    "collect_reports": "builder.batch",  # every report under a folder, parsed in isolated workers, cached
    "write_datasets": "builder.export",  # reports → per-year reports.csv/.parquet, values.parquet, checks.csv, reports.json.gz …
    "values_frame": "builder.frames",  # reports → pandas DataFrame, a report a row, a field a column
    "checks_frame": "builder.frames",  # reports → pandas DataFrame, a check a row
    "ProgressEvent": "builder.progress",  # what a progress callback receives
    "MapSettings": "builder.fieldmap.settings",  # the mapper's thresholds, each with its reason
    "CheckSettings": "builder.check.settings",  # the checks' thresholds
}

__all__ = ["CheckSettings", "MapSettings", "ProgressEvent", "Report", "ReportError", "checks_frame",
           "collect_reports", "parse_report", "values_frame", "write_datasets"]  # = sorted(_EXPORTS), spelled out for linters

if TYPE_CHECKING:  # what type checkers and editors see; nothing is imported at run time
    from typing import Any

    from builder.batch import collect_reports
    from builder.check.settings import CheckSettings
    from builder.errors import ReportError
    from builder.export import write_datasets
    from builder.fieldmap.settings import MapSettings
    from builder.frames import checks_frame, values_frame
    from builder.parse import parse_report
    from builder.progress import ProgressEvent
    from builder.record import Report


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'builder' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once: later lookups do not come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
