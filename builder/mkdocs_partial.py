"""A MkDocs plugin for a dirty build that is told which docs files changed: MkDocs sees only those.

`mkdocs build --dirty` renders only the pages newer than their HTML, but it still walks the whole docs
folder and makes a File of every file in it (get_files: ~0.2 s at 1,000 reports, 4,800 files, growing
with the site), lists every file of the theme (Material's 10,000 icons: ~0.15 s whatever the site),
makes a Page of every page, stats each file twice to see it is not newer, and writes the sitemap from
them all. The build here knows what it wrote (builder/pages/docs_tree.py), so on such a build:

- get_files walks an empty folder (config.docs_dir is pointed at one in on_config), and on_files puts in
  the collection the files written since the last build alone, read from the real docs folder;
- any other file is found when asked for (Files.get_file_from_path: a link of a changed page, a nav
  entry) and made then, outside the collection: MkDocs resolves the link as it would have, and the page
  behind it, unchanged, is not rendered (a dirty build would not have rendered it either);
- the theme's files are not listed (they are copied only when newer than the site's copies, and a
  build with another theme or override is a clean one: builder/site.py _site_fingerprint);
- the sitemap is not MkDocs' (it would list the pages shown): it is written from every page of the docs
  (``pages``: docs-relative paths) with MkDocs' own template and the URLs MkDocs gives those pages, and
  only when those pages, the address or the date changed (sitemap-state.txt beside ``empty``).

What MkDocs renders is what a dirty build over the whole folder renders, page for page
(tests/site/test_mkdocs_partial.py compares every file of the site with a clean build's).

    config.plugins["builder-partial"] = partial_build(docs, empty, changed, pages)
"""

from __future__ import annotations

import gzip
import os
import posixpath
import shutil
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from types import SimpleNamespace
from urllib.parse import quote, urljoin, urlsplit

SITEMAP = "sitemap.xml"
SITEMAP_STATE = "sitemap-state.txt"  # beside the empty folder (the build folder): what the sitemap was made of
MARKDOWN = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")  # mkdocs.utils.markdown_extensions


def page_url(rel: str) -> str:
    """The URL MkDocs gives a docs page with use_directory_urls (File.url): a/b.md → a/b/, a/index.md and
    a/README.md → a/, index.md → ./ (percent-quoted as MkDocs quotes it)."""
    parent, filename = posixpath.split(rel)
    stem = posixpath.splitext(filename)[0]
    url = parent if stem in ("index", "README") else posixpath.join(parent, stem)
    return quote((url or ".") + "/")


def _walk_key(rel: str):
    """The order get_files lists files in: a folder's files (index/README first) before its sub-folders',
    folders by name."""
    folder, _, name = rel.rpartition("/")  # (not PurePosixPath: this sorts every page of the site)
    return tuple(folder.split("/")) if folder else (), (posixpath.splitext(name)[0] not in ("index", "README"), name)


_INDEX_NAMES = frozenset(f"{stem}{ext}" for stem in ("index", "README") for ext in MARKDOWN)


def _walk_order(rels: list[str]) -> list[str]:
    """rels sorted by _walk_key, by plain string keys compared in C (_walk_key's tuples cost ~4 µs a page: the
    sitemap sorts every page of the site): the folder's parts joined by \x01 and ended by \x00, so a folder
    sorts before its sub-folders and by its parts as the tuples do, then "0" for an index page, "1" for any
    other, then the name. A path holding \x00 or \x01 (none that a build writes) takes _walk_key."""
    if any("\x00" in rel or "\x01" in rel for rel in rels):
        return sorted(rels, key=_walk_key)
    keyed = []
    for rel in rels:
        folder, _, name = rel.rpartition("/")
        # (an index page's name is one of _INDEX_NAMES; other names' stems are never index/README: the
        # check is the one _walk_key does, on Markdown pages, which are all the sitemap sorts)
        keyed.append((folder.replace("/", "\x01") + ("\x000" if name in _INDEX_NAMES or posixpath.splitext(name)[0]
                                                     in ("index", "README") else "\x001") + name, rel))
    keyed.sort()
    return [rel for _key, rel in keyed]


def _unlisted_theme(theme) -> None:
    """The theme's Jinja environment lists no file: MkDocs lists them only to copy them (add_files_from_theme)."""
    get_env = theme.get_env

    def unlisted():
        env = get_env()
        env.list_templates = lambda *args, **kwargs: []
        return env

    theme.get_env = unlisted


