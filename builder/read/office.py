"""Read an old Word (.doc) or WPS Writer (.wps) report: LibreOffice converts it to DOCX, the DOCX reader reads it.

Word 97–2003 .doc and WPS Office's .wps are both OLE compound files holding a Word binary
document; LibreOffice imports both (it goes by the content, not the extension) and writes DOCX,
merged cells kept. Parsing the binary format ourselves would mean re-implementing what
LibreOffice has done for twenty years, so we don't. Sites also publish other files under a .doc
name: RTF and Word 2003 XML go through LibreOffice too; a DOCX goes straight to the DOCX reader,
and a web page (HTML, or MHTML: Word's "save as web page") to the HTML reader.

Each conversion runs in its own temporary folder with its own throwaway LibreOffice profile, so
parallel conversions (the site build reads reports in parallel) do not fight over one profile,
and is killed, with every process it started, when it takes longer than CONVERT_TIMEOUT.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from builder.errors import EnvironmentProblem, ReportError
from builder.read.document import Document

# Seconds one conversion may take: a 30-page .doc converts in 2–3 s, the first run of a fresh
# profile in about 5 s. Local to this module (builder/read/limits.py may come to hold the others).
CONVERT_TIMEOUT = 120
# Bytes: no annual report is this large; a bigger file is not worth handing to LibreOffice.
MAX_INPUT_BYTES = 100 * 1024 * 1024
# Address space one conversion may use, bytes: LibreOffice converts a report in about 220 MB of
# memory and starts fine under 1 GB; a file that makes it grow past this fails instead of the machine.
MAX_CONVERT_MEMORY = 2 * 1024**3

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: .doc, .wps, .xls, .et
NEED_LIBREOFFICE = ("需要安装 LibreOffice 才能读取 .doc/.wps 文件 LibreOffice is needed to read .doc/.wps files "
                    "(Debian: apt-get install libreoffice-writer-nogui)")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_office(path: Path) -> Document:
    path = Path(path)
    kind = path.suffix.lower().lstrip(".") or "doc"
    with path.open("rb") as fh:
        head = fh.read(512)
    if path.stat().st_size > MAX_INPUT_BYTES:
        raise ReportError(f"文件过大 file too large (over {MAX_INPUT_BYTES // 2**20} MB)")
    if head.startswith(b"PK\x03\x04"):  # a DOCX saved under an old name
        from builder.read.docx import read_docx

        doc = read_docx(path)
        doc.format = kind
        return doc
    if _is_web_page(head):  # Word's "save as web page" under a .doc name: the HTML reader reads it as it is
        doc = _read_web_page(path, head)
        doc.format = kind
        return doc
    if not (head.startswith(OLE_MAGIC) or head.lstrip().startswith((b"{\\rtf", b"<?xml"))):
        # Anything else LibreOffice would import as plain text, turning a damaged file's bytes into
        # a "report" of gibberish.
        raise ReportError(f"不是 Word/WPS 文件 not a Word or WPS document (.{kind}: no OLE, RTF or HTML header)")
    with tempfile.TemporaryDirectory(prefix="gov-reports-lo-") as tmp:
        docx_path = convert(path, Path(tmp), "docx")
        from builder.read.docx import read_docx

        doc = read_docx(docx_path)
    doc.format = kind
    return doc


def _is_web_page(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<html", b"<!doctype html", b"mime-version:")) or b"<html" in start


def _read_web_page(path: Path, head: bytes) -> Document:
    """HTML, or MHTML (a MIME message whose text/html part is the page), read by the HTML reader."""
    from builder.read.html import read_html_bytes

    data = path.read_bytes()
    if head.lstrip().lower().startswith(b"mime-version:"):
        import email
        from email import policy

        message = email.message_from_bytes(data, policy=policy.compat32)
        parts = [p for p in message.walk() if p.get_content_type() == "text/html"]
        if not parts:
            raise ReportError("MHTML 文件中没有网页 no HTML part in the MHTML file")
        data = parts[0].get_payload(decode=True) or b""
        charset = parts[0].get_content_charset()
        if charset and b"charset" not in data[:2048].lower():  # the part's charset, for the HTML reader
            data = f'<meta charset="{charset}">'.encode("ascii", "replace") + data
    return read_html_bytes(data)  # the HTML reader's own size cap and page metadata


def convert(path: Path, workdir: Path, target: str) -> Path:
    """Convert `path` with LibreOffice headless into `workdir`; returns the converted file.

    target is a LibreOffice --convert-to argument ("docx", "doc", "xls", "pdf" …).
    One line of ReportError when LibreOffice is missing, fails or runs past CONVERT_TIMEOUT.
    """
    program = soffice()
    if program is None:
        raise EnvironmentProblem(NEED_LIBREOFFICE)
    # A plain ASCII name: LibreOffice names the output after the input, and a name starting with
    # "-" or holding odd characters must not reach its command line.
    source = workdir / f"input{path.suffix.lower()}"
    shutil.copyfile(path, source)
    outdir = workdir / "out"
    profile = (workdir / "profile").as_uri()
    command = [program, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--norestore",
               "--nologo", "--nodefault", "--nolockcheck", "--convert-to", target, "--outdir", str(outdir),
               str(source)]
    env = {**os.environ, "HOME": str(workdir)}  # nothing written to the user's home
    # util-linux's prlimit (in every Debian) sets the limit: Popen's preexec_fn is unsafe with threads.
    limiter = shutil.which("prlimit")
    if limiter:
        command = [limiter, f"--as={MAX_CONVERT_MEMORY}", "--", *command]
    try:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                env=env, start_new_session=True)
    except OSError as exc:
        raise EnvironmentProblem(f"{NEED_LIBREOFFICE} ({type(exc).__name__})") from exc
    try:
        _out, err = proc.communicate(timeout=CONVERT_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        _kill_group(proc)
        raise EnvironmentProblem(f"LibreOffice 转换超时 conversion timed out after {CONVERT_TIMEOUT} s") from exc
    except BaseException:
        _kill_group(proc)
        raise
    converted = outdir / f"input.{target.split(':', 1)[0]}"
    if proc.returncode != 0 or not converted.is_file() or converted.stat().st_size == 0:
        raise ReportError(f"LibreOffice 无法转换此文件（文件损坏？）LibreOffice could not convert the file "
                          f"(damaged?){_detail(err)}")
    return converted


def _kill_group(proc: subprocess.Popen) -> None:
    """soffice is a script that starts soffice.bin: end the whole group it runs in."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


def _detail(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()
             if line.strip() and "javaldx" not in line]
    return f": {lines[-1][:120]}" if lines else ""
