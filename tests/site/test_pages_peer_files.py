"""The peers' group files are kept per group (builder.site._peer_files): a group whose members' views hash
as last build's is not made again, one whose member changed is, and a group no report is in any more is
pruned. Each file is then the one group_files makes over the whole collection."""

from __future__ import annotations

import copy
import json

import pytest

from builder.pages.docs_tree import DocsTree, content_hash
from builder.pages.peers import group_file, group_files, peer_group
from builder.site import _peer_files, _view
from tests.textreport import consistent_values, parse_text, write_report

NANJING = ("南京市玄武区人民政府", "南京市秦淮区人民政府", "南京市建邺区人民政府", "南京市鼓楼区人民政府",
           "南京市浦口区人民政府")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("peer-files")
    made = [parse_text(tmp, write_report(consistent_values("2021", 10 * (i + 1)), agency=name, year=2021),
                       f"{name}-2021.txt") for i, name in enumerate(NANJING)]
    # The same districts a year later: another group (a group is of one year), whose file ranks them too.
    later = [dict(copy.deepcopy(r), id=r["id"].replace("-2021", "-2022"), year=2022) for r in made]
    return made + later


def _build(tmp_path, reports: list[dict], shown: dict[str, str]) -> tuple[DocsTree, dict[str, str]]:
    tree = DocsTree(tmp_path / "docs", tmp_path / "docs-state.json")
    _peer_files(tree, reports, "code", shown)
    tree.prune()
    return tree, {f: (tmp_path / "docs" / f).read_text(encoding="utf-8") for f in tree.files()}


def test_only_the_group_of_a_changed_member_is_made_again(tmp_path, reports):
    shown = {r["id"]: content_hash(_view(r)) for r in reports}
    _tree, first = _build(tmp_path, reports, shown)
    assert first == group_files(reports)
    nanjing, later = group_file(peer_group(reports[0])), group_file(peer_group(reports[-1]))
    assert nanjing != later and json.loads(first[nanjing])["figures"]["received"]["count"] == 5

    # A 2022 report's figures change (its view's hash with them): its group's file is made again. The 2021
    # group is given other figures under the same hashes: kept, it is not made again.
    changed = copy.deepcopy(reports)
    changed[-1]["values"]["requests.new_received.total"] = 7777
    changed[0]["values"]["requests.new_received.total"] = 999
    shown_now = {**shown, changed[-1]["id"]: content_hash(_view(changed[-1]))}
    tree, second = _build(tmp_path, changed, shown_now)
    assert second[nanjing] == first[nanjing]  # (not made from the 999: its members hash as before)
    assert second[later] == group_files(changed)[later] != first[later]
    assert tree.written == [later]

    # Its hash changed too: now the 2021 group is made again, with the 999.
    shown_now[changed[0]["id"]] = content_hash(_view(changed[0]))
    _tree, third = _build(tmp_path, changed, shown_now)
    assert third == group_files(changed)
    assert 999 in json.loads(third[nanjing])["figures"]["received"]["values"]


def test_a_group_left_empty_is_pruned(tmp_path, reports):
    shown = {r["id"]: content_hash(_view(r)) for r in reports}
    _build(tmp_path, reports, shown)
    _tree, files = _build(tmp_path, reports[:len(NANJING)], shown)  # the 2022 reports removed
    assert set(files) == {group_file(peer_group(reports[0]))}
    assert not (tmp_path / "docs" / group_file(peer_group(reports[-1]))).exists()
