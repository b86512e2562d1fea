"""Pure text helpers for writing Markdown: escaping plain text, relative links, linking names."""

from __future__ import annotations

import bisect
import html
import re
from functools import lru_cache
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# Material's search leaves out an element with this attribute (which the site leaves in the page,
# where it does nothing: conversions.skip_empty_scrub).
SEARCH_EXCLUDED = ' data-search-exclude="true"'
# Characters Python-Markdown (with tables and attr_list) would read as syntax in plain text, each
# behind a backslash; and HTML's, as character references.
ESCAPES = str.maketrans({**{char: "\\" + char for char in "\\`*_[]{}()!|#"}, "&": "&amp;", "<": "&lt;", ">": "&gt;"})
ORDERED_LIST_NUMBER = re.compile(r"[0-9]++(?=\. )")
# Spans of Markdown in which a name is not linked, besides code (code_regions): whatever is in
# brackets, however nested (link texts, "[sic]", the labels of references), with the link address
# or label after it; tags and autolinks; bare addresses; reference definitions. A name link made
# there would not become a link, and `markdown_name_links` would make a link where the site shows
# text. (Safety does not rest on this: the Markdown extension undoes every token wherever
# Python-Markdown found code or a link.) Each repeated class stops at a character that ends its
# span, and spans are found one after another: linear.
SPAN_START = re.compile(r"[`<\[]|https?://")
OTHER_SPAN = re.compile(r"`[^`]*`|<[^<>]*>|https?://[^\s<>]*")
LINK_TARGET = re.compile(r"\((?:[^()\n]++|\n(?!\n)|\([^()\n]*+\))*+\)")  # parentheses one deep, as in a title
# A reference definition as Python-Markdown reads one, anywhere it can stand
# (in a list item or a quote too), with its title if that stands alone on the next line.
REFERENCE_DEFINITION = re.compile(
    r"^[ >]*+\[[^\[\]\n]*\]:[^\n]*(?:\n *+(?:\"[^\n]*\"|'[^\n]*'|\([^\n]*\)) *+$)?", re.MULTILINE)
BRACKET = re.compile(r"\\.|[\[\]]", re.DOTALL)  # an escaped character, or a bracket
# What may not stand right before a name link: `!` (`![` makes an image), `\` (`\[` is a bracket),
# `]` and at most one space or line break (`[x] [name]` reads as a reference, where one is defined).
NOT_LINKED_AFTER = re.compile(r"(?:[!\\]|\][ \n]?)$")
# A name link as render writes it: private-use characters that editors' text cannot hold (the
# checker refuses them), around the page's address and the name as written.
NAME_LINK_START, NAME_LINK_MIDDLE, NAME_LINK_END = "\ue000", "\ue001", "\ue002"
NAME_LINK = re.compile("\ue000([^\ue000-\ue002]*)\ue001([^\ue000-\ue002]*)\ue002")
NAME_LINK_REMNANT = re.compile("\ue000[^\ue000-\ue002]*\ue001|[\ue000-\ue002]")


@lru_cache(maxsize=16384)  # names, labels and source lines: three of four texts escaped were escaped before
def escape(text: str) -> str:
    """Plain text as Markdown that renders to exactly that text, on one line, wherever the line
    starts: a leading `-`, `+` or `1. ` would open a list (or a rule) at the start of a line."""
    escaped = " ".join(text.split()).translate(ESCAPES)
    if escaped[:1] in ("-", "+"):
        return "\\" + escaped
    number = ORDERED_LIST_NUMBER.match(escaped)
    return escaped[:number.end()] + "\\" + escaped[number.end():] if number else escaped


def with_article(noun: str) -> str:
    """`noun` with "a" or "an" before it, as its first letter asks: "an organisation", "a country"."""
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def table_cells(row: str) -> list[str]:
    """The cells of one row of a pipe table: split at each `|` not escaped by `\\`, as the tables
    extension splits it, without what stands before the first pipe and after the last."""
    if "\\" not in row:
        return row.split("|")[1:-1]
    cells, current, escaped = [], [], False
    for char in row:
        if char == "|" and not escaped:
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
        escaped = char == "\\" and not escaped
    cells.append("".join(current))
    return cells[1:-1]


def name_link(url: str, text: str) -> str:
    """`text` to be linked to `url` by the Markdown extension, unless it turns out to be code."""
    return f"{NAME_LINK_START}{url}{NAME_LINK_MIDDLE}{text}{NAME_LINK_END}"


