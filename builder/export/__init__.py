"""Step 5: the published datasets (and the parsing of every report that feeds them)."""

from builder.export.collect import Collection, Failure, collect_reports, report_files
from builder.export.datasets import DATASET_FILES, failed_checks, passes_checks, report_csv, write_datasets

__all__ = ["Collection", "Failure", "collect_reports", "report_files", "DATASET_FILES", "failed_checks",
           "passes_checks", "report_csv", "write_datasets"]
