"""The sidecar `<report>.yml` is a stranger's input: every mistake is one readable sentence naming the key,
through `parse_report`, `python -m builder parse`, `validate` and the build; nothing in it runs, grows or
becomes a live link.

Each sidecar is written next to a real seed report, so a sidecar that passes really is applied by the parser.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tracemalloc
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.batch import collect_reports
from builder.cli import main
from builder.errors import ReportError
from builder.parse import parse_report
from builder.render import render_text
from builder.sidecar import (
    MAX_BYTES,
    SIDECAR_KEYS,
    Sidecar,
    check_source_url,
    load_sidecar,
    sidecar_path,
    sidecar_problems,
)
from builder.template import RULE

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "data/reports/ningxia/yinchuan/xingqingqu-yueyahuxiang-renminzhengfu-2020.txt"
NEXT_YEAR = date.today().year + 1

# (sidecar text, the key its one-line error must name)
MISTAKES = [
    ("source_url: 5\n", "source_url"),
    ("source_url: [a, b]\n", "source_url"),
    ("region: {province: [1, 2]}\n", "region"),
    ("region: {province: 5}\n", "region"),
    ("region: 5\n", "region"),
    ("region: [宁夏回族自治区]\n", "region"),
    ("region: 宁夏/银川市/兴庆区/月牙湖乡/某村\n", "region"),
    ("region: {provnce: 宁夏回族自治区}\n", "provnce"),
    ("agency: " + "长" * 300 + "\n", "agency"),
    ("agency: " + "双" * 101 + "\n", "agency"),  # over 100 characters
    ("agency: 5\n", "agency"),
    ("agency: [a]\n", "agency"),
    ("agency: {a: 1}\n", "agency"),
    ("agency: ''\n", "agency"),
    ('agency: "兴庆区\\x00人民政府"\n', "agency"),
    ('agency: "\\u202e府政民人"\n', "agency"),
    ('agency: "淮安市测试\\u200b六县\\u200d人民政府"\n', "agency"),  # zero-width: looks like another name
    ('region: {province: 江苏省, city: "淮安\\ufeff市"}\n', "region"),
    ('agency: "\\ud800"\n', "agency"),
    ("year: abc\n", "year"),
    ("year: .inf\n", "year"),
    ("year: -.inf\n", "year"),
    ("year: .nan\n", "year"),
    ("year: 2020.5\n", "year"),
    ("year: 2020.0\n", "year"),
    ("year: [2020]\n", "year"),
    ("year: {a: 1}\n", "year"),
    ("year: true\n", "year"),
    ("year: yes\n", "year"),
    ("year: 99999999999999999999999\n", "year"),
    ("year: 1066\n", "year"),
    ("year: 2007\n", "year"),
    (f"year: {NEXT_YEAR + 1}\n", "year"),
    ("year: -5\n", "year"),
    ("year: 2021-01-01\n", "year"),
    ("known_issues: 5\n", "known_issues"),
    ("known_issues: balance\n", "known_issues"),
    ("known_issues: [[a]]\n", "known_issues"),
    ("known_issues: {a: 1}\n", "known_issues"),
    ("known_issues: [no_such_rule]\n", "no_such_rule"),
    ("known_issues: [1]\n", "known_issues"),
    ("note: [a, b]\n", "note"),
    ("note: {a: 1}\n", "note"),
    ("note: 5\n", "note"),
    ("note: " + "x" * 20000 + "\n", "note"),
    ("sha256: 5\n", "sha256"),
    ("sha256: nothex\n", "sha256"),
    ("sha256: " + "g" * 64 + "\n", "sha256"),
    ("published: 5\n", "published"),
    ("published: [2021]\n", "published"),
    ("published: 2021-13-45\n", "published"),
    ("published: 2021-02-30\n", "published"),
    ("published: 28/01/2021\n", "published"),
    ("published: 1900-01-01\n", "published"),
    ("retrieved: yesterday\n", "retrieved"),
    ("retrieved: 2021-01-28 10:00:00\n", "retrieved"),
    ("source_url: http://\n", "source_url"),
    ("source_url: ftp://example.gov.cn/r.pdf\n", "source_url"),
    ("source_url: //example.gov.cn/r.pdf\n", "source_url"),
    ("source_url: www.example.gov.cn/r.pdf\n", "source_url"),
    ('source_url: "http://[::1"\n', "source_url"),
    ('source_url: "http://exa mple.gov.cn/"\n', "source_url"),
    ("known_issue: [balance]\n", "known_issue"),
    ("yaer: 2020\n", "yaer"),
    ("Agency: 兴庆区人民政府\n", "Agency"),
    ("5: x\n", "5"),
    ("year: 2020\nyear: 2021\n", "year"),
]


@pytest.fixture(scope="module")
def warm_parser() -> None:
    """Parse once first: the first parse loads place and pinyin tables (seconds), which the fuzz
    tests' per-example deadline is not about."""
    parse_report(SEED)


