"""Relation diagrams drawn at build time as inline SVG: no script, legible in print, with text alternatives.

Each diagram is first laid out, as pure geometry (boxes and lines, which the tests check), then
drawn. One SVG unit is one CSS pixel: the SVG's width and height equal its viewBox, and the
stylesheet (docs/assets/diagrams.css) never shrinks it, so text drawn at FONT_SIZE reads at
FONT_SIZE. No diagram is wider than MAX_WIDTH, which the content column exceeds wherever the
stylesheet shows diagrams; narrower screens read the table of relations that follows each one.
Colours and dash patterns come from CSS classes, so the diagrams follow the light and dark schemes
and print, and kinds of relation differ by more than colour.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from html import escape
from itertools import accumulate, takewhile

from .svg import FONT_SIZE, advance, figure, text_width

LINE_HEIGHT = 17  # from one line of text in a box to the next
PADDING_X = 8
PADDING_Y = 4
MARGIN = 2  # around the drawing, for the boxes' outlines
ROW_GAP = 10  # between boxes one above the other
MAX_WIDTH = 660  # the content column is at least 668 px wide where diagrams are shown
FAN_WIDTH = 120  # ego diagram: between the record's box and the column of the actors it relates to
STUB = 12  # network diagram: from an actor's point on the ellipse out to its box
MIN_ELLIPSE_HALF_WIDTH = 80  # network diagram: the chords cross an ellipse this wide either side of its centre
MAX_ELLIPSE_HALF_WIDTH = 200
PARALLEL_GAP = 4  # between the lines of two relations of one pair of actors
ORDERING_SWEEPS = 2  # network diagram: passes of the barycentre heuristic
MAX_BOX_WIDTH = (MAX_WIDTH - 2 * (MARGIN + STUB + MIN_ELLIPSE_HALF_WIDTH)) / 2  # so that the network fits
MAX_TEXT_WIDTH = MAX_BOX_WIDTH - 2 * PADDING_X
NODE_HEIGHT = LINE_HEIGHT + 2 * PADDING_Y  # a box of one line
MEMBERSHIP = "acts-for"  # the kind of the line from a person to their country
LEGEND_LINE_WIDTH = 36



@dataclass(frozen=True)
class Edge:
    source: str  # node key
    target: str
    label: str  # the relation as the source sees it: "ally of"
    kind: str = ""  # the relation's kind ("ally"), which sets the line's style in the network diagram


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def middle(self) -> float:
        return self.top + self.height / 2

    def overlaps(self, other: Box) -> bool:
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)


@dataclass(frozen=True)
class Node:
    key: str
    box: Box
    name: str  # as drawn: shortened to fit
    relations: tuple[str, ...] = ()  # relation labels drawn in the box above the name
    center: bool = False


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    joins: tuple[str, str]  # the keys of the nodes at its ends (the same key twice for a stub)
    kind: str = ""  # a relation kind or MEMBERSHIP, styled by the stylesheet; "" for a plain line


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    nodes: tuple[Node, ...]
    lines: tuple[Line, ...]


def relation_class(kind: str) -> str:
    """The CSS class of a line for a relation of this kind."""
    return f"relation--{kind}"


def _fit(text: str) -> str:
    """`text`, or as much of it as fits MAX_TEXT_WIDTH followed by an ellipsis."""
    if text_width(text) <= MAX_TEXT_WIDTH:
        return text
    budget = MAX_TEXT_WIDTH - text_width("…")
    widths = accumulate(advance(character) * FONT_SIZE for character in text)
    kept = sum(1 for _width in takewhile(lambda width: width <= budget, widths))
    return text[:kept].rstrip() + "…"


def _box_width(texts: Iterable[str]) -> float:
    return max(map(text_width, texts)) + 2 * PADDING_X


def _box_height(text_lines: int) -> float:
    return text_lines * LINE_HEIGHT + 2 * PADDING_Y


def _labels_by_other(center: str, edges: Sequence[Edge]) -> dict[str, list[str]]:
    """The actors related to `center`, each with its relation labels, in the order of `edges`."""
    labels: dict[str, list[str]] = {}
    for edge in edges:
        other = edge.target if edge.source == center else edge.source
        if edge.label not in labels.setdefault(other, []):
            labels[other].append(edge.label)
    return labels


def ego_layout(center: str, names: dict[str, str], edges: Sequence[Edge]) -> Layout:
    """The record's box on the left; on the right a column of the actors it relates to, each box
    saying the relation above the actor's name (labels never sit on a line); a line from the
    record to each. `names`: node key -> name."""
    labels_by_other = _labels_by_other(center, edges)
    relations = {other: [_fit(label) for label in labels] for other, labels in labels_by_other.items()}
    shown_names = {key: _fit(names[key]) for key in (center, *relations)}
    column_width = max(_box_width([*relations[other], shown_names[other]]) for other in relations)
    heights = [_box_height(len(labels) + 1) for labels in relations.values()]
    column_height = sum(heights) + ROW_GAP * (len(heights) - 1)
    height = math.ceil(max(column_height, NODE_HEIGHT) + 2 * MARGIN)
    center_box = Box(MARGIN, (height - NODE_HEIGHT) / 2, _box_width([shown_names[center]]), NODE_HEIGHT)
    nodes = [Node(center, center_box, shown_names[center], center=True)]
    lines = []
    top = (height - column_height) / 2
    for (other, labels), box_height in zip(relations.items(), heights):
        box = Box(center_box.right + FAN_WIDTH, top, column_width, box_height)
        nodes.append(Node(other, box, shown_names[other], tuple(labels)))
        lines.append(Line(center_box.right, center_box.middle, box.left, box.middle, (center, other)))
        top = box.bottom + ROW_GAP
    width = math.ceil(center_box.right + FAN_WIDTH + column_width + MARGIN)
    return Layout(width, height, tuple(nodes), tuple(lines))


def _among(names: dict[str, str], memberships: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The memberships whose person and country are both drawn."""
    return [(person, country) for person, country in memberships if person in names and country in names]


