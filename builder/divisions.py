"""China's divisions named in a string (province, city, county and the code): cpca's table and matching.

cpca is the library that knows the division names (its ``adcodes.csv``, GB/T 2260 codes with names)
and how to pick the division an address names. Importing it costs more than a whole parse of a text
report: pkg_resources to open its table (0.5 s) and pandas for the DataFrame ``cpca.transform`` returns
(0.4 s), in every worker process. So this module reads cpca's own table where cpca installed it,
without importing cpca, and does what ``cpca.transform`` does for one string (the same Aho-Corasick
automaton over the same names, the same choice among names shared by several divisions), as plain
dicts. tests/metadata/test_shipped_tables.py checks it against ``cpca.transform`` on a sample of
names and sentences; the cache key covers cpca's version (builder.batch.PARSING_LIBRARIES).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from builder.template.places import CPCA_ABBREVIATED_ENDINGS, CPCA_SPECIAL_ABBREVIATIONS

_STOP = re.compile(CPCA_ABBREVIATED_ENDINGS)
PROVINCE, CITY, COUNTY = 0, 1, 2


@dataclass(frozen=True)
class Division:
    name: str
    adcode: str  # six digits

    @property
    def rank(self) -> int:
        if self.adcode.endswith("0000"):
            return PROVINCE
        return CITY if self.adcode.endswith("00") else COUNTY

    def belongs_to(self, other: Division) -> bool:
        return self.adcode.startswith(other.adcode[:(other.rank + 1) * 2])


def cpca_table() -> Path:
    """cpca's adcodes.csv where cpca is installed (found without importing cpca)."""
    spec = find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("cpca")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


@cache
def _tables():
    import ahocorasick  # cpca's own dependency

    names: dict[str, str] = {}  # twelve-digit code → name, as cpca keeps them
    automaton = ahocorasick.Automaton()
    with cpca_table().open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            names[row["adcode"]] = row["name"]
            division = Division(row["name"], row["adcode"][:6])
            if division.name in automaton:
                automaton.get(division.name)[1].append(division)
                continue
            # The full name and its abbreviation share one list of divisions (a name may be several).
            shared: list[Division] = [division]
            short = CPCA_SPECIAL_ABBREVIATIONS.get(division.name) or _STOP.sub("", division.name)
            automaton.add_word(short, (short, shared))
            automaton.add_word(division.name, (division.name, shared))
    automaton.make_automaton()
    return names, automaton


def name_of(code: str) -> str | None:
    """The name of a division's code prefix (64 → 宁夏回族自治区, 6401 → 银川市), as cpca.adcode_name."""
    return _tables()[0].get(f"{code:0<12s}")


def _matches(sentence: str):
    """(matched name, its divisions) left to right, a full name preferred to its abbreviation at one
    place (cpca's Matcher.iter)."""
    previous = None
    prev_start = prev_end = None
    for end, (word, divisions) in _tables()[1].iter(sentence):
        start = end - len(word) + 1
        if prev_end is not None and end <= prev_end:
            continue
        current = (divisions, end)
        if previous is not None:
            if start == prev_start:
                yield current
                previous = None
            else:
                yield previous
                previous = current
        else:
            previous = current
        prev_start, prev_end = start, end
    if previous is not None:
        yield previous


def locate(sentence: str) -> dict[str, str | None]:
    """{province, city, county, address, adcode} of the first division the sentence names, as the
    first row of cpca.transform([sentence]) (None where it has None; address: the text after it)."""
    found = {"province": None, "city": None, "county": None, "address": None, "adcode": None}
    if not sentence:
        return found
    parent = None
    end_at = -1
    for divisions, end in _matches(sentence):
        division = next((d for d in divisions if d.belongs_to(parent)), None) if parent else divisions[0]
        if division is None:
            continue
        parent, end_at = division, end
        if division.rank == COUNTY:
            break
    if parent is None:
        return found
    code = parent.adcode
    found["province"] = name_of(code[:2])
    if parent.rank >= CITY:
        found["city"] = name_of(code[:4])
    if parent.rank == COUNTY:
        found["county"] = name_of(code)
    found["address"] = sentence[end_at + 1:]
    found["adcode"] = code
    return found


LEVEL_OF_RANK = {PROVINCE: "province", CITY: "city", COUNTY: "county"}


@cache
def names_by_level() -> dict[str, frozenset[str]]:
    """{province | city | county: the full names of that level's divisions} (宁夏回族自治区, 银川市, 兴庆区)."""
    found: dict[str, set[str]] = {level: set() for level in LEVEL_OF_RANK.values()}
    for code, name in _tables()[0].items():
        found[LEVEL_OF_RANK[Division(name, code[:6]).rank]].add(name)
    return {level: frozenset(names) for level, names in found.items()}


def full_names(region: dict[str, str | None]) -> dict[str, str | None]:
    """The region with a province, and a city inside it, written as their divisions' full names where they
    are given abbreviated (宁夏/银川 → 宁夏回族自治区/银川市: the names the parser gives, so that a sidecar's
    宁夏 and a report's 宁夏回族自治区 are one region with one page). Names that are not a division's at
    their place in the chain are kept as given; counties are kept as given (their short forms are
    ambiguous: 城区, 郊区)."""
    out = dict(region)
    parent = None
    for level, rank in (("province", PROVINCE), ("city", CITY)):
        name = out.get(level)
        if not name:
            return out
        division = _division(name, rank, parent)
        if division is None:
            return out
        out[level] = name_of(division.adcode[:(rank + 1) * 2])
        parent = division
    return out


_RANKS = {"province": PROVINCE, "city": CITY, "county": COUNTY}


def _division(name: str, rank: int, parent: Division | None, whole_name: bool = False) -> Division | None:
    """The division of that rank named name (its full name or, unless whole_name, its abbreviation) inside parent."""
    found = _tables()[1].get(name, None)
    return next((d for d in found[1] if d.rank == rank and (not whole_name or d.name == name)
                 and (parent is None or d.belongs_to(parent))), None) if found else None


def is_division_chain(chain) -> bool:
    """Whether a chain of (level, name) from the province down names divisions each of which lies in the one
    before it, no level skipped but a city cpca does not name (a municipality's 市辖区, a county-level city ruled
    by its province: the parser gives no city there): 江西省/抚州市 and 北京市/东城区 are, 江西省/福州市 and a
    吉林市 without its province are not."""
    from builder.template.names import NOT_A_PLACE

    parent = None
    for level, name in chain:
        rank = _RANKS.get(level)
        division = _division(name, rank, parent, whole_name=True) if rank is not None else None
        skipped = range((parent.rank + 1) if parent else PROVINCE, rank) if division else ()
        if division is None or any(r != CITY or name_of(division.adcode[:4]) not in NOT_A_PLACE for r in skipped):
            return False
        parent = division
    return True
