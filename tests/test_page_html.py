"""`page_html` gives generated pages exactly the HTML MkDocs and Python-Markdown give them.

- Whole sites (the shipped briefings, and synthetic ones) built with it and without it are
  identical, file for file; in the build without it, every generated page is converted both ways
  and compared: HTML, table of contents, title, anchors and links to anchors.
- On random pages in the shapes our templates write, and on random text in them, what it
  converts equals Python-Markdown's conversion; what it cannot read it declines.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown import Markdown

from conftest import REPO, tree_snapshot
from generator import page_html
from generator.markdown_extension import SITE_EXTENSIONS, BriefingsExtension, heading_id
from generator.text import escape, name_link

sys.path.insert(0, str(REPO / "bench"))
from synth import synthesise  # noqa: E402

HOOK = REPO / "tests" / "hooks" / "compare_conversions.py"
# Generated pages `page_html` does not read, each for a reason that is not worth its code: code
# spans (the field reference, the build report) and cards (the countries' index, and an earlier
# edition's home page).
DECLINED = {"fields.md", "report.md", "countries/index.md", "index.md"}


def _build(project: Path, site: Path, hook: bool) -> subprocess.CompletedProcess[str]:
    config = project / ("compare.yml" if hook else "mkdocs.yml")
    if hook:
        text = (project / "mkdocs.yml").read_text("utf-8")
        config.write_text(f"hooks:\n  - {HOOK}\n" + text, "utf-8")
    scratch = Path(tempfile.mkdtemp(prefix="build-tmp-"))
    try:
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config), "--site-dir", str(site)],
            cwd=project, capture_output=True, text=True, timeout=600,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(scratch),
                 "CONVERSION_REPORT": str(project / "report.json")},
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _project(destination: Path, synthetic: int | None) -> Path:
    destination.mkdir()
    for name in ("mkdocs.yml", "docs"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, destination / name)
    if synthetic is None:
        shutil.copytree(REPO / "briefings", destination / "briefings")
    else:
        synthesise(destination / "briefings", synthetic)
        # The hand-written pages link to shipped records that synthetic briefings lack.
        config = destination / "mkdocs.yml"
        config.write_text(config.read_text("utf-8").replace("strict: true", "strict: false"), "utf-8")
    return destination


@pytest.mark.parametrize("synthetic", [None, 60], ids=["shipped", "synthetic"])
def test_a_site_built_with_page_html_is_the_site_python_markdown_builds(tmp_path, synthetic):
    """And the search index is the one Material's parser makes (`search_sections`)."""
    project = _project(tmp_path / "project", synthetic)
    stock = _build(project, tmp_path / "stock", hook=True)
    assert stock.returncode == 0, stock.stderr
    report = json.loads((project / "report.json").read_text("utf-8"))
    ours = _build(project, tmp_path / "ours", hook=False)
    assert ours.returncode == 0, ours.stderr

    assert report["differ"] == {}
    assert report["markdown kept"] == []  # memory that nothing reads once a page is converted
    # and the title MkDocs found with it stays
    assert report["titles"] and all(len(titles) == 2 and titles[0] and titles[0] == titles[1]
                                    for titles in report["titles"].values()), report["titles"]
    declined = {uri.removeprefix(uri[:uri.index("/", len("editions/")) + 1]) if uri.startswith("editions/") else uri
                for uri in report["declined"]}
    assert declined <= DECLINED, declined
    assert len(report["converted"]) > 100
    assert tree_snapshot(tmp_path / "ours") == tree_snapshot(tmp_path / "stock")
    assert ours.stderr == stock.stderr  # the same warnings, if any


# Random pages in our templates' shapes.


def reference(markdown: str) -> tuple[str, list]:
    """Python-Markdown's conversion with the site's extensions and options, as MkDocs runs it."""
    return reference_page(markdown)[:2]


