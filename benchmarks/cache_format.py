"""CPU seconds to read and write the build's caches, the old format (pickle) beside the new (MessagePack,
builder/cache_format.py), interleaved in one process: the record snapshot's 16 shards (RecordSnapshot) and
the downloads' pieces of every segment (builder/site.py _kept_pieces / _keep_pieces).

    .venv/bin/python benchmarks/cache_format.py /tmp/bench-site-1000-XXXX/root0 --times 1 --times 10

A kept site (benchmarks/build_site.py --keep) gives the records (its cache/parse/*.json) and the pieces (its
build/download-pieces/, either format: a .pickle there is read only if it is this benchmark's own kept site,
made by this project's build). --times M: the records M times over (under other keys), so 1,000 reports
give 10,000. Each figure is the best of --rounds (time.process_time: the machine may be shared).
"""

from __future__ import annotations

import argparse
import json
import pickle
import time
from pathlib import Path

from builder import cache_format
from builder.batch import _SNAPSHOT_FORMAT, _SNAPSHOT_KIND, _interned, _snapshot_entries, _snapshot_payload
from builder.site import _PIECES_KIND, PIECES, PIECES_FORMAT, _well_formed


def _records(root: Path, times: int) -> dict[str, dict]:
    """shard → key → (signature, (status, record)) as RecordSnapshot holds them."""
    shards: dict[str, dict] = {}
    for path in sorted((root / "cache" / "parse").glob("*.json")):
        text, st = path.read_text(encoding="utf-8"), path.stat()
        for copy in range(times):  # (each copy its own objects, as records parsed apart are: only keys shared)
            status, record = json.loads(text)
            key = f"{path.stem[:-4]}{copy:04x}"
            value = (status, _interned(record) if isinstance(record, dict) else record)
            shards.setdefault(key[0], {})[key] = ([st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev], value)
    return shards


def _pieces(root: Path) -> list:
    out = []
    for path in sorted((root / "build" / PIECES).iterdir()):
        if path.suffix == ".pickle":
            out.append(pickle.loads(path.read_bytes()))  # (this project's own benchmark output: see the docstring)
        elif path.suffix == ".msgpack":
            out.append(cache_format.loads(path.read_bytes(), _PIECES_KIND, PIECES_FORMAT))
    return out


def _snapshot_load(shards: dict[str, bytes]) -> list:
    with cache_format.paused_collection():  # (as RecordSnapshot reads them)
        return [_snapshot_entries(cache_format.loads(b, _SNAPSHOT_KIND, _SNAPSHOT_FORMAT)) for b in shards.values()]


def _snapshot_dump(shards: dict[str, dict]) -> list:
    with cache_format.paused_collection():  # (as RecordSnapshot.save writes them)
        return [cache_format.dumps(_snapshot_payload(e), _SNAPSHOT_KIND, _SNAPSHOT_FORMAT) for e in shards.values()]


def _best(rounds: int, runs: dict) -> dict[str, float]:
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(rounds):
        for name, run in runs.items():  # (interleaved: a busy moment costs both)
            start = time.process_time()
            run()
            best[name] = min(best[name], time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--times", type=int, action="append")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    for times in args.times or [1]:
        shards = _records(args.root, times)
        n = sum(map(len, shards.values()))
        old = {s: pickle.dumps({"format": 1, "entries": e}, protocol=pickle.HIGHEST_PROTOCOL) for s, e in shards.items()}
        new = {s: cache_format.dumps(_snapshot_payload(e), _SNAPSHOT_KIND, _SNAPSHOT_FORMAT) for s, e in shards.items()}
        assert all(_snapshot_entries(cache_format.loads(b, _SNAPSHOT_KIND, _SNAPSHOT_FORMAT)) == shards[s]
                   for s, b in new.items())
        best = _best(args.rounds, {
            "pickle load": lambda old=old: [pickle.loads(b) for b in old.values()],
            "msgpack load": lambda new=new: _snapshot_load(new),
            "pickle dump": lambda shards=shards: [pickle.dumps({"format": 1, "entries": e}, protocol=pickle.HIGHEST_PROTOCOL)
                                               for e in shards.values()],
            "msgpack dump": lambda shards=shards: _snapshot_dump(shards),
        })
        print(f"record snapshot, {n} records: pickle {sum(map(len, old.values())) / 1e6:.1f} MB, "
              f"msgpack {sum(map(len, new.values())) / 1e6:.1f} MB")
        for name, seconds in best.items():
            print(f"  {name:14s} {seconds * 1000:8.1f} ms")
    pieces = _pieces(args.root)
    assert all(_well_formed(cache_format.loads(cache_format.dumps(p, _PIECES_KIND, PIECES_FORMAT), _PIECES_KIND, PIECES_FORMAT))
               for p in pieces)
    old_p = [pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL) for p in pieces]
    new_p = [cache_format.dumps(p, _PIECES_KIND, PIECES_FORMAT) for p in pieces]
    best = _best(args.rounds, {
        "pickle load": lambda: [pickle.loads(b) for b in old_p],
        "msgpack load": lambda: [_well_formed(cache_format.loads(b, _PIECES_KIND, PIECES_FORMAT)) for b in new_p],
        "pickle dump": lambda: [pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL) for p in pieces],
        "msgpack dump": lambda: [cache_format.dumps(p, _PIECES_KIND, PIECES_FORMAT) for p in pieces],
    })
    print(f"download pieces, {len(pieces)} files: pickle {sum(map(len, old_p)) / 1e6:.1f} MB, "
          f"msgpack {sum(map(len, new_p)) / 1e6:.1f} MB")
    for name, seconds in best.items():
        print(f"  {name:14s} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
