"""A dirty build's MkDocs loaded early in a fork (builder/mkdocs_early.py) and told what to render: the site is a
clean build's, byte for byte outside pagefind/; a fork that died before rendering leaves the build to render in
its own process; an error MkDocs raises in the fork is raised in the build.

Each check runs in a process of its own: a fork is taken only where no other thread runs, and a test worker
may hold one (a served site of another test)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ADDED = "兴庆区掌政镇人民政府"


def _run(function: str, *args: str) -> dict:
    env = {**os.environ, "SITE_URL": "https://example.org/open-data/", "SOURCE_DATE_EPOCH": "1735689600"}
    done = subprocess.run([sys.executable, "-c", f"import sys, json; from tests.site.test_render_early_mkdocs import "
                           f"{function}; print(json.dumps({function}(*sys.argv[1:])))", *args],
                          cwd=REPO, capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file() and p.relative_to(site).parts[0] != "pagefind"}


def _add_report(data: Path) -> None:
    from tests.textreport import consistent_values, write_report

    folder = next(data.rglob("xingqingqu-yueyahuxiang-renminzhengfu-2020.txt")).parent
    (folder / "xingqingqu-zhangzhengzhen-renminzhengfu-2021.txt").write_text(
        write_report(consistent_values("2021"), agency=ADDED, year=2021), encoding="utf-8")


def built_twice(root: str, kill: str = "") -> dict:
    """A clean build, a report added, a dirty build (its fork killed first if kill), and a clean build of the
    same data elsewhere: whether the dirty build's MkDocs ran in the fork, and the files that differ."""
    from builder import site

    root = Path(root)
    data = root / "data"
    shutil.copytree(REPO / "data", data)
    folders = dict(build_dir=root / "build", cache_dir=root / "cache")
    first = site.build_site(data, root / "site", jobs=1, **folders)
    _add_report(data)
    if kill:
        start = site.EarlyMkDocs.start

        def killed(cls, load, render):
            early = start(load, render)
            early._process.kill()
            early._process.join()
            return early

        site.EarlyMkDocs.start = classmethod(killed)
    dirty = site.build_site(data, root / "site", jobs=1, **folders)
    clean = site.build_site(data, root / "clean", jobs=1, build_dir=root / "clean-build", cache_dir=root / "cache")
    ours, theirs = _files(root / "site"), _files(root / "clean")
    added = "xingqingqu-zhangzhengzhen"  # (the added body's page: agencies/<slug>/index.html)
    return {"first_forked": first.mkdocs_forked, "dirty": dirty.dirty, "forked": dirty.mkdocs_forked,
            "clean_forked": clean.mkdocs_forked, "warnings": dirty.mkdocs_warnings,
            "differ": sorted(k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k)),
            "added_page": any(added in k and k.endswith("index.html") for k in ours), "files": len(ours)}


def test_a_dirty_build_renders_in_the_early_fork_and_its_site_is_a_clean_builds(tmp_path):
    out = _run("built_twice", str(tmp_path))
    assert out["dirty"] and out["forked"]
    assert not out["first_forked"] and not out["clean_forked"]  # (clean builds: MkDocs in the build's process)
    assert out["warnings"] == []
    assert out["added_page"] and out["files"] > 50
    assert out["differ"] == []


def test_a_fork_that_died_leaves_the_build_to_render_it(tmp_path):
    out = _run("built_twice", str(tmp_path), "kill")
    assert out["dirty"] and not out["forked"]
    assert out["added_page"] and out["differ"] == []


def early_errors() -> dict:
    """EarlyMkDocs itself: what render returns, what it raises, and that a closed one's fork is gone."""
    from builder.errors import ReportError
    from builder.mkdocs_early import EarlyMkDocs

    def load():
        return {"loaded": os.getpid()}

    def render(state, **orders):
        if orders.get("fail"):
            raise ReportError("页面无法渲染 cannot render")
        return [f"{state['loaded']}", orders["word"], str(os.getpid())]

    answers = {}
    early = EarlyMkDocs.start(load, render)
    answers["rendered"] = early.render(word="雨")
    answers["alive_after"] = early._process.is_alive()
    early = EarlyMkDocs.start(load, render)
    try:
        early.render(fail=True)
    except ReportError as exc:
        answers["raised"] = str(exc)
    early = EarlyMkDocs.start(load, render)
    process = early._process
    early.close()
    answers["closed_alive"] = process.is_alive()
    answers["pid"] = os.getpid()

    def broken():
        raise OSError("no theme")

    answers["unloaded"] = EarlyMkDocs.start(broken, render).render(word="x")
    return answers


def test_early_mkdocs_renders_raises_and_ends():
    out = _run("early_errors")
    loaded_in, word, rendered_in = out["rendered"]
    assert word == "雨" and loaded_in == rendered_in and int(rendered_in) != out["pid"]
    assert out["alive_after"] is False and out["closed_alive"] is False
    assert out["raised"] == "页面无法渲染 cannot render"
    assert out["unloaded"] is None  # (the build then renders in its own process)


def failed_then_built(root: str) -> dict:
    """A dirty build that fails after its fork started (a page maker raising) ends the fork with it: the
    build folder's lock, whose file the fork inherited, is free for the next build."""
    from builder import site

    root = Path(root)
    data = root / "data"
    shutil.copytree(REPO / "data", data)
    folders = dict(build_dir=root / "build", cache_dir=root / "cache")
    first = site.build_site(data, root / "site", jobs=1, **folders)
    _add_report(data)
    generate = site.generate_docs

    def failing(*args, **kwargs):
        raise site.ReportError("页面失败 pages failed")

    site.generate_docs = failing
    try:
        site.build_site(data, root / "site", jobs=1, **folders)
    except site.ReportError as exc:
        error = str(exc)
    site.generate_docs = generate
    import multiprocessing

    left = [p.name for p in multiprocessing.active_children()]
    again = site.build_site(data, root / "site", jobs=1, **folders)
    return {"error": error, "left": left, "built": again.reports, "before": first.reports}


def test_a_failed_build_ends_its_fork_and_frees_the_lock(tmp_path):
    out = _run("failed_then_built", str(tmp_path))
    assert out["error"] == "页面失败 pages failed"
    assert "builder-mkdocs" not in out["left"]
    assert out["built"] == out["before"] + 1
