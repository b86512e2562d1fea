"""Under `mkdocs serve` and `briefings watch`, a page or data file is rendered again only if its inputs changed.

A file's inputs are the lookups its rendering made in the site model. While a file is rendered
against a `TrackedSite`, each lookup in one of the model's indexes is noted with the value it
gave; a file that reads a whole index (a listing, the timeline) notes a copy of the index. After
an edit, the file is rendered again only if one of those lookups now gives another value, or if
what all pages may depend on (the build date, the names that summaries link) changed; otherwise
its text from the last build is used. Unchanged source files keep their very record objects
between rebuilds, so most comparisons are a check of identity, even of a whole index.
"""

from __future__ import annotations

import types
import zlib
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from .model import Site

MISSING = object()  # what a lookup gives where the index holds no such key
WHOLE = object()  # the key noted when a file reads an entire index, with a copy of the index
Lookup = tuple[str, str, Any]  # (index: an attribute of Site, how: "[]", "[:]", "get", "in" or "()", key)
Reads = dict[Lookup, Any]  # lookup -> the value it gave


class TrackedIndex:
    """One of the site's dicts or lists, as a file being rendered sees it: each lookup made in it
    is noted, with the value it gave."""

    def __init__(self, name: str, index: dict | list, site: TrackedSite):
        self._name = name
        self._index = index
        self._site = site

    def _note(self, how: str, key: Any, value: Any) -> None:
        try:
            self._site.reads[(self._name, how, key)] = value
        except TypeError:  # a key that cannot be kept: count it as reading it all
            self._whole()

    def __getitem__(self, key: Any) -> Any:
        value = item(self._index, key)
        if isinstance(key, slice):  # a slice cannot be kept as a key; its bounds can
            self._note("[:]", (key.start, key.stop, key.step), value)
        else:
            self._note("[]", key, value)
        # Not filling a defaultdict: what later files read must not hang on which were recalled.
        return self._index[key] if value is MISSING else value  # fails as the model would

    def get(self, key: Any, default: Any = None) -> Any:
        value = self._index.get(key, MISSING)  # type: ignore[union-attr]
        self._note("get", key, value)
        return default if value is MISSING else value

    def __contains__(self, key: Any) -> bool:
        found = key in self._index
        self._note("in", key, found)
        return found

    def _whole(self) -> dict | list:
        self._site.reads[(self._name, "", WHOLE)] = self._site.copy_of(self._name, self._index)
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


def item(index: dict | list, key: Any) -> Any:
    """What `index[key]` gives, without changing `index`; MISSING where it would fail."""
    try:
        if isinstance(index, dict) and key not in index:
            factory = getattr(index, "default_factory", None)  # the model's defaultdicts give an empty list
            return factory() if factory is not None else MISSING
        return index[key]
    except (LookupError, TypeError):
        return MISSING


# Read by many pages (every summary is searched for names), so compared once per build.
SITE_WIDE = ("today", "matcher", "edition", "other_editions", "history", "history_note")
# Methods whose answer is noted rather than the lookups behind it: a page that links to a record
# reads its name and path, and need not be rendered again when the rest of the record changes;
# a page that cites a source reads the fields its citation shows.
NOTED_ANSWERS = ("name", "page", "kind", "country_code", "country_of", "field_of")
UNTRACKED = ("text_cache",)  # render's own cache; its entries carry their reads (see `shared`)


class TrackedSite:
    """The site model as one page sees it: the same values, with every lookup noted. The model's
    methods run against this view, so the lookups they make are noted too."""

    def __init__(self, site: Site, copies: dict[str, tuple] | None = None):
        self._site = site
        self.reads: Reads = {}
        self._copies = {} if copies is None else copies  # index name -> its `whole`, shared by a build's files

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._site, name)
        if name in SITE_WIDE or name in UNTRACKED:
            return value
        if isinstance(value, (dict, list)):
            return TrackedIndex(name, value, self)
        if name in NOTED_ANSWERS:
            return lambda key: self._note_answer(name, value, key)
        if isinstance(value, types.MethodType):
            return types.MethodType(value.__func__, self)
        raise AttributeError(f"{name}: not an index or method of the site model, so its reads could not be noted")

    def _note_answer(self, name: str, method: Callable[[Any], Any], key: Any) -> Any:
        self.reads[(name, "()", key)] = answer = method(key)
        return answer

    def copy_of(self, name: str, index: dict | list) -> tuple:
        """A whole index's items as this build's files read it, for the next build to compare its
        own with; made once per build and index, since indexes do not change once the model is made."""
        if name not in self._copies:
            self._copies[name] = whole(index)
        return self._copies[name]


