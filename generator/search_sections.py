"""Material's search index, read from each page as Material reads it, in a third of the time.

Material's search plugin splits every page's HTML into sections at its headings with a parser of
its own (`Parser`, on Python's `HTMLParser`), keeping some tags and leaving out what is marked
`data-search-exclude`. Once `page_html` converts the generated pages, that parser is the largest
single cost of a build: Python's tokenizer, and rules that compare elements in Python for every
piece of text.

Here Material's rules run as they are written, over the same events, with two changes of means:
the events come from one regular expression that reads the HTML our sanitizer writes (every page
passes through it: html5ever's serialization, with double-quoted attributes, no comments, no
self-closing tags), and the open elements are counted by tag, which is what Material's elements
compare by. A page whose HTML is not of that shape, or that holds an element Python's parser
reads as raw text (`script`, `style`), is read by Material's parser itself.

This runs only with the Material version whose parser these rules were read from (the digest of
its source): with any other, the index is Material's own. `tests/test_search_sections.py` holds
the sections equal to Material's, on the shipped and synthetic sites and on random HTML.
"""

from __future__ import annotations

import hashlib
import inspect
import re
from html import escape, unescape
from html.parser import HTMLParser
from collections.abc import Callable
from typing import Any

try:
    from material.plugins.search import plugin as material_search
except ImportError:  # pragma: no cover (Material is a dependency; another theme's search is left alone)
    material_search = None

# Material 9.8's `Parser` class and `SearchIndex.add_entry_from_context`, which `install` stands in for.
MATERIAL_DIGEST = "2b31138cbb06300d"
TOKEN = re.compile(r'([^<]+)|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?: [^\s"\'<>/=]+="[^"]*")*)>')
# HTML made of those tokens alone, end tags without attributes.
# (Possessive: where it fails, it fails at once, without trying other ways to cut the text.)
SHAPE = re.compile(r'(?:[^<]++|</[a-zA-Z][a-zA-Z0-9-]*+>|<[a-zA-Z][a-zA-Z0-9-]*+(?: [^\s"\'<>/=]++="[^"]*+")*+>)*+')
ATTRIBUTE = re.compile(r' ([^\s"\'<>/=]+)="([^"]*)"')
HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})  # Material's `Parser.keep`
# Elements whose content `HTMLParser` reads as raw text, not tags: pages with one are Material's to read.
RAW_TEXT = sorted(set(HTMLParser.CDATA_CONTENT_ELEMENTS) | set(getattr(HTMLParser, "RCDATA_CONTENT_ELEMENTS", ())))
RAW_TEXT_TAG = re.compile("<(?:" + "|".join(RAW_TEXT) + ")[ >]", re.IGNORECASE)


def material_digest() -> str:
    """The digest of the Material code these rules follow."""
    return source_digest(lambda: (material_search.Parser, material_search.SearchIndex.add_entry_from_context))


def source_digest(code: Callable[[], tuple]) -> str:
    """The digest of the source of the classes and functions `code()` gives: what a stand-in for
    Material's code was read from. Empty without Material, or with one installed without sources."""
    try:
        source = "".join(inspect.getsource(item) for item in code())
    except (AttributeError, OSError, TypeError):
        return ""
    return hashlib.blake2b(source.encode("utf-8"), digest_size=8).hexdigest()


def stand_in(plugins: Any, event: str, original: Callable, replacement: Callable, origin: str) -> None:
    """Have MkDocs call `replacement` for `event` where it called `original` (which must be among
    the event's handlers), under the same plugin's name in its messages."""
    handlers = plugins.events[event]
    handlers[handlers.index(original)] = replacement
    origins = getattr(plugins, "_event_origins", None)  # MkDocs names the plugin running an event from it
    if isinstance(origins, dict):
        origins[replacement] = origins.get(original, origin)


AVAILABLE = material_search is not None and material_digest() == MATERIAL_DIGEST


def install(search_plugin: Any) -> None:
    """Have Material's search index read pages with `sections`."""
    index = getattr(search_plugin, "search_index", None)
    if not AVAILABLE or not isinstance(index, material_search.SearchIndex):
        return

    def add_entry_from_context(page: Any) -> None:  # Material's, with `sections` for its parser
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        for section in sections(page.content):
            if not section.is_excluded():
                index.create_entry_for_section(section, page.toc, page.url, page)

    index.add_entry_from_context = add_entry_from_context


