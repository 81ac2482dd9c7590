"""The downloads people can open: CSVs with a byte-order mark, the Excel workbook with Chinese headers, the
per-agency file, the tidy long file with derived cells, the provenance file, and the corrections changelog."""

from __future__ import annotations

import copy
import csv
import gzip
import io
import json
import lzma
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from bs4 import BeautifulSoup

from builder.export import agency_csv, chunk_files, datapackage
from builder.export.corrections import corrections, parse_log
from builder.pages.downloads import corrections_page_files
from builder.template import fields

BOM = b"\xef\xbb\xbf"
HUAIAN = "huaian-2024"
FORMULA = '=HYPERLINK("http://evil.example/","点击")'


def _report(report_id="dongtai-renminzhengfu-2023", **extra) -> dict:
    """A record as parse_report returns it, with the keys the downloads read; three cells, one blank."""
    agency_id, year = report_id.rsplit("-", 1)
    report = {
        "id": report_id, "agency": "东台市人民政府", "agency_normalized": "东台市人民政府", "agency_id": agency_id,
        "body_id": "320981:东台市人民政府", "year": int(year), "level": "county", "published": "2024-01-20",
        "region": {"province": "江苏省", "city": "盐城市", "county": "东台市", "township": None},
        "template": {"proactive": "2021", "requests": "2021", "appeals": "2021"},
        "values": {"requests.new_received.natural_person": 30, "requests.new_received.commercial": None,
                   "requests.new_received.total": 31},
        "blank": ["requests.new_received.commercial"], "unknown": [], "checks": [],
        "source": {"path": f"/nowhere/{report_id}.pdf", "file": f"{report_id}.pdf", "format": "pdf",
                   "sha256": "0" * 64, "source_url": "https://www.dongtai.gov.cn/x.html", "retrieved": "2024-02-01"},
    }
    report.update(extra)
    return report


def _crafted() -> dict:
    """The record with the agreed provenance and derived keys (docs/report.schema.json)."""
    return _report(
        provenance={
            "requests.new_received.natural_person": {"raw": "３０", "page": 3, "bbox": [120.5, 300.0, 150.25, 312.0],
                                                      "table": 1, "row": 2, "col": 3, "line": None},
            "requests.new_received.commercial": {"raw": "/", "page": 3, "bbox": [160.0, 300.0, 190.0, 312.0],
                                                  "table": 1, "row": 2, "col": 5, "line": None},
            "requests.new_received.total": {"raw": "31", "page": 3, "bbox": None, "table": 1, "row": 2, "col": 9,
                                            "line": None},
        },
        derived={"requests.new_received.legal_services": {
            "value": 0, "rule": "row_total", "from": ["requests.new_received.total", "requests.new_received.natural_person"],
            "note": "总计减去其余各列为 0"}},
    )


def _csv_frame(text: str, **options) -> pd.DataFrame:
    assert text.encode("utf-8").startswith(BOM)
    return pd.read_csv(io.BytesIO(text.encode("utf-8")), encoding="utf-8-sig", dtype={"report_id": str}, **options)


# ---------------------------------------------------------------- every CSV


def test_every_published_csv_starts_with_the_bom_and_reads_back(built_site, seed_reports):
    site = built_site.site
    published = [*site.rglob("*.csv"), *site.rglob("*.csv.xz")]
    assert {p.name for p in published} >= {"reports.csv", "checks.csv", "agency-csv-header.csv"}
    assert not list(site.rglob("*.csv.xz"))  # the tidy table is Parquet only (it repeated tidy.parquet)
    for path in published:
        data = lzma.decompress(path.read_bytes()) if path.suffix == ".xz" else path.read_bytes()
        assert data.startswith(BOM), path
    wide = pd.read_csv(site / "downloads" / "2020" / "reports.csv", encoding="utf-8-sig").set_index("report_id")
    # The agency's CSV as assets/tables.js makes it: the shared header, then the rows its page holds.
    page = BeautifulSoup((site / "agencies" / "xingqingqu-yueyahuxiang-renminzhengfu" / "index.html")
                         .read_text(encoding="utf-8"), "lxml")
    link = page.select_one("a.agency-csv[data-rows]")
    assert link["data-file"] == "xingqingqu-yueyahuxiang-renminzhengfu.csv"
    text = (site / "assets" / "agency-csv-header.csv").read_text(encoding="utf-8") + link["data-rows"]
    assert text == agency_csv([seed_reports["xingqingqu-yueyahuxiang-renminzhengfu-2020"]])
    agency = _csv_frame(text)
    for report_id, report in seed_reports.items():
        for field, value in report["values"].items():
            cell = wide.at[report_id, field]
            assert (pd.isna(cell) if value is None else cell == value), (report_id, field)
    yueyahu = seed_reports["xingqingqu-yueyahuxiang-renminzhengfu-2020"]
    assert agency.loc[0, "requests.new_received.natural_person"] == yueyahu["values"]["requests.new_received.natural_person"]
    tidy = pd.read_parquet(site / "downloads" / "2020" / "tidy.parquet")
    printed = tidy[tidy.status == "printed"]
    assert len(printed) == sum(v is not None for r in seed_reports.values() for v in r["values"].values())


