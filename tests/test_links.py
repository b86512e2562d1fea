"""A link check over the built site: every internal link and anchor resolves; external links are
listed (in tests/artifacts/external-links.txt), never fetched."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from conftest import REPO


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        for attribute in ("href", "src"):
            if values.get(attribute) and not (tag == "link" and values.get("rel") in ("canonical", "alternate")):
                self.links.append(values[attribute])


def parse(path: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(path.read_text("utf-8"))
    return collector


def target_file(site: Path, page: Path, link: str) -> Path:
    path = unquote(urlsplit(link).path)
    base = page.parent.relative_to(site).as_posix()
    if path.startswith("/"):  # the 404 page links from the site root: it is served at any depth
        resolved = path.lstrip("/") or "."
    else:
        resolved = posixpath.normpath(posixpath.join(base, path)) if path else page.relative_to(site).as_posix()
    target = site / resolved
    return target / "index.html" if target.is_dir() or path.endswith("/") else target


def check_links(built_site: Path) -> tuple[list[str], set[str]]:
    """Broken internal links and anchors, and the external links, of every page under `built_site`."""
    parsed = {page: parse(page) for page in built_site.rglob("*.html")}
    broken, external = [], set()
    for page, collector in parsed.items():
        for link in collector.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto") or link.startswith("//"):
                external.add(link)
                continue
            if parts.scheme:
                broken.append(f"{page.relative_to(built_site)}: unexpected scheme in {link}")
                continue
            target = target_file(built_site, page, link)
            if not target.is_file():
                broken.append(f"{page.relative_to(built_site)}: {link} -> missing {target.relative_to(built_site)}")
            elif parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(built_site)}: {link} -> no anchor #{parts.fragment}")
    return broken, external


def test_every_internal_link_and_anchor_resolves(built_site: Path):
    broken, external = check_links(built_site)
    report = REPO / "tests" / "artifacts" / "external-links.txt"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("\n".join(sorted(external)) + "\n", "utf-8")
    assert broken == []
    assert external, "the sources' addresses should be listed"


def test_the_link_check_finds_missing_pages_and_anchors(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h1 id="top">A</h1><a href="../b/">b</a> <a href="#nowhere">x</a>')
    (tmp_path / "index.html").write_text('<a href="a/#top">a</a> <a href="https://example.org/">out</a>')
    broken, external = check_links(tmp_path)
    assert sorted(broken) == ["a/index.html: #nowhere -> no anchor #nowhere", "a/index.html: ../b/ -> missing b/index.html"]
    assert external == {"https://example.org/"}
