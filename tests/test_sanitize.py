"""The allowlist every page passes through: what it removes, that it removes nothing the site
makes, and that mkdocs.yml and the checker convert Markdown the same way."""

from __future__ import annotations

import pytest
from markdown import Markdown

from mkdocs.config import load_config

from conftest import REPO, SHIPPED
from generator.markdown_extension import NAME, SITE_EXTENSION_CONFIGS, SITE_EXTENSIONS, NameLinks, site_markdown
from generator.pipeline import generate
from generator.render import placeholder_blocks
from generator.text import fill_placeholders
from generator.sanitize import audit, sanitize


def findings(html: str) -> list:
    return audit(html)[0]

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
    # addresses a browser reads after dropping spaces, controls, tabs and line breaks
    '<a href=" //tracker.example/x">x</a>': "<a>x</a>",
    '<a href="\x01//tracker.example/x">x</a>': "<a>x</a>",
    '<a href="/\t/tracker.example/x">x</a>': "<a>x</a>",
    '<a href="java&#10;script:alert(1)">x</a>': "<a>x</a>",
    # ids only where the site puts them; classes only the site's own
    '<pre id="cite:x">forged</pre>': "<pre>forged</pre>",
    '<div id="x" class="admonition md-dialog md-dialog--active">x</div>': '<div class="admonition">x</div>',
    '<p class="md-banner" style="position:fixed">x</p>': '<p class="">x</p>',
}
KEPT = [
    '<a href="../people/kim-jong-un/">Kim Jong Un</a>',
    '<a href="#cite:x" class="footnote-ref">1</a>',
    '<li id="cite:x">A source</li>',
    '<a href="mailto:editors@example.org">mail</a>',
    '<a href="https://example.org/a?b=c&amp;d=e#f" title="t">x</a>',
    '<time datetime="2019-01-10">2019-01-10</time>',
    '<h2 id="sources">Sources<a class="headerlink" href="#sources" title="Permanent link">¶</a></h2>',
    '<div class="admonition warning"><p class="admonition-title">Note</p></div>',
    '<table><tbody><tr><td align="right">1</td></tr></tbody></table>',
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
    converter = site_markdown(sanitized=False)
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
    config = load_config(str(REPO / "mkdocs.yml"))  # with the extensions MkDocs adds to every site
    assert sorted(config.markdown_extensions) == sorted([*SITE_EXTENSIONS, NAME])
    for name, options in SITE_EXTENSION_CONFIGS.items():
        assert {key: config.mdx_configs.get(name, {}).get(key) for key in options} == options
