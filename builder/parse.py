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
    }
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from builder.check import check_report
from builder.check.ocr import distrust_ocr
from builder.errors import ReportError
from builder.fieldmap import map_tables
from builder.locate import locate
from builder.metadata import extract_metadata, identify_body, slugify
from builder.read import read_document
from builder.sidecar import apply_sidecar, load_sidecar


def parse_report(path: Path | str) -> dict:
    path = Path(path)
    sidecar = load_sidecar(path)  # a bad sidecar is a ReportError naming every problem, before any reading
    doc = read_document(path)
    located = locate(doc)
    meta = identify_body(apply_sidecar(extract_metadata(doc, located), sidecar), sidecar)
    if not meta["agency"]:
        meta["agency_id"] = slugify(path.stem)
    mapped = map_tables(located, meta["year"])
    if not mapped.found and not located.found_parts:
        raise ReportError("不是政府信息公开工作年度报告：找不到规定的表格和六个部分 not an annual report (no template tables or parts)")
    report = {
        "id": f"{meta['agency_id']}-{meta['year']}" if meta["year"] else meta["agency_id"],
        **meta,
        "template": mapped.template,
        "values": mapped.values,
        "raw": mapped.raw,
        "checks": [],
        "parts": located.parts,
        "source": {
            "path": path.as_posix(),
            "file": path.name,
            "format": doc.format,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "pages": doc.pages,
            "ocr": doc.ocr,
            "source_url": sidecar.source_url,
            "retrieved": sidecar.retrieved,
        },
        "known_issues": list(sidecar.known_issues),
        "note": sidecar.note,
    }
    if doc.ocr:  # misread numbers must not pass for the report's own: see builder.check.ocr
        checks = distrust_ocr(report, lambda: check_report(report, mapped, located))
    else:
        checks = check_report(report, mapped, located)
    for check in checks:
        check["acknowledged"] = check["rule"] in report["known_issues"]
    report["checks"] = checks
    return report
