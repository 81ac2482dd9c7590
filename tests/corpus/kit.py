"""The generator kit: the mechanics every corpus generator shares, so each generator holds only its own
report shapes.

The generators (tests/make_fixtures.py, tests/make_format_fixtures.py, tests/make_scanned_fixtures.py,
tests/stress*/make_stress*.py) are deliberately independent authors of report layouts: each keeps its
own labels, grids, number forms and assumptions. What they share is here — the contract's field ids,
the truth file they write (one shape, one place), LibreOffice and pdftotext runs, a Chromium page to
print PDFs with, and the command line that builds all cases or the ones named.
"""

from __future__ import annotations

import contextlib
import csv
import json
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TRUTH_DIR = ROOT / "tests" / "truth"
FIELDS_CSV = ROOT / "builder" / "template" / "fields.csv"  # the contract's field list, as package data

# The contract's column ids (field ids are table.row.column): the six applicant kinds, the appeal groups
# and their outcomes. Labels are each generator's own.
APPLICANTS = ["natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org"]
APPEAL_GROUPS = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
APPEAL_OUTCOMES = ["upheld", "corrected", "other", "pending", "total"]
T2019 = {"proactive": "2019", "requests": "2019", "appeals": "2019"}
T2021 = {"proactive": "2021", "requests": "2021", "appeals": "2021"}

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu"]


def region(province, city=None, county=None, township=None) -> dict:
    """A truth file's region: every level named, None where the report has none."""
    return {"province": province, "city": city, "county": county, "township": township}


def contract_fields(table: str, variant: str) -> list[str]:
    """The field ids of `table` in template `variant`, in the contract's order (read from fields.csv, not
    from builder.template, so a generator does not take the parser's word for the contract)."""
    with FIELDS_CSV.open(encoding="utf-8") as f:
        return [r["field"] for r in csv.DictReader(f) if r["table"] == table and variant in r["templates"].split()]


def truth_record(out: Path, fmt: str, *, agency: str, year: int, region: dict, published: str | None,
                 template: dict, note: str, values: dict, **extra) -> dict:
    """The truth file's record, keys in the order every corpus writes them: `extra` (e.g. prose_mismatch)
    goes between note and values."""
    return {"file": out.relative_to(ROOT).as_posix(), "format": fmt, "agency": agency, "year": year,
            "region": region, "published": published, "template": template, "note": note, **extra,
            "values": values}


def write_truth(name: str, record: dict) -> Path:
    """tests/truth/<name>.json, as every generator writes it (UTF-8, one-space indent, a final newline)."""
    path = TRUTH_DIR / f"{name}.json"
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def libreoffice(src: Path, to: str, outdir: Path, profile: Path) -> Path:
    """LibreOffice headless `--convert-to to` of src into outdir, with its own user profile (a profile
    in use by another soffice would make this one wait or fail). Returns the file written."""
    subprocess.run(["libreoffice", f"-env:UserInstallation=file://{profile}/profile", "--headless",
                    "--convert-to", to, "--outdir", str(outdir), str(src)],
                   check=True, capture_output=True, timeout=180)
    return outdir / f"{src.stem}.{to.split(':')[0]}"


def pdftotext(pdf: Path, *mode: str) -> str:
    """Poppler's pdftotext of the whole PDF as UTF-8 text; mode e.g. "-layout" or "-raw"."""
    return subprocess.run(["pdftotext", *mode, "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


@contextlib.contextmanager
def chromium_page():
    """A page of Debian's Chromium (Playwright) to lay HTML out and print it, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def print_pdf(page, html_text: str, out: Path, **options) -> None:
    """Chromium's print of `html_text` to `out` (A4, backgrounds; `options` as Playwright's page.pdf)."""
    page.set_content(html_text, wait_until="load")
    page.pdf(path=str(out), **{"format": "A4", "print_background": True, **options})


def build_cases(cases: Iterable, build: Callable, argv: list[str], prefix: str, *,
                name_of: Callable = lambda c: c.name, size: Callable[[int], str] = lambda n: f"{n // 1024} KB",
                page: bool | Callable = False) -> None:
    """The command line of a generator: build every case, or those named in argv (with or without the
    corpus prefix), in a scratch folder; print each file written and its size.

    build(case, tmp) or, with `page` (True, or a predicate on the chosen cases), build(case, page, tmp)
    with a Chromium page opened once for all of them (None when the predicate says no case needs one).
    """
    chosen = [c for c in cases if not argv or name_of(c) in argv or f"{prefix}{name_of(c)}" in argv]
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        needs_page = page(chosen) if callable(page) else page
        args = (stack.enter_context(chromium_page()),) if needs_page else (None,) if page else ()
        for case in chosen:
            out = build(case, *args, Path(tmp))
            print(f"{out.relative_to(ROOT)}  {size(out.stat().st_size)}")