def whole(index: dict | list) -> tuple:
    """An index's items in order: dicts that hold the same items in another order are not the
    same to a page that lists them."""
    return tuple(index.items()) if isinstance(index, dict) else tuple(index)


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
            value = compute()  # may itself use the cache, and leaves its reads in site.reads
            cache[key] = (value, site.reads)
        finally:
            page_reads.update(site.reads)  # in place: a page of many links would be copied at each
            site.reads = page_reads
        return value
    value, reads = cache[key]
    site.reads.update(reads)
    return value


class Packed:
    """A file's text as the memory keeps it between rebuilds: compressed, about a sixth of its size
    as a string (the texts were 45 MB at 1,000 records, the largest thing serve held beyond what
    plain MkDocs holds), and unpacked only where it is read, which after a rebuild is only for
    files written again. Its fingerprint tells whether a text is the same without unpacking it."""

    __slots__ = ("_data", "fingerprint", "_found")

    def __init__(self, text: str, markers: tuple[str, ...] = ()):
        self._data = zlib.compress(text.encode("utf-8"), 1)
        self.fingerprint = fingerprint(text)
        self._found = {marker: marker in text for marker in markers}  # asked of every build's files

    def text(self) -> str:
        return zlib.decompress(self._data).decode("utf-8")

    def contains(self, marker: str) -> bool:
        """Whether the text holds `marker`: worked out once, since the text never changes."""
        if marker not in self._found:
            self._found[marker] = marker in self.text()
        return self._found[marker]


def fingerprint(text: str) -> int:
    """What tells two texts apart within one process (Python's string hash, 64 bits)."""
    return hash(text)


class RenderedFiles(MutableMapping[str, str]):
    """Files by path, as a build made them: the texts rendered afresh, and (with a memory) those
    the memory recalled, left packed until someone reads them."""

    def __init__(self, texts: dict[str, str | Packed] | None = None):
        self._texts: dict[str, str | Packed] = {} if texts is None else texts

    def __getitem__(self, path: str) -> str:
        text = self._texts[path]
        return text.text() if isinstance(text, Packed) else text

    def __setitem__(self, path: str, text: str) -> None:
        self._texts[path] = text

    def __delitem__(self, path: str) -> None:
        del self._texts[path]

    def __contains__(self, path: object) -> bool:
        return path in self._texts  # not Mapping's, which reads the text

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def update(self, other: Mapping[str, str] = (), /, **more: str) -> None:  # type: ignore[override]
        if isinstance(other, RenderedFiles):
            self._texts.update(other._texts)  # still packed
            super().update(more)
        else:
            super().update(other, **more)

    def clear(self) -> None:
        self._texts.clear()  # not MutableMapping's, which reads each text as it pops it

    def fingerprint(self, path: str) -> int:
        text = self._texts[path]
        return text.fingerprint if isinstance(text, Packed) else fingerprint(text)

    def having(self, marker: str) -> list[str]:
        """The paths whose text holds `marker`, in order."""
        return [path for path, text in self._texts.items()
                if (text.contains(marker) if isinstance(text, Packed) else marker in text)]

    def sorted(self) -> RenderedFiles:
        return RenderedFiles(dict(sorted(self._texts.items())))

    def with_prefix(self, prefix: str) -> RenderedFiles:
        """The files with `prefix` before each path, each text as it is (packed or not)."""
        return RenderedFiles({prefix + path: text for path, text in self._texts.items()})


def as_kept(files: RenderedFiles, prefix: str, memory: RenderMemory | None) -> RenderedFiles:
    """The files, with `prefix` before each path, as they are kept from one build to the next (an
    archived edition's): with a memory, as the memory keeps texts, and the memory's very copy of
    those it holds."""
    return RenderedFiles({prefix + path: text if memory is None else _as_kept(memory, path, text)
                          for path, text in files._texts.items()})


def _as_kept(memory: RenderMemory, path: str, text: str | Packed) -> str | Packed:
    if isinstance(text, Packed):
        return text
    held = memory.files.get(path)
    if held is not None and (held[0] is text or (isinstance(held[0], Packed) and held[0].fingerprint == fingerprint(text))):
        return held[0]  # rendered in this build, and so packed by the memory already
    return Packed(text) if memory.packs else text


