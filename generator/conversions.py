"""Under `mkdocs serve`, what MkDocs would redo for a page whose Markdown is as it was is not
redone: converting it to HTML, compiling the theme's templates, indexing it for search.

MkDocs converts every page on every rebuild, though after an edit to one sheet almost every
page's Markdown is the same as before; converting is most of the time a rebuild takes. A page's
HTML, table of contents, anchors and links depend on its Markdown, its own path, the files its
links may point to, and the configuration (Markdown extensions, validation): when all are as at
the last conversion, the last conversion's results are given back instead. The theme's
templates are compiled once per serve session (Jinja's own bytecode cache, keyed by each
template's source), and a page's search entries are taken again where its HTML, address, title
and metadata are unchanged. The theme, link and anchor validation and writing run as always.
"""

from __future__ import annotations

import hashlib
import os

import jinja2
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .search_sections import stand_in
from .site_writes import SiteWrites, file_digest
from .text import SEARCH_EXCLUDED


@dataclass(frozen=True)
class Conversion:
    """What MkDocs's `Page.render` leaves on a page, kept with the inputs it came from."""

    key: tuple
    content: str
    toc: Any
    title: str | None
    anchors: tuple[str, ...] | None  # a set again only once given back: a tuple is far smaller
    links_to_anchors: dict[str, dict[str, str]] | None  # linked page's src_uri -> anchor -> link


