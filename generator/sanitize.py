"""The allowlist of what a page's HTML may hold, applied to the final HTML of every page.

Whatever Markdown an editor writes and whatever our templates make of it, only these elements,
these attributes and these kinds of address reach a page: nothing that runs script, nothing that
loads from another host (no images, frames, styles or scripts; links are not requests). The
allowlist is declared once, here; the sanitizer (nh3, the Rust `ammonia` library) enforces it, and
`findings` lists what it would remove, for the checker's messages and for tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

URL_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href"})
_SVG = {
    "svg": {"xmlns", "viewBox", "width", "height", "role", "aria-labelledby", "font-size"},
    "g": set(),
    "title": set(),
    "desc": set(),
    "rect": {"x", "y", "width", "height", "rx"},
    "line": {"x1", "y1", "x2", "y2"},
    "text": {"x", "y", "text-anchor"},
    "tspan": {"x", "y"},
}
# element -> the attributes it may carry, besides GLOBAL_ATTRIBUTES
ELEMENTS: dict[str, set[str]] = {
    **{tag: set() for tag in (
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
        "blockquote", "ul", "li", "table", "thead", "tbody", "tr", "sup", "sub", "span", "div",
        "figure", "figcaption", "dl", "dt", "dd", "abbr", "kbd", "del", "ins", "small",
    )},
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "time": {"datetime"},
    **_SVG,
}
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "aria-label", "aria-hidden"})
REMOVED_WITH_CONTENT = frozenset({"script", "style"})


def _relative_url(url: str) -> str | None:
    """A relative address stays only if it stays on this site: a path or a `#fragment`. One
    starting with `//` or `\\` would name another host."""
    if url[:1] in ("/", "\\") or "\\" in url:
        return None
    return url


def sanitize(html: str) -> str:
    """`html` with everything outside the allowlist removed (the text of removed elements is kept,
    but for scripts and styles)."""
    return nh3.clean(
        html,
        tags=set(ELEMENTS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={"*": set(GLOBAL_ATTRIBUTES), **{tag: set(names) for tag, names in ELEMENTS.items()}},
        url_schemes=set(URL_SCHEMES),
        url_relative=_relative_url,
        link_rel=None,
        strip_comments=True,
    )


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


def allowed_url(url: str) -> bool:
    stripped = "".join(char for char in url if char > " ").lower()
    scheme, colon, _rest = stripped.partition(":")
    if colon and "/" not in scheme and "?" not in scheme and "#" not in scheme:
        return scheme in URL_SCHEMES
    return _relative_url(url.strip()) is not None


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Finding] = []
        self.links: list[str] = []  # every address an element links to, allowed or not

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ELEMENTS:
            self.found.append(Finding(tag))
            return
        allowed = {name.lower() for name in ELEMENTS.get(tag, set()) | GLOBAL_ATTRIBUTES}
        for name, value in attrs:
            if name in URL_ATTRIBUTES:
                self.links.append(value or "")
            if name not in allowed:
                self.found.append(Finding(tag, name, value or ""))
            elif name in URL_ATTRIBUTES and not allowed_url(value or ""):
                self.found.append(Finding(tag, name, value or ""))

    handle_startendtag = handle_starttag


def audit(html: str) -> tuple[list[Finding], list[str]]:
    """What in `html` the sanitizer would remove (elements, attributes and addresses outside the
    allowlist), and every address it links to."""
    parser = _Audit()
    parser.feed(html)
    parser.close()
    return parser.found, parser.links


def findings(html: str) -> list[Finding]:
    return audit(html)[0]
