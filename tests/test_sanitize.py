"""The allowlist every page passes through: what it removes, that it removes nothing the site
makes, and that mkdocs.yml and the checker convert Markdown the same way."""

from __future__ import annotations

import pytest
import yaml
from markdown import Markdown

from conftest import REPO, SHIPPED
from generator.markdown_extension import NAME, SITE_EXTENSIONS, NameLinks
from generator.pipeline import generate
from generator.render import fill_placeholders, placeholder_blocks
from generator.sanitize import findings, sanitize

# input -> what reaches the page
ATTACKS = {
    '<script>alert(1)</script>after': "after",
    '<img src="https://tracker.example/p.png" alt="x">': "",
    '<a href="javascript:alert(1)">x</a>': "<a>x</a>",
    '<a href="JaVaScRiPt:alert(1)">x</a>': "<a>x</a>",
    '<a href="java\tscript:alert(1)">x</a>': "<a>x</a>",
    '<a href="&#106;avascript:alert(1)">x</a>': "<a>x</a>",
    '<a href="data:text/html,x">x</a>': "<a>x</a>",
    '<a href="vbscript:x">x</a>': "<a>x</a>",
    '<a href="//tracker.example/x">x</a>': "<a>x</a>",
    '<a href="/\\tracker.example/x">x</a>': "<a>x</a>",
    '<a href="https://example.org/a" onclick="alert(1)">x</a>': '<a href="https://example.org/a">x</a>',
    '<p style="background:url(https://tracker.example/p.png)">x</p>': "<p>x</p>",
    '<iframe src="https://tracker.example/"></iframe>x': "x",
    '<svg><image href="https://tracker.example/p.png"/><use href="#x"/></svg>': "<svg></svg>",
    '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>': "<svg><a><text>x</text></a></svg>",
    '<link rel="stylesheet" href="https://tracker.example/s.css">': "",
    '<style>@import url(https://tracker.example/s.css)</style>x': "x",
    '<form action="https://tracker.example/"><input name="x"></form>': "",
    '<video src="https://tracker.example/v.mp4"></video>': "",
    '<object data="https://tracker.example/x"></object>': "",
    '<meta http-equiv="refresh" content="0;url=https://tracker.example/">': "",
    '<base href="https://tracker.example/">': "",
    '<!-- a comment -->x': "x",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>': "",
    # a parsing trick (mutation XSS): what comes out is text
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>': '&lt;p title=""&gt;',
}
KEPT = [
    '<a href="../people/kim-jong-un/">Kim Jong Un</a>',
    '<a href="#cite-x" class="footnote-ref">1</a>',
    '<a href="mailto:editors@example.org">mail</a>',
    '<a href="https://example.org/a?b=c&amp;d=e#f" title="t">x</a>',
    '<time datetime="2019-01-10">2019-01-10</time>',
    '<h2 id="sources">Sources<a class="headerlink" href="#sources" title="Permanent link">¶</a></h2>',
]


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_the_sanitizer_removes_what_could_run_or_load(attack):
    assert sanitize(attack) == ATTACKS[attack]
    assert findings(sanitize(attack)) == []


@pytest.mark.parametrize("markup", KEPT)
def test_the_sanitizer_keeps_what_the_site_makes(markup):
    assert sanitize(markup) == markup
    assert findings(markup) == []


def _unsanitized() -> Markdown:
    """The site's converter without the last step, to see what the sanitizer would take away."""
    converter = Markdown(extensions=SITE_EXTENSIONS)
    converter.treeprocessors.register(NameLinks(converter), "briefings-name-links", 15)
    return converter


def test_the_allowlist_takes_nothing_from_the_pages_the_site_makes():
    site, pages = generate(SHIPPED)
    for docs_page in (REPO / "docs").glob("*.md"):
        path = docs_page.name
        pages[f"docs/{path}"] = fill_placeholders(docs_page.read_text("utf-8"), placeholder_blocks(site, path))
    converter = _unsanitized()
    for path, page in pages.items():
        html = converter.reset().convert(page)
        assert findings(html) == [], path
        assert sanitize(html).count("<a ") == html.count("<a "), path


def test_mkdocs_converts_pages_as_the_checker_does():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    names = [next(iter(item)) if isinstance(item, dict) else item for item in config["markdown_extensions"]]
    assert names == [*SITE_EXTENSIONS, NAME]
