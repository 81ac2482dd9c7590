"""Parsing fanned out on Dask distributed (build/validate --scheduler): the same results as the local pool.

A real distributed.LocalCluster (one worker process, two threads), no mocks: the scheduler's address
goes to the same builder.batch code path the CLI's --scheduler takes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.batch import collect_reports, on_scheduler, parse_isolated

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "data" / "reports").rglob("*.txt"))[:2]


@pytest.fixture(scope="module")
def scheduler():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None,
                                  memory_limit="2GiB") as cluster:
        yield cluster.scheduler_address


def _comparable(report: dict) -> dict:
    return {key: report[key] for key in ("id", "agency", "region", "year", "values", "parts", "checks", "source")}


def test_dask_parses_as_the_local_pool(scheduler):
    local = dict(parse_isolated(SEEDS, jobs=1))
    on_dask = dict(parse_isolated(SEEDS, scheduler=scheduler))
    assert set(on_dask) == set(SEEDS)
    for path in SEEDS:
        assert local[path][0] == on_dask[path][0] == "ok"
        assert _comparable(on_dask[path][1]) == _comparable(local[path][1])
        assert on_dask[path][1]["source"]["path"] == path.as_posix()  # where it is here, not the worker's copy
    first = on_dask[SEEDS[0]][1]
    assert first["values"] and all(isinstance(v, int | float) or v is None for v in first["values"].values())


def test_collect_on_a_scheduler_fills_the_same_cache(scheduler, tmp_path):
    data = tmp_path / "data"
    for seed in SEEDS:
        target = data / "reports" / seed.relative_to(ROOT / "data" / "reports")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(seed, target)
        if seed.with_suffix(".yml").is_file():
            shutil.copy(seed.with_suffix(".yml"), target.with_suffix(".yml"))
    (data / "reports" / "broken.txt").write_text("这不是报告 not a report", encoding="utf-8")
    with on_scheduler(scheduler):
        remote = collect_reports(data, tmp_path / "cache")
    assert remote.parsed == len(SEEDS) + 1 and len(remote.reports) == len(SEEDS)
    assert [f.kind for f in remote.failures] == ["report"]
    cached = collect_reports(data, tmp_path / "cache", jobs=1)  # locally, from what Dask parsed
    assert cached.parsed == 0
    assert [_comparable(r) for r in cached.reports] == [_comparable(r) for r in remote.reports]


def test_a_linked_report_or_sidecar_is_not_shipped_to_a_worker(tmp_path):
    """On a worker the bytes become plain files, where the readers' refusal of links cannot see them."""
    from builder.batch import _shipment
    from builder.errors import ReportError

    secret = tmp_path / "secret.txt"
    secret.write_text("token: hunter2\n", encoding="utf-8")
    report = tmp_path / "report.txt"
    report.symlink_to(secret)
    with pytest.raises(ReportError, match="符号链接"):
        _shipment(report)
    plain = tmp_path / "plain.txt"
    plain.write_text("报告", encoding="utf-8")
    (tmp_path / "plain.yml").symlink_to(secret)
    with pytest.raises(ReportError, match="符号链接"):
        _shipment(plain)
