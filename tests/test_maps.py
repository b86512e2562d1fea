"""Locator maps: the shipped boundaries, the view each map shows, markers and their labels, the
text alternative, escaping, and what the page's sanitizer makes of the SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import sanitize
from generator.maps import (
    LOCATOR_WIDTH, PLACES_WIDTH, Box, Occupied, has_shape, known_codes, locator_map, locator_view, place_labels,
    places_map, shape_name,
)

SVG = "{http://www.w3.org/2000/svg}"


def parsed(html: str) -> ET.Element:
    return ET.fromstring(html)


def svg_of(figure: ET.Element) -> ET.Element:
    return figure.find(f"{SVG}svg")


def group(figure: ET.Element, css_class: str) -> ET.Element | None:
    return next((g for g in svg_of(figure).iter(f"{SVG}g") if g.get("class") == css_class), None)


def country_names(layer: ET.Element) -> list[str]:
    return [path.find(f"{SVG}title").text for path in layer.iter(f"{SVG}path")]


def subpaths(d: str) -> list[list[tuple[float, float]]]:
    """The points of each ring of path data written as "M x y l dx dy ... z"."""
    rings = []
    for start, steps in re.findall(r"M([^l]*)l([^z]*)z", d):
        x, y = map(float, start.split())
        points = [(x, y)]
        numbers = [float(n) for n in re.findall(r"-?(?:\d+\.?\d*|\.\d+)", steps)]
        for dx, dy in zip(numbers[::2], numbers[1::2]):
            x, y = x + dx, y + dy
            points.append((x, y))
        rings.append(points)
    return rings


def marker_centres(figure: ET.Element) -> list[tuple[float, float]]:
    return [(float(c.get("cx")), float(c.get("cy"))) for c in group(figure, "map-marker").iter(f"{SVG}circle")]


def test_the_countries_of_the_briefings_have_shapes():
    assert {"PRK", "KOR", "CHN", "JPN", "RUS", "USA", "CAN", "MEX", "VNM", "SGP", "TWN", "IDN"} <= known_codes()
    assert shape_name("PRK") == "North Korea"
    assert has_shape("SGP") and not has_shape("XXX")
    assert not has_shape("FRA")  # drawn around Russia, but its own neighbours are not in the data


def test_the_locator_map_highlights_the_country_alone_among_its_neighbours():
    figure = parsed(locator_map("PRK", title="North Korea", key="prk"))
    assert figure.get("class") == "locator-map"
    assert country_names(group(figure, "map-highlight")) == ["North Korea"]
    neighbours = country_names(group(figure, "map-land"))
    assert {"China", "South Korea"} <= set(neighbours)
    assert "North Korea" not in neighbours


def test_the_svg_is_drawn_at_its_natural_size_with_legible_text():
    svg = svg_of(parsed(locator_map("PRK", title="t", key="k", point=(39.02, 125.75), point_label="Pyongyang")))
    _x, _y, width, height = svg.get("viewBox").split()
    assert (svg.get("width"), svg.get("height")) == (width, height)
    assert int(width) == LOCATOR_WIDTH
    assert int(svg.get("font-size")) >= 12  # px, as the SVG's units are px at its natural size
    assert [text.get("font-size") for text in svg.iter(f"{SVG}text")] == [None]  # none made smaller


def test_a_point_is_inside_the_view_and_further_right_the_further_east():
    west = parsed(locator_map("PRK", title="t", key="k", point=(39.0, 125.0), point_label="West"))
    east = parsed(locator_map("PRK", title="t", key="k", point=(39.0, 129.0), point_label="East"))
    assert svg_of(west).get("viewBox") == svg_of(east).get("viewBox")  # both inside the country's own view
    width, height = map(float, svg_of(west).get("viewBox").split()[2:])
    [(x_west, y_west)], [(x_east, y_east)] = marker_centres(west), marker_centres(east)
    assert 0 < x_west < x_east < width
    assert 0 < y_west < height and y_west == pytest.approx(y_east)


def test_a_point_outside_the_country_widens_the_view_to_show_it():
    figure = parsed(locator_map("SGP", title="t", key="k", point=(13.75, 100.5), point_label="Bangkok"))
    width, height = map(float, svg_of(figure).get("viewBox").split()[2:])
    [(x, y)] = marker_centres(figure)
    assert 0 < x < width and 0 < y < height


def test_a_map_of_a_point_alone_and_the_maps_that_cannot_be_drawn():
    figure = parsed(locator_map(None, title="t", key="k", point=(64.84, -147.72), point_label="Fairbanks"))
    assert group(figure, "map-highlight") is None
    assert len(marker_centres(figure)) == 1
    assert "United States of America" in country_names(group(figure, "map-land"))
    for code in ("XXX", "FRA", None):
        with pytest.raises(ValueError):
            locator_map(code, title="t", key="k")


def test_places_either_side_of_the_antimeridian_share_one_narrow_map():
    figure = parsed(places_map([(65.0, 175.0, "Anadyr side", "a"), (65.0, -168.0, "Alaska side", "b")],
                               title="t", key="p"))
    width, height = map(float, svg_of(figure).get("viewBox").split()[2:])
    (x_west, _), (x_east, _) = marker_centres(figure)
    assert 0 < x_west < x_east < width  # Alaska east of Chukotka: the map did not go round the world


def test_the_united_states_view_shows_the_contiguous_states_not_the_date_line():
    view = locator_view("USA")
    # padded by 10 degrees, Washington to Maine; neither Alaska, nor the Aleutians past 180, nor Hawaii
    assert -140 < view.box.west and view.box.east < -50
    highlight = group(parsed(locator_map("USA", title="t", key="k")), "map-highlight")
    widest = max((ring for path in highlight.iter(f"{SVG}path") for ring in subpaths(path.get("d"))),
                 key=lambda ring: Box.around(ring).width)
    assert Box.around(widest).width > 0.6 * LOCATOR_WIDTH  # the contiguous states fill the map


def test_russia_runs_past_the_antimeridian_without_wrapping_round_the_world():
    view = locator_view("RUS")
    assert view.box.east > 180 and view.box.width < 200  # Chukotka east of 180 belongs to the body


def test_a_small_country_shows_its_region():
    view = locator_view("SGP")
    assert view.box.width >= 8 and view.box.height >= 8
    figure = parsed(locator_map("SGP", title="t", key="k"))
    assert country_names(group(figure, "map-highlight")) == ["Singapore"]
    assert {"Malaysia", "Indonesia"} <= set(country_names(group(figure, "map-land")))


def test_every_known_country_draws_a_small_map():
    for code in known_codes():
        html = locator_map(code, title="t", key="k")
        assert len(html.encode()) < 24_000, code
        assert group(parsed(html), "map-highlight") is not None, code


def test_the_text_alternative_describes_the_map_in_words():
    figure = parsed(locator_map("PRK", title="Where North Korea is", key="prk", point=(39.02, 125.75),
                                point_label="Pyongyang"))
    svg = svg_of(figure)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "prk-title prk-desc"
    assert svg.find(f"{SVG}title").get("id") == "prk-title"
    assert svg.find(f"{SVG}title").text == "Where North Korea is"
    description = svg.find(f"{SVG}desc")
    assert description.get("id") == "prk-desc"
    assert "North Korea highlighted" in description.text and "China" in description.text
    assert "Pyongyang marked at 39.02° N, 125.75° E" in description.text
    assert "Natural Earth" in figure.find("figcaption").text


def test_names_and_addresses_are_escaped():
    hostile = '<script>alert("x")</script>'
    locator = locator_map("PRK", title=hostile, key="k", point=(39.0, 125.7), point_label=hostile)
    places = places_map([(39.0, 125.7, hostile, '../a/?x=1&y="2"><script>')], title=hostile, key="p")
    for html in (locator, places):
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
        parsed(html)  # still well-formed
    assert 'href="../a/?x=1&amp;y=&quot;2&quot;&gt;&lt;script&gt;"' in places


def test_placed_labels_stay_apart_and_inside_the_map():
    anchors = [(100.0, 100.0), (104.0, 102.0), (110.0, 98.0), (96.0, 108.0), (300.0, 50.0), (630.0, 200.0), (5.0, 5.0)]
    texts = ["Pyongyang", "Nampo", "Songnim", "Kangso", "Wonsan", "Far east", "Corner"]
    labels = place_labels(anchors, texts, 640, 400)
    placed = [label for label in labels if label]
    assert len(placed) >= 4
    for i, label in enumerate(placed):
        assert Box(0, 0, 640, 400).contains(label.box)
        assert not any(label.box.overlaps(other.box) for other in placed[i + 1:])
    assert labels[5].anchor == "end"  # no room on the right at the map's edge
    assert labels[6] is None  # no room at all in the very corner: the caller numbers it instead


coordinate = st.floats(min_value=-100, max_value=800, allow_nan=False)
box = st.builds(lambda x, y, w, h: Box(x, y, x + w, y + h), coordinate, coordinate,
                st.floats(min_value=0, max_value=300), st.floats(min_value=0, max_value=300))


@given(st.lists(box, max_size=40), st.lists(box, max_size=20))
def test_taken_boxes_filed_by_grid_cell_answer_as_asking_every_box(taken, asked):
    occupied = Occupied(taken)
    for query in asked:
        assert occupied.overlaps(query) == any(query.overlaps(other) for other in taken)
        occupied.add(query)
        taken = [*taken, query]


def test_a_crowded_places_map_numbers_what_it_cannot_name():
    cluster = [(39.0 + i * 0.01, 125.7 + i * 0.01, f"Place number {i}", f"../place-{i}/") for i in range(8)]
    places = [*cluster, (35.18, 129.08, "Busan", "../busan/")]
    figure = parsed(places_map(places, title="Places", key="places"))
    assert figure.get("class") == "locator-map places-map"
    assert int(svg_of(figure).get("width")) == PLACES_WIDTH
    links = group(figure, "map-marker").findall(f"{SVG}a")
    assert [link.get("href") for link in links] == [href for *_, href in places]
    assert all(link.find(f"{SVG}circle") is not None for link in links)
    shown = [link.find(f"{SVG}text").text for link in links if link.find(f"{SVG}text") is not None]
    numbers = [text for text in shown if text.isdigit()]
    assert "Busan" in shown and numbers  # the cluster cannot all be named
    caption = figure.find("figcaption")
    assert all(f"{number} Place number" in "".join(caption.itertext()) for number in numbers)
    in_caption = {a.text for a in caption.iter("a")}
    assert in_caption | set(shown) - set(numbers) == {name for *_, name, _ in places}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, sorted(attrs)))

    handle_startendtag = handle_starttag


def tags(html: str) -> list:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


MAPS = {
    "locator": lambda: locator_map("PRK", title="t", key="k", point=(39.02, 125.75), point_label="Pyongyang"),
    "small": lambda: locator_map("MAC", title="t", key="k"),
    "places": lambda: places_map([(39.0 + i * 0.01, 125.7, f"Place {i}", f"../p-{i}/") for i in range(6)],
                                 title="t", key="p"),
}


@pytest.mark.parametrize("name", MAPS)
def test_the_maps_pass_the_site_sanitizer_unchanged(name):
    html = MAPS[name]()
    assert sanitize.audit(html)[0] == []
    assert tags(sanitize.sanitize(html)) == tags(html)
