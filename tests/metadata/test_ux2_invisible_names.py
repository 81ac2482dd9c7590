"""An agency's name printed with an invisible format character (Unicode Cf: U+200B zero-width space, U+200D,
U+FEFF, U+2060, U+00AD soft hyphen …) looks like the body's name and must be found, grouped and shown as it.

The record's ``agency`` keeps what the report printed (the project never silently fixes a source, and the
downloads carry it); the formal name, the region, the slug, the body's id and every page are made from the
name without those characters (builder.textnorm.visible).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.sidecar import check_fields
from builder.textnorm import has_invisible, invisible, visible
from tests.conftest import build_site_into
from tests.textreport import consistent_values, write_report

ROOT = Path(__file__).resolve().parents[2]
GOVERNMENT = "淮安市清江浦区人民政府"
BUREAU = "淮安市清江浦区教育局"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202e\U000e0001"


def test_the_helpers_know_format_characters_from_others():
    assert all(invisible(ch) for ch in INVISIBLE)
    # Spaces, ideographic spaces, controls and letters are not format characters: other code handles them.
    assert not any(invisible(ch) for ch in " \u3000\t\n\x07a淮、")
    assert has_invisible("淮安市\u2060清江浦区") and not has_invisible(GOVERNMENT) and not has_invisible(None)
    assert visible("淮\u200b安市清江浦区\u00ad人民政府\ufeff") == GOVERNMENT
    assert visible(GOVERNMENT) == GOVERNMENT and visible(None) == ""
    assert visible("第 3 页\t") == "第 3 页\t"  # what is not Cf stays


def test_a_sidecar_name_with_one_is_still_refused_and_a_note_may_keep_it():
    _values, problems = check_fields({"agency": "淮安市清江浦区\u200b人民政府", "note": "原文\u200b如此"})
    assert len(problems) == 1 and "agency" in problems[0] and "invisible" in problems[0]


def _parse_cli(path: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "builder", "parse", str(path), "--json"], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", check=True)
    return json.loads(done.stdout)


KEYS = ("agency_normalized", "agency_id", "body_id", "region", "level", "id")


@pytest.mark.parametrize("printed", [
    "淮安市清江浦区\u200b人民政府",  # between the county and the government
    "淮安市清\u200b江浦区人民政府",  # inside the place's name: cpca did not know 清\u200b江浦区
    "淮安市\u00ad清江浦区人民政府\ufeff",  # a soft hyphen, and a BOM at the end
    "淮安市清江浦区\u2060",  # the formal name adds 人民政府 after the invisible character
])
def test_the_record_keeps_the_name_as_printed_and_its_keys_are_the_clean_ones(tmp_path, printed):
    values = consistent_values("2021", 5)
    clean_path, marked_path = tmp_path / "clean.txt", tmp_path / "marked.txt"
    clean_path.write_text(write_report(values, agency=GOVERNMENT, year=2022), encoding="utf-8")
    marked_path.write_text(write_report(values, agency=printed, year=2022), encoding="utf-8")
    clean, marked = _parse_cli(clean_path), _parse_cli(marked_path)
    assert marked["agency"] == printed  # as the report printed it
    assert clean["agency"] == GOVERNMENT
    assert marked["agency_normalized"] == GOVERNMENT
    assert marked["agency_id"] == "huaianshi-qingjiangpuqu-renminzhengfu"
    assert marked["body_id"] == "320812"
    assert marked["region"] == {"province": "江苏省", "city": "淮安市", "county": "清江浦区", "township": None}
    assert {k: marked[k] for k in KEYS} == {k: clean[k] for k in KEYS}


def test_a_department_keeps_its_name_below_the_division_clean(tmp_path):
    path = tmp_path / "bureau.txt"
    path.write_text(write_report(consistent_values("2021", 3), agency="淮安市清江浦区\u200d教育局", year=2023),
                    encoding="utf-8")
    report = _parse_cli(path)
    assert report["agency"] == "淮安市清江浦区\u200d教育局"
    assert (report["agency_normalized"], report["body_id"], report["agency_id"]) == (
        BUREAU, "320812:教育局", "huaianshi-qingjiangpuqu-jiaoyuju")


# ---------------------------------------------------------------- the pages


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("ux2-invisible")
    folder = root / "data" / "reports" / "jiangsu" / "huaian"
    folder.mkdir(parents=True)
    # The latest year prints the zero-width space: the agency page is named after its latest report.
    (folder / "qingjiangpu-2022.txt").write_text(
        write_report(consistent_values("2021", 7), agency=GOVERNMENT, year=2022), encoding="utf-8")
    (folder / "qingjiangpu-2023.txt").write_text(
        write_report(consistent_values("2021", 5), agency="淮安市清江浦区\u200b人民政府", year=2023), encoding="utf-8")
    bureau = consistent_values("2021", 3)
    bureau["requests.carried_forward.natural_person"] = 2  # a balance that fails: listed on the quality page
    (folder / "qingjiangpu-jiaoyu-2023.txt").write_text(
        write_report(bureau, agency="淮安市清江浦区\u00ad教育局\ufeff", year=2023), encoding="utf-8")
    return build_site_into(root / "data", root)


def _shown(html: str) -> BeautifulSoup:
    """A page without what it quotes from the report as printed: the report's text (报告正文) and the
    agency's CSV rows (the data, as the downloads have it)."""
    soup = BeautifulSoup(html, "lxml")
    for part in soup.select("details.part"):
        part.decompose()
    for tag in soup.select("[data-rows]"):
        del tag["data-rows"]
    return soup


