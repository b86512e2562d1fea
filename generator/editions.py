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
from typing import Any
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
    Topic,
)
from .memo import RecordMemo
from .validate import Entry, field_names, field_or, field_plans, references_of

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
             if (record := _remembered_state_on(entry.record, moment)) is not None}
    # Taking out what names a record not in the edition may leave another (a reference cited only
    # there) named by nothing: until nothing more goes.
    kept = _reachable(known, entries, archived)
    while True:
        known = _without_missing(known, kept)
        narrower = _reachable(known, entries, archived) & known.keys()
        if narrower == kept:
            break
        kept = narrower
    return {record_id: entry if known[record_id] is entry.record else replace(entry, record=known[record_id])
            for record_id, entry in entries.items() if record_id in kept}


def _state_on(record: Record, moment: Moment) -> Record | None:
    """The record as it read on the day, or None if it was not yet known."""
    day, archived = moment.day, moment.archived
    if isinstance(record, Article):
        if record.published > day:
            return None
        return _with(record, {"quotes": [quote for quote in record.quotes if quote.said <= day]})
    if isinstance(record, Reference):
        read_later = archived and record.accessed > day  # the day it was read is not told: it was after
        return record.model_copy(update={"accessed": None}) if read_later else record
    if isinstance(record, Topic):  # what a topic is does not change; when it was reviewed may not be known
        return record.model_copy(update={"last_reviewed": None}) if archived and record.last_reviewed > day else record
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
        end_date = update.get("end_date", record.end_date)
        if status == "held" and end_date is not None and end_date > day:
            update["end_date"] = None  # under way on `day`: how long it would last was not known
        update["sources"] = _published(update.get("sources", record.sources), moment)
        if not update["sources"]:
            return None  # known only from articles published later
    update.update(_statements_on(record, moment))
    if archived and record.review_by and record.review_by > day:
        update["review_by"] = None
    if archived and record.last_reviewed > day:
        update["last_reviewed"] = None  # reviewed since: the day is not told
    return _with(record, update)


# How a record read on a day, worked out once per record and day (see memo.py).
_remembered_state_on = RecordMemo(_state_on)


def _statements_on(record: Entity, moment: Moment) -> dict:
    """Each list of dated statements of a sheet, narrowed to those known on the day."""
    def stated(item: Record) -> Record | None:
        return _dated(item, moment)

    update: dict = {"facts": _kept(record.facts, lambda fact: _fact_on(fact, moment)),
                    "relations": _kept(record.relations, stated)}
    fields = field_names(type(record)) or ()
    for name in ("positions", "leaders", "offices", "figures"):
        if name in fields:
            narrow = (lambda figure: _figure_on(figure, moment)) if name == "figures" else stated
            update[name] = _kept(getattr(record, name), narrow)
    for name in ("official_name", "capital", "government"):
        if field_or(record, name, None) is not None:
            update[name] = stated(getattr(record, name))
    return update


def _with(record: Record, update: dict) -> Record:
    """`record` with the values of `update` that differ from its own; the very same object if
    none does (so that serve's comparisons between rebuilds stay checks of identity)."""
    changed = {name: value for name, value in update.items() if getattr(record, name) != value}
    return record.model_copy(update=changed) if changed else record


def _kept(items: list, narrow: Callable[[Record], Record | None]) -> list:
    return [item for item in map(narrow, items) if item is not None]


def _published(sources: list[str], moment: Moment) -> list[str]:
    return [source for source in sources if source not in moment.later]


def _dated(item: Record, moment: Moment) -> Record | None:
    """A statement as known on the day: None if stated later (or for an office, taken later), or
    only by articles published later."""
    day, archived = moment.day, moment.archived
    since = field_or(item, "since", None)
    if since is not None and since > day:
        return None
    update: dict = {}
    held = "until" in (field_names(type(item)) or ())  # an office or a leader's term
    sources = field_or(item, "sources", None)
    if sources:
        update["sources"] = _published(sources, moment)
        if not update["sources"]:
            return None
        if len(update["sources"]) < len(sources) and field_or(item, "excerpt", None):
            update["excerpt"] = None  # perhaps the words of the source left out
    if held and item.until is not None and item.until > day:  # type: ignore[attr-defined]
        update["until"] = None  # held on `day`: when it would end was not known
    if held and since is not None:
        # An office taken by `day` was known to be held then, whenever its source said so.
        if item.as_of > day:  # type: ignore[attr-defined]
            update["as_of"] = day
    else:
        stated_on = field_or(item, "as_of", None) or field_or(item, "date", None)
        if stated_on is not None and stated_on > day:
            return None
    if archived and field_or(item, "review_by", None) and item.review_by > day:  # type: ignore[attr-defined]
        update["review_by"] = None
    return _with(item, update)


def _fact_on(fact: Fact, moment: Moment) -> Fact | None:
    if fact.accounts is None:
        return _dated(fact, moment)  # type: ignore[return-value]
    accounts: list[Account] = _kept(fact.accounts, lambda account: _dated(account, moment))
    if not accounts:
        return None
    if len(accounts) > 1:
        return _with(fact, {"accounts": accounts})
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
    return _with(figure, update)


def _reachable(known: dict[str, Record], entries: dict[str, Entry], archived: bool) -> set[str]:
    """The records of the edition: those that state something known on the day (in the current
    edition, every sheet), and every record they name or cite, in turn."""
    kept = {record_id for record_id, record in known.items()
            if _states_something(record, entries[record_id].folder, archived)}
    waiting = list(kept)
    while waiting:
        record = known[waiting.pop()]
        for _path, target, _refers in references_of(record):
            if target in known and target not in kept:
                kept.add(target)
                waiting.append(target)
    return kept


def _states_something(record: Record, folder: str, archived: bool) -> bool:
    if isinstance(record, Reference):
        return False  # in the edition only if something in it cites it
    if isinstance(record, (Article, Event)) or folder in KNOWN_BY_NAME or not archived:
        return True
    return any(getattr(record, name, None) for name in ("facts", "relations", "positions", "offices", "figures"))


REMOVED = object()  # what pruning gives for a value that cannot stand without a record it names


def _pruned(value: Any, plan: tuple, kept: set[str]) -> Any:
    """`value` without its references to records not in the edition: an id left out of a list;
    an optional field that names one emptied; a statement whose sources are all gone, or an item
    whose required reference is gone, left out. A statement that lost a source loses its excerpt,
    which may have been that source's words."""
    kind, detail = plan
    if kind == "ref":
        return value if value in kept else REMOVED
    if kind == "list":
        items = [_pruned(item, detail, kept) for item in value]
        return [item for item in items if item is not REMOVED]
    update: dict = {}
    for name, field_plan in field_plans(type(value)):
        item = getattr(value, name)
        if item is None:
            continue
        pruned = _pruned(item, field_plan, kept)
        if name == "sources" and not pruned:
            return REMOVED  # a statement with none of its sources left was not yet made
        if pruned is REMOVED:
            if type(value).model_fields[name].is_required():
                return REMOVED
            pruned = None
        if pruned != item:
            update[name] = pruned
    if "sources" in update and field_or(value, "excerpt", None):
        update["excerpt"] = None
    return value.model_copy(update=update) if update else value


def _without_missing(known: dict[str, Record], kept: set[str]) -> dict[str, Record]:
    pruned = {record_id: _pruned(known[record_id], ("record", type(known[record_id])), kept)
              if any(target not in kept for _path, target, _refers in references_of(known[record_id]))
              else known[record_id]  # names nothing left out: as it is (sources are never empty)
              for record_id in kept}
    return {record_id: record for record_id, record in pruned.items() if record is not REMOVED}
