"""What the checker tells editors about the Markdown they write (summaries).

Two steps, each bounded:

1. The shape, in one pass over the text: no block (text between blank lines) longer than
   MAX_BLOCK, nesting no deeper than MAX_NESTING, no headings (the page makes those), every `[`
   and every code span closed within its block, `[` no deeper than MAX_BRACKET_DEPTH, every `(`
   after `](` closed. Python-Markdown looks for the end of an unclosed bracket, parenthesis or
   code span from each one, and rebuilds a block's text at each inline element it finds, which
   takes time that grows with the square of the block; it makes ids for headings in time that
   grows with the square of their number, and recurses once per level of nesting. Text that
   passes this step converts in time proportional to its length times MAX_BLOCK at worst.
2. The result: the text is converted exactly as the site converts it, and whatever the page's
   allowlist would remove (an image, a `javascript:` link, however spelt) is reported, located in
   the text. Safety does not rest on this step (the sanitizer enforces the allowlist on every
   page); it tells the editor what would not be shown, and why.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from collections.abc import Iterator

from markdown import Markdown

from .characters import text_problems
from .markdown_extension import site_markdown
from .sanitize import ADMONITIONS, URL_ATTRIBUTES, Finding, audit, browser_view, url_scheme
from .urls import url_problems

MAX_NESTING = 6  # lists, block quotes and indented blocks inside each other
MAX_BLOCK = 3000  # characters between two blank lines: a paragraph, a list, a table
MAX_BRACKET_DEPTH = 3  # `[` inside `[`
# What can make a link, an image, an element, or an attribute (a fence's `{#id}`, a note's kind).
RENDERED_MARKS = ("[", "<", "```", "~~~", "!!!")
ESCAPABLE = frozenset("\\`*_{}[]()#+-.!<>:|\"'")


def markdown_problems(text: str) -> Iterator[tuple[int, str]]:
    """(offset, message) for the first thing wrong with an editor's Markdown, if any."""
    entity = next(_entity_problems(text), None)
    if entity:
        yield entity
        return
    footnote = text.find("[^")
    if footnote >= 0:
        yield footnote, ("expected no footnotes (`[^...]`); a record's citations come from its `sources`, "
                         "and the page numbers them")
        return
    shape = next(shape_problems(text), None)
    if shape:
        yield shape
        return
    yield from rendered_problems(text)


# An HTML character reference: what a browser turns into the character it names. Bounded runs: linear.
ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});")


def _entity_problems(text: str) -> Iterator[tuple[int, str]]:
    """A character reference that stands for a character no text may hold (`&#x202E;`): the page
    would show the character itself."""
    for entity in ENTITY.finditer(text):
        character = html.unescape(entity.group())
        if character != entity.group() and next(text_problems(character), None):
            what = next(text_problems(character))[1].removeprefix("found ").removesuffix("; delete it")
            yield entity.start(), f"found `{entity.group()}`, which stands for {what}; delete it"
            return


def shape_problems(text: str) -> Iterator[tuple[int, str]]:
    """(offset, message) for the first block too long, nesting too deep, heading, or bracket or
    code span left open, in one pass."""
    offset = 0
    block_start = 0
    previous = ""
    for line in text.split("\n"):
        if not line.strip():
            block_start = offset + len(line) + 1
        elif offset + len(line) - block_start > MAX_BLOCK:
            yield block_start, (f"expected at most {MAX_BLOCK:,} characters between blank lines; "
                                "this paragraph, list or table is longer: split it with a blank line")
            return
        depth, content = _containers(line)
        if depth > MAX_NESTING:
            yield offset, (
                f"expected lists and quotes nested at most {MAX_NESTING} levels deep (each 4 spaces of "
                f"indentation, `>` or list marker is a level); found {depth}"
            )
            return
        if _is_heading(line[content:], previous):
            yield offset + content, "expected no headings in a summary (`#`, or a line of `=` or `-` under text); the page has its own"
            return
        kind = _unknown_note_kind(line[content:])
        if kind:
            yield offset + content, (f"expected a note of a kind the site shows ({', '.join(ADMONITIONS[:8])}, ...); "
                                     f"found `{kind}`")
            return
        previous = line[content:]
        offset += len(line) + 1
    yield from _bracket_problems(text)


