"""What the diagrams and the maps share: the size of their text, an estimate of how wide a label
is, and the figure that holds a drawing with its text alternative."""

from __future__ import annotations

from functools import lru_cache
from html import escape
from unicodedata import east_asian_width

from .text import SEARCH_EXCLUDED

FONT_SIZE = 13  # CSS px: every drawing is shown at its own size, never shrunk, so this is what readers see
NARROW_CHARACTERS = frozenset(" !'(),./:;I[]fijlrt|")
WIDE_CHARACTERS = frozenset("%@MWmw")


@lru_cache(maxsize=4096)  # a few hundred characters make most names; each is asked again and again
def advance(character: str) -> float:
    """The width of a character in ems, estimated generously for the common sans-serifs (Arial,
    Helvetica, Liberation Sans; DejaVu Sans runs a little wider), so that text stays in its box."""
    if east_asian_width(character) in ("W", "F"):
        return 1.0
    if character in WIDE_CHARACTERS:
        return 0.95
    if character in NARROW_CHARACTERS:
        return 0.33
    return 0.75 if character.isupper() else 0.62


def text_width(text: str) -> float:
    """How wide `text` is at FONT_SIZE, in px, on the generous side."""
    return sum(map(advance, text)) * FONT_SIZE


def figure(css_class: str, width: int, height: int, key: str, title: str, description: str, body: str,
           caption: str) -> str:
    """A <figure> holding an inline SVG drawn at its own size, named by its `title` and described in
    words by its `description` (ids `{key}-title` and `{key}-desc`); `caption` is HTML.

    Search leaves the figure out (Material's `data-search-exclude`): its words are the picture's,
    for those who cannot see it (a map's names of every country in view, run together), and a
    search for a neighbouring country would otherwise find every page with a map."""
    key = escape(key)
    return (
        f'<figure class="{css_class}"{SEARCH_EXCLUDED}>'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{key}-title {key}-desc" font-size="{FONT_SIZE}">'
        f'<title id="{key}-title">{escape(title)}</title><desc id="{key}-desc">{escape(description)}</desc>'
        f"{body}</svg>{caption}</figure>"
    )
