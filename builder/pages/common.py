"""Small helpers every page generator shares: paths, links, Markdown escaping, region paths."""

from __future__ import annotations

import json
import posixpath
import re
from html import escape

from builder.metadata import LEVELS, region_slug, slugify

LEVEL_ZH = {"province": "省级", "city": "地市级", "county": "县级", "township": "乡镇级", None: "未知"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def agency_page(agency_id: str) -> str:
    """Docs-relative path of an agency's page (URL agencies/<agency_id>/)."""
    return f"agencies/{agency_id}/index.md"


def rel(from_page: str, to_path: str) -> str:
    """A relative link from one docs page to another docs file (both docs-relative)."""
    return posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")


def md(text) -> str:
    """Text safe inside Markdown (table cells, link text): no markup, no pipes, no HTML."""
    text = escape(str(text if text is not None else ""), quote=False)
    return re.sub(r"([\\`*_{}\[\]()#+!|~])", r"\\\1", text).replace("\n", " ")


def link(text, from_page: str, to_page: str) -> str:
    return f"[{md(text)}]({rel(from_page, to_page)})"


# ---------------------------------------------------------------- regions


def region_chain(report: dict) -> list[tuple[str, str]]:
    """(level, name) from province down, skipping levels the report does not reveal."""
    region = report.get("region") or {}
    return [(level, region[level]) for level in LEVELS if region.get(level)]


def _slug(level: str, name: str) -> str:
    return region_slug(name, level) if level in ("province", "city") else slugify(name)


def region_page(chain: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> str:
    """Docs-relative path of a region's page: regions/ningxia/yinchuan/xingqingqu/index.md."""
    return "regions/" + "/".join(_slug(level, name) for level, name in chain) + "/index.md"


# Region pages exist for these levels; a township links to its county's page.
PAGE_LEVELS = ("province", "city", "county")


def page_chain(chain) -> tuple[tuple[str, str], ...]:
    return tuple((level, name) for level, name in chain if level in PAGE_LEVELS)


def front_matter(title: str, *, exclude: bool = False, boost: float | None = None) -> str:
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}"]  # a JSON string is valid YAML
    if exclude or boost is not None:
        lines.append("search:")
        if exclude:
            lines.append("  exclude: true")
        if boost is not None:
            lines.append(f"  boost: {boost}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def md_table(headers: list[str], rows: list[list[str]], align: list[str] | None = None) -> str:
    """A Markdown table; cells are already Markdown. align: 'l' or 'r' per column."""
    align = align or ["l"] * len(headers)
    sep = ["---:" if a == "r" else "---" for a in align]
    out = ["| " + " | ".join(headers) + " |", "| " + " | ".join(sep) + " |"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out) + "\n"