def _unknown_note_kind(content: str) -> str | None:
    """The first word of a note's kind (`!!! kind "title"`) that is not a kind the site shows."""
    if not content.startswith("!!!"):
        return None
    words = content[3:].split('"', 1)[0].split()
    return next((word for word in words if word not in ADMONITIONS), None)


def _is_heading(content: str, previous: str) -> bool:
    """Whether a line's content (after its indentation, quotes and list markers) makes a heading,
    with `#` (Python-Markdown needs no space after it) or as the underline of the text above.
    Inside a code block it would not: refusing it there too costs an editor little."""
    if content.startswith("#"):
        return True
    underline = content.rstrip()
    return bool(underline) and bool(previous.strip()) and (set(underline) == {"="} or set(underline) == {"-"})


def _containers(line: str) -> tuple[int, int]:
    """How many containers a line opens, at most (its indentation in steps of 4 columns, and the
    `>` and list markers at its start, each with the one space that follows it), and where its
    content starts."""
    index, columns, markers = 0, 0, 0
    while index < len(line):
        char = line[index]
        marker_end = index + 1 if char in ">-*+" else _number_marker_end(line, index)
        if char == " ":
            columns += 1
        elif char == "\t":
            columns += 4 - columns % 4
        elif marker_end and (char == ">" or line[marker_end : marker_end + 1] in (" ", "\t")):
            markers += 1
            index = marker_end + (line[marker_end : marker_end + 1] == " ")
            continue
        else:
            break
        index += 1
    return markers + columns // 4, index


def _number_marker_end(line: str, index: int) -> int:
    """Where an ordered-list marker (`1.` or `1)`) starting at `index` ends, or 0."""
    end = index
    while end < len(line) and end - index < 9 and line[end].isdigit():
        end += 1
    return end + 1 if end > index and line[end : end + 1] in (".", ")") else 0


# What `_bracket_problems` looks at; every other character is skipped in one step.
SIGNIFICANT = re.compile(r"[\\`\[\]()]")


def _bracket_problems(text: str) -> Iterator[tuple[int, str]]:
    if "[" not in text and "`" not in text:
        return  # no bracket, no code span: nothing to close
    runs = _backtick_runs(text)
    blank_lines = _blank_lines(text)
    brackets: list[int] = []  # offsets of the open `[`
    parentheses: list[int] = []  # offsets of the open `(` of a link's address
    paragraph_end = _next(blank_lines, 0, len(text))
    index = 0
    while True:
        found = SIGNIFICANT.search(text, index)
        index = found.start() if found else len(text)
        while paragraph_end <= index and paragraph_end < len(text):  # past the end of a paragraph
            yield from _unclosed(text, brackets, parentheses)
            if brackets or parentheses:
                return
            paragraph_end = _next(blank_lines, paragraph_end + 1, len(text))
        if not found:
            break
        char = text[index]
        if char == "\\" and text[index + 1 : index + 2] in ESCAPABLE:
            index += 2
            continue
        if char == "`":  # a code span, closed by the next run of as many backticks in the block
            run = _run_length(text, index, "`")
            close = _next(runs.get(run, []), index + run, len(text))
            if close >= paragraph_end:
                yield index, (f"unclosed code span: no run of {run} backtick{'s' if run > 1 else ''} after it in "
                              "its paragraph; close it, or write \\` for a backtick")
                return
            index = close + run
            continue
        if char == "[":
            brackets.append(index)
            if len(brackets) > MAX_BRACKET_DEPTH:
                yield index, f"expected `[` nested at most {MAX_BRACKET_DEPTH} deep; found more"
                return
        elif char == "]" and brackets:
            brackets.pop()
            if text[index + 1 : index + 2] == "(":
                parentheses.append(index + 1)
                index += 1
        elif char == "(" and parentheses:
            parentheses.append(index)
            if len(parentheses) > MAX_BRACKET_DEPTH:
                yield index, f"expected `(` nested at most {MAX_BRACKET_DEPTH} deep in a link's address; found more"
                return
        elif char == ")" and parentheses:
            parentheses.pop()
        index += 1
    yield from _unclosed(text, brackets, parentheses)


