"""The briefings as they stood on a given day: what an edition of that date may show.

An edition as of day D keeps only what was known on D: statements stated on or before D, offices
taken by D (an office left after D is shown as held), articles published by D and their quotes,
events as they stood on D (from their `earlier` states), and each sheet's summary as it read on
D. A record is in the edition only if it was known on D: an article published by then, an event
known by then, or a sheet that something else in the edition names or that states something
dated by then. Pure: records in, records out; nothing is read or written.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace

from .schema import (
    Account,
    Article,
    Entity,
    Event,
    Fact,
    Figure,
    Record,
    Reference,
)
from .validate import Entry, iter_references

Day = datetime.date
KNOWN_BY_NAME = ("countries",)  # sheets that are in every edition, whatever they state


@dataclass(frozen=True)
class Moment:
    """What narrowing a record to a day needs: the day, whether the edition is archived, and the
    articles not yet published then (a statement citing only those was not yet made)."""

    day: Day
    archived: bool
    later: frozenset[str]


@dataclass(frozen=True)
class Edition:
    """An edition of the site: the day it speaks as of, and where its pages stand."""

    day: Day
    prefix: str = ""  # "" for the current edition; "editions/2019-01-10/" for an archived one

    @property
    def archived(self) -> bool:
        return bool(self.prefix)


def archived_edition(day: Day) -> Edition:
    return Edition(day, f"editions/{day.isoformat()}/")


def as_of(entries: dict[str, Entry], day: Day, archived: bool) -> dict[str, Entry]:
    """The records as they stood on `day`. In an archived edition, dates still ahead on that day
    (review-by dates, the end of an office then held) are left out too: they were not known."""
    later = frozenset(record_id for record_id, entry in entries.items()
                      if isinstance(entry.record, Article) and entry.record.published > day)
    moment = Moment(day, archived, later)
    known = {record_id: record for record_id, entry in entries.items()
             if (record := _state_on(entry.record, moment)) is not None}
    kept = _reachable(known, entries)
    return {record_id: replace(entries[record_id], record=_without_missing(known[record_id], kept))
            for record_id in entries if record_id in kept}


def _state_on(record: Record, moment: Moment) -> Record | None:
    """The record as it read on the day, or None if it was not yet known."""
    day, archived = moment.day, moment.archived
    if isinstance(record, Article):
        if record.published > day:
            return None
        return record.model_copy(update={"quotes": [quote for quote in record.quotes if quote.said <= day]})
    if isinstance(record, Reference):
        read_later = archived and record.accessed > day  # the day it was read is not told: it was after
        return record.model_copy(update={"accessed": None}) if read_later else record
    assert isinstance(record, Entity)
    update: dict = {"earlier": [state for state in record.earlier if state.until <= day]}
    state = next((state for state in record.earlier if state.until > day), None)
    if state is not None:
        update["summary"] = state.summary
        if isinstance(record, Event):
            update.update(status=state.status, date=state.date, end_date=state.end_date, place=state.place,
                          sources=state.sources)
    if isinstance(record, Event):
        status, date = update.get("status", record.status), update.get("date", record.date)
        if status == "held" and (date is None or date > day):
            return None  # held after `day`, and not known before
        update["sources"] = _published(update.get("sources", record.sources), moment)
        if not update["sources"]:
            return None  # known only from articles published later
    update.update(_statements_on(record, moment))
    if archived and record.review_by and record.review_by > day:
        update["review_by"] = None
    if archived and record.last_reviewed > day:
        update["last_reviewed"] = None  # reviewed since: the day is not told
    return record.model_copy(update=update)


def _statements_on(record: Entity, moment: Moment) -> dict:
    """Each list of dated statements of a sheet, narrowed to those known on the day."""
    def stated(item: Record) -> Record | None:
        return _dated(item, moment)

    update: dict = {"facts": _kept(record.facts, lambda fact: _fact_on(fact, moment)),
                    "relations": _kept(record.relations, stated)}
    for name in ("positions", "leaders", "offices", "figures"):
        if hasattr(record, name):
            narrow = (lambda figure: _figure_on(figure, moment)) if name == "figures" else stated
            update[name] = _kept(getattr(record, name), narrow)
    for name in ("official_name", "capital", "government"):
        if getattr(record, name, None) is not None:
            update[name] = stated(getattr(record, name))
    return update


def _kept(items: list, narrow: Callable[[Record], Record | None]) -> list:
    return [item for item in map(narrow, items) if item is not None]


def _published(sources: list[str], moment: Moment) -> list[str]:
    return [source for source in sources if source not in moment.later]


def _dated(item: Record, moment: Moment) -> Record | None:
    """A statement as known on the day: None if stated later (or for an office, taken later), or
    only by articles published later."""
    day, archived = moment.day, moment.archived
    since = getattr(item, "since", None)
    if since is not None and since > day:
        return None
    update: dict = {}
    sources = getattr(item, "sources", None)
    if sources:
        update["sources"] = _published(sources, moment)
        if not update["sources"]:
            return None
    if hasattr(item, "until") and since is not None:
        # An office taken by `day` was known to be held then, whenever its source said so.
        if item.until is not None and item.until > day:  # type: ignore[attr-defined]
            update["until"] = None
        if item.as_of > day:  # type: ignore[attr-defined]
            update["as_of"] = day
    else:
        stated_on = getattr(item, "as_of", None) or getattr(item, "date", None)
        if stated_on is not None and stated_on > day:
            return None
    if archived and getattr(item, "review_by", None) and item.review_by > day:  # type: ignore[attr-defined]
        update["review_by"] = None
    return item.model_copy(update=update)


def _fact_on(fact: Fact, moment: Moment) -> Fact | None:
    if fact.accounts is None:
        return _dated(fact, moment)  # type: ignore[return-value]
    accounts: list[Account] = _kept(fact.accounts, lambda account: _dated(account, moment))
    if not accounts:
        return None
    if len(accounts) > 1:
        return fact.model_copy(update={"accounts": accounts})
    only = accounts[0]  # one account left: a plain fact
    return fact.model_copy(update={"accounts": None, "value": only.value, "as_of": only.as_of,
                                   "sources": only.sources, "excerpt": only.excerpt, "review_by": only.review_by})


def _figure_on(figure: Figure, moment: Moment) -> Figure | None:
    """A figure for a year is known once that year is over; one for a day, from that day."""
    day, archived = moment.day, moment.archived

    def known(year: int) -> bool:
        return year < day.year

    if figure.as_of is not None and figure.as_of > day or figure.year is not None and not known(figure.year):
        return None
    sources = _published(figure.sources, moment)
    if not sources:
        return None
    update: dict = {"series": [value for value in figure.series if known(value.year)], "sources": sources}
    if archived and figure.review_by and figure.review_by > day:
        update["review_by"] = None
    return figure.model_copy(update=update)


def _reachable(known: dict[str, Record], entries: dict[str, Entry]) -> set[str]:
    """The records of the edition: those that state something known on the day, and every record
    they name or cite, in turn."""
    kept = {record_id for record_id, record in known.items() if _states_something(record, entries[record_id].folder)}
    waiting = list(kept)
    while waiting:
        record = known[waiting.pop()]
        for _path, target, _refers in iter_references(record, type(record), ()):
            if target in known and target not in kept:
                kept.add(target)
                waiting.append(target)
    return kept


def _states_something(record: Record, folder: str) -> bool:
    if isinstance(record, (Article, Event)) or folder in KNOWN_BY_NAME:
        return True
    if isinstance(record, Reference):
        return False  # in the edition only if something in it cites it
    return any(getattr(record, name, None) for name in ("facts", "relations", "positions", "offices", "figures"))


def _without_missing(record: Record, kept: set[str]) -> Record:
    """A record with its references to records not in the edition taken out: mentions of later
    events, relations with them, sources published later."""
    if isinstance(record, Article):
        return record.model_copy(update={"mentions": [m for m in record.mentions if m in kept]})
    if not isinstance(record, Entity):
        return record
    update: dict = {"relations": [r for r in record.relations if r.actor in kept]}
    if isinstance(record, Event):
        update["participants"] = [p for p in record.participants if p in kept]
    return record.model_copy(update=update)
