"""What a contributor and a reviewer read: one report described in text (``describe_text``), a
validation outcome for the terminal (``outcome_text``) and for a CI job summary in Markdown
(``summary_markdown``), and what ``builder add`` says after storing a report (``added_text``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from builder.contribute.validation import NOT_PUBLISHED, Outcome, _acknowledged, _blocking
from builder.metadata import LEVELS
from builder.pages.common import md
from builder.render import terminal_safe
from builder.template import RULE
from builder.template.labels import REVIEW_FIGURES

if TYPE_CHECKING:
    from builder.contribute.add import Added

# The figures a reviewer looks at first: (label, field ids summed).
KEY_FIGURES = REVIEW_FIGURES

SUMMARY_TITLE = "## 报告校验 Report validation"
DERIVED_LISTED = 20  # derived cells listed per report in the job summary


# ---------------------------------------------------------------- describing a report


def key_figures(report: dict) -> list[tuple[str, int | float | None]]:
    values = report.get("values") or {}
    out = []
    for label, ids in KEY_FIGURES:
        present = [values[i] for i in ids if values.get(i) is not None]
        out.append((label, sum(present) if present else None))
    return out


def region_text(report: dict) -> str:
    region = report.get("region") or {}
    return " / ".join(region[level] for level in LEVELS if region.get(level)) or "未识别 unknown"


def _show(value) -> str:
    return "—" if value is None else str(value)


def _shown_checks(report: dict) -> list[dict]:
    """Errors and warnings; info checks (blank cells) are counted, not listed."""
    return [c for c in report.get("checks", []) if c.get("severity") in ("error", "warning")]


def _check_status(report: dict, check: dict) -> str:
    if _acknowledged(report, check):
        return "已确认 acknowledged"
    return "❌ 未通过 failing" if check.get("severity") == "error" else "警告 warning"


def _info_counts(report: dict) -> str:
    """The info checks by rule (blank_cells 2, narrative_reuse 1): counted, not listed."""
    counts: dict[str, int] = {}
    for check in report.get("checks", []):
        if check.get("severity") == "info":
            counts[check.get("rule", "")] = counts.get(check.get("rule", ""), 0) + 1
    return "，".join(f"{_rule_title(rule)} ×{n}" for rule, n in counts.items())


def _derived_lines(report: dict) -> list[tuple[str, str]]:
    """(field label, "value (rule)") of each derived cell: values the tables' sums make certain."""
    from builder.pages.quality import field_label

    return [(field_label(f), f"{_show(cell.get('value'))} ({cell.get('rule')})")
            for f, cell in (report.get("derived") or {}).items()]


def _rule_title(rule: str) -> str:
    return f"{rule} {RULE[rule].title_zh}" if rule in RULE else rule


def _identity_lines(report: dict) -> list[str]:
    """The body's normalised name, stable id and where each metadata value came from (title,
    signature, meta:PubDate, info-table:发布机构 …), for the contributor to confirm."""
    sources = report.get("metadata_sources") or {}
    shown = "，".join(f"{key} ← {sources[key] or '未识别 unknown'}" for key in ("agency", "year", "region", "published")
                     if key in sources)
    lines = [f"  规范名称 normalized: {_show(report.get('agency_normalized'))} · 机构标识码 body id: "
             f"{_show(report.get('body_id'))}"]
    if shown:
        lines.append(f"  来源 sources: {shown}")
    return lines


