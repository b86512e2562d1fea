"""MkDocs's side of `page_html`: generated pages get their HTML from it, where it reads them.

A generated page's `render` is replaced by one that asks `page_html.convert` first and falls back
to MkDocs's own conversion when it declines. What MkDocs's `render` leaves on a page is left the
same way: the HTML, the table of contents, the title, the anchors the page holds and the links to
anchors it makes, so that MkDocs checks every anchor as before. Links are rewritten as MkDocs
rewrites them; a link MkDocs would warn about (a missing page, an excluded one, an absolute
path) declines the page, and MkDocs then converts it and gives its warning.

This is used only where the site converts pages with exactly the extensions and options
`page_html` was written for (`matches`): with any other, every page is MkDocs's to convert.
"""

from __future__ import annotations

import logging
import posixpath
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from markdown.util import AMP_SUBSTITUTE
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from . import page_html
from .markdown_extension import NAME, heading_id

MKDOCS_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")
ELSEWHERE = "elsewhere"  # an address on another site, which MkDocs leaves as it is
EXTENSIONS = ["toc", "tables", "fenced_code", "admonition", "md_in_html", NAME]
EXTENSION_CONFIGS = {"toc": {"permalink": True, "slugify": heading_id}, "tables": {"use_align_attribute": True}}


def matches(config: Any) -> bool:
    """Whether the site converts pages as `page_html` does."""
    names = config.markdown_extensions
    return (all(isinstance(name, str) for name in names) and sorted(names) == sorted(EXTENSIONS)
            and {name: options for name, options in (config.mdx_configs or {}).items() if options} == EXTENSION_CONFIGS)


def install(page: Page, targets: "Targets") -> None:
    """Have `page` take its HTML from `page_html` where it can."""
    convert = page.render

    def render(config: Any, files: Files) -> None:
        links = _Links(page.file, targets)
        converted = page_html.convert(page.markdown or "", links.resolve)
        if converted is None:
            convert(config, files)
            return
        page.content = converted.content
        page.toc = get_toc(converted.toc_tokens)
        page._title_from_render = converted.title
        page.present_anchor_ids = converted.anchors
        if MKDOCS_PAGES_LOG.getEffectiveLevel() > logging.DEBUG:  # as MkDocs: no anchor checks when debugging
            page.links_to_anchors = links.to_anchors

    page.render = render  # type: ignore[method-assign]


class Targets:
    """Where each link of a folder's pages leads, worked out once for the folder: pages of one
    folder share most of their links, and MkDocs converts a folder's pages one after the other
    (`plugin._walk_order`), so only the current folder's are kept."""

    def __init__(self, files: Files):
        self.files = files
        self.folder = ""
        self.found: dict[str, tuple[File | None, str, str] | str | None] = {}  # url -> its target

    def target(self, folder: str, url: str) -> tuple[File | None, str, str] | str | None:
        """The file a link from `folder` leads to (None for the page itself), with its query and
        anchor; `ELSEWHERE` for an address MkDocs leaves as it is, None for one it would warn about."""
        if folder != self.folder:
            self.folder, self.found = folder, {}
        if url not in self.found:
            self.found[url] = self._target(folder, url)
        return self.found[url]

    def _target(self, folder: str, url: str) -> tuple[File | None, str, str] | str | None:
        scheme, netloc, path, query, anchor = urlsplit(url)
        if scheme or netloc:
            return ELSEWHERE
        if url.startswith(("/", "\\")) or AMP_SUBSTITUTE in url:
            return None
        if not path:
            return (None, query, anchor)
        target_uri = posixpath.normpath(posixpath.join(folder, unquote(path)).lstrip("/"))
        target = self.files.get_file_from_path(target_uri)
        if target is None or target.inclusion.is_excluded():
            return None
        return (target, query, anchor)


class _Links:
    """A page's links as MkDocs rewrites them (`_RelativePathTreeprocessor.path_to_url`), for the
    links it rewrites without a word; None for any it would warn about."""

    def __init__(self, file: File, targets: Targets):
        self.file = file
        self.folder = posixpath.dirname(file.src_uri)
        self.targets = targets
        self.to_anchors: dict[File, dict[str, str]] = {}

    def resolve(self, url: str) -> str | None:
        found = self.targets.target(self.folder, url)
        if found is None or found is ELSEWHERE:
            return None if found is None else url
        target, query, anchor = found
        if target is None:  # `#anchor` (or `?query`): this page
            if anchor:
                self.to_anchors.setdefault(self.file, {}).setdefault(anchor, url)
            return url
        if anchor:
            self.to_anchors.setdefault(target, {}).setdefault(anchor, url)
        return urlunsplit(("", "", get_relative_url(target.url, self.file.url), query, anchor))
