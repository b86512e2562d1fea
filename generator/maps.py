"""Locator maps drawn at build time as inline SVG, from Natural Earth boundaries shipped in
generator/geodata/countries.json (made by bench/make_geodata.py; see geodata/LICENCE.md).

Pure functions from country codes and coordinates to SVG text: the only I/O is reading that file,
once. Colours come from CSS classes (docs/assets/maps.css), so the maps follow the site's light
and dark schemes and print. Longitudes are degrees east; a view across the antimeridian runs past
180, and the shapes on its far side are drawn shifted by 360 degrees.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from html import escape
from pathlib import Path

from .svg import FONT_SIZE, figure, text_width

GEODATA = Path(__file__).with_name("geodata") / "countries.json"
SOURCE_NOTE = "Boundaries: Natural Earth."

LOCATOR_WIDTH = 320  # fits a 375 px phone without shrinking, so its labels stay at FONT_SIZE
LOCATOR_ASPECTS = (0.6, 1.0)  # the least and the most height per unit of width
PLACES_WIDTH = 640  # scrolls sideways on a phone (maps.css) rather than shrinking its labels
PLACES_ASPECTS = (0.5, 0.8)

PADDING_SHARE = 0.3  # of the shown body's span, on each side...
PADDING_DEGREES = (2.0, 10.0)  # ...but at least and at most this
MIN_SPAN_DEGREES = 8.0  # so that a country as small as Singapore shows its region
MAX_LATITUDE = 85.0
BODY_GAP_DEGREES = 3.0  # land further than this from a country's main body does not widen its view
CLIP_MARGIN = 3.0  # px beyond the edge, so that the outline along a clipped edge stays out of sight
PIXEL_TOLERANCE = 0.7  # px: how far a drawn border may stray from the data's
MIN_RING_SIZE = 2.0  # px: a smaller island is not drawn, unless it is highlighted
SMALL_HIGHLIGHT = 12.0  # px: a highlighted country smaller than this gets a ring drawn around it
NEIGHBOURS_NAMED = 6  # in the text alternative, the countries that fill most of the view

LABEL_HEIGHT = 16.0  # a line of text and its halo
MARKER_RADIUS = 4.0
LABEL_GAP = MARKER_RADIUS + 3.0  # from a marker's centre to its label
NUMBER_GAPS = (LABEL_GAP, 2 * LABEL_GAP, 3 * LABEL_GAP)  # a number may stand further out than a name

Point = tuple[float, float]  # (lon, lat) in degrees, or (x, y) in px
Ring = Sequence[Point]


DATE_LINE_SHIFTS = (0.0, 360.0, -360.0)  # a ring as it is, or moved a world east or west


@dataclass(frozen=True)
class Box:
    """A rectangle: in degrees (west, south, east, north), or in px (left, top, right, bottom)."""

    west: float
    south: float
    east: float
    north: float

    @classmethod
    def around(cls, points: Iterable[Point]) -> Box:
        xs, ys = zip(*points)
        return cls(min(xs), min(ys), max(xs), max(ys))

    @property
    def width(self) -> float:
        return self.east - self.west

    @property
    def height(self) -> float:
        return self.north - self.south

    @property
    def centre(self) -> Point:
        return (self.west + self.east) / 2, (self.south + self.north) / 2

    def union(self, other: Box) -> Box:
        return Box(min(self.west, other.west), min(self.south, other.south),
                   max(self.east, other.east), max(self.north, other.north))

    def shifted(self, dx: float, dy: float = 0.0) -> Box:
        return Box(self.west + dx, self.south + dy, self.east + dx, self.north + dy)

    def grown(self, dx: float, dy: float) -> Box:
        return Box(self.west - dx, self.south - dy, self.east + dx, self.north + dy)

    def overlaps(self, other: Box, dx: float = 0.0) -> bool:
        """Whether the two overlap, with this one moved `dx` east (to try it across the date line)."""
        return (self.west + dx < other.east and other.west < self.east + dx
                and self.south < other.north and other.south < self.north)

    def holds(self, other: Box) -> bool:
        """Whether `other` lies inside, as `_clip` keeps a point: from west and south on, up to
        but not on east and north."""
        return (self.west <= other.west and other.east < self.east
                and self.south <= other.south and other.north < self.north)

    def contains(self, other: Box) -> bool:
        return (self.west <= other.west and other.east <= self.east
                and self.south <= other.south and other.north <= self.north)

    def gap(self, other: Box) -> float:
        """How far apart the two are along the axis where they are furthest apart (0 if they touch)."""
        return max(0.0, other.west - self.east, self.west - other.east,
                   other.south - self.north, self.south - other.north)


@dataclass(frozen=True)
class Country:
    name: str
    rings: tuple[tuple[Point, ...], ...]
    boxes: tuple[Box, ...]  # one per ring
    context_only: bool  # kept to be drawn around others: its own surroundings are not all in the data


@cache
def _countries() -> dict[str, Country]:
    countries = {}
    for code, entry in json.loads(GEODATA.read_text(encoding="utf-8")).items():
        rings = tuple(tuple((lon, lat) for lon, lat in ring) for ring in entry["polygons"])
        countries[code] = Country(entry["name"], rings, tuple(map(Box.around, rings)), entry.get("context", False))
    return countries


@cache
def known_codes() -> frozenset[str]:
    """The ISO 3166-1 alpha-3 codes a locator map can highlight."""
    return frozenset(code for code, country in _countries().items() if not country.context_only)


def has_shape(code: str) -> bool:
    return code in known_codes()


def centre(code: str) -> tuple[float, float]:
    """(lat, lon) of the middle of a country's main landmass, longitude within -180 to 180."""
    lon, lat = _main_body_of(code).centre
    return lat, (lon + 180) % 360 - 180


