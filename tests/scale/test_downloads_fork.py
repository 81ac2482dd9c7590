"""An incremental build makes its few segments of downloads in a fork while it writes the pages
(builder.export.pieces.start_downloads): the same files as a build that makes them in its own process, and
made there after all when the fork dies."""

import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import builder.export.pieces as pieces
from builder.site import build_site

REPO = Path(__file__).resolve().parents[2]


def _in_own_process(scenario: str, tmp_path: Path) -> None:
    # A fork is taken only where no other thread runs, and a test worker may hold one (execnet's, a served
    # site of another test): the builds run in a process of their own.
    done = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                           f"from tests.scale.test_downloads_fork import {scenario}; {scenario}(Path(sys.argv[1]))",
                           str(tmp_path)], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]


def test_one_report_added_makes_its_downloads_in_a_fork_and_the_same_files(tmp_path):
    _in_own_process("_added_checked", tmp_path)


def test_a_fork_killed_before_it_answers_has_the_downloads_made_by_the_build(tmp_path):
    _in_own_process("_killed_checked", tmp_path)


def _spied(calls: Path, kill_in_fork: bool = False):
    """pieces.downloads as it is, each call's process (here or fork) and Arrow's memory pool there written to
    calls first (and the call's process killed when it is not this one: a fork out of memory)."""
    import pyarrow as pa

    made, ours = pieces.downloads, os.getpid()

    def downloads(*args, **kwargs):
        with calls.open("a") as out:
            out.write(f"{'here' if os.getpid() == ours else 'fork'}:{pa.default_memory_pool().backend_name}\n")
        if kill_in_fork and os.getpid() != ours:
            os.kill(os.getpid(), signal.SIGKILL)
        return made(*args, **kwargs)

    pieces.downloads = downloads


def _build(data: Path, folder: Path) -> None:
    build_site(data, folder / "site", jobs=1, build_dir=folder / "build", cache_dir=folder / "cache")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _with_one_added(tmp_path: Path, kill_in_fork: bool = False) -> tuple[list[str], Path]:
    """The seeds less one built, then the last one added and built again; the processes the add's downloads
    were made in, and the folder."""
    seeds = sorted((REPO / "data" / "reports").rglob("*.txt"))
    data, built = tmp_path / "data", tmp_path / "incremental"
    (data / "reports").mkdir(parents=True)
    for seed in seeds[:-1]:
        shutil.copy(seed, data / "reports" / seed.name)
    _build(data, built)
    shutil.copy(seeds[-1], data / "reports" / seeds[-1].name)
    for thread in threading.enumerate():  # (pebble's, of the last build's forks: a build starts with none)
        if thread is not threading.current_thread():
            thread.join(timeout=30)
    calls = tmp_path / "calls.txt"
    _spied(calls, kill_in_fork)
    _build(data, built)
    return calls.read_text().split(), built


def _where(calls: list[str]) -> list[str]:
    return [call.split(":")[0] for call in calls]


def _reference(tmp_path: Path) -> Path:
    """All the seeds built at once in the build's own process: another thread runs (no fork is safe)."""
    calls = tmp_path / "reference-calls.txt"
    _spied(calls)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        _build(tmp_path / "data", tmp_path / "reference")
    finally:
        stop.set()
    assert _where(calls.read_text().split()) == ["here"]
    return tmp_path / "reference"


def _same_downloads(built: Path, reference: Path) -> None:
    for part in ("build/docs/downloads", "site/downloads"):
        made, expected = _files(built / part), _files(reference / part)
        assert made.keys() == expected.keys(), sorted(made.keys() ^ expected.keys())
        assert [name for name in made if made[name] != expected[name]] == []
    assert any(name.endswith(".parquet") for name in _files(built / "site/downloads"))


def _added_checked(tmp_path: Path) -> None:
    calls, built = _with_one_added(tmp_path)
    # in the fork, Arrow's buffers from the C library (pieces._system_arrow_memory: not jemalloc's pages shared with the build)
    assert calls == ["fork:system"]
    _same_downloads(built, _reference(tmp_path))


def _killed_checked(tmp_path: Path) -> None:
    calls, built = _with_one_added(tmp_path, kill_in_fork=True)
    assert _where(calls) == ["fork", "here"]
    _same_downloads(built, _reference(tmp_path))