def reference_page(markdown: str) -> tuple[str, list, set[str], str | None]:
    """Python-Markdown's conversion, table of contents, anchors and title, as MkDocs's `Page.render`
    makes them (with MkDocs's own processors for the anchors and title; links are not rewritten)."""
    from mkdocs.structure.pages import _ExtractAnchorsTreeprocessor, _ExtractTitleTreeprocessor, _RawHTMLPreprocessor

    converter = Markdown(
        extensions=[*SITE_EXTENSIONS, BriefingsExtension()],
        extension_configs={"toc": {"permalink": True, "slugify": heading_id}, "tables": {"use_align_attribute": True}},
    )
    raw_html = _RawHTMLPreprocessor()
    raw_html._register(converter)
    anchors = _ExtractAnchorsTreeprocessor(None, None, None)  # type: ignore[arg-type]
    anchors._register(converter)
    title = _ExtractTitleTreeprocessor()
    title._register(converter)
    content = converter.convert(markdown)
    return content, converter.toc_tokens, anchors.present_anchor_ids | raw_html.present_anchor_ids, title.title


def ours(markdown: str) -> page_html.PageHtml | None:
    return page_html.convert(markdown, lambda url: url)


WORDS = st.sampled_from(["Kim", "Jong", "Un", "Xi", "summit", "Tô Lâm", "2019", "‘talks’", "—", "·", "“no”",
                         "a", "b", "1.", "Hanoi,", "U.S.", "–", "é", "日本"])
RISKY = st.sampled_from(["*", "**", "_", "__", "[", "]", "(", ")", "<", ">", "&", "!", "\\", "#", "|", "`", "~",
                         "\ue000", "&amp;", "&#39;", "&nbsp;", "&x", "<b>", "</b>", "<a name=\"n\">", "<br>",
                         "<http://x>", "<a@b.c>", "![i](x.png)", "[^1]", "  ", "\\*", "\\_", "\\[", "\\`", "\\q"])
TAGS = st.sampled_from(['<time datetime="2019-01-10">2019-01-10</time>',
                        '<sup id="cite-back:a"><a class="footnote-ref" href="#cite:a">1</a></sup>',
                        '<sup>,</sup>', '<br>', '<small class="infobox__date">as of 2019</small>',
                        '<span class="stale">Stale</span>', '<span class="verified">[✓ checked](a.md#passages)</span>'])
URLS = st.sampled_from(["a.md", "../people/kim.md", "../b/c.md#timeline", "#facts", "https://e.org/a?b=1&c=2",
                        "https://e.org/(x)", "a b.md", "x.md \"title\"", "", "data.json"])


@st.composite
def plain(draw, names: bool = True, links: bool = True) -> str:
    """Text as the templates write it: escaped values, dates, citations, links (never in headings),
    emphasis, and (in summaries, never inside HTML marked `markdown`) names to link."""
    pieces = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 5 if names else 4))
        kind = 5 if kind == 4 and not names else kind
        kind = 0 if kind == 2 and not links else kind
        words = " ".join(draw(st.lists(WORDS, min_size=1, max_size=4)))
        if kind == 0:
            pieces.append(escape(words + draw(st.sampled_from(["", " (x)", " [y]", " *z*", " a_b", " #1", " <i>", " &"]))))
        elif kind == 1:
            pieces.append(draw(TAGS if links else TAGS.filter(lambda tag: "[" not in tag)))
        elif kind == 2:
            pieces.append(f"[{escape(words)}]({draw(URLS.filter(lambda url: url and ' ' not in url))})")
        elif kind == 3:
            pieces.append(draw(st.sampled_from(["*", "**"])).join(["", escape(words), ""]))
        elif kind == 4:
            pieces.append(name_link("../people/" + words.split()[0].lower() + ".md", words))
        else:
            pieces.append(draw(st.sampled_from([" · ", ", ", ": “", "” ", " — "])))
    return " ".join(pieces).strip() or "x"


@st.composite
def wild(draw) -> str:
    """Text with anything in it that Markdown reads: what `page_html` must convert right or decline."""
    pieces = draw(st.lists(st.one_of(WORDS, RISKY, TAGS, plain(),
                                     st.builds(lambda text, url: f"[{text}]({url})", WORDS, URLS)), min_size=1, max_size=8))
    return "".join(draw(st.sampled_from(["", " "])) + piece for piece in pieces).strip() or "x"


