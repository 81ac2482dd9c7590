"""What the pages over the whole collection show of one province's reports of one year, as a part that
adds up: the sums behind builder.pages.figures.sum_figures, the bodies (with their reports' counts),
the top of every ranking (builder.pages.rankings), the coverage counts (late, undated), the reports
that pass every check and the quality index's counts (builder.pages.quality.finding_counts).

    sums = YearSums(roots, reports, hashes=shown)      # shown: report id → its view's hash
    sums.keep(build_dir / YEAR_PARTS, code)               # the parts kept by the last build
    sums.national(2023), sums.of(root, 2023), sums.years()
    sums.kept.save()                                      # the parts made, and those still live

The national year page, the coverage pages, the home page and the quality index were made from every
report on every add
(1.7–2.1 s CPU at N = 10,000, growing with N, issue 9). Kept by the hash of its members' views (hashes),
a part is made again only when one of its reports changed, and a national figure combines ~31 parts.
A clean build combines the same parts in the same order (the provinces in page order, then the reports
of no known region), so its pages are byte-identical to an incremental build's: integers (what reports
print) add up exactly either way; a float a report printed is summed within its part, then by part.

Every ranking is of one kind of body (builder.pages.peers.body_kind: a level's governments, or its
departments), so a part keeps, per ranking and kind, the top TOP entries and the counts (how many bodies
of the kind, how many with the figure): never all its bodies' entries. A ranking's top TOP entries of the
whole are among the parts' top TOP entries of that kind, as every part sorts by the same total order
(the figure, then the agency id, then the report id, which breaks every tie). A kind's count of bodies
is of the bodies with a report of that kind in the part (a body is of one kind, but should two of its
reports differ, it is counted where each is ranked), added up by part.
Text in a part (agency names, places) is escaped where a page writes it; a kept part of the wrong
shape is made again (_well_formed).
"""

from __future__ import annotations

from collections.abc import Iterable

from builder.export import passes_checks
from builder.pages.common import shown_name
from builder.pages.figures import OUTCOME_GROUPS, key_figures, share
from builder.pages.kept_parts import KeptParts
from builder.pages.peers import body_kind
from builder.pages.quality import add_finding_counts, finding_counts
from builder.pages.rankings import COUNT_RANKINGS, RATE_RANKINGS, TOP
from builder.pages.years import body_key, timeliness
from builder.template.indicators import INDICATOR
from builder.template.indicators import rate as rate_of
from builder.template.labels import BODY_KINDS_ZH, KEY_FIGURES

YEAR_PARTS = "year-parts.msgpack"  # build/: the parts of each province and year (KeptParts), by their members' views
SUMMED = (*(figure.key for figure in KEY_FIGURES), *(key for key, _label, _rows in OUTCOME_GROUPS))
SHARED = ("processed", *(key for key, _label, _rows in OUTCOME_GROUPS))
HANDLED_ROWS = tuple(row for _key, _label, rows in OUTCOME_GROUPS for row in rows)  # the home page's chart
_NUMBER = (int, float)


def places(report: dict) -> str:
    """Province and city of a ranked report, as its row shows them (not escaped: the page escapes)."""
    region = report.get("region") or {}
    return "".join(region.get(level) or "" for level in ("province", "city")) or "未知"


def _add(a, b):
    return b if a is None else a if b is None else a + b