def _unclosed(text: str, brackets: list[int], parentheses: list[int]) -> Iterator[tuple[int, str]]:
    if brackets or parentheses:
        opened = min(brackets + parentheses)
        what = "`[`" if opened in brackets else "`(` of a link's address"
        yield opened, f"unclosed {what} in its paragraph; close it, or write `\\{text[opened]}` for the character itself"


def _blank_lines(text: str) -> list[int]:
    """The offsets at which blank lines (which end paragraphs) start."""
    found, offset = [], 0
    for line in text.split("\n"):
        if not line.strip():
            found.append(offset)
        offset += len(line) + 1
    return found


def _next(offsets: list[int], after: int, default: int) -> int:
    """The first of the sorted `offsets` at or after `after`, or `default`."""
    position = bisect.bisect_left(offsets, after)
    return offsets[position] if position < len(offsets) else default


def _run_length(text: str, index: int, char: str) -> int:
    end = index
    while end < len(text) and text[end] == char:
        end += 1
    return end - index


def _backtick_runs(text: str) -> dict[int, list[int]]:
    """Run length -> the offsets where backtick runs of exactly that length start, in order."""
    runs: dict[int, list[int]] = {}
    index = text.find("`")
    while index >= 0:
        run = _run_length(text, index, "`")
        runs.setdefault(run, []).append(index)
        index = text.find("`", index + run)
    return runs


@functools.cache
def _converter() -> Markdown:
    return site_markdown(sanitized=False)


def rendered_problems(text: str) -> Iterator[tuple[int, str]]:
    """(offset, message) for what the page's allowlist would remove from `text` converted as the
    site converts it, and for links that are not full web addresses."""
    if not any(mark in text for mark in RENDERED_MARKS):
        return  # without one of them, Python-Markdown makes nothing the allowlist could refuse
    found, links = audit(_converter().reset().convert(text))
    for finding in found:
        problem = _finding_problem(text, finding)
        if problem:
            yield problem
            return
    for link in links:
        message = _link_problem(link)
        if message:
            yield _locate(text, link), message
            return


def _finding_problem(text: str, finding: Finding) -> tuple[int, str] | None:
    """The message for what the allowlist would remove, or None where it would change nothing a
    reader sees (a code block's language) or where the link check says it better."""
    if finding.tag == "img":
        image = text.find("![")
        return max(image, 0), "expected no images: the site loads nothing from other hosts; found `![`"
    if finding.attribute in URL_ATTRIBUTES or (finding.tag, finding.attribute) == ("code", "class"):
        return None
    if (finding.tag, finding.attribute) == ("div", "class"):
        return _locate(text, "!!!"), (f"expected a note of a kind the site shows ({', '.join(ADMONITIONS[:8])}, ...); "
                                      f"found `{finding.value}`")
    if finding.attribute:
        return max(text.find("{"), 0), (f"expected Markdown without attributes (`{{#id}}`, `{{.class}}`); found "
                                        f"{finding.attribute}=`{finding.value}`")
    return 0, f"expected Markdown without HTML; found `<{finding.tag}>`"


def _link_problem(link: str) -> str | None:
    address = browser_view(link)
    scheme = url_scheme(address)
    if scheme == "mailto":
        return None
    if scheme in ("http", "https"):
        problem = next(url_problems(address), None)
        return problem[1] if problem else None
    shown = link if len(link) <= 60 else link[:57] + "..."
    if not scheme:
        return (f"expected a full web address starting with https://; found the link `{shown}` "
                "(the names of records are linked to their pages without one)")
    return f"expected links to start with http:// or https://; found the link `{shown}`"


def _locate(text: str, value: str) -> int:
    """Where `value` first stands in `text`; if the Markdown spelt it otherwise (entities, tabs),
    where the first word of its scheme does."""
    if value and value in text:
        return text.index(value)
    word = value.strip().split(":", 1)[0].split()[0].lower() if value.strip() else ""
    position = text.lower().find(word) if word else -1
    return max(position, 0)