def test_the_data_package_names_encoding_version_and_licence():
    package = datapackage(["2024"], {"date": "2026-12-01", "commit": "a1b2c3d4e5f6", "label": "…"}, corrections=True)
    assert package["version"] == "2026-12-01+a1b2c3d4e5f6"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    csvs = [r for r in package["resources"] if r.get("format") == "csv"]
    assert {r["path"] for r in csvs} == {"2024/reports.csv", "2024/checks.csv", "corrections.csv"}
    for resource in csvs:
        assert resource["encoding"] == "utf-8" and "BOM" in resource["description"]
    assert "2024/reports.xlsx" in {r["path"] for r in package["resources"]}


# ---------------------------------------------------------------- the workbook


@pytest.mark.slow  # parses a PDF
def test_workbook_has_chinese_headers_above_the_ids_and_the_numbers(corpus):
    report = corpus.parsed(HUAIAN)
    expected = corpus.truth(HUAIAN)["values"]["requests.new_received.total"]
    files = chunk_files([report, _report()], "2024")
    book = openpyxl.load_workbook(io.BytesIO(files["2024/reports.xlsx"]), read_only=False)
    sheet = book["报告"]
    titles = [c.value for c in sheet[1]]
    ids = [c.value for c in sheet[2]]
    assert ids[:2] == ["report_id", "agency"] and titles[1] == "机构名称"  # reports.csv's order
    assert ids == next(csv.reader(io.StringIO(files["2024/reports.csv"].removeprefix("\ufeff"))))
    col = ids.index("requests.new_received.total")
    f = fields()["requests.new_received.total"]
    assert titles[col] == f"{f.row_zh} · {f.column_zh}"
    rows = {r[ids.index("report_id")]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    huaian = rows[report["id"]]
    assert huaian[col] == expected == 3119
    assert huaian[1] == "淮安市人民政府" and huaian[ids.index("year")] == 2024
    assert rows["dongtai-renminzhengfu-2023"][ids.index("requests.new_received.commercial")] is None  # blank, not 0
    assert sheet.freeze_panes == "C3"  # the two header rows, the report id and the name stay in view
    assert book.sheetnames == ["报告", "字段", "说明"]
    assert [c.value for c in book["字段"][2]][:2] == [next(iter(fields())), "主动公开情况表"]
    # pandas reads it by the ids; calamine (a dependency) too
    frame = pd.read_excel(io.BytesIO(files["2024/reports.xlsx"]), header=1, engine="calamine")
    assert frame.set_index("report_id").at[report["id"], "requests.new_received.total"] == 3119


def test_files_are_the_same_bytes_for_the_same_reports():
    """An unchanged year is not rewritten (docs_tree writes a file only when its bytes change)."""
    first, second = chunk_files([_crafted()], "2023"), chunk_files([_crafted()], "2023")
    assert first == second


# ---------------------------------------------------------------- formulas


def test_a_formula_from_a_report_is_text_in_the_csv_and_the_workbook():
    report = _report(agency=FORMULA)
    files = chunk_files([report], "2023")
    wide = list(csv.reader(io.StringIO(files["2023/reports.csv"].removeprefix("\ufeff"))))
    assert wide[1][1] == "'" + FORMULA  # a quote before it: a spreadsheet shows it as text
    assert f'"\'{FORMULA.replace(chr(34), chr(34) * 2)}"' in files["2023/reports.csv"]  # and the field is quoted
    tidy = pq.read_table(io.BytesIO(files["2023/tidy.parquet"])).to_pylist()
    assert {row["agency"] for row in tidy} == {FORMULA}  # Parquet keeps the text as the report printed it
    agency = agency_csv([report]).removeprefix("\ufeff").splitlines()
    assert agency[1].split(",")[1].startswith("\"'=HYPERLINK")
    book = openpyxl.load_workbook(io.BytesIO(files["2023/reports.xlsx"]))
    cell = book["报告"]["B3"]
    assert cell.value == FORMULA and cell.data_type == "s"  # a string cell, not a formula ("f"); no quote added
    assert cell.quotePrefix and not book["报告"]["A3"].quotePrefix  # and Excel keeps it text when it is edited


# ---------------------------------------------------------------- per-agency file


def test_the_agency_file_has_body_and_year_columns():
    reports = [_report("dongtai-renminzhengfu-2022"), _report("dongtai-renminzhengfu-2023")]
    text = agency_csv(reports)
    frame = _csv_frame(text)
    assert list(frame.columns[:4]) == ["report_id", "agency", "agency_id", "year"]
    assert list(frame["agency"]) == ["东台市人民政府"] * 2
    assert list(frame["agency_id"]) == ["dongtai-renminzhengfu"] * 2
    assert list(frame["body_id"]) == ["320981:东台市人民政府"] * 2
    assert list(frame["year"]) == [2022, 2023]
    assert list(frame["requests.new_received.total"]) == [31, 31]


# ---------------------------------------------------------------- the tidy file


def test_the_tidy_file_has_a_row_per_cell_with_labels_and_status():
    reports = [_crafted(), _report("dongtai-renminzhengfu-2022")]
    files = chunk_files(reports, "2023")
    table = pq.read_table(io.BytesIO(files["2023/tidy.parquet"])).to_pylist()
    # one row per field with a value (blanks included) and per derived cell, per report
    assert len(table) == (3 + 1) + 3
    rows = {(r["report_id"], r["table"], r["row"], r["column"]): r for r in table}
    printed = rows[("dongtai-renminzhengfu-2023", "requests", "new_received", "natural_person")]
    f = fields()["requests.new_received.natural_person"]
    assert printed["value"] == 30 and printed["status"] == "printed"
    assert (printed["table_zh"], printed["row_zh"], printed["column_zh"]) == ("依申请公开情况表", f.row_zh, f.column_zh)
    assert (printed["agency"], printed["agency_id"], printed["year"]) == ("东台市人民政府", "dongtai-renminzhengfu", 2023)
    blank = rows[("dongtai-renminzhengfu-2023", "requests", "new_received", "commercial")]
    assert blank["value"] is None and blank["status"] == "blank"
    derived = rows[("dongtai-renminzhengfu-2023", "requests", "new_received", "legal_services")]
    assert (derived["value"], derived["status"], derived["derived_rule"]) == (0, "derived", "row_total")
    assert derived["derived_from"] == "requests.new_received.total requests.new_received.natural_person"
    assert ("dongtai-renminzhengfu-2022", "requests", "new_received", "legal_services") not in rows
    assert "2023/tidy.csv.xz" not in files  # Parquet only
    # derived cells stay out of values.parquet (the printed numbers only)
    values = pq.read_table(io.BytesIO(files["2023/values.parquet"])).to_pylist()
    assert {v["field"] for v in values if v["report_id"] == "dongtai-renminzhengfu-2023"} == set(_report()["values"])


@pytest.mark.slow
def test_tidy_rows_of_a_real_report_match_its_values(corpus):
    report = corpus.parsed(HUAIAN)
    table = pq.read_table(io.BytesIO(chunk_files([report], "2024")["2024/tidy.parquet"])).to_pylist()
    assert len(table) == len(set(report["values"]) | set(report.get("derived") or {}))
    total = next(r for r in table if (r["row"], r["column"]) == ("new_received", "total"))
    assert total["value"] == 3119 and total["status"] == "printed" and total["row_zh"].startswith("一、本年新收")


# ---------------------------------------------------------------- provenance


def test_the_provenance_file_is_keyed_like_values_and_matches_the_record():
    files = chunk_files([_crafted(), _report("dongtai-renminzhengfu-2022")], "2023")
    rows = pq.read_table(io.BytesIO(files["2023/provenance.parquet"])).to_pylist()
    assert len(rows) == 3  # the crafted record's three places; a record without provenance has none
    by_key = {(r["report_id"], r["field"]): r for r in rows}
    cell = by_key[("dongtai-renminzhengfu-2023", "requests.new_received.natural_person")]
    assert cell == {"report_id": "dongtai-renminzhengfu-2023", "field": "requests.new_received.natural_person",
                    "raw": "３０", "page": 3, "x0": 120.5, "top": 300.0, "x1": 150.25, "bottom": 312.0,
                    "table_index": 1, "row_index": 2, "col_index": 3, "line": None}
    assert by_key[("dongtai-renminzhengfu-2023", "requests.new_received.commercial")]["raw"] == "/"
    assert by_key[("dongtai-renminzhengfu-2023", "requests.new_received.total")]["x0"] is None  # no box: nulls
    values = pq.read_table(io.BytesIO(files["2023/values.parquet"])).to_pylist()
    assert set(by_key) <= {(v["report_id"], v["field"]) for v in values}  # the same key as values.parquet
    # the JSON holds the rest of the record (its boxes would weigh more than the rest of it)
    records = json.loads(gzip.decompress(files["2023/reports.json.gz"]))
    assert "provenance" not in records[0] and records[0]["derived"] == _crafted()["derived"]


@pytest.mark.slow
def test_the_provenance_of_a_real_pdf(corpus):
    """huaian-2024.pdf parsed: one provenance row per place the record gives (none before the provenance
    key exists), with a page for a PDF."""
    report = corpus.parsed(HUAIAN)
    rows = pq.read_table(io.BytesIO(chunk_files([report], "2024")["2024/provenance.parquet"])).to_pylist()
    places = report.get("provenance") or {}
    assert len(rows) == len([f for f in places if f in fields()])
    for row in rows:
        assert row["raw"] == places[row["field"]]["raw"]
        assert row["page"] is None or row["page"] >= 1
    if places:  # (the record carries it once the provenance work is merged)
        total = next(r for r in rows if r["field"] == "requests.new_received.total")
        assert (total["raw"], total["page"]) == ("3119", 4) and total["x0"] < total["x1"]


# ---------------------------------------------------------------- corrections


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args], cwd=repo, check=True,
                   capture_output=True)