def describe_text(report: dict) -> str:
    lines = [
        f"机关 agency:   {_show(report.get('agency'))}",
        *_identity_lines(report),
        f"地区 region:   {region_text(report)}",
        f"年度 year:     {_show(report.get('year'))}",
        f"发布 published: {_show(report.get('published'))}",
        "关键数字 key figures: " + "，".join(f"{label} {_show(v)}" for label, v in key_figures(report)),
    ]
    shown = _shown_checks(report)
    if shown:
        lines.append("未通过的检查 failed checks:")
        for check in shown:
            lines.append(f"  [{_check_status(report, check)}] {_rule_title(check.get('rule', ''))}: "
                         f"{check.get('message', '')}")
    else:
        lines.append("检查全部通过 all checks passed")
    info = sum(c.get("severity") == "info" for c in report.get("checks", []))
    if info:
        lines.append(f"另有 {info} 条提示未列出 {info} info checks not listed: {_info_counts(report)}")
    derived = _derived_lines(report)
    if derived:
        lines.append(f"推定单元格 derived cells ({len(derived)}, 不在原表数值中 not in values): "
                     + "；".join(f"{label} = {value}" for label, value in derived))
    return "\n".join(lines)


def added_text(added: Added) -> str:
    """What `builder add` tells the contributor: where the report went, what was found, what to do next."""
    report, target, sidecar = added.report, added.path, added.sidecar
    lines = [f"已添加 added: {target.as_posix()}", f"附属文件 sidecar: {sidecar.as_posix()}", "",
             describe_text(report),
             "\n请核对机关名称、地区及其来源；如有误，用 --agency / --region 更正后重新添加（或直接改附属文件）。\n"
             "Please confirm the agency, the region and where each came from; correct them with "
             "--agency / --region (or in the sidecar)."]
    if not added.source_url:
        lines.append("\n提示 note: 请在附属文件中填写 source_url（报告的原始网址） please fill in source_url in the sidecar")
    if any(_blocking(report)):
        lines.append("\n有未确认的错误：若是报告原文自身的计算错误，请在附属文件中加入 known_issues 和 note；"
                     "若是解析错误，请提交 issue。\nUnacknowledged errors: if the source itself is wrong, list the "
                     "rules under known_issues (with a note) in the sidecar; if we parsed it wrong, open an issue.")
    lines.append(f"\n下一步 next: git add {target.as_posix()} {sidecar.as_posix()} && git commit && 提交拉取请求 open a pull request")
    return "\n".join(lines)


# ---------------------------------------------------------------- validation outcomes on the terminal


def outcome_text(outcome: Outcome, brief: bool = False) -> str:
    # File names, errors and agency names come from the pull request: nothing reaches the terminal raw.
    return terminal_safe(_outcome_text(outcome, brief))


def _outcome_text(outcome: Outcome, brief: bool) -> str:
    head = f"{'✓' if outcome.ok else '✗'} {outcome.path.as_posix()}"
    if outcome.error:
        return f"{head}\n  无法解析 cannot be parsed: {outcome.error}\n" + "".join(f"  ❌ {p}\n" for p in outcome.problems)
    if brief:
        return f"{head}  {outcome.report.get('agency')} · {outcome.report.get('year')}"
    body = [describe_text(outcome.report)]
    body += [f"❌ {p}" for p in outcome.problems] + [f"提示 note: {n}" for n in outcome.notices]
    return head + "\n" + "\n".join("  " + line for text in body for line in text.splitlines()) + "\n"


def totals_text(outcomes: list[Outcome]) -> str:
    failed = sum(not o.ok for o in outcomes)
    return (f"{len(outcomes)} 份报告，{len(outcomes) - failed} 份通过，{failed} 份未通过 "
            f"({len(outcomes)} reports: {len(outcomes) - failed} passed, {failed} failed)")


# ---------------------------------------------------------------- Markdown for the CI job summary


def _cell(value) -> str:
    """Markdown text in the job summary: the pages' one escaper (pipes, markup, HTML)."""
    return md(_show(value))


def _checks_markdown(report: dict) -> list[str]:
    shown = _shown_checks(report)
    if not shown:
        return ["检查全部通过 all checks passed.", ""]
    out = ["| 状态 status | 规则 rule | 说明 message | 字段 fields |", "| --- | --- | --- | --- |"]
    for check in shown:
        fields = check.get("fields") or []
        listed = ", ".join(f"`{f}`" for f in fields[:4]) + (f" … (+{len(fields) - 4})" if len(fields) > 4 else "")
        out.append(f"| {_check_status(report, check)} | {_cell(_rule_title(check.get('rule', '')))} "
                   f"| {_cell(check.get('message'))} | {listed} |")
    return [*out, ""]