def _kinds_by_pair(edges: Sequence[Edge], memberships: Sequence[tuple[str, str]]) -> dict[tuple[str, str], list[str]]:
    """Each pair of actors once, whichever way round, with the kinds of relation between them."""
    kinds: dict[tuple[str, str], list[str]] = {}
    joined = [(edge.source, edge.target, edge.kind) for edge in edges]
    joined += [(person, country, MEMBERSHIP) for person, country in memberships]
    for source, target, kind in joined:
        pair = (source, target) if source < target else (target, source)
        if source != target and kind not in kinds.setdefault(pair, []):
            kinds[pair].append(kind)
    return kinds


def _components(neighbours: dict[str, set[str]]) -> list[dict[str, int]]:
    """The connected groups of nodes, each as node -> its breadth-first depth from the group's best
    connected node."""
    components: list[dict[str, int]] = []
    for start in sorted(neighbours, key=lambda node: -len(neighbours[node])):
        if any(start in depth for depth in components):
            continue
        depth, queue = {start: 0}, deque([start])
        while queue:
            node = queue.popleft()
            for neighbour in sorted(neighbours[node]):
                if neighbour not in depth:
                    depth[neighbour] = depth[node] + 1
                    queue.append(neighbour)
        components.append(depth)
    return components


def _two_sides(depth: dict[str, int], neighbours: dict[str, set[str]]) -> tuple[list[str], list[str]]:
    """A connected group on two sides, so that most relations cross between them, then each side
    in the order that keeps the relations short and few of them crossing."""
    side = {node: depth[node] % 2 for node in depth}  # alternate sides breadth-first, then improve
    moved = True
    while moved:  # each move makes more relations cross, so this ends
        moved = False
        for node in side:
            same = sum(side[neighbour] == side[node] for neighbour in neighbours[node])
            if 2 * same > len(neighbours[node]):
                side[node] ^= 1
                moved = True
    sides = ([node for node in depth if side[node] == 0], [node for node in depth if side[node] == 1])
    for _sweep in range(ORDERING_SWEEPS):
        for this in sides:
            place = {node: index - (len(nodes) - 1) / 2 for nodes in sides for index, node in enumerate(nodes)}
            this.sort(key=lambda node: _mean([place[neighbour] for neighbour in neighbours[node]]))
    return sides


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _rows(
    keys: Sequence[str], pairs: Iterable[tuple[str, str]], country_of: dict[str, str]
) -> tuple[list[str | None], list[str | None]]:
    """The actors in two columns, row by row (None where a column has no actor in a row): each
    person under their country, and each connected group of actors in rows of its own."""
    group = {key: country_of.get(key, key) for key in keys}
    neighbours: dict[str, set[str]] = {key: set() for key in keys if key not in country_of}
    for a, b in pairs:
        if group[a] != group[b]:
            neighbours[group[a]].add(group[b])
            neighbours[group[b]].add(group[a])
    members = {country: [country] for country in neighbours}
    for person, country in country_of.items():
        members[country].append(person)
    left: list[str | None] = []
    right: list[str | None] = []
    for depth in _components(neighbours):
        columns = [[member for head in side for member in members[head]] for side in _two_sides(depth, neighbours)]
        rows = max(map(len, columns))
        for column, side in zip(columns, (left, right)):
            above = (rows - len(column)) // 2
            side += [None] * above + column + [None] * (rows - len(column) - above)
    return left, right