def partial_build(docs: Path, empty: Path, changed: Iterable[str], pages: Iterable[str]):
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File, Files, set_exclusions

    docs, empty = Path(docs).resolve(), Path(empty)
    changed = sorted(set(changed), key=_walk_key)
    # (the sitemap's; put in MkDocs' walk order only when the sitemap is written: write_sitemap)
    pages = [rel for rel in pages if rel.endswith(MARKDOWN)]

    class LazyFiles(Files):
        """The changed files, and any other docs file made when MkDocs asks for it."""

        def __init__(self, files, config):
            super().__init__(files)
            self._config = config
            self._asked: dict[str, File | None] = {}

        def get_file_from_path(self, path: str) -> File | None:
            found = super().get_file_from_path(path)
            if found is not None:
                return found
            uri = PurePosixPath(path).as_posix()
            if uri not in self._asked:
                made = None
                if not uri.startswith("../") and (docs / uri).is_file():
                    made = File(uri, str(docs), self._config.site_dir, self._config.use_directory_urls)
                    set_exclusions([made], self._config)
                self._asked[uri] = made
            return self._asked[uri]

    class PartialBuild(BasePlugin):
        env = None

        def on_config(self, config):
            shutil.rmtree(empty, ignore_errors=True)  # (nothing is put there: a stray file would be a page)
            empty.mkdir(parents=True)
            config.docs_dir = str(empty)
            _unlisted_theme(config.theme)
            config.theme.static_templates.discard(SITEMAP)  # (of the pages it renders: written in on_post_build)
            return config

        def on_files(self, files, *, config):
            made = [File(rel, str(docs), config.site_dir, config.use_directory_urls) for rel in changed
                    if (docs / rel).is_file()]
            return LazyFiles([*files, *made], config)

        def on_env(self, env, *, config, files):
            self.env = env
            return env

        def on_post_build(self, *, config):
            write_sitemap(self.env, config, pages, empty.parent / SITEMAP_STATE)

    return PartialBuild()


class _Joined:
    """A page's canonical URL and its path as MkDocs makes them (Page._set_canonical_url: urljoin(base, url),
    urlsplit(...).path), joined as strings where that is what urljoin gives: urllib's parsing was 80% of a
    sitemap's time (0.4 s at 20,000 pages, on every build that adds a page). base ends with "/"."""

    def __init__(self, base: str):
        self.base = base
        parts = urlsplit(base)
        # (a base with a query or fragment, or without a scheme and host, goes through urljoin every time)
        self.path = parts.path if parts.scheme and parts.netloc and not parts.query and not parts.fragment \
            and urljoin(base, "a/") == base + "a/" else None

    def __call__(self, url: str) -> tuple[str, str]:
        # page_url quotes every character but letters, digits, "_.-~" and "/": a URL without a "." or ".."
        # segment, made only of those, is one urljoin leaves as it is (RFC 3986 5.2: merge, then no dot
        # segment to remove)
        if self.path is not None and url != "./" and not url.startswith("/") \
                and not any(segment in (".", "..") for segment in url.split("/")):
            return self.base + url, self.path + url
        canonical = urljoin(self.base, url)
        return canonical, urlsplit(canonical).path


def write_sitemap(env, config, pages: Iterable[str], state: Path | None = None) -> None:
    """MkDocs' sitemap (commands/build.py _build_theme_template) of these docs files' pages, in the order
    MkDocs walks them, with their URLs as MkDocs gives them; the theme's template, so the same bytes. state:
    a file that keeps what the last sitemap written was made of, so that one of the same pages, address and
    date is not written again (one report changed adds no page: ~0.05 s saved a thousand reports). The key
    is of the pages in plain string order (sorted in C); the walk order's sort key is Python code, ~4 µs a
    page (0.09 s at 20,000 pages), so it is paid only when the sitemap is written."""
    import hashlib

    from mkdocs.utils import get_build_date, get_build_timestamp, write_file
    from pathspec.gitignore import GitIgnoreSpec

    pages = sorted(set(pages))
    date = get_build_date()
    path = os.path.join(config.site_dir, SITEMAP)
    key = hashlib.sha256("\n".join([date, config.site_url or "", str(config.exclude_docs), str(config.draft_docs),
                                    env.get_template(SITEMAP).filename or "", *pages]).encode()).hexdigest()
    if state is not None and os.path.isfile(path) and os.path.isfile(f"{path}.gz") and state.is_file() \
            and state.read_text(encoding="utf-8") == key:
        return
    pages = _walk_order(pages)
    exclude = GitIgnoreSpec.from_lines([".*", "/templates/"])  # MkDocs' default exclusions (structure/files.py)
    if config.exclude_docs:
        exclude += config.exclude_docs
    drafts = config.draft_docs
    base = config.site_url or None
    if base and not base.endswith("/"):
        base += "/"
    joined = _Joined(base) if base else None
    entries = []
    for rel in pages:
        if not rel.endswith(MARKDOWN) or exclude.match_file(rel) or (drafts and drafts.match_file(rel)):
            continue
        canonical, abs_url = joined(page_url(rel)) if joined else (None, None)
        entries.append(SimpleNamespace(page=SimpleNamespace(
            is_link=False, canonical_url=canonical, abs_url=abs_url, update_date=date)))
    output = env.get_template(SITEMAP).render(pages=entries)
    if state is not None:
        state.unlink(missing_ok=True)
    if not output.strip():
        return
    write_file(output.encode("utf-8"), path)
    with open(f"{path}.gz", "wb") as fh, gzip.GzipFile(fileobj=fh, filename=f"{path}.gz", mode="wb",
                                                        mtime=get_build_timestamp(pages=[e.page for e in entries])) as gz:
        gz.write(output.encode("utf-8"))
    if state is not None:
        state.write_text(key, encoding="utf-8")
