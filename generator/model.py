"""The validated records as one connected site: indexes, page paths, relations, backlinks, timeline."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .schema import (
    KINDS,
    RELATION_KINDS,
    Article,
    Country,
    Entity,
    Event,
    Fact,
    Leader,
    Person,
    Position,
    Quote,
    Record,
    Reference,
    Relation,
    Topic,
)
from . import collector
from .editions import Edition
from .text import NameMatcher, matcher_for, mention_sentences
from .validate import Entry, claims_of, field_or, references_of

ENTITY_FOLDERS = ("countries", "people", "organisations", "places", "events")
RECENT_CHANGES = 100  # on the "What changed" page and in the feed


@dataclass(frozen=True)
class RelationView:
    """A relation as one side sees it: `label` then `other`."""

    other: str
    label: str
    relation: Relation
    recorded_on: str  # id of the record that holds the relation


@dataclass(frozen=True)
class Backlink:
    """Where a record is named: on which page, in what role, and the sentence that names it."""

    source: str
    role: str
    context: str | None = None


@dataclass(frozen=True)
class TimelineItem:
    date: datetime.date
    kind: str  # "event", "article" or "quote"
    record: str  # id of the event or article
    actors: frozenset[str]
    quote: Quote | None = None
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stance:
    """An actor's stance on a topic: the latest position it stated, and those it stated before."""

    actor: str
    latest: Position
    earlier: tuple[Position, ...]


