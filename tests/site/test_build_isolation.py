"""One report never stops the build: limits per parse, bugs told apart from bad files, a cache that
survives interruptions and keys on the code, one build per folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from builder.batch import FORK_UP_TO, Collection, WorkerLimits, code_fingerprint, collect_reports
from builder.errors import ReportError, raised_in_our_code
from builder.site import build_lock, build_site, generate_docs

REPO = Path(__file__).resolve().parents[2]
SEED = next((REPO / "data" / "reports").rglob("*.txt"))


def _data(tmp_path: Path, n: int = 1) -> Path:
    data = tmp_path / "data" / "reports"
    data.mkdir(parents=True)
    seeds = sorted((REPO / "data" / "reports").rglob("*.txt"))[:n]
    for seed in seeds:
        shutil.copy(seed, data / seed.name)
    return tmp_path / "data"


@pytest.mark.slow
def test_a_parse_over_its_time_limit_is_a_failure_and_is_not_cached(tmp_path):
    data, cache = tmp_path / "data", tmp_path / "cache"
    (data / "reports").mkdir(parents=True)
    shutil.copy(REPO / "tests/fixtures/reports/huaian-2024.pdf", data / "reports")
    # The worker loads the parser before the clock starts, so the limit is the parse's own time. A text
    # report now parses within pebble's 0.1 s watchdog tick; this PDF takes ~0.5 s even on an idle machine.
    out = collect_reports(data, cache, jobs=1, limits=WorkerLimits(seconds=0.05))
    assert out.reports == [] and [f.kind for f in out.failures] == ["limit"]
    assert "解析超时" in out.failures[0].error
    assert not list((cache / "parse").glob("*.json")) if (cache / "parse").exists() else True
    # Next time, with time enough, it parses: the limit was not remembered as the file's fault.
    again = collect_reports(data, cache, jobs=1)
    assert len(again.reports) == 1 and again.parsed == 1


def test_a_parse_over_its_memory_limit_is_a_failure(tmp_path):
    # 8 MB above the loaded parser is less than a text report needs (cpca's place table alone is more)
    # when the worker starts clean (many reports: forkserver).
    seeds = sorted((REPO / "data" / "reports").rglob("*.txt"))
    (tmp_path / "data" / "reports").mkdir(parents=True)
    for i in range(FORK_UP_TO + 1):
        shutil.copy(seeds[i % len(seeds)], tmp_path / "data" / "reports" / f"{i}-{seeds[i % len(seeds)].name}")
    out = collect_reports(tmp_path / "data", None, jobs=1, limits=WorkerLimits(memory_bytes=8 << 20))
    assert out.reports == [] and {f.kind for f in out.failures} == {"limit"}, out.failures


FORKED_PARSE = """
import json, sys
from pathlib import Path
from builder.batch import WorkerLimits, collect_reports
out = collect_reports(Path(sys.argv[1]), None, jobs=1, limits=WorkerLimits(memory_bytes=8 << 20))
print(json.dumps({"reports": len(out.reports), "kinds": [f.kind for f in out.failures]}))
"""


def test_a_parse_over_its_memory_limit_is_a_failure_in_a_forked_worker(tmp_path):
    # One report: the worker is a fork of the build, which may have loaded every table already; a PDF's
    # layout still needs far more than 8 MB. The build is a process of its own, as `builder build` is: a
    # fork of a test worker inherits its freed heap, which the PDF's layout could reuse without growing the
    # address space the limit caps (order-dependent: it failed once in CI).
    import subprocess
    import sys

    (tmp_path / "data" / "reports").mkdir(parents=True)
    shutil.copy(REPO / "tests/fixtures/reports/huaian-2024.pdf", tmp_path / "data" / "reports")
    done = subprocess.run([sys.executable, "-c", FORKED_PARSE, str(tmp_path / "data")], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out == {"reports": 0, "kinds": ["limit"]}, done.stdout


@pytest.mark.slow
def test_an_empty_or_broken_cache_file_is_parsed_again(tmp_path):
    data, cache = _data(tmp_path), tmp_path / "cache"
    first = collect_reports(data, cache, jobs=1)
    (entry,) = (cache / "parse").glob("*.json")
    value = first.reports[0]["values"]["requests.new_received.total"]
    for broken in ("", "[1, 2", '["ok", 5]'):
        entry.write_text(broken, encoding="utf-8")
        again = collect_reports(data, cache, jobs=1)
        assert again.parsed == 1 and again.reports[0]["values"]["requests.new_received.total"] == value
        assert json.loads(entry.read_text(encoding="utf-8"))[0] == "ok"
    assert not [p for p in (cache / "parse").iterdir() if p.name.startswith(".tmp-")]


def test_the_cache_key_is_the_parsing_code_not_a_version_string(tmp_path):
    package = tmp_path / "builder"
    shutil.copytree(REPO / "builder", package, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_fingerprint(package)
    (package / "pages" / "agency.py").write_text("# page code does not change a parse\n", encoding="utf-8")
    assert code_fingerprint(package) == before
    with (package / "fieldmap" / "requests.py").open("a", encoding="utf-8") as fh:
        fh.write("\n# a mapper change does\n")
    assert code_fingerprint(package) != before
    before = code_fingerprint(package)
    with (package / "template" / "fields.csv").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    assert code_fingerprint(package) != before


def test_a_bug_is_told_apart_from_a_damaged_file():
    from builder.metadata import level_of

    with pytest.raises(AttributeError) as ours:
        level_of(None)
    with pytest.raises(ValueError) as theirs:
        json.loads("{")
    assert raised_in_our_code(ours.value) and not raised_in_our_code(theirs.value)


def test_a_report_whose_page_fails_goes_to_the_failures_page_and_the_others_are_published(tmp_path):
    from builder.parse import parse_report

    good = parse_report(SEED)
    broken = json.loads(json.dumps(good))
    broken.update(id="broken-2020", agency_id="broken", values="not a mapping")
    broken["source"] = {**broken["source"], "path": "data/reports/x/broken-2020.txt"}
    collection = Collection(reports=[good, broken])
    docs = tmp_path / "docs"
    generate_docs(collection, docs, None, jobs=1)
    assert [r["id"] for r in collection.reports] == [good["id"]]
    (failure,) = collection.failures
    assert failure.path.endswith("broken-2020.txt") and failure.kind == "internal"
    assert "内部错误" in failure.error
    assert not (docs / "agencies" / "broken").exists()
    assert (docs / "agencies" / good["agency_id"] / "index.md").is_file()
    assert "broken-2020.txt" in (docs / "failures" / "index.md").read_text(encoding="utf-8")


def test_two_builds_into_one_folder_are_refused(tmp_path):
    build_dir, out = tmp_path / "build", tmp_path / "site"
    with build_lock(build_dir, out), pytest.raises(ReportError, match="另一个构建"):
        build_site(_data(tmp_path), out, jobs=1, build_dir=build_dir, cache_dir=None)


def test_a_missing_converter_is_the_machines_fault_and_is_not_cached(monkeypatch, tmp_path):
    from builder.batch import _parse_one

    doc = REPO / "tests" / "fixtures" / "formats" / "fmt-jiangning-minzhengju-2022.doc"
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on it
    status, message = _parse_one(doc.as_posix())
    assert status == "environment" and "LibreOffice" in message


def test_symbolic_links_are_not_reports(tmp_path):
    from builder.batch import report_files
    from builder.read import read_document

    data = _data(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    link = data / "reports" / "link.txt"
    link.symlink_to(secret)
    assert link not in report_files(data) and len(report_files(data)) == 1
    with pytest.raises(ReportError, match="符号链接"):
        read_document(link)


def test_a_renamed_file_is_parsed_again(tmp_path):
    from builder.batch import cache_key

    a = tmp_path / "a.txt"
    a.write_text("x", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("x", encoding="utf-8")
    assert cache_key(a) != cache_key(b)  # a report without an agency takes its id from its file name
