"""Generated pages to HTML without Python-Markdown: the same HTML, a fraction of the time.

Converting the generated pages is most of what a build costs, yet they use a small, known part of
Markdown: the shapes our templates write (headings, paragraphs, pipe tables, one-line list items,
quotes, the HTML blocks marked `markdown`) and, inside them, escaped text, links, emphasis and a
few inline HTML tags. This converter reads exactly those shapes and gives the HTML Python-Markdown
gives for them, with the site's extensions (`markdown_extension.SITE_EXTENSIONS`, `toc` with
permalinks, and ours): the same elements, the same text between them, the same heading ids and
table of contents. Anything else (a code span, an image, a line it does not know, emphasis it
cannot pair for certain) and it declines the whole page, which Python-Markdown then converts as
always: it never guesses. `tests/test_page_html.py` holds it to Python-Markdown's output, page for
page, on the shipped and synthetic sites, and on random pages and text.

Links are handed to `resolve`, which gives the address the page's HTML holds (as MkDocs rewrites
links to pages), or None to decline the page. Every pattern here is linear: no nested quantifier
over overlapping text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable

from markdown.extensions.toc import nest_toc_tokens, strip_tags, unique
from markdown.serializers import _escape_attrib_html, _escape_cdata  # how Python-Markdown writes text and attributes

from .markdown_extension import heading_id
from .sanitize import sanitize
from .text import table_cells, unwrap_name_links


class Declined(Exception):
    """The page holds something this converter does not read; Python-Markdown converts it."""


@dataclass
class PageHtml:
    content: str  # the page's HTML, sanitized, as MkDocs's `page.content`
    toc_tokens: list  # as Python-Markdown's `toc` extension gives them, nested
    title: str | None  # the text of the first element if it is a `<h1>`, as MkDocs reads it
    anchors: set[str]  # the ids a link may point to, as MkDocs finds them


Resolve = Callable[[str], "str | None"]

# Characters Python-Markdown's backslash escapes (with `|`, which the tables extension adds).
ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!|")
# Inline HTML tags our templates write, in one strict form: Python-Markdown keeps them as they are.
# (No character another inline pattern reads before the HTML pattern: a backslash, a bracket.)
INLINE_TAG_NAMES = "time|sup|sub|span|small|a|b|i|em|strong|abbr|br"
STRICT_TAG = rf'</(?:{INLINE_TAG_NAMES})>|<(?:{INLINE_TAG_NAMES})(?: [a-z][a-z-]*="[^"<>\\\[\]`\ue000-\ue002]*")*>'
# Text and those tags, written as they are (`&` apart, which is escaped as Python-Markdown escapes it).
TEXT_AND_TAGS = re.compile(rf"(?:[^\\&<>\[\]*_`!\ue000-\ue002\x02\x03]|{STRICT_TAG})+")
# What else the inline pass reads, at the point where text and tags stop.
INLINE_TOKEN = re.compile(
    r"\\(.)"                                                # 1: escaped character
    r"|(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)"        # 2: entity, as Python-Markdown reads one
    r"|(\[)"                                                # 3: a link's text begins
    r"|\ue000([^\ue000-\ue002]*)\ue001([^\ue000-\ue002]*)\ue002"  # 4, 5: a name link
    r"|(\*+)"                                               # 6: emphasis marks
    r"|(&(?!\#)|>|!(?!\[))",                                 # 7: text to escape, or to keep
    re.DOTALL,
)  # anything else (`<` that opens no tag we know, `&#` that is no reference, `]`, `_`, a backtick,
# an image) is not read here
# `[text](address)`: text without brackets (an escaped `]` apart: with an escaped `[`, two tries of
# the pattern could read the same text); an address without a title or spaces.
LINK = re.compile(r"\[((?:\\[^\[]|[^\\\[\]])*)\]\(((?:[^\s()<>\"'\\]|\([^\s()<>\"'\\]*\))*)\)", re.DOTALL)
PLAIN_TEXT = re.compile(r"[^\\&<>\[\]*_`!\ue000-\ue002]*")  # text in which nothing is Markdown or HTML
TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")
HEADING = re.compile(r"(#{1,6}) (.*)")
TABLE_DIVIDER = re.compile(r"\|(?: *:?-+:? *\|)+")
# The opening tag of an element marked `markdown` (its content: blocks) or `markdown="span"` (inline).
MARKED = re.compile(r'<([a-z]+)((?: [a-z-]+="[^"<>]*")*) markdown(="span")?>')
CONTAINER = re.compile(r'<(aside|div|ol|table|details)((?: [a-z-]+="[^"<>]*")*) markdown>')
SUMMARY = re.compile(r"<summary>[^<>*\[\]\\`_&\ue000-\ue002]*</summary>")
# What, at the start of a line, Python-Markdown may read as something other than text going on:
# a heading, a quote, a table, a list, a rule or underline, code, an admonition.
PARAGRAPH_BREAKERS = re.compile(r"[#>|]|[-*+] |\d+\. |(?<![-=*_ ])[-=*_ ]*+$|!!!|\s")
# A line the tables extension reads as a table's divider, making the paragraph above it a table.
TABLE_DIVIDER_LIKE = re.compile(r" *+[-|: ]*+")
# Tags that may open a paragraph's line: Python-Markdown reads no block of HTML in them.
INLINE_TAG = re.compile(rf"</?(?:{INLINE_TAG_NAMES})[ >]")
# The `markdown` attribute, however written, which makes Python-Markdown read inside an element.
ANY_MARKDOWN_ATTRIBUTE = re.compile(r"\smarkdown(?=[\s=>/])", re.IGNORECASE)
STRICT_RAW_TAG = re.compile(r'</?[a-z][a-zA-Z0-9-]*(?: [a-zA-Z][a-zA-Z0-9:-]*="[^"<>]*")*(?: ?/)?>')
TAG = re.compile(r"<[^<>]*>")
ATTRIBUTE = re.compile(r' ([a-zA-Z][a-zA-Z0-9:-]*)="([^"<>]*)"')
HEADING_PART = re.compile("([\ue010\ue012])([0-9]+)\ue011")


def convert(markdown: str, resolve: Resolve) -> PageHtml | None:
    """The page's HTML, table of contents, title and anchors; None if the page is not ours to read."""
    if any(mark in markdown for mark in ("\t", "\r", "<!--", "`", "~~~", "\f", "\v", "\x02", "\x03",
                                         "\ue010", "\ue011", "\ue012")):
        return None
    try:
        writer = _Writer(resolve)
        blocks = writer.blocks(markdown.strip("\n").split("\n"))
    except Declined:
        return None
    return writer.finish(blocks)