def unwrap_name_links(text: str) -> str:
    """`text` with each name link, whole or broken, reduced to the name as written."""
    if NAME_LINK_START not in text and NAME_LINK_END not in text:
        return text
    return NAME_LINK_REMNANT.sub("", NAME_LINK.sub(r"\2", text))


def markdown_name_links(text: str) -> str:
    """`text` with each name link written as a Markdown link (for an export, read by engines and
    people who know nothing of the tokens); what is left of a broken one removed. `link_names`
    makes tokens only where a link can stand, so each becomes the link the site shows."""
    if NAME_LINK_START not in text and NAME_LINK_END not in text:
        return text
    return NAME_LINK_REMNANT.sub("", NAME_LINK.sub(lambda link: f"[{_bracketed(link[2])}]({link[1]})", text))


def _bracketed(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def relative(from_page: str, to_page: str) -> str:
    """The link from one docs-relative page path to another, as MkDocs resolves it."""
    from_parts = from_page.split("/")[:-1]
    to_parts = to_page.split("/")
    common = 0
    while common < len(from_parts) and common < len(to_parts) - 1 and from_parts[common] == to_parts[common]:
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:])


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # in English whatever the locale, as the rest of the site

WORD = re.compile(r"\w+")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*+\s+")
MARKDOWN_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")  # each class stops where its span ends: linear


WHITESPACE_RUN = re.compile(r"\s+")


def _gap(text: str) -> str:
    """What stands between two words, as names are compared: any run of whitespace is one space
    (a name may break across lines), anything else is itself."""
    return text if text == " " else WHITESPACE_RUN.sub(" ", text)


@dataclass
class _Node:
    """A place in the tree of names: the names that end here (what follows their last word, and
    their record), and the next (gap, word) pairs."""

    ends: list[tuple[str, str]] = field(default_factory=list)
    children: dict[tuple[str, str], _Node] = field(default_factory=dict)


class NameMatcher:
    """Finds the names of records in text: longest name first, whole words only, a name may
    break across lines. Built once per site. Names are kept in a tree of their words and what
    separates them, so that reading a text costs, at each word, a walk along the names that
    begin there, however many names there are."""

    def __init__(self, names: dict[str, str]):  # name -> record id
        self.names = tuple(names.items())  # what the matcher finds is wholly decided by these, in this order
        self.mentions: dict[str, Mapping[str, str]] = {}  # text -> its mention sentences, once worked out
        self._roots: dict[str, _Node] = {}
        for name, record_id in sorted(names.items(), key=lambda item: len(item[0]), reverse=True):
            words = list(WORD.finditer(name))
            if not words or words[0].start() != 0:
                continue  # a name must start with a letter or digit to be found
            node = self._roots.setdefault(words[0].group(), _Node())
            for before, word in zip(words, words[1:]):
                node = node.children.setdefault((_gap(name[before.end() : word.start()]), word.group()), _Node())
            node.ends.append((name[words[-1].end() :], record_id))

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, record id) of each name in `text`, left to right, never overlapping."""
        words = list(WORD.finditer(text))
        position, roots = 0, self._roots
        for index, word in enumerate(words):
            if word.group() not in roots:
                continue  # most words begin no name: asked here, that costs no call
            start = word.start()
            if start < position or (start and (text[start - 1].isalnum() or text[start - 1] in "-_")):
                continue
            found = self._longest(text, words, index)
            if found:
                yield start, found[0], found[1]
                position = found[0]

    def _longest(self, text: str, words: list[re.Match[str]], index: int) -> tuple[int, str] | None:
        """(end, record id) of the longest name that starts with the word at `index`, if any."""
        node = self._roots.get(words[index].group())
        longest = None
        while node is not None:
            last = words[index].end()
            for tail, record_id in node.ends:
                end = last + len(tail)
                if text.startswith(tail, last) and not (end < len(text) and (text[end].isalnum() or text[end] in "-_")):
                    longest = (end, record_id)
                    break
            index += 1
            if index == len(words):
                break
            node = node.children.get((_gap(text[last : words[index].start()]), words[index].group()))
        return longest


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

    def link_in(prose: str, begin: int, stop: int) -> str:
        text = prose[begin:stop]
        out, last = [], 0
        for start, end, record_id in matcher.find(text):
            url = url_of(record_id)
            before = prose[max(0, begin + start - 3) : begin + start]
            if url is None or record_id in linked or NOT_LINKED_AFTER.search(before):
                continue
            linked.add(record_id)
            out += [text[last:start], name_link(url, text[start:end])]
            last = end
        return "".join(out) + text[last:]

    for start, end in code_regions(markdown):  # a name link there could change what is code
        pieces += [_link_outside_spans(markdown[position:start], link_in), markdown[start:end]]
        position = end
    pieces.append(_link_outside_spans(markdown[position:], link_in))
    return "".join(pieces)


def _link_outside_spans(prose: str, link_in: Callable[[str, int, int], str]) -> str:
    """`prose` with `link_in(prose, begin, end)` in place of each stretch outside protected spans."""
    pieces, position = [], 0
    for start, end in protected_spans(prose):
        pieces += [link_in(prose, position, start), prose[start:end]]
        position = end
    pieces.append(link_in(prose, position, len(prose)))
    return "".join(pieces)


def protected_spans(prose: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each span of `prose` where a name is not linked (see SPAN_START), in
    order, never overlapping. Linear: one pass to pair the brackets, one to find the spans."""
    closing = _closing_brackets(prose)
    definitions = REFERENCE_DEFINITION.finditer(prose)
    definition = next(definitions, None)
    position = 0
    while True:
        while definition is not None and definition.start() < position:
            definition = next(definitions, None)  # begun inside a span already kept
        found = SPAN_START.search(prose, position)
        if definition is not None and (found is None or definition.start() <= found.start()):
            yield definition.start(), definition.end()
            position = definition.end()
            continue
        if found is None:
            return
        start = found.start()
        if prose[start] == "[":
            end = closing[start] + 1 if start in closing else None
            target = LINK_TARGET.match(prose, end) if end is not None else None
            end = target.end() if target else end
        else:
            other = OTHER_SPAN.match(prose, start)
            end = other.end() if other else None
        if end is None:  # an unclosed bracket, backtick or angle bracket is an ordinary character
            position = start + 1
            continue
        yield start, end
        position = end


