"""Contributing reports: ``builder add`` and ``builder validate``.

``add_report`` parses a new file, proposes where it goes under
``data/reports/`` (see CONTRIBUTING.md), copies it there byte for byte with a
sidecar ``.yml`` (provenance and any overrides), and prints what was found.

``validate_reports`` parses and checks reports and decides whether they may be
merged: a report that cannot be parsed, or has an error-severity check its
sidecar does not acknowledge in ``known_issues``, fails. It prints a readable
summary and, for a CI job summary, can append the same as Markdown.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import click
import yaml

from builder.batch import files_under, parse_isolated
from builder.check.result import acknowledged, blocking
from builder.errors import ReportError
from builder.metadata import LEVELS, region_slug
from builder.pages.common import md
from builder.read import READERS
from builder.render import terminal_safe
from builder.sidecar import check_fields, load_sidecar, sidecar_path, sidecar_problems
from builder.template import APPEAL_GROUPS_ZH, REQUEST_ROW, RULE

REPORTS_DIR = "reports"
SIDECAR_SUFFIXES = (".yml", ".yaml")
BRIEF_ABOVE = 5  # validating more reports than this, passing ones get one line each

# The figures a reviewer looks at first: (label, field ids summed).
KEY_FIGURES = (
    ("新收申请 received", ("requests.new_received.total",)),
    ("办理总计 processed", ("requests.total_processed.total",)),
    (f"{REQUEST_ROW['granted'].label} granted", ("requests.granted.total",)),
    (f"{APPEAL_GROUPS_ZH[0]} reconsideration", ("appeals.reconsideration.total",)),
    ("行政诉讼 litigation", ("appeals.litigation_direct.total", "appeals.litigation_after_reconsideration.total")),
)

# cpca names the "city" of a municipality 市辖区 (or 县), and of a county-level city ruled directly
# by its province 省直辖县级行政区划; neither is a place a folder should be named after.
_PLACEHOLDER_CITIES = {"市辖区", "县"}
_DIRECTLY_RULED = ("直辖县级行政区划",)


# ---------------------------------------------------------------- where a report goes


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


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


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


def _sidecar_overrides(agency, year, region, published, source_url=None) -> dict:
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


def _parse_with_sidecar(file: Path, sidecar: dict) -> dict:
    """Parse a copy of file beside a sidecar holding the overrides, so the parser applies them
    exactly as it will once the report is stored (one place knows what a sidecar means)."""
    from builder.parse import parse_report

    with tempfile.TemporaryDirectory(prefix="builder-add-") as tmp:
        copy = Path(tmp) / file.name
        shutil.copyfile(file, copy)
        if sidecar:
            copy.with_suffix(".yml").write_text(_dump_yaml(sidecar), encoding="utf-8")
        return parse_report(copy)


def sidecar_text(record: dict, failing_rules: list[str]) -> str:
    """The sidecar's YAML, with a commented-out known_issues line when errors fail, for the
    contributor to enable only after checking the source really is wrong."""
    text = "# 报告的来源与校正，见 CONTRIBUTING.md  Provenance and overrides, see CONTRIBUTING.md\n"
    text += _dump_yaml(record)
    if failing_rules:
        text += ("# 核对原文后，若确是原文自身的错误，取消下面两行的注释并说明：\n"
                 "# If the source itself is wrong (check it first), uncomment and explain:\n"
                 f"# known_issues: [{', '.join(failing_rules)}]\n"
                 "# note: 原文……（说明哪里不符） the source …\n")
    return text


def _dump_yaml(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def add_report(file: Path, *, data_dir: Path = Path("data"), agency: str | None = None, year: int | None = None,
               region: str | None = None, source_url: str | None = None, published: str | None = None) -> Path:
    """Store file under data_dir/reports/ with its sidecar; return where it went."""
    file = Path(file)
    if not file.is_file():
        raise ReportError(f"{file}: 文件不存在 file not found")
    if file.suffix.lower() not in READERS:
        known = " ".join(sorted(READERS))
        raise ReportError(f"{file}: 不支持的文件类型 unsupported file type '{file.suffix}' (known: {known})")
    same = find_same_file(file, data_dir)
    if same is not None:
        raise ReportError(f"{file}: 该文件已在数据中 this file is already in the data: {same.as_posix()}")

    overrides = _sidecar_overrides(agency, year, region, published, source_url)
    source_url = overrides.pop("source_url", None)
    try:
        report = _parse_with_sidecar(file, overrides)
    except ReportError as exc:
        raise ReportError(f"{file}: {exc}") from None
    if not report.get("agency"):
        raise ReportError(f"{file}: 未识别出机关名称，请用 --agency 指定 agency not found, pass --agency")
    if not report.get("year"):
        raise ReportError(f"{file}: 未识别出年度，请用 --year 指定 year not found, pass --year")

    target = storage_path(report, data_dir, file.suffix)
    existing = sorted(p for p in (data_dir / REPORTS_DIR).rglob(f"{target.stem}.*")
                      if p.suffix.lower() in READERS) if (data_dir / REPORTS_DIR).is_dir() else []
    if existing:
        raise ReportError(f"{file}: 该机关该年度的报告已存在，不会覆盖 a report for this agency and year already "
                          f"exists, not overwriting: {existing[0].as_posix()} (wrong agency or year? pass --agency/--year)")
    sidecar = target.with_suffix(".yml")
    if sidecar.exists():
        raise ReportError(f"{file}: 附属文件已存在，不会覆盖 sidecar already exists, not overwriting: {sidecar.as_posix()}")

    record = {**overrides, "source_url": source_url, "retrieved": date.today().isoformat(),
              "sha256": sha256_of(file)}
    text = sidecar_text(record, sorted({c["rule"] for c in _blocking(report)}))
    # What add writes must pass the schema validate applies: checked before anything is stored.
    _checked, problems = check_fields(yaml.safe_load(text))
    if problems:
        raise ReportError(f"{file}: " + "; ".join(problems))

    target.parent.mkdir(parents=True, exist_ok=True)
    # "x": exclusive creation, so even a file appearing meanwhile is never overwritten.
    with file.open("rb") as src, target.open("xb") as dst:
        shutil.copyfileobj(src, dst)
    with sidecar.open("x", encoding="utf-8") as fh:
        fh.write(text)

    click.echo(f"已添加 added: {target.as_posix()}")
    click.echo(f"附属文件 sidecar: {sidecar.as_posix()}")
    click.echo("")
    click.echo(describe_text(report))
    click.echo("\n请核对机关名称、地区及其来源；如有误，用 --agency / --region 更正后重新添加（或直接改附属文件）。\n"
               "Please confirm the agency, the region and where each came from; correct them with "
               "--agency / --region (or in the sidecar).")
    if not source_url:
        click.echo("\n提示 note: 请在附属文件中填写 source_url（报告的原始网址） please fill in source_url in the sidecar")
    if any(_blocking(report)):
        click.echo("\n有未确认的错误：若是报告原文自身的计算错误，请在附属文件中加入 known_issues 和 note；"
                   "若是解析错误，请提交 issue。\nUnacknowledged errors: if the source itself is wrong, list the "
                   "rules under known_issues (with a note) in the sidecar; if we parsed it wrong, open an issue.")
    click.echo(f"\n下一步 next: git add {target.as_posix()} {sidecar.as_posix()} && git commit && 提交拉取请求 open a pull request")
    return target


# ---------------------------------------------------------------- validate


@dataclass
class Outcome:
    """What validating one report found."""

    path: Path
    report: dict | None = None
    error: str | None = None  # the report could not be parsed
    problems: list[str] = field(default_factory=list)  # other reasons it cannot be merged
    notices: list[str] = field(default_factory=list)  # worth a look, not blocking

    @property
    def ok(self) -> bool:
        return self.error is None and not self.problems and not any(_blocking(self.report or {}))


# Whether a check is acknowledged and which block a merge: decided once, in builder.check.result.
_acknowledged = acknowledged
_blocking = blocking


def _shown_checks(report: dict) -> list[dict]:
    """Errors and warnings; info checks (blank cells) are counted, not listed."""
    return [c for c in report.get("checks", []) if c.get("severity") in ("error", "warning")]


def _report_of_sidecar(path: Path) -> Path | None:
    if path.name.lower().endswith(tuple(f"{ext}{s}" for ext in READERS for s in SIDECAR_SUFFIXES)):
        return path.with_suffix("")  # report.pdf.yml → report.pdf
    siblings = sorted(p for p in path.parent.glob(f"{path.stem}.*") if p.suffix.lower() in READERS)
    return siblings[0] if siblings else None


def collect_reports(paths: list[Path], data_dir: Path) -> list[Path]:
    """The report files to validate: the given ones (a sidecar stands for its report, a folder for
    the reports in it), or every report under data_dir/reports/."""
    if not paths:
        return report_files(data_dir / REPORTS_DIR)
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(report_files(path))
        elif path.suffix.lower() in SIDECAR_SUFFIXES:
            found.append(_report_of_sidecar(path) or path)
        else:
            found.append(path)
    return list(dict.fromkeys(found))  # once each, in the order given


def validate_one(path: Path, data_dir: Path, parsed: tuple[str, dict | str] | None = None) -> Outcome:
    """parsed: the (status, result) of builder.batch.parse_isolated for path; parsed here when None."""
    outcome = Outcome(path)
    if path.suffix.lower() in SIDECAR_SUFFIXES:
        outcome.error = "附属文件没有对应的报告文件 sidecar without a report file beside it"
        return outcome
    sidecar = sidecar_path(path)
    problems = sidecar_problems(path)
    if problems:
        # Each mistake in the sidecar its own line, so the contributor can fix them all in one go.
        outcome.error = f"附属文件 {sidecar.name} 有 {len(problems)} 处错误 sidecar {sidecar.name} has {len(problems)} problem(s)"
        outcome.problems = problems
        return outcome
    if parsed is None:
        ((_path, parsed),) = parse_isolated([path], jobs=1)
    status, report = parsed
    if status != "ok":  # the file, a bug of ours or a limit: the one line says which
        outcome.error = str(report)
        return outcome
    outcome.report = report

    recorded = load_sidecar(path).sha256
    if recorded and recorded != report["source"]["sha256"]:
        outcome.problems.append(f"文件与附属文件记录的 sha256 不符，报告应保持原样 the file's sha256 does not match "
                                f"its sidecar's ({sidecar.name if sidecar else 'sidecar'}): keep reports byte for byte")
    if sidecar is None:
        outcome.notices.append("没有附属文件（来源网址等） no sidecar .yml with the source URL")
    if not (report.get("region") or {}).get("province"):
        outcome.notices.append("未能确定机关所在地区，请在附属文件中填写 region（省/市/区县） the body's region could "
                               "not be resolved: add region (province/city/county) to the sidecar")
    failing = {c.get("rule") for c in report.get("checks", [])}
    for rule in report.get("known_issues") or []:  # names of rules that exist: the sidecar schema checks
        if rule not in failing:
            outcome.notices.append(f"known_issues 列出的 {rule} 并未出现 listed in known_issues but does not fail")
    try:
        inside = path.resolve().relative_to((data_dir / REPORTS_DIR).resolve())
    except ValueError:
        inside = None
    if inside is not None and report.get("agency_id") and report.get("year"):
        expected = storage_path(report, data_dir, path.suffix)
        if expected.resolve() != path.resolve():
            outcome.notices.append(f"存放位置与约定不同 stored path differs from the convention: {expected.as_posix()}")
    return outcome


def validate_reports(paths: list[Path], *, data_dir: Path = Path("data"), summary_path: Path | None = None) -> bool:
    """Validate reports, print a summary, append Markdown to summary_path; True when all may be merged."""
    files = collect_reports(list(paths), Path(data_dir))
    if not files:
        click.echo("没有要校验的报告 no reports to validate")
        if summary_path:
            _append(summary_path, f"{SUMMARY_TITLE}\n\n没有要校验的报告 no reports to validate.\n")
        return True
    # Each report parsed in a worker with the build's time and memory limits: a hostile pull request
    # cannot hang the gate that is meant to stop it.
    reports = [p for p in files if p.suffix.lower() not in SIDECAR_SUFFIXES]
    parsed = dict(parse_isolated(reports))
    outcomes = [validate_one(path, Path(data_dir), parsed.get(path)) for path in files]
    for outcome in outcomes:
        # Many reports (the default: all of data/): details only for those that fail.
        click.echo(outcome_text(outcome, brief=outcome.ok and len(outcomes) > BRIEF_ABOVE))
    failed = sum(not o.ok for o in outcomes)
    click.echo(f"{len(outcomes)} 份报告，{len(outcomes) - failed} 份通过，{failed} 份未通过 "
               f"({len(outcomes)} reports: {len(outcomes) - failed} passed, {failed} failed)")
    if summary_path:
        _append(summary_path, summary_markdown(outcomes))
    return failed == 0


def _append(path: Path, text: str) -> None:
    # Append: GitHub's $GITHUB_STEP_SUMMARY collects what every step of the job writes.
    with Path(path).open("a", encoding="utf-8") as fh:
        fh.write(text)


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


def _check_status(report: dict, check: dict) -> str:
    if check.get("severity") != "error":
        return "警告 warning"
    return "已确认 acknowledged" if _acknowledged(report, check) else "❌ 未通过 failing"


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
        lines.append(f"另有 {info} 条提示未列出（如空白单元格） {info} info checks not listed (blank cells …)")
    return "\n".join(lines)


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


# ---------------------------------------------------------------- Markdown for the CI job summary

SUMMARY_TITLE = "## 报告校验 Report validation"


def _cell(value) -> str:
    """Markdown text in the job summary: the pages' one escaper (pipes, markup, HTML)."""
    return md(_show(value))


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
    shown = _shown_checks(report)
    if shown:
        out += ["| 状态 status | 规则 rule | 说明 message | 字段 fields |", "| --- | --- | --- | --- |"]
        for check in shown:
            fields = check.get("fields") or []
            listed = ", ".join(f"`{f}`" for f in fields[:4]) + (f" … (+{len(fields) - 4})" if len(fields) > 4 else "")
            out.append(f"| {_check_status(report, check)} | {_cell(_rule_title(check.get('rule', '')))} "
                       f"| {_cell(check.get('message'))} | {listed} |")
        out.append("")
    else:
        out += ["检查全部通过 all checks passed.", ""]
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
    return "\n".join(head) + "\n" + "\n".join(outcome_markdown(o) for o in outcomes)
