"""Where a contributed report goes under ``data/reports/``, whether its bytes are already there, and
the sidecar written beside it (see CONTRIBUTING.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from builder.batch import files_under
from builder.errors import ReportError
from builder.files import sha256_of
from builder.metadata import region_slug
from builder.read import READERS
from builder.sidecar import check_fields
from builder.template.names import DIRECTLY_RULED, PLACEHOLDER_CITIES

REPORTS_DIR = "reports"
SIDECAR_SUFFIXES = (".yml", ".yaml")

# cpca names the "city" of a municipality 市辖区 (or 县), and of a county-level city ruled directly
# by its province 省直辖县级行政区划; neither is a place a folder should be named after.
_PLACEHOLDER_CITIES = PLACEHOLDER_CITIES
_DIRECTLY_RULED = DIRECTLY_RULED


def report_files(root: Path) -> list[Path]:
    """Every report file (any format the readers know) under root, sidecars excluded."""
    return files_under(root) if root.is_dir() else []


def storage_path(report: dict, data_dir: Path, suffix: str) -> Path:
    """data/reports/<province>/<city>/<agency_id>-<year><suffix>, the one storage convention."""
    region = report.get("region") or {}
    province, city = region.get("province"), region.get("city")
    if city in _PLACEHOLDER_CITIES:
        city_slug = region_slug(province, "province")
    elif city and city.endswith(_DIRECTLY_RULED):
        city_slug = region_slug(region.get("county"), "city")
    else:
        city_slug = region_slug(city, "city")
    name = f"{report['agency_id']}-{report['year']}{suffix.lower()}"
    return data_dir / REPORTS_DIR / region_slug(province, "province") / city_slug / name


def find_same_file(path: Path, data_dir: Path) -> Path | None:
    """A file under data/ with exactly these bytes, if any."""
    size, digest = path.stat().st_size, None
    for other in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        # Only a file of the same size can have the same bytes: hash just those.
        if other.stat().st_size != size:
            continue
        digest = digest or sha256_of(path)
        if sha256_of(other) == digest:
            return other
    return None


def stored_reports_like(target: Path, data_dir: Path) -> list[Path]:
    """Reports already stored under the target's name in any format (report.pdf for report.docx)."""
    reports = data_dir / REPORTS_DIR
    if not reports.is_dir():
        return []
    return sorted(p for p in reports.rglob(f"{target.stem}.*") if p.suffix.lower() in READERS)


def sidecar_overrides(agency, year, region, published, source_url=None) -> dict:
    """The options of `add` as sidecar keys, checked by the sidecar's own schema (builder/sidecar.py)."""
    overrides = {}
    for key, value in (("agency", agency), ("year", year), ("region", region), ("published", published),
                       ("source_url", source_url)):
        value = value.strip() if isinstance(value, str) else value
        if value is None or value == "":
            continue
        checked, problems = check_fields({key: value})
        if problems:
            raise ReportError(f"--{key.replace('_', '-')}: {problems[0]}")
        # The region stays the path as written: the sidecar's readable form.
        overrides[key] = value if key == "region" else checked[key]
    return overrides


def sidecar_text(record: dict, failing_rules: list[str]) -> str:
    """The sidecar's YAML, with a commented-out known_issues line when errors fail, for the
    contributor to enable only after checking the source really is wrong."""
    text = "# 报告的来源与校正，见 CONTRIBUTING.md  Provenance and overrides, see CONTRIBUTING.md\n"
    text += dump_yaml(record)
    if failing_rules:
        text += ("# 核对原文后，若确是原文自身的错误，取消下面两行的注释并说明：\n"
                 "# If the source itself is wrong (check it first), uncomment and explain:\n"
                 f"# known_issues: [{', '.join(failing_rules)}]\n"
                 "# note: 原文……（说明哪里不符） the source …\n")
    return text


def dump_yaml(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def store_new(file: Path, target: Path, sidecar: Path, sidecar_yaml: str) -> None:
    """Copy file to target byte for byte and write its sidecar; neither may exist yet."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # "x": exclusive creation, so even a file appearing meanwhile is never overwritten.
    with file.open("rb") as src, target.open("xb") as dst:
        shutil.copyfileobj(src, dst)
    with sidecar.open("x", encoding="utf-8") as fh:
        fh.write(sidecar_yaml)