@dataclass
class Site:
    records: dict[str, Record]
    folder_of: dict[str, str]
    today: datetime.date  # the edition date: what the site speaks as of; review-by dates are stale against it
    matcher: NameMatcher
    edition: Edition = None  # type: ignore[assignment]  # set from `today` when not given
    # The other editions of the site, each with the paths of its pages, to link a page
    # to the same page in them.
    other_editions: list[tuple[Edition, frozenset[str]]] = field(default_factory=list)
    history: dict[str, list] | None = None  # record id -> its changes, newest first; None without git
    history_note: str = ""  # why there is no history, where there is none
    relations: dict[str, list[RelationView]] = field(default_factory=lambda: defaultdict(list))
    backlinks: dict[str, list[Backlink]] = field(default_factory=lambda: defaultdict(list))
    timeline: list[TimelineItem] = field(default_factory=list)
    claims: list[tuple[str, tuple, Record]] = field(default_factory=list)  # (record id, path, claim)
    # Indexes, so that each page finds its items without scanning the whole site.
    timeline_by_actor: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_folder: dict[str, list[Record]] = field(default_factory=dict)
    planned_events: list[str] = field(default_factory=list)  # ids of the events still planned, in date order
    people_by_country: dict[str, list[Person]] = field(default_factory=lambda: defaultdict(list))
    leadership_by_person: dict[str, list[tuple[Country, object]]] = field(default_factory=lambda: defaultdict(list))
    positions_by_topic: dict[str, list[tuple[str, Position]]] = field(default_factory=lambda: defaultdict(list))
    facts_by_topic: dict[str, list[tuple[str, Fact]]] = field(default_factory=lambda: defaultdict(list))
    timeline_by_topic: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    undated_by_topic: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # events without a date yet
    subtopics: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    topics_by_record: dict[str, list[str]] = field(default_factory=dict)
    text_cache: dict[object, dict] = field(default_factory=dict)  # render's text shared by pages (by depth, folder or page)

    def page(self, record_id: str) -> str:
        """The path of a record's page, relative to the docs folder."""
        return f"{self.folder_of[record_id]}/{record_id}.md"

    def name(self, record_id: str) -> str:
        record = self.records[record_id]
        return record.title if isinstance(record, (Article, Reference)) else record.name

    def country_code(self, country_id: str) -> str | None:
        """The ISO code that places a country on the maps, if it has one."""
        return getattr(self.records.get(country_id), "code", None)

    def field_of(self, key: tuple[str, str]) -> object:
        """One field of a record, `key` being (record id, field name); None where the record has
        no such field. A page that shows a field of another record reads it so, not the whole
        record, and is not rendered again when the rest of that record changes."""
        record_id, name = key
        return getattr(self.records[record_id], name, None)

    def country_of(self, record_id: str) -> str | None:
        """The country a record is of: a country itself; else its own `country`, if that is a
        record (None for a record without one, or for no such record)."""
        record = self.records.get(record_id)
        country = record_id if isinstance(record, Country) else getattr(record, "country", None)
        return country if country in self.records else None

    def kind(self, record_id: str) -> str:
        return KINDS[self.folder_of[record_id]][2]

    def of_folder(self, folder: str) -> list[Record]:
        return self.by_folder.get(folder, [])

    def countries(self) -> list[Country]:
        return self.of_folder("countries")  # type: ignore[return-value]

    def articles(self) -> list[Article]:
        """Newest first."""
        return sorted(self.of_folder("articles"), key=lambda a: (a.published, a.id), reverse=True)  # type: ignore

    def people_of(self, country_id: str) -> list[Person]:
        return self.people_by_country.get(country_id, [])

    def members(self, country_id: str) -> set[str]:
        """A country and the people who act for it: whose words and deeds its briefing covers."""
        return {country_id, *(person.id for person in self.people_of(country_id))}

    def timeline_of(self, actor_ids: Iterable[str]) -> list[TimelineItem]:
        positions = sorted({index for actor in actor_ids for index in self.timeline_by_actor.get(actor, ())})
        return [self.timeline[index] for index in positions]

    def quotes_by(self, speaker_ids: Iterable[str]) -> list[TimelineItem]:
        wanted = set(speaker_ids)
        return [item for item in self.timeline_of(wanted) if item.quote is not None and item.quote.speaker in wanted]

    def topics_of(self, record_id: str) -> list[str]:
        """The topics a record's positions, facts, quotes or own tags are about, first named first."""
        return self.topics_by_record.get(record_id, [])

    def stances_on(self, topic_id: str) -> list[Stance]:
        """Each actor's stance on the topic, the most recently stated first; an actor's earlier
        positions on it, newest first, go with its latest."""
        by_actor: dict[str, list[Position]] = defaultdict(list)
        for actor, position in self.positions_by_topic.get(topic_id, []):
            by_actor[actor].append(position)
        stances = []
        for actor, positions in by_actor.items():
            newest_first = sorted(positions, key=lambda position: position.date, reverse=True)
            stances.append(Stance(actor, newest_first[0], tuple(newest_first[1:])))
        return sorted(stances, key=lambda stance: (-stance.latest.date.toordinal(), self.name(stance.actor).casefold()))

    def topic_counts(self, topic_id: str) -> tuple[int, int]:
        """How many actors state a position or are quoted on the topic, and how many items (positions,
        quotes, facts, events and articles) it gathers."""
        positions = self.positions_by_topic.get(topic_id, [])
        dated = self.timeline_on(topic_id)
        actors = {actor for actor, _position in positions} | {item.quote.speaker for item in dated if item.quote}
        items = len(positions) + len(dated) + len(self.facts_on(topic_id)) + len(self.undated_on(topic_id))
        return len(actors), items

    def facts_on(self, topic_id: str) -> list[tuple[str, Fact]]:
        return self.facts_by_topic.get(topic_id, [])

    def timeline_on(self, topic_id: str) -> list[TimelineItem]:
        """The events, articles and quotes on the topic, in date order."""
        return [self.timeline[index] for index in self.timeline_by_topic.get(topic_id, [])]

    def undated_on(self, topic_id: str) -> list[str]:
        return self.undated_by_topic.get(topic_id, [])

    def subtopics_of(self, topic_id: str) -> list[str]:
        return self.subtopics.get(topic_id, [])

    def in_office(self, leader: Leader) -> bool:
        """Whether a leader holds the office on the build date: taken, and not yet left."""
        return leader.since <= self.today and (leader.until is None or leader.until > self.today)

    def recent_changes(self) -> list:
        """The latest changes across the site, newest first (empty without git)."""
        changes = [change for record_changes in (self.history or {}).values() for change in record_changes]
        return sorted(changes, key=lambda change: (change.date, change.seconds, change.record), reverse=True)[:RECENT_CHANGES]

    def event_status(self, event: Event) -> str:
        """`held`, `planned`, or `overdue`: planned for a day before the edition date, and not yet
        updated to say whether it was held."""
        if event.status == "planned" and event.date is not None and event.date < self.today:
            return "overdue"
        return event.status

    def leadership_of(self, person_id: str) -> list[tuple[Country, object]]:
        return self.leadership_by_person.get(person_id, [])

    def actors_with_timelines(self) -> list[tuple[str, int]]:
        """Each entity that has dated items, with how many: the site-wide timeline narrowed to one."""
        counts: dict[str, int] = defaultdict(int)
        for item in self.timeline:
            for actor in item.actors:
                if self.folder_of.get(actor) in ENTITY_FOLDERS:
                    counts[actor] += 1
        return sorted(counts.items(), key=lambda pair: self.name(pair[0]).casefold())

    def orphans(self) -> list[str]:
        """Entities that nothing links to or names."""
        return sorted(
            (record_id for record_id, folder in self.folder_of.items()
             if folder in ENTITY_FOLDERS and not self.backlinks.get(record_id) and not self.relations.get(record_id)),
            key=lambda record_id: self.name(record_id).casefold(),
        )

    def mentioned_in(self, record_id: str) -> list[Backlink]:
        """Each record that names this one, once, with its best sentence about it, grouped by kind.
        A relation is left out: the page's Relations section shows it with its sources."""
        best: dict[str, Backlink] = {}
        for link in self.backlinks.get(record_id, []):
            if link.role in (ROLES["actor"], "cites"):
                continue
            if link.source not in best or (link.context and not best[link.source].context):
                best[link.source] = link
        folders = list(KINDS)
        # By name alone (not the whole record), so that a page is not rendered again under
        # `mkdocs serve` whenever a record that names it changes elsewhere.
        return sorted(best.values(), key=lambda link: (folders.index(self.folder_of[link.source]),
                                                       self.name(link.source).casefold(), link.source))

    def cited_by(self, source_id: str) -> list[str]:
        return sorted({link.source for link in self.backlinks[source_id] if link.role == "cites"})


