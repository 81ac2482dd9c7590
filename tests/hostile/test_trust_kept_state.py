"""Build state planted in build/ or cache/ does not reach a page: a kept file is trusted only when its tag is
an HMAC under builder.state_key's key, which is kept outside those folders. A planted quality entry, well
formed and with a valid checksum (what the build accepted before: a CRC-32), or made with another key, is a
miss: the entry is made again from the report, escaped."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import markdown
import msgpack
import pytest
from bs4 import BeautifulSoup

from builder import cache_format, state_key
from builder.pages import kept_parts
from builder.pages.kept_parts import KeptParts
from builder.pages.quality import quality_page_files

SCRIPT = '<script>alert("planted")</script><img src=x onerror=alert(2)>'


def _report(n: int) -> dict:
    return {"id": f"body-{n}-2023", "agency": f"机构{n}", "agency_id": f"body-{n}", "year": 2023,
            "region": {"province": "江苏省"}, "values": {},
            "checks": [{"rule": "table_sum", "severity": "error", "fields": ["requests.new_received.total"],
                        "message": f"第 {n} 行不等"}]}


def _planted_with_crc(state: dict) -> bytes:
    """A file as the build wrote them before it had a key: magic, kind, format, the payload's CRC-32."""
    payload = msgpack.packb(state, use_bin_type=True)
    return struct.pack(">7sBBI", b"ODCACHE", kept_parts.KIND, kept_parts.FORMAT, zlib.crc32(payload)) + payload


def _planted_with_key(state: dict, monkeypatch, key: str) -> bytes:
    monkeypatch.setenv(state_key.ENV_KEY, key)
    try:
        return cache_format.dumps(state, kept_parts.KIND, kept_parts.FORMAT)
    finally:
        monkeypatch.undo()


def _html(files: dict) -> str:
    return "".join(markdown.markdown(text, extensions=["tables", "md_in_html", "attr_list"]) for text in files.values())


@pytest.mark.parametrize("how", ["crc", "another key"])
def test_a_planted_quality_entry_does_not_reach_the_page(tmp_path, monkeypatch, how):
    reports = [_report(n) for n in range(5)]
    hashes = {r["id"]: f"view-{n}" for n, r in enumerate(reports)}
    path = tmp_path / "quality-entries.msgpack"
    honest = KeptParts(path, "code-1", set(hashes.values()))
    fresh = quality_page_files(reports, budget=10_000, kept=honest, hashes=hashes)
    honest.save()
    parts = cache_format.read(path, kept_parts.KIND, kept_parts.FORMAT)["parts"]
    assert parts  # (the keys a planter would copy)
    state = {"code": "code-1", "parts": {k: v + SCRIPT for k, v in parts.items()}}
    path.write_bytes(_planted_with_crc(state) if how == "crc" else _planted_with_key(state, monkeypatch, "attacker"))
    again = KeptParts(path, "code-1", set(hashes.values()))
    files = quality_page_files(reports, budget=10_000, kept=again, hashes=hashes)
    assert again.made == len(parts)  # every entry made again from its report
    assert files == fresh
    soup = BeautifulSoup(_html(files), "html.parser")
    # (the page's own: its data as JSON and its script file)
    assert not [s for s in soup.find_all("script") if s.get("type") != "application/json" and not s.get("src")]
    assert not soup.find("img", onerror=True)
    assert "planted" not in "".join(files.values())


def test_a_file_made_with_this_key_is_read_and_one_of_another_kind_is_not(tmp_path):
    data = cache_format.dumps({"code": "c", "parts": {"a:root": "甲"}}, kept_parts.KIND, kept_parts.FORMAT)
    assert cache_format.loads(data, kept_parts.KIND, kept_parts.FORMAT)["parts"] == {"a:root": "甲"}
    # The tag covers the kind and format: the same payload relabelled as another kind is refused.
    relabelled = data[:7] + bytes([kept_parts.KIND + 1]) + data[8:]
    with pytest.raises(cache_format.CacheUnreadable):
        cache_format.loads(relabelled, kept_parts.KIND + 1, kept_parts.FORMAT)
    with pytest.raises(cache_format.CacheUnreadable):
        cache_format.loads(data[:-1] + bytes([data[-1] ^ 1]), kept_parts.KIND, kept_parts.FORMAT)


