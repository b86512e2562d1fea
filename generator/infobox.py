"""The box of key facts at the top of every record page, as Wikipedia and the World Factbook put
first: each row a label, a value, the date it is for, and its citation.

Rows are chosen here from the model; `PageWriter.infobox` writes them. Values are Markdown the
page writer made (escaped text and links), never an editor's text as it stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .figures import format_number, rank_page
from .maps import coordinates_in_words
from .schema import KNOWN_FIGURES, Attribute, Country, Event, Organisation, Person, Place
from .text import escape

if TYPE_CHECKING:
    from .render import PageWriter


@dataclass(frozen=True)
class Row:
    label: str  # Markdown (escaped text, or a link)
    value: str  # Markdown
    dated: str = ""  # HTML: the year or day the value is for
    sources: tuple[str, ...] = ()
    claim: object = None  # the statement the row shows (for its excerpt and stale mark), if one of its own


def country_rows(page: PageWriter, country: Country) -> list[Row]:
    site = page.site
    rows = [
        _attribute_row(page, "Official name", country.official_name),
        _attribute_row(page, "Capital", country.capital),
        _attribute_row(page, "Government", country.government),
    ]
    for leader in country.leaders:
        if site.in_office(leader):
            value = f"{page.link(leader.person)}, since {page.date(leader.since)}"
            rows.append(Row(escape(leader.office), value, _as_of(page, leader.as_of), tuple(leader.sources), leader))
    for figure in country.figures:
        label = escape(figure.shown_label)
        if figure.figure in KNOWN_FIGURES:
            label = f"[{label}]({page.to(rank_page(figure.figure))})"
        rows.append(Row(label, format_number(figure.value, figure.unit), page.period(figure), tuple(figure.sources),
                        figure))
    return [row for row in rows if row is not None]


def _attribute_row(page: PageWriter, label: str, attribute: Attribute | None) -> Row | None:
    if attribute is None:
        return None
    value = page.link(attribute.link, attribute.value) if attribute.link else escape(attribute.value)
    return Row(label, value, _as_of(page, attribute.as_of), tuple(attribute.sources), attribute)


def _as_of(page: PageWriter, day) -> str:
    return f"as of {page.date(day)}"


def person_rows(page: PageWriter, person: Person) -> list[Row]:
    site = page.site
    rows = []
    if person.country:
        rows.append(Row("Acts for", page.link(person.country)))
    for country, leader in site.leadership_of(person.id):
        if site.in_office(leader):
            value = f"{_office_of(page, leader.office, country.id)}, since {page.date(leader.since)}"
            rows.append(Row("Office", value, _as_of(page, leader.as_of), tuple(leader.sources), leader))
    for office in person.offices:
        if office.until is None or office.until > site.today:
            where = f", {page.link(office.organisation)}" if office.organisation else ""
            since = f", since {page.date(office.since)}" if office.since else ""
            rows.append(Row("Office", f"{escape(office.title)}{where}{since}", _as_of(page, office.as_of),
                            tuple(office.sources), office))
    return rows


def _office_of(page: PageWriter, office: str, country_id: str) -> str:
    """An office with its country linked: in its title where the title names the country
    ("President of the United States"), else after it ("Prime Minister, Japan")."""
    title, name = escape(office), escape(page.site.name(country_id))
    start = title.find(name)
    while start >= 0:
        end = start + len(name)
        if not (start and title[start - 1].isalnum()) and not (end < len(title) and title[end].isalnum()):
            return title[:start] + page.link(country_id) + title[end:]
        start = title.find(name, start + 1)
    return f"{title}, {page.link(country_id)}"


def _kind_and_country(page: PageWriter, record: Organisation | Place, country_label: str) -> list[Row]:
    rows = [Row("Kind", escape(record.kind.replace("-", " ")))]
    if record.country:
        rows.append(Row(country_label, page.link(record.country)))
    return rows


def organisation_rows(page: PageWriter, organisation: Organisation) -> list[Row]:
    rows = _kind_and_country(page, organisation, "Based in")
    if organisation.website:
        rows.append(Row("Website", page.web_link(organisation.website)))
    return rows


def place_rows(page: PageWriter, place: Place) -> list[Row]:
    rows = _kind_and_country(page, place, "Country")
    if place.coordinates:
        where = place.coordinates
        rows.append(Row("Coordinates", coordinates_in_words(where.latitude, where.longitude), "",
                        tuple(where.sources), where))
    return rows


def event_rows(page: PageWriter, event: Event) -> list[Row]:
    rows = []
    status = page.site.event_status(event)
    if status == "overdue":
        rows.append(Row("Status", f"Planned for {page.date(event.date)}; not yet updated since that day"
                        f"{page.overdue_mark(event)}", "", tuple(event.sources)))
    elif status == "planned":
        expected = f", expected {page.date(event.date)}" if event.date else ", date not yet announced"
        rows.append(Row("Status", f"Planned{expected}", "", tuple(event.sources)))
    elif event.date:
        end = f" to {page.date(event.end_date)}" if event.end_date else ""
        rows.append(Row("Date", f"{page.date(event.date)}{end}", "", tuple(event.sources)))
    if event.place:
        rows.append(Row("Place", page.link(event.place)))
    if event.participants:
        rows.append(Row("Participants", ", ".join(page.link(participant) for participant in event.participants)))
    return rows


def rows_for(page: PageWriter, record: object) -> list[Row]:
    for kind, rows in ((Country, country_rows), (Person, person_rows), (Organisation, organisation_rows),
                       (Place, place_rows), (Event, event_rows)):
        if isinstance(record, kind):
            return rows(page, record)  # type: ignore[operator]
    return []