class ConversionMemory:
    """The conversions of the last build, by page; the inputs every page shares."""

    def __init__(self) -> None:
        self.conversions: dict[str, Conversion] = {}
        self.shared: tuple = ()
        self.reused = 0  # pages of the last build whose conversion was given back

    def start(self, config: Any, files: Files) -> None:
        """Note what every page's conversion depends on, once per build."""
        self.shared = (_config_signature(config), _files_signature(files))
        self.reused = 0
        known = {file.src_uri for file in files.documentation_pages()}
        self.conversions = {uri: conversion for uri, conversion in self.conversions.items() if uri in known}

    def wrap(self, page: Page) -> None:
        """Have `page` give back its last conversion where its inputs are unchanged."""
        convert = page.render

        def render(config: Any, files: Files) -> None:
            key = (self.shared, hashlib.blake2b(page.markdown.encode("utf-8"), digest_size=16).digest())
            kept = self.conversions.get(page.file.src_uri)
            if kept is not None and kept.key == key:
                _restore(page, kept, files)
                self.reused += 1
                return
            convert(config, files)
            self.conversions[page.file.src_uri] = Conversion(
                key, page.content, page.toc, page._title_from_render,
                tuple(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
                {file.src_uri: dict(anchors) for file, anchors in page.links_to_anchors.items()}
                if page.links_to_anchors is not None else None,
            )

        page.render = render  # type: ignore[method-assign]


def _restore(page: Page, kept: Conversion, files: Files) -> None:
    page.content = kept.content
    page.toc = kept.toc
    page._title_from_render = kept.title
    page.present_anchor_ids = set(kept.anchors) if kept.anchors is not None else None
    if kept.links_to_anchors is not None:
        page.links_to_anchors = {files.get_file_from_path(uri): dict(anchors)
                                 for uri, anchors in kept.links_to_anchors.items()}


def _files_signature(files: Files) -> bytes:
    """Which files exist, where each is published: what a page's links resolve against."""
    digest = hashlib.blake2b(digest_size=16)
    for file in sorted(files, key=lambda file: file.src_uri):
        digest.update(f"{file.src_uri}\0{file.dest_uri}\0{file.inclusion}\n".encode())
    return digest.digest()


def _config_signature(config: Any) -> bytes:
    """The configuration as a conversion sees it: the Markdown extensions and their options, the
    link validation, the URL style; and the configuration file's own state, in case of anything
    else (MkDocs reloads it when it changes)."""
    digest = hashlib.blake2b(digest_size=16)
    path = Path(config.config_file_path) if config.config_file_path else None
    state = os.stat(path) if path and path.is_file() else None
    parts = (config.markdown_extensions, config.mdx_configs, config.validation, config.use_directory_urls,
             state.st_mtime_ns if state else None, state.st_size if state else None)
    digest.update(repr(parts).encode())
    return digest.digest()


class TemplateMemory(jinja2.BytecodeCache):
    """The theme's compiled templates, kept in memory between rebuilds (MkDocs makes a new Jinja
    environment for each build, which would compile every template again)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # checks the source's checksum: an edited template compiles anew

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class SearchMemory:
    """Each page's entries in the search index of the last build, given back where the page's
    HTML, address, title and metadata are unchanged (Material's search plugin parses every page's
    HTML on every build otherwise)."""

    def __init__(self) -> None:
        # page -> (key, its entries, each as its fields' names and their values)
        self.entries: dict[str, tuple[tuple, list[tuple[tuple[str, ...], tuple]]]] = {}
        self.fields: dict[tuple[str, ...], tuple[str, ...]] = {}  # one copy of each set of names
        self.reused = 0

    def wrap(self, search_plugin: Any) -> None:
        index = getattr(search_plugin, "search_index", None)
        add = getattr(index, "add_entry_from_context", None)
        if add is None or not isinstance(getattr(index, "entries", None), list):
            return  # not the search plugin this was written for: it indexes as always
        self.reused = 0

        def add_entry(page: Page) -> None:
            key = (page.url, page.title, repr(page.meta),
                   hashlib.blake2b((page.content or "").encode("utf-8"), digest_size=16).digest())
            kept = self.entries.get(page.file.src_uri)
            if kept is not None and kept[0] == key:
                index.entries.extend(dict(zip(fields, values)) for fields, values in kept[1])
                self.reused += 1
                return
            before = len(index.entries)
            add(page)
            # Entries are flat (strings, numbers, a list of tag names): kept as their names and values,
            # a third of the memory of a copy of each mapping, they stay apart from the index's.
            self.entries[page.file.src_uri] = (key, [(self._fields(entry), tuple(entry.values()))
                                                     for entry in index.entries[before:]])

        index.add_entry_from_context = add_entry

    def _fields(self, entry: dict) -> tuple[str, ...]:
        names = tuple(entry)
        return self.fields.setdefault(names, names)


SEARCH_ATTRIBUTE = "data-search-"


def skip_empty_scrub(search_plugin: Any, plugins: Any) -> None:
    """After indexing a page, Material's search takes its `data-search-*` attributes out of the
    page's HTML with a regular expression that scans the whole page, a tenth of a rebuild at
    thousands of pages; on a page without that text, which the expression needs, the scan
    changes nothing, so only the indexing is done. The attributes the site itself writes
    (`text.SEARCH_EXCLUDED`) are left in the page, where they do nothing: taken out, they would
    make a copy of every page that has a map, a diagram or an edition line, kept beside the
    converted page until the build ends (70 MB at 1,000 entities under serve)."""
    original = getattr(search_plugin, "on_page_context", None)
    events = getattr(plugins, "events", {}).get("page_context", [])
    enabled = getattr(getattr(search_plugin, "config", None), "enabled", None)
    index = getattr(search_plugin, "search_index", None)
    if original is None or not isinstance(enabled, bool) or original not in events or index is None:
        return  # not Material's search (MkDocs's own has no `enabled` and scrubs nothing): it runs as always

    def on_page_context(context: Any, *, page: Page, config: Any, nav: Any) -> Any:
        content = page.content
        if (content is None or not search_plugin.config.enabled
                or content.count(SEARCH_ATTRIBUTE) != content.count(SEARCH_EXCLUDED)):
            return original(context, page=page, config=config, nav=nav)
        search_plugin.search_index.add_entry_from_context(page)
        return None

    stand_in(plugins, "page_context", original, on_page_context, "search")


class PageOutputs:
    """Each page's HTML from the theme in the last build, given back where everything the theme
    reads of the page and the site is as it was: the page's address, title, metadata and HTML,
    its neighbours, the navigation as seen from it, and the configuration, files and theme of the
    build (MkDocs renders the theme for every page on every build otherwise, most of a rebuild).

    The HTML itself is not held in memory (it is most of a site's bytes) but read back from the
    page's file in the site folder, where `site_writes` vouches that the file holds exactly what
    was rendered: no other plugin changed it on its way to the file, and it was not written since."""

    def __init__(self, site_writes: SiteWrites) -> None:
        self.outputs: dict[str, tuple[tuple, bytes]] = {}  # page -> (key, digest of its HTML)
        self.site_writes = site_writes
        self.shared = b""
        self.reused = 0
        self.navigations: dict[tuple, tuple] = {}

    def start(self, config: Any, files: Files, conversions: ConversionMemory) -> None:
        # One digest, compared once per page: the theme alone has thousands of files.
        shared = repr((conversions.shared, repr(config.extra), _theme_signature(config)))
        self.shared = hashlib.blake2b(shared.encode("utf-8"), digest_size=16).digest()
        self.reused = 0
        self.navigations = {}

    def wrap(self, env: jinja2.Environment) -> None:
        get_template = env.get_template
        memory = self

        def cached_get_template(name: Any, *arguments: Any, **options: Any) -> Any:
            return _CachedTemplate(get_template(name, *arguments, **options), memory)

        env.get_template = cached_get_template  # type: ignore[method-assign]

    def key(self, context: Any) -> tuple | None:
        page = context.get("page")
        if page is None or getattr(page, "file", None) is None:
            return None  # not a page (the 404 page, the sitemap): rendered as always
        neighbours = tuple((item.title, item.url) if item else None for item in (page.previous_page, page.next_page))
        nav = context.get("nav")
        navigation = _nav_signature(nav.items if nav else [])
        # One copy of each: most pages see the navigation alike (3.6 MB at 1,000 records, kept per page).
        navigation = self.navigations.setdefault(navigation, navigation)
        content = hashlib.blake2b((page.content or "").encode("utf-8"), digest_size=16).digest()
        rest = repr((self.shared, page.file.src_uri, page.url, page.title, repr(page.meta), page.is_homepage,
                     page.canonical_url, page.edit_url, neighbours, content))
        return navigation, hashlib.blake2b(rest.encode("utf-8"), digest_size=16).digest()  # the rest, in 16 bytes


class _CachedTemplate:
    """A theme template whose `render` gives back a page's last HTML when its key is unchanged;
    everything else (blocks, inheritance) is the template's own."""

    def __init__(self, template: Any, memory: PageOutputs):
        self._template = template
        self._memory = memory

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)

    def render(self, *arguments: Any, **values: Any) -> str:
        context = dict(*arguments, **values)
        key = self._memory.key(context)
        if key is None:
            return self._template.render(context)
        file = context["page"].file
        kept = self._memory.outputs.get(file.src_uri)
        if kept is not None and kept[0] == key:
            written = self._memory.site_writes.kept(file.abs_dest_path, kept[1])
            if written is not None:
                self._memory.reused += 1
                return written.decode("utf-8")
        output = self._template.render(context)
        # As MkDocs encodes a page to write it.
        digest = file_digest(output.encode("utf-8", errors="xmlcharrefreplace"))
        self._memory.outputs[file.src_uri] = (key, digest)
        return output


def _nav_signature(items: list) -> tuple:
    return tuple((item.title, getattr(item, "url", None), item.active, _nav_signature(item.children or []))
                 for item in items)


def _theme_signature(config: Any) -> tuple:
    """When each file of the theme's folders last changed: an edited override renders anew. The
    theme's icons (thousands of files of the installed theme, which no one edits in place) are
    stamped by their folders, which change when an icon is added or removed."""
    stamps = []
    custom = config.theme.custom_dir
    for folder in config.theme.dirs:
        for path, folders, names in os.walk(folder):
            stamps.append((path, "", os.stat(path).st_mtime_ns))
            if ".icons" not in Path(path).parts or folder == custom:  # an override's icons are stamped
                stamps += [(path, name, os.stat(os.path.join(path, name)).st_mtime_ns) for name in names]
    return tuple(sorted(stamps))
