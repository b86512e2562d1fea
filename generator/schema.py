"""The one schema of the briefings: every record kind, field, type and description.

Validation, the JSON Schema for editors and the field reference page all come from these
models. Records are strict: unknown fields are errors, strings stay strings, dates are ISO
`YYYY-MM-DD` strings checked against the calendar.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import (
    AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, WithJsonSchema, field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .characters import line_problems, name_problems, text_problems
from .maps import has_shape, known_codes
from .relations import RELATION_KINDS, RelationMeaning  # noqa: F401  (part of the schema)
from .markdown_checks import markdown_problems
from .urls import url_problems

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ISO_DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A tag-like `<` in text: `<b`, `</b`, `<!--`, `<?`. A lone `<` as in "a < b" stays allowed.
HTML_TAG = re.compile(r"<[/!?a-zA-Z]")

# Size limits, one place for all (the field reference lists them with each field).
MAX_ID = 80
MAX_NAME = 300  # the full names of summits and agreements run to 170
MAX_TEXT = 2000
MAX_MARKDOWN = 10000
MAX_PASSAGE = 400
MAX_PASSAGES_CHARACTERS = 2000
MAX_URL = 2000
MAX_SOURCES = 20
MAX_ALIASES = 20
MAX_TOPICS = 20
MAX_FACTS = 100
MAX_ACCOUNTS = 10
MAX_RELATIONS = 100
MAX_LEADERS = 50
MAX_OFFICES = 50
MAX_POSITIONS = 100
MAX_PARTICIPANTS = 100
MAX_MENTIONS = 300
MAX_QUOTES = 50
MAX_PASSAGES = 20
MAX_PASSAGE_WORDS = 40  # a passage holds what a quote or excerpt needs, never a paragraph of the story
MAX_EARLIER = 20
MAX_FIGURES = 50
MAX_SERIES = 200
MAX_FIGURE_VALUE = 10**16  # above any real count or sum: a larger number is a slip of the keyboard
FIRST_YEAR = 1000
MIN_NAME_CHARACTERS = 2  # letters or digits: a shorter name would link letters all over the pages
# Words so common that a name or alias made of one would link it on every page. A word in
# capitals (an acronym such as US or WHO) is not one of them: names are found case by case.
COMMON_WORDS = frozenset("""
    a about above across after again against ago all almost also am among an and another any are around
    as at away back be because been before being below between both but by came can come could day days
    did do does doing done down during each early end even ever every few first for former from further
    get give go going good got great had has have having he her here hers him his how however i if in
    into is it its just last late later least less like long made make man many may me might more most
    much must my new next no none nor not now of off often old on once one only or other our ours out
    over own part people place point said same say says see she should since so some state still such
    take than that the their theirs them then there these they thing this those though three through
    time to today told too two under until up upon us use very want war was way we week well were what
    when where which while who whom whose why will with without work world would year years yes yet you
    your
