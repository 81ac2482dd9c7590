"""The GitHub workflows and templates: valid against GitHub's schemas, and doing what CI promises."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ISSUE_FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def check_schema(schema: str, *files: Path) -> subprocess.CompletedProcess:
    """check-jsonschema with its bundled copy of the schema: no network."""
    return subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", schema, *map(str, files)],
                          capture_output=True, text=True)


def load(name: str) -> dict:
    data = yaml.safe_load((GITHUB / "workflows" / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def uses(workflow: dict, action: str) -> list[dict]:
    return [s for s in steps(workflow) if s.get("uses", "").split("@")[0] == action]


def runs(workflow: dict) -> str:
    return "\n".join(s.get("run", "") for s in steps(workflow))


def test_workflows_match_the_github_workflow_schema():
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "pages.yml"]
    done = check_schema("vendor.github-workflows", *WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  test:\n    step:\n      - run: make test\n", encoding="utf-8")
    done = check_schema("vendor.github-workflows", broken)
    assert done.returncode == 1
    assert "runs-on" in done.stdout + done.stderr


def test_issue_templates_match_the_github_schemas():
    assert {p.name for p in ISSUE_FORMS} >= {"parsed-wrong.yml"}
    done = check_schema("vendor.github-issue-forms", *ISSUE_FORMS)
    assert done.returncode == 0, done.stdout + done.stderr
    done = check_schema("vendor.github-issue-config", GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (GITHUB / "pull_request_template.md").read_text(encoding="utf-8").count("- [ ]") >= 3


def test_ci_lints_tests_builds_and_uploads_the_site():
    ci = load("ci.yml")
    assert "pull_request" in ci["on"] and "push" in ci["on"]
    commands = runs(ci)
    for command in ("make lint", "make test", "make site"):
        assert command in commands
    assert uses(ci, "actions/setup-python")
    upload = uses(ci, "actions/upload-artifact")
    assert len(upload) == 1 and upload[0]["with"]["path"].rstrip("/") == "site"


def test_ci_validates_what_a_pull_request_changes():
    ci = load("ci.yml")
    job = next(j for j in ci["jobs"].values() if "validate-changed.sh" in "".join(s.get("run", "") for s in j["steps"]))
    assert job["if"] == "github.event_name == 'pull_request'"
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the base branch is needed for the diff
    step = next(s for s in job["steps"] if "validate-changed.sh" in s.get("run", ""))
    assert step["run"] == '.github/scripts/validate-changed.sh "origin/$BASE_REF" "$GITHUB_STEP_SUMMARY"'
    assert step["env"]["BASE_REF"] == "${{ github.base_ref }}"
    # the other reports read from the parse cache the test job saves, as validate's --cache-dir default (.cache)
    saved = next(s for s in uses(ci, "actions/cache") if s["with"]["path"] == ".cache")
    restored = [s for s in job["steps"] if s.get("uses", "").split("@")[0].startswith("actions/cache")]
    assert [s["uses"].split("@")[0] for s in restored] == ["actions/cache/restore"]
    assert restored[0]["with"] == saved["with"]
    assert job["steps"].index(restored[0]) < job["steps"].index(step)
    script = GITHUB / "scripts" / "validate-changed.sh"
    assert script.stat().st_mode & 0o111, "the script must be executable"
    assert 'git diff -z --name-only --diff-filter=AM "$base...HEAD" -- data/' in script.read_text(encoding="utf-8")


def test_pages_deploys_main_with_the_official_actions():
    pages = load("pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"]
    assert "pull_request" not in pages["on"]
    assert pages["permissions"]["pages"] == "write" and pages["permissions"]["id-token"] == "write"
    assert uses(pages, "actions/configure-pages")
    assert "make site" in runs(pages)
    artifact = uses(pages, "actions/upload-pages-artifact")
    assert len(artifact) == 1 and artifact[0]["with"]["path"].rstrip("/") == "site"
    deploy_job = next(j for j in pages["jobs"].values() if any("deploy-pages" in s.get("uses", "") for s in j["steps"]))
    assert deploy_job["environment"]["name"] == "github-pages"
    # after the build, and after the release job (dataset files in releases: SITE_DOWNLOADS=release) when it runs
    assert deploy_job["needs"] in ("build", ["build"], ["build", "release"])
    if "release" in deploy_job["needs"]:
        release = pages["jobs"]["release"]
        assert release["permissions"] == {"contents": "write"} and "vars.SITE_DOWNLOADS" in release["if"]
        assert "needs.release.result != 'failure'" in deploy_job["if"]


@pytest.mark.parametrize("name", ["ci.yml", "pages.yml"])
def test_every_job_that_builds_the_site_checks_out_the_whole_history(name):
    """The history tells which of two sound-alike bodies entered first (builder.git_blobs.entry_order: it keeps
    its address) and which commit added each original: a shallow clone would give every file one commit."""
    jobs = [j for j in load(name)["jobs"].values() if any("make site" in s.get("run", "") for s in j.get("steps", []))]
    assert jobs
    for job in jobs:
        checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
        assert checkout.get("with", {}).get("fetch-depth") == 0


@pytest.mark.parametrize("name", ["ci.yml", "pages.yml"])
def test_every_make_target_the_workflows_use_exists(name):
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([A-Za-z][\w-]*):", makefile, flags=re.M))
    used = set(re.findall(r"\bmake ([\w-]+)", runs(load(name))))
    assert used and used <= targets, used - targets
