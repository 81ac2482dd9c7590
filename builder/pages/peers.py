"""A body's rank among its peers: bodies of the same level and kind in the same province, that year.

    slots = peer_slots(report)         # the figures of a report its page names, and its group's file
    files = group_files(reports)       # docs-relative path → the group's JSON, for the whole collection

A rank is given only where the group has at least ``MIN_PEERS`` bodies with the figure (a rank of
2 among 3 says nothing), and a rate only among bodies whose denominator reaches the indicator's
``min_denominator`` (builder/template/indicators.py).

An agency page does not write its rank: a new body in its group would change every member's page
(and MkDocs and Pagefind would redo them all). The page carries, per report and figure, its group's
file and its own value (peer_slots); the build writes one small file per group and year
(group_files: the group's distinct values, largest first, and their ranks), made again only when
one of that group's members changes (builder.site._peer_files); assets/peers.js reads it and writes "第 3 / 13" into the page.

    group_files(reports)["peers/2021/county-gov-1a2b3c4d5e6f.json"]
    # {"group": "江苏省县级政府", "year": 2021, "min_peers": 5,
    #  "figures": {"received": {"count": 6, "values": [60, 50, …], "ranks": [1, 2, …]}, …}}
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from typing import NamedTuple

from builder.metadata import LEVELS
from builder.pages.common import LEVEL_ZH
from builder.pages.figures import key_figures
from builder.pages.rankings import competition_ranks
from builder.template.indicators import INDICATOR
from builder.template.indicators import rate as rate_of
from builder.template.labels import GOVERNMENT_ZH, KEY_FIGURE

MIN_PEERS = 5  # bodies in the group holding the figure, this one included


def _finite(value) -> float | None:
    """None for a value that cannot be ranked or written as JSON (NaN, infinities)."""
    return value if value is not None and math.isfinite(value) else None


def _received(report: dict) -> float | None:
    return _finite(key_figures(report)["received"])


def _granted_rate(report: dict) -> float | None:
    rate = rate_of(INDICATOR["granted_rate"], report.get("values") or {})  # (this one, not all of rates())
    return _finite(rate.value) if rate.rankable else None


# (key, label, value of a report or None when it is not ranked)
RANKED: tuple[tuple[str, str, Callable[[dict], float | None]], ...] = (
    ("received", KEY_FIGURE["received"].label, _received),
    ("granted_rate", INDICATOR["granted_rate"].label, _granted_rate),
)


def is_government(report: dict) -> bool:
    """A people's government (or a township's, a street's office), not one of its departments: its
    body id is a division code alone (builder.metadata.body_id); a township's carries its own name."""
    from builder.template.names import GENERIC_END

    body = report.get("body_id") or ""
    if body and ":" not in body:
        return True
    return report.get("level") == "township" and bool(GENERIC_END.search(report.get("agency_normalized") or ""))


def body_kind(report: dict) -> str:
    """The kind of body a report is of, as the rankings list them apart (builder.template.labels.BODY_KINDS_ZH):
    its level (builder.metadata.level_of; "unknown" when not known) and whether it is a government."""
    level = report.get("level")
    known = level if level in LEVELS else "unknown"
    return f"{known}-{'gov' if is_government(report) else 'dept'}"


def peer_group(report: dict) -> tuple[str, str, bool, int] | None:
    """(province, level, government?, year), or None when one of them is unknown."""
    province, level, year = (report.get("region") or {}).get("province"), report.get("level"), report.get("year")
    if not (province and level and isinstance(year, int)):
        return None
    return province, level, is_government(report), year


def group_name(key: tuple[str, str, bool, int]) -> str:
    province, level, government, _year = key
    return f"{province}{LEVEL_ZH.get(level, '')}{GOVERNMENT_ZH[government]}"


def group_file(key: tuple[str, str, bool, int]) -> str:
    """Docs-relative path of a group's file: ASCII (a hash of the province's name), one folder a year."""
    province, level, government, year = key
    digest = hashlib.sha1(f"{province}|{level}|{government}".encode()).hexdigest()[:12]
    return f"peers/{year}/{level}-{'gov' if government else 'dept'}-{digest}.json"


class PeerSlot(NamedTuple):
    """One line of a page's 同级比较 block: what the page knows of a report by itself."""
    figure: str
    label: str
    group: str
    year: int
    value: float  # this report's figure (the group file holds it among the others)
    file: str  # group_file, docs-relative

    @property
    def prefix(self) -> str:
        return f"{self.group} {self.year} 年{self.label}："


def peer_slots(report: dict) -> list[PeerSlot]:
    """The figures of a report that may be ranked in its group (whether they are depends on the group)."""
    key = peer_group(report)
    if key is None:
        return []
    return [PeerSlot(figure, label, group_name(key), key[3], value, group_file(key))
            for figure, label, value_of in RANKED if (value := value_of(report)) is not None]


def peer_groups(reports: list[dict]) -> dict[tuple, list[dict]]:
    """Peer group key (peer_group) → its members, in the order of reports; reports of no group left out."""
    groups: dict[tuple, list[dict]] = {}
    for report in reports:
        key = peer_group(report)
        if key is not None:
            groups.setdefault(key, []).append(report)
    return groups


def _ranked(members: list[dict]):
    """(figure, label, [(value, report id)]) of the figures the group ranks (MIN_PEERS rule)."""
    if len(members) < MIN_PEERS:
        return
    for figure, label, value_of in RANKED:
        held = [(value, r["id"]) for r in members if (value := value_of(r)) is not None]
        if len(held) >= MIN_PEERS:
            yield figure, label, held


def _first_ranks(held) -> dict[float, int]:
    values = sorted((v for v, _ in held), reverse=True)
    return dict(zip(values, competition_ranks(values), strict=True))  # ties share one rank (the first)


def group_json(key: tuple[str, str, bool, int], members: list[dict]) -> str:
    """The JSON of one group's file (group_file(key)): its distinct values, largest first, and their ranks
    (those ranking nothing too: the page then says the group is too small). Values as json writes them, as
    the page's data-value does, so that the script finds a page's value among them exactly."""
    figures = {}
    for figure, _label, held in _ranked(members):
        first = _first_ranks(held)
        figures[figure] = {"count": len(held), "values": list(first), "ranks": list(first.values())}
    return json.dumps({"group": group_name(key), "year": key[3], "min_peers": MIN_PEERS, "figures": figures},
                      ensure_ascii=False, separators=(",", ":"))


def group_files(reports: list[dict]) -> dict[str, str]:
    """Docs-relative path → JSON of every group of the collection (the build makes again only the groups
    whose members changed: builder.site._peer_files)."""
    return {group_file(key): group_json(key, members) for key, members in peer_groups(reports).items()}
