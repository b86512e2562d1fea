"""Key figures as readers see them: numbers written out with their units, and countries ranked by
each figure, as the World Factbook's rank pages do. Pure functions of the site model."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from .model import Site
from .schema import KNOWN_FIGURES, UNITS, Country, Figure

RANK_FOLDER = "ranks"
LARGE_AMOUNTS = ((10**12, "trillion"), (10**9, "billion"))  # money this large reads better in words


def format_number(value: int | float, unit: str) -> str:
    """`24052231`, `people` -> "24,052,231"; `1.6e12`, `usd` -> "US$1.6 trillion"."""
    shown = UNITS[unit]
    number = _amount(abs(value)) if unit == "usd" else _grouped(abs(value))
    sign = "-" if value < 0 else ""
    return f"{sign}{shown.prefix}{number}{shown.suffix}"


def _grouped(value: int | float) -> str:
    """The number with its thousands grouped, and its decimals as the editor wrote them."""
    if isinstance(value, int) or value.is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def _amount(value: int | float) -> str:
    """A sum of money of a billion or more in words, to two decimals: US$1.41 trillion."""
    for size, word in LARGE_AMOUNTS:
        if round(value / size, 2) >= 1:
            return f"{value / size:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    return _grouped(value)


def period(figure: Figure, day: Callable[[datetime.date], str] = str, text: Callable[[str], str] = str) -> str:
    """The year or day a value is for, and how it was measured: "2008 census". On a page, `day`
    writes a date as a <time> element and `text` escapes the editor's note."""
    note = text(figure.note) if figure.note else ""
    if figure.year is None:
        when = f"as of {day(figure.as_of)}"  # type: ignore[arg-type]
    elif str(figure.year) in (figure.note or ""):
        return note  # "2008 census" says the year already
    else:
        when = str(figure.year)
    return f"{when}, {note}" if note else when


@dataclass(frozen=True)
class Ranked:
    rank: int
    country: Country
    figure: Figure


def rank_page(figure_key: str) -> str:
    return f"{RANK_FOLDER}/{figure_key}.md"


def ranked_figures(site: Site) -> dict[str, list[Ranked]]:
    """For each known figure that a country gives: every country that gives it, in rank order
    (equal values share a rank)."""
    given: dict[str, list[tuple[Country, Figure]]] = {}
    for country in site.countries():
        for figure in country.figures:
            if figure.figure in KNOWN_FIGURES:
                given.setdefault(figure.figure, []).append((country, figure))
    return {key: _in_rank_order(key, pairs) for key, pairs in given.items()}


def _in_rank_order(key: str, pairs: list[tuple[Country, Figure]]) -> list[Ranked]:
    sign = -1 if KNOWN_FIGURES[key].higher_first else 1
    ordered = sorted(pairs, key=lambda pair: (sign * pair[1].value, pair[0].name.casefold()))
    ranked: list[Ranked] = []
    for position, (country, figure) in enumerate(ordered, start=1):
        tied = ranked and ranked[-1].figure.value == figure.value
        ranked.append(Ranked(ranked[-1].rank if tied else position, country, figure))
    return ranked


def figure_of(country: Country, key: str) -> Figure | None:
    return next((figure for figure in country.figures if figure.figure == key), None)
