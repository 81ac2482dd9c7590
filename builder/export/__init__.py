"""Step 5: the published datasets."""

# Collection and Failure live with the batch work (builder/batch.py); re-exported for page code.
from builder.batch import Collection, Failure, collect_reports, report_files
from builder.export.datasets import (
    CORRECTIONS_FILE,
    DATASET_FILES,
    PACKAGE_FILE,
    agency_csv,
    chunk_files,
    chunks,
    datapackage,
    failed_checks,
    package_files,
    passes_checks,
    schema_files,
    write_datasets,
)

__all__ = ["Collection", "Failure", "collect_reports", "report_files", "CORRECTIONS_FILE", "DATASET_FILES", "PACKAGE_FILE",
           "agency_csv", "chunk_files", "chunks", "datapackage", "failed_checks", "package_files", "schema_files",
           "passes_checks", "write_datasets"]
