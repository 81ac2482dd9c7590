"""A report's parse result names its sidecar (an invalid sidecar's error quotes its file name, which the
failures page shows). A sidecar renamed (a.yml → a.yaml, both read: builder/sidecar.py sidecar_path)
with the same bytes must not be served the cached result that names the old file: the cached build says
what a clean build says."""

from __future__ import annotations

import shutil
from pathlib import Path

from builder.batch import collect_reports

REPO = Path(__file__).resolve().parents[2]
NAME = "xingqingqu-yueyahuxiang-renminzhengfu-2020"


def _failures(out) -> list[tuple[str, str]]:
    return sorted((Path(f.path).name, f.error) for f in out.failures)


def test_a_renamed_sidecar_is_named_as_it_is_now(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    sidecar = next(data.rglob(f"{NAME}.yml"))
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "known_issues: [no_such_issue]\n", encoding="utf-8")
    cache = tmp_path / "cache"
    first = collect_reports(data, cache, jobs=1)
    assert any(f"{NAME}.yml" in error for _name, error in _failures(first))
    sidecar.rename(sidecar.with_suffix(".yaml"))

    cached = collect_reports(data, cache, jobs=1)
    clean = collect_reports(data, tmp_path / "clean-cache", jobs=1)
    assert any(f"{NAME}.yaml" in error for _name, error in _failures(clean))
    assert _failures(cached) == _failures(clean)