def _closing_brackets(prose: str) -> dict[int, int]:
    """The offset of the `]` that closes each `[` that is closed (escaped ones are text)."""
    closing, opened = {}, []
    for bracket in BRACKET.finditer(prose):
        if bracket.group() == "[":
            opened.append(bracket.start())
        elif bracket.group() == "]" and opened:
            closing[opened.pop()] = bracket.start()
    return closing


FENCE = re.compile(r"(?:`{3,}|~{3,})")
QUOTE_MARKS = re.compile(r" {0,3}(?:> ?)++")  # the `>` marks that open a line of a block quote, however deep
DEFINITION_LINE = re.compile(r" {0,3}\[[^\[\]\n]*\]:")  # a reference definition's first line
LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]|$)")


def code_regions(markdown: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of what Python-Markdown reads as code or as the frame of a block,
    in order: fenced blocks with their fences, indented code blocks (not the indented paragraphs
    of a list item), the opening line of a note (`!!! kind "title"`), and code spans. One pass."""
    regions: list[tuple[int, int]] = []
    offset, fence, in_list, in_code, previous_blank = 0, "", False, False, True
    for written in markdown.split("\n"):
        end = offset + len(written) + 1
        marks = QUOTE_MARKS.match(written)  # at the start only: a `>` inside a line marks nothing
        line = written[marks.end():] if marks else written  # a quote's lines are read as the quote's own text
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if fence:
            regions.append((offset, end))
            if line.rstrip() == fence:
                fence = ""
        elif FENCE.match(line):
            fence = FENCE.match(line).group()
            regions.append((offset, end))
        elif not blank and (in_code or (previous_blank and indented and not in_list)):
            in_code = indented
            if in_code:
                regions.append((offset, end))
        elif line.lstrip(" ").startswith("!!!"):
            regions.append((offset, end))
        if not blank and not indented:
            in_list = bool(LIST_ITEM.match(line)) or (in_list and not previous_blank)
            in_code = False
        previous_blank = blank or bool(DEFINITION_LINE.match(line))  # a definition leaves its block, as a blank line
        offset = end
    return _merge(regions, _code_spans(markdown, regions))


def _code_spans(markdown: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Code spans outside `blocks`: a run of backticks and the next run of as many, before the
    paragraph (or the block) ends. Runs are indexed by length, so each is matched by a search."""
    block_starts = [start for start, _end in blocks]
    runs = [(run.start(), len(run.group())) for run in BACKTICKS.finditer(markdown)
            if not _inside(run.start(), blocks, block_starts)]
    starts_by_length: dict[int, list[int]] = {}
    for start, length in runs:
        starts_by_length.setdefault(length, []).append(start)
    boundaries = sorted([match.start() for match in BLANK_LINE.finditer(markdown)] + block_starts)
    spans: list[tuple[int, int]] = []
    position = 0
    for start, length in runs:
        if start < position:
            continue
        same = starts_by_length[length]
        following = bisect.bisect_right(same, start)
        boundary = bisect.bisect_right(boundaries, start)
        ends_at = boundaries[boundary] if boundary < len(boundaries) else len(markdown)
        if following < len(same) and same[following] < ends_at:
            spans.append((start, same[following] + length))
            position = same[following] + length
    return spans


def _inside(offset: int, regions: list[tuple[int, int]], starts: list[int]) -> bool:
    index = bisect.bisect_right(starts, offset) - 1
    return index >= 0 and offset < regions[index][1]


BACKTICKS = re.compile(r"`+")
BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _merge(*region_lists: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Regions in order, overlapping ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(region for regions in region_lists for region in regions):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


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


MAX_CONTEXT = 300  # characters of the sentence quoted beside a mention: its part around the name


def first_sentence(markdown: str) -> str:
    """The first sentence of `markdown` as plain text (cut short with … past MAX_CONTEXT)."""
    paragraph = " ".join(_plain(_prose(markdown)).strip().split("\n\n")[0].split())
    sentence = SENTENCE_END.split(paragraph, maxsplit=1)[0]
    if len(sentence) <= MAX_CONTEXT:
        return sentence
    return sentence[: sentence.rfind(" ", 0, MAX_CONTEXT)] + "…"


def _mention_sentences(markdown: str, matcher: NameMatcher) -> dict[str, str]:
    text = _plain(_prose(markdown))
    found: dict[str, str] = {}
    for paragraph in text.split("\n\n"):
        for sentence in SENTENCE_END.split(" ".join(paragraph.split())):
            for start, end, record_id in matcher.find(sentence):
                if record_id not in found:
                    found[record_id] = _around(sentence, start, end)
    return found


def _prose(markdown: str) -> str:
    """`markdown` without its code and the frames of its blocks: a name in code is not a mention."""
    pieces, position = [], 0
    for start, end in code_regions(markdown):
        pieces.append(markdown[position:start])
        position = end
    pieces.append(markdown[position:])
    return "".join(pieces)


LINE_MARKERS = re.compile(r"^(?:[ \t]*(?:>|[-*+][ \t]|[0-9]{1,9}[.)][ \t]))+", re.MULTILINE)
BACKSLASH_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>:|\"'])")
EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)")