""".split())
RESERVED_IDS = {  # id -> what the site uses that name for
    "index": "names each folder's own page",  # `people/index.md` lists the people
    "years": "holds the year pages of a long list",  # `articles/years/2019/`
}


def _calendar_date(value: object) -> datetime.date:
    if not isinstance(value, str) or not ISO_DATE_PATTERN.match(value):
        raise ValueError("expected a date written YYYY-MM-DD, such as 2019-01-10")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError("expected a real calendar date") from None


def _unsafe(message: str, offset: int) -> PydanticCustomError:
    """A problem inside a text value; `offset` lets the message point at its line and column. The
    message (which may quote the editor's text) is a value, never a template."""
    return PydanticCustomError("unsafe_text", "{message}", {"message": message, "offset": offset})


def _first(problems: Iterable[tuple[int, str]]) -> None:
    for offset, message in problems:
        raise _unsafe(message, offset)


def _no_html(value: str) -> None:
    tag = HTML_TAG.search(value)
    if tag:
        snippet = value[tag.start() : tag.start() + 20].split("\n")[0]
        raise _unsafe(f"expected plain text or Markdown without HTML tags; found `{snippet}`", tag.start())


def _one_line_text(value: str) -> str:
    _first(line_problems(value))
    _no_html(value)
    return value


def _name(value: str) -> str:
    _first(name_problems(value))
    _no_html(value)
    if sum(char.isalnum() for char in value) < MIN_NAME_CHARACTERS:
        raise _unsafe(f"expected a name of at least {MIN_NAME_CHARACTERS} letters or digits, since names are "
                      f"linked wherever they appear; found `{value}`", 0)
    if value.casefold() in COMMON_WORDS and not value.isupper():
        raise _unsafe(f"`{value}` is a common word: as a name it would be linked wherever the word is used; "
                      "give a longer name, or leave it out", 0)
    if not any(char.isalpha() for char in value):
        raise _unsafe(f"expected a name with a letter in it; `{value}` would be linked wherever the number is used", 0)
    return value


def _not_reserved(value: str) -> str:
    if value in RESERVED_IDS:
        raise ValueError(f"expected an id other than `{value}`, which {RESERVED_IDS[value]}")
    return value


def _markdown_text(value: str) -> str:
    _first(text_problems(value))
    _no_html(value)
    _first(markdown_problems(value))
    return value


def _web_address(value: str) -> str:
    _first(url_problems(value))
    return value


class Shown:
    """How the field reference names a type, where the Python type says too little."""

    def __init__(self, label: str):
        self.label = label


IsoDate = Annotated[
    datetime.date,
    Shown("date (YYYY-MM-DD)"),
    BeforeValidator(_calendar_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": ISO_DATE_PATTERN.pattern}),
]
Id = Annotated[
    str,
    Shown("id"),
    Field(
        pattern=ID_PATTERN,
        max_length=MAX_ID,
        description="An id: lower-case letters, digits and single hyphens; the file name without its "
        "extension (.yaml, or .md for an article).",
    ),
    AfterValidator(_not_reserved),
]


# An id of each kind, as the field reference shows one.
EXAMPLE_IDS = {
    "countries": "north-korea", "people": "kim-jong-un", "organisations": "xinhua", "places": "pyongyang",
    "events": "singapore-summit-2018", "articles": "usatoday-2019-01-09-kim-second-summit",
    "references": "wikipedia-north-korea", "topics": "denuclearization",
}


class RefersTo:
    """Marks an id field as a reference to records of the given kinds (folders)."""

    def __init__(self, *folders: str):
        self.folders = folders

    @property
    def example(self) -> str:
        return EXAMPLE_IDS[self.folders[0]]


ENTITY_FOLDERS = ("countries", "people", "organisations", "places", "events")
SOURCE_FOLDERS = ("articles", "references")
CountryRef = Annotated[Id, RefersTo("countries")]
PersonRef = Annotated[Id, RefersTo("people")]
OrganisationRef = Annotated[Id, RefersTo("organisations")]
PlaceRef = Annotated[Id, RefersTo("places")]
SpeakerRef = Annotated[Id, RefersTo("people", "organisations")]
EntityRef = Annotated[Id, RefersTo(*ENTITY_FOLDERS)]
TopicRef = Annotated[Id, RefersTo("topics")]
Text = Annotated[str, Shown("text"), Field(min_length=1, max_length=MAX_TEXT), AfterValidator(_one_line_text)]
Name = Annotated[str, Shown("name"), Field(min_length=1, max_length=MAX_NAME), AfterValidator(_name)]
Markdown = Annotated[
    str, Shown("Markdown"), Field(min_length=1, max_length=MAX_MARKDOWN), AfterValidator(_markdown_text)
]
Url = Annotated[
    str,
    Shown("web address"),
    Field(max_length=MAX_URL, examples=["https://www.example.org/story"]),
    AfterValidator(_web_address),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$", "maxLength": MAX_URL}),
]
Sources = Annotated[
    list[Annotated[Id, RefersTo(*SOURCE_FOLDERS)]],
    Field(
        min_length=1,
        max_length=MAX_SOURCES,
        description="Ids of the article summaries or references that support this.",
        examples=[["usatoday-2019-01-09-kim-second-summit"]],
    ),
]

OrganisationKind = Literal[
    "state-news-agency",
    "news-agency",
    "newspaper",
    "news-website",
    "broadcaster",
    "think-tank",
    "research-institute",
    "government-body",
    "political-party",
    "international-organisation",
]
PlaceKind = Literal["city", "capital-city", "facility", "region", "venue"]
ReferenceKind = Literal["reference", "government", "newspaper", "state-media", "think-tank"]
EventStatus = Literal["held", "planned"]

RelationKind = Literal[tuple(RELATION_KINDS)]  # type: ignore[valid-type]


@dataclass(frozen=True)
class Unit:
    """How the numbers of a figure are counted, and how readers see them."""

    meaning: str
    prefix: str = ""
    suffix: str = ""
    whole: bool = False  # counted, so never a fraction


UNITS: dict[str, Unit] = {
    "people": Unit("a number of people", whole=True),
    "km2": Unit("square kilometres", suffix=" km²"),
    "usd": Unit("US dollars", prefix="US$"),
    "usd-per-person": Unit("US dollars per person", prefix="US$", suffix=" per person"),
    "percent": Unit("percent", suffix=" %"),
    "years": Unit("years", suffix=" years"),
    "count": Unit("a count of things", whole=True),
}
UnitName = Literal[tuple(UNITS)]  # type: ignore[valid-type]


@dataclass(frozen=True)
class KnownFigure:
    """A figure every country may give, ranked across countries: its label and its unit."""

    label: str
    unit: str
    higher_first: bool = True  # how its rank page orders the countries


KNOWN_FIGURES: dict[str, KnownFigure] = {
    "population": KnownFigure("Population", "people"),
    "area": KnownFigure("Area", "km2"),
    "gdp": KnownFigure("GDP (nominal)", "usd"),
    "gdp-per-capita": KnownFigure("GDP per person (nominal)", "usd-per-person"),
}


def _number(value: object) -> int | float:
    """A number written with digits: not text, not true or false, not infinity or "not a number"."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"expected a number written with digits, such as 24052231 or 3.5; found {_shown_value(value)}")
    if abs(value) > MAX_FIGURE_VALUE:
        raise ValueError(f"expected a number of at most {MAX_FIGURE_VALUE:,}; found {value:,}")
    return value


def _shown_value(value: object) -> str:
    if isinstance(value, str):
        return f'"{value[:40]}"' + ("…" if len(value) > 40 else "")
    return f"`{str(value).lower() if isinstance(value, bool) else value}`"


Number = Annotated[
    int | float, Shown("number"), BeforeValidator(_number),
    WithJsonSchema({"type": "number", "maximum": MAX_FIGURE_VALUE, "minimum": -MAX_FIGURE_VALUE}),
]
Year = Annotated[int, Shown("year"), Field(ge=FIRST_YEAR, le=9999, examples=[2020])]


MAPPED_REGIONS = ("East, South-East, South and Central Asia, Russia, Australia and the western Pacific, North and "
                  "Central America and the Caribbean")


def _mapped_code(code: str) -> str:
    if not (len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()):
        raise ValueError(f"expected a three-letter ISO 3166-1 alpha-3 code in capitals, such as `PRK`; found `{code}`")
    if not has_shape(code):
        raise ValueError(f"expected the ISO 3166-1 alpha-3 code of a country the maps cover ({MAPPED_REGIONS}; "
                         f"the field reference lists them); found `{code}`. Leave `code` out to show no map")
    return code


CountryCode = Annotated[
    str, Shown("country code"), Field(max_length=20, examples=["PRK"]), AfterValidator(_mapped_code),
    WithJsonSchema({"type": "string", "pattern": "^[A-Z]{3}$"}),
]
Latitude = Annotated[float, Shown("number"), Field(ge=-90, le=90, examples=[39.02])]
Longitude = Annotated[float, Shown("number"), Field(ge=-180, le=180, examples=[125.75])]


def _few_words(passage: str) -> str:
    words = len(passage.split())
    if words > MAX_PASSAGE_WORDS:
        raise ValueError(f"expected at most {MAX_PASSAGE_WORDS} words, the words a quote or an excerpt needs and "
                         f"little more; found {words}: keep only the clause around the quoted words")
    return passage


Passage = Annotated[
    str, Shown("text"), Field(min_length=1, max_length=MAX_PASSAGE), AfterValidator(_one_line_text),
    AfterValidator(_few_words),
]
Excerpt = Annotated[str, Shown("text"), Field(min_length=1, max_length=MAX_PASSAGE), AfterValidator(_one_line_text)]


def _short_passages(passages: list[str]) -> list[str]:
    total = sum(len(passage) for passage in passages)
    if total > MAX_PASSAGES_CHARACTERS:
        raise ValueError(
            f"expected at most {MAX_PASSAGES_CHARACTERS:,} characters of passages in all, never the whole "
            f"story; found {total:,}: keep only the sentences the briefings rely on"
        )
    return passages


def _excerpt_field():
    return Field(
        None, description="The words of a cited source that support this, found verbatim in its `passages`."
    )


def _topics_field(what: str):
    return Field(default_factory=list, max_length=MAX_TOPICS, description=f"Ids of the topics {what} is about.",
                 examples=[["denuclearization"]])


def _review_by_field(what: str = "this"):
    return Field(None, description=f"When {what} must be checked again; after that date it is shown as stale.")


class Record(BaseModel):
    """Base of every shape: strict types, unknown fields rejected, immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Attribute(Record):
    """A single sourced value, such as a capital or a system of government."""

    value: Text = Field(description="The value as readers should see it.", examples=["Pyongyang"])
    link: EntityRef | None = Field(None, description="Id of the entity this value names, to link to it.")
    as_of: IsoDate = Field(description="The date on which the sources state this value.")
    sources: Sources
    excerpt: Excerpt | None = _excerpt_field()
    review_by: IsoDate | None = _review_by_field()


class Account(Record):
    """One source's account of a fact, where sources differ."""

    value: Text = Field(description="The fact as this source gives it.")
    as_of: IsoDate = Field(description="The date on which the source states it.")
    sources: Sources
    excerpt: Excerpt | None = _excerpt_field()
    review_by: IsoDate | None = _review_by_field()


class Fact(Record):
    """A dated key fact with its sources; or, where sources differ, their accounts side by side."""

    label: Text = Field(description="What the fact is about.", examples=["Share of exports to China"])
    value: Text | None = Field(
        None, description="The fact itself (unless `accounts`).", examples=["90 percent of exports since 2000"]
    )
    as_of: IsoDate | None = Field(None, description="The date on which the sources state it (unless `accounts`).")
    sources: Sources | None = Field(None, description="Ids of the sources that support it (unless `accounts`).")
    accounts: list[Account] | None = Field(
        None, max_length=MAX_ACCOUNTS, description="Two or more differing accounts, each with its sources, shown side by side."
    )
    note: Text | None = Field(None, description="A short remark for readers.")
    excerpt: Excerpt | None = _excerpt_field()
    review_by: IsoDate | None = _review_by_field()
    topics: list[TopicRef] = _topics_field("the fact")

    @model_validator(mode="after")
    def _one_value_or_accounts(self) -> Fact:
        single = (self.value, self.as_of, self.sources)
        missing = [name for name, part in zip(("value", "as_of", "sources"), single) if part is None]
        if self.accounts is None and missing:
            raise PydanticCustomError(
                "record_shape",
                f"required {'field is' if len(missing) == 1 else 'fields are'} missing: {', '.join(missing)} "
                "(or, where sources differ, write `accounts` instead)",
            )
        if self.accounts is not None and (any(part is not None for part in single) or self.excerpt):
            raise PydanticCustomError(
                "record_shape", "expected either `value`, `as_of`, `sources` (and `excerpt`) or `accounts`, not both"
            )
        if self.accounts is not None and len(self.accounts) < 2:
            raise PydanticCustomError("record_shape", "expected two or more `accounts`; with one, write `value`")
        return self


class SeriesValue(Record):
    """One earlier value of a figure."""

    year: Year = Field(description="The year the value is for.")
    value: Number = Field(description="The value then, in the figure's unit.")


class Figure(Record):
    """A number with its unit, its year and its sources: population, area, GDP or another."""

    figure: Id = Field(
        description="What is measured: " + ", ".join(f"`{key}`" for key in KNOWN_FIGURES)
        + " (ranked across countries), or an id of your own with a `label`.",
        examples=["population"],
    )
    label: Text | None = Field(None, description="What readers see it called; required for a figure of your own.")
    unit: UnitName = Field(description="The unit: " + "; ".join(f"`{key}` ({unit.meaning})" for key, unit in UNITS.items()) + ".")
    value: Number = Field(description="The number, written as a number: `24052231`, not `24 million`.")
    year: Year | None = Field(None, description="The year the value is for (or `as_of`).")
    as_of: IsoDate | None = Field(None, description="The day the value is for, where a year says too little (or `year`).")
    note: Text | None = Field(None, description="How it was measured, for readers: `2008 census`, `estimate`.")
    sources: Sources
    excerpt: Excerpt | None = _excerpt_field()
    review_by: IsoDate | None = _review_by_field()
    series: list[SeriesValue] = Field(
        default_factory=list, max_length=MAX_SERIES, description="Earlier values, oldest first, from the same sources."
    )

    @field_validator("unit")
    @classmethod
    def _unit_of_a_known_figure(cls, unit: str, info: ValidationInfo) -> str:
        known = KNOWN_FIGURES.get(info.data.get("figure", ""))
        if known and unit != known.unit:
            raise ValueError(f"expected `{known.unit}`, the unit of `{info.data['figure']}`; found `{unit}`")
        return unit

    @field_validator("value")
    @classmethod
    def _possible(cls, value: int | float, info: ValidationInfo) -> int | float:
        if value < 0 and info.data.get("figure") in KNOWN_FIGURES:
            raise ValueError(f"expected 0 or more for `{info.data['figure']}`; found {value}")
        unit = info.data.get("unit")
        if unit and UNITS[unit].whole and isinstance(value, float) and not value.is_integer():
            raise ValueError(f"expected a whole number, since `{unit}` are counted; found {value}")
        return value

    @field_validator("series")
    @classmethod
    def _oldest_first(cls, series: list[SeriesValue]) -> list[SeriesValue]:
        years = [item.year for item in series]
        if years != sorted(set(years)):
            raise ValueError(f"expected earlier values oldest first, each year once; found the years "
                             f"{', '.join(map(str, years[:10]))}")
        return series

    @model_validator(mode="after")
    def _consistent(self) -> Figure:
        if (self.year is None) == (self.as_of is None):
            raise PydanticCustomError("record_shape", "expected either `year` or `as_of` (one of them, not both)")
        if self.figure not in KNOWN_FIGURES and self.label is None:
            raise PydanticCustomError(
                "record_shape", "required field is missing: label (a figure of your own needs one; the known "
                "figures, labelled already, are {known})", {"known": ", ".join(KNOWN_FIGURES)},
            )
        if self.series and self.series[-1].year >= self.period_year:
            raise PydanticCustomError(
                "record_shape", "expected every year of `series` before the figure's own year, {year}",
                {"year": self.period_year},
            )
        return self

    @property
    def period_year(self) -> int:
        return self.year if self.year is not None else self.as_of.year  # type: ignore[union-attr]

    @property
    def shown_label(self) -> str:
        return self.label or KNOWN_FIGURES[self.figure].label


class Position(Record):
    """A stance taken on a topic, dated and sourced."""

    topic: TopicRef = Field(description="Id of the topic: the issue on which the stance is taken.", examples=["denuclearization"])
    stance: Text = Field(description="The stance, in our own words.")
    date: IsoDate = Field(description="When the stance was stated.")
    sources: Sources
    excerpt: Excerpt | None = _excerpt_field()
    review_by: IsoDate | None = _review_by_field()


class Relation(Record):
    """A typed link to another actor, stored once and shown on both sides."""

    actor: EntityRef = Field(description="Id of the other country, person, organisation, place or event.")
    kind: RelationKind = Field(
        description="The kind of relation, and how pages word it: "
        + "; ".join(f"`{kind}` ({meaning.wording()}, {meaning.joins()})" for kind, meaning in RELATION_KINDS.items())
        + ". Each relation is recorded once, on either side."
    )
    since: IsoDate | None = Field(None, description="When the relation began, if known.")
    note: Text | None = Field(None, description="A short remark for readers.")
    as_of: IsoDate = Field(description="The date on which the sources state this relation.")
    sources: Sources
    excerpt: Excerpt | None = _excerpt_field()
    review_by: IsoDate | None = _review_by_field()


class Coordinates(Record):
    """Where a place lies, in decimal degrees (north and east positive), with the source that gives it."""

    latitude: Latitude = Field(description="Degrees north of the equator (south negative), from -90 to 90.")
    longitude: Longitude = Field(description="Degrees east of Greenwich (west negative), from -180 to 180.")
    sources: Sources


class Leader(Record):
    """A person who leads a country, and the office through which they lead."""

    person: PersonRef = Field(description="Id of the person.", examples=["kim-jong-un"])
    office: Text = Field(description="The office held.", examples=["Chairman of the Workers' Party of Korea"])
    since: IsoDate = Field(description="When the person took the office.")
    until: IsoDate | None = Field(None, description="When the person left the office, if they have.")
    as_of: IsoDate = Field(description="The date on which the sources state this.")
    sources: Sources
    excerpt: Excerpt | None = _excerpt_field()
    review_by: IsoDate | None = _review_by_field()


class Office(Record):
    """An office held by a person, other than the leadership of a country."""

    title: Text = Field(description="The office.", examples=["Special Representative for North Korea"])
    organisation: OrganisationRef | None = Field(None, description="Id of the organisation, if any.")
    since: IsoDate | None = Field(None, description="When the person took the office, if known.")
    until: IsoDate | None = Field(None, description="When the person left the office, if they have.")
    as_of: IsoDate = Field(description="The date on which the sources state this.")
    sources: Sources
    excerpt: Excerpt | None = _excerpt_field()
    review_by: IsoDate | None = _review_by_field()


class EarlierState(Record):
    """How a sheet read before the world changed: kept so that an edition of the site as of an
    earlier date shows the sheet as it stood then."""

    until: IsoDate = Field(description="The first day on which this state no longer held (the next state, or the sheet as written, holds from then).")
    summary: Markdown = Field(description="The summary as it read then, in our own words (Markdown).")
    sources: Sources


class EarlierEventState(EarlierState):
    """How an event stood before it was held, moved or cancelled."""

    status: EventStatus = Field("planned", description="`planned` or `held`, as it stood then.")
    date: IsoDate | None = Field(None, description="Its date as known then; absent if none was known.")
    end_date: IsoDate | None = Field(None, description="Its last day as known then.")
    place: PlaceRef | None = Field(None, description="Id of its place as known then; absent if none was known.")


class Entity(Record):
    """Fields every fact sheet has."""

    id: Id
    name: Name = Field(description="The name readers know best.")
    aliases: list[Name] = Field(
        default_factory=list, max_length=MAX_ALIASES, description="Other names, linked like the name."
    )
    summary: Markdown = Field(description="A short briefing in our own words (Markdown).")
    facts: list[Fact] = Field(default_factory=list, max_length=MAX_FACTS, description="Dated key facts.")
    relations: list[Relation] = Field(default_factory=list, max_length=MAX_RELATIONS, description="Links to other actors.")
    last_reviewed: IsoDate = Field(description="When an editor last checked this sheet against its sources.")
    review_by: IsoDate | None = _review_by_field("the whole sheet")
    earlier: list[EarlierState] = Field(
        default_factory=list, max_length=MAX_EARLIER,
        description="Earlier states of the sheet, oldest first, each with the day it stopped holding (`until`): "
        "what an edition of an earlier date shows instead of `summary`.",
    )


class Country(Entity):
    """A country briefing: `briefings/countries/ID.yaml`."""

    code: CountryCode | None = Field(
        None, description="The ISO 3166-1 alpha-3 code (`PRK`), which places the country on its locator map. "
        f"The maps cover {MAPPED_REGIONS}: " + ", ".join(f"`{code}`" for code in sorted(known_codes())) + "."
    )
    official_name: Attribute | None = Field(None, description="The full official name.")
    capital: Attribute | None = Field(None, description="The capital city; `link` it to its place.")
    government: Attribute | None = Field(None, description="The system of government.")
    leaders: list[Leader] = Field(default_factory=list, max_length=MAX_LEADERS, description="Who leads the country.")
    figures: list[Figure] = Field(
        default_factory=list, max_length=MAX_FIGURES, description="Key figures: population, area, economy, each with its year."
    )
    positions: list[Position] = Field(default_factory=list, max_length=MAX_POSITIONS, description="Stances on the issues.")


class Person(Entity):
    """A person: `briefings/people/ID.yaml`."""

    country: CountryRef | None = Field(None, description="Id of the country the person acts for.")
    offices: list[Office] = Field(
        default_factory=list, max_length=MAX_OFFICES, description="Offices other than the leadership recorded on a country sheet."
    )
    positions: list[Position] = Field(default_factory=list, max_length=MAX_POSITIONS, description="Stances on the issues.")


class Organisation(Entity):
    """An organisation: `briefings/organisations/ID.yaml`."""

    kind: OrganisationKind = Field(description="What sort of organisation it is.")
    country: CountryRef | None = Field(None, description="Id of the country it is based in.")
    website: Url | None = Field(None, description="Its own web address.")


class Place(Entity):
    """A place or facility: `briefings/places/ID.yaml`."""

    kind: PlaceKind = Field(description="What sort of place it is.")
    country: CountryRef | None = Field(None, description="Id of the country it lies in.")
    coordinates: Coordinates | None = Field(None, description="Where it lies, to mark it on maps.")


class Event(Entity):
    """An event: `briefings/events/ID.yaml`."""

    status: EventStatus = Field("held", description="`held`, or `planned` for one still to come.")
    date: IsoDate | None = Field(None, description="When it happened or began; required unless planned.")
    end_date: IsoDate | None = Field(None, description="The last day, for an event of several days.")
    place: PlaceRef | None = Field(None, description="Id of the place where it happened.")
    participants: list[EntityRef] = Field(default_factory=list, max_length=MAX_PARTICIPANTS, description="Ids of the actors who took part.")
    topics: list[TopicRef] = _topics_field("the event")
    sources: Sources
    earlier: list[EarlierEventState] = Field(
        default_factory=list, max_length=MAX_EARLIER,
        description="Earlier states of the event, oldest first, each with the day it stopped holding (`until`): "
        "for example the plans before it was held, shown by an edition of an earlier date.",
    )


class Reference(Record):
    """A reference source, such as an encyclopedia entry: `briefings/references/ID.yaml`."""

    id: Id
    title: Text = Field(description="The title of the page or document.")
    publisher: Text = Field(description="Who publishes it.", examples=["Wikipedia"])
    kind: ReferenceKind = Field("reference", description="What sort of source it is.")
    url: Url = Field(description="Where to read it.")
    accessed: IsoDate = Field(description="When an editor read it.")
    passages: Annotated[list[Passage], AfterValidator(_short_passages)] = Field(
        default_factory=list, max_length=MAX_PASSAGES,
        description=f"Short verbatim passages (at most {MAX_PASSAGE_WORDS} words each) that facts citing it quote as `excerpt`."
    )


class Quote(Record):
    """A short verbatim quote that an article reports."""

    speaker: SpeakerRef = Field(description="Id of the person or organisation who said it.")
    words: Text = Field(description="The exact words, verbatim, without the quotation marks.")
    via: OrganisationRef | None = Field(None, description="Id of the outlet the article says reported it, if not itself.")
    said: IsoDate = Field(description="When it was said; where the story gives only a span of days, the first of them.")
    said_until: IsoDate | None = Field(None, description="The last day of the span in which it was said, where the story gives no single day.")
    context: Text | None = Field(None, description="Where or why it was said, in our own words.")
    topics: list[TopicRef] = _topics_field("the quote")


class Article(Record):
    """An article summary: `briefings/articles/ID.md`, YAML front matter then the summary."""

    id: Id
    title: Text = Field(description="The headline as published.")
    outlet: OrganisationRef = Field(description="Id of the organisation that published it.")
    author: Text | None = Field(None, description="The byline, if the story has one.")
    url: Url = Field(description="Where the story was published.")
    published: IsoDate = Field(description="The date the story was published.")
    dateline: Text | None = Field(None, description="The place the story was filed from.")
    mentions: list[EntityRef] = Field(default_factory=list, max_length=MAX_MENTIONS, description="Ids of the entities it mentions.")
    topics: list[TopicRef] = _topics_field("the story")
    quotes: list[Quote] = Field(default_factory=list, max_length=MAX_QUOTES, description="Short verbatim quotes it reports.")
    passages: Annotated[list[Passage], AfterValidator(_short_passages)] = Field(
        default_factory=list,
        max_length=MAX_PASSAGES,
        description=f"The short verbatim passages (a sentence or two each, at most {MAX_PASSAGE_WORDS} words) that its "
        "quotes and the facts citing it rely on; each quote and excerpt must be found in them. Never the whole story.",
    )
    summary: Markdown = Field(description="The Markdown body below the front matter, in our own words.")


class Topic(Record):
    """An issue on which actors take positions, such as denuclearization: `briefings/topics/ID.yaml`.
    Positions, facts, events, articles and quotes name it by id; its page sets them side by side."""

    id: Id
    name: Name = Field(description="The name readers know best.", examples=["Denuclearization of the Korean Peninsula"])
    aliases: list[Name] = Field(
        default_factory=list, max_length=MAX_ALIASES, description="Other names for it, which search also finds."
    )
    summary: Markdown = Field(description="What the topic is, in a few sentences of our own words (Markdown).")
    parent: TopicRef | None = Field(None, description="Id of the broader topic this one is part of, if any.")
    last_reviewed: IsoDate = Field(description="When an editor last checked this sheet.")
    review_by: IsoDate | None = _review_by_field("the whole sheet")


# folder under briefings/ -> (record class, file suffix, singular name used in messages and URLs)
KINDS: dict[str, tuple[type[Record], str, str]] = {
    "countries": (Country, ".yaml", "country"),
    "people": (Person, ".yaml", "person"),
    "organisations": (Organisation, ".yaml", "organisation"),
    "places": (Place, ".yaml", "place"),
    "events": (Event, ".yaml", "event"),
    "references": (Reference, ".yaml", "reference"),
    "topics": (Topic, ".yaml", "topic"),
    "articles": (Article, ".md", "article"),
}
