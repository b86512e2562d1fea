"""Turn the site model into Markdown pages: pure functions from the model to text, no I/O
(beyond Jinja's cache of compiled templates, which only saves time)."""

from __future__ import annotations

import datetime
import hashlib
import html
import os
import re
import sys
import types
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from .diagram import Edge, ego_diagram, network_diagram
from .editor_schema import render_field_reference
from .incremental import Recall, RenderedFiles, TrackedSite, render_files, shared
from .exports import COMPARISON_PATH, FEED_PATH, topic_feed_path
from .model import RelationView, Site
from .report import build_report
from .schema import KINDS, KNOWN_FIGURES, Article, Figure, Country, Event, Organisation, Person, Place, Record, Reference, Topic
from .figures import figure_of, format_number, period, rank_page, ranked_figures
from .indexes import by_country, by_year, facet_address, listing_pages
from .infobox import rows_for
from .maps import locator_map, places_map
from .page_parts import PASSAGES_ID, SECTION_TITLES, PageParts, fit_table
from .text import SEARCH_EXCLUDED, escape, first_sentence, link_names, relative
from .editions import Edition
from .validate import field_or, found_in, past_due
from .urls import href

SOURCE_KIND_LABELS = {
    "state-news-agency": "state media",
    "news-agency": "news agency",
    "newspaper": "newspaper",
    "news-website": "news website",
    "broadcaster": "broadcaster",
    "think-tank": "think tank",
    "research-institute": "research institute",
    "government-body": "government",
    "political-party": "political party",
    "international-organisation": "international organisation",
    "reference": "reference",
    "government": "government",
    "state-media": "state media",
}
LATEST_ARTICLES = 5
# A record's own page first among search results for its name, before pages that only mention it.
# An event's title names its actors ("Kim Jong Un's visit to Beijing"): it is boosted less, so
# that a search for an actor's name finds the actor first; a topic, whose name often holds a
# country's ("North Korea–China relations"), less still; a reference page, titled after its
# subject, least.
SEARCH_BOOST = {"event": 2, "topic": 1, "reference": 0.5}
DEFAULT_SEARCH_BOOST = 4
# The ids of a page's sources and of their first citations. A heading's id never holds a `:`
# (Python-Markdown's table of contents drops it), and the page's allowlist keeps ids only on
# headings, list items and citation marks: nothing an editor writes can take these places.
CITATION, CITATION_BACK = "cite:", "cite-back:"
NETWORK_DIAGRAM_ACTORS = 40
STALE_MARK = '<span class="stale">'  # how every stale mark begins, on whatever page
EXTRA_BLANK_LINES = re.compile(r"\n\n\n+")  # not \n{3,}: a literal start lets the search skip ahead, four times faster

def format_date(value: datetime.date | None) -> str:
    """A date as readers see it: ISO, never broken across lines, machine-readable."""
    return f'<time datetime="{value}">{value}</time>' if value else ""


def front_matter_string(value: str) -> str:
    """A page title for the front matter: HTML-escaped, since the theme puts it into the page's
    `<title>`, header and search results as HTML (an entity an editor typed must show as typed,
    as it does in the heading); then a double-quoted YAML string, in which any character, those
    outside the Basic Multilingual Plane included, reads back as itself. The string is the one
    `yaml.safe_dump(text, default_style='"', allow_unicode=True, width=inf)` writes, in a tenth
    of the time (a twentieth of rendering, at thousands of pages)."""
    return '"' + YAML_ESCAPED.sub(_yaml_escape, html.escape(value, quote=False)) + '"'


# What PyYAML's emitter writes as an escape in a double-quoted string with `allow_unicode`
# (`Emitter.write_double_quoted`): quotes, backslashes, line separators, the byte order mark, and
# whatever is not printable or is outside the Basic Multilingual Plane.
YAML_ESCAPED = re.compile("[\"\\\\\x85\u2028\u2029\ufeff]|[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd]")
YAML_ESCAPE_LETTERS = {"\0": "0", "\x07": "a", "\x08": "b", "\t": "t", "\n": "n", "\x0b": "v", "\x0c": "f", "\r": "r",
                       "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\u2028": "L", "\u2029": "P"}