def make_part(reports: list[dict]) -> dict:
    """The part of these reports (in their order): data only (lists, not tuples: as MessagePack gives them back)."""
    summed, shared, rows = dict.fromkeys(SUMMED), dict.fromkeys(SHARED), dict.fromkeys(HANDLED_ROWS)
    covered = late = undated = passing = 0
    body_reports: dict[str, int] = {}
    kinds: dict[str, int] = {}  # kind → its bodies in the part
    of_kind: set[tuple[str, str]] = set()  # (body, kind) counted
    counts: dict = {key: {} for key in COUNT_RANKINGS}  # key → kind → {"n", "top"} (all entries, cut below)
    rates: dict = {key: {} for key in RATE_RANKINGS}  # key → kind → {"n", "rankable", "top"}
    for report in reports:
        figures = key_figures(report)
        values = report.get("values") or {}
        for key in SUMMED:
            summed[key] = _add(summed[key], figures[key])
        if figures["processed"] is not None:
            covered += 1
            for key in SHARED:
                shared[key] = _add(shared[key], figures[key])
        for row in HANDLED_ROWS:
            rows[row] = _add(rows[row], values.get(f"requests.{row}.total"))
        body, kind = body_key(report), body_kind(report)
        if (body, kind) not in of_kind:
            of_kind.add((body, kind))
            kinds[kind] = kinds.get(kind, 0) + 1
        body_reports[body] = body_reports.get(body, 0) + 1
        _rank(report, kind, figures, counts, rates)
        if isinstance(report.get("year"), int):
            shown = timeliness(report)
            late += shown.late
            undated += shown.published is None
        passing += bool(passes_checks(report))
    return {"reports": len(reports), "covered": covered, "summed": summed, "shared": shared, "rows": rows,
            "bodies": body_reports, "late": late, "undated": undated, "passing": passing,
            "findings": finding_counts(reports),
            "kinds": _in_order(kinds),
            "counts": {key: _in_order({kind: {"n": of["n"], "top": _top_counts(of["top"])}
                                       for kind, of in counts[key].items()}) for key in COUNT_RANKINGS},
            "rates": {key: _in_order({kind: {"n": of["n"], "rankable": len(of["top"]), "top": _top_rates(of["top"])}
                                      for kind, of in rates[key].items()}) for key in RATE_RANKINGS}}


def _in_order(by_kind: dict) -> dict:
    """A dict by kind in the pages' order (BODY_KINDS_ZH): the same bytes however the reports came."""
    return {kind: by_kind[kind] for kind in BODY_KINDS_ZH if kind in by_kind}


def _rank(report: dict, kind: str, figures: dict, counts: dict, rates: dict) -> None:
    """A report's entries in its kind's rankings (and their counts), as builder.pages.rankings ranks."""
    who = [report["agency_id"], report["id"], shown_name(report), places(report)]
    for key in COUNT_RANKINGS:
        if figures[key]:
            of = counts[key].setdefault(kind, {"n": 0, "top": []})
            of["n"] += 1
            of["top"].append([figures[key], *who])
    values = report.get("values") or {}
    for key in RATE_RANKINGS:
        rate = rate_of(INDICATOR[key], values)
        if rate.value is not None:
            of = rates[key].setdefault(kind, {"n": 0, "top": []})
            of["n"] += 1
            if rate.rankable:
                of["top"].append([rate.value, rate.denominator, rate.numerator, *who])


def _top_counts(entries: list) -> list:
    # (figure, agency id, report id): one total order, the same in a part and in the whole
    return sorted(entries, key=lambda e: (-e[0], e[1], e[2]))[:TOP]


def _top_rates(entries: list) -> list:
    return sorted(entries, key=lambda e: (-e[0], -e[1], e[3], e[4]))[:TOP]


def combine(parts: Iterable[dict]) -> dict:
    """One part of the reports of all of them (added in the order given)."""
    out = make_part([])
    kinds: dict[str, int] = {}
    counts: dict = {key: {} for key in COUNT_RANKINGS}
    rates: dict = {key: {} for key in RATE_RANKINGS}
    for part in parts:
        for name in ("reports", "covered", "late", "undated", "passing"):
            out[name] += part[name]
        for group in ("summed", "shared", "rows"):
            for key, value in part[group].items():
                out[group][key] = _add(out[group][key], value)
        for body, n in part["bodies"].items():
            out["bodies"][body] = out["bodies"].get(body, 0) + n
        out["findings"] = add_finding_counts(out["findings"], part["findings"])
        for kind, n in part["kinds"].items():
            kinds[kind] = kinds.get(kind, 0) + n
        _add_rankings(counts, part["counts"])
        _add_rankings(rates, part["rates"])
    out["kinds"] = _in_order(kinds)
    out["counts"] = _cut(counts, _top_counts)
    out["rates"] = _cut(rates, _top_rates)
    return out