@cache
def _main_body_of(code: str) -> Box:
    """The main body of a country: every locator map of the country and of its places needs it."""
    return main_body(_countries()[code].rings)


def shape_name(code: str) -> str:
    """The country's short name in Natural Earth, e.g. "North Korea"."""
    return _countries()[code].name


def _plane_area(ring: Ring) -> float:
    doubled = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]]))
    return abs(doubled) / 2


def _globe_area(ring: Ring) -> float:
    """Roughly the ring's area on the globe, in square degrees at the equator."""
    return _plane_area(ring) * math.cos(math.radians(Box.around(ring).centre[1]))


def _aligned(box: Box, longitude: float) -> Box:
    """`box`, moved by 360 degrees if that brings it nearer to `longitude`."""
    offset = box.centre[0] - longitude
    return box.shifted(-360.0 if offset > 180 else 360.0 if offset < -180 else 0.0)


def main_body(rings: Sequence[Ring]) -> Box:
    """The box around a country's largest ring and the land within BODY_GAP_DEGREES of it, step by
    step: Indonesia's islands chain into one body, but Alaska and Hawaii stay out of the United
    States' and Kaliningrad out of Russia's. Across the antimeridian the box runs past 180."""
    by_size = sorted(rings, key=_globe_area, reverse=True)
    body = Box.around(by_size[0])
    others = [Box.around(ring) for ring in by_size[1:]]
    grew = True
    while grew:
        grew = False
        for box in list(others):
            aligned = _aligned(box, body.centre[0])
            if body.gap(aligned) <= BODY_GAP_DEGREES:
                body = body.union(aligned)
                others.remove(box)
                grew = True
    return body


def _east_west_factor(box: Box) -> float:
    return math.cos(math.radians(box.centre[1]))