@dataclass
class RenderMemory:
    """The files of the last good build, with the reads each was made from; kept between rebuilds."""

    site_wide: tuple = ()
    files: dict[str, tuple[Packed | str, tuple[Lookup, ...], tuple]] = field(default_factory=dict)  # path -> (text, its lookups, other inputs)
    lookups: Reads = field(default_factory=dict)  # every lookup the files read, with a value it gave
    # Each lookup once, however many files made it: a file keeps its lookups as references to
    # these, not a dict of its own (45 of 89 MB at 1,000 records, when each file kept its reads).
    canonical: dict[Lookup, Lookup] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)  # files rendered afresh in the last build
    editions: dict = field(default_factory=dict)  # archived edition's day -> its own RenderMemory
    bulk_entries: dict = field(default_factory=dict)  # record id -> (record, its part of the bulk JSON)
    edition_outputs: dict = field(default_factory=dict)  # archived edition's day -> EditionOutput
    # Whether texts are kept packed: under serve, a rebuild reads back only the few it writes;
    # `briefings watch` reads back every text each time, which would only unpack them all.
    packs: bool = True


@dataclass
class EditionOutput:
    """An archived edition's files, with what they were made from: its records as of its day, the
    other editions it links to, and the site's address."""

    entries: dict
    paths: frozenset[str]
    others: list
    base_url: str
    pages: RenderedFiles
    data_files: RenderedFiles


class Recall:
    """One build's use of a RenderMemory: keep each file whose reads still give the same values,
    render the others, and remember them all for the next build."""

    def __init__(self, site: Site, memory: RenderMemory):
        self.site = site
        self.memory = memory
        site_wide = tuple(_site_wide_value(site, name) for name in SITE_WIDE)
        same_site_wide = memory.site_wide == site_wide
        self.previous = memory.files if same_site_wide else {}
        # Each lookup is compared once, however many files read it; a file is then kept if none of
        # its lookups is among the changed (a check of membership in a set per lookup, with no
        # comparison of values). The memory keeps one value per lookup, and the files only which
        # lookups they made: every value a file was rendered from equalled the current one when
        # last compared, so comparing with the memory's is enough. (Lookups of files since removed
        # stay until the site-wide values change; comparing them costs little and keeps nothing wrong.)
        known = memory.lookups if same_site_wide else {}
        self.changed = {lookup_ for lookup_, value in known.items() if not _still(site, lookup_, value)}
        for lookup_ in self.changed:
            del known[lookup_]  # files that read it are rendered again and note its new value
        memory.site_wide = site_wide
        memory.files = {}
        memory.lookups = known
        if not same_site_wide:
            memory.canonical = {}
        memory.rendered = []
        self.copies: dict[str, tuple] = {}

    def file(self, path: str, render: Callable[[Site | TrackedSite], str], inputs: tuple = (),
             markers: tuple[str, ...] = ()) -> str | Packed:
        """The text of the file at `path`: as last time (packed) if its reads and its `inputs`
        (what it is made from besides the model) are unchanged, else `render`ed against a
        tracked view of the site. Whether it holds each of `markers` is kept with it."""
        if path in self.previous:
            kept, lookups, last_inputs = self.previous[path]
            if last_inputs == inputs and self.changed.isdisjoint(lookups):
                self.memory.files[path] = (kept, lookups, inputs)
                return kept
        tracked = TrackedSite(self.site, self.copies)
        text = render(tracked)
        canonical = self.memory.canonical
        kept = Packed(text, markers) if self.memory.packs else text
        self.memory.files[path] = (kept, tuple([canonical.setdefault(lookup_, lookup_) for lookup_ in tracked.reads]), inputs)
        self.memory.lookups.update(tracked.reads)
        self.memory.rendered.append(path)
        return text


def _still(site: Site, lookup_: Lookup, value: Any) -> bool:
    """Whether `lookup_` gives `value` in `site`."""
    now = _answer(site, *lookup_)
    return now is value or now == value


def _answer(site: Site, name: str, how: str, key: Any) -> Any:
    """What a lookup noted in an earlier build gives in this one."""
    if key is WHOLE:
        return whole(getattr(site, name))
    if how == "()":
        try:
            return getattr(site, name)(key)
        except KeyError:  # the record is gone
            return MISSING
    index = getattr(site, name)
    if how == "get":
        return index.get(key, MISSING)
    if how == "in":
        return key in index
    return item(index, slice(*key) if how == "[:]" else key)


def _site_wide_value(site: Site, name: str) -> Any:
    value = getattr(site, name)
    return value.names if name == "matcher" else value


def render_files(
    site: Site, recall: Recall | None, makers: dict[str, Callable[[Site | TrackedSite], str]], inputs: tuple = (),
    markers: tuple[str, ...] = (),
) -> RenderedFiles:
    """Each path's text from its maker; with `recall`, unchanged files are recalled instead,
    still packed (`inputs`: what the makers use besides the model; `markers`: what the caller
    will look for in every text, see `RenderedFiles.having`)."""
    if recall is None:
        return RenderedFiles({path: make(site) for path, make in makers.items()})
    return RenderedFiles({path: recall.file(path, make, inputs, markers) for path, make in makers.items()})