@pytest.fixture
def report(tmp_path, warm_parser) -> Path:
    path = tmp_path / SEED.name
    shutil.copyfile(SEED, path)
    return path


def write_sidecar(report: Path, text: str | bytes) -> Path:
    path = report.with_suffix(".yml")
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def bomb() -> str:
    """Billion laughs: 318 bytes that, built and printed, would be 9**8 strings."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\nagency: *h\nnote: *h\n"


# ---------------------------------------------------------------- every mistake: a ReportError naming the key


@pytest.mark.parametrize(("text", "key"), MISTAKES, ids=[m[0][:30] for m in MISTAKES])
def test_a_wrong_sidecar_is_a_report_error_naming_the_key(report, text, key):
    write_sidecar(report, text)
    with pytest.raises(ReportError) as caught:
        parse_report(report)
    message = one_line(str(caught.value))
    assert f" {key}" in message and report.with_suffix(".yml").name in message
    [problem] = sidecar_problems(report)
    assert key in problem and problem in message


@pytest.mark.parametrize(("text", "key"), MISTAKES[::4], ids=[m[0][:30] for m in MISTAKES[::4]])
def test_the_parse_command_says_it_in_one_line(report, text, key):
    write_sidecar(report, text)
    for args in (["parse", report], ["parse", report, "--json"]):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
        assert key in one_line(result.stderr)
        assert result.stdout == ""


def test_the_parse_command_in_a_real_process(report):
    write_sidecar(report, "yaer: 2020\nyear: .inf\nsource_url: 5\nretrieved: 2021-01-28\n")
    result = subprocess.run([sys.executable, "-m", "builder", "parse", str(report), "--json"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    line = one_line(result.stderr)
    assert "unknown key yaer: did you mean year?" in line
    assert "year is implausible" in line and "source_url must be text" in line
    assert "retrieved" not in line  # an unquoted YAML date is an honest form


def test_every_problem_is_listed_with_a_suggestion(report):
    write_sidecar(report, "yaer: 2020\nknown_issue: [balance]\nknown_issues: [balanse]\nyear: abc\n")
    problems = sidecar_problems(report)
    assert problems == [
        "未知字段 yaer：是否想写 year？ unknown key yaer: did you mean year?",
        "未知字段 known_issue：是否想写 known_issues？ unknown key known_issue: did you mean known_issues?",
        "字段 known_issues 中的规则名 balanse 未知（是否想写 balance？）（得到 ['balanse']） "
        "known_issues names an unknown rule balanse (did you mean balance?) (got ['balanse'])",
        f"字段 year 应为 2008 至 {NEXT_YEAR} 之间的整数年份（得到 'abc'） "
        f"year is implausible: expected a whole year from 2008 to {NEXT_YEAR} (got 'abc')",
    ]
    with pytest.raises(ReportError) as caught:
        load_sidecar(report)
    assert str(caught.value) == (f"附属文件 {SEED.stem}.yml 有误 invalid sidecar {SEED.stem}.yml: " + "; ".join(problems))


def test_a_key_that_is_nothing_like_a_known_one_lists_the_keys(report):
    write_sidecar(report, "colour: blue\n")
    [problem] = sidecar_problems(report)
    assert problem.startswith("未知字段 colour，可用的字段：agency、year") and "unknown key colour, the keys are: agency" in problem


# ---------------------------------------------------------------- YAML that is refused before it is built


@pytest.mark.parametrize(("text", "says"), [
    (bomb(), "anchors and aliases"),
    ("note: &a x\nagency: *a\n", "anchors and aliases"),
    ("note: &a x\n", "anchors and aliases"),
    ("a: !!python/object/apply:os.system [echo owned]\n", "!!python/object/apply:os.system"),
    ("!!python/object:builder.sidecar.Sidecar {}\n", "!!python/object"),
    ("note: !!binary aGVsbG8=\n", "!!binary"),
    ("note: !!str x\n", "!!str"),
    ("note: !foo bar\n", "!foo"),
    ("note: ! bar\n", "tags"),
    ("--- !!map\nnote: x\n", "!!map"),
    ("<<: {agency: 兴庆区人民政府}\n", "merge keys"),
    ("note: " + "[" * 40 + "]" * 40 + "\n", "nested deeper"),
    ("note: " + "[" * 30000 + "]" * 30000 + "\n", "nested deeper"),
    ("note: x\n---\nnote: y\n", "not valid YAML"),
    ("{[a]: 1}\n", "not valid YAML"),
    ("\tnote: x\n", "not valid YAML"),
    ("note: 'unterminated\n", "not valid YAML"),
    ("year: " + "9" * 5000 + "\n", "not valid YAML"),
    ("- a\n- b\n", "must be a mapping"),
    ("just text\n", "must be a mapping"),
    ("5\n", "must be a mapping"),
    (b"\xff\xfe\x00n\x00o\x00t\x00e\x00", "not UTF-8"),
    (b"note: \xe9t\xe9\n", "not UTF-8"),
    ("note: a\x00b\n", "not valid YAML"),
    ("note: " + "长" * MAX_BYTES + "\n", "larger than 64 KiB"),
])
def test_dangerous_or_broken_yaml_is_refused(report, text, says):
    write_sidecar(report, text)
    [problem] = sidecar_problems(report)
    assert says in problem
    with pytest.raises(ReportError, match="invalid sidecar"):
        parse_report(report)


def test_the_alias_bomb_is_refused_without_growing(report):
    write_sidecar(report, bomb())
    tracemalloc.start()
    try:
        with pytest.raises(ReportError, match="anchors and aliases"):
            load_sidecar(report)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Built, the bomb's strings alone would be 9**8 * 2 references; refused, it is a few kilobytes of parser.
    assert peak < 2_000_000


def test_an_executable_tag_runs_nothing(report, tmp_path):
    marker = tmp_path / "owned"
    write_sidecar(report, f"note: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(ReportError, match="YAML tags"):
        parse_report(report)
    assert not marker.exists()


def test_a_sidecar_linking_elsewhere_is_not_read(report, tmp_path):
    secret = tmp_path / "secret.yml"
    secret.write_text("token_abc: 1\n", encoding="utf-8")
    report.with_suffix(".yml").symlink_to(secret)
    [problem] = sidecar_problems(report)
    assert "symbolic link" in problem and "token_abc" not in problem


def test_a_huge_sidecar_is_not_read_whole(report):
    path = report.with_suffix(".yml")
    with path.open("wb") as fh:  # 200 MB, sparse: only the cap is ever read
        fh.truncate(200 * 2**20)
    [problem] = sidecar_problems(report)
    assert "larger than 64 KiB" in problem


# ---------------------------------------------------------------- what is accepted, and how it is applied


def test_a_full_sidecar_is_applied_and_normalized(report):
    write_sidecar(report, f"""\ufeff# 注释 comment