def _page(draw, text, marked, heading) -> str:
    """A page of blocks in our templates' shapes, with `text` in them (`marked` inside HTML marked
    `markdown`, `heading` in headings)."""
    blocks = []
    for _ in range(draw(st.integers(1, 8))):
        shape = draw(st.integers(0, 11))
        if shape == 0:
            blocks.append("#" * draw(st.integers(1, 3)) + " " + draw(heading))
        elif shape == 1:
            blocks.append("\n".join(draw(text) for _ in range(draw(st.integers(1, 3)))))
        elif shape == 2:
            blocks.append("\n".join("- " + draw(text) for _ in range(draw(st.integers(1, 3)))))
        elif shape == 3:
            blocks.append(f"> {draw(text)}\n>\n> — {draw(text)}")
        elif shape == 4:
            columns = draw(st.integers(1, 3))
            rows = ["| " + " | ".join(draw(text) for _ in range(columns)) + " |"
                    for _ in range(draw(st.integers(1, 3)))]
            divider = "|" + "|".join(draw(st.sampled_from([" --- ", " ---: ", " :---: "])) for _ in range(columns)) + "|"
            blocks.append("\n".join([rows[0], divider, *rows[1:]]))
        elif shape == 5:
            blocks.append(f'<p class="edition" data-search-exclude="true" markdown="span">{draw(marked)}</p>')
        elif shape == 6:
            rows = "\n".join(f'<tr markdown><th scope="row" markdown="span">{draw(marked)}</th>'
                             f'<td markdown="span">{draw(marked)}</td></tr>' for _ in range(draw(st.integers(1, 2))))
            figure = draw(st.sampled_from(["", '\n<figure class="locator-map" data-search-exclude="true">'
                                                '<svg><title id="map-t">Map</title></svg></figure>']))
            blocks.append(f'<aside class="infobox" aria-label="At a glance" markdown>\n'
                          f'<table class="infobox__table" markdown>\n{rows}\n</table>{figure}\n\n</aside>')
        elif shape == 7:
            items = "\n".join("- " + draw(marked) for _ in range(draw(st.integers(1, 2))))
            blocks.append(f"<details markdown>\n<summary>Show 2 more</summary>\n\n**People**\n\n{items}\n\n</details>")
        elif shape == 8:
            items = "\n".join(f'<li id="cite:s{number}" markdown>{draw(marked)} '
                              f'<a class="footnote-backref" href="#cite-back:s{number}">↩</a></li>'
                              for number in range(draw(st.integers(1, 3))))
            blocks.append(f'<div class="footnote" markdown>\n<ol markdown>\n{items}\n</ol>\n</div>')
        elif shape == 9:
            blocks.append('<figure class="relations-diagram" data-search-exclude="true"><svg><title id="d">'
                          'Relations</title></svg><figcaption>Relations</figcaption></figure>')
        elif shape == 10:
            blocks.append('<div class="admonition note"><p class="admonition-title">Our summary</p><p>Ours.</p></div>')
        else:
            blocks.append("**" + escape(draw(WORDS)) + "**")  # a month over a timeline
    return draw(st.sampled_from(["\n\n", "\n\n\n"])).join(blocks) + "\n"


@st.composite
def template_pages(draw) -> str:
    return _page(draw, plain(), plain(names=False), plain(links=False))


@st.composite
def wild_pages(draw) -> str:
    text = st.one_of(plain(), wild())
    return _page(draw, text, text, text)


def _same_as_python_markdown(markdown: str, converted: page_html.PageHtml) -> None:
    expected_html, expected_toc, expected_anchors, expected_title = reference_page(markdown)
    assert converted.content == expected_html
    assert converted.toc_tokens == expected_toc
    assert converted.anchors == expected_anchors
    assert converted.title == expected_title


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(template_pages())
def test_pages_in_our_templates_shapes_convert_as_python_markdown_converts_them(markdown):
    converted = ours(markdown)
    if converted is None:
        # Only for what is not text in Python-Markdown's eyes either (a line that opens with a
        # number and a full stop is a list), or not worth reading: an escaped bracket in a link's
        # text, emphasis in emphasis, two lists apart by a blank line (which Python-Markdown joins).
        assert ("\\[" in markdown or "***" in markdown or re.search(r"(?m)^(?:[-|>] ?)?[0-9]+\. ", markdown)
                or re.search(r"(?m)^- .*\n\n+- ", markdown)), markdown
        return
    _same_as_python_markdown(markdown, converted)


@SETTINGS
@given(wild_pages())
def test_what_page_html_converts_is_what_python_markdown_makes_of_it(markdown):
    converted = ours(markdown)
    if converted is not None:
        _same_as_python_markdown(markdown, converted)


