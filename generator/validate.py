"""Check loaded documents against the schema, then across records; collect every problem."""

from __future__ import annotations

import datetime
import difflib
import functools
import re
import types
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, NamedTuple, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .load import Document, FieldPath, describe
from .memo import RecordMemo
from .problems import Problem
from .text import with_article
from .characters import character_name, look_alike_skeleton, non_ascii_note
from .schema import (
    ID_PATTERN, KINDS, RELATION_KINDS, Article, Country, Entity, Event, Leader, Office, Position, Record, RefersTo,
    Topic,
)

MAX_LISTED_IDS = 8
MAX_SUGGESTED = 200  # ids looked up for close matches in one check; past that, the known ids are listed
DID_YOU_MEAN_CUTOFF = 0.7


@dataclass(frozen=True)
class Entry:
    """A record that passed the schema, with the document it came from."""

    record: Record
    document: Document

    @property
    def folder(self) -> str:
        return self.document.folder


def validate_documents(
    documents: list[Document], today: datetime.date, unreadable: dict[str, str] | None = None,
    edition: datetime.date | None = None,
) -> tuple[dict[str, Entry], list[Problem]]:
    """Valid records by id, and every problem found in the documents and across them. Dates are
    judged against `today`, the build date (what a source says cannot be dated after it), and
    reviews against `edition`, the date the site speaks as of (`today` unless given).

    `unreadable` maps the file names (intended ids) of files that could not be loaded to their
    folders. They, and the names and valid ids of records that fail the schema, still count as
    known ids, so that one mistake is reported once and not again at every reference to it.
    """
    problems: list[Problem] = []
    entries: dict[str, Entry] = {}
    known: dict[str, set[str]] = defaultdict(set)
    for stem, folder in (unreadable or {}).items():
        known[stem].add(folder)
    for document in documents:
        known[document.stem].add(document.folder)
        record = document.validated[0] if document.validated else None  # its file may be let go of
        data_id = record.id if record is not None else document.data.get("id")
        if isinstance(data_id, str) and re.fullmatch(ID_PATTERN, data_id):
            known[data_id].add(document.folder)
    hints = ReferenceHints(known)
    for document in documents:
        record, record_problems = validate_document(document)
        problems.extend(record_problems)
        if record is None:
            # The rest of the file is still read for broken references, so that one run lists
            # them all; a field the schema refused is reported once, by the schema.
            refused = {problem.field for problem in record_problems}
            references = [reference for reference in raw_references(document)
                          if not any(field_name(reference[0]).startswith(field) for field in refused if field)]
            problems.extend(check_references(document, document.data.get("id"), hints, references))
            continue
        if record.id in entries:
            first = entries[record.id].document
            problems.append(_problem(document, ("id",), f"duplicate id; `{record.id}` is also the id of {first.file}"))
            continue
        entries[record.id] = Entry(record, document)
    relations = RelationIndex()
    figures = FigureIndex()
    names = NameIndex()
    problems.extend(names.check(entries.values()))
    for entry in entries.values():
        references = list(references_of(entry.record))
        reference_problems = list(check_references(entry.document, entry.record.id, hints, references))
        problems.extend(reference_problems)
        problems.extend(check_dates(entry, max(today, edition or today)))
        problems.extend(check_review(entry, edition or today))
        problems.extend(check_repeated_ids(entry, references))
        problems.extend(figures.check(entry))
        if not reference_problems:
            problems.extend(check_evidence(entry, entries))
            problems.extend(relations.check(entry, entries))
    # A file that could not be read, or whose record failed, may hold the quote or excerpt that
    # uses a passage: until every file is a record, "not used" could blame the wrong file.
    if not unreadable and len(entries) == len(documents):
        problems.extend(check_passages_used(entries))
    problems.extend(check_topic_parents(entries))
    return entries, problems


def check_topic_parents(entries: dict[str, Entry]) -> Iterator[Problem]:
    """No topic is its own broader topic, however far up: following `parent` must end."""
    parents = {record_id: entry.record.parent for record_id, entry in entries.items()
               if isinstance(entry.record, Topic) and entry.record.parent}
    for topic_id in sorted(parents):
        chain = [topic_id]
        while chain[-1] in parents and parents[chain[-1]] not in chain:
            chain.append(parents[chain[-1]])
        if parents.get(chain[-1]) == topic_id:
            path = " → ".join(f"`{step}`" for step in [*chain, topic_id])
            message = f"expected a broader topic, but following `parent` from here comes back to this topic: {path}"
            yield _problem(entries[topic_id].document, ("parent",), message)


# What every skeleton's placeholder summary says (`briefings new`): a summary that still says it
# was never written.
SKELETON_PLACEHOLDER = "here, in our own words"