def _key_in_child(env: dict) -> str:
    code = "from builder import state_key; print(state_key.key().hex())"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True, timeout=60).stdout.strip()


def test_the_key_file_is_made_once_outside_the_build_and_shared(tmp_path, monkeypatch):
    import os

    env = {k: v for k, v in os.environ.items() if k not in (state_key.ENV_KEY, state_key.ENV_DIR)}
    env["XDG_STATE_HOME"] = str(tmp_path / "state")
    first, second = _key_in_child(env), _key_in_child(env)
    assert first == second and len(bytes.fromhex(first)) == 32
    key_file = tmp_path / "state" / state_key.APP / state_key.KEY_FILE
    assert key_file.read_bytes().hex() == first
    assert key_file.stat().st_mode & 0o077 == 0  # readable by its user alone
    assert [p.name for p in key_file.parent.iterdir()] == [state_key.KEY_FILE]  # no partial file left
    # BUILDER_STATE_KEY (a CI secret) wins over the file; two secrets, two keys.
    assert _key_in_child(env | {state_key.ENV_KEY: "s1"}) != first
    assert _key_in_child(env | {state_key.ENV_KEY: "s1"}) != _key_in_child(env | {state_key.ENV_KEY: "s2"})


def test_a_folder_that_cannot_hold_a_key_gives_a_key_of_this_process(tmp_path):
    import os

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the state folder would be")
    env = {k: v for k, v in os.environ.items() if k not in (state_key.ENV_KEY, state_key.ENV_DIR)}
    env[state_key.ENV_DIR] = str(blocker / "state")
    one, two = _key_in_child(env), _key_in_child(env)
    assert one != two  # nothing kept is trusted across runs: a cold build, never a wrong one
    code = ("import os, subprocess, sys; from builder import state_key; k = state_key.key().hex();"
            "c = subprocess.run([sys.executable, '-c', 'from builder import state_key; print(state_key.key().hex())'],"
            " capture_output=True, text=True, check=True).stdout.strip(); print(k == c)")
    shared = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                            timeout=60).stdout.strip()
    assert shared == "True"  # the processes it starts share it


def test_planted_chart_shapes_are_made_again(tmp_path, monkeypatch):
    """The kept Vega-Lite shapes every page's charts are drawn from (builder.pages.charts): a planted file
    (an expression or a javascript: link in a shape) is a miss, the shapes made again; one this build wrote
    is read back as it was made."""
    from builder.pages import charts

    try:
        charts.keep_shapes_in(tmp_path, "code-1")
        _clear_shape_caches(charts)
        made = json.loads(charts.chart_shapes_json())
        (kept,) = tmp_path.glob("chart-shapes-*.msgpack")
        honest = cache_format.read(kept, charts._SHAPES_KIND, charts._SHAPES_FORMAT)
        assert honest and all(isinstance(v, dict) for v in honest.values())
        planted = {k: {**v, "usermeta": {"embedOptions": {"ast": True}}, "href": "javascript:alert(1)"}
                   for k, v in honest.items()}
        monkeypatch.setenv(state_key.ENV_KEY, "attacker")
        data = cache_format.dumps(planted, charts._SHAPES_KIND, charts._SHAPES_FORMAT)
        monkeypatch.undo()
        kept.write_bytes(data)
        charts.keep_shapes_in(tmp_path, "code-1")
        _clear_shape_caches(charts)
        again = charts.chart_shapes_json()
        assert "javascript:" not in again and json.loads(again) == made
        # The file this build wrote is read back: the same shapes, nothing made.
        charts.keep_shapes_in(tmp_path, "code-1")
        _clear_shape_caches(charts)
        assert json.loads(charts.chart_shapes_json()) == made
    finally:
        charts.keep_shapes_in(None)
        _clear_shape_caches(charts)