def test_no_page_shows_an_invisible_character(site):
    pages = [p for p in site.site.rglob("*") if p.suffix in (".html", ".json") and "pagefind" not in p.parts]
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        shown = str(_shown(text)) if page.suffix == ".html" else text
        assert not has_invisible(shown), page.relative_to(site.site)


def test_every_page_naming_the_bodies_names_them_as_seen(site):
    root = site.site
    agency = _shown((root / "agencies/huaianshi-qingjiangpuqu-renminzhengfu/index.html").read_text(encoding="utf-8"))
    assert agency.title.get_text().startswith(GOVERNMENT + " - ")
    assert agency.h1.contents[0].strip() == GOVERNMENT  # (then the headerlink ¶)
    assert "各年度报告所署名称" not in agency.get_text()  # the two years print one name, as a reader sees it
    assert agency.select_one("[data-body]")["data-body"] == GOVERNMENT  # what a citation quotes
    for page in ("regions/jiangsu/index.html", "regions/jiangsu/huaian/index.html",
                 "regions/jiangsu/huaian/qingjiangpuqu/index.html", "years/2023/index.html", "index.html"):
        links = {a.get_text(strip=True) for a in _shown((root / page).read_text(encoding="utf-8")).select("a")}
        assert {GOVERNMENT, BUREAU} <= links, page
    quality = _shown((root / "quality/2023/index.html").read_text(encoding="utf-8"))
    assert BUREAU in {a.get_text(strip=True) for a in quality.select("a")}
    explorer = json.loads((root / "explorer/data/2023.json").read_text(encoding="utf-8"))
    column = explorer["columns"].index("agency")
    assert sorted(row[column] for row in explorer["rows"]) == sorted([GOVERNMENT, BUREAU])


def test_the_downloads_keep_what_the_report_printed(site):
    rows = "".join(p.read_text(encoding="utf-8-sig") for p in site.site.glob("downloads/*/reports.csv"))
    assert "淮安市清江浦区\u200b人民政府" in rows and "淮安市清江浦区\u00ad教育局\ufeff" in rows


def test_the_invisible_class_is_unicodes_format_characters():
    # builder.textnorm writes the class out (re has no \p{Cf}); a Python with a newer Unicode fails here, not silently.
    import unicodedata

    from builder.textnorm import _INVISIBLE

    expected = {c for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"}
    found = {c for c in range(0x110000) if _INVISIBLE.fullmatch(chr(c))}
    assert found == expected and len(found) == 163


def test_invisible_characters_inside_the_templates_words_change_nothing_read(tmp_path):
    """A zero-width space inside 政府, 公开, 申请, 复议 … of the title, the headings and the tables' labels: the same
    year, agency and numbers as the clean report; the parts' text keeps what was printed."""
    text = write_report(consistent_values("2021", 5), agency=GOVERNMENT, year=2022)
    marked = text
    for word in ("公开", "申请", "政府", "复议", "诉讼", "总计", "情况", "年度"):
        marked = marked.replace(word, word[0] + "\u200b" + word[1])
    assert marked.count("\u200b") > 50
    (tmp_path / "clean.txt").write_text(text, encoding="utf-8")
    (tmp_path / "marked.txt").write_text(marked, encoding="utf-8")
    clean, read = _parse_cli(tmp_path / "clean.txt"), _parse_cli(tmp_path / "marked.txt")
    assert read["year"] == 2022  # the title's 政\u200b府信息公\u200b开 … 年\u200b度报告 is still the title
    assert {k: read[k] for k in KEYS} == {k: clean[k] for k in KEYS}
    assert read["agency_normalized"] == GOVERNMENT and read["body_id"] == "320812"
    assert read["values"] == clean["values"] and read["values"]["requests.new_received.total"] == 5
    assert read["checks"] == clean["checks"]
    assert "政\u200b府信息公\u200b开申\u200b请" in read["parts"]["overview"]  # the text as printed
