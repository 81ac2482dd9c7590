"""The one error a report can raise: it could not be parsed at all.

Readers and the pipeline raise ReportError with a one-line message in Chinese
and English; the CLI prints it on stderr and exits non-zero. Any other exception
is a bug of ours, told apart from a damaged file by where it was raised.
"""

from pathlib import Path

_PACKAGE = str(Path(__file__).resolve().parent)


class ReportError(Exception):
    """A report that cannot be parsed (empty, corrupt, encrypted, scanned, not a report …)."""


class EnvironmentProblem(ReportError):
    """The machine, not the file: a converter missing or too slow today. One line like any ReportError,
    but never cached as the file's verdict (installing LibreOffice, or a quieter machine, may read it)."""


def raised_in_our_code(exc: BaseException) -> bool:
    """True when the innermost frame of the traceback is in builder/: our layout code crashed, rather
    than pdfminer, python-docx or lxml failing on the file's bytes."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and str(Path(tb.tb_frame.f_code.co_filename).resolve()).startswith(_PACKAGE + "/")