def _yaml_escape(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if char in YAML_ESCAPE_LETTERS:
        return "\\" + YAML_ESCAPE_LETTERS[char]
    return f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between builds (compiling them costs a small site's build about
    3 %). Only ever a speed-up: a cache that cannot be read or written is simply not used."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged or foreign cache file: compile the template afresh
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _template_cache(options: dict) -> jinja2.BytecodeCache | None:
    # Jinja checks each template's source, not the options or the Jinja release it was compiled
    # with: those name the folder.
    compiled_with = repr((jinja2.__version__, sys.implementation.cache_tag, sorted(options.items())))
    name = "templates-" + hashlib.sha1(compiled_with.encode()).hexdigest()[:12]
    try:
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "briefings" / name
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None
    return _CompiledTemplates(str(folder))


class _Context(jinja2.runtime.Context):
    """Jinja's context, which calls a plain function or method without first asking whether it
    wants the context passed in (four attribute lookups per call, 7 to 9 % of rendering); anything
    else, macros included, is called as Jinja calls it."""

    @jinja2.utils.internalcode  # left out of template tracebacks, as Jinja's own `call` is
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's signature)
        function = __obj.__func__ if type(__obj) is types.MethodType else __obj
        if type(function) not in _PLAIN_CALLABLES or hasattr(function, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja has it
            return __self.environment.undefined("value was undefined because a callable raised a StopIteration exception")


_PLAIN_CALLABLES = (types.FunctionType, types.BuiltinFunctionType)

_TEMPLATE_OPTIONS = {
    "autoescape": False,  # the output is Markdown; every value goes through `escape` or is ours
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}
_environment = jinja2.Environment(
    loader=jinja2.PackageLoader("generator", "templates"),
    auto_reload=False,  # the templates are the package's own: not asked at every page whether they changed
    bytecode_cache=_template_cache(_TEMPLATE_OPTIONS),
    **_TEMPLATE_OPTIONS,
)
_environment.context_class = _Context
_environment.filters["escape"] = escape  # as `map("escape")` asks for it: Jinja's own escapes HTML, not Markdown
_environment.filters["date"] = format_date
_environment.filters["front_matter"] = front_matter_string
_environment.filters["href"] = href
_environment.filters["fit_table"] = lambda markdown: fit_table(str(markdown))


class PageWriter:
    """What a template needs to write one page: links relative to it, and its citations."""

    def __init__(self, site: Site, path: str):
        self.site = site
        self.path = path
        self.cited: dict[str, int] = {}  # source id -> its number on this page, in order of first citation
        # A link goes up to the docs folder, then down to its target (`../people/kim.md`, even
        # from `people/`): it reads the same from every page as deep, which share links and
        # source descriptions (MkDocs writes the same address for it as for the shortest).
        depth = path.count("/")
        self.up = "../" * depth
        self.shared = site.text_cache.setdefault(("text of pages at depth", depth), {})

    def url(self, record_id: str) -> str:
        return self.up + self.site.page(record_id)

    def to(self, page: str) -> str:
        """The address, from this page, of another page or file of the edition given by its
        docs-relative path."""
        return self.up + page

    def link_to(self, page: str, text: object) -> str:
        """A link to another page of the edition, by its docs-relative path."""
        return f"[{escape(str(text))}]({self.to(page)})"

    def doc(self, page: str) -> str:
        """A link to a hand-written page, which every edition shares with the current one."""
        return relative(self.site.edition.prefix + self.path, page)

    def link(self, record_id: str, text: str | None = None) -> str:
        return shared(
            self.site, self.shared, ("link", record_id, text),
            lambda: f"[{escape(text or self.site.name(record_id))}]({self.url(record_id)})",
        )

    def date(self, day: datetime.date | None) -> str:
        return format_date(day)

    def period(self, figure: Figure) -> str:
        """The year or day a figure is for, as page text: its date never broken across lines."""
        return period(figure, day=format_date, text=escape)

    def web_link(self, url: str) -> str:
        """A link to another site, named by its host."""
        return f"[{escape(urlsplit(url).hostname or url)}]({href(url)})"

    def locator_map(self, record: Record) -> str:
        """A country highlighted in its region, or a place marked in its country; "" where the
        record says too little to draw one."""
        if isinstance(record, Country) and record.code:
            return locator_map(record.code, title=f"{record.name} on the map", key=f"map-{record.id}")
        # A place is drawn only in its country's map: the boundaries cover part of the world, and
        # a point elsewhere would stand in an empty map.
        code = self.site.country_code(record.country) if isinstance(record, Place) and record.country else None
        if isinstance(record, Place) and record.coordinates and code:
            point = (record.coordinates.latitude, record.coordinates.longitude)
            return locator_map(code, title=f"{record.name} on the map", key=f"map-{record.id}",
                               point=point, point_label=record.name)
        return ""

    def places_map(self, places: list[Record]) -> str:
        # Names without links: the SVG is raw HTML, whose addresses MkDocs does not rewrite; the
        # table below the map links every place.
        points = [(place.coordinates.latitude, place.coordinates.longitude, place.name, None)
                  for place in places if isinstance(place, Place) and place.coordinates]
        return places_map(points, title="Places on the map", key="map-places") if points else ""

    def infobox(self, record: Record) -> str:
        """The record's key facts in a box at the top of its page: its map, then each value with
        the date it is for and its citation. Nothing when there is nothing to show."""
        map_figure = self.locator_map(record)
        rows = rows_for(self, record)
        if not rows and not map_figure:
            return ""
        lines = ['<aside class="infobox" aria-label="At a glance" markdown>']
        if rows:  # a map alone has no table beside it, not an empty one
            lines.append('<table class="infobox__table" markdown>')
        for row in rows:
            cite = f" {self.cite(row.sources)}" if row.sources else ""
            dated = f'<br><small class="infobox__date">{row.dated}</small>' if row.dated else ""
            lines.append(f'<tr markdown><th scope="row" markdown="span">{row.label}</th>'
                         f'<td markdown="span">{row.value}{cite}{self.evidence(row.claim)}{dated}</td></tr>')
        lines += ["</table>"] if rows else []
        lines += [map_figure, "</aside>", ""]
        return "\n".join(lines)

    def verified(self, source_ids: Iterable[str], words: str) -> str:
        """A mark that `words` were found in the passages of a cited source when the site was built,
        linking to those passages; nothing when no cited source holds them."""
        for source_id in source_ids:
            if found_in(words, self.site.field_of((source_id, "passages")) or []):
                target = f"{self.url(source_id)}#{PASSAGES_ID}"
                # A Markdown link, which MkDocs points at the built page; the span only styles it.
                return f' <span class="verified">[✓ checked against the source]({target})</span>'
        return ""

    def evidence(self, claim: object) -> str:
        """The source's words beside a statement, and a stale mark where it is past review."""
        text = ""
        excerpt = field_or(claim, "excerpt", None)
        if excerpt:
            text += f'<br><span class="evidence">“{escape(excerpt)}”</span>{self.verified(claim.sources, excerpt)}'  # type: ignore[attr-defined]
        return text + self.stale_mark(claim)

    def stale_mark(self, claim: object) -> str:
        if not self.is_stale(claim):
            return ""
        return f' <span class="stale">Stale: due for review {format_date(claim.review_by)}</span>'  # type: ignore[attr-defined]

    def cite(self, source_ids: Iterable[str]) -> str:
        """Numbered citation marks, each linking to its source in the page's Sources list. Only
        this makes citations: editors' Markdown has no footnote syntax."""
        marks = []
        for source_id in source_ids:
            first = source_id not in self.cited
            number = self.cited.setdefault(source_id, len(self.cited) + 1)
            anchor = f' id="{CITATION_BACK}{source_id}"' if first else ""
            marks.append(f'<sup{anchor}><a class="footnote-ref" href="#{CITATION}{source_id}">{number}</a></sup>')
        return "<sup>,</sup>".join(marks)

    def linked(self, markdown: str, exclude: str | None = None) -> str:
        """Editors' Markdown with the first mention of each entity's name linked to its page."""
        return link_names(markdown, self.site.matcher, lambda record_id: None if record_id == exclude else self.url(record_id))

    def is_stale(self, claim: object) -> bool:
        return past_due(claim, self.site.today)

    def overdue_mark(self, event: Event) -> str:
        """The stale mark of a planned event whose day has passed on the edition date."""
        return f' <span class="stale">Stale: planned for {format_date(event.date)}; say whether it was held</span>'

    def newest_source(self) -> datetime.date | None:
        """The date of the newest source cited on this page so far: an article's publication, a
        reference's reading (if by the edition date)."""
        dates = [_source_date(self.site, source_id) for source_id in self.cited]
        return max((day for day in dates if day is not None and day <= self.site.today), default=None)

    def edition_line(self) -> str:
        """Under the title: the edition date, the newest source, and this page in the other editions."""
        edition = self.site.edition
        newest = self.newest_source()
        others = [self._edition_link(other, paths) for other, paths in self.site.other_editions]
        if edition.archived:
            parts = [f"**Archived edition of {format_date(edition.day)}:** only what was known that day"]
        else:
            parts = [f"Edition of {format_date(edition.day)}"]
        if newest:
            parts.append(f"newest source {format_date(newest)}")
        css = "edition edition--archived" if edition.archived else "edition"
        # Left out of search: on every page, it would open every result's excerpt.
        return f'<p class="{css}"{SEARCH_EXCLUDED} markdown="span">{" · ".join(parts + others)}</p>'


    def _edition_link(self, other: Edition, paths: frozenset[str]) -> str:
        """A link to this page in another edition; to that edition's home, saying so, where it has
        no such page (a record it did not yet, or no longer, have)."""
        day = format_date(other.day)
        if self.path in paths:
            text, target = (f"This page as of {day}" if other.archived else "This page in the current edition"), self.path
        else:
            text, target = (f"The edition of {day}" if other.archived else "The current edition"), "index.md"
        return f"[{text}]({relative(self.site.edition.prefix + self.path, other.prefix + target)})"

    def diagram(self, record_id: str) -> str:
        """The relations of one record as an inline SVG figure, or nothing if it has none."""
        views = self.site.relations[record_id]
        if not views:
            return ""
        names = {record_id: self.site.name(record_id), **{v.other: self.site.name(v.other) for v in views}}
        edges = [Edge(record_id, view.other, view.label, view.relation.kind) for view in views]
        return ego_diagram(record_id, names, edges, key=f"relations-{record_id}")

    def all_relations(self) -> list[tuple[str, RelationView]]:
        """Every relation once, as the record that holds it sees it."""
        return [(record_id, view) for record_id, views in sorted(self.site.relations.items())
                for view in views if view.recorded_on == record_id]

    def network_diagram(self) -> str:
        """The relations among the best-connected actors: a ring of more would be unreadable,
        and the table below the diagram lists every relation."""
        relations = self.all_relations()
        if not relations:
            return ""
        degree: dict[str, int] = {}
        for record_id, view in relations:
            degree[record_id] = degree.get(record_id, 0) + 1
            degree[view.other] = degree.get(view.other, 0) + 1
        shown = set(sorted(degree, key=lambda actor: (-degree[actor], actor))[:NETWORK_DIAGRAM_ACTORS])
        kept = [(record_id, view) for record_id, view in relations if record_id in shown and view.other in shown]
        names = {actor: self.site.name(actor) for actor in sorted(shown)}
        edges = [Edge(record_id, view.other, view.label, view.relation.kind) for record_id, view in kept]
        # People by name, then id, as the diagram describes them.
        memberships = sorted(
            ((actor, country) for actor in shown
             if self.site.folder_of.get(actor) == "people" and (country := self.site.country_of(actor))),
            key=lambda membership: (names[membership[0]].casefold(), membership[0]),
        )
        return network_diagram(names, edges, key="relations-network", memberships=memberships)

    def footnotes(self) -> str:
        """The page's sources, numbered as cited, each with a link back to its first citation."""
        items = [
            f'<li id="{CITATION}{source_id}" markdown>{self.describe_source(source_id)} '
            f'<a class="footnote-backref" href="#{CITATION_BACK}{source_id}" aria-label="Back to citation {number}">↩</a></li>'
            for source_id, number in self.cited.items()
        ]
        return "\n".join(['<div class="footnote" markdown>', "<ol markdown>", *items, "</ol>", "</div>"])

    def describe_source(self, source_id: str) -> str:
        return shared(self.site, self.shared, ("source", source_id), lambda: self._describe_source(source_id))

    def _describe_source(self, source_id: str) -> str:
        # Only the fields a citation shows are read: a page is not rendered again when the
        # summary of a story it cites changes.
        field = lambda name: self.site.field_of((source_id, name))  # noqa: E731
        kind = source_kind(self.site, source_id)
        if self.site.kind(source_id) == "article":
            author = field("author")
            return (
                f"{self.link(field('outlet'))} ({kind}), {escape(author) + ', ' if author else ''}"
                f"“[{escape(field('title'))}]({href(field('url'))})”, {field('published')}. "
                f"Our summary: {self.link(source_id, 'article summary')}."
            )
        return (
            f"{escape(field('publisher'))} ({kind}), "
            f"“[{escape(field('title'))}]({href(field('url'))})”, {accessed(field('accessed'))}. "
            f"Our record: {self.link(source_id, 'reference page')}."
        )


def accessed(day: datetime.date | None) -> str:
    """When an editor read a reference; in an archived edition, a reading after its date is not told."""
    if day is None:
        return "read after this edition's date, for what it says of the time before"
    return f"accessed {format_date(day)}"


def _source_date(site: Site, source_id: str) -> datetime.date | None:
    return site.field_of((source_id, "published" if site.kind(source_id) == "article" else "accessed"))  # type: ignore[return-value]


def source_kind(site: Site, source_id: str) -> str:
    if site.kind(source_id) == "article":
        return SOURCE_KIND_LABELS[site.field_of((site.field_of((source_id, "outlet")), "kind"))]  # type: ignore[index]
    return SOURCE_KIND_LABELS[site.field_of((source_id, "kind"))]  # type: ignore[index]


def _template_globals(site: Site, writer: PageWriter) -> dict[str, object]:
    return {
        "site": site,
        "page": writer,
        "parts": PageParts(writer),
        "escape": escape,
        "kind_label": lambda record_id: site.kind(record_id),
        "source_kind": lambda source_id: source_kind(site, source_id),
        "figure_of": figure_of,
        "figure_label": lambda key: KNOWN_FIGURES[key].label,
        "format_number": format_number,
        "accessed": accessed,
        "rank_page": rank_page,
        "country_relations": lambda countries: _between(site, countries),
        "isinstance": isinstance,
        "Person": Person,
        "Country": Country,
        "Organisation": Organisation,
        "Article": Article,
        "Reference": Reference,
        "Topic": Topic,
        "SECTION_TITLES": SECTION_TITLES,
        "search_boost": lambda record_id: SEARCH_BOOST.get(site.kind(record_id), DEFAULT_SEARCH_BOOST),
        "FEED_PATH": FEED_PATH,
        "topic_feed_path": topic_feed_path,
        "first_sentence": first_sentence,
        "by_country": lambda records: by_country(site, records),
        "by_year": by_year,
        "role_of": lambda person_id: _role_of(site, person_id),
        "COMPARISON_PATH": COMPARISON_PATH,
    }


def _render(template: str, site: Site, path: str, **values: object) -> str:
    writer = PageWriter(site, path)
    markdown = _environment.get_template(template).render(**_template_globals(site, writer), **values)
    markdown = _after_title(EXTRA_BLANK_LINES.sub("\n\n", markdown), writer.edition_line())
    return _archived_front_matter(markdown, site.edition.day) if site.edition.archived else markdown


def _after_title(markdown: str, line: str) -> str:
    """The page with `line` as the paragraph under its title (the first `# ` heading)."""
    start = 0 if markdown.startswith("# ") else markdown.find("\n# ") + 1
    if start == 0 and not markdown.startswith("# "):
        return markdown
    end = markdown.find("\n", start)
    end = len(markdown) if end < 0 else end
    return f"{markdown[:end]}\n\n{line}\n{markdown[end:]}"


def _archived_front_matter(markdown: str, day: datetime.date) -> str:
    """An archived page's front matter: left out of the search, and its edition date for the footer."""
    lines, body = [], markdown
    if markdown.startswith("---\n"):
        front, _, body = markdown[4:].partition("\n---\n")
        skipping = False
        for line in front.split("\n"):
            skipping = line.startswith("search:") or (skipping and line.startswith(" "))
            if not skipping:
                lines.append(line)
    lines += ["search:", "  exclude: true", f"edition: '{day.isoformat()}'"]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def render_record(site: Site, record: Record) -> str:
    path = site.page(record.id)
    if isinstance(record, Country):
        return _render("country.md.j2", site, path, record=record)
    if isinstance(record, Article):
        return _render("article.md.j2", site, path, record=record)
    if isinstance(record, Reference):
        return _render("reference.md.j2", site, path, record=record)
    if isinstance(record, Topic):
        return _render("topic.md.j2", site, path, record=record)
    return _render("entity.md.j2", site, path, record=record)


def _record_page(record_id: str) -> Callable[[Site | TrackedSite], str]:
    return lambda site: render_record(site, site.records[record_id])  # type: ignore[arg-type]


def _section_page(folder: str, number: int) -> Callable[[Site | TrackedSite], str]:
    """The maker of a folder's section index (0), or of one of its year pages."""
    def make(site: Site | TrackedSite) -> str:
        page = listing_pages(site, folder)[number]
        return _render("section.md.j2", site, page.path, folder=folder, records=list(page.records), listing=page,
                       facets=facet_address(site, page))
    return make


def _ranked(site: Site | TrackedSite) -> dict:
    return shared(site, site.text_cache.setdefault("ranked", {}), "figures", lambda: ranked_figures(site))


def _rank_page(key: str) -> Callable[[Site | TrackedSite], str]:
    known = KNOWN_FIGURES[key]
    return lambda site: _render("rank.md.j2", site, rank_page(key), label=known.label,
                                higher_first=known.higher_first, ranked=_ranked(site)[key])


def _listing_makers(site: Site) -> dict[str, Callable[[Site | TrackedSite], str]]:
    """The makers of the pages that list records from across the site, by path."""
    makers = {page.path: _section_page(folder, number)
              for folder in KINDS for number, page in enumerate(listing_pages(site, folder))}
    makers["timeline.md"] = lambda site: _render("timeline.md.j2", site, "timeline.md", items=site.timeline)
    makers["sources.md"] = lambda site: _render("sources.md.j2", site, "sources.md")
    makers["fields.md"] = lambda _site: render_field_reference()
    makers["relations.md"] = lambda site: _render("relations.md.j2", site, "relations.md")
    makers["compare.md"] = lambda site: _render("compare.md.j2", site, "compare.md", countries=site.countries(),
                                                topics=_topics(site), ranked=list(_ranked(site)))
    makers |= {rank_page(key): _rank_page(key) for key in _ranked(site)}
    makers["changes.md"] = lambda site: _render("changes.md.j2", site, "changes.md")
    return makers


def render_pages(site: Site, recall: Recall | None = None) -> RenderedFiles:
    """Every generated page: docs-relative path -> Markdown. With `recall`, pages whose inputs are
    unchanged since the last build are taken from it rather than rendered."""
    makers = {site.page(record_id): _record_page(record_id) for record_id in site.records} | _listing_makers(site)
    pages = render_files(site, recall, makers, markers=(STALE_MARK,))
    stale_pages = sorted(pages.having(STALE_MARK))
    home_cards = render_files(site, recall, {HOME_CARDS: lambda site: _country_cards(site, "index.md")}, markers=(STALE_MARK,))
    if home_cards.having(STALE_MARK):
        stale_pages.insert(0, "index.md")  # the home page's cards name the leaders
    report = {"report.md": lambda site: _render("report.md.j2", site, "report.md", report=build_report(site, stale_pages))}
    pages.update(render_files(site, recall, report, inputs=tuple(stale_pages)))
    return pages.sorted()


HOME_CARDS = "(the home page's country cards)"  # what the report's stale pages are found from; not a file


def _country_cards(site: Site | TrackedSite, path: str) -> str:
    return _render("blocks/countries.md.j2", site, path, countries=site.countries())


# Pages of the current edition only: the field reference and the report are for editors of the
# briefings as they are now, and the history of changes is the current edition's.
CURRENT_ONLY = ("fields.md", "report.md", "changes.md")


def page_paths(site: Site) -> frozenset[str]:
    """The paths of the generated pages of a site (an archived edition's, within its folder)."""
    paths = {site.page(record_id) for record_id in site.records}
    paths |= {page.path for folder in KINDS for page in listing_pages(site, folder)}
    paths |= {"timeline.md", "sources.md", "relations.md", "compare.md", "index.md"}
    paths |= {rank_page(key) for key in _ranked(site)}
    return frozenset(paths if site.edition.archived else paths | set(CURRENT_ONLY))


def render_edition_pages(site: Site, recall: Recall | None = None) -> RenderedFiles:
    """The pages of an archived edition (paths within the edition's folder): the same pages as
    the current edition's, but for those of the current edition only, and a home page of its own."""
    pages = render_pages(site, recall)
    for path in CURRENT_ONLY:
        if path in pages:
            del pages[path]
    pages["index.md"] = _render("edition.md.j2", site, "index.md", countries=site.countries(),
                                articles=site.articles()[:LATEST_ARTICLES])
    return pages


def _between(site: Site, countries: list[Country]) -> list[tuple[str, RelationView]]:
    """The relations among the given countries, each once, as the country that holds it sees it."""
    ids = {country.id for country in countries}
    return [(country.id, view) for country in countries for view in site.relations.get(country.id, [])
            if view.other in ids and view.recorded_on == country.id]


def _role_of(site: Site, person_id: str) -> str:
    """What a person is known as in a list: the office of a country they hold on the edition's
    date, else the one they held last, as former."""
    offices = [leader for _country, leader in site.leadership_of(person_id)]
    held = [leader for leader in offices if site.in_office(leader)]
    if held:
        return held[0].office
    if offices:
        return "Former " + max(offices, key=lambda leader: leader.until or leader.since).office
    return "person"


def _topics(site: Site) -> list[str]:
    """The topics on which at least one country states a position, in first-seen order."""
    return list(dict.fromkeys(position.topic for country in site.countries() for position in country.positions))


def placeholder_blocks(site: Site, path: str) -> dict[str, str]:
    """Every block a hand-written page at `path` may ask for with `<!-- briefings:NAME -->`,
    rendered for that page."""
    return {
        "countries": _country_cards(site, path),
        "latest-articles": _render("blocks/articles.md.j2", site, path, articles=site.articles()[:LATEST_ARTICLES]),
    }
