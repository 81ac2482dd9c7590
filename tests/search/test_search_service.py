"""The Pagefind service (builder/search.py PagefindService) indexes a bundle as Pagefind's command line does:
the same pages, the same records and index chunks; and a build that gives index_site a service ends with the
index a build without one writes."""

from __future__ import annotations

import gzip
import json

from builder.search import OUTPUT_SUBDIR, PagefindService, _bucket, index_site
from tests.search.fragments import SIGNATURE, searchable_fragments
from tests.search.test_bundles import _page, _two_provinces


def _records(folder):
    return sorted((p.name, json.loads(gzip.decompress(p.read_bytes())[len(SIGNATURE):]))
                  for p in (folder / "fragment").glob("*.pf_fragment"))


def test_the_service_indexes_as_the_command_line_does(tmp_path):
    cli_site, service_site = tmp_path / "cli", tmp_path / "service"
    for site in (cli_site, service_site):
        _two_provinces(site)
        index_site(site, tmp_path / f"{site.name}-state")
        _page(site, "regions/hebei/chengde/index.html", "承德市")
        _page(site, "index.html", "首页（新）")
    index_site(cli_site, tmp_path / "cli-state", recent_max=0)
    with PagefindService() as service:
        done = index_site(service_site, tmp_path / "service-state", recent_max=0, service=service)
    assert sorted(done["bundles"]) == sorted({"site", _bucket("hebei")})
    for bundle in done["bundles"]:
        cli, served = cli_site / OUTPUT_SUBDIR / bundle, service_site / OUTPUT_SUBDIR / bundle
        assert _records(served) == _records(cli) != []
        assert sorted(p.name for p in (served / "index").iterdir()) == sorted(p.name for p in (cli / "index").iterdir())
        assert sorted(p.name for p in served.iterdir()) == sorted(p.name for p in cli.iterdir()) or \
            {p.suffix for p in served.iterdir()} == {p.suffix for p in cli.iterdir()}  # (pf_meta: filter order)
    titles = {f["url"]: f["meta"]["title"] for f in searchable_fragments(service_site)}
    assert titles == {f["url"]: f["meta"]["title"] for f in searchable_fragments(cli_site)}
    assert titles["/regions/hebei/chengde/"] == "承德市" and titles["/"] == "首页（新）"


def test_a_closed_service_leaves_the_indexing_to_the_command_line(tmp_path):
    site = tmp_path / "site"
    _two_provinces(site)
    service = PagefindService()
    service.close()
    done = index_site(site, tmp_path / "state", service=service)
    assert done["pages"] == 4 and (site / OUTPUT_SUBDIR / "site" / "pagefind.js").is_file()