def _sort_key(record: Record) -> tuple:
    if isinstance(record, Event):
        return (record.date or datetime.date.max, record.id)
    if isinstance(record, Article):
        return (record.published, record.id)
    return ((record.title if isinstance(record, Reference) else record.name).casefold(), record.id)


@collector.paused()  # the model keeps what it makes, and makes no cycles
def build_model(entries: dict[str, Entry], today: datetime.date, edition: Edition | None = None) -> Site:
    records = {record_id: entry.record for record_id, entry in entries.items()}
    site = Site(
        records=records,
        folder_of={record_id: entry.folder for record_id, entry in entries.items()},
        today=today,
        matcher=matcher_for(_names(records)),
        edition=edition or Edition(today),
    )
    for record in site.records.values():
        _index_references(site, record)
        if isinstance(record, Entity):
            _index_relations(site, record)
    site.timeline = sorted(_timeline_items(site), key=lambda item: (item.date, item.kind, item.record))
    _index(site)
    _index_topics(site)
    site.claims = [(record_id, path, claim) for record_id, record in records.items() for path, claim in claims_of(record)]
    return site


def _index_relations(site: Site, record: Entity) -> None:
    for relation in record.relations:
        meaning = RELATION_KINDS[relation.kind]
        forward, reverse = meaning.forward, meaning.reverse
        site.relations[record.id].append(RelationView(relation.actor, forward, relation, record.id))
        site.relations[relation.actor].append(RelationView(record.id, reverse, relation, record.id))


def _index(site: Site) -> None:
    grouped: dict[str, list[Record]] = defaultdict(list)
    for record_id, record in site.records.items():
        grouped[site.folder_of[record_id]].append(record)
    site.by_folder = {folder: sorted(records, key=_sort_key) for folder, records in grouped.items()}
    site.planned_events = [event.id for event in site.by_folder.get("events", []) if event.status == "planned"]  # type: ignore[attr-defined]
    for index, item in enumerate(site.timeline):
        for actor in item.actors:
            site.timeline_by_actor[actor].append(index)
    for person in site.of_folder("people"):
        if isinstance(person, Person) and person.country:
            site.people_by_country[person.country].append(person)
    for country in site.of_folder("countries"):
        for leader in country.leaders:  # type: ignore[attr-defined]
            site.leadership_by_person[leader.person].append((country, leader))