@pytest.mark.parametrize("markdown", [
    "Some `code` here",
    "![a map](map.png)",
    "- a\n- b\n\n- c",  # a list Python-Markdown makes loose
    "- a\n  b",  # a lazy line
    "Text\n---",  # a heading underlined
    "# Title #",  # a closing hash Python-Markdown takes off
    "[a [b] c](x.md)",  # brackets in a link's text
    "[a](x.md \"a title\")",
    "<section markdown>\n*a*\n</section>",
    "<div markdown>\n<div markdown>\n*a*\n</div>\n</div>",
    "a * b",  # a star that opens nothing
    "**a*",
    "<http://example.org>",
    "Text  \nbroken",
    "[link](/absolute.md)",
])
def test_what_it_does_not_read_it_declines(markdown):
    def resolve(url: str) -> str | None:
        return None if url.startswith("/") else url

    assert page_html.convert(markdown, resolve) is None


@pytest.mark.parametrize("markdown", [
    "<div markdown>\n*a*\n\n- b\n</div>",
    "| a | b |\n| :--- | :---: |",  # no rows: one empty row
    "Tom &amp; Jerry & AT&T > 2 · 1",
    "> “a”\n>\n> — b\n\n> “c”",  # a second quote joins the first
    "# Kim Jong Un\n\n## Kim Jong Un\n\n## Kim Jong Un",
    "*[ABC](abc.md), <time datetime=\"2019-01-10\">2019-01-10</time>.* [Read](https://e.org/a_(b))",
])
def test_what_it_reads_it_converts_as_python_markdown_does(markdown):
    converted = ours(markdown)
    assert converted is not None
    _same_as_python_markdown(markdown, converted)


@pytest.mark.parametrize("markdown", [
    "Kim met Xi | Hanoi\n-|-", "> a | b\n> --- | ---",  # tables without a leading pipe
    "x <b =x>y</b>", 'x <b a="x"y>z</b>', "x <b a=x=y>z</b>", "x <b a=>z</b>", 'x <span "">z</span>',
    'x <b a="x>y</b>', "x <b a='x>y'>z</b>", 'x <a title="[a](b.md)" href="#x">y</a>',
    "[a](x.md?a=1&amp;b=2)", "[a](x.md#&#65;)", "[a](x.md?a=1&b=2)",
    "a &#X41; b", "a &#65 b", "# a &#65 b", "&#;</b>", "a &#x4g; b", "AT&T and R&amp;D",
    "| a |\n|---|\n| b\u00a0|", "| \u00a0a |\n|---|\n| b |",
    "a\x02b", "# a\x02b",
    "Watch \ue000../shows/mash.md\ue001M*A*S*H\ue002 tonight.", "x \ue000u.md\ue001_Kim_\ue002 y",
    "x \ue000u.md\ue001AT&amp;T\ue002 y", "x \ue000u.md\ue001[a](b.md)\ue002 y",
    ">", "> a\n>", "> a\n>\n>\n> b",
    "<figure>a</figure>b</figure>", '<p markdown="span">a</p>b</p>', "<ol markdown>\n<li markdown>x</li>y</li>\n</ol>",
    "<div><span>a</div>b</span></div>",
    '<table markdown>\n<tr markdown><td markdown="span">a</tr></td></tr>\n</table>',
    "<div markdown='1'>*a*</div>", "<div markdown=1>*a*</div>", "<div MARKDOWN>*a*</div>",
    "<aside markdown>\n<figure><figcaption>x</figcaption></figure>\n</aside>",
    "<details markdown>\n<summary>S</summary>\n\n<div><p>x</p></div>\n</details>",
    "<ol markdown>\n<li markdown>x</li>\n</ol>\n\n- a",
    "<div>:<b>x</div>", "a <b>c\n\n<div>x</div>",
    'x <span id = "q">a</span>', 'x <span ID="q">a</span>', 'x <A NAME="q">a</A>',
    '| a |\n|---|\n| b | <span id="q">c</span> |', 'x <span title="a id=q">a</span>', 'x <span>a</span id="q"> y',
    "## See [Kim](kim.md)",
])
def test_what_python_markdown_reads_otherwise_is_declined_or_converted_alike(markdown):
    """Inputs on which an earlier version of `page_html` gave other HTML, anchors or contents than
    Python-Markdown (found in review): each is now declined, or converted alike."""
    converted = ours(markdown)
    if converted is not None:
        _same_as_python_markdown(markdown, converted)