def _plain(markdown: str) -> str:
    """Markdown prose as the text a reader sees, near enough for a quotation: links by their
    text, no emphasis marks, escapes or list and quote markers, entities as their characters."""
    # Each pattern only where its first character is (a search tries each pattern at every
    # character): most summaries have no links, emphasis or escapes.
    text = MARKDOWN_LINK.sub(r"\1", markdown) if "[" in markdown else markdown
    text = LINE_MARKERS.sub("", text)
    text = BACKSLASH_ESCAPE.sub(r"\1", text) if "\\" in text else text
    text = EMPHASIS.sub("", text) if "*" in text or "_" in text else text
    return html.unescape(text)


def _around(sentence: str, start: int, end: int) -> str:
    """The sentence, or where it is long, the part of it around the name at start:end."""
    if len(sentence) <= MAX_CONTEXT:
        return sentence
    margin = (MAX_CONTEXT - (end - start)) // 2
    left = sentence.rfind(" ", 0, max(start - margin, 0) + 1) + 1 if start > margin else 0
    right = sentence.find(" ", min(end + margin, len(sentence)))
    right = len(sentence) if right < 0 else right
    return ("…" if left else "") + sentence[left:right] + ("…" if right < len(sentence) else "")


# Where a hand-written page asks for a generated block: `<!-- briefings:NAME -->`.
PLACEHOLDER = re.compile(r"<!--\s*+briefings:([a-z]+(?:-[a-z]+)*)\s*+-->")


def has_placeholders(markdown: str) -> bool:
    return PLACEHOLDER.search(markdown) is not None


def fill_placeholders(markdown: str, blocks: Mapping[str, str]) -> str:
    """The page with each `<!-- briefings:NAME -->` replaced by its block; unknown names stay as they are."""
    return PLACEHOLDER.sub(lambda match: blocks.get(match.group(1), match.group(0)), markdown)