agency: " 兴庆区月牙湖乡人民政府 "
year: "2020"
region: 宁夏回族自治区/银川市/兴庆区/月牙湖乡
published: 2021-01-28
retrieved: '2021-02-01'
source_url: "  HTTPS://www.xqq.gov.cn/zwgk/2021/1.html "
sha256: {"AB" * 32}
known_issues: [missing_part, balance, missing_part]
note: |
  原文第四部分只有表头。
  第二行说明。
""")
    sidecar = load_sidecar(report)
    assert sidecar == Sidecar(
        agency="兴庆区月牙湖乡人民政府", year=2020,
        region={"province": "宁夏回族自治区", "city": "银川市", "county": "兴庆区", "township": "月牙湖乡"},
        published="2021-01-28", retrieved="2021-02-01", source_url="HTTPS://www.xqq.gov.cn/zwgk/2021/1.html",
        sha256="ab" * 32, known_issues=("missing_part", "balance"), note="原文第四部分只有表头。\n第二行说明。")
    parsed = parse_report(report)
    assert parsed["agency"] == "兴庆区月牙湖乡人民政府" and parsed["year"] == 2020
    assert parsed["region"]["township"] == "月牙湖乡" and parsed["level"] == "township"
    assert parsed["published"] == "2021-01-28"
    assert parsed["source"]["retrieved"] == "2021-02-01"
    assert parsed["source"]["source_url"] == "HTTPS://www.xqq.gov.cn/zwgk/2021/1.html"
    assert parsed["known_issues"] == ["missing_part", "balance"]
    json.dumps(parsed)


def test_unquoted_yaml_dates_become_iso_strings(report):
    write_sidecar(report, "published: 2021-01-28\nretrieved: 2021-02-01\n")
    parsed = parse_report(report)
    assert parsed["published"] == "2021-01-28" and parsed["source"]["retrieved"] == "2021-02-01"
    assert json.loads(json.dumps(parsed))["source"]["retrieved"] == "2021-02-01"
    result = run("parse", report, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["source"]["retrieved"] == "2021-02-01"


def test_a_region_mapping_sets_only_the_levels_it_names(report):
    plain = parse_report(report)["region"]
    write_sidecar(report, "region: {township: 掌政镇, county: null}\n")
    region = parse_report(report)["region"]
    assert region == {**plain, "township": "掌政镇", "county": None}


def test_a_short_region_path_keeps_the_lower_levels_parsed(report):
    plain = parse_report(report)["region"]
    write_sidecar(report, "region: 宁夏回族自治区/石嘴山市\n")
    assert parse_report(report)["region"] == {**plain, "city": "石嘴山市"}
    assert plain["city"] == "银川市" and plain["county"] == "兴庆区"


def test_empty_keys_and_empty_files_are_no_overrides(report):
    plain = parse_report(report)
    for text in ("", "# only a comment\n", "source_url:\nknown_issues:\nnote: ~\n"):
        write_sidecar(report, text)
        assert sidecar_problems(report) == []
        assert parse_report(report)["agency"] == plain["agency"]
        assert parse_report(report)["source"]["source_url"] is None


@pytest.mark.parametrize("year", ["2008", "2020", str(NEXT_YEAR), "'2021'"])
def test_plausible_years(report, year):
    write_sidecar(report, f"year: {year}\n")
    assert parse_report(report)["year"] == int(year.strip("'"))


def test_the_seed_sidecars_are_valid():
    sidecars = sorted((REPO / "data/reports").rglob("*.yml"))
    assert len(sidecars) >= 5
    for path in sidecars:
        [report] = [p for p in path.parent.glob(f"{path.stem}.*") if p != path]
        assert sidecar_path(report) == path
        assert sidecar_problems(report) == [], path
        assert load_sidecar(report).sha256 == parse_report(report)["source"]["sha256"]


def test_the_schema_names_every_key_contributing_md_documents():
    assert set(SIDECAR_KEYS) == {"agency", "year", "region", "published", "source_url", "retrieved", "sha256",
                                 "known_issues", "note"}
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert all(f"`{key}`" in guide for key in SIDECAR_KEYS)


# ---------------------------------------------------------------- links: http and https only

SCRIPT_URLS = [
    "javascript:alert(1)", "JavaScript:alert(1)", "JAVASCRIPT:alert(1)", "jAvAsCrIpT:alert(1)",
    "  javascript:alert(1)", "javascript:alert(1)  ", "\tjavascript:alert(1)", "\njavascript:alert(1)",
    " \t JaVaScRiPt:alert(document.cookie)", "javascript://example.gov.cn/%0aalert(1)",
    "java\tscript:alert(1)", "java\nscript:alert(1)", "java\x00script:alert(1)", "javascript\t:alert(1)",
    "\x01javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd", "about:blank", "http:alert(1)",
    "https:/example.gov.cn", "http://", "https:///path", "mailto:a@example.gov.cn",
]


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_a_script_or_other_non_web_link_is_refused(report, url):
    with pytest.raises(Exception) as caught:
        check_source_url(url)
    assert "http://" in str(caught.value)
    write_sidecar(report, yaml.safe_dump({"source_url": url}))
    [problem] = sidecar_problems(report)
    assert problem.startswith("字段 source_url ") and "must be an http:// or https:// address" in problem
    with pytest.raises(ReportError, match="source_url"):
        parse_report(report)


@pytest.mark.parametrize(("url", "stored"), [
    ("http://www.xqq.gov.cn/zwgk/2021/1.html", "http://www.xqq.gov.cn/zwgk/2021/1.html"),
    ("  HTTPS://www.xqq.gov.cn/a?b=1#c ", "HTTPS://www.xqq.gov.cn/a?b=1#c"),
    ("https://192.0.2.1:8080/r.pdf", "https://192.0.2.1:8080/r.pdf"),
    ("http://政府.cn/报告.html", "http://政府.cn/报告.html"),
])
def test_web_links_are_accepted_stripped(report, url, stored):
    write_sidecar(report, yaml.safe_dump({"source_url": url}, allow_unicode=True))
    assert parse_report(report)["source"]["source_url"] == stored


# ---------------------------------------------------------------- validate, add and build


def test_validate_fails_and_names_each_misspelt_key(report, tmp_path):
    write_sidecar(report, "yaer: 2020\nknown_issue: [balance]\n")
    summary = tmp_path / "summary.md"
    result = run("validate", report, "--data", tmp_path / "data", "--cache-dir", tmp_path / "cache", "--summary", summary)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "❌ 未知字段 yaer：是否想写 year？ unknown key yaer: did you mean year?" in result.stdout
    assert "❌ 未知字段 known_issue：是否想写 known_issues？ unknown key known_issue: did you mean known_issues?" in result.stdout
    assert "0 份通过，1 份未通过" in result.stdout
    markdown = summary.read_text(encoding="utf-8")
    assert "- ❌ 未知字段 yaer" in markdown and "- ❌ 未知字段 known\\_issue：" in markdown  # Markdown-escaped


@pytest.mark.slow
def test_validate_passes_a_good_sidecar(report, tmp_path):
    write_sidecar(report, "source_url: https://www.xqq.gov.cn/1.html\nretrieved: 2021-02-01\n")
    result = run("validate", report, "--data", tmp_path / "data", "--cache-dir", tmp_path / "cache")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("url", ["javascript:alert(1)", "  JavaScript:alert(1)", "ftp://x.gov.cn/r.pdf", "www.x.gov.cn"])
def test_add_refuses_a_non_web_source_url(tmp_path, url):
    data = tmp_path / "data"
    (data / "reports").mkdir(parents=True)
    incoming = tmp_path / "掌政镇2020年报.txt"
    incoming.write_text(SEED.read_text(encoding="utf-8").replace("月牙湖", "掌政"), encoding="utf-8")
    result = run("add", incoming, "--data", data, "--source-url", url)
    assert result.exit_code == 2, result.output
    line = one_line(result.stderr)
    assert "--source-url" in line and "http:// or https://" in line
    assert [p for p in data.rglob("*") if p.is_file()] == []


def test_add_writes_a_sidecar_that_passes_the_schema(tmp_path):
    data = tmp_path / "data"
    (data / "reports").mkdir(parents=True)
    incoming = tmp_path / "掌政镇2020年报.txt"
    incoming.write_text(SEED.read_text(encoding="utf-8").replace("月牙湖", "掌政"), encoding="utf-8")
    result = run("add", incoming, "--data", data, "--source-url", " https://www.xqq.gov.cn/1.html ",
                 "--agency", "兴庆区掌政镇人民政府", "--year", "2020", "--published", "2021-01-28",
                 "--region", "宁夏回族自治区/银川市/兴庆区/掌政镇")
    assert result.exit_code == 0, result.output
    [stored] = [p for p in data.rglob("*.txt")]
    assert sidecar_problems(stored) == []
    sidecar = load_sidecar(stored)
    assert sidecar.source_url == "https://www.xqq.gov.cn/1.html" and sidecar.year == 2020
    assert sidecar.retrieved == date.today().isoformat()
    assert parse_report(stored)["region"]["township"] == "掌政镇"


@pytest.mark.parametrize(("option", "value", "says"), [
    ("--agency", "长" * 101, "agency is too long"),
    ("--region", "a/b/c/d/e", "region has at most 4 levels"),
    ("--region", "宁夏回族自治区/" + "双" * 40, "region city is too long"),  # would name a folder
    ("--published", "2021-02-30", "YYYY-MM-DD"),
    ("--year", "2007", "implausible"),
])
def test_add_checks_its_options_with_the_schema(tmp_path, option, value, says):
    data = tmp_path / "data"
    (data / "reports").mkdir(parents=True)
    incoming = tmp_path / "new.txt"
    shutil.copyfile(SEED, incoming)
    result = run("add", incoming, "--data", data, option, value)
    assert result.exit_code == 2, result.output
    line = one_line(result.stderr)
    assert line.startswith(f"错误 error: {option}: ") and says in line
    assert [p for p in data.rglob("*") if p.is_file()] == []


@pytest.mark.slow
def test_the_build_lists_a_bad_sidecar_and_keeps_the_other_reports(tmp_path):
    reports = tmp_path / "data" / "reports"
    reports.mkdir(parents=True)
    good, bad = reports / "good.txt", reports / "bad.txt"
    shutil.copyfile(SEED, good)
    shutil.copyfile(SEED.parent.parent / "wuzhong/yanchixian-wanglejingxiang-renminzhengfu-2020.txt", bad)
    write_sidecar(bad, "retrieved: 2021-01-28\nsource_url: javascript:alert(1)\nregion: {province: [1, 2]}\n"
                       "agency: " + "长" * 300 + "\n")
    collection = collect_reports(tmp_path / "data", cache_dir=None, jobs=1)
    assert [r["source"]["file"] for r in collection.reports] == ["good.txt"]
    [failure] = collection.failures
    assert failure.path.endswith("bad.txt")
    assert "source_url must be an http:// or https:// address" in failure.error
    assert "region province must be text" in failure.error and "agency is too long" in failure.error
    assert "retrieved" not in failure.error


# ---------------------------------------------------------------- fuzz: a parsed report or a ReportError, nothing else


def _parsed_or_refused(report: Path) -> None:
    try:
        parsed = parse_report(report)
    except ReportError as exc:
        assert "\n" not in str(exc)
        return
    json.dumps(parsed, ensure_ascii=False).encode("utf-8")  # what `parse --json` prints
    render_text(parsed).encode("utf-8")
    assert parsed["source"]["source_url"] is None or parsed["source"]["source_url"].lower().startswith("http")
    assert set(parsed["known_issues"]) <= set(RULE)


# database=None: no .hypothesis/ folder in the repository; a failure prints its example.
FUZZ = settings(max_examples=150, deadline=2000, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
YAML_TOKENS = (list(":-[]{}&*!|>'\"#\n ?,%@`\\\t~.0129eE年月日_")
               + ["year", "agency", "region", "note", "known_issues", "source_url", "published", "retrieved",
                  "sha256", "http://", "javascript:", "!!", "\x00", "\ud7ff", "\u202e", "\ufeff", ": ", "\n  "])
YAMLISH = st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join)
SCALARS = (st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats() | st.text(max_size=30)
           | st.dates() | st.datetimes() | st.sampled_from(["2020", "2021-01-28", "balance", "http://x.gov.cn/",
                                                            "javascript:alert(1)", "宁夏/银川市", ""]))
REGION_KEYS = st.sampled_from(["province", "city", "county", "township", "x"]) | st.text(max_size=8)


def _nested(inner):
    return st.one_of(st.lists(inner, max_size=4), st.dictionaries(REGION_KEYS, inner, max_size=4))


VALUES = st.recursive(SCALARS, _nested, max_leaves=12)
SIDECARS = st.dictionaries(st.sampled_from(SIDECAR_KEYS) | st.text(max_size=12) | st.integers(), VALUES, max_size=6)


@pytest.mark.slow
@FUZZ
@given(text=st.text(max_size=300) | YAMLISH)
def test_fuzz_any_text_as_a_sidecar(report, text):
    write_sidecar(report, text.encode("utf-8", "surrogatepass"))
    _parsed_or_refused(report)


@pytest.mark.slow
@FUZZ
@given(data=SIDECARS)
def test_fuzz_any_yaml_structure_as_a_sidecar(report, data):
    write_sidecar(report, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    _parsed_or_refused(report)


CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
GOOD_SIDECARS = st.fixed_dictionaries({}, optional={
    "agency": st.text(CJK, min_size=2, max_size=20).map(lambda name: name + "人民政府"),
    "year": st.integers(2008, NEXT_YEAR) | st.integers(2008, NEXT_YEAR).map(str),
    "region": st.lists(st.text(CJK, min_size=1, max_size=8), min_size=1, max_size=4).map("/".join),
    "published": st.dates(date(2008, 1, 1), date(NEXT_YEAR, 12, 31)),
    "retrieved": st.dates(date(2008, 1, 1), date(NEXT_YEAR, 12, 31)).map(date.isoformat),
    "source_url": st.sampled_from(["http", "https", "HTTP", " https"]).map(lambda s: s + "://www.example.gov.cn/r.html"),
    "known_issues": st.lists(st.sampled_from(sorted(RULE)), max_size=3),
    "note": st.text(CJK | st.sampled_from("，。\n 0123"), min_size=1, max_size=80).filter(str.strip),
})


@settings(max_examples=40, deadline=5000, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@pytest.mark.slow
@given(data=GOOD_SIDECARS)
def test_fuzz_a_sidecar_of_the_right_types_is_applied(report, data):
    write_sidecar(report, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert sidecar_problems(report) == []
    parsed = parse_report(report)
    json.dumps(parsed, ensure_ascii=False)
    if "agency" in data:
        assert parsed["agency"] == data["agency"]
    if "year" in data:
        assert parsed["year"] == int(data["year"])
    if "published" in data:
        assert parsed["published"] == data["published"].isoformat()
    if "region" in data:
        given_levels = dict(zip(("province", "city", "county", "township"), data["region"].split("/"), strict=False))
        assert {level: parsed["region"][level] for level in given_levels} == given_levels
    if "source_url" in data:
        assert parsed["source"]["source_url"] == data["source_url"].strip()
    assert parsed["known_issues"] == list(dict.fromkeys(data.get("known_issues", [])))