@dataclass
class _Block:
    kind: str  # "p", "heading", "list", "quote", "table", "html"
    html: str
    quote_paragraphs: list[str] | None = None  # a quote's paragraphs: a quote right after it joins it

    def written(self) -> str:
        if self.quote_paragraphs is not None:
            return "<blockquote>\n" + "\n".join(self.quote_paragraphs) + "\n</blockquote>"
        return self.html


class _Writer:
    def __init__(self, resolve: Resolve):
        self.resolve = resolve
        self.headings: list[tuple[int, str]] = []  # level, inner HTML
        self.tree_ids: set[str] = set()  # ids on elements Python-Markdown's tree holds
        self.tag_ids: set[str] = set()  # ids in the HTML tags of the source
        # Inside an element marked `markdown`, Python-Markdown links a name only if the page also
        # has one outside such elements (`NameLinks` looks for names in the lines it parses): a
        # name there declines the page, as our templates never write one.
        self.marked = 0

    # Blocks

    def blocks(self, lines: list[str], nested: bool = False) -> list[_Block]:
        """The blocks of `lines`: a page's, or (`nested`) those of an HTML element marked `markdown`."""
        blocks: list[_Block] = []
        index = 0
        while index < len(lines):
            line = lines[index]
            if not line:
                index += 1
                continue
            end = index
            while end < len(lines) and lines[end]:
                end += 1
            chunk = lines[index:end]
            if CONTAINER.fullmatch(line):
                index = self._container(lines, index, blocks, nested)
                continue
            index = end
            block = self._chunk(chunk, blocks[-1] if blocks else None, nested)
            if block is not None:
                blocks.append(block)
        return blocks

    def _chunk(self, chunk: list[str], previous: _Block | None, nested: bool) -> _Block | None:
        first = chunk[0]
        if first.startswith("#"):
            return self._heading(chunk)
        if first.startswith("|"):
            return self._table(chunk)
        if first.startswith("- "):
            if previous is not None and previous.kind == "list":
                raise Declined  # Python-Markdown would join the two lists (or this and an `<ol>`), loosely
            return self._list(chunk)
        if first.startswith(">"):
            return self._quote(chunk, previous)
        if first.startswith("<") and not INLINE_TAG.match(first):
            return self._html_line(chunk, nested)
        return self._paragraph(chunk)

    def _heading(self, chunk: list[str]) -> _Block:
        match = HEADING.fullmatch(chunk[0])
        if len(chunk) != 1 or match is None or not match.group(2).strip() or _ends_unescaped(match.group(2), "#"):
            raise Declined  # Python-Markdown would take a closing `#` off the heading
        level = len(match.group(1))
        if "[" in match.group(2):
            raise Declined  # a link in a heading: its table of contents entry keeps the address unrewritten
        inner = self.inline(match.group(2).strip(), linkable=False)
        number = len(self.headings)
        self.headings.append((level, inner))
        # The id and permalink, once every heading's id is known (`finish`).
        return _Block("heading", f"<h{level} id=\"\ue010{number}\ue011\">{inner}\ue012{number}\ue011</h{level}>")

    def _paragraph(self, chunk: list[str]) -> _Block:
        for line in chunk:
            _text_line(line)
        if len(chunk) > 1 and TABLE_DIVIDER_LIKE.fullmatch(chunk[1]):
            raise Declined
        return _Block("p", f"<p>{self.inline(chr(10).join(chunk))}</p>")

    def _list(self, chunk: list[str]) -> _Block:
        items = []
        for line in chunk:
            if not line.startswith("- ") or len(line) == 2:
                raise Declined
            _text_line(line[2:])
            items.append(f"<li>{self.inline(line[2:])}</li>")
        return _Block("list", "<ul>\n" + "\n".join(items) + "\n</ul>")

    def _quote(self, chunk: list[str], previous: _Block | None) -> _Block | None:
        paragraphs: list[str] = []
        current: list[str] = []
        texts = [line[2:] if line.startswith("> ") else line[1:] for line in chunk]
        if any(not line.startswith(">") for line in chunk):
            raise Declined  # a lazy line
        if not texts[0] or not texts[-1] or any(not a and not b for a, b in zip(texts, texts[1:])):
            raise Declined  # an empty line where Python-Markdown keeps a line break
        for text in texts:
            if not text:
                if current:
                    paragraphs.append(self._paragraph(current).html)
                current = []
                continue
            current.append(text)
        if current:
            paragraphs.append(self._paragraph(current).html)
        if previous is not None and previous.kind == "quote":
            # Python-Markdown continues the quote before, across the blank line.
            assert previous.quote_paragraphs is not None
            previous.quote_paragraphs.extend(paragraphs)
            return None
        return _Block("quote", "", paragraphs)

    def _table(self, chunk: list[str]) -> _Block:
        if len(chunk) < 2 or not TABLE_DIVIDER.fullmatch(chunk[1].rstrip(" ")):
            raise Declined
        aligns = [_align(cell.strip(" ")) for cell in table_cells(chunk[1])]
        if len(table_cells(chunk[0])) != len(aligns):
            raise Declined  # not a table to Python-Markdown, whose header and divider must agree
        head = self._row(chunk[0], "th", aligns)
        body = [self._row(line, "td", aligns) for line in chunk[2:]]
        html_text = "<table>\n<thead>\n" + head + "\n</thead>\n"
        if not body:  # Python-Markdown gives a table without rows one empty row, its cells unaligned
            body = ["<tr>\n" + "\n".join("<td></td>" for _ in aligns) + "\n</tr>"]
        html_text += "<tbody>\n" + "\n".join(body) + "\n</tbody>\n"
        return _Block("table", html_text + "</table>")

    def _row(self, line: str, tag: str, aligns: list[str | None]) -> str:
        if not line.startswith("|") or not line.rstrip(" ").endswith("|") or line.rstrip(" ").endswith("\\|"):
            raise Declined
        cells = table_cells(line)
        if len(cells) > len(aligns):
            raise Declined  # Python-Markdown drops the cells past the last column, and MkDocs still sees their ids
        cells += [""] * (len(aligns) - len(cells))
        out = []
        for cell, align in zip(cells, aligns):
            attribute = f' align="{align}"' if align else ""
            out.append(f"<{tag}{attribute}>{self.inline(cell.strip(' '))}</{tag}>")
        return "<tr>\n" + "\n".join(out) + "\n</tr>"

    def _html_line(self, chunk: list[str], nested: bool) -> _Block:
        if len(chunk) != 1:
            raise Declined
        line = chunk[0]
        paragraph = _one_line_element(line, "p", span=True)
        if paragraph is not None:
            tag, attributes, inner = paragraph
            return _Block("html", f"{self._element(tag, attributes)}{self._marked_inline(inner)}</{tag}>")
        tags = _raw_block_tags(line, nested)
        if tags is not None:
            for tag in tags:
                self._note_tag_ids(tag, in_tree=False)
            # Python-Markdown leaves a blank line after raw HTML, except inside an element marked `markdown`.
            return _Block("html", line if nested else line + "\n")
        raise Declined

    def _container(self, lines: list[str], index: int, blocks: list[_Block], nested: bool) -> int:
        """An HTML element marked `markdown` over several lines; the index after its closing line."""
        match = CONTAINER.fullmatch(lines[index])
        assert match is not None
        tag, attributes = match.groups()
        opening = self._element(tag, attributes)
        close = f"</{tag}>"
        end = index + 1
        while end < len(lines) and lines[end] != close:
            if lines[end].startswith(f"<{tag}"):
                raise Declined  # the same element nested: not a shape our templates write
            end += 1
        following = lines[end + 1] if end + 1 < len(lines) else ""
        if end == len(lines) or (following and not (nested and _raw_block_tags(following, nested) is not None)):
            raise Declined
        inner = lines[index + 1:end]
        if not any(inner):
            raise Declined  # Python-Markdown writes an empty element on one line
        self.marked += 1
        if tag == "table":
            body = [self._infobox_row(line) for line in inner]
        elif tag == "ol":
            body = [self._list_item(line) for line in inner]
        elif tag == "details":
            if not inner or not SUMMARY.fullmatch(inner[0]) or (len(inner) > 1 and inner[1]):
                raise Declined
            body = [inner[0]] + [block.written() for block in self.blocks(inner[1:], nested=True)]
        else:
            body = [block.written() for block in self.blocks(inner, nested=True)]
        self.marked -= 1
        kind = "list" if tag == "ol" else "html"  # a list after it would join it
        blocks.append(_Block(kind, f"{opening}\n" + "\n".join(body) + f"\n</{tag}>"))
        return end + 1

    def _marked_inline(self, text: str) -> str:
        self.marked += 1
        converted = self.inline(text)
        self.marked -= 1
        return converted

    def _infobox_row(self, line: str) -> str:
        """`<tr markdown>` and its cells, each marked `markdown="span"`, on one line."""
        if not line.startswith("<tr markdown>") or not line.endswith("</tr>"):
            raise Declined
        row = line[len("<tr markdown>"):-len("</tr>")]
        cells, position = [], 0
        while position < len(row):
            cell = MARKED.match(row, position)
            if cell is None or cell.group(1) not in ("th", "td") or not cell.group(3):
                raise Declined
            tag, attributes = cell.group(1), cell.group(2)
            end = row.find(f"</{tag}>", cell.end())
            if end < 0:
                raise Declined
            cells.append(f"{self._element(tag, attributes)}{self._marked_inline(row[cell.end():end])}</{tag}>")
            position = end + len(f"</{tag}>")
        if not cells:
            raise Declined
        return "<tr>\n" + "\n".join(cells) + "\n</tr>"

    def _list_item(self, line: str) -> str:
        item = _one_line_element(line, "li", span=False)
        if item is None:
            raise Declined
        tag, attributes, inner = item
        return f"{self._element(tag, attributes)}{self._marked_inline(inner)}</li>"

    def _element(self, tag: str, attributes: str) -> str:
        """The opening tag of an element Python-Markdown's tree holds: attributes in name order."""
        self._note_tag_ids(f"<{tag}{attributes}>", in_tree=True)
        pairs = sorted(ATTRIBUTE.findall(attributes))
        return f"<{tag}" + "".join(f' {name}="{value}"' for name, value in pairs) + ">"

    def _note_tag_ids(self, tag: str, in_tree: bool) -> None:
        """The ids of a tag of the strict form (`STRICT_TAG`, `STRICT_RAW_TAG`), as HTMLParser reads them."""
        name = TAG_NAME.match(tag)
        for attribute, value in ATTRIBUTE.findall(tag):
            attribute = attribute.lower()
            if attribute == "id" or (attribute == "name" and name is not None and name.group(1).lower() == "a"):
                self.tag_ids.add(html.unescape(value))
                if in_tree and attribute == "id":
                    self.tree_ids.add(html.unescape(value))

    # Inline

    def inline(self, text: str, linkable: bool = True, in_link: bool = False) -> str:
        """Inline Markdown as HTML; emphasis is paired last, as Python-Markdown pairs it."""
        if PLAIN_TEXT.fullmatch(text):
            return text
        pieces: list[str] = []  # HTML, with each run of `*` a piece of its own
        runs: list[int] = []  # where in `pieces` the runs of `*` are, to pair as emphasis
        position = 0
        while position < len(text):
            run = TEXT_AND_TAGS.match(text, position)
            if run is not None:  # written as it is
                chunk = run.group()
                if "id=" in chunk or "name=" in chunk:
                    for tag in TAG.findall(chunk):
                        self._note_tag_ids(tag, in_tree=False)
                pieces.append(chunk)
                position = run.end()
                continue
            match = INLINE_TOKEN.match(text, position)
            if match is None:
                raise Declined
            position = match.end()
            escaped, entity, bracket, url, name, stars, other = match.groups()
            if escaped is not None:
                if escaped not in ESCAPABLE:
                    raise Declined
                pieces.append(_text(escaped))
            elif entity is not None:
                pieces.append(entity)
            elif bracket is not None:
                link = LINK.match(text, match.start())
                if in_link or link is None or not link.group(2):
                    raise Declined  # a link in a link, a bracket that opens no link, or a link we do not read
                inner = self.inline(link.group(1), linkable=False, in_link=True)
                pieces.append(f'<a href="{self._href(link.group(2))}">{inner}</a>')
                position = link.end()
            elif url is not None:
                if self.marked or not name or not PLAIN_TEXT.fullmatch(name) or not PLAIN_TEXT.fullmatch(url):
                    raise Declined  # Python-Markdown reads the Markdown in a name before it is linked
                if in_link or not linkable:
                    pieces.append(_text(name))
                else:
                    pieces.append(f'<a href="{self._href(url)}">{_text(name)}</a>')
            elif stars is not None:
                runs.append(len(pieces))
                pieces.append(stars)
            else:
                pieces.append(_text(other))
        _pair_emphasis(pieces, runs)
        return "".join(pieces)

    def _href(self, url: str) -> str:
        resolved = self.resolve(url)
        if resolved is None:
            raise Declined
        return _escape_attrib_html(resolved)

    # The page

    def finish(self, blocks: list[_Block]) -> PageHtml:
        used_ids = set(self.tree_ids)
        counters: dict[str, int] = {}
        tokens = []
        for level, inner in self.headings:
            # As the `toc` extension names a heading: its HTML after every postprocessor, untagged.
            inner_html = sanitize(inner).strip()
            name = strip_tags(inner_html)
            heading = unique(heading_id(html.unescape(name), "-"), used_ids, counters)
            tokens.append({"level": level, "id": heading, "name": name, "html": inner_html, "data-toc-label": ""})
        title = None
        if blocks and blocks[0].kind == "heading" and tokens[0]["level"] == 1:
            title = " ".join(TAG.sub("", tokens[0]["html"]).split())  # as MkDocs reads a title

        def heading_part(match: re.Match) -> str:
            heading = tokens[int(match.group(2))]["id"]
            if match.group(1) == "\ue010":
                return heading
            return f'<a class="headerlink" href="#{heading}" title="Permanent link">&para;</a>'

        for token in tokens:
            self.resolve("#" + token["id"])  # a permalink is a link to an anchor, which MkDocs notes
        # As Python-Markdown: the last raw block's newline reaches the sanitizer; the page is stripped after.
        body = HEADING_PART.sub(heading_part, "\n".join(block.written() for block in blocks))
        anchors = self.tag_ids | {token["id"] for token in tokens}
        return PageHtml(sanitize(unwrap_name_links(body)).strip(), nest_toc_tokens(tokens), title, anchors)