def unwritten_summaries(entries: dict[str, Entry]) -> Iterator[Problem]:
    """Warnings, not problems: each summary that is still its skeleton's placeholder, which the
    site would publish as it stands."""
    for entry in entries.values():
        if unwritten(entry.record):
            message = "still the placeholder `briefings new` wrote; write the summary in our own words"
            yield _problem(entry.document, ("summary",), message)


def unwritten(record: Record) -> bool:
    """Whether the record's summary is still the placeholder of its skeleton."""
    summary = field_or(record, "summary", None)
    return isinstance(summary, str) and SKELETON_PLACEHOLDER in " ".join(summary.split())


def unverified_quotes(entries: dict[str, Entry]) -> Iterator[Problem]:
    """Warnings, not problems: each quote of an article that keeps no passages, so that nothing
    checks its words against the story."""
    for entry in entries.values():
        record = entry.record
        if isinstance(record, Article) and not record.passages:
            for index, quote in enumerate(record.quotes):
                message = ("unverified: this article keeps no `passages`, so nothing checks these words against "
                           "the story; add the sentence they come from under `passages`")
                yield _problem(entry.document, ("quotes", index, "words"), message)


def check_passages_used(entries: dict[str, Entry]) -> Iterator[Problem]:
    """Every passage kept from a source holds a quote or an excerpt that cites it: what no quote or
    excerpt needs is more of the story than the site may copy."""
    uses: dict[str, list[str]] = defaultdict(list)  # source id -> the words quoted from it
    for entry in entries.values():
        record = entry.record
        if isinstance(record, Article):
            uses[record.id].extend(quote.words for quote in record.quotes)
        for _path, claim in claims_of(record):
            if claim.excerpt:
                for source_id in claim.sources:
                    uses[source_id].append(claim.excerpt)
    misquoted: set[str] | None = None  # sources with a quote or excerpt reported as not found, once asked
    for source_id, entry in entries.items():
        for index, passage in enumerate(field_or(entry.record, "passages", [])):
            if not any(found_in(words, [passage]) for words in uses[source_id]):
                if misquoted is None:
                    misquoted = {source.record.id for other in entries.values()
                                 for miss in evidence_misses(other, entries) for source in miss.searched}
                advice = "keep only the words that quotes and excerpts need, or remove the passage"
                if source_id in misquoted:  # the quote may be meant for this passage: that fix first
                    advice = ("one of them is not found in its passages: if its words come from this passage, "
                              "correct them to match it; otherwise " + advice)
                message = "not used by any quote or excerpt that cites this source; " + advice
                yield _problem(entry.document, ("passages", index), message)


def validate_document(document: Document) -> tuple[Record | None, list[Problem]]:
    """The record in one document, or the problems that keep it from being one. Worked out once
    per loaded document, so that a cached, unchanged file is not validated again."""
    if document.validated is None:
        document.validated = _validate_document(document)
    return document.validated


def _validate_document(document: Document) -> tuple[Record | None, list[Problem]]:
    model = KINDS[document.folder][0]
    try:
        record = model.model_validate(document.data)
    except ValidationError as error:
        return None, [_translate(document, model, detail) for detail in error.errors(include_url=False)]
    if record.id != document.stem:
        message = f"expected the id to match the file name, `{document.stem}`; found `{record.id}`"
        message += non_ascii_note(document.stem)
        return None, [_problem(document, ("id",), message)]
    return record, []


def _problem(
    document: Document, path: FieldPath, message: str, *, key: bool = False, field: str | None = None
) -> Problem:
    """A problem at `path` (its key, with `key`), named `field` if that is not the path itself."""
    mark = document.mark(path, key=key)
    return Problem(document.file, mark.line, mark.column, field or field_name(path), message)


