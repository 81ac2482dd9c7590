"""Whether contributed reports may be merged: ``validate_one``, ``outcomes``, ``validate_reports``.

A report that cannot be parsed, or has an error-severity check its sidecar does not acknowledge in
``known_issues``, fails. Each report is parsed in a worker with the build's time and memory limits
(builder/batch.py): a hostile pull request cannot hang the gate that is meant to stop it.

A report stored under data/reports/ is also seen as the site build sees it, beside every other report
there (builder.batch.collect_reports, through the parse cache): one the build would leave out (another file
of the same body and year, a region page another place holds) fails, and one published under another address
than its own (a sound-alike body holds the plain id) says where.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from builder import batch
from builder.batch import parse_isolated
from builder.check.result import acknowledged, blocking
from builder.contribute.storage import REPORTS_DIR, SIDECAR_SUFFIXES, report_files, storage_path
from builder.divisions import is_division_chain
from builder.pages.common import page_chain, region_chain
from builder.progress import Progress
from builder.read import READERS
from builder.sidecar import load_sidecar, sidecar_path, sidecar_problems

log = logging.getLogger(__name__)

BRIEF_ABOVE = 5  # validating more reports than this, passing ones get one line each
NOTHING_TO_VALIDATE = "没有要校验的报告 no reports to validate"
NOT_PUBLISHED = "网站不会发布这份报告 the site would not publish it"  # a problem's head: SiteView.left_out


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


# ---------------------------------------------------------------- one report, step by step


def _unreadable_sidecar(path: Path) -> Outcome | None:
    """The outcome of a report that cannot even be parsed for its sidecar's sake, or None."""
    if path.suffix.lower() in SIDECAR_SUFFIXES:
        return Outcome(path, error="附属文件没有对应的报告文件 sidecar without a report file beside it")
    problems = sidecar_problems(path)
    if not problems:
        return None
    # Each mistake in the sidecar its own line, so the contributor can fix them all in one go.
    name = sidecar_path(path).name
    return Outcome(path, error=f"附属文件 {name} 有 {len(problems)} 处错误 sidecar {name} has {len(problems)} problem(s)",
                   problems=problems)


def _changed_bytes(path: Path, report: dict) -> list[str]:
    """A problem when the file is not the one its sidecar recorded."""
    recorded = load_sidecar(path).sha256
    if not recorded or recorded == report["source"]["sha256"]:
        return []
    sidecar = sidecar_path(path)
    return [f"文件与附属文件记录的 sha256 不符，报告应保持原样 the file's sha256 does not match "
            f"its sidecar's ({sidecar.name if sidecar else 'sidecar'}): keep reports byte for byte"]


def _unused_known_issues(report: dict) -> list[str]:
    failing = {c.get("rule") for c in report.get("checks", [])}
    # Names of rules that exist: the sidecar schema checks that.
    return [f"known_issues 列出的 {rule} 并未出现 listed in known_issues but does not fail"
            for rule in report.get("known_issues") or [] if rule not in failing]


def _misplaced(path: Path, report: dict, data_dir: Path) -> list[str]:
    """A notice when a report stored under data/reports/ is not where the convention puts it."""
    if not _stored(path, data_dir):
        return []  # not stored yet: nothing to compare
    if not (report.get("agency_id") and report.get("year")):
        return []
    expected = storage_path(report, data_dir, path.suffix)
    if expected.resolve() == path.resolve():
        return []
    return [f"存放位置与约定不同 stored path differs from the convention: {expected.as_posix()}"]


def _notices(path: Path, report: dict, data_dir: Path) -> list[str]:
    notices = []
    if sidecar_path(path) is None:
        notices.append("没有附属文件（来源网址等） no sidecar .yml with the source URL")
    if not (report.get("region") or {}).get("province"):
        notices.append("未能确定机关所在地区，请在附属文件中填写 region（省/市/区县） the body's region could "
                       "not be resolved: add region (province/city/county) to the sidecar")
    elif not is_division_chain(chain := page_chain(region_chain(report))):  # (a typo, a city of another province: its page may be another's)
        notices.append(f"地区“{'/'.join(name for _level, name in chain)}”不是行政区划表中逐级相属的地名，请核对附属"
                       "文件的 region（与已收录地区的页面地址相同时不会发布） the region is no chain of divisions: "
                       "check the sidecar's region")
    return notices + _unused_known_issues(report) + _misplaced(path, report, data_dir)


