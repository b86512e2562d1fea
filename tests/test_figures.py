"""Key figures as readers see them, and countries in rank order."""

from __future__ import annotations

import datetime

import pytest

from generator.figures import format_number, period, ranked_figures
from generator.model import build_model
from generator.render import fit_table
from generator.schema import Figure
from test_incremental import entries_of_shipped, edited


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (24052231, "people", "24,052,231"),
    (120540, "km2", "120,540 km²"),
    (120540.5, "km2", "120,540.5 km²"),
    (3.25, "percent", "3.25 %"),
    (1_411_000_000_000, "usd", "US$1.41 trillion"),
    (18_000_000_000_000, "usd", "US$18 trillion"),
    (650_000_000, "usd", "US$650,000,000"),
    (2_500_000_000, "usd", "US$2.5 billion"),
    (-1.5, "percent", "-1.5 %"),
    (-2_500_000_000, "usd", "-US$2.5 billion"),
    (999_999_999_999, "usd", "US$1 trillion"),
    (1200, "usd-per-person", "US$1,200 per person"),
])
def test_a_number_is_written_out_with_its_unit(value, unit, shown):
    assert format_number(value, unit) == shown


def _figure(**fields) -> Figure:
    return Figure.model_validate({"figure": "population", "value": 1, "unit": "people", "sources": ["s"], **fields})


def test_the_period_of_a_figure_says_its_year_once():
    assert period(_figure(year=2008, note="2008 census")) == "2008 census"
    assert period(_figure(year=2008, note="estimate")) == "2008, estimate"
    assert period(_figure(as_of="2026-11-28")) == "as of 2026-11-28"


def test_countries_are_ranked_largest_first_and_equal_values_share_a_rank():
    entries = entries_of_shipped()
    china, vietnam = entries["china"].record, entries["vietnam"].record
    same_as_vietnam = [figure.model_copy(update={"value": vietnam.figures[0].value}) if figure.figure == "population"
                       else figure for figure in china.figures]
    site = build_model(edited(entries, "china", figures=same_as_vietnam), datetime.date(2026, 11, 28))
    ranked = ranked_figures(site)["population"]
    assert [(item.rank, item.country.id) for item in ranked] == [
        (1, "united-states"), (2, "china"), (2, "vietnam"), (4, "north-korea")]


def test_a_column_empty_on_every_row_is_left_out_and_escaped_pipes_stay_in_their_cell():
    table = "\n".join([
        "before",
        "| Name | Since | Note |",
        "| --- | --- | --- |",
        "| A \\| B |  | one |",
        "| C \\\\|  | two |",
        "after",
    ])
    assert fit_table(table).splitlines() == [
        "before", "| Name | Note |", "| --- | --- |", "| A \\| B | one |", "| C \\\\| two |", "after"]


def test_a_table_with_every_column_filled_is_left_as_it_is():
    table = "| A | B |\n| --- | --- |\n| 1 | 2 |"
    assert fit_table(table) == table


def test_on_a_page_the_day_is_written_by_the_page_and_the_note_escaped():
    figure = _figure(as_of="2026-11-28", note="area *incl.* water")
    shown = period(figure, day=lambda day: f"<time>{day}</time>", text=lambda note: note.replace("*", "\\*"))
    assert shown == "as of <time>2026-11-28</time>, area \\*incl.\\* water"
