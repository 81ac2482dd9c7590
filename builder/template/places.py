"""Places cpca does not know, and renames: two small maintained tables (``places.csv``, ``renames.csv``).

cpca's division table dates from about 2016. It misses the national new areas, development and
experimental zones (run by a 管委会, not a people's government) and the divisions created or renamed
since (临安市 → 临安区 in 2017, 大同 城区 → 平城区 in 2018), and some of these it places in the wrong
province (横琴粤澳深度合作区 → 甘肃合作市, 平城区 → 汕尾城区). ``places.csv`` gives each its province,
city, county (for a district) and the GB/T 2260 code its body ids hang on; ``renames.csv`` maps old
ids to new, with the year: division codes (330185 → 330112) and, with ``*`` for any division, the
department names of the 2018 institutional reform (*:环境保护局 → *:生态环境局).

Rows are checked against cpca when added (tests/metadata/test_page_metadata.py): only what cpca misses or
misplaces goes in.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

ANY_DIVISION = "*"


@dataclass(frozen=True)
class Place:
    name: str
    aliases: tuple[str, ...]
    kind: str  # national-new-area | cooperation-zone | experimental-zone | high-tech-zone | development-zone | district
    province: str
    city: str | None
    county: str | None
    adcode: str
    since: int
    note: str

    @property
    def is_zone(self) -> bool:
        """A zone is run by a 管委会 (or 执委会), not by a people's government."""
        return self.kind != "district"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Rename:
    old_id: str
    old_name: str
    new_id: str
    new_name: str
    year: int
    note: str


def _rows(name: str) -> list[dict]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def places() -> tuple[Place, ...]:
    out = []
    for rec in _rows("places.csv"):
        out.append(Place(rec["name"], tuple(a for a in rec["aliases"].split("|") if a), rec["kind"],
                         rec["province"], rec["city"] or None, rec["county"] or None, rec["adcode"],
                         int(rec["since"]), rec["note"]))
    # Longest names first, so 横琴粤澳深度合作区 wins over any shorter name inside it.
    return tuple(sorted(out, key=lambda p: -max(len(n) for n in p.names)))


def place_in(name: str) -> tuple[Place, str] | None:
    """The table's place named in name, with the words before it (大同市平城区退役军人事务局 →
    平城区, "大同市"); None when the words before it name another province or city."""
    for place in places():
        for alias in place.names:
            at = name.find(alias)
            if at < 0:
                continue
            before = name[:at]
            if before and not _names_place_above(before, place):
                continue
            return place, before
    return None


def _names_place_above(before: str, place: Place) -> bool:
    """Whether the words before a place name are its province and city (浙江省杭州市, 杭州, 广东珠海)."""
    rest = before
    for unit in (place.province, place.city):
        if not unit:
            continue
        for form in (unit, unit[:-1], unit[:2]):
            if rest.startswith(form):
                rest = rest[len(form):]
                break
    return rest == ""


@cache
def place_by_code(adcode: str) -> Place | None:
    return next((p for p in places() if p.adcode == adcode and not p.is_zone), None)


@cache
def renames() -> tuple[Rename, ...]:
    return tuple(Rename(r["old_id"], r["old_name"], r["new_id"], r["new_name"], int(r["year"]), r["note"])
                 for r in _rows("renames.csv"))


def current_id(body_id: str) -> str:
    """The id a body has today: its division code and its name through every known rename."""
    code, sep, name = body_id.partition(":")
    for _ in range(8):  # renames chain (a code renamed twice); the table has no cycles, this bounds it
        step = next((r for r in renames() if r.old_id == code), None)
        if step is None:
            break
        code = step.new_id
    if sep:
        step = next((r for r in renames() if r.old_id == f"{ANY_DIVISION}:{name}"), None)
        if step is not None:
            name = step.new_name
    return f"{code}{sep}{name}"


def predecessors(body_id: str) -> list[Rename]:
    """The renames that led to this id, oldest first: of its division, then of its own name."""
    code, _sep, name = body_id.partition(":")
    found = []
    seen = {code}
    frontier = [code]
    while frontier:
        current = frontier.pop()
        for step in renames():
            if step.new_id == current and step.old_id not in seen:
                found.append(step)
                seen.add(step.old_id)
                frontier.append(step.old_id)
    if name:
        found += [r for r in renames() if r.new_id == f"{ANY_DIVISION}:{name}"]
    return sorted(found, key=lambda r: r.year)


# ---------------------------------------------------------------- cpca's matching rules (builder.divisions)

# A division is matched by its name and by its name without these endings (宁夏 for 宁夏回族自治区); 区 and
# 县 stay, or too many counties would match (cpca's own rule, copied with its table's reader).
CPCA_ABBREVIATED_ENDINGS = r"([省市]|特别行政区|自治区)$"
CPCA_SPECIAL_ABBREVIATIONS = {"内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏",
                              "新疆维吾尔自治区": "新疆", "宁夏回族自治区": "宁夏"}
