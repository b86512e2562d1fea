"""The section index pages and what a reader can narrow each one by.

A section index lists every record of its folder, grouped so that it reads well without any script
(people by country, events and articles by year). Events and articles past YEAR_PAGES_ABOVE get a
page per year instead (per month, in a year with more than that), so that no index grows into
megabytes. For each index, a facet document says which countries, topics and years each listed
record belongs to; the site's own script (docs/assets/facets.js) reads it to filter the list in
place. Pure functions of the site model.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .incremental import shared
from .model import Site
from .schema import Article, Event, Record
from .text import MONTHS
from .validate import field_or

FACETED = ("people", "organisations", "places", "events", "articles")
DATED = ("events", "articles")
YEAR_PAGES_ABOVE = 1000  # an events or articles index listing more than this has a page per year
UNDATED = "undated"  # the year page of events not yet dated
NOUNS = {
    "people": ("person", "people"),
    "organisations": ("organisation", "organisations"),
    "places": ("place", "places"),
    "events": ("event", "events"),
    "articles": ("article", "articles"),
}


@dataclass(frozen=True)
class Facet:
    key: str  # the name in the page's address: ?country=north-korea
    label: str
    every: str  # the choice that narrows nothing


FACETS = (
    Facet("country", "Country", "All countries"),
    Facet("topic", "Topic", "All topics"),
    Facet("year", "Year", "All years"),
)


@dataclass(frozen=True)
class IndexPage:
    """One page listing records of a folder."""

    folder: str
    kind: str  # "index" (the whole list), "split" (the index of a list with year pages), "year", "month", "undated"
    records: tuple[Record, ...]
    year: int | None = None  # on a year or month page
    month: int | None = None  # on a month page
    parts: tuple[tuple[str, str, int], ...] = ()  # on a split index: (label, page path, count), newest first

    @property
    def period(self) -> str:
        """What part of the list the page holds: `2019`, `2019-03`, `undated`; "" for the index."""
        if self.kind == "year":
            return str(self.year)
        if self.kind == "month":
            return f"{self.year}-{self.month:02d}"
        return UNDATED if self.kind == "undated" else ""

    @property
    def label(self) -> str:
        """The period as a reader says it: `2019`, `March 2019`, `Not yet dated`."""
        if self.kind == "month":
            return f"{MONTHS[(self.month or 1) - 1]} {self.year}"
        return "Not yet dated" if self.kind == "undated" else self.period

    @property
    def path(self) -> str:
        """Docs-relative; a record cannot take `years` as its id, so no record page sits here."""
        return f"{self.folder}/years/{self.period}/index.md" if self.period else f"{self.folder}/index.md"

    @property
    def facets_path(self) -> str:
        """Where the facet document of the page lives, beside the other data files."""
        return f"data/facets/{self.folder}{'-' + self.period if self.period else ''}.js"


def _day_of(record: Record) -> datetime.date | None:
    return record.published if isinstance(record, Article) else field_or(record, "date", None)


def year_of(record: Record) -> int | None:
    day = _day_of(record)
    return day.year if day else None


def by_year(records: list[Record] | tuple[Record, ...]) -> list[tuple[int | None, list[Record]]]:
    """Events and articles grouped by year, in the order given (by date); undated ones last."""
    groups: dict[int | None, list[Record]] = {}
    for record in records:
        groups.setdefault(year_of(record), []).append(record)
    return sorted(groups.items(), key=lambda group: (group[0] is None, group[0] or 0))


def index_pages(site: Site, folder: str) -> list[IndexPage]:
    """The section index of a folder, then its year pages if it has them: a page per year, or per
    month for a year of more than YEAR_PAGES_ABOVE records. (Records not yet dated stay on one
    page however many: they are plans, a handful at a time.)"""
    records = tuple(site.of_folder(folder))
    if folder not in DATED or len(records) <= YEAR_PAGES_ABOVE:
        return [IndexPage(folder, "index", records)]
    parts: list[IndexPage] = []
    for year, members in by_year(records):
        if year is None:
            parts.append(IndexPage(folder, "undated", tuple(members)))
        elif len(members) <= YEAR_PAGES_ABOVE:
            parts.append(IndexPage(folder, "year", tuple(members), year))
        else:
            months: dict[int, list[Record]] = {}
            for record in members:
                months.setdefault(_day_of(record).month, []).append(record)
            parts += [IndexPage(folder, "month", tuple(months[month]), year, month) for month in sorted(months)]
    newest_first = sorted(parts, key=lambda page: (page.kind == "undated", -(page.year or 0), -(page.month or 0)))
    listed = tuple((page.label, page.path, len(page.records)) for page in newest_first)
    return [IndexPage(folder, "split", records, parts=listed), *parts]


def listing_pages(site: Site, folder: str) -> list[IndexPage]:
    """`index_pages`, worked out once per build and folder: the pages, their paths and their
    facet files are all made from them."""
    return shared(site, site.text_cache.setdefault("index pages", {}), folder, lambda: index_pages(site, folder))


def facet_document(site: Site, page: IndexPage) -> dict[str, Any] | None:
    """What each record the page lists can be narrowed by, or None where no facet would narrow
    the list (no value that some record lacks) or the page lists no records (an index split by
    year lists its years)."""
    if page.folder not in FACETED or page.kind == "split" or not page.records:
        return None
    values = {record.id: (_countries(site, record), _topics(site, record), _years(record)) for record in page.records}
    facets, columns = [], []
    for column, facet in enumerate(FACETS):
        holders = Counter(value for record_values in values.values() for value in record_values[column])
        if all(count == len(values) for count in holders.values()):
            continue  # no value, or only values that every record has: choosing one would hide nothing
        seen = set(holders)
        if facet.key == "year":
            ordered = sorted(seen, key=int, reverse=True)
        else:  # by name, then id: two topics of one name keep one order from build to build
            ordered = sorted(seen, key=lambda value: (site.name(value).casefold(), value))
        names = [[value, value if facet.key == "year" else site.name(value)] for value in ordered]
        facets.append({"key": facet.key, "label": facet.label, "every": facet.every, "values": names})
        columns.append((column, {value: number for number, value in enumerate(ordered)}))
    if not facets:
        return None
    entries = {
        record_id: [sorted(numbers[value] for value in record_values[column]) for column, numbers in columns]
        for record_id, record_values in values.items()
    }
    # `keys` names every facet there is, so that the script drops from the address those this page lacks.
    return {"noun": NOUNS[page.folder], "keys": [facet.key for facet in FACETS], "facets": facets, "entries": entries}


def facet_script(document: dict[str, Any]) -> str:
    """The facet document as the script the page loads: a script, not JSON, because a page opened
    from a file (file://) may run a script beside it but may not fetch a JSON file. ASCII only, and
    no `<`, `>` or `&` (they can stand only inside strings, where \\u escapes mean the same), so
    that the text stays inert even if someone pastes it into an HTML page."""
    text = json.dumps(document, ensure_ascii=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"/* Generated by Briefings: what each entry of this index can be narrowed by. */\nwindow.briefingsFacets = {text};\n"


def _facet_script_of(site: Site, page: IndexPage) -> str | None:
    """The page's facet script, or None; made once per site, for the page's address and its file."""
    def make() -> str | None:
        document = facet_document(site, page)
        return None if document is None else facet_script(document)
    # Through `shared`: a page rendered for recall notes the reads behind its script, even where
    # the script was made before without them.
    return shared(site, site.text_cache.setdefault("facet scripts", {}), page.path, make)


def facet_address(site: Site, page: IndexPage) -> str | None:
    """What the page's front matter names as its facet script: the site-relative path, with a
    digest of its text so that a browser never pairs a new page with an old cached script."""
    script = _facet_script_of(site, page)
    if script is None:
        return None
    return f"{site.edition.prefix}{page.facets_path}?v={hashlib.sha256(script.encode('utf-8')).hexdigest()[:12]}"


def facet_files(site: Site) -> dict[str, str]:
    """Every index page's facet script: data path -> text."""
    scripts = {page.facets_path: _facet_script_of(site, page) for folder in FACETED for page in listing_pages(site, folder)}
    return {path: script for path, script in scripts.items() if script is not None}


def by_country(site: Site, records: list[Record] | tuple[Record, ...]) -> list[tuple[str | None, list[Record]]]:
    """Records grouped by their country, countries by name; those without one last."""
    groups: dict[str | None, list[Record]] = {}
    for record in records:
        groups.setdefault(getattr(record, "country", None), []).append(record)
    return sorted(groups.items(), key=lambda group: (group[0] is None, site.name(group[0]).casefold() if group[0] else ""))


def _countries(site: Site, record: Record) -> list[str]:
    """The countries a record belongs to: its own country; for an event, those of its place and
    of those who took part; for an article, those of what it mentions (of a mentioned event, the
    event's countries)."""
    if isinstance(record, Article):
        involved = record.mentions
    elif isinstance(record, Event):
        involved = _involved(record.participants, record.place)
    else:
        country = getattr(record, "country", None)
        return [country] if country else []
    found = []
    # Fields and countries, not whole records, are read: a listing need not change with a summary.
    for record_id in involved:
        if isinstance(record, Article) and site.folder_of.get(record_id) == "events":
            # a story about a summit is about the summit's countries
            event_involved = _involved(site.field_of((record_id, "participants")), site.field_of((record_id, "place")))
            found += filter(None, map(site.country_of, event_involved))
        elif country := site.country_of(record_id):
            found.append(country)
    return list(dict.fromkeys(found))


def _involved(participants: list[str], place: str | None) -> list[str]:
    return [*participants, *([place] if place else [])]


def _topics(site: Site, record: Record) -> list[str]:
    """The topics a record is about or, for an actor, has been quoted on, with the broader topics
    they are part of."""
    found: list[str] = []
    quoted = [] if isinstance(record, (Article, Event)) else [topic for item in site.quotes_by([record.id]) for topic in item.topics]
    for topic_id in [*site.topics_of(record.id), *quoted]:
        while topic_id and topic_id not in found and topic_id in site.records:
            found.append(topic_id)
            topic_id = site.field_of((topic_id, "parent"))  # type: ignore[assignment]
    return found


def _years(record: Record) -> list[str]:
    year = year_of(record)
    return [] if year is None else [str(year)]