def validate_one(path: Path, data_dir: Path, parsed: tuple[str, dict | str] | None = None) -> Outcome:
    """parsed: the (status, result) of builder.batch.parse_isolated for path; parsed here when None."""
    refused = _unreadable_sidecar(path)
    if refused is not None:
        return refused
    if parsed is None:
        ((_path, parsed),) = parse_isolated([path], jobs=1)
    status, report = parsed
    if status != "ok":  # the file, a bug of ours or a limit: the one line says which
        return Outcome(path, error=str(report))
    return Outcome(path, report=report, problems=_changed_bytes(path, report),
                   notices=_notices(path, report, data_dir))


# ---------------------------------------------------------------- many reports


def outcomes(paths: list[Path], *, data_dir: Path = Path("data"), progress: Progress | None = None,
             cache_dir: Path | None = None) -> list[Outcome]:
    """Validate the reports at paths (default: all under data_dir/reports/), one Outcome each, in order.
    progress(ProgressEvent) after each report is parsed. cache_dir: the build's parse cache, to read and add to
    (None: a temporary one, so every report under data/ is parsed)."""
    data_dir = Path(data_dir)
    files = collect_reports(list(paths), data_dir)
    reports = [p for p in files if p.suffix.lower() not in SIDECAR_SUFFIXES]
    with tempfile.TemporaryDirectory(prefix="validate-cache-") as scratch:
        site = (SiteView(data_dir, Path(cache_dir or scratch), progress)
                if any(_stored(p, data_dir) for p in reports) else None)
        parsed = {path: own for path in reports if site and (own := site.own_parse(path))}
        parsed.update(parse_isolated([p for p in reports if p not in parsed], progress=progress))
        # (a report the build publishes has the build's cross-year checks, paired by the ids it is published
        # under: never with a sound-alike body's year; the others are paired here)
        _add_cross_year_checks({p: v for p, v in parsed.items() if not (site and site.publishes(p))}, data_dir, site)
    results = [validate_one(path, data_dir, parsed.get(path)) for path in files]
    for outcome in results:
        if site and outcome.report is not None:
            outcome.problems += site.left_out(outcome.path)
            outcome.notices += site.renamed(outcome.path, outcome.report)
    return results


def _stored(path: Path, data_dir: Path) -> bool:
    try:
        path.resolve().relative_to((data_dir / REPORTS_DIR).resolve())
    except (ValueError, OSError):
        return False
    return True


class SiteView:
    """The reports under data_dir as the site build sees them (builder.batch.collect_reports: a cached report
    costs a look at its os.stat): each stored report's own parse, as the parse cache holds it, and what the
    build does with it: the record it publishes, or the Failure that leaves it out."""

    def __init__(self, data_dir: Path, cache_dir: Path, progress: Progress | None = None):
        self.data_dir, self.root, self.cache_dir = data_dir, data_dir.resolve(), cache_dir
        self.collection = batch.collect_reports(data_dir, cache_dir, progress=progress)
        # By the path as the build's listing spells it (data_dir joined with the path under it): one resolve a
        # path asked about, not one a report (at N = 10,000 those were 0.5 s of a validate of one report).
        self.by_path: dict[str, dict | batch.Failure] = {r["source"]["path"]: r for r in self.collection.reports}
        self.by_path.update((failure.path, failure) for failure in self.collection.failures)

    def _seen(self, path: Path) -> dict | batch.Failure | None:
        try:
            return self.by_path.get((self.data_dir / path.resolve().relative_to(self.root)).as_posix())
        except (ValueError, OSError):
            return None

    def own_parse(self, path: Path) -> tuple[str, dict | str] | None:
        """(status, record or error) of path's report parsed alone, as parse_isolated gives it (without its
        provenance), with the checks the build gave it (its cross-year ones too) when it publishes it; None when
        the build does not list path."""
        seen = self._seen(path)
        if seen is None:
            return None
        own = batch.read_cached_parse(self.cache_dir, self._key(path, seen))
        if own is None:  # not cached: a limit or a bug of ours, which the build tries again
            return (seen.kind, seen.error) if isinstance(seen, batch.Failure) else None
        if own[0] != "ok":
            return own
        # (the cache may hold the same bytes found at another path)
        record = {**own[1], "source": {**own[1]["source"], "path": path.as_posix(), "file": path.name}}
        return "ok", record if isinstance(seen, batch.Failure) else {**record, "checks": seen["checks"]}

    def publishes(self, path: Path) -> bool:
        return isinstance(self._seen(path), dict)

    def _key(self, path: Path, seen: dict | batch.Failure) -> str | None:
        if isinstance(seen, dict):
            return self.collection.keys.get(seen["source"]["path"])
        try:  # left out: its bytes' key again
            return batch.cache_key(path)
        except OSError:  # unreadable: its failure says so
            return None

    def left_out(self, path: Path) -> list[str]:
        """A problem when the build leaves out a report that parses (another file of its body and year, a
        region page another place holds)."""
        seen = self._seen(path)
        return [f"{NOT_PUBLISHED}: {seen.error}"] \
            if isinstance(seen, batch.Failure) else []

    def renamed(self, path: Path, report: dict) -> list[str]:
        """A notice when the build publishes the report under another agency id than its parse gave."""
        seen = self._seen(path)
        if not isinstance(seen, dict) or seen["agency_id"] == report.get("agency_id"):
            return []
        return [f"已收录读音相同的另一机关，本机关页面地址为 agencies/{seen['agency_id']}/ "
                f"a sound-alike body holds the plain id: published as agencies/{seen['agency_id']}/"]


