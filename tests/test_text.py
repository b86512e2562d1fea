import markdown

from conftest import readable
from generator.markdown_checks import markdown_problems
from generator.markdown_extension import site_markdown
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.text import NameMatcher, escape, link_names, markdown_name_links, mention_sentences, relative


def html(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "attr_list"])


def test_escaped_text_renders_as_the_same_text():
    hostile = "<script>alert(1)</script> *bold* [x](javascript:alert(1)) {: onclick=x } a | b & c"
    rendered = html(escape(hostile))
    assert "<script" not in rendered and "<em>" not in rendered and "<a " not in rendered
    assert rendered == "<p>&lt;script&gt;alert(1)&lt;/script&gt; *bold* [x](javascript:alert(1)) {: onclick=x } a | b &amp; c</p>"


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("-+*=_#>|.:0123456789 abc<&`[]()!~\\") + ["1. ", "- ", "+ ", "---"]),
                max_size=10).map("".join))
def test_escaped_text_renders_as_itself_wherever_a_line_starts(text):
    """A value our templates put at the start of a line (a passage in a quote, a list item) stays text:
    "1. The parties agree" is not a numbered list, "---" no rule, "- x" no list."""
    words = " ".join(text.split())
    assume(words)
    expected = words.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    converter = site_markdown(sanitized=False)
    for source, shape in ((escape(text), "<p>{}</p>"), ("- " + escape(text), "<ul>\n<li>{}</li>\n</ul>"),
                          ("> " + escape(text), "<blockquote>\n<p>{}</p>\n</blockquote>")):
        assert converter.reset().convert(source) == shape.format(expected), source


def test_escape_keeps_text_on_one_line():
    assert escape("two\n  lines") == "two lines"


def test_relative_links_between_pages():
    assert relative("countries/china.md", "people/xi-jinping.md") == "../people/xi-jinping.md"
    assert relative("countries/china.md", "countries/vietnam.md") == "vietnam.md"
    assert relative("index.md", "countries/china.md") == "countries/china.md"


def link(text: str, names: dict[str, str | None]) -> str:
    """link_names with names mapped straight to URLs (None: matched, never linked)."""
    matcher = NameMatcher({name: name for name in names})
    return readable(link_names(text, matcher, lambda name: names[name])).replace(' "name link")', ")")


def test_first_mention_of_each_name_is_linked_and_longest_name_wins():
    names = {"Kim Jong Un": "kim.md", "Kim": "kim.md", "China": "china.md"}
    text = "Kim Jong Un met Xi in China. Kim left China by train."
    assert link(text, names) == "[Kim Jong Un](kim.md) met Xi in [China](china.md). [Kim](kim.md) left China by train."


def test_names_inside_code_links_and_words_are_left_alone():
    names = {"China": "china.md"}
    text = "`China` and [China](https://example.org) and Chinese and China-made, then China."
    assert link(text, names) == (
        "`China` and [China](https://example.org) and Chinese and China-made, then [China](china.md)."
    )


def test_a_name_broken_across_lines_is_still_linked():
    assert link("met Kim Jong\nUn today", {"Kim Jong Un": "kim.md"}) == "met [Kim Jong\nUn](kim.md) today"


def test_a_pages_own_names_shield_shorter_names_inside_them():
    names = {"Democratic People's Republic of Korea": None, "Republic of Korea": "south-korea.md"}
    text = "the Democratic People's Republic of Korea and the Republic of Korea"
    assert link(text, names) == "the Democratic People's Republic of Korea and the [Republic of Korea](south-korea.md)"


def test_names_with_punctuation_and_digits_are_found():
    matcher = NameMatcher({"U.S.": "united-states", "38 North": "38-north", "Washington, D.C.": "washington"})
    found = [record for _s, _e, record in matcher.find("The U.S. capital, Washington, D.C., read 38 North.")]
    assert found == ["united-states", "washington", "38-north"]


def test_mention_sentences_give_the_first_sentence_naming_each_record():
    matcher = NameMatcher({"China": "china", "Kim": "kim"})
    text = "Kim went to [China](x.md). He met Xi.\n\nChina hosted a banquet. Kim left."
    assert mention_sentences(text, matcher) == {"kim": "Kim went to China.", "china": "Kim went to China."}


def linked_html(markdown_text: str, names: dict[str, str]) -> str:
    """`markdown_text` with its names linked, converted as the site converts pages."""
    matcher = NameMatcher({name: name for name in names})
    return site_markdown().convert(link_names(markdown_text, matcher, lambda name: names[name]))