@dataclass(frozen=True)
class View:
    """What a map shows (in degrees) and at what size (in px), in an equirectangular projection
    whose east-west scale is true at the middle latitude."""

    box: Box
    width: int
    height: int

    @cached_property
    def _scales(self) -> Point:
        """px per degree of longitude, and of latitude."""
        factor = _east_west_factor(self.box)
        per_degree = self.width / (self.box.width * factor)
        return per_degree * factor, per_degree

    def project(self, lon: float, lat: float) -> Point:
        scale_x, scale_y = self._scales
        return (lon - self.box.west) * scale_x, (self.box.north - lat) * scale_y

    def project_all(self, ring: Sequence[Point], shift: float) -> list[Point]:
        """`project(lon + shift, lat)` of each (lon, lat) point of `ring`, in one pass."""
        (scale_x, scale_y), west, north = self._scales, self.box.west, self.box.north
        return [(((lon + shift) - west) * scale_x, (north - lat) * scale_y) for lon, lat in ring]  # as `project`

    def projected_box(self, box: Box, shift: float) -> Box:
        """The box (px) around the projected points of a ring whose box (degrees) is `box`: the
        projection keeps the order of longitudes and reverses that of latitudes."""
        (left, top), (right, bottom) = self.project(box.west + shift, box.north), self.project(box.east + shift, box.south)
        return Box(left, top, right, bottom)

    def project_place(self, lat: float, lon: float) -> Point:
        """A place in px, on whichever side of the antimeridian the view shows it."""
        inside = next((lon + shift for shift in DATE_LINE_SHIFTS
                       if self.box.west <= lon + shift <= self.box.east), lon)
        return self.project(inside, lat)


def fitted_view(body: Box, width: int, aspects: tuple[float, float]) -> View:
    """A view of `body` padded on every side, at least MIN_SPAN_DEGREES across, no flatter or
    taller than `aspects` allow, and within MAX_LATITUDE of the equator."""
    least, most = PADDING_DEGREES
    box = body.grown(min(max(body.width * PADDING_SHARE, least), most),
                     min(max(body.height * PADDING_SHARE, least), most))
    box = box.grown(max(0.0, MIN_SPAN_DEGREES - box.width) / 2, max(0.0, MIN_SPAN_DEGREES - box.height) / 2)
    factor = _east_west_factor(box)
    flattest, tallest = aspects
    aspect = box.height / (box.width * factor)
    if aspect < flattest:
        box = box.grown(0.0, (flattest * box.width * factor - box.height) / 2)
    elif aspect > tallest:
        box = box.grown((box.height / (tallest * factor) - box.width) / 2, 0.0)
    box = box.shifted(0.0, max(0.0, -MAX_LATITUDE - box.south) - max(0.0, box.north - MAX_LATITUDE))
    return View(box, width, round(width * box.height / (box.width * _east_west_factor(box))))


def _clip(points: list[Point], edges: Box) -> list[Point]:
    """Sutherland-Hodgman: the part of a polygon (px) inside `edges`."""
    for axis, limit, keep_above in ((0, edges.west, True), (0, edges.east, False),
                                    (1, edges.south, True), (1, edges.north, False)):
        if not points:
            break
        kept: list[Point] = []
        for previous, current in zip([points[-1], *points[:-1]], points):
            current_in = (current[axis] >= limit) == keep_above
            if current_in != ((previous[axis] >= limit) == keep_above):
                share = (limit - previous[axis]) / (current[axis] - previous[axis])
                kept.append((previous[0] + share * (current[0] - previous[0]),
                             previous[1] + share * (current[1] - previous[1])))
            if current_in:
                kept.append(current)
        points = kept
    return points


def _distances_to_line(line: Sequence[Point], first: int, last: int) -> list[float]:
    """How far each point strictly between `first` and `last` lies from the line through them
    (from `first`, where they coincide)."""
    (x1, y1), (x2, y2) = line[first], line[last]
    length = math.hypot(x2 - x1, y2 - y1)
    if not length:
        return [math.hypot(x - x1, y - y1) for x, y in line[first + 1 : last]]
    dx, dy = x2 - x1, y2 - y1
    return [abs(dx * (y1 - y) - dy * (x1 - x)) / length for x, y in line[first + 1 : last]]


