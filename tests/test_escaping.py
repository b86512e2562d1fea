"""Text that passes the checker reaches pages as text: it can never become markup or script."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import yaml

from mkdocs.utils.meta import get_data

from conftest import MINIMAL, REPO, copy_briefings
from generator.pipeline import generate
from generator.schema import HTML_TAG

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


def _markdown_extensions() -> list:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    return [next(iter(item)) if isinstance(item, dict) else item for item in config["markdown_extensions"]]


def test_hostile_text_in_every_plain_field_stays_text(tmp_path):
    root = copy_briefings(MINIMAL, tmp_path)
    payload = " ".join(PAYLOADS)
    quoted = yaml.safe_dump(payload, default_style='"').strip()
    for path in root.rglob("*.yaml"):
        text = path.read_text()
        for field in ("name", "label", "value", "stance", "topic", "office", "title", "publisher"):
            text = re.sub(rf"^(\s*(?:- )?{field}): .*$", lambda m: f"{m.group(1)}: {quoted}", text, flags=re.M)
        path.write_text(text)
    article = root / "articles" / "daily-2020-03-02-coronation.md"
    text = re.sub(r"^(\s*words|\s*context|author|dateline): .*$", lambda m: f"{m.group(1)}: {quoted}",
                  article.read_text(), flags=re.M)
    article.write_text(text.replace("passages:\n", f"passages:\n  - {quoted}\n"))  # where the quote is checked

    _site, pages = generate(root)

    converter = markdown.Markdown(extensions=_markdown_extensions())
    for path, page in pages.items():
        body, meta = get_data(page)  # as MkDocs reads a page: front matter apart
        assert not HTML_TAG.search(meta["title"]), path
        assert dangers(converter.reset().convert(body)) == [], path
    # Shown exactly as the editor typed it: the entity text itself, not what it would decode to.
    country_html = converter.reset().convert(get_data(pages["countries/ruritania.md"])[0])
    assert "&amp;lt;script&amp;gt;alert(1)" in country_html