def outcome_markdown(outcome: Outcome) -> str:
    path = f"<code>{md(outcome.path.as_posix())}</code>"
    if outcome.error:
        return (f"### ❌ {path}\n\n无法解析 cannot be parsed: {_cell(outcome.error)}\n"
                + ("\n" + "".join(f"- ❌ {_cell(p)}\n" for p in outcome.problems) if outcome.problems else ""))
    report = outcome.report
    mark = "✅" if outcome.ok else "❌"
    out = [f"### {mark} {_cell(report.get('agency'))} · {_show(report.get('year'))}", "", path, ""]
    out += ["| 机关 agency | 地区 region | 年度 year | 发布 published |", "| --- | --- | --- | --- |",
            f"| {_cell(report.get('agency'))} | {_cell(region_text(report))} | {_show(report.get('year'))} "
            f"| {_cell(report.get('published'))} |", ""]
    figures = key_figures(report)
    out += ["| " + " | ".join(label for label, _ in figures) + " |", "|" + " --- |" * len(figures),
            "| " + " | ".join(_show(v) for _, v in figures) + " |", ""]
    out += _checks_markdown(report)
    info = _info_counts(report)
    if info:
        out += [f"提示（计数，未列出） info checks, counted: {_cell(info)}", ""]
    derived = _derived_lines(report)
    if derived:
        out += [f"推定单元格 derived cells: {len(derived)} 个单元格报告未印清楚，但表格的勾稽关系使其值确定；"
                "单独列出，不写入原表数值 (cells the tables' sums make certain, kept apart from values).", "",
                "| 单元格 cell | 推定值 derived (rule) |", "| --- | --- |",
                *(f"| {_cell(label)} | {_cell(value)} |" for label, value in derived[:DERIVED_LISTED]),
                *([f"| … | +{len(derived) - DERIVED_LISTED} |"] if len(derived) > DERIVED_LISTED else []), ""]
    out += [f"- ❌ {_cell(p)}" for p in outcome.problems] + [f"- 提示 note: {_cell(n)}" for n in outcome.notices]
    if report.get("note"):
        out.append(f"- 附注 note (sidecar): {_cell(report['note'])}")
    return "\n".join(out).rstrip() + "\n"


def summary_markdown(outcomes: list[Outcome]) -> str:
    failed = sum(not o.ok for o in outcomes)
    head = [SUMMARY_TITLE, "",
            f"{len(outcomes)} 份报告：{len(outcomes) - failed} 份通过，{failed} 份未通过 "
            f"({len(outcomes)} reports: {len(outcomes) - failed} passed, {failed} failed).", ""]
    if failed:
        head += ["未通过的报告需要处理：若是报告原文自身的计算错误，在附属文件 `.yml` 的 `known_issues` 中列出规则名并写明 "
                 "`note`；若是解析错误，请在 issue 中说明。见 CONTRIBUTING.md。", "",
                 "To merge a failing report: if the source itself is wrong, list the rules under `known_issues` "
                 "(with a `note`) in its sidecar `.yml`; if we parsed it wrong, say so in an issue. See CONTRIBUTING.md.",
                 ""]
    if any(p.startswith(NOT_PUBLISHED) for o in outcomes for p in o.problems):
        head += ["网站不会发布的报告无法用 `known_issues` 确认：与已收录的文件重复的，删去重复的文件；地区页面已属于另一地区的，"
                 "在附属文件中写明正确的 `region`。", "",
                 "A report the site would not publish cannot be acknowledged in `known_issues`: remove a duplicate file, "
                 "or write the right `region` in the sidecar.", ""]
    return "\n".join(head) + "\n" + "\n".join(outcome_markdown(o) for o in outcomes)
