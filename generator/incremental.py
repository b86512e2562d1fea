"""Under `mkdocs serve`, a page whose inputs did not change is not written out again.

A page's inputs are the lookups its rendering made in the site model. While a page is rendered
against a `TrackedSite`, each lookup in one of the model's indexes is noted with the value it
gave. After an edit, the page is rendered again only if one of those lookups now gives another
value, or if it read a whole index, or if what every page depends on (the build date, the names
that summaries link) changed. Unchanged source files keep their very record objects between
rebuilds, so most comparisons are a check of identity.
"""

from __future__ import annotations

import types
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .model import Site

MISSING = object()  # what a lookup of a key an index does not hold gives
WHOLE = object()  # the key noted when a page iterates over an entire index
Lookup = tuple[str, Any]  # (index: an attribute of Site, key)
Reads = dict[Lookup, Any]  # lookup -> the value it gave


class TrackedIndex:
    """A read-only view of one of the site's dicts or lists that notes each lookup made in it."""

    def __init__(self, name: str, index: dict | list, reads: Callable[[], Reads]):
        self._name = name
        self._index = index
        self._reads = reads

    def _note(self, key: Any, value: Any) -> Any:
        self._reads()[(self._name, key)] = value
        return value

    def __getitem__(self, key: Any) -> Any:
        return self._note(key, self._index[key])

    def get(self, key: Any, default: Any = None) -> Any:
        value = self._note(key, lookup(self._index, key))
        return default if value is MISSING else value

    def __contains__(self, key: Any) -> bool:
        return self._note(key, lookup(self._index, key)) is not MISSING

    def _whole(self) -> dict | list:
        self._reads()[(self._name, WHOLE)] = WHOLE
        return self._index

    def __iter__(self):
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def items(self):
        return self._whole().items()  # type: ignore[union-attr]

    def keys(self):
        return self._whole().keys()  # type: ignore[union-attr]

    def values(self):
        return self._whole().values()  # type: ignore[union-attr]


def lookup(index: dict | list, key: Any) -> Any:
    """What `index[key]` gives, as a page would see it; MISSING where it would fail."""
    if isinstance(index, list):
        return index[key] if isinstance(key, int) and 0 <= key < len(index) else MISSING
    if key in index:
        return index[key]
    factory = getattr(index, "default_factory", None)  # the model's defaultdicts give an empty list
    return factory() if factory is not None else MISSING


# Read by every page, so compared once per build rather than noted per page.
SITE_WIDE = ("today", "matcher")
# Methods whose answer is noted rather than the lookups behind it: a page that links to a record
# reads its name and path, and need not be rendered again when the rest of the record changes.
NOTED_ANSWERS = ("name", "page", "kind")
UNTRACKED = ("text_cache",)  # render's own cache; its entries carry their reads (see `shared`)


class TrackedSite:
    """The site model as one page sees it: the same values, with every lookup noted. The model's
    methods run against this view, so the lookups they make are noted too."""

    def __init__(self, site: Site):
        self._site = site
        self.reads: Reads = {}

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._site, name)
        if name in SITE_WIDE or name in UNTRACKED:
            return value
        if isinstance(value, (dict, list)):
            return TrackedIndex(name, value, lambda: self.reads)
        if name in NOTED_ANSWERS:
            return lambda key: self._note_answer(name, value, key)
        if isinstance(value, types.MethodType):
            return types.MethodType(value.__func__, self)
        raise AttributeError(f"{name}: not an index or method of the site model, so its reads could not be noted")

    def _note_answer(self, name: str, method: Callable[[Any], Any], key: Any) -> Any:
        self.reads[(name, key)] = answer = method(key)
        return answer


def shared(site: Site | TrackedSite, cache: dict, key: Any, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept in `cache` for the other pages that ask for the same `key`. On a
    tracked site, the lookups it made are noted for every page that uses the value."""
    if not isinstance(site, TrackedSite):
        if key not in cache:
            cache[key] = compute()
        return cache[key]
    key = ("with reads", key)  # kept apart from the same text without them
    if key not in cache:
        page_reads, site.reads = site.reads, {}
        try:
            cache[key] = (compute(), site.reads)
        finally:
            site.reads = page_reads | site.reads
        return cache[key][0]
    value, reads = cache[key]
    site.reads.update(reads)
    return value


@dataclass
class RenderMemory:
    """The files of the last good build, with the reads each was made from; kept between rebuilds."""

    site_wide: tuple = ()
    files: dict[str, tuple[str, Reads]] = field(default_factory=dict)  # path -> (text, reads)
    rendered: list[str] = field(default_factory=list)  # files rendered afresh in the last build


class Recall:
    """One build's use of a RenderMemory: keep each file whose reads still give the same values,
    render the others, and remember them all for the next build."""

    def __init__(self, site: Site, memory: RenderMemory):
        self.site = site
        self.memory = memory
        site_wide = tuple(_site_wide_value(site, name) for name in SITE_WIDE)
        self.previous = memory.files if memory.site_wide == site_wide else {}
        memory.site_wide = site_wide
        memory.files = {}
        memory.rendered = []
        self.unchanged: dict[Lookup, bool] = {}  # a lookup read by many files is compared once

    def file(self, path: str, render: Callable[[Site | TrackedSite], str]) -> str:
        """The text of the file at `path`: as last time if its reads are unchanged, else `render`ed
        against a tracked view of the site."""
        if path in self.previous:
            text, reads = self.previous[path]
            if all(self._still(lookup_, value) for lookup_, value in reads.items()):
                self.memory.files[path] = (text, reads)
                return text
        tracked = TrackedSite(self.site)
        text = render(tracked)
        self.memory.files[path] = (text, tracked.reads)
        self.memory.rendered.append(path)
        return text

    def _still(self, lookup_: Lookup, value: Any) -> bool:
        if lookup_ not in self.unchanged:
            name, key = lookup_
            now = WHOLE if key is WHOLE else _answer(self.site, name, key)
            self.unchanged[lookup_] = key is not WHOLE and (now is value or now == value)
        return self.unchanged[lookup_]


def _answer(site: Site, name: str, key: Any) -> Any:
    """What a lookup noted while rendering the last build gives in this one."""
    if name not in NOTED_ANSWERS:
        return lookup(getattr(site, name), key)
    try:
        return getattr(site, name)(key)
    except KeyError:  # the record is gone
        return MISSING


def _site_wide_value(site: Site, name: str) -> Any:
    value = getattr(site, name)
    return value.names if name == "matcher" else value


def render_files(
    site: Site, recall: Recall | None, makers: dict[str, Callable[[Site | TrackedSite], str]]
) -> dict[str, str]:
    """Each path's text from its maker; with `recall`, unchanged files are recalled instead."""
    if recall is None:
        return {path: make(site) for path, make in makers.items()}
    return {path: recall.file(path, make) for path, make in makers.items()}
