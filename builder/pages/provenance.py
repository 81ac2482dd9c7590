"""Where a value was printed, as a link and a Chinese phrase: ``place(report, field_id)``.

A minimal stand-in with the signature the ``viewer`` work provides (its module, with the vendored
PDF viewer opening the original at the cell, replaces this one): it reads the record's
``provenance`` key and links a PDF's page in the copy of the original published beside the agency
page (browsers' PDF viewers honour ``#page=N``).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple


class Place(NamedTuple):
    href: str | None  # site-root-relative URL of the place (None: nothing to link to)
    text: str  # Chinese: "第 3 页" / "第 2 张表 第 5 行 第 3 列" / "第 120 行"


def _text(where: dict) -> str | None:
    if isinstance(where.get("page"), int):
        return f"第 {where['page']} 页"
    if isinstance(where.get("line"), int):
        return f"第 {where['line']} 行"
    if all(isinstance(where.get(k), int) for k in ("table", "row", "col")):
        return f"第 {where['table'] + 1} 张表 第 {where['row'] + 1} 行 第 {where['col'] + 1} 列"
    return None


def place(report: dict, field_id: str) -> Place | None:
    """The place of one value, or None when the record does not say where it was printed."""
    where = (report.get("provenance") or {}).get(field_id)
    if not isinstance(where, dict):
        return None
    text = _text(where)
    if text is None:
        return None
    href = None
    source = report.get("source") or {}
    if isinstance(where.get("page"), int) and Path(source.get("file") or "").suffix.lower() == ".pdf":
        href = f"agencies/{report['agency_id']}/{report['id']}.pdf#page={where['page']}"
    return Place(href, text)