def _add_rankings(into: dict, rankings: dict) -> None:
    """Add a part's rankings (key → kind → counts and top entries) to into, the entries all kept (_cut)."""
    for key, by_kind in rankings.items():
        for kind, of in by_kind.items():
            added = into[key].setdefault(kind, {**dict.fromkeys(of, 0), "top": []})
            for name, value in of.items():
                added[name] += value


def _cut(rankings: dict, top) -> dict:
    """Rankings (key → kind → counts and entries) with each kind's top TOP entries only, kinds in order."""
    return {key: _in_order({kind: {**of, "top": top(of["top"])} for kind, of in by_kind.items()})
            for key, by_kind in rankings.items()}


def figures_of(part: dict) -> dict:
    """sum_figures of the part's reports (the same keys, the shares from the summed parts)."""
    out = dict(part["summed"]) if part["reports"] else {}
    for key, _label, _rows in OUTCOME_GROUPS:
        out[f"{key}_share"] = share(part["shared"].get(key), part["shared"].get("processed"))
    out["share_reports"] = part["covered"]
    return out


_FIGURE_TYPES = {int, float, type(None)}
_COUNTS = ("reports", "covered", "late", "undated", "passing")


def _types(values) -> set:
    return set(map(type, values))  # (C speed: a part's bodies grow with N)


def _entries(top, numbers: int) -> bool:
    """A ranking's kept entries: lists of `numbers` numbers, then agency id, report id, name and places."""
    return type(top) is list and len(top) <= TOP and all(
        type(e) is list and len(e) == numbers + 4 and _types(e[:numbers]) <= {int, float} and _types(e[numbers:]) <= {str}
        for e in top)


def _by_kind(by_kind) -> bool:
    """A dict by kind (BODY_KINDS_ZH's keys), in their order (_in_order)."""
    return type(by_kind) is dict and list(by_kind) == [kind for kind in BODY_KINDS_ZH if kind in by_kind]


def _findings(counts) -> bool:
    """builder.pages.quality.finding_counts' data: counts, and a rule's name (text) with two counts."""
    return (type(counts["rules"]) is dict and _types(counts["rules"]) <= {str}
            and all(type(pair) is list and len(pair) == 2 and _types(pair) <= {int} for pair in counts["rules"].values())
            and type(counts["derived"]) is list and len(counts["derived"]) == 2 and _types(counts["derived"]) <= {int}
            and type(counts["nameless"]) is int)


def _well_formed(part) -> bool:
    """A kept part as make_part makes them: anything else (another version, planted bytes) is made again."""
    try:
        bodies = part["bodies"]
        return bool(
            all(type(part[name]) is int and part[name] >= 0 for name in _COUNTS)
            and all(type(part[group]) is dict and part[group].keys() == set(keys)
                    and _types(part[group].values()) <= _FIGURE_TYPES
                    for group, keys in (("summed", SUMMED), ("shared", SHARED), ("rows", HANDLED_ROWS)))
            and type(bodies) is dict and _types(bodies) <= {str} and _types(bodies.values()) <= {int}
            and min(bodies.values(), default=1) >= 1
            and _findings(part["findings"])
            and _by_kind(part["kinds"]) and _types(part["kinds"].values()) <= {int}
            and all(_by_kind(part["counts"][key]) and all(
                type(of) is dict and of.keys() == {"n", "top"} and type(of["n"]) is int and _entries(of["top"], 1)
                for of in part["counts"][key].values()) for key in COUNT_RANKINGS)
            and all(_by_kind(part["rates"][key]) and all(
                type(of) is dict and of.keys() == {"n", "rankable", "top"} and type(of["n"]) is int
                and type(of["rankable"]) is int and _entries(of["top"], 3)
                for of in part["rates"][key].values()) for key in RATE_RANKINGS))
    except (KeyError, TypeError, AttributeError):
        return False


