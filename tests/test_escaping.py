"""Text that passes the checker reaches pages as text: it can never become markup or script."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

import yaml

from mkdocs.utils.meta import get_data

from conftest import MINIMAL, copy_briefings
from generator.markdown_extension import site_markdown
from generator.pipeline import generate

# Each passes the checker (no tag-like `<`), yet would be markup if pasted into a page unescaped.
PAYLOADS = [
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#x3C;img src=x onerror=alert(2)&#x3E;",
    "[click](javascript:alert(3))",
    "{: onclick=alert(4) }",
    "a < b | c > d *e* _f_ `g` ![h](x.png)",
]


class MarkupAudit(HTMLParser):
    """Collects what in an HTML page could run or load: elements and attributes, not text."""

    def __init__(self) -> None:
        super().__init__()
        self.dangers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "img", "iframe", "object", "embed", "style"):
            self.dangers.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith(("javascript:", "data:")):
                self.dangers.append(f"<{tag} {name}={value!r}>")


def dangers(html: str) -> list[str]:
    audit = MarkupAudit()
    audit.feed(html)
    return audit.dangers


def _double_quoted(text: str) -> str:
    return yaml.safe_dump(text, default_style='"', width=1_000_000).strip()


def test_hostile_text_in_every_plain_field_stays_text(tmp_path):
    root = copy_briefings(MINIMAL, tmp_path)
    payload = " ".join(PAYLOADS)
    quoted = yaml.safe_dump(payload, default_style='"').strip()
    for path in root.rglob("*.yaml"):
        text = path.read_text()
        for field in ("label", "value", "stance", "office", "title", "publisher"):
            text = re.sub(rf"^(\s*(?:- )?{field}): .*$", lambda m: f"{m.group(1)}: {quoted}", text, flags=re.M)
        text = re.sub(r"^aliases: \[(.*)\]$", lambda m: f"aliases: [{m.group(1)}, {_double_quoted(m.group(1) + ' ' + payload)}]",
                      text, flags=re.M)
        # names stay each record's own (two records may not share one): the payload follows the name
        text = re.sub(r"^name: (.*)$", lambda m: "name: " + _double_quoted(f"{m.group(1)} {payload}"), text, flags=re.M)
        path.write_text(text)
    article = root / "articles" / "daily-2020-03-02-coronation.md"
    text = re.sub(r"^(\s*words|\s*context|author|dateline): .*$", lambda m: f"{m.group(1)}: {quoted}",
                  article.read_text(), flags=re.M)
    article.write_text(text.replace("passages:\n", f"passages:\n  - {quoted}\n"))  # where the quote is checked

    _site, pages = generate(root)

    converter = site_markdown(sanitized=False)  # escaping alone must do it: no sanitizer behind it
    for path, page in pages.items():
        body, meta = get_data(page)  # as MkDocs reads a page: front matter apart
        assert "<" not in meta["title"] and "&lt;script" not in meta["title"], path  # the theme shows it as HTML
        assert dangers(converter.reset().convert(body)) == [], path
    # Shown exactly as the editor typed it: the entity text itself, not what it would decode to.
    country_html = converter.reset().convert(get_data(pages["countries/ruritania.md"])[0])
    assert "&amp;lt;script&amp;gt;" in get_data(pages["countries/ruritania.md"])[1]["title"]
    assert "&amp;lt;script&amp;gt;alert(1)" in country_html


# Input the checker accepts, which once went wrong on the page: each is shown as written, safely.


def _page_html(pages: dict[str, str], path: str) -> str:
    from generator.markdown_extension import site_markdown

    return site_markdown().convert(get_data(pages[path])[0])


def test_an_address_that_closes_its_link_stays_one_link(tmp_path):
    root = copy_briefings(MINIMAL, tmp_path)
    sheet = root / "references" / "encyclopedia-ruritania.yaml"
    address = "https://encyclopedia.example.org/a)_**bold**_![x](https://tracker.example/p.png)"
    sheet.write_text(sheet.read_text().replace("https://encyclopedia.example.org/ruritania", address))

    _site, pages = generate(root)

    page = _page_html(pages, "countries/ruritania.md")
    source = re.search(r'<li id="cite:encyclopedia-ruritania">.*?</li>', page).group(0)
    expected = "https://encyclopedia.example.org/a%29_%2A%2Abold%2A%2A_!%5Bx%5D%28https://tracker.example/p.png%29"
    assert f'“<a href="{expected}">Ruritania</a>”, accessed' in source
    assert "<img" not in page and "<strong>" not in source and "<em>" not in source


def test_the_footnote_marker_in_a_summary_is_only_text(tmp_path):
    root = copy_briefings(MINIMAL, tmp_path)
    sheet = root / "places" / "strelsau.yaml"
    sheet.write_text(sheet.read_text().replace(
        "summary: The capital of Ruritania.", "summary: The capital ///Footnotes Go Here/// of Ruritania."))

    _site, pages = generate(root)

    page = _page_html(pages, "places/strelsau.md")
    summary = page[: page.index("Last reviewed")]
    assert "///Footnotes Go Here///" in summary
    assert "footnote" not in summary and "<ol" not in summary


def test_a_name_outside_the_basic_multilingual_plane_is_the_page_title_heading_and_data(tmp_path):
    import json

    from test_site_build import copy_project, mkdocs_build

    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "briefings")
    root = copy_briefings(MINIMAL, project)
    name = "Coronation in 𠮷野家 \U0001F451"
    event = root / "events" / "coronation.yaml"
    event.write_text(event.read_text("utf-8").replace("name: Coronation of Rudolf V", f"name: {name}"), "utf-8")

    built = mkdocs_build(project, project / "site")

    assert built.returncode == 0, built.stderr
    page = (project / "site" / "events" / "coronation" / "index.html").read_text("utf-8")
    assert f"<title>{name} - Briefings</title>" in page
    assert re.search(rf'<h1 id="[^"]*">{name}<a class="headerlink"', page)
    assert "title:" not in page
    index = json.loads((project / "site" / "search" / "search_index.json").read_text("utf-8"))
    assert name in [doc["title"] for doc in index["docs"]]
    assert json.loads((project / "site" / "data" / "events" / "coronation.json").read_text("utf-8"))["record"]["name"] == name
    assert f"<title>{name}</title>" in (project / "site" / "feed.xml").read_text("utf-8")


def test_an_article_summary_that_starts_indented_stays_outside_the_sites_own_note(tmp_path):
    root = copy_briefings(MINIMAL, tmp_path)
    article = root / "articles" / "daily-2020-03-02-coronation.md"
    front, _body = article.read_text("utf-8").split("\n---\n", 1)
    article.write_text(front + "\n---\n    The king also abdicated.\n\nKing Rudolf was crowned.\n", "utf-8")

    _site, pages = generate(root)

    page = _page_html(pages, "articles/daily-2020-03-02-coronation.md")
    note = re.search(r'<div class="admonition note">.*?</div>', page, re.S).group(0)
    assert "abdicated" not in note and "Quotes below are verbatim" in note
    assert "<pre><code>The king also abdicated." in page