def simplified(line: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: the fewest points of `line` that stay within `tolerance` of it, its ends
    kept. A closed line (a ring) is split at its point furthest from its start (the first such)."""
    if len(line) < 3:
        return list(line)
    keep = {0, len(line) - 1}
    spans = [(0, len(line) - 1)]
    if line[0] == line[-1]:
        from_start = [math.dist(point, line[0]) for point in line]
        furthest = from_start.index(max(from_start))
        keep.add(furthest)
        spans = [(0, furthest), (furthest, len(line) - 1)]
    while spans:
        first, last = spans.pop()
        if last - first < 2:
            continue
        distances = _distances_to_line(line, first, last)
        distance = max(distances)
        if distance > tolerance:
            index = last - 1 - distances[::-1].index(distance)  # the last of the furthest
            keep.add(index)
            spans += [(first, index), (index, last)]
    return [line[i] for i in sorted(keep)]


def _number(tenths: int) -> str:
    """A number of tenths of a px, as short as SVG allows: 5 -> ".5", -30 -> "-3"."""
    whole, tenth = divmod(abs(tenths), 10)
    text = (str(whole) if whole else "") + (f".{tenth}" if tenth else "") or "0"
    return "-" + text if tenths < 0 else text


def _path_data(ring: list[Point]) -> str:
    """A ring as SVG path data: an absolute start, then relative steps, in tenths of a px; the
    step back to the start is the closing "z"."""
    tenths = [(round(x * 10), round(y * 10)) for x, y in ring]
    steps = [(x2 - x1, y2 - y1) for (x1, y1), (x2, y2) in zip(tenths, tenths[1:]) if (x1, y1) != (x2, y2)]
    if steps and tenths[-1] == tenths[0]:
        steps.pop()
    numbers = [_number(value) for step in steps for value in step]
    joined = "".join(number if number.startswith("-") or not i else " " + number for i, number in enumerate(numbers))
    return f"M{_number(tenths[0][0])} {_number(tenths[0][1])}l{joined}z"


def _drawn_rings(country: Country, view: View, min_size: float) -> list[list[Point]]:
    """The country's rings in px, clipped to the view, without the detail too fine to see and
    the islands smaller than `min_size` px."""
    edges = Box(0, 0, view.width, view.height).grown(CLIP_MARGIN, CLIP_MARGIN)
    drawn = []
    for ring, box in zip(country.rings, country.boxes):
        shift = next((s for s in DATE_LINE_SHIFTS if box.overlaps(view.box, s)), None)
        if shift is None:
            continue
        extent = view.projected_box(box, shift)
        if max(extent.width, extent.height) < min_size:
            continue  # clipping and simplifying keep a ring within its box: too small to draw either way
        points = view.project_all(ring, shift)
        if not edges.holds(extent):  # a ring wholly inside comes out of clipping as it went in
            points = _clip(points, edges)
        points = simplified(points, PIXEL_TOLERANCE)
        if len(points) >= 3:
            size = Box.around(points)
            if max(size.width, size.height) >= min_size:
                drawn.append(points)
    return drawn


@dataclass(frozen=True)
class _Shape:
    """A country as drawn on one map."""

    name: str
    rings: list[list[Point]]

    def svg(self) -> str:
        data = "".join(_path_data(ring) for ring in self.rings)
        return f'<path d="{data}"><title>{escape(self.name)}</title></path>'

    @property
    def area(self) -> float:
        return sum(_plane_area(ring) for ring in self.rings)


@cache
def _bounds(code: str) -> Box:
    """The box around all of a country's rings."""
    boxes = _countries()[code].boxes
    return Box(min(box.west for box in boxes), min(box.south for box in boxes),
               max(box.east for box in boxes), max(box.north for box in boxes))


def _shapes_in_view(view: View, highlighted: str | None) -> tuple[list[_Shape], _Shape | None]:
    """The countries in the view: the others, those that fill most of it first, and the
    highlighted one, all of whose islands are drawn, however small."""
    others, highlight = [], None
    for code, country in _countries().items():
        if not any(_bounds(code).overlaps(view.box, shift) for shift in DATE_LINE_SHIFTS):
            continue  # most countries lie far from any one map: skip them whole, not ring by ring
        rings = _drawn_rings(country, view, 0.0 if code == highlighted else MIN_RING_SIZE)
        if rings and code == highlighted:
            highlight = _Shape(country.name, rings)
        elif rings:
            others.append(_Shape(country.name, rings))
    return sorted(others, key=lambda shape: -shape.area), highlight


def _circle(x: float, y: float, radius: float) -> str:
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}"/>'