def _text_line(line: str) -> None:
    """Decline a line of a paragraph or list item that Python-Markdown might read as more than text."""
    if line.endswith(" ") or PARAGRAPH_BREAKERS.match(line) or (line[0] == "<" and not INLINE_TAG.match(line)):
        raise Declined


def _one_line_element(line: str, tag: str, span: bool) -> tuple[str, str, str] | None:
    """`<tag ... markdown>inline</tag>` (or `markdown="span"`) on one line: its tag, attributes and content."""
    opening = MARKED.match(line)
    close = f"</{tag}>"
    if opening is None or opening.group(1) != tag or bool(opening.group(3)) != span or not line.endswith(close):
        return None
    return tag, opening.group(2), line[opening.end():-len(close)]


def _raw_block_tags(line: str, nested: bool) -> list[str] | None:
    """The tags of one `<figure>` or `<div>` not marked `markdown`, whole on one line, every tag in
    a strict form: HTML Python-Markdown keeps as it is. None for any other line. Inside an element
    marked `markdown`, Python-Markdown reads it into its tree and may write it back with new lines:
    there, only a figure whose first child is a drawing, as our maps are, which it keeps as it is."""
    for tag in ("figure", "div"):
        if (line.startswith((f"<{tag} ", f"<{tag}>")) and line.endswith(f"</{tag}>")
                and line.count(f"<{tag}") == 1 and line.count(f"</{tag}>") == 1
                and not ANY_MARKDOWN_ATTRIBUTE.search(line)
                and (not nested or (tag == "figure" and line[line.index(">") + 1:].startswith("<svg")))):
            return _strict_tags(line)
    return None


