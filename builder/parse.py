"""One report through the pipeline: read → locate → map to field ids → check.

``parse_report(path)`` returns the contract's JSON object (see
``../shared/contract/README.md``) with a few additions::

    {
      "id": "xingqingqu-yueyahuxiang-renminzhengfu-2020",   # report id: agency_id-year
      "agency": "兴庆区月牙湖乡人民政府",                   # as the report prints it
      "agency_normalized": "兴庆区月牙湖乡人民政府",        # the formal name, for grouping
      "body_id": "640104:月牙湖乡人民政府",                 # stable: GB/T 2260 code [+ name below it]
      "agency_id": "xingqingqu-yueyahuxiang-renminzhengfu",  # ASCII slug (pinyin)
      "year": 2020,
      "region": {"province": …, "city": …, "county": …, "township": …},  # null where unknown
      "level": "township",            # province | city | county | township | null
      "published": "2021-01-28",      # or null
      "metadata_sources": {"agency": "signature", "year": "title", "region": "agency",
                           "published": "signature"},  # title | signature | body | text[:label] |
                           # places-table | page:时间 | meta:<tag> | info-table:<label> | sidecar | null
      "page_metadata": {"meta:PubDate": …, "info-table:发布机构": …},  # the page's furniture, as printed
      "template": {"proactive": "2019", "requests": "2019", "appeals": "2019"},  # null: table absent
      "values": {field_id: int | float | null, …},   # every field of the detected variants
      "raw": {field_id: "35.6万元"},                  # source text where a value was converted
      "checks": [{"rule", "severity", "fields", "message", "acknowledged"}],
      "parts": {"overview": str, "proactive": str, "requests": str, "appeals": str,
                "problems": str, "other": str},       # text of the six parts ("" if absent)
      "source": {"path", "file", "format", "sha256", "pages", "ocr", "source_url",
                 "retrieved"},                        # ocr: read from page images
      "known_issues": [rule, …],  "note": str | null,  # from the sidecar, acknowledged errors
      # What the checks are computed from besides the above (builder.check.run needs nothing else):
      "template_source": {"proactive": "document" | "year" | null, …},  # what decided the variant
      "blank": [field_id, …],       # printed blank, "/", "—": null, and 0 in a part's sum
      "unknown": [field_id, …],     # null because it could not be read with certainty
      "untrusted": [field_id, …],   # OCR'd cells nulled for breaking the arithmetic (reading in raw)
      "notes": [{"rule", "fields", "detail"}],  # the mapper's: what it placed and why (cell_count …)
      "parts_found": [part, …],     # parts whose heading was found
      "preamble": str,              # the text before part one
      "derived": {field_id: {"value", "rule", "from", "note"}},  # certain by the tables' sums (builder.derive)
      "provenance": {field_id: {"raw": "1,234", "page", "bbox": [x0, top, x1, bottom], "table", "row",
                     "col", "line"}},   # where each value was printed (builder.record.Provenance)
    }

The types are builder.record.Report (and its JSON Schema, docs/report.schema.json).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Literal

from builder.check import run
from builder.check.ocr import distrust_ocr
from builder.check.settings import DEFAULT as CHECK_DEFAULT
from builder.check.settings import CheckSettings
from builder.derive import derive
from builder.errors import ReportError
from builder.fieldmap import map_tables
from builder.fieldmap.settings import DEFAULT as MAP_DEFAULT
from builder.fieldmap.settings import MapSettings
from builder.locate import locate
from builder.metadata import extract_metadata, identify_body, slugify
from builder.read import read_document
from builder.record import Report, from_stages, provenance
from builder.sidecar import Sidecar, apply_sidecar, check_fields, load_sidecar
from builder.template.names import FILE_NAME_YEAR


def _without_year(stem: str, year: int | None) -> str:
    """A file name as a nameless body's name: without the report's year at either end (…-2020, 2020年…), so
    that the body's reports of other years, named alike, are one body and not one each."""
    if not year:
        return stem
    bare = re.sub(FILE_NAME_YEAR.format(year=int(year)), "", stem)
    return bare if re.search(r"[^\W_]", bare) else stem


def parse_report(path: Path | str, *, sidecar: Literal["auto"] | dict | Sidecar | None = "auto",
                 map_settings: MapSettings = MAP_DEFAULT, check_settings: CheckSettings = CHECK_DEFAULT) -> Report:
    """One report's record.

    sidecar: "auto" reads the .yml next to the file (as `add` writes it), a dict gives the same keys
    (checked by the same schema), None parses without one. A bad sidecar is a ReportError naming every
    problem, before any reading.
    """
    path = Path(path)
    given = _sidecar(path, sidecar)
    doc = read_document(path)
    located = locate(doc)
    meta = identify_body(apply_sidecar(extract_metadata(doc, located), given), given)
    if not meta["agency"]:
        meta["agency_id"] = slugify(_without_year(path.stem, meta["year"]))
    mapped = map_tables(located, meta["year"], map_settings)
    if not mapped.found and not located.found_parts:
        raise ReportError("不是政府信息公开工作年度报告：找不到规定的表格和六个部分 not an annual report (no template tables or parts)")
    stages = from_stages(mapped, located)
    report: Report = {
        "id": f"{meta['agency_id']}-{meta['year']}" if meta["year"] else meta["agency_id"],
        **meta,
        "template": stages.pop("template"),
        "values": stages.pop("values"),
        "raw": stages.pop("raw"),
        "checks": [],
        "parts": stages.pop("parts"),
        "source": {
            "path": path.as_posix(),
            "file": path.name,
            "format": doc.format,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "pages": doc.pages,
            "ocr": doc.ocr,
            "source_url": given.source_url,
            "retrieved": given.retrieved,
        },
        "known_issues": list(given.known_issues),
        "note": given.note,
        **stages,
        "provenance": provenance(mapped),
    }
    if doc.ocr:  # misread numbers must not pass for the report's own: see builder.check.ocr
        report["checks"] = distrust_ocr(report, lambda: run(report, check_settings), check_settings)
    else:
        report["checks"] = run(report, check_settings)
    report["derived"] = derive(report)  # after the checks: an OCR reading they nulled is not derived
    return report


def _sidecar(path: Path, sidecar: Literal["auto"] | dict | Sidecar | None) -> Sidecar:
    if isinstance(sidecar, Sidecar):
        return sidecar
    if sidecar is None:
        return Sidecar()
    if isinstance(sidecar, str) and sidecar == "auto":
        return load_sidecar(path)
    if not isinstance(sidecar, dict):
        raise ReportError(f"sidecar 应为 \"auto\"、字典或 None sidecar must be \"auto\", a dict or None "
                          f"(got {type(sidecar).__name__})")
    values, problems = check_fields(sidecar)
    if problems:
        raise ReportError("附属文件有误 invalid sidecar: " + "; ".join(problems))
    return Sidecar(**values)
