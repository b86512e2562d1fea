"""Pure text helpers for writing Markdown: escaping plain text, relative links, linking names."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType

# Characters Python-Markdown (with tables and attr_list) would read as syntax in plain text.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}()!|#])")
HTML_SPECIAL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# Spans of Markdown in which a name had better not be linked first: code, links, autolinks and
# addresses. Each repeated class stops at the character its span starts with, so that the scans
# from two starts never overlap: linear. (Correctness does not rest on this: names are linked
# by tokens that the Markdown extension undoes wherever Python-Markdown found code or a link.)
PROTECTED_SPAN = re.compile(
    r"`[^`]*`|!?\[[^\[\]]*\]\([^()]*\)|!?\[[^\[\]]*\]\[[^\[\]]*\]|<[^<>]*>|https?://[^\s<>]*"
)
# A name link as render writes it: private-use characters that editors' text cannot hold (the
# checker refuses them), around the page's address and the name as written.
NAME_LINK_START, NAME_LINK_MIDDLE, NAME_LINK_END = "\ue000", "\ue001", "\ue002"
NAME_LINK = re.compile("\ue000([^\ue000-\ue002]*)\ue001([^\ue000-\ue002]*)\ue002")
NAME_LINK_REMNANT = re.compile("\ue000[^\ue000-\ue002]*\ue001|[\ue000-\ue002]")


def escape(text: str) -> str:
    """Plain text as Markdown that renders to exactly that text, on one line."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split())).translate(HTML_SPECIAL)


def name_link(url: str, text: str) -> str:
    """`text` to be linked to `url` by the Markdown extension, unless it turns out to be code."""
    return f"{NAME_LINK_START}{url}{NAME_LINK_MIDDLE}{text}{NAME_LINK_END}"


def unwrap_name_links(text: str) -> str:
    """`text` with each name link, whole or broken, reduced to the name as written."""
    if NAME_LINK_START not in text and NAME_LINK_END not in text:
        return text
    return NAME_LINK_REMNANT.sub("", NAME_LINK.sub(r"\2", text))


def relative(from_page: str, to_page: str) -> str:
    """The link from one docs-relative page path to another, as MkDocs resolves it."""
    from_parts = from_page.split("/")[:-1]
    to_parts = to_page.split("/")
    common = 0
    while common < len(from_parts) and common < len(to_parts) - 1 and from_parts[common] == to_parts[common]:
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:])


WORD = re.compile(r"\w+")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*+\s+")
MARKDOWN_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")  # linear, as PROTECTED_SPAN


class NameMatcher:
    """Finds the names of records in text: longest name first, whole words only, a name may
    break across lines. Built once per site. Names are looked up by their words, so the cost of
    a text grows with its length, not with the number of names."""

    def __init__(self, names: dict[str, str]):  # name -> record id
        self.names = tuple(names.items())  # what the matcher finds is wholly decided by these, in this order
        self.mentions: dict[str, Mapping[str, str]] = {}  # text -> its mention sentences, once worked out
        self._by_words: dict[tuple[str, ...], list[tuple[re.Pattern[str], str]]] = {}
        for name, record_id in sorted(names.items(), key=lambda item: len(item[0]), reverse=True):
            words = tuple(WORD.findall(name))
            if not words or not WORD.match(name):
                continue  # a name must start with a letter or digit to be found
            pattern = re.compile(r"\s+".join(map(re.escape, name.split())) + r"(?![\w-])")
            self._by_words.setdefault(words, []).append((pattern, record_id))
        self._lengths = sorted({len(words) for words in self._by_words}, reverse=True)

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, record id) of each name in `text`, left to right, never overlapping."""
        words = list(WORD.finditer(text))
        tokens = [word.group() for word in words]
        position = 0
        for index, word in enumerate(words):
            start = word.start()
            if start < position or (start and (text[start - 1].isalnum() or text[start - 1] in "-_")):
                continue
            for length in self._lengths:
                for pattern, record_id in self._by_words.get(tuple(tokens[index : index + length]), ()):
                    match = pattern.match(text, start)
                    if match:
                        yield start, match.end(), record_id
                        position = match.end()
                        break
                else:
                    continue
                break


def link_names(markdown: str, matcher: NameMatcher, url_of: Callable[[str], str | None]) -> str:
    """Link the first mention of each record in `markdown` to `url_of(id)`, outside code and links
    (as name-link tokens, which the Markdown extension makes into links).

    Each record is linked once per text, so a summary is not a sea of links. Where `url_of`
    gives None (a page's own record) the name is left as it is, and still keeps a shorter name
    inside it from being linked ("Republic of Korea" inside "Democratic People's Republic of Korea").
    """
    linked: set[str] = set()
    pieces = []
    position = 0

    def link_in(text: str) -> str:
        out, last = [], 0
        for start, end, record_id in matcher.find(text):
            url = url_of(record_id)
            if url is None or record_id in linked:
                continue
            linked.add(record_id)
            out += [text[last:start], name_link(url, text[start:end])]
            last = end
        return "".join(out) + text[last:]

    for span in PROTECTED_SPAN.finditer(markdown):
        pieces += [link_in(markdown[position : span.start()]), span.group(0)]
        position = span.end()
    pieces.append(link_in(markdown[position:]))
    return "".join(pieces)


_last_matcher: NameMatcher | None = None


def matcher_for(names: dict[str, str]) -> NameMatcher:
    """A matcher of `names`: the last one made if its names are the same, so that under `serve`
    the summaries of unchanged files are not searched for names again after each edit."""
    global _last_matcher
    if _last_matcher is None or _last_matcher.names != tuple(names.items()):
        _last_matcher = NameMatcher(names)
    return _last_matcher


def mention_sentences(markdown: str, matcher: NameMatcher) -> Mapping[str, str]:
    """Record id -> the first sentence of `markdown` that names it, as plain text. Kept by the
    matcher, which lives as long as the names do (under `serve`, until a name changes)."""
    if markdown not in matcher.mentions:
        matcher.mentions[markdown] = MappingProxyType(_mention_sentences(markdown, matcher))
    return matcher.mentions[markdown]


def _mention_sentences(markdown: str, matcher: NameMatcher) -> dict[str, str]:
    text = MARKDOWN_LINK.sub(r"\1", markdown)
    found: dict[str, str] = {}
    for paragraph in text.split("\n\n"):
        for sentence in SENTENCE_END.split(" ".join(paragraph.split())):
            for _start, _end, record_id in matcher.find(sentence):
                found.setdefault(record_id, sentence)
    return found
