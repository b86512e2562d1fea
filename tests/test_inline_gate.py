"""The gated inline pass converts exactly as Python-Markdown's own: each pattern it passes over
cannot match, and the pages it makes are the stock processor's, character for character."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import InlineProcessor

from conftest import SHIPPED
from generator.inline_gate import _REQUIRED_BY_EXPRESSION, GATE_AVAILABLE, GatedInlineProcessor, required_texts
from generator.markdown_extension import site_markdown
from generator.pipeline import generate

# Pieces that start, end or break every inline construct, with text between them.
PIECES = ["*", "**", "_", "__", "[", "]", "(", ")", "![", "<", ">", "&", ";", "`", "``", "\\", " ",
          "  \n", "\n", "a", "word", "#", "&amp;", "&#38;", "<b>", "</b>", "<!-- c -->",
          "<https://example.org/x>", "<ftp://example.org/f>", "<user@example.org>", "https://example.org", '"title"',
          "[x]: https://example.org/r", "[x]", "![i](p.png)", "[l](https://example.org)",
          "\ue000", "\ue001", "\x02", "\x03", "é", "名"]
MARKDOWN = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def gated_markdown():
    """The site's converter without the sanitizer (which would hide differences), with the gate."""
    converter = site_markdown(sanitized=False)
    converter.treeprocessors.register(GatedInlineProcessor(converter), "inline", 20)
    return converter


def stock_markdown():
    """The same, with Python-Markdown's own inline pass."""
    converter = site_markdown(sanitized=False)
    assert type(converter.treeprocessors["inline"]) is InlineProcessor
    return converter


def test_the_gate_is_in_place():
    """Fails when a Python-Markdown release changes the loop the gate replaces (the stock pass then
    runs, with the same pages but slower): read the new loop, and update the copy and its digest."""
    assert GATE_AVAILABLE
    assert isinstance(site_markdown().treeprocessors["inline"], GatedInlineProcessor)


def test_every_pattern_the_site_converts_with_is_gated():
    """The patterns the site converts with are all known to the gate; one it did not know would
    be tried every time, which is correct but slow, and should be read and added."""
    patterns = list(site_markdown().inlinePatterns)
    assert [required_texts(pattern) is not None for pattern in patterns] == [True] * len(patterns)


@settings(max_examples=500, deadline=None)
@given(MARKDOWN)
def test_an_expression_matches_only_text_holding_what_it_requires(text):
    for expression, texts in _REQUIRED_BY_EXPRESSION.items():
        if re.compile(expression, re.DOTALL | re.UNICODE).search(text):
            assert any(required in text for required in texts), expression


@settings(max_examples=300, deadline=None)
@given(MARKDOWN, MARKDOWN)
def test_gated_and_stock_passes_convert_alike(first, second):
    for source in (first, f"{first}\n\n{second}", f"- {first}\n- {second}", f"| a | b |\n| --- | --- |\n| {first} | {second} |"):
        assert gated_markdown().convert(source) == stock_markdown().convert(source)


def test_shipped_pages_convert_alike():
    _, pages = generate(SHIPPED)
    gated, stock = gated_markdown(), stock_markdown()
    for path, text in pages.items():
        if path.endswith(".md"):
            assert gated.reset().convert(text) == stock.reset().convert(text), path
