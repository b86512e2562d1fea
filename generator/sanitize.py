"""The allowlist of what a page's HTML may hold, applied to the final HTML of every page.

Whatever Markdown an editor writes and whatever our templates make of it, only these elements,
these attributes, these classes and these kinds of address reach a page: nothing that runs
script, nothing that loads from another host (no images, frames, styles or scripts; links are not
requests), nothing dressed as the theme's own interface. Ids stand only where the site puts them
(headings, citations, diagram titles), so that an editor's Markdown cannot take the place a
citation links to. The allowlist is declared once, here; the sanitizer (nh3, the Rust `ammonia`
library) enforces it, and `audit` lists what it would remove, for the checker's messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

from .collector import give_back_freed_memory
from .diagram import MEMBERSHIP, relation_class
from .relations import RELATION_KINDS

URL_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href"})
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_SVG = {
    "svg": {"xmlns", "viewBox", "width", "height", "role", "aria-labelledby", "font-size"},
    "g": set(),
    "title": {"id"},
    "desc": {"id"},
    "rect": {"x", "y", "width", "height", "rx"},
    "line": {"x1", "y1", "x2", "y2"},
    "text": {"x", "y", "text-anchor"},
    "tspan": {"x", "y"},
    "path": {"d"},
    "circle": {"cx", "cy", "r"},
}
# element -> the attributes it may carry, besides GLOBAL_ATTRIBUTES and its classes
ELEMENTS: dict[str, set[str]] = {
    **{tag: set() for tag in (
        "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "table", "thead",
        "tbody", "tr", "sub", "span", "div", "figcaption", "dl", "dt", "dd", "abbr", "kbd", "del",
        "ins", "small", "aside", "details", "summary",
    )},
    **{tag: {"id"} for tag in (*HEADINGS, "li", "sup")},  # headings (table of contents), citations
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"align", "scope"},
    "td": {"align"},
    "time": {"datetime"},
    # left out of search: a picture's words (svg.figure), the edition line (render.edition_line)
    "figure": {"data-search-exclude"},
    "p": {"data-search-exclude"},
    **_SVG,
}
GLOBAL_ATTRIBUTES = frozenset({"aria-label", "aria-hidden"})
ADMONITIONS = (
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check",
    "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing",
    "danger", "error", "bug", "example", "quote", "cite",
)
# element -> the classes it may carry: the site's own, and the admonitions Material styles
CLASSES: dict[str, set[str]] = {
    "a": {"footnote-ref", "footnote-backref", "headerlink"},
    "div": {"admonition", "footnote", "grid", "cards", *ADMONITIONS},
    "p": {"admonition-title", "cards-sources", "edition", "edition--archived"},
    "span": {"evidence", "stale", "verified"},
    "aside": {"infobox"},
    "table": {"infobox__table"},
    "small": {"infobox__date"},
    "code": {"language-json", "language-markdown", "language-text", "language-yaml"},
    "figure": {"relations-diagram", "locator-map", "places-map"},
    "g": {"node", "node--center", "map-land", "map-highlight", "map-marker"},
    "rect": {"map-sea"},
    "text": {"edge-label"},
    "line": {relation_class(kind) for kind in (*RELATION_KINDS, MEMBERSHIP)},
}
REMOVED_WITH_CONTENT = frozenset({"script", "style"})
# What a browser ignores in an address before it reads it: C0 controls and spaces at either end,
# and tabs and line breaks anywhere.
IGNORED_AT_ENDS = "".join(map(chr, range(0x21)))
IGNORED_ANYWHERE = str.maketrans("", "", "\t\n\r")


def browser_view(url: str) -> str:
    """An address as a browser reads it."""
    return url.strip(IGNORED_AT_ENDS).translate(IGNORED_ANYWHERE)


def url_scheme(url: str) -> str:
    """The scheme a browser would see in `url` (lower case), or "" for a relative address."""
    address = browser_view(url)
    scheme, colon, _rest = address.partition(":")
    if not colon or not scheme[:1].isascii() or not scheme[:1].isalpha():
        return ""
    if any(not (char.isascii() and (char.isalnum() or char in "+-.")) for char in scheme):
        return ""
    return scheme.lower()


def _relative_url(url: str) -> str | None:
    """A relative address stays only if it stays on this site: a path or a `#fragment`. One
    starting with `//` or `\\` (after what a browser ignores) would name another host."""
    address = browser_view(url)
    if address[:1] in ("/", "\\") or "\\" in address:
        return None
    return url


def allowed_url(url: str) -> bool:
    scheme = url_scheme(url)
    return scheme in URL_SCHEMES if scheme else _relative_url(url) is not None


_CLEANER = nh3.Cleaner(  # built once: every page is cleaned by the same one
    tags=set(ELEMENTS),
    clean_content_tags=set(REMOVED_WITH_CONTENT),
    attributes={"*": set(GLOBAL_ATTRIBUTES), **{tag: set(names) for tag, names in ELEMENTS.items()}},
    allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
    url_schemes=set(URL_SCHEMES),
    url_relative=_relative_url,
    link_rel=None,
    strip_comments=True,
)


# The cleaner parses a page into a tree of many small allocations, freed when it is done. glibc's
# malloc keeps what it frees inside its heap, pinned there by what Python allocates meanwhile: a
# page of a few MB (the timeline of thousands of records) left the process 50 MB larger, for
# good. Past this size, that memory is handed back to the system (a few ms, against the seconds
# such a page takes to convert).
LARGE_PAGE = 256 * 1024


def sanitize(html: str) -> str:
    """`html` with everything outside the allowlist removed (the text of removed elements is kept,
    but for scripts and styles)."""
    clean = _CLEANER.clean(html)
    if len(html) > LARGE_PAGE:
        give_back_freed_memory()
    return clean


@dataclass(frozen=True)
class Finding:
    """Something in HTML outside the allowlist: an element, an attribute, or an address."""

    tag: str
    attribute: str = ""
    value: str = ""

    def __str__(self) -> str:
        if not self.attribute:
            return f"<{self.tag}>"
        return f"<{self.tag} {self.attribute}={self.value!r}>"


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Finding] = []
        self.links: list[str] = []  # every address an element links to, allowed or not

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ELEMENTS:
            self.found.append(Finding(tag))
            return
        allowed = {name.lower() for name in ELEMENTS[tag] | GLOBAL_ATTRIBUTES}
        for name, value in attrs:
            value = value or ""
            if name in URL_ATTRIBUTES:
                self.links.append(value)
            if name == "class":
                odd = [part for part in value.split() if part not in CLASSES.get(tag, ())]
                if odd:
                    self.found.append(Finding(tag, name, " ".join(odd)))
            elif name not in allowed or (name in URL_ATTRIBUTES and not allowed_url(value)):
                self.found.append(Finding(tag, name, value))

    handle_startendtag = handle_starttag


def audit(html: str) -> tuple[list[Finding], list[str]]:
    """What in `html` the sanitizer would remove (elements, attributes, classes and addresses
    outside the allowlist), and every address it links to."""
    parser = _Audit()
    parser.feed(html)
    parser.close()
    return parser.found, parser.links