def _clear_shape_caches(charts) -> None:
    for shape in (charts._bars_shape, charts._appeals_shape, charts._trend_shape):
        shape.cache_clear()


def test_planted_explorer_rows_are_made_again(tmp_path, monkeypatch):
    """A kept explorer row is written into the explorer's JSON files as it is: one planted (here a line that
    would close the rows and add a key of its own) is a miss unless this build's key made it."""
    from builder.pages import explorer

    reports = [{"id": f"body-{n}-2023", "agency": f"机构{n}", "agency_id": f"body-{n}", "year": 2023,
                "level": "county", "region": {"province": "江苏省", "city": "南京市"}, "checks": [],
                "values": {"requests.new_received.total": n + 1}} for n in range(3)]
    hashes = {r["id"]: f"view-{r['id']}" for r in reports}
    path = tmp_path / "explorer-rows.msgpack"
    fresh = explorer.chunk_files(reports, "2023")
    rows = explorer.Rows(hashes, path, "code-1")
    explorer.chunk_files(reports, "2023", rows)
    rows.save()
    state = cache_format.read(path, explorer.ROWS_KIND, explorer.ROWS_FORMAT)
    for entry in state["rows"].values():
        entry[0] = '[]],"planted":"<script>alert(1)</script>","rows":[[]'
    monkeypatch.setenv(state_key.ENV_KEY, "attacker")
    data = cache_format.dumps(state, explorer.ROWS_KIND, explorer.ROWS_FORMAT)
    monkeypatch.undo()
    path.write_bytes(data)
    planted = explorer.Rows(hashes, path, "code-1")
    files = explorer.chunk_files(reports, "2023", planted)
    assert files == fresh and planted.made == 3
    assert all("planted" not in text for text in files.values())
    assert [list(json.loads(text)) for text in files.values()] == [["format", "columns", "rows"]]


def test_the_pages_build_has_a_state_key_that_outlives_a_run():
    """Deploys keep their build state between runs (actions/cache), so the Pages build must sign and read it
    with one key: the repository secret, else a key file kept in a cache of its own (not the build's)."""
    from tests.site.test_workflows import load, steps

    workflow = list(steps(load("pages.yml")))
    build = next(s for s in workflow if s.get("name") == "Build the site")
    assert build["env"][state_key.ENV_KEY] == "${{ secrets.BUILDER_STATE_KEY }}"
    cached = [s["with"]["path"] for s in workflow if str(s.get("uses", "")).startswith("actions/cache")]
    assert f"~/.local/state/{state_key.APP}" in cached
    assert not any(f"state/{state_key.APP}" in path and ("site-build" in path or ".cache" in path) for path in cached)
    assert workflow.index(build) > max(i for i, s in enumerate(workflow) if str(s.get("uses", "")).startswith("actions/cache"))


def test_tests_use_a_state_key_of_their_own():
    """(tests/conftest.py) No test writes the user's key file: the session's folder, not ~/.local/state."""
    import os

    assert os.environ[state_key.ENV_DIR] == os.environ["BUILDER_TEST_STATE_DIR"]
    assert "builder-test-state-" in state_key.state_dir().name
    assert state_key.state_dir() != Path(os.path.expanduser("~/.local/state")) / state_key.APP


@pytest.mark.parametrize("content", [b"", b"short", None])
def test_an_unusable_key_file_gives_a_key_of_this_run_and_one_line(tmp_path, content):
    import os

    folder = tmp_path / "state"
    folder.mkdir()
    if content is None:
        (folder / state_key.KEY_FILE).symlink_to("/dev/zero")  # (read bounded: never the whole of it)
    else:
        (folder / state_key.KEY_FILE).write_bytes(content)
    env = {k: v for k, v in os.environ.items() if k not in (state_key.ENV_KEY, state_key.ENV_DIR)}
    env[state_key.ENV_DIR] = str(folder)
    code = "from builder import state_key; print(len(state_key.key()))"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "32"
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "the build state key file is unusable" in lines[0], done.stderr
    assert "Traceback" not in done.stderr
