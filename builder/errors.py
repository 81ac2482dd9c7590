"""The one error a report can raise: it could not be parsed at all.

Readers and the pipeline raise ReportError with a one-line message in Chinese
and English; the CLI prints it on stderr and exits non-zero.
"""


class ReportError(Exception):
    """A report that cannot be parsed (empty, corrupt, encrypted, scanned, not a report …)."""
