"""A sidecar replaced by a symbolic link is refused (builder/sidecar.py: a link could publish any file of
the machine). The parse cache's key must tell the link from the file it replaced: a link to a copy of the
old sidecar hashed as that sidecar did, and a cached build served the record the clean build refuses."""

from __future__ import annotations

import shutil
from pathlib import Path

from builder.batch import collect_reports

REPO = Path(__file__).resolve().parents[2]
NAME = "xingqingqu-yueyahuxiang-renminzhengfu-2020"


def _failures(out) -> list[str]:
    return [f.error for f in out.failures]


def test_a_sidecar_replaced_by_a_link_to_the_same_bytes_is_refused_by_a_cached_build(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    cache = tmp_path / "cache"
    collect_reports(data, cache, jobs=1)
    sidecar = next(data.rglob(f"{NAME}.yml"))
    elsewhere = tmp_path / "elsewhere.yml"
    shutil.copyfile(sidecar, elsewhere)
    sidecar.unlink()
    sidecar.symlink_to(elsewhere)

    clean = collect_reports(data, tmp_path / "clean-cache", jobs=1)
    cached = collect_reports(data, cache, jobs=1)
    assert any("symbolic link" in error for error in _failures(clean))
    assert _failures(cached) == _failures(clean)
    assert sorted(r["id"] for r in cached.reports) == sorted(r["id"] for r in clean.reports)