def test_a_link_the_resolver_refuses_declines_the_page():
    assert page_html.convert("[Kim](kim.md)", lambda url: url) is not None
    assert page_html.convert("[Kim](kim.md)", lambda url: None) is None


def test_headings_take_unique_ids_around_the_ids_the_page_holds():
    markdown = ('## Facts\n\n## Facts\n\n<div class="footnote" markdown>\n<ol markdown>\n'
                '<li id="timeline" markdown>x</li>\n</ol>\n</div>\n\n## Timeline\n')
    converted = ours(markdown)
    assert converted is not None
    assert [token["id"] for token in converted.toc_tokens] == ["facts", "facts_1", "timeline_1"]
    assert converted.anchors == {"facts", "facts_1", "timeline", "timeline_1"}
    _same_as_python_markdown(markdown, converted)


# Links, as MkDocs rewrites them.

LINKS = ["kim.md", "kim.md#timeline", "../countries/north-korea.md", "../countries/north-korea.md#facts",
         "#facts", "?q=1", "kim.md?q=1#x", "../index.md", "../countries/", "../countries/index.md",
         "https://example.org/a?b=1&c=2", "mailto:a@example.org", "/people/kim.md", "missing.md",
         "../draft.md", "kim%20jong.md", "./kim.md", "../people/../people/kim.md", "data.json", "../data/x.json"]


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory URLs", "file URLs"])
@pytest.mark.parametrize("page", ["people/xi.md", "index.md", "countries/index.md"])
def test_links_are_rewritten_as_mkdocs_rewrites_them(tmp_path, caplog, directory_urls, page):
    """What `page_conversion` gives a link is what MkDocs gives it; the links MkDocs would warn
    about (a missing page, an excluded one, an absolute path) decline the page instead, and the
    links to anchors are noted as MkDocs notes them."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files, InclusionLevel
    from mkdocs.structure.pages import _RelativePathTreeprocessor

    from generator import page_conversion

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\nuse_directory_urls: {str(directory_urls).lower()}\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    names = ["index.md", "people/xi.md", "people/kim.md", "people/kim jong.md", "countries/index.md",
             "countries/north-korea.md", "data/x.json", "draft.md"]
    files = Files([File(name, str(tmp_path / "docs"), str(tmp_path / "site"), directory_urls,
                        inclusion=InclusionLevel.EXCLUDED if name == "draft.md" else InclusionLevel.UNDEFINED)
                   for name in names])
    file = files.get_file_from_path(page)
    ours = page_conversion._Links(file, page_conversion.Targets(files))
    theirs = _RelativePathTreeprocessor(file, files, config)
    caplog.set_level(logging.INFO)  # MkDocs tells of some links at INFO (validation: unrecognized_links)
    declined = []
    for url in LINKS:
        caplog.clear()
        expected = theirs.path_to_url(url)
        resolved = ours.resolve(url)
        if resolved is None:
            declined.append(url)
            assert caplog.records, f"{url}: declined, though MkDocs rewrites it without a word"
        else:
            assert resolved == expected, url
            assert not caplog.records, url
    assert "/people/kim.md" in declined and "missing.md" in declined
    if page == "people/xi.md":  # the page the links were written for
        assert declined == ["../countries/", "/people/kim.md", "missing.md", "../draft.md", "data.json"]
    assert {f.src_uri: anchors for f, anchors in ours.to_anchors.items()} == \
        {f.src_uri: anchors for f, anchors in theirs.links_to_anchors.items()}


def test_only_a_site_converted_as_page_html_converts_uses_it():
    from types import SimpleNamespace

    from generator import page_conversion

    def config(extensions, configs):
        return SimpleNamespace(markdown_extensions=extensions, mdx_configs=configs)

    site = config(list(page_conversion.EXTENSIONS), dict(page_conversion.EXTENSION_CONFIGS))
    assert page_conversion.matches(site)
    assert not page_conversion.matches(config([*page_conversion.EXTENSIONS, "attr_list"], site.mdx_configs))
    assert not page_conversion.matches(config([*page_conversion.EXTENSIONS, BriefingsExtension()], site.mdx_configs))
    assert not page_conversion.matches(config(site.markdown_extensions, {**site.mdx_configs, "toc": {"permalink": "#"}}))