def field_name(path: FieldPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _translate(document: Document, model: type[Record], detail: dict[str, Any]) -> Problem:
    path = tuple(part for part in detail["loc"] if isinstance(part, int) or _is_field(part))
    if detail["type"] == "extra_forbidden":  # the unknown key, whatever it is, names the place
        path = (*tuple(part for part in detail["loc"][:-1] if isinstance(part, int) or _is_field(part)),
                detail["loc"][-1])
    kind = detail["type"]
    found = describe(detail.get("input"))
    if kind == "missing":
        return _problem(document, path, f"required field is missing; {_expectation(model, path)}")
    if kind == "extra_forbidden":
        allowed = sorted(_fields_at(model, path[:-1]))
        message = f"unknown field; expected one of {', '.join(allowed)}"
        return _problem(document, path, message + did_you_mean(str(path[-1]), allowed), key=True)
    if kind == "record_shape":
        return _problem(document, path, detail["msg"])
    if kind == "unsafe_text":
        mark = document.text_mark(path, detail["ctx"]["offset"])
        return Problem(document.file, mark.line, mark.column, field_name(path), detail["msg"])
    if kind == "literal_error":
        allowed = [value.strip("'") for value in detail["ctx"]["expected"].replace(" or ", ", ").split(", ")]
        message = f"expected one of {', '.join(allowed)}; found {found}"
        return _problem(document, path, message + did_you_mean(str(detail.get("input")), allowed, cutoff=0.6))
    expected = _expected(kind, detail)
    return _problem(document, path, expected if "; found " in expected else f"{expected}; found {found}")


def _is_field(part: Any) -> bool:
    return isinstance(part, str) and part.isidentifier()


def _expected(kind: str, detail: dict[str, Any]) -> str:
    if kind == "string_pattern_mismatch":
        pattern = detail["ctx"]["pattern"]
        if pattern == ID_PATTERN:
            found = detail.get("input")
            note = non_ascii_note(found) if isinstance(found, str) else ""
            example = "expected an id of lower-case letters, digits and single hyphens, such as `north-korea`"
            return f"{example}; found {describe(found)}{note}"
    if kind in ("string_type", "str_type"):
        return "expected text"
    if kind == "string_too_short":
        return "expected some text"
    if kind == "string_too_long":
        found = detail.get("input")
        length = f"; found {len(found):,}" if isinstance(found, str) else ""
        return f"expected at most {detail['ctx']['max_length']:,} characters{length}"
    if kind == "too_long":
        return f"expected at most {detail['ctx']['max_length']:,} items; found {detail['ctx']['actual_length']:,}"
    if kind == "list_type":
        return "expected a list"
    if kind == "too_short":
        count = detail["ctx"]["min_length"]
        return f"expected at least {count} {'item' if count == 1 else 'items'}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "expected a mapping of fields"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = detail["ctx"]["ge" if kind == "greater_than_equal" else "le"]
        return f"expected {bound:g} or {'more' if kind == 'greater_than_equal' else 'less'}"
    if kind == "value_error":
        return detail["msg"].removeprefix("Value error, ")
    return f"expected {detail['msg'][0].lower()}{detail['msg'][1:]}"


def _expectation(model: type[Record], path: FieldPath) -> str:
    info = _model_at(model, path[:-1]).model_fields[str(path[-1])]
    shape = _record_class(info.annotation)
    if shape is not None:
        required = [name for name, field in shape.model_fields.items() if field.is_required()]
        return f"expected a mapping with the fields {', '.join(required)}"
    hint = f"expected {info.description[0].lower()}{info.description[1:]}" if info.description else "add it"
    examples = info.examples or []
    return f"{hint.rstrip('.')} (for example `{path[-1]}: {_yaml_example(examples[0])}`)" if examples else hint.rstrip(".")


def _yaml_example(example: object) -> str:
    return f"[{', '.join(map(str, example))}]" if isinstance(example, list) else str(example)


def _fields_at(model: type[Record], path: FieldPath) -> list[str]:
    return list(_model_at(model, path).model_fields)


def _model_at(model: type[BaseModel], path: FieldPath) -> type[BaseModel]:
    """The record class that the value at `path` must be."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        current = _record_class(current.model_fields[part].annotation)
    return current


def _record_class(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _record_class(argument)
        if found is not None:
            return found
    return None


def did_you_mean(found: str, allowed: list[str], cutoff: float = DID_YOU_MEAN_CUTOFF) -> str:
    if not found.isascii():  # never offer what may look exactly like what was typed: name the odd letters
        return non_ascii_note(found, "ASCII letters, digits, hyphens and underscores")
    close = difflib.get_close_matches(found, allowed, n=1, cutoff=cutoff)
    return f" (did you mean `{close[0]}`?)" if close else ""


def _references(record: Record) -> tuple[tuple[FieldPath, str, RefersTo], ...]:
    return tuple(iter_references(record, type(record), ()))


# Every id in a record that refers to another record, with where it stands; worked out once per
# record (see memo.py).
references_of = RecordMemo(_references)


def iter_references(value: Any, annotation: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str, RefersTo]]:
    """Every id in `value` that refers to another record, with where it stands."""
    yield from _walk(value, _plan(annotation), path)


def _walk(value: Any, plan: tuple | None, path: FieldPath) -> Iterator[tuple[FieldPath, str, RefersTo]]:
    stack = [(value, plan, path)]  # depth first, in the order of the fields and items
    while stack:
        value, plan, path = stack.pop()
        if plan is None or value is None:
            continue
        kind, detail = plan
        if kind == "ref":
            if isinstance(value, str):
                yield path, value, detail
        elif kind == "list":
            stack.extend((value[index], detail, (*path, index)) for index in range(len(value) - 1, -1, -1))
        else:  # a record: walk its fields that can hold references
            stack.extend((getattr(value, name), field_plan, (*path, name))
                         for name, field_plan in reversed(field_plans(type(value))))


def _plan(annotation: Any) -> tuple | None:
    """How to find references in values of this type: ("ref", RefersTo), ("list", plan),
    ("record", class), or None where none can be. Worked out once per record class."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *metadata = get_args(annotation)
        refers = next((item for item in metadata if isinstance(item, RefersTo)), None)
        return ("ref", refers) if refers else _plan(base)
    if origin in (Union, types.UnionType):
        plans = [plan for plan in map(_plan, get_args(annotation)) if plan is not None]
        return plans[0] if plans else None
    if origin is list:
        item_plan = _plan(get_args(annotation)[0])
        return ("list", item_plan) if item_plan else None
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return ("record", annotation) if field_plans(annotation) else None
    return None


@functools.cache
def field_plans(model: type[Record]) -> tuple[tuple[str, tuple], ...]:
    plans = []
    for name, info in model.model_fields.items():
        field_type = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        plan = _plan(field_type)
        if plan is not None:
            plans.append((name, plan))
    return tuple(plans)


def check_references(
    document: Document, record_id: object, hints: ReferenceHints, references: list[tuple[FieldPath, str, RefersTo]]
) -> Iterator[Problem]:
    """Problems with ids that name no record, or a record of the wrong kind. `references`: the
    record's references, as `iter_references` (or `raw_references`) finds them."""
    for path, target, refers in references:
        found = hints.known.get(target, set())
        if found & set(refers.folders):
            if target == record_id and path[:1] != ("sources",):
                yield _problem(document, path, f"expected another record; `{target}` is this record itself")
            continue
        kinds = " or ".join(KINDS[folder][2] for folder in refers.folders)
        if found:
            message = f"expected the id of {with_article(kinds)}; `{target}` is {with_article(KINDS[min(found)][2])}"
        else:
            message = f"no {kinds} has the id `{target}`" + hints.hint(target, refers.folders)
        yield _problem(document, path, message)


def raw_references(document: Document) -> list[tuple[FieldPath, str, RefersTo]]:
    """The references in a document whose record the schema refused, found in its fields as
    written, where they have the shape the schema expects."""
    return list(_walk_raw(document.data, ("record", KINDS[document.folder][0]), ()))


def _walk_raw(value: Any, plan: tuple | None, path: FieldPath) -> Iterator[tuple[FieldPath, str, RefersTo]]:
    if plan is None:
        return
    kind, detail = plan
    if kind == "ref" and isinstance(value, str):
        yield path, value, detail
    elif kind == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk_raw(item, detail, (*path, index))
    elif kind == "record" and isinstance(value, dict):
        for name, field_plan in field_plans(detail):
            if name in value:
                yield from _walk_raw(value[name], field_plan, (*path, name))


class ReferenceHints:
    """What to tell an editor about an id that names no record: a look-alike, close ids, or the
    known ones. Worked out once per id and kind, and close ids for at most MAX_SUGGESTED ids, so
    that thousands of mistakes cost no more than a few hundred."""

    def __init__(self, known: dict[str, set[str]]):
        self.known = known  # id or file name -> folders
        self._candidates: dict[tuple[str, ...], list[str]] = {}
        self._look_alikes: dict[tuple[str, ...], dict[str, str]] = {}
        self._hints: dict[tuple[str, tuple[str, ...]], str] = {}

    def hint(self, target: str, folders: tuple[str, ...]) -> str:
        key = (target, folders)
        if key not in self._hints:
            self._hints[key] = self._hint(target, folders)
        return self._hints[key]

    def _hint(self, target: str, folders: tuple[str, ...]) -> str:
        twin = self._twins(folders).get(target)
        if twin:
            return (f"; `{twin}` looks the same but is another name{non_ascii_note(twin)}: "
                    "rename that file or fix its id")
        candidates = self._ids(folders)
        if len(self._hints) < MAX_SUGGESTED:
            close = difflib.get_close_matches(target, candidates, n=3, cutoff=DID_YOU_MEAN_CUTOFF)
            if close:
                return " (did you mean " + " or ".join(f"`{item}`" for item in close) + "?)"
        shown = ", ".join(candidates[:MAX_LISTED_IDS]) + (", ..." if len(candidates) > MAX_LISTED_IDS else "")
        return f"; known ids: {shown}" if candidates else "; there are none yet"

    def _ids(self, folders: tuple[str, ...]) -> list[str]:
        """The valid ids of records in `folders`: never a name that merely looks like one."""
        if folders not in self._candidates:
            self._candidates[folders] = sorted(
                key for key, found in self.known.items() if found & set(folders) and re.fullmatch(ID_PATTERN, key)
            )
        return self._candidates[folders]

    def _twins(self, folders: tuple[str, ...]) -> dict[str, str]:
        """What each known name of records in `folders` that is not an id looks like -> that name."""
        if folders not in self._look_alikes:
            self._look_alikes[folders] = {
                look_alike_skeleton(key): key for key, found in self.known.items()
                if found & set(folders) and not key.isascii()
            }
        return self._look_alikes[folders]


def check_repeated_ids(entry: Entry, references: list[tuple[FieldPath, str, RefersTo]]) -> Iterator[Problem]:
    """An id listed twice in one list (sources, participants, mentions) says nothing more, and is
    shown twice."""
    seen: dict[tuple, int] = {}
    for path, target, _refers in references:
        if not isinstance(path[-1], int):
            continue
        key = (path[:-1], target)
        if key in seen:
            message = f"`{target}` is already listed here (item {seen[key] + 1}); list each once"
            yield _problem(entry.document, path, message)
        else:
            seen[key] = path[-1]


class NameIndex:
    """Names by how they look: a name or alias that another record already has, or one that
    looks exactly like another record's but is written with other letters, is refused, since
    readers (and name links) could not tell them apart. Names claim theirs before aliases do."""

    def __init__(self) -> None:
        self.seen: dict[str, tuple[str, Entry, FieldPath]] = {}  # skeleton -> (name, entry, path)

    def check(self, entries: Iterable[Entry]) -> Iterator[Problem]:
        entities = [entry for entry in entries if isinstance(entry.record, Entity)]
        for entry in entities:
            yield from self._claim(entry, ("name",), entry.record.name)
        for entry in entities:
            for index, alias in enumerate(entry.record.aliases):
                yield from self._claim(entry, ("aliases", index), alias)

    def _claim(self, entry: Entry, path: FieldPath, name: str) -> Iterator[Problem]:
        first_name, first_entry, first_path = self.seen.setdefault(look_alike_skeleton(name), (name, entry, path))
        if first_entry.record.id == entry.record.id:
            return
        where = f"{first_entry.document.file}:{first_entry.document.mark(first_path).line}"
        if first_name.casefold() == name.casefold():
            message = (f"`{name}` is already a name of `{first_entry.record.id}` ({where}); a name is linked to "
                       "one record, so give each its own, such as the full name")
        else:
            odd = "".join(dict.fromkeys(char for char in name + first_name if not char.isascii()))
            message = (f"looks exactly like `{first_name}` ({where}) but is written with other letters "
                       f"({', '.join(f'`{char}` is {character_name(char)}' for char in odd[:3])}); "
                       "readers could not tell the two apart")
        yield _problem(entry.document, path, message)


class FigureIndex:
    """Figures by what they measure: each given once per country, and in one unit everywhere, so
    that their rank pages compare like with like."""

    def __init__(self) -> None:
        self.units: dict[str, tuple[str, Entry, int]] = {}  # figure -> (unit, first entry, index there)

    def check(self, entry: Entry) -> Iterator[Problem]:
        if not isinstance(entry.record, Country):
            return
        seen: dict[str, int] = {}
        for index, figure in enumerate(entry.record.figures):
            path = ("figures", index, "figure")
            if figure.figure in seen:
                message = f"`{figure.figure}` is already given here (item {seen[figure.figure] + 1}); give each figure once, earlier values in its `series`"
                yield _problem(entry.document, path, message)
                continue
            seen[figure.figure] = index
            unit, first, first_index = self.units.setdefault(figure.figure, (figure.unit, entry, index))
            if unit != figure.unit:
                where = f"{first.document.file}:{first.document.mark(('figures', first_index, 'unit')).line}"
                message = f"expected `{unit}`, the unit of `{figure.figure}` in {where}, so that countries compare; found `{figure.unit}`"
                yield _problem(entry.document, ("figures", index, "unit"), message)


class RelationIndex:
    """The relations seen so far, so that one recorded twice (on the same sheet or on both) is found."""

    def __init__(self) -> None:
        self.seen: dict[tuple, tuple[Entry, int]] = {}

    def check(self, entry: Entry, entries: dict[str, Entry]) -> Iterator[Problem]:
        record = entry.record
        for index, relation in enumerate(field_or(record, "relations", [])):
            meaning = RELATION_KINDS[relation.kind]
            other = entries.get(relation.actor)
            if other is None:
                continue  # an invalid record, reported on its own
            if entry.folder not in meaning.holders or other.folder not in meaning.others:
                holder, target = KINDS[entry.folder][2], KINDS[other.folder][2]
                message = (f"`{relation.kind}` is a relation {meaning.joins()}; here it would go from "
                           f"{with_article(holder)} to {with_article(target)} (`{relation.actor}`)")
                yield _problem(entry.document, ("relations", index, "kind"), message)
                continue
            pair = frozenset((record.id, relation.actor)) if meaning.symmetric else (record.id, relation.actor)
            key = (relation.kind, pair)
            if key in self.seen:
                first, first_index = self.seen[key]
                line = first.document.mark(("relations", first_index)).line
                message = f"the same `{relation.kind}` relation is already recorded in {first.document.file}:{line}"
                yield _problem(entry.document, ("relations", index), message)
            else:
                self.seen[key] = (entry, index)


# Dates on which a source says something, or an editor read or checked it: none can be later than
# the day the site is built, give or take the day that time zones make (a story dated today in
# Seoul is dated tomorrow on a builder in New York).
STATED_DATES = ("as_of", "last_reviewed", "accessed", "published", "said", "said_until", "until")
TIME_ZONE_MARGIN = datetime.timedelta(days=1)


@functools.cache
def field_names(kind: type) -> frozenset[str] | None:
    """The fields of a record class (of any pydantic model); None for any other class."""
    fields = getattr(kind, "model_fields", None)
    return frozenset(fields) if isinstance(fields, dict) else None


def field_or(value: object, name: str, default: Any) -> Any:
    """`value`'s field `name`, or `default` where its kind has no such field: `getattr` with a
    default would pay for pydantic's attribute error at every miss (a tenth of the checks across
    records, at thousands of them). Any other value's attribute, or `default`."""
    fields = field_names(type(value))
    if fields is None:
        return getattr(value, name, default)
    return getattr(value, name) if name in fields else default


def iter_dates(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, Record, datetime.date]]:
    """Every date in a record, with where it stands and the record (or shape) that holds it."""
    if isinstance(value, Record):
        date_fields, record_fields = _date_plan(type(value))
        for name in date_fields:
            item = getattr(value, name)
            if item is not None:
                yield (*path, name), value, item
        for name in record_fields:
            yield from iter_dates(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from iter_dates(item, (*path, index))


@functools.cache
def _date_plan(model: type[Record]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fields of a record class that hold a date, and those that can hold records."""
    dates = tuple(name for name, info in model.model_fields.items() if _holds_type(info.annotation, datetime.date))
    return dates, _record_fields(model)


def _holds_type(annotation: Any, wanted: type) -> bool:
    return annotation is wanted or any(_holds_type(argument, wanted) for argument in get_args(annotation))


def check_dates(entry: Entry, today: datetime.date) -> Iterator[Problem]:
    record = entry.record
    document = entry.document
    latest = today + TIME_ZONE_MARGIN
    for path, holder, value in iter_dates(record):
        stated = path[-1] in STATED_DATES or (isinstance(holder, Position) and path[-1] == "date")
        if stated and value > latest:
            yield _problem(document, path, f"expected a date no later than the build date, {today}; found {value}")
    for index, leader in enumerate(field_or(record, "leaders", [])):
        if leader.since > latest:
            yield _problem(document, ("leaders", index, "since"), f"expected a date no later than the build date, "
                           f"{today}, for an office already taken; found {leader.since}")
    for index, figure in enumerate(field_or(record, "figures", [])):
        if figure.year is not None and figure.year > today.year:
            yield _problem(document, ("figures", index, "year"), f"expected a year no later than the build date's, "
                           f"{today.year}; found {figure.year} (a forecast is not a figure)")
    if isinstance(record, Article):
        for index, quote in enumerate(record.quotes):
            for name in ("said", "said_until"):
                said = getattr(quote, name)
                if said is not None and said > record.published + TIME_ZONE_MARGIN:
                    yield _problem(document, ("quotes", index, name), f"expected a date no later than the story's "
                                   f"publication, {record.published}; found {said}")
            if quote.said_until is not None and quote.said_until <= quote.said:
                yield _problem(document, ("quotes", index, "said_until"), f"expected a day after `said` "
                               f"({quote.said}), the last of the days it may have been said; found {quote.said_until}")
    yield from _check_earlier(document, record)
    if isinstance(record, Event):
        if record.status == "held" and record.date and record.date > latest:
            message = (f"the event is `held`, but its date is after the build date, {today}; "
                       "set `status: planned`, or correct the date")
            yield _problem(document, ("date",), message)
        if record.status == "held" and record.date is None:
            message = "required for an event that was held (status is `held` unless set to `planned`); add `date: YYYY-MM-DD`"
            yield _problem(document, ("status",), message, field="date")
        if record.date and record.end_date and record.end_date < record.date:
            yield _problem(document, ("end_date",), f"expected a date on or after `date` ({record.date}); found {record.end_date}")
        if record.end_date and record.date is None:
            yield _problem(document, ("end_date",), "expected a `date` before an `end_date`; add `date: YYYY-MM-DD`")
    for list_name in ("leaders", "offices"):
        for index, item in enumerate(field_or(record, list_name, [])):
            yield from _check_period(document, (list_name, index), item)


def _check_earlier(document: Document, record: Record) -> Iterator[Problem]:
    """Earlier states stand oldest first, each ending after the one before."""
    previous = None
    for index, state in enumerate(field_or(record, "earlier", [])):
        if previous is not None and state.until <= previous:
            yield _problem(document, ("earlier", index, "until"), f"expected earlier states oldest first, each "
                           f"`until` after the one before ({previous}); found {state.until}")
        previous = state.until


# What each list of a sheet holds, as messages name it.
ITEM_NAMES = {"leaders": "leader", "offices": "office", "facts": "fact", "figures": "figure",
              "positions": "position", "relations": "relation", "accounts": "account", "official_name": "official name",
              "capital": "capital", "government": "government"}


def past_due(item: object, day: datetime.date) -> bool:
    """Whether a statement is due for review on `day`: its review-by date has passed, and it is not
    an office already left (which no later event can change)."""
    review_by = field_or(item, "review_by", None)
    if review_by is None or review_by >= day:
        return False
    until = field_or(item, "until", None)
    return until is None or until > day


def check_review(entry: Entry, today: datetime.date) -> Iterator[Problem]:
    """A sheet is not reviewed later than the review-by date of one of its statements that is
    still past due: the review would have found it."""
    record, document = entry.record, entry.document
    reviewed = field_or(record, "last_reviewed", None)
    if reviewed is None:
        return
    items = list(claims_of(record))
    if isinstance(record, Entity):
        items.append(((), record))
    planned_for = record.date if isinstance(record, Event) and record.status == "planned" else None
    if planned_for and planned_for < today and reviewed > planned_for:
        message = (f"reviewed {reviewed} (`last_reviewed`), but the event was planned for {planned_for}, "
                   "which has passed: say whether it was held (`status: held`), or give its new date")
        yield _problem(document, ("status",), message)
    for path, item in items:
        if past_due(item, today) and reviewed > item.review_by:  # type: ignore[attr-defined]
            names = [part for part in path if isinstance(part, str)]
            what = ITEM_NAMES.get(names[-1], names[-1].replace("_", " ")) if names else "sheet"
            message = (f"reviewed {reviewed} (`last_reviewed`), but this {what} was due for review on "
                       f"{item.review_by}: update it, or move `review_by` to when it must next be checked")  # type: ignore[attr-defined]
            yield _problem(document, (*path, "review_by"), message)


def _check_period(document: Document, path: FieldPath, item: Leader | Office) -> Iterator[Problem]:
    if item.since and item.until and item.until < item.since:
        yield _problem(document, (*path, "until"), f"expected a date on or after `since` ({item.since}); found {item.until}")


TYPOGRAPHIC_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"'})


@functools.lru_cache(maxsize=4096)  # each passage is compared with many quotes and excerpts
def normalise(text: str) -> str:
    """Text as compared for evidence: typographic quotes made plain, whitespace collapsed."""
    return " ".join(text.translate(TYPOGRAPHIC_QUOTES).split())


def found_in(words: str, passages: list[str]) -> bool:
    wanted = normalise(words)
    return any(wanted in normalise(passage) for passage in passages)


SHOWN_WORDS = 4  # of the words either side of where a quote and its passage part


def where_words_part(words: str, passages: list[tuple[str, str]]) -> str:
    """Where `words` part from the passage (named as given) that holds most of their first words,
    for a message: the words they agree on, then what each reads next. Compared as `found_in`
    compares, whole words only; at most a passage's words (which the schema limits) for each of
    its words."""
    quoted = words.split()
    wanted = [word.translate(TYPOGRAPHIC_QUOTES) for word in quoted]
    best = (0, "", [], 0, 0)  # words agreed, the passage's name and words, where it goes on (word, offset)
    for name, passage in passages:
        shown = passage.split()
        plain = [word.translate(TYPOGRAPHIC_QUOTES) for word in shown]
        for start in range(len(plain)):
            count, index, offset = _agreement(plain, start, wanted)
            if count > best[0]:
                best = (count, name, shown, index, offset)
    count, name, shown, index, offset = best
    if not count:
        return f"; no passage holds its first word, “{quoted[0] if quoted else words}”"
    agreed = ("…" if count > SHOWN_WORDS else "") + " ".join(quoted[:count][-SHOWN_WORDS:])
    after = [shown[index][offset:], *shown[index + 1 :]] if index < len(shown) else []
    passage_next = " ".join(word for word in after if word)
    passage_next = " ".join(passage_next.split()[:SHOWN_WORDS]) or "nothing (it ends there)"
    quoted_next = " ".join(quoted[count : count + SHOWN_WORDS]) or "nothing (they end there)"
    return f"; {name} agrees up to “{agreed}”, then reads “{passage_next}” where these words read “{quoted_next}”"


def _agreement(passage: list[str], start: int, wanted: list[str]) -> tuple[int, int, int]:
    """How many of the `wanted` words the `passage` words give from word `start` on (the first
    may follow opening punctuation, the last be followed by closing punctuation), and where the
    passage goes on after them: (words, word index, offset in that word)."""
    first = passage[start]
    offset = next((position for position, char in enumerate(first) if char.isalnum()), 0)
    count, index = 0, start
    while count < len(wanted) and index < len(passage):
        word = passage[index][offset:]
        if word == wanted[count]:
            count, index, offset = count + 1, index + 1, 0
        elif word.startswith(wanted[count]) and not word[len(wanted[count]) :][:1].isalnum():
            return count + 1, index, offset + len(wanted[count])
        else:
            break
    return count, index, offset


def iter_claims(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, Record]]:
    """Every sourced statement in a record that may carry an `excerpt`, with where it stands, in
    the order of its fields."""
    stack = [(path, value)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, Record):
            if "excerpt" in field_names(type(value)):
                yield path, value
            stack.extend(((*path, name), getattr(value, name)) for name in reversed(_record_fields(type(value))))
        elif isinstance(value, list):
            stack.extend(((*path, index), value[index]) for index in range(len(value) - 1, -1, -1))


def _claims(record: Record) -> tuple[tuple[FieldPath, Record], ...]:
    return tuple(iter_claims(record))


# A record's claims, worked out once per record: the checks and the model each ask for them.
claims_of = RecordMemo(_claims)


@functools.cache
def _record_fields(model: type[Record]) -> tuple[str, ...]:
    """The fields of a record class that can hold other records."""
    return tuple(name for name, info in model.model_fields.items() if _holds_records(info.annotation))


def _holds_records(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return True
    return any(_holds_records(argument) for argument in get_args(annotation))


class EvidenceMiss(NamedTuple):
    """A quote or excerpt not found in the passages it must be found in."""

    path: FieldPath  # of its words
    words: str
    searched: list[Entry]  # the sources whose passages hold nothing like them; none where no cited source keeps any
    cited: list[Entry]


def evidence_misses(entry: Entry, entries: dict[str, Entry]) -> Iterator[EvidenceMiss]:
    """Each quote of an article not in its passages; each excerpt not in the passages of a source
    it cites (judged once every cited source is a record: an invalid one is reported itself)."""
    record = entry.record
    if isinstance(record, Article) and record.passages:
        for index, quote in enumerate(record.quotes):
            if not found_in(quote.words, record.passages):
                yield EvidenceMiss(("quotes", index, "words"), quote.words, [entry], [entry])
    for path, claim in claims_of(record):
        if not claim.excerpt or not all(source_id in entries for source_id in claim.sources):
            continue
        sources = [entries[source_id] for source_id in claim.sources]
        searched = [source for source in sources if source.record.passages]
        if not any(found_in(claim.excerpt, source.record.passages) for source in searched):
            yield EvidenceMiss((*path, "excerpt"), claim.excerpt, searched, sources)


def check_evidence(entry: Entry, entries: dict[str, Entry]) -> Iterator[Problem]:
    """Each quote is in its article's passages; each excerpt is in the passages of a source it cites."""
    document = entry.document
    for miss in evidence_misses(entry, entries):
        if miss.path[0] == "quotes":
            passages_line = document.mark(("passages",), key=True).line
            named = [(f"passages[{number}]", passage) for number, passage in enumerate(entry.record.passages)]
            message = (f"not found in this article's passages (line {passages_line}); expected the exact words"
                       + where_words_part(miss.words, named))
        elif miss.searched:
            where = ", ".join(f"{s.record.id} ({s.document.file}:{s.document.mark(('passages',), key=True).line})"
                              for s in miss.searched)
            named = [(f"{s.record.id}'s passages[{number}]", passage)
                     for s in miss.searched for number, passage in enumerate(s.record.passages)]
            message = (f"not found in the passages of {where}; expected words copied exactly from one passage"
                       + where_words_part(miss.words, named))
        else:
            names = " or ".join(f"{s.record.id} ({s.document.file})" for s in miss.cited)
            message = f"none of its sources has `passages` to check it against; add the passage to {names}"
        yield _problem(document, miss.path, message)
