"""Write a plain-text annual report (tab-separated tables, as text dumps have them) from values.

Tests use it to craft reports whose numbers they choose: consistent ones, and
ones with exactly one contradiction; parse_text parses such a text, fired names what a rule said.
"""

from __future__ import annotations

from pathlib import Path

from builder.template import (
    APPEAL_FIELDS,
    APPLICANT_COLUMNS,
    PROACTIVE_ROWS,
    REQUEST_ROWS,
    fields_of,
    template_for_year,
)

SECTION_HEADERS = {
    "2019": {"一": "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量",
             "五": "信息内容\t上一年项目数量\t本年增/减\t处理决定数量",
             "六": "信息内容\t上一年项目数量\t本年增/减\t处理决定数量",
             "八": "信息内容\t上一年项目数量\t本年增/减",
             "九": "信息内容\t采购项目数量\t采购总金额"},
    "2021": {"一": "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
             "五": "信息内容\t本年处理决定数量",
             "六": "信息内容\t本年处理决定数量",
             "八": "信息内容\t本年收费金额（单位：万元）"},
}
REQUEST_LABELS = {
    "new_received": "一、本年新收政府信息公开申请数量", "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开", "partially_granted": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "other": "（六）其他处理", "total_processed": "（七）总计", "carried_forward": "四、结转下年度继续办理",
}


def consistent_values(variant: str = "2019", received: int = 5) -> dict:
    """A report's values that satisfy every rule: `received` requests by natural persons, all granted."""
    values = {f: 0 for f in fields_of("proactive", variant) + fields_of("requests", variant) + list(APPEAL_FIELDS)}
    for row in ("new_received", "granted", "total_processed"):
        values[f"requests.{row}.natural_person"] = received
        values[f"requests.{row}.total"] = received
    values["appeals.reconsideration.upheld"] = 1
    values["appeals.reconsideration.total"] = 1
    return values


def _cell(value) -> str:
    return "" if value is None else str(value)


def write_report(values: dict, agency: str = "兴庆区月牙湖乡人民政府", year: int = 2020,
                 prose: str | None = None, drop_parts: tuple[str, ...] = ()) -> str:
    variant = template_for_year(year)
    received = values.get("requests.new_received.total")
    prose = prose if prose is not None else f"本年度共收到政府信息公开申请{received}件，办结{received}件。"
    lines = [agency, f"{year}年政府信息公开工作年度报告", ""]

    def part(numeral, title, body):
        if numeral not in drop_parts:
            lines.extend([f"{numeral}、{title}", "", body, ""])

    part("一", "总体情况", prose)
    if "二" not in drop_parts:
        lines += ["二、主动公开政府信息情况", ""]
        for section in ("一", "五", "六", "八", "九"):
            rows = [r for r in PROACTIVE_ROWS if r.section == section and r.columns[variant]]
            if not rows:
                continue
            lines += [f"第二十条第（{section}）项\t\t\t", SECTION_HEADERS[variant][section]]
            for row in rows:
                cells = [_cell(values.get(f"proactive.{row.key}.{c}")) for c in row.columns[variant]]
                lines.append("\t".join([row.labels[-1] if variant == "2021" else row.labels[0], *cells]))
        lines.append("")
    if "三" not in drop_parts:
        lines += ["三、收到和处理政府信息公开申请情况", "",
                  "\t\t申请人情况\t\t\t\t\t\t\t", "\t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计"]
        for row in REQUEST_ROWS:
            if variant not in row.templates:
                continue
            label = REQUEST_LABELS.get(row.key) or row.label
            cells = [_cell(values.get(f"requests.{row.key}.{c}")) for c in APPLICANT_COLUMNS]
            lines.append("\t".join([label, *cells]))
        lines.append("")
    if "四" not in drop_parts:
        lines += ["四、政府信息公开行政复议、行政诉讼情况", "", "行政复议\t\t\t\t\t行政诉讼",
                  "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉",
                  "\t".join(_cell(values.get(f)) for f in APPEAL_FIELDS), ""]
    part("五", "存在的主要问题及改进情况", "信息公开的及时性仍需提高。")
    part("六", "其他需要报告的事项", "无。")
    lines += [agency, f"{year + 1}年1月20日", ""]
    return "\n".join(lines)


def random_values(rng, variant: str = "2021") -> dict:
    """Counts that satisfy the template's arithmetic, drawn from `rng` (a random.Random)."""
    values = {f: rng.choice([0, 0, 1, 2, 3, 7, 12]) for f in fields_of("proactive", variant)}
    if variant == "2021":
        values["proactive.fees.amount_10k_yuan"] = round(rng.uniform(0, 50), 2)
    results = [r.key for r in REQUEST_ROWS if r.result and variant in r.templates]
    totals = dict.fromkeys(APPLICANT_COLUMNS[:-1], 0)
    rows: dict[str, list[int]] = {}
    for key in results:
        rows[key] = [rng.choice([0, 0, 0, 1, 2, 5, 13]) for _ in APPLICANT_COLUMNS[:-1]]
        for col, n in zip(APPLICANT_COLUMNS[:-1], rows[key], strict=True):
            totals[col] += n
    rows["total_processed"] = [totals[c] for c in APPLICANT_COLUMNS[:-1]]
    rows["carried_forward"] = [rng.choice([0, 0, 1, 2]) for _ in APPLICANT_COLUMNS[:-1]]
    rows["carried_over"] = [min(rng.choice([0, 0, 1]), p + f) for p, f in
                            zip(rows["total_processed"], rows["carried_forward"], strict=True)]
    rows["new_received"] = [p + f - o for p, f, o in
                            zip(rows["total_processed"], rows["carried_forward"], rows["carried_over"], strict=True)]
    for key, counts in rows.items():
        for col, n in zip(APPLICANT_COLUMNS, [*counts, sum(counts)], strict=True):
            values[f"requests.{key}.{col}"] = n
    for group in ("reconsideration", "litigation_direct", "litigation_after_reconsideration"):
        outcomes = [rng.choice([0, 0, 1, 3]) for _ in range(4)]
        for name, n in zip(("upheld", "corrected", "other", "pending", "total"), [*outcomes, sum(outcomes)], strict=True):
            values[f"appeals.{group}.{name}"] = n
    return values


def write_bodies(data: Path, bodies: dict[str, tuple[str, ...]], rng, years: tuple[int, ...] = (2023,)) -> None:
    """One random report a body under data/reports/<folder>/body<i>-<year>.txt (bodies: folder → names; the i-th
    name's year is years[i % len(years)]): a small site whose regions come from the folders, as real ones do."""
    from builder.template import template_for_year

    for folder, names in bodies.items():
        (data / "reports" / folder).mkdir(parents=True)
        for i, name in enumerate(names):
            year = years[i % len(years)]
            text = write_report(random_values(rng, template_for_year(year)), agency=name, year=year)
            (data / "reports" / folder / f"body{i}-{year}.txt").write_text(text, encoding="utf-8")


def parse_text(tmp_path: Path, text: str, name: str = "report.txt") -> dict:
    """parse_report() of `text` saved as tmp_path/name."""
    from builder.parse import parse_report

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_report(path)


def fired(report: dict, rule: str) -> list[dict]:
    """The checks of `rule` a parsed report carries."""
    return [c for c in report["checks"] if c["rule"] == rule]