def test_corrections_come_from_the_sidecars_history(tmp_path):
    folder = tmp_path / "data" / "reports" / "jiangsu" / "yancheng"
    folder.mkdir(parents=True)
    (folder / "dongtai-renminzhengfu-2023.pdf").write_bytes(b"%PDF-1.4 one")
    sidecar = folder / "dongtai-renminzhengfu-2023.yml"
    sidecar.write_text(f"sha256: {'a' * 64}\nagency: 东台市政府\n# known_issues: [balance]\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "add")
    sidecar.write_text(f"sha256: {'b' * 64}\nagency: \"<script>x</script>|东台\"\nknown_issues: [balance]\n"
                       "note: |\n  原表总计\n  少 1\n", encoding="utf-8")
    _git(tmp_path, "commit", "-qam", "correct")
    report = _report(source={**_report()["source"], "path": str(folder / "dongtai-renminzhengfu-2023.pdf")})
    found = corrections([report])
    assert {(c.key, c.before, c.after) for c in found} == {
        ("agency", "东台市政府", "<script>x</script>|东台"), ("known_issues", "", "balance"),
        ("note", "", "原表总计 少 1"), ("sha256", "a" * 64, "b" * 64)}
    assert {c.report_id for c in found} == {"dongtai-renminzhengfu-2023"}
    assert {c.kind for c in found} == {"sidecar", "original"}
    assert all(c.file == "data/reports/jiangsu/yancheng/dongtai-renminzhengfu-2023.yml" for c in found)
    page = corrections_page_files(found, {report["id"]: ("东台市人民政府", "dongtai-renminzhengfu")},
                                  "https://github.com/example/reports")["downloads/corrections/index.md"]
    assert "<script>" not in page and "&lt;script&gt;" in page and "\\|东台" in page  # escaped, one cell
    assert "](../../agencies/dongtai-renminzhengfu/index.md)" in page
    assert f"](https://github.com/example/reports/commit/{found[0].commit})" in page


def test_corrections_outside_git_and_from_a_cut_log_are_empty(tmp_path):
    assert corrections([_report(source={**_report()["source"], "path": str(tmp_path / "x.pdf")})]) == []
    assert parse_log("", {}) == []
    assert parse_log("\0commit " + "f" * 40 + " 2024-01-01\n\ndiff --git a/x.yml b/x.yml\n", {}) == []


def test_a_hostile_sidecar_in_history_is_not_built(tmp_path):
    """The history is read by the sidecar's refusing loader: an alias bomb in an old version yields nothing."""
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nagency: *b\n"
    log = ("\0commit " + "e" * 40 + " 2024-01-01\n\ndiff --git a/s.yml b/s.yml\n--- a/s.yml\n+++ b/s.yml\n@@ -1,3 +1,1 @@\n"
           + "".join(f"-{line}\n" for line in bomb.splitlines()) + "+agency: 新名\n")
    found = parse_log(log, {"s.yml": "r-2020"})
    assert [(c.key, c.before, c.after, c.report_id) for c in found] == [("agency", "", "新名", "r-2020")]


@pytest.mark.parametrize("count", [0, 5])
def test_the_downloads_page_lists_every_file_with_its_size(count):
    from builder.export import DATASET_FILES
    from builder.pages.downloads import downloads_page_files

    sizes = {f"2023/{name}": 2048 for name in DATASET_FILES} | {"corrections.csv": 4096, "datapackage.json": 1024}
    page = downloads_page_files(sizes, {"2023": 3}, count)["downloads/index.md"]
    for name in DATASET_FILES:
        assert f"[{name}](2023/{name})" in page
    assert page.count("（2 KB）") == len(DATASET_FILES)
    assert "CC BY 4.0" in page and "corrections/index.md" in page
    assert ("[corrections.csv](corrections.csv)" in page) == bool(count)


def test_copy_of_record_is_not_changed_by_export():
    report = _crafted()
    before = copy.deepcopy(report)
    chunk_files([report], "2023")
    assert report == before
