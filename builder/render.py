"""A report as readable text: what `python -m builder parse FILE` prints."""

from __future__ import annotations

import re

from builder.template import (
    APPEAL_GROUPS,
    APPEAL_GROUPS_ZH,
    APPEAL_OUTCOMES,
    APPEAL_OUTCOMES_ZH,
    APPLICANT_COLUMNS,
    PARTS,
    PROACTIVE_ROWS,
    REQUEST_ROWS,
    fields,
)
from builder.template.labels import APPLICANT_COLUMNS_SHORT_ZH

# What a report's strings must not send to a terminal: escape sequences (ESC [ … colours, cursor
# moves, OSC 8 links and window titles, which can also end in BEL or ST), other C0/C1 controls
# (8-bit CSI is U+009B), and the bidirectional overrides that reorder what a reader sees.
_ESCAPE_SEQUENCE = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI, 7- and 8-bit
                              r"|(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS …
                              r"|\x1b[ -/]*[0-~]")  # the other ESC sequences
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """Text with no escape sequences or control characters but line breaks (a tab becomes a space)."""
    text = _ESCAPE_SEQUENCE.sub("", text).replace("\t", " ").replace("\r", "")
    return _CONTROL.sub("", text)


def _cell(value) -> str:
    return "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = []
    for r in [header, *rows]:
        out.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)).rstrip())
    return out


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _part_heading(key: str) -> str:
    part = next(p for p in PARTS if p.key == key)
    return f"{part.numeral}、{part.title}"


def render_text(report: dict) -> str:
    region = " / ".join(v for v in report["region"].values() if v) or "—"
    lines = [
        f"{report['agency'] or '（未识别机关）'}  {report['year'] or '?'} 年度",
        f"地区 region: {region}    发布 published: {report['published'] or '—'}",
        "模板 template: " + ", ".join(f"{t}={v or '—'}" for t, v in report["template"].items()),
        "",
    ]
    values = report["values"]
    if report["template"].get("proactive"):
        lines.append(_part_heading("proactive"))
        for row in PROACTIVE_ROWS:
            cols = list(dict.fromkeys(f"proactive.{row.key}.{c}" for c in row.columns["2019"] + row.columns["2021"]))
            present = [c for c in cols if c in values]
            if present:
                lines.append(f"  {row.labels[0]}: " + ", ".join(
                    f"{fields()[c].column_zh}={_cell(values[c]) or '空'}" for c in present))
        lines.append("")
    if report["template"].get("requests"):
        lines.append(_part_heading("requests"))
        rows = [[r.label[:16], *[_cell(values.get(f"requests.{r.key}.{c}")) for c in APPLICANT_COLUMNS]]
                for r in REQUEST_ROWS if f"requests.{r.key}.total" in values]
        lines += ["  " + ln for ln in _table(["", *APPLICANT_COLUMNS_SHORT_ZH], rows)]
        lines.append("")
    if report["template"].get("appeals"):
        lines.append(_part_heading("appeals"))
        rows = [[g, *[_cell(values.get(f"appeals.{k}.{o}")) for o in APPEAL_OUTCOMES]]
                for k, g in zip(APPEAL_GROUPS, APPEAL_GROUPS_ZH, strict=True)]
        lines += ["  " + ln for ln in _table(["", *APPEAL_OUTCOMES_ZH], rows)]
        lines.append("")
    failed = [c for c in report["checks"] if c["severity"] != "info"]
    lines.append(f"核对 checks: {len(failed)} 项未通过" if failed else "核对 checks: 全部通过")
    for c in report["checks"]:
        mark = "（已知）" if c.get("acknowledged") else ""
        lines.append(f"  [{c['severity']}] {c['rule']}{mark}: {c['message']}")
    # Every line holds strings from the report (agency, region, check messages): cleaned once, here.
    return terminal_safe("\n".join(lines))
