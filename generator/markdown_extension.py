"""The Python-Markdown extension every page is converted with: name links, then the allowlist.

- Python-Markdown's inline pass is replaced by the same pass that passes over the patterns which
  cannot match (`inline_gate.py`): the same pages, sooner. (`site_markdown(sanitized=False)`,
  which the checker uses to see what Markdown makes by itself, keeps the stock pass.)

- Names of records found in editors' summaries arrive as tokens (see `text.name_link`); here each
  becomes a link, except where a link makes no sense (inside code, a link or a heading), where it
  is plain text again. Python-Markdown has already decided what is code, so no name is ever
  linked inside code, however the code was written.
- The HTML of the whole page then passes through the allowlist sanitizer (`sanitize.py`): only
  the elements, attributes and addresses it allows reach a page, whatever the Markdown was.

Both run inside Python-Markdown, so they apply under any engine that converts pages with it.
Name it in `markdown_extensions` as `generator.markdown_extension`.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from .inline_gate import GatedInlineProcessor
from .sanitize import sanitize
from .text import NAME_LINK, NAME_LINK_END, NAME_LINK_START, unwrap_name_links

NAME = "generator.markdown_extension"
# The extensions the site's pages are converted with, this one apart: mkdocs.yml lists the same,
# and MkDocs adds `fenced_code` to every site. Tables align cells with an attribute, not a style.
SITE_EXTENSIONS = ["toc", "tables", "fenced_code", "admonition", "md_in_html"]


def heading_id(text: str, separator: str) -> str:
    """A heading's id: Python-Markdown's, but never starting with `_`, since the theme's own
    elements have ids that start with `__` (`__config`, `__search`) and a heading must not take one."""
    return slugify(text, separator).lstrip("_") or "section"


SITE_EXTENSION_CONFIGS = {"toc": {"slugify": heading_id}, "tables": {"use_align_attribute": True}}
NO_LINKS_INSIDE = frozenset({"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6"})


class NameLinks(Treeprocessor):
    """Turns name-link tokens into links where links belong, and into their text elsewhere."""

    def run(self, root: etree.Element) -> None:
        if not any(NAME_LINK_START in line or NAME_LINK_END in line for line in self.md.lines):
            return  # a page with no names to link (its source lines, as parsed, hold no token)
        stack = [(root, True)]
        while stack:
            element, linkable = stack.pop()
            linkable = linkable and element.tag not in NO_LINKS_INSIDE
            children = list(element)
            for name, value in element.attrib.items():
                if _has_token(value):
                    element.set(name, unwrap_name_links(value))  # a value changes, no key: safe while iterating
            if _has_token(element.text):
                text, links = self._split(element.text, linkable)
                element.text = text
                for position, link in enumerate(links):
                    element.insert(position, link)
            for child in children:
                if _has_token(child.tail):
                    tail, links = self._split(child.tail, linkable)
                    child.tail = tail
                    position = list(element).index(child) + 1
                    for offset, link in enumerate(links):
                        element.insert(position + offset, link)
            stack.extend((child, linkable) for child in children)

    @staticmethod
    def _split(text: str, linkable: bool) -> tuple[str, list[etree.Element]]:
        """The text before the first link, and the links, each carrying the text after it as its tail."""
        if not linkable:
            return unwrap_name_links(text), []
        pieces = NAME_LINK.split(text)  # text, (url, name, text)*
        links = []
        for index in range(1, len(pieces), 3):
            link = etree.Element("a", {"href": pieces[index]})
            link.text = unwrap_name_links(pieces[index + 1])
            link.tail = unwrap_name_links(pieces[index + 2])
            links.append(link)
        return unwrap_name_links(pieces[0]), links


def _has_token(text: str | None) -> bool:
    return bool(text) and (NAME_LINK_START in text or NAME_LINK_END in text)


class Sanitize(Postprocessor):
    """The page's final HTML through the allowlist; name-link tokens left in raw HTML undone."""

    def run(self, text: str) -> str:
        return sanitize(unwrap_name_links(text))


class BriefingsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # The stock inline pass, in its place, passing over patterns that cannot match.
        md.treeprocessors.register(GatedInlineProcessor(md), "inline", 20)
        # After inline processing (20), which decides what is code; before MkDocs rewrites and
        # checks links to pages (0), so that name links are checked like any other.
        md.treeprocessors.register(NameLinks(md), "briefings-name-links", 15)
        # After every other postprocessor (raw HTML is put back at 30): the last word.
        md.postprocessors.register(Sanitize(md), "briefings-sanitize", 0)


def makeExtension(**kwargs) -> BriefingsExtension:  # noqa: N802 (Python-Markdown's name)
    return BriefingsExtension(**kwargs)


def site_markdown(sanitized: bool = True) -> Markdown:
    """A converter configured like the site's pages (for checks and tests); without `sanitized`,
    without our extension, to see what the Markdown itself makes."""
    extensions = [*SITE_EXTENSIONS, BriefingsExtension()] if sanitized else SITE_EXTENSIONS
    return Markdown(extensions=extensions, extension_configs=SITE_EXTENSION_CONFIGS)