def _add_cross_year_checks(parsed: dict[Path, tuple[str, dict | str]], data_dir: Path,
                           site: SiteView | None = None) -> None:
    """The checks against the same body's previous year (cross_year, proactive_carry, narrative_reuse),
    as the site build adds them: with the previous year's report among those validated, or stored
    where the convention puts it (read from site's cache, or parsed, for the comparison only)."""
    from builder.check import cross_year_checks
    from builder.check.result import with_acknowledged

    validated = [r for status, r in parsed.values() if status == "ok" and isinstance(r, dict)]
    have = {(r.get("agency_id"), r.get("year")) for r in validated}
    previous: list[Path] = []
    for report in validated:
        if report.get("agency_id") and report.get("year") and (report["agency_id"], report["year"] - 1) not in have:
            folder = storage_path({**report, "year": report["year"] - 1}, data_dir, "").parent
            previous += [p for p in sorted(folder.glob(f"{report['agency_id']}-{report['year'] - 1}.*"))
                         if p.suffix.lower() in READERS and p not in parsed]
    previous = list(dict.fromkeys(previous))
    known = {path: own for path in previous if site and (own := site.own_parse(path))}
    others = [r for status, r in known.values() if status == "ok"]
    rest = [p for p in previous if p not in known]
    others += [r for _path, (status, r) in parse_isolated(rest, jobs=1) if status == "ok"] if rest else []
    by_id = {r["id"]: r for r in validated}
    for report_id, check in cross_year_checks([*others, *validated]):
        if report_id in by_id:
            by_id[report_id]["checks"] = [*by_id[report_id]["checks"], *with_acknowledged(by_id[report_id], [check])]


def validate_reports(paths: list[Path], *, data_dir: Path = Path("data"), summary_path: Path | None = None,
                     say: Callable[[str], object] | None = None, progress: Progress | None = None,
                     cache_dir: Path | None = None) -> bool:
    """Validate reports; say() a readable summary of each (default: log it at INFO), append Markdown to
    summary_path (a CI job summary); True when all may be merged. cache_dir: as outcomes'."""
    # The summaries describe Outcomes, defined here: imported at call time.
    from builder.contribute.summaries import SUMMARY_TITLE, outcome_text, summary_markdown, totals_text

    say = say or log.info
    results = outcomes(paths, data_dir=data_dir, progress=progress, cache_dir=cache_dir)
    if not results:
        say(NOTHING_TO_VALIDATE)
        if summary_path:
            _append(summary_path, f"{SUMMARY_TITLE}\n\n{NOTHING_TO_VALIDATE}.\n")
        return True
    for outcome in results:
        # Many reports (the default: all of data/): details only for those that fail.
        say(outcome_text(outcome, brief=outcome.ok and len(results) > BRIEF_ABOVE))
    say(totals_text(results))
    if summary_path:
        _append(summary_path, summary_markdown(results))
    return all(o.ok for o in results)


def _append(path: Path, text: str) -> None:
    # Append: GitHub's $GITHUB_STEP_SUMMARY collects what every step of the job writes.
    with Path(path).open("a", encoding="utf-8") as fh:
        fh.write(text)
