"""Contributing reports: ``builder add`` and ``builder validate``, one module per job.

- storage.py     where a report goes under data/reports/, same-file detection, the sidecar written
- add.py         add_report / store_report: parse, refuse what would overwrite, store
- validation.py  validate_one / outcomes / validate_reports: may these reports be merged?
- summaries.py   a report, an outcome, the result of `add` as text and as Markdown (CI job summary)

Nothing here prints: results are returned, and validate_reports says each outcome through a callback
(the CLI passes click.echo). The names importable from ``builder.contribute`` before the split still are.
"""

from builder.contribute.add import Added, add_report, store_report
from builder.contribute.storage import (
    REPORTS_DIR,
    SIDECAR_SUFFIXES,
    find_same_file,
    report_files,
    sha256_of,
    sidecar_text,
    storage_path,
)
from builder.contribute.summaries import (
    KEY_FIGURES,
    SUMMARY_TITLE,
    added_text,
    describe_text,
    key_figures,
    outcome_markdown,
    outcome_text,
    region_text,
    summary_markdown,
    totals_text,
)
from builder.contribute.validation import (
    BRIEF_ABOVE,
    Outcome,
    collect_reports,
    outcomes,
    validate_one,
    validate_reports,
)

__all__ = [
    "BRIEF_ABOVE", "KEY_FIGURES", "REPORTS_DIR", "SIDECAR_SUFFIXES", "SUMMARY_TITLE", "Added", "Outcome",
    "add_report", "added_text", "collect_reports", "describe_text", "find_same_file", "key_figures",
    "outcome_markdown", "outcome_text", "outcomes", "region_text", "report_files", "sha256_of", "sidecar_text",
    "store_report", "storage_path", "summary_markdown", "totals_text", "validate_one", "validate_reports",
]
