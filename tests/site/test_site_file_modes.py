"""Every file of the built site is readable by other users (a web server or mirror that runs as another
user serves it): files written atomically used to keep mkstemp's 0600 (pagefind/bundles.json gave 403)."""

from __future__ import annotations

import os
import stat

from builder.files import write_text_atomic


def test_an_atomically_written_file_gets_the_mode_open_would_give(tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    path = tmp_path / "a.json"
    write_text_atomic(path, "{}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_every_file_of_the_built_site_is_readable_by_others(built_site):
    site = built_site.site
    unreadable = [p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.is_file() and not p.stat().st_mode & stat.S_IROTH]
    assert unreadable == []