def _names(records: dict[str, Record]) -> dict[str, str]:
    """Every name and alias of an entity -> its id; the first record to claim a name keeps it."""
    names: dict[str, str] = {}
    for record_id, record in records.items():
        if isinstance(record, Entity):
            for name in (record.name, *record.aliases):
                names.setdefault(name, record_id)
    return names


def _index_references(site: Site, record: Record) -> None:
    """Backlinks from `record` to every record it refers to, or names in its summary."""
    sentences = mention_sentences(record.summary, site.matcher) if hasattr(record, "summary") else {}
    roles: dict[str, list[str]] = {}
    for path, target, _refers in references_of(record):
        role = "cites" if "sources" in path else _role(path)
        if target != record.id and role not in roles.setdefault(target, []):
            roles[target].append(role)
    for target in sentences:
        if target != record.id and ROLES["mentions"] not in roles.setdefault(target, []):
            roles[target].append(ROLES["mentions"])
    for target, target_roles in roles.items():
        for role in target_roles:
            context = sentences.get(target) if role == ROLES["mentions"] else None
            site.backlinks[target].append(Backlink(record.id, role, context))


ROLES = {
    "mentions": "mentions it",
    "participants": "lists it as a participant",
    "speaker": "quotes it",
    "via": "quotes it as the outlet that reported a quote",
    "outlet": "was published by it",
    "person": "names it as a leader",
    "actor": "has a relation with it",
    "link": "names it in a fact",
    "country": "belongs to it",
    "place": "took place here",
    "organisation": "names an office in it",
    "topic": "states a position on it",
    "topics": "is about it",
    "parent": "is part of it",
}


def _role(path: tuple) -> str:
    return ROLES[[part for part in path if isinstance(part, str)][-1]]


def _place_and_country(site: Site, place_id: str | None) -> list[str]:
    """Where an event happened: its place, and the country the place lies in, on whose timeline
    it belongs too."""
    if place_id is None:
        return []
    country = getattr(site.records.get(place_id), "country", None)
    return [place_id, country] if country else [place_id]


def _timeline_items(site: Site):
    for record in site.records.values():
        if isinstance(record, Event) and record.date is not None:
            actors = {*record.participants, *_place_and_country(site, record.place)}
            yield TimelineItem(record.date, "event", record.id, frozenset(actors), topics=tuple(record.topics))
        elif isinstance(record, Article):
            yield TimelineItem(record.published, "article", record.id, frozenset(record.mentions), topics=tuple(record.topics))
            for quote in record.quotes:
                yield TimelineItem(quote.said, "quote", record.id, frozenset({quote.speaker}), quote, tuple(quote.topics))


def _index_topics(site: Site) -> None:
    for record_id, record in site.records.items():
        named: list[str] = []
        for position in field_or(record, "positions", ()):
            site.positions_by_topic[position.topic].append((record_id, position))
            named.append(position.topic)
        for fact in field_or(record, "facts", ()):
            for topic in fact.topics:
                site.facts_by_topic[topic].append((record_id, fact))
            named += fact.topics
        named += field_or(record, "topics", ())
        if isinstance(record, Event) and record.date is None:
            for topic in record.topics:
                site.undated_by_topic[topic].append(record_id)
        if isinstance(record, Article):
            named += [topic for quote in record.quotes for topic in quote.topics]
        if isinstance(record, Topic) and record.parent:
            site.subtopics[record.parent].append(record_id)
        if named:
            site.topics_by_record[record_id] = list(dict.fromkeys(named))
    for index, item in enumerate(site.timeline):
        for topic in item.topics:
            site.timeline_by_topic[topic].append(index)
    for children in site.subtopics.values():
        children.sort(key=lambda topic_id: site.name(topic_id).casefold())