def _half_width(radius_x: float, radius_y: float, y: float) -> float:
    """How far an ellipse reaches either side of its centre at `y` above or below it."""
    return radius_x * math.sqrt(1 - (y / radius_y) ** 2)


def _nearest_to_middle(y: float, half_height: float) -> float:
    """The height in [y - half_height, y + half_height] nearest the ellipse's centre line."""
    return 0.0 if abs(y) <= half_height else abs(y) - half_height


def _offset(line: Line, distance: float) -> Line:
    """`line` moved sideways by `distance`, to draw two relations of one pair side by side."""
    length = math.hypot(line.x2 - line.x1, line.y2 - line.y1)
    dx, dy = -(line.y2 - line.y1) / length * distance, (line.x2 - line.x1) / length * distance
    return Line(line.x1 + dx, line.y1 + dy, line.x2 + dx, line.y2 + dy, line.joins, line.kind)


def network_layout(
    names: dict[str, str], edges: Sequence[Edge], memberships: Sequence[tuple[str, str]] = ()
) -> Layout:
    """The actors in two columns either side of a tall ellipse, each box outside the ellipse with a
    stub out to it from the actor's point on the ellipse; every relation a chord between two points.
    The ellipse is convex, so no chord crosses a box or a stub. `memberships`: (person, country)
    pairs, joined by a line of their own, the person under the country; those naming an actor not
    in `names` are left out."""
    country_of = dict(_among(names, memberships))
    kinds = _kinds_by_pair(edges, list(country_of.items()))
    left, right = _rows(list(names), kinds, country_of)
    shown_names = {key: _fit(names[key]) for key in names}
    widths = {key: _box_width([shown_names[key]]) for key in names}
    left_width, right_width = (max((widths[key] for key in side if key), default=0.0) for side in (left, right))
    spare = math.floor((MAX_WIDTH - left_width - right_width) / 2 - MARGIN - STUB)
    radius_x = min(max(spare, MIN_ELLIPSE_HALF_WIDTH), MAX_ELLIPSE_HALF_WIDTH)
    pitch = NODE_HEIGHT + ROW_GAP
    radius_y = (len(left) + 1) / 2 * pitch  # a row's pitch beyond the first and last boxes' middles
    height = math.ceil((len(left) - 1) * pitch + NODE_HEIGHT + 2 * MARGIN)
    center_x, center_y = MARGIN + left_width + STUB + radius_x, height / 2
    linked = {key for pair in kinds for key in pair}
    nodes, stubs, points = [], [], {}
    reach = partial(_half_width, radius_x, radius_y)
    for side, column in ((-1, left), (1, right)):
        for row, key in enumerate(column):
            if key is None:
                continue
            y = (row - (len(column) - 1) / 2) * pitch
            point = (center_x + side * reach(y), center_y + y)
            inner_x = center_x + side * (reach(_nearest_to_middle(y, NODE_HEIGHT / 2)) + STUB)
            box_left = inner_x if side > 0 else inner_x - widths[key]
            box = Box(box_left, point[1] - NODE_HEIGHT / 2, widths[key], NODE_HEIGHT)
            nodes.append(Node(key, box, shown_names[key]))
            points[key] = point
            if key in linked:
                stubs.append(Line(*point, inner_x, point[1], (key, key)))
    chords = [
        _offset(Line(*points[a], *points[b], (a, b), kind), (index - (len(pair_kinds) - 1) / 2) * PARALLEL_GAP)
        for (a, b), pair_kinds in kinds.items()
        for index, kind in enumerate(pair_kinds)
    ]
    width = math.ceil(center_x + radius_x + STUB + right_width + MARGIN)
    return Layout(width, height, tuple(nodes), tuple(stubs + chords))


