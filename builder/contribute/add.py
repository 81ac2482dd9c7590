"""``builder add``: parse a new report, propose where it goes under ``data/reports/`` (see
CONTRIBUTING.md), copy it there byte for byte with a sidecar ``.yml`` (provenance and any overrides).
Nothing a contributor gave is overwritten; nothing is printed (the CLI says what was stored)."""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from builder.contribute.storage import (
    dump_yaml,
    find_same_file,
    sha256_of,
    sidecar_overrides,
    sidecar_text,
    storage_path,
    store_new,
    stored_reports_like,
)
from builder.contribute.validation import _blocking
from builder.errors import ReportError
from builder.read import READERS
from builder.sidecar import check_fields

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Added:
    """A report stored by store_report: where it and its sidecar went, and what parsing found."""

    path: Path
    sidecar: Path
    report: dict
    source_url: str | None


def _parse_with_sidecar(file: Path, sidecar: dict) -> dict:
    """Parse a copy of file beside a sidecar holding the overrides, so the parser applies them
    exactly as it will once the report is stored (one place knows what a sidecar means)."""
    from builder.parse import parse_report

    with tempfile.TemporaryDirectory(prefix="builder-add-") as tmp:
        copy = Path(tmp) / file.name
        shutil.copyfile(file, copy)
        if sidecar:
            copy.with_suffix(".yml").write_text(dump_yaml(sidecar), encoding="utf-8")
        return parse_report(copy)


def _refuse_unknown_or_stored(file: Path, data_dir: Path) -> None:
    if not file.is_file():
        raise ReportError(f"{file}: 文件不存在 file not found")
    if file.suffix.lower() not in READERS:
        known = " ".join(sorted(READERS))
        raise ReportError(f"{file}: 不支持的文件类型 unsupported file type '{file.suffix}' (known: {known})")
    same = find_same_file(file, data_dir)
    if same is not None:
        raise ReportError(f"{file}: 该文件已在数据中 this file is already in the data: {same.as_posix()}")


def _parsed_with_identity(file: Path, overrides: dict) -> dict:
    """The parsed report, which must name its agency and year (found, or given as options)."""
    try:
        report = _parse_with_sidecar(file, overrides)
    except ReportError as exc:
        raise ReportError(f"{file}: {exc}") from None
    if not report.get("agency"):
        raise ReportError(f"{file}: 未识别出机关名称，请用 --agency 指定 agency not found, pass --agency")
    if not report.get("year"):
        raise ReportError(f"{file}: 未识别出年度，请用 --year 指定 year not found, pass --year")
    return report


def _free_target(file: Path, report: dict, data_dir: Path) -> tuple[Path, Path]:
    """(report path, sidecar path) under data_dir/reports/, refusing when either is taken."""
    target = storage_path(report, data_dir, file.suffix)
    existing = stored_reports_like(target, data_dir)
    if existing:
        raise ReportError(f"{file}: 该机关该年度的报告已存在，不会覆盖 a report for this agency and year already "
                          f"exists, not overwriting: {existing[0].as_posix()} (wrong agency or year? pass --agency/--year)")
    sidecar = target.with_suffix(".yml")
    if sidecar.exists():
        raise ReportError(f"{file}: 附属文件已存在，不会覆盖 sidecar already exists, not overwriting: {sidecar.as_posix()}")
    return target, sidecar


def _checked_sidecar_text(file: Path, overrides: dict, source_url: str | None, report: dict) -> str:
    record = {**overrides, "source_url": source_url, "retrieved": date.today().isoformat(),
              "sha256": sha256_of(file)}
    text = sidecar_text(record, sorted({c["rule"] for c in _blocking(report)}))
    # What add writes must pass the schema validate applies: checked before anything is stored.
    _checked, problems = check_fields(yaml.safe_load(text))
    if problems:
        raise ReportError(f"{file}: " + "; ".join(problems))
    return text


def store_report(file: Path, *, data_dir: Path = Path("data"), agency: str | None = None, year: int | None = None,
                 region: str | None = None, source_url: str | None = None, published: str | None = None) -> Added:
    """Store file under data_dir/reports/ with its sidecar; ReportError (nothing stored) when it cannot be."""
    file, data_dir = Path(file), Path(data_dir)
    _refuse_unknown_or_stored(file, data_dir)
    overrides = sidecar_overrides(agency, year, region, published, source_url)
    source_url = overrides.pop("source_url", None)
    report = _parsed_with_identity(file, overrides)
    target, sidecar = _free_target(file, report, data_dir)
    text = _checked_sidecar_text(file, overrides, source_url, report)
    store_new(file, target, sidecar, text)
    log.debug("added %s with its sidecar %s", target.as_posix(), sidecar.as_posix())
    return Added(target, sidecar, report, source_url)


def add_report(file: Path, *, data_dir: Path = Path("data"), agency: str | None = None, year: int | None = None,
               region: str | None = None, source_url: str | None = None, published: str | None = None) -> Path:
    """Store file under data_dir/reports/ with its sidecar; return where it went (store_report says more)."""
    return store_report(file, data_dir=data_dir, agency=agency, year=year, region=region,
                        source_url=source_url, published=published).path