def _highlight_layer(shape: _Shape) -> str:
    """The highlighted country; one too small to find at a glance gets a ring around it too."""
    extent = Box.around(point for ring in shape.rings for point in ring)
    size = max(extent.width, extent.height)
    ring = _circle(*extent.centre, size / 2 + 8) if size < SMALL_HIGHLIGHT else ""
    return f'<g class="map-highlight">{shape.svg()}{ring}</g>'


# Maps are drawn again for every build under `mkdocs serve`, yet change only with their arguments.
MAPS_KEPT = 1024


# Kept by view (as text, not shapes): the places of one country, where each lies inside its main
# body, share the country's view, and drawing the land is nearly all of a map's work.
@lru_cache(maxsize=MAPS_KEPT)
def _land_layers(view: View, highlighted: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The land layers, and the names of the countries drawn besides the highlighted one, those
    that fill most of the view first."""
    others, highlight = _shapes_in_view(view, highlighted)
    layers = [f'<g class="map-land">{"".join(shape.svg() for shape in others)}</g>']
    if highlight:
        layers.append(_highlight_layer(highlight))
    return tuple(layers), tuple(shape.name for shape in others)


@dataclass(frozen=True)
class Label:
    """A text placed beside its marker: `x`, `y` are where the text starts (or ends, or has its
    middle, as `anchor` says) on its baseline; `box` is the room it takes, in px."""

    text: str
    x: float
    y: float
    anchor: str  # the SVG text-anchor: start, end or middle
    box: Box


def _candidates(x: float, y: float, text: str, gaps: Sequence[float]) -> list[Label]:
    """Where a label may go around a marker at (x, y), best first: right, left, above and below,
    at each distance in `gaps` in turn."""
    width, half = text_width(text), LABEL_HEIGHT / 2
    beside_baseline = y + FONT_SIZE * 0.35  # the text's middle level with the marker
    descent = 4.0
    return [
        candidate
        for gap in gaps
        for candidate in (
            Label(text, x + gap, beside_baseline, "start", Box(x + gap, y - half, x + gap + width, y + half)),
            Label(text, x - gap, beside_baseline, "end", Box(x - gap - width, y - half, x - gap, y + half)),
            Label(text, x, y - gap - descent, "middle",
                  Box(x - width / 2, y - gap - LABEL_HEIGHT, x + width / 2, y - gap)),
            Label(text, x, y + gap + LABEL_HEIGHT - descent, "middle",
                  Box(x - width / 2, y + gap, x + width / 2, y + gap + LABEL_HEIGHT)),
        )
    ]


def _marker_box(centre: Point) -> Box:
    x, y = centre
    return Box(x, y, x, y).grown(MARKER_RADIUS, MARKER_RADIUS)


def place_labels(anchors: Sequence[Point], texts: Sequence[str], width: float, height: float,
                 taken: Occupied | None = None, gaps: Sequence[float] = (LABEL_GAP,)) -> list[Label | None]:
    """Each text beside its anchor (px), in order, greedily: at the first of right, left, above
    and below (at each distance in `gaps`) where it stays inside the map and clear of every
    marker, of every label placed before it and of every box `taken`; None where no place is
    free. The markers and the labels placed are added to `taken`."""
    frame = Box(0, 0, width, height)
    occupied = Occupied() if taken is None else taken
    for anchor in anchors:
        occupied.add(_marker_box(anchor))
    placed: list[Label | None] = []
    for (x, y), text in zip(anchors, texts):
        label = next((candidate for candidate in _candidates(x, y, text, gaps)
                      if frame.contains(candidate.box) and not occupied.overlaps(candidate.box)), None)
        if label:
            occupied.add(label.box)
        placed.append(label)
    return placed


class Occupied:
    """The boxes taken on a map, each filed under the cells of a grid it crosses: whether a box
    is free is asked of the boxes that share a cell with it, not of every box on the map (a map
    of a thousand places asked millions of times). Two boxes that overlap share a point, and so
    the cell of that point: for boxes with finite sides, west to east and south to north (as
    markers and labels are), the answer is the same as asking every box."""

    CELL = 32.0  # px: twice a label's height, about a short name's width

    def __init__(self, boxes: Iterable[Box] = ()):
        self._cells: dict[tuple[int, int], list[Box]] = {}
        for box in boxes:
            self.add(box)

    def _cells_of(self, box: Box) -> Iterator[tuple[int, int]]:
        for column in range(math.floor(box.west / self.CELL), math.floor(box.east / self.CELL) + 1):
            for row in range(math.floor(box.south / self.CELL), math.floor(box.north / self.CELL) + 1):
                yield column, row

    def add(self, box: Box) -> None:
        for cell in self._cells_of(box):
            self._cells.setdefault(cell, []).append(box)

    def overlaps(self, box: Box) -> bool:
        return any(box.overlaps(other) for cell in self._cells_of(box) for other in self._cells.get(cell, ()))


@dataclass(frozen=True)
class _Place:
    lat: float
    lon: float
    name: str
    href: str | None


def _text(label: Label) -> str:
    anchor = "" if label.anchor == "start" else f' text-anchor="{label.anchor}"'
    return f'<text x="{label.x:.1f}" y="{label.y:.1f}"{anchor}>{escape(label.text)}</text>'


def _markers(view: View, places: Sequence[_Place]) -> tuple[str, list[tuple[str, _Place]]]:
    """The places' markers and labels, and the key: a place whose name finds no room gets a
    number beside its marker instead, a little further out if need be, and a line in the key;
    one that finds no room even for that (in a pile of markers) only a line in the key."""
    anchors = [view.project_place(place.lat, place.lon) for place in places]
    taken = Occupied()  # the markers, then the names and the numbers placed
    labels = place_labels(anchors, [place.name for place in places], view.width, view.height, taken)
    key: list[tuple[str, _Place]] = []
    numbered = 0
    for index in [index for index, label in enumerate(labels) if label is None]:
        [label] = place_labels([anchors[index]], [str(numbered + 1)], view.width, view.height, taken, NUMBER_GAPS)
        if label:
            numbered += 1
            labels[index] = label
        key.append((label.text if label else "", places[index]))
    parts = []
    for place, (x, y), label in zip(places, anchors, labels):
        marker = _circle(x, y, MARKER_RADIUS) + (_text(label) if label else "")
        parts.append(f'<a href="{escape(place.href)}">{marker}</a>' if place.href is not None else marker)
    return f'<g class="map-marker">{"".join(parts)}</g>', key


def coordinates_in_words(lat: float, lon: float) -> str:
    """E.g. "39.02° N, 125.75° E"."""
    return f"{abs(lat):.2f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.2f}° {'E' if lon >= 0 else 'W'}"


def _place_name(place: _Place) -> str:
    name = escape(place.name)
    return f'<a href="{escape(place.href)}">{name}</a>' if place.href is not None else name


def _caption(key: list[tuple[str, _Place]]) -> str:
    """The source, and the names of the places the map could not label: by number, or, where
    even a number found no room, as unlabelled."""
    numbered = "; ".join(f"{number} {_place_name(place)}" for number, place in key if number)
    unlabelled = "; ".join(_place_name(place) for number, place in key if not number)
    return (f"<figcaption>{SOURCE_NOTE}"
            + (f" Numbered on the map: {numbered}." if numbered else "")
            + (f" Also marked, without a label for want of room: {unlabelled}." if unlabelled else "")
            + "</figcaption>")


def _figure(css_class: str, view: View, key: str, title: str, description: str, layers: list[str],
            caption: str) -> str:
    sea = f'<rect class="map-sea" width="{view.width}" height="{view.height}"/>'
    return figure(css_class, view.width, view.height, key, title, description, sea + "".join(layers), caption)


def _named_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _locator_description(country: Country | None, others: Sequence[str], point: tuple[float, float] | None,
                         point_label: str | None) -> str:
    around = _named_list(list(others[:NEIGHBOURS_NAMED])) if others else "open sea"
    if country:
        text = (f"Map of {country.name} and its surroundings, with {country.name} highlighted; the other countries "
                f"that fill most of the map: {around}")
    else:
        text = f"Map of the region around the marked place; the countries that fill most of it: {around}"
    if point:
        text += f"; {point_label or 'a place'} marked at {coordinates_in_words(*point)}"
    return text + "."


def locator_view(code: str | None, point: tuple[float, float] | None = None) -> View:
    """What the locator map of `code` and of `point` (lat, lon) shows: the country's main body
    and the point, padded."""
    if code is None and point is None:
        raise ValueError("a locator map needs a country or a point")
    if code is not None and not has_shape(code):
        raise ValueError(f"no boundaries for country code {code!r}")
    body = _main_body_of(code) if code else None
    if point:
        lat, lon = point
        spot = Box(lon, lat, lon, lat)
        body = body.union(_aligned(spot, body.centre[0])) if body else spot
    return fitted_view(body, LOCATOR_WIDTH, LOCATOR_ASPECTS)


@lru_cache(maxsize=MAPS_KEPT)
def locator_map(code: str | None, *, title: str, key: str, point: tuple[float, float] | None = None,
                point_label: str | None = None) -> str:
    """A small map of the country `code` highlighted in its region, and of `point` (lat, lon) if
    given, labelled `point_label` if given: a <figure class="locator-map"> holding an inline SVG
    LOCATOR_WIDTH px wide. `key` makes the ids of the SVG's title and description unique on the
    page."""
    view = locator_view(code, point)
    land, others = _land_layers(view, code)
    layers = list(land)
    key_entries: list[tuple[str, _Place]] = []
    if point and point_label:
        marker, key_entries = _markers(view, [_Place(*point, point_label, None)])
        layers.append(marker)
    elif point:
        layers.append(f'<g class="map-marker">{_circle(*view.project_place(*point), MARKER_RADIUS)}</g>')
    description = _locator_description(_countries()[code] if code else None, others, point, point_label)
    return _figure("locator-map", view, key, title, description, layers, _caption(key_entries))


def places_map(points: Sequence[tuple[float, float, str, str | None]], *, title: str, key: str) -> str:
    """Every place (lat, lon, name, href) as a marker on one map of the region around them all:
    a <figure class="locator-map places-map"> holding an inline SVG PLACES_WIDTH px wide; each
    name links to its `href` (a final, relative address) unless that is None."""
    return _places_map(tuple(tuple(point) for point in points), title, key)


@lru_cache(maxsize=MAPS_KEPT)
def _places_map(points: tuple[tuple[float, float, str, str | None], ...], title: str, key: str) -> str:
    if not points:
        raise ValueError("a places map needs at least one place")
    places = [_Place(lat, lon, name, href) for lat, lon, name, href in points]
    longitudes = [place.lon for place in places]
    if max(longitudes) - min(longitudes) > 180:  # across the antimeridian: count west of it as east
        longitudes = [lon + 360 if lon < 0 else lon for lon in longitudes]
    view = fitted_view(Box.around(zip(longitudes, (place.lat for place in places))), PLACES_WIDTH, PLACES_ASPECTS)
    layers, _others = _land_layers(view, None)
    markers, key_entries = _markers(view, places)
    listed = "; ".join(f"{place.name} ({coordinates_in_words(place.lat, place.lon)})" for place in places)
    description = f"Map of {len(places)} place{'s' if len(places) != 1 else ''}: {listed}."
    return _figure("locator-map places-map", view, key, title, description, [*layers, markers],
                   _caption(key_entries))
