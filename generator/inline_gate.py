"""Python-Markdown's inline pass, without trying patterns that cannot match.

Python-Markdown tries every inline pattern on every piece of text, one Python call each, and most
of a generated page's text is dates, names and numbers that no pattern matches: a profile of a
1,000-entity build spends a fifth of its time there. Most patterns cannot match unless the text
holds a given character (a link needs `[`, raw HTML `<`, an entity `&`), and `in` finds it in C.

`GatedInlineProcessor` is Python-Markdown's own `InlineProcessor`, except that a pattern whose
required text is absent is passed over exactly as the stock loop passes over a pattern that found
no match: same result, no side effect, since a pattern acts only on a match. Requirements are
known by the pattern's regular expression itself, not its name: a pattern whose expression we have
not read, or one that a later Python-Markdown changed, is always tried. A property test holds the
output equal to the stock processor's.

The loop replaced is a private method, copied here: the gate is used only where Python-Markdown's
loop is, to the character, the one copied (3.11); elsewhere the stock pass runs, with the same
pages, and a test fails so that the new loop is read.
"""

from __future__ import annotations

import hashlib
import inspect
import re
import textwrap
import xml.etree.ElementTree as etree

from markdown import inlinepatterns, util
from markdown.treeprocessors import InlineProcessor

# Each expression, and the texts of which it cannot match without at least one.
_REQUIRED_BY_EXPRESSION = {
    inlinepatterns.BACKTICK_RE: ("`",),
    inlinepatterns.ESCAPE_RE: ("\\",),
    inlinepatterns.LINK_RE: ("[",),  # also reference and short reference
    inlinepatterns.IMAGE_LINK_RE: ("![",),  # also image reference and short image reference
    inlinepatterns.AUTOLINK_RE: ("<",),
    inlinepatterns.AUTOMAIL_RE: ("<",),
    inlinepatterns.HTML_RE: ("<",),
    inlinepatterns.ENTITY_RE: ("&",),
    inlinepatterns.LINE_BREAK_RE: ("  \n",),
}
# Emphasis and strong since Python-Markdown 3.11: one pattern for all delimiters (`*`, `_`).
_DELIMITERS = getattr(inlinepatterns, "DelimiterProcessor", None)
# How InlineProcessor patterns compile their expressions; another way may need other texts.
_STOCK_FLAGS = re.compile("", re.DOTALL | re.UNICODE).flags
# The stock loop this class replaces (SHA-256 of its source, dedented, first 16 digits), and the
# method it calls.
_LOOP, _LOOP_DIGEST, _APPLY = "_InlineProcessor__handleInline", "3689d89c43d2be73", "_InlineProcessor__applyPattern"


def _is_the_loop_copied() -> bool:
    try:
        source = textwrap.dedent(inspect.getsource(getattr(InlineProcessor, _LOOP)))
    except (AttributeError, OSError, TypeError):  # renamed, or no source to read
        return False
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16] == _LOOP_DIGEST and hasattr(InlineProcessor, _APPLY)


GATE_AVAILABLE = _is_the_loop_copied()


def required_texts(pattern: inlinepatterns.Pattern) -> tuple[str, ...] | None:
    """Texts of which the pattern needs one to match; None where that is not known."""
    if _DELIMITERS is not None and isinstance(pattern, _DELIMITERS):
        return tuple(pattern.tokens)
    expression = pattern.getCompiledRegExp()
    if expression.flags != _STOCK_FLAGS:
        return None
    return _REQUIRED_BY_EXPRESSION.get(expression.pattern)


class GatedInlineProcessor(InlineProcessor):
    _required: list[tuple[str, ...] | None] | None = None

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        # Read here, not at construction: extensions register patterns after this processor.
        self._required = None
        return super().run(tree, ancestors)

    def _handle_inline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N803 (stock name)
        """The stock loop (`__handleInline`), passing over patterns whose required text is absent."""
        if isinstance(data, util.AtomicString):
            return data
        if self._required is None:
            self._required = [required_texts(pattern) for pattern in self.inlinePatterns]
        apply_pattern = self._InlineProcessor__applyPattern
        patterns, required = self.inlinePatterns, self._required
        count, start = len(patterns), 0
        while patternIndex < count:
            texts = required[patternIndex]
            if texts is not None and not any(text in data for text in texts):
                matched, start = False, 0  # what the stock loop gets from a pattern that finds nothing
            else:
                data, matched, start = apply_pattern(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data

    if GATE_AVAILABLE:
        # The stock `run` and `__applyPattern` call the loop by its mangled name.
        _InlineProcessor__handleInline = _handle_inline