def test_names_in_code_are_never_linked_however_the_code_is_written():
    names = {"Kim Jong Un": "kim.md", "China": "china.md", "Xi": "xi.md"}
    text = ("Intro.\n\n    Kim Jong Un in an indented code block\n\n"
            "``` ``China`` ``` and `` `Xi` `` in code spans.\n\n"
            "- a list\n\n        Kim Jong Un in code inside the list\n")
    html = linked_html(text, names)
    assert "<a " not in html, html
    assert "Kim Jong Un in an indented code block" in html and "\ue000" not in html


def test_names_in_links_and_headings_stay_text_and_elsewhere_become_links():
    names = {"China": "china.md", "Xi": "xi.md"}
    html = linked_html("# China today\n\n[the China story](https://example.org/China) and Xi.", names)
    assert '<h1 id="china-today">China today' in html
    assert '<a href="https://example.org/China">the China story</a>' in html
    assert '<a href="xi.md">Xi</a>' in html
    assert "\ue000" not in html and "\ue002" not in html


def test_names_in_reference_labels_and_their_definitions_are_left_alone():
    names = {"Rudolf V": "rudolf.md"}
    html = linked_html("See [the king][Rudolf V], or [Rudolf V].\n\n[Rudolf V]: https://example.org/rudolf\n", names)
    assert html.count('<a href="https://example.org/rudolf">') == 2, html
    assert '<a href="rudolf.md">' not in html


def test_a_fence_whose_opening_line_holds_a_name_stays_a_fence():
    names = {"Strelsau": "strelsau.md"}
    html = linked_html("The King.\n\n~~~Strelsau\n\nHe was born in [Zenda](#cite:x).\n\n~~~\n", names)
    assert "<pre" in html and "<a " not in html, html


def test_a_quote_mark_inside_a_line_marks_nothing():
    # Read as quote marks wherever they stood, " > " made "`` > `" a fence that hid the rest.
    names = {"Strelsau": "strelsau.md"}
    html = linked_html("`` > ` is odd.\n\nStrelsau is old.\n", names)
    assert '<a href="strelsau.md">Strelsau</a> is old' in html, html
    assert linked_html("> ```\n> Strelsau\n> ```\n", names).count("<a ") == 0


def test_mentions_are_found_in_prose_only_and_quoted_as_the_reader_sees_them():
    matcher = NameMatcher({"Strelsau Daily": "daily", "Strelsau": "strelsau"})
    text = ("See `Strelsau\nDaily` and ``x ` Strelsau`` here.\n\n"
            "AT&amp;T and *Strelsau Daily* \\[sic\\] report.\n\n"
            "!!! note \"Press\"\n    Strelsau is old.\n\n"
            "    Strelsau in code.\n")
    assert dict(mention_sentences(text, matcher)) == {
        "daily": "AT&T and Strelsau Daily [sic] report.", "strelsau": "Strelsau is old."}


# Pieces of editors' Markdown around names: links, nested brackets, references and their
# definitions (with a title on the next line), code, tags, addresses, emphasis, lists, breaks.
PIECES = ["Kim Jong Un", "China", "Xi", "Kim", " ", " ", "\n", "\n\n", "[", "]", "(", ")", "](x.md)", "][ref]",
          "[ref]: https://example.org/r", '\n   "Xi of China"', "`", "<", ">", "<https://example.org/China>",
          "https://example.org/Xi", "*", "_", "- ", "1. ", "    ", "> ", "\\[", "\\]", "\\", "!", "met", "in", ".",
          "[China]: https://example.org/c", "[xi]: https://example.org/x 'Xi (of China)'", "](https://e.org 'China (PRC)')",
          '\n    "Kim\'s \"China\""', "\n    (China (PRC))"]
NAMES = {"Kim Jong Un": "kim.md", "Kim": "kim.md", "China": "../countries/china.md", "Xi": "xi.md"}


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_the_exports_markdown_links_make_the_pages_html(text):
    # The site turns name-link tokens into links where Python-Markdown makes links possible; the
    # export writes them as Markdown links. Both must give the page the same HTML, for every
    # summary the checker lets through (it refuses headings, where the site shows no links).
    assume(next(markdown_problems(text), None) is None)
    matcher = NameMatcher({name: name for name in NAMES})
    tokens = link_names(text, matcher, lambda name: NAMES[name])
    assert site_markdown().convert(markdown_name_links(tokens)) == site_markdown().convert(tokens)


def test_the_export_writes_name_links_as_markdown_links():
    matcher = NameMatcher({name: name for name in NAMES})
    tokens = link_names("Xi met Kim in China [with Kim [and China]](x.md).", matcher, lambda name: NAMES[name])
    assert markdown_name_links(tokens) == "[Xi](xi.md) met [Kim](kim.md) in [China](../countries/china.md) [with Kim [and China]](x.md)."