def _strict_tags(line: str) -> list[str] | None:
    """Every tag of `line`, if each `<` opens a tag of the strict form and its text holds no other `>`."""
    tags, position = [], 0
    while (start := line.find("<", position)) >= 0:
        tag = STRICT_RAW_TAG.match(line, start)
        if tag is None or ">" in line[position:start]:
            return None
        tags.append(tag.group())
        position = tag.end()
    return tags if ">" not in line[position:] else None


def _ends_unescaped(text: str, char: str) -> bool:
    """Whether `text` ends with `char` not escaped by a backslash."""
    stripped = text.rstrip()
    if not stripped.endswith(char):
        return False
    before = stripped[:-1]
    return (len(before) - len(before.rstrip("\\"))) % 2 == 0


def _align(divider: str) -> str | None:
    if divider.startswith(":") and divider.endswith(":"):
        return "center"
    if divider.endswith(":"):
        return "right"
    if divider.startswith(":"):
        return "left"
    return None


def _text(text: str) -> str:
    return _escape_cdata(text)  # as Python-Markdown writes text: `&` kept where it opens a reference


def _pair_emphasis(pieces: list[str], runs: list[int]) -> None:
    """Pair the runs of `*` at `runs` in `pieces` as `**strong**` or `*emphasis*` where the pairing
    is certain: runs of one or two, each pair around text, no run between them."""
    if len(runs) % 2:
        raise Declined
    for opening, closing in zip(runs[::2], runs[1::2]):
        run = pieces[opening]
        if run != pieces[closing] or len(run) > 2:
            raise Declined
        inner = "".join(pieces[opening + 1:closing])
        # No piece is empty, and no two runs are neighbours (a run takes every `*` in a row).
        before = pieces[opening - 1][-1:] if opening else ""
        after = pieces[closing + 1][:1] if closing + 1 < len(pieces) else ""
        if (not inner or inner[0].isspace() or inner[-1].isspace()
                or (before and (before.isalnum() or before == "*")) or (after and (after.isalnum() or after == "*"))):
            raise Declined
        tag = "strong" if len(run) == 2 else "em"
        pieces[opening] = f"<{tag}>"
        pieces[closing] = f"</{tag}>"
