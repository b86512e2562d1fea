"""`search_sections` makes of each page the sections Material's search parser makes of it.

The sites built with it and without it are compared file for file, search index included, in
`tests/test_page_html.py`; here, random HTML (as the sanitizer writes it, and as it comes) is read
both ways, and the speed-up is held in place for the Material version we pin.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import Parser

from generator import search_sections
from generator.sanitize import sanitize


def material(content: str) -> list:
    parser = Parser()
    parser.feed(content)
    parser.close()
    return parser.data


def described(sections: list) -> list[tuple]:
    return [(section.el.tag, section.el.attrs, section.id, section.depth, "".join(section.title),
             "".join(section.text), section.is_excluded()) for section in sections]


def test_it_stands_in_for_the_material_parser_we_pin():
    """A new Material fails here, so that its parser is read again before `sections` stands in for it."""
    assert search_sections.AVAILABLE, search_sections.material_digest()


OPENINGS = st.sampled_from([
    "<p>", "<h1 id=\"a\">", "<h2 id=\"b\">", "<h3>", "<h2 id=\"b\" data-search-exclude=\"true\">",
    '<a class="headerlink" href="#b">', "<a href=\"x\">", "<ul>", "<ol>", "<li>", "<pre>", "<code>",
    '<figure data-search-exclude="true">', '<p class="edition" data-search-exclude="true">',
    '<div class="linenodiv">', "<div>", "<table>", "<tr>", "<td>", "<details>", "<summary>", "<sup>",
    "<sub>", "<em>", "<br>", "<img src=\"x.png\" alt=\"A &amp; B\">", "<svg>", "<title id=\"t\">",
    "<span class=\"stale\">", "<aside aria-label=\"At a glance\" class=\"infobox\">", "<script>", "<style>",
])
CLOSINGS = st.sampled_from(["</p>", "</h1>", "</h2>", "</h3>", "</a>", "</ul>", "</ol>", "</li>", "</pre>",
                            "</code>", "</figure>", "</div>", "</table>", "</td>", "</details>", "</sup>",
                            "</em>", "</svg>", "</title>", "</span>", "</aside>", "</script>"])
TEXT = st.sampled_from(["Kim", " ", "\n", "  \n ", "a &amp; b", "&lt;x&gt;", "&nbsp;", "¶", "“q”", "日本",
                        "1 < 2", "x\ny", "&#39;", "&unknown;", "a&b"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(OPENINGS, CLOSINGS, TEXT), max_size=40))
def test_random_html_gives_the_sections_material_gives(pieces):
    content = "".join(pieces)
    assert described(search_sections.sections(content)) == described(material(content))
    clean = sanitize(content)  # as every page reaches the index
    assert described(search_sections.sections(clean)) == described(material(clean))
    if "<script" not in content and "<style" not in content:
        assert search_sections.SHAPE.fullmatch(clean), clean  # the sanitizer's HTML is read here, not by Material


WORDS = st.sampled_from(["Kim Jong Un", "a &amp; b", "x\ny", " ", "“q”", "2019", "&lt;b&gt;"])


@st.composite
def pages(draw) -> str:
    """Pages in the shapes ours have: headings with permalinks, paragraphs, lists, tables, figures
    left out of search, an edition line, nested elements."""
    blocks = []
    for number in range(draw(st.integers(1, 10))):
        shape = draw(st.integers(0, 6))
        words = draw(WORDS)
        if shape == 0:
            level = draw(st.integers(1, 3))
            identifier = draw(st.sampled_from([f' id="s{number}"', ""]))
            blocks.append(f'<h{level}{identifier}>{words}<a class="headerlink" href="#s{number}">¶</a></h{level}>')
        elif shape == 1:
            blocks.append(f"<p>{words} <em>{draw(WORDS)}</em><sup>1</sup></p>")
        elif shape == 2:
            blocks.append(f"<ul>\n<li>{words}</li>\n<li><p>{draw(WORDS)}</p></li>\n</ul>")
        elif shape == 3:
            blocks.append(f'<figure data-search-exclude="true"><svg><title id="t">{words}</title></svg>'
                          f"<figcaption>{draw(WORDS)}</figcaption></figure>")
        elif shape == 4:
            blocks.append(f'<p class="edition" data-search-exclude="true">{words}</p>')
        elif shape == 5:
            blocks.append(f"<details>\n<summary>{words}</summary>\n<h3 id=\"d{number}\">{draw(WORDS)}</h3>\n"
                          f"<p>{draw(WORDS)}</p>\n</details>")
        else:
            blocks.append(f"<table>\n<tr>\n<th>{words}</th>\n<td><p></p>{draw(WORDS)}</td>\n</tr>\n</table>")
    return "\n".join(blocks)


@settings(max_examples=300, deadline=None)
@given(pages())
def test_pages_give_the_sections_material_gives(content):
    clean = sanitize(content)
    assert search_sections.SHAPE.fullmatch(clean)
    assert described(search_sections.sections(clean)) == described(material(clean))