def sections(content: str) -> list:
    """The sections Material's parser makes of `content`."""
    if not SHAPE.fullmatch(content) or RAW_TEXT_TAG.search(content):
        parser = material_search.Parser()
        parser.feed(content)
        parser.close()
        return parser.data
    reader = _Sections()
    start, end, text = reader.start, reader.end, reader.text
    # What `HTMLParser` reports of each token: text (its character references read), a start tag
    # (tag and attribute names in lower case, values' references read), an end tag.
    for token in TOKEN.finditer(content):
        data, closing, tag, attributes = token.groups()
        if data is not None:
            text(unescape(data) if "&" in data else data)
        elif closing:
            end(tag.lower())
        else:
            start(tag.lower(), [(name.lower(), unescape(value) if "&" in value else value)
                                for name, value in ATTRIBUTE.findall(attributes)] if attributes else [])
    return reader.data


class _Sections:
    """Material's `Parser` rules (`handle_starttag`, `handle_endtag`, `handle_data`), with the open
    elements kept as a list of tags and a count per tag: Material's elements compare by tag."""

    def __init__(self) -> None:
        self.context: list[tuple[str, bool]] = []  # open elements: tag, whether a heading's permalink
        self.open: dict[str, int] = {}  # tag -> how many are open
        self.permalinks = 0  # open `<a class="headerlink">`
        self.skip = {"object", "script", "style"}  # tags whose open elements hide their text
        self.section = None
        self.data: list = []

    def _skipping(self) -> bool:
        return not self.skip.isdisjoint(self.open)

    def _new_section(self, element: Any, depth: int = 0) -> Any:
        section = material_search.Section(element, depth)
        self.data.append(section)
        return section

    def start(self, tag: str, pairs: list[tuple[str, str]]) -> None:
        attributes = dict(pairs)
        if tag in material_search.void:
            return
        permalink = tag == "a" and attributes.get("class") == "headerlink"
        self.context.append((tag, permalink))
        self.open[tag] = self.open.get(tag, 0) + 1
        self.permalinks += permalink
        if tag in HEADINGS:
            depth = len(self.context)
            if "id" in attributes:
                if tag != "h1" and not self.data:
                    self.section = self._new_section(material_search.Element("hx"), depth)
                section = material_search.Section(material_search.Element(tag, attributes), depth)
                if self.data:
                    section.id = attributes["id"]
                self.data.append(section)
                self.section = section
        if not self.section:
            self.section = self._new_section(material_search.Element("hx"))
        for key, value in attributes.items():
            if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                self.skip.add(tag)
                return
        if tag in KEEP and not self._skipping():
            self._target().append(f"<{tag}>")

    def end(self, tag: str) -> None:
        if not self.context or self.context[-1][0] != tag:
            return
        if self.section.depth > len(self.context):
            for section in reversed(self.data):
                if section.depth <= len(self.context):
                    self.section.depth = float("inf")
                    self.section = section
                    break
        _, permalink = self.context.pop()
        self.open[tag] -= 1
        if not self.open[tag]:
            del self.open[tag]
        self.permalinks -= permalink
        if tag in self.skip:
            if tag not in ("script", "style", "object"):
                self.skip.remove(tag)
            return
        if tag in KEEP and not self._skipping():
            data = self._target()
            index = data.index(f"<{tag}>")
            for later in range(index + 1, len(data)):
                if not data[later].isspace():
                    index = len(data)
                    break
            if len(data) > index:
                del data[index:]
            else:
                data.append(f"</{tag}>")

    def text(self, data: str) -> None:
        if self._skipping():
            return
        if "pre" not in self.open:
            data = data.replace("\n", " ") if not data.isspace() else " "
        if not self.section:
            self.section = self._new_section(material_search.Element("hx"))
        if self.section.el.tag in self.open:
            if not self.permalinks:
                self.section.title.append(escape(data, quote=False))
        elif data.isspace():
            text = self.section.text
            if not text or not text[-1].isspace() or "pre" in self.open:
                text.append(data)
        else:
            self.section.text.append(escape(data, quote=False))

    def _target(self) -> list:
        return self.section.title if self.section.el.tag in self.open else self.section.text