class YearSums:
    """The parts of a collection's reports by top-level region (roots: builder.pages.regions.region_tree) and
    year (None: of no known year), and their combinations the pages show. kept/hashes: a KeptParts and each
    report id's view hash, to make only the parts whose reports changed (None: every part made here)."""

    def __init__(self, roots: dict, reports: list[dict], kept: KeptParts | None = None,
                 hashes: dict[str, str] | None = None):
        from builder.pages.regions import ordered  # (regions imports the rankings this module builds on)

        self.kept, self.hashes = kept, hashes
        placed = set()
        scopes: list[tuple[object, list[dict]]] = []
        for root in ordered(roots.values()):
            scopes.append((root.chain, root.reports))
            placed.update(id(r) for r in root.reports)
        scopes.append((None, [r for r in reports if id(r) not in placed]))  # no known region
        self.parts: dict[tuple, dict] = {}  # (scope, year) → part, scopes in page order
        self._members: dict[tuple, list[dict]] = {}
        for scope, members in scopes:
            by_year: dict = {}
            for report in members:
                year = report.get("year")
                by_year.setdefault(year if isinstance(year, int) else None, []).append(report)
            for year in sorted(by_year, key=lambda y: (y is None, y or 0)):
                self._members[(scope, year)] = by_year[year]
        self._national: dict = {}
        self._keys: dict[tuple, str] = {}

    def keep(self, path, code: str) -> None:
        """Read and keep the parts in path (a KeptParts file; save() writes it), live: this collection's."""
        self.kept = KeptParts(path, code, set(self.keys()), valid=_well_formed)

    def keys(self) -> list[str]:
        """The kept parts' keys (their members' view hashes and the scope): KeptParts' live set."""
        return [self._key(where) for where in self._members]

    def _key(self, where: tuple) -> str:
        from builder.pages.docs_tree import content_hash

        if where not in self._keys:
            self._keys[where] = content_hash([self.hashes[r["id"]] for r in self._members[where]], repr(where))
        return self._keys[where]

    def part(self, scope, year) -> dict | None:
        where = (scope, year)
        if where not in self._members:
            return None
        if where not in self.parts:
            members = self._members[where]
            if self.kept is None or self.hashes is None:
                self.parts[where] = make_part(members)
            else:  # (kept.valid is _well_formed: YearSums.keep)
                key = self._key(where)
                part = self.kept.get(key, lambda: make_part(members))
                self.parts[where] = part
        return self.parts[where]

    def of(self, root, year) -> dict | None:
        """The part of a top-level region's reports of one year (None: it has none)."""
        return self.part(root.chain, year)

    def national(self, year) -> dict:
        """Every report of the year (None: of no known year), whatever its region."""
        if year not in self._national:
            self._national[year] = combine(self.part(scope, y) for scope, y in self._members if y == year)
        return self._national[year]

    def years(self) -> list[int]:
        return sorted({year for _scope, year in self._members if year is not None})

    def body_counts(self) -> dict[int, int]:
        """How many bodies reported each year (builder.pages.years.choose_year's body_counts)."""
        return {year: len(self.national(year)["bodies"]) for year in self.years()}

    def unplaced(self) -> list[dict]:
        """The reports of no known region, in the collection's order."""
        return [r for (scope, _year), members in self._members.items() if scope is None for r in members]

    def dated(self) -> dict:
        """Every report of a known year (the years added up: only ever shown labelled so)."""
        return combine(self.national(year) for year in self.years())

    def finding_counts(self) -> dict:
        """builder.pages.quality.finding_counts of every report, by part."""
        out = finding_counts([])
        for where in self._members:
            out = add_finding_counts(out, self.part(*where)["findings"])
        return out

    def passing(self) -> int:
        return sum(self.part(*where)["passing"] for where in self._members)


def sums_of(reports: list[dict]) -> YearSums:
    """YearSums of reports of no region tree given (a region's own pages): one scope."""
    return YearSums({}, reports)