def _line_element(x1: float, y1: float, x2: float, y2: float, kind: str) -> str:
    css_class = f' class="{relation_class(kind)}"' if kind else ""
    return f'<line{css_class} x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>'


def _node_element(node: Node) -> str:
    """The box, then a line of text for each relation label and the name."""
    box = node.box
    texts = [(' class="edge-label"', label) for label in node.relations] + [("", node.name)]
    first_baseline = box.top + PADDING_Y + FONT_SIZE
    lines = "".join(
        f'<text{css_class} x="{box.left + PADDING_X:.1f}" y="{first_baseline + index * LINE_HEIGHT:.1f}">'
        f"{escape(text)}</text>"
        for index, (css_class, text) in enumerate(texts)
    )
    return (
        f'<g class="node{" node--center" if node.center else ""}">'
        f'<rect x="{box.left:.1f}" y="{box.top:.1f}" width="{box.width:.1f}" height="{box.height:.1f}" rx="6"/>'
        f"{lines}</g>"
    )


def _legend_name(kind: str) -> str:
    if kind == MEMBERSHIP:
        return "acts for (a person and their country)"
    return kind.replace("-", " ") or "relation"


def _legend(kinds: Iterable[str]) -> str:
    """A key to the line styles, for the eye only: the diagram's description says every relation in words."""
    items = "".join(
        f'<li><svg aria-hidden="true" width="{LEGEND_LINE_WIDTH}" height="10" viewBox="0 0 {LEGEND_LINE_WIDTH} 10">'
        f"{_line_element(0, 5, LEGEND_LINE_WIDTH, 5, kind)}</svg> {escape(_legend_name(kind))}</li>"
        for kind in kinds
    )
    return f'<ul aria-hidden="true">{items}</ul>'


def _figure(layout: Layout, title: str, description: str, key: str, legend: str = "") -> str:
    body = "".join(_line_element(line.x1, line.y1, line.x2, line.y2, line.kind) for line in layout.lines)
    body += "".join(map(_node_element, layout.nodes))  # boxes over the lines that end at them
    caption = (f"<figcaption>{escape(title)}. The table below lists the same relations with their sources."
               f"{legend}</figcaption>")
    return figure("relations-diagram", layout.width, layout.height, key, title, description, body, caption)


def _sentences(names: dict[str, str], edges: Sequence[Edge], memberships: Sequence[tuple[str, str]] = ()) -> str:
    """Every relation in words, for the diagram's description."""
    sentences = [f"{names[edge.source]} {edge.label} {names[edge.target]}" for edge in edges]
    sentences += [f"{names[person]} acts for {names[country]}" for person, country in memberships]
    return "; ".join(dict.fromkeys(sentences))


def ego_diagram(center: str, names: dict[str, str], edges: list[Edge], key: str) -> str:
    """One actor and the actors it relates to, as a figure; nothing if it has no relations."""
    if not edges:
        return ""
    layout = ego_layout(center, names, edges)
    return _figure(layout, f"Relations of {names[center]}", _sentences(names, edges), key)


def network_diagram(
    names: dict[str, str], edges: list[Edge], key: str, memberships: Sequence[tuple[str, str]] = ()
) -> str:
    """Every actor in `names` and the relations among them, as a figure with a key to the line
    styles; each (person, country) pair in `memberships` is drawn as an "acts for" line."""
    if not names:
        return ""
    shown_memberships = _among(names, memberships)
    layout = network_layout(names, edges, shown_memberships)
    kinds = [*(edge.kind for edge in edges), *([MEMBERSHIP] if shown_memberships else [])]
    description = _sentences(names, edges, shown_memberships)
    return _figure(layout, "Relations between all actors", description, key, _legend(dict.fromkeys(kinds)))
