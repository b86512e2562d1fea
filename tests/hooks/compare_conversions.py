"""A build hook for tests: MkDocs converts every page itself, and each generated page is converted
by `page_html` too, beside it; what differs is written to the file $CONVERSION_REPORT (JSON).

With the plugin's own conversion and search reading turned off, the build's site is what MkDocs,
Python-Markdown and Material make alone: the site a build with `page_html` and `search_sections`
must equal, byte for byte."""

from __future__ import annotations

import json
import os

from mkdocs.structure.toc import get_toc

from generator import page_conversion, page_html, search_sections

page_conversion.matches = lambda config: False  # the plugin leaves every page to MkDocs
search_sections.AVAILABLE = False  # and the search index to Material

report: dict = {"converted": [], "declined": [], "differ": {}, "markdown kept": [], "titles": {}}
targets: dict[int, page_conversion.Targets] = {}


def _toc(items) -> list:
    return [(item.title, item.id, item.level, _toc(item.children)) for item in items]


def on_page_content(html, page, config, files):
    if getattr(page.file, "generated_by", None) is None:
        return html  # a hand-written page: MkDocs's alone
    report["titles"][page.file.src_uri] = [page.title]  # its Markdown still at hand (before the plugin's event)
    links = page_conversion._Links(page.file, targets.setdefault(id(files), page_conversion.Targets(files)))
    ours = page_html.convert(page.markdown or "", links.resolve)
    uri = page.file.src_uri
    if ours is None:
        report["declined"].append(uri)
        return html
    report["converted"].append(uri)
    theirs_links = {file.src_uri: anchors for file, anchors in (page.links_to_anchors or {}).items()}
    ours_links = {file.src_uri: anchors for file, anchors in links.to_anchors.items()}
    differences = {
        name: [repr(mine), repr(stock)]
        for name, mine, stock in (
            ("content", ours.content, html),
            ("toc", _toc(get_toc(ours.toc_tokens)), _toc(page.toc)),
            ("title", ours.title, page._title_from_render),
            ("anchors", sorted(ours.anchors), sorted(page.present_anchor_ids or ())),
            ("links to anchors", ours_links, theirs_links),
        )
        if mine != stock
    }
    if differences:
        report["differ"][uri] = differences
    return html


def on_page_context(context, page, config, nav):
    # Once converted, a generated page's Markdown is let go of (the plugin's `on_page_content`).
    if getattr(page.file, "generated_by", None) is not None:
        if page.markdown is not None:
            report["markdown kept"].append(page.file.src_uri)
        report["titles"].setdefault(page.file.src_uri, []).append(page.title)  # as on converting it
    return context


def on_post_build(config):
    with open(os.environ["CONVERSION_REPORT"], "w", encoding="utf-8") as file:
        json.dump(report, file)
