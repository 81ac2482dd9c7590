"""The national pages from parts kept per province and year (builder.pages.year_parts): the parts add up
to what the reports sum to, rankings combined from the parts' tops are the rankings of all reports, and
pages made from kept parts after an add are byte-identical to pages made afresh (a clean build)."""

from __future__ import annotations

import copy
from datetime import date

from builder import cache_format
from builder.pages import kept_parts
from builder.pages.coverage import coverage_index_files, coverage_year_files
from builder.pages.figures import key_figures, sum_figures
from builder.pages.overview import national_year_files, overview_markdown
from builder.pages.peers import body_kind
from builder.pages.regions import region_tree
from builder.pages.year_parts import YearSums, _well_formed, combine, figures_of, make_part
from builder.pages.years import choose_year
from builder.template.labels import BODY_KINDS_ZH

TODAY = date(2025, 6, 1)
PROVINCES = [("江苏省", "南京市", "32"), ("浙江省", "杭州市", "33"), ("广东省", "广州市", "44")]


def _report(n: int, year: int | None, province: int | None, received, processed=None, granted=None) -> dict:
    name, city, code = PROVINCES[province] if province is not None else (None, None, None)
    values = {"requests.new_received.total": received}
    if processed is not None:
        values["requests.total_processed.total"] = processed
    if granted is not None:
        values["requests.granted.total"] = granted
    # Bodies 0–5, 12–17, … departments (their body id a code and a name), the others governments (a code
    # alone); odd ones 地市级, even ones 县级: four kinds of body (builder.pages.peers.body_kind), each in
    # every province.
    body = f"{code}0100:第{n}局" if (n // 6) % 2 == 0 else f"{code}0100{n:04d}"
    return {"id": f"body-{n}-{year}", "agency": f"第{n}局", "agency_id": f"body-{n}",
            "body_id": body if code else None, "year": year, "level": "city" if n % 2 else "county",
            "published": f"{year + 1}-0{1 + n % 5}-15" if year else None,
            "region": {"province": name, "city": city, "county": None, "township": None},
            "values": values, "checks": [] if n % 4 else [{"rule": "table_sum", "severity": "error", "message": "x"}]}


def _collection() -> list[dict]:
    reports = []
    for n in range(60):
        for year in (2022, 2023):
            if year == 2023 and n % 7 == 0:
                continue  # reported the year before, not this year
            # Ties on purpose (n % 5), a float a report printed, a body of no known region.
            received = 1.5 if n == 11 else (n % 5) * 10
            reports.append(_report(n, year, None if n == 13 else n % 3, received, processed=20 + n % 3,
                                   granted=(n * 7) % 20))
    reports.append(_report(99, None, 0, 5))  # no known year
    return reports


def test_a_parts_figures_are_the_sums_of_its_reports():
    reports = _collection()
    assert figures_of(make_part(reports)) == sum_figures(reports)
    assert figures_of(make_part([])) == sum_figures([])
    by_province = [make_part([r for r in reports if (r["region"]["province"] or "") == p])
                   for p in ("江苏省", "浙江省", "广东省", "")]
    combined = combine(by_province)
    assert figures_of(combined)["processed"] == sum_figures(reports)["processed"] == sum(
        key_figures(r)["processed"] or 0 for r in reports)
    assert combined["reports"] == len(reports) and len(combined["bodies"]) == 61


def test_rankings_combined_from_the_parts_tops_are_the_rankings_of_all_reports():
    reports = [r for r in _collection() if r["year"] == 2023]
    parts = [make_part([r for r in reports if r["region"]["province"] == p]) for p in ("江苏省", "浙江省", "广东省", None)]
    whole = combine(parts)
    # Four kinds, in the pages' order; 地市级 and 县级 governments and departments, of a
    # known region: the body of no known region (n == 13, odd: 地市级) has no body id, so it is a department.
    kinds = {kind: {r["agency_id"] for r in reports if body_kind(r) == kind} for kind in BODY_KINDS_ZH}
    assert whole["kinds"] == {kind: len(ids) for kind, ids in kinds.items() if ids}
    assert list(whole["kinds"]) == ["city-gov", "county-gov", "city-dept", "county-dept"]
    assert sum(whole["kinds"].values()) == len(whole["bodies"]) == 51
    assert whole["kinds"]["city-dept"] == len({n for n in range(60) if n % 7 and n % 2 and (n // 6) % 2 == 0})
    for kind, ids in kinds.items():
        if not ids:
            assert kind not in whole["counts"]["received"]
            continue
        top = whole["counts"]["received"][kind]["top"]
        # The kind's top 10 by (figure, agency id, report id), figures not 0, as builder.pages.rankings ranks.
        expected = sorted(((key_figures(r)["received"], r["agency_id"], r["id"]) for r in reports
                           if key_figures(r)["received"] and r["agency_id"] in ids), key=lambda e: (-e[0], e[1], e[2]))
        assert [tuple(e[:3]) for e in top] == expected[:10]
        assert whole["counts"]["received"][kind]["n"] == len(expected)
        assert {e[1] for e in top} <= ids  # a department never in a government's list, nor the other way
    assert sum(of["n"] for of in whole["counts"]["received"].values()) == sum(
        1 for r in reports if key_figures(r)["received"])
    # A part keeps at most TOP entries a kind, however many bodies it has.
    assert all(len(of["top"]) <= 10 for part in parts for of in part["counts"]["received"].values())
    assert {kind: of["n"] for kind, of in whole["counts"]["received"].items()} == {
        "city-gov": 10, "county-gov": 10, "city-dept": 11, "county-dept": 10}  # (city-dept cut to 10)


def test_a_part_kept_before_rankings_were_by_kind_is_made_again():
    part = make_part([r for r in _collection() if r["year"] == 2023 and r["region"]["province"] == "江苏省"])
    assert _well_formed(part) and len(part["kinds"]) == 4
    # The shape of the parts of one list for every body: key → {"n", "top"}.
    old = copy.deepcopy(part)
    del old["kinds"]
    old["counts"] = {key: {"n": sum(of["n"] for of in by_kind.values()),
                           "top": [e for of in by_kind.values() for e in of["top"]][:10]}
                     for key, by_kind in part["counts"].items()}
    assert not _well_formed(old)
    shuffled = copy.deepcopy(part)
    shuffled["kinds"] = dict(reversed(shuffled["kinds"].items()))  # not in the pages' order
    assert not _well_formed(shuffled)


def _pages(reports, sums=None) -> dict[str, str]:
    roots = region_tree(reports)
    choice = choose_year(reports, TODAY)
    sums = sums(roots, reports) if sums else None
    out = {"home": overview_markdown(reports, today=TODAY, roots=roots, choice=choice, sums=sums)}
    out |= coverage_index_files(reports, choice, sums)
    for year in choice.years:
        out |= national_year_files(roots, reports, year, choice, sums)
        out |= coverage_year_files(roots, reports, year, choice, sums)
    return out


def test_pages_from_kept_parts_after_an_add_are_the_pages_made_afresh(tmp_path):
    path = tmp_path / "year-parts.msgpack"
    reports = _collection()
    hashes = {r["id"]: f"view-{r['id']}" for r in reports}
    made = []

    def kept(roots, members):
        sums = YearSums(roots, members, hashes=hashes)
        sums.keep(path, "code")
        made.append(sums)
        return sums

    before = _pages(reports, kept)
    made[-1].kept.save()
    assert before == _pages(reports)  # a clean build's parts, none kept
    added = _report(200, 2023, 1, 1000, processed=50, granted=50)  # the top of the received ranking, in 浙江省
    hashes[added["id"]] = "view-added"
    after = _pages([*reports, added], kept)
    assert after == _pages([*reports, added])
    assert made[-1].kept.made == 1  # the part of 浙江省 2023 alone was made again
    assert "第200局" in after["years/2023/index.md"] and "第200局" not in before["years/2023/index.md"]
    made[-1].kept.save()
    # The parts no collection holds any more are not kept.
    assert len(cache_format.read(path, kept_parts.KIND, kept_parts.FORMAT)["parts"]) == len(made[-1].keys())


def test_a_planted_part_is_escaped_and_a_broken_one_made_again(tmp_path):
    path = tmp_path / "year-parts.msgpack"
    reports = [r for r in _collection() if r["year"] == 2023]
    hashes = {r["id"]: f"view-{r['id']}" for r in reports}
    roots = region_tree(reports)
    sums = YearSums(roots, reports, hashes=hashes)
    sums.keep(path, "code")
    sums.national(2023)
    sums.kept.save()
    state = cache_format.read(path, kept_parts.KIND, kept_parts.FORMAT)
    keys = sorted(state["parts"])
    # A well-formed part whose top agency is named with a tag; another with a count that is text.
    planted = state["parts"][keys[0]]
    planted["counts"]["received"][next(iter(planted["counts"]["received"]))]["top"] = [[10 ** 9, "x", "x-2023", "<script>alert(1)</script>", "<img src=x>"]]
    state["parts"][keys[1]]["reports"] = "many"
    path.write_bytes(cache_format.dumps(state, kept_parts.KIND, kept_parts.FORMAT))
    again = YearSums(roots, reports, hashes=hashes)
    again.keep(path, "code")
    page = national_year_files(roots, reports, 2023, choose_year(reports, TODAY), again)["years/2023/index.md"]
    assert "<script>alert" not in page and "<img src" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert again.kept.made == 1  # the broken part made again, not shown


def test_the_year_shown_and_the_agencies_index_from_the_parts_are_those_of_the_reports():
    from builder.pages.lists import agencies_index_files

    reports = _collection()
    roots = region_tree(reports)
    sums = YearSums(roots, reports)
    assert sums.body_counts() == {2022: 60, 2023: 51}
    for today in (date(2023, 6, 1), TODAY, date(2024, 3, 1)):
        assert choose_year(reports, today, sums.body_counts()) == choose_year(reports, today)
    assert choose_year(reports, TODAY, sums.body_counts()).year == 2023
    assert [r["id"] for r in sums.unplaced()] == ["body-13-2022", "body-13-2023"]
    page = agencies_index_files(roots, reports, TODAY, sums.unplaced())
    assert page == agencies_index_files(roots, reports, TODAY) and "另有 1 个机构的地区未知" in page["agencies/index.md"]
