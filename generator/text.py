"""Pure text helpers for writing Markdown: escaping plain text, relative links, linking names."""

from __future__ import annotations

import posixpath
import re

# Characters Python-Markdown (with tables and attr_list) would read as syntax in plain text.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}()!|#])")
HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Spans of Markdown in which names must not be linked: code, links and images, autolinks.
PROTECTED_SPAN = re.compile(r"`+[^`]*`+|!?\[[^\]]*\]\([^)]*\)|!?\[[^\]]*\]\[[^\]]*\]|<[^>]*>|https?://\S+")


def escape(text: str) -> str:
    """Plain text as Markdown that renders to exactly that text, on one line."""
    text = MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return "".join(HTML_SPECIAL.get(char, char) for char in text)


def relative(from_page: str, to_page: str) -> str:
    """The link from one docs-relative page path to another, as MkDocs resolves it."""
    target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return target


def link_names(markdown: str, names: dict[str, str | None]) -> str:
    """Link the first mention of each name (name -> URL) in `markdown`, outside code and links.

    Longer names win over shorter ones they contain ("Kim Jong Un" before "Kim"), and each target
    is linked once per text, so a summary is not a sea of links. A name that maps to None is
    matched but never linked: a page's own names keep a shorter name inside them from being
    linked ("Republic of Korea" inside "Democratic People's Republic of Korea").
    """
    if not names:
        return markdown
    ordered = sorted(names, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, name.split())) for name in ordered)
    pattern = re.compile(r"(?<![\w-])(" + alternatives + r")(?![\w-])")
    names = {" ".join(name.split()): target for name, target in names.items()}
    linked_targets: set[str] = set()

    def link(match: re.Match[str]) -> str:
        target = names[" ".join(match.group(1).split())]
        if target is None or target in linked_targets:
            return match.group(0)
        linked_targets.add(target)
        return f"[{match.group(1)}]({target})"

    pieces = []
    position = 0
    for span in PROTECTED_SPAN.finditer(markdown):
        pieces.append(pattern.sub(link, markdown[position : span.start()]))
        pieces.append(span.group(0))
        position = span.end()
    pieces.append(pattern.sub(link, markdown[position:]))
    return "".join(pieces)
