"""The relation diagrams: legible at their own size, no label on a line, no box over another, people
joined to their country, names escaped, text alternatives, and only markup the sanitizer allows."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from generator.diagram import (
    FONT_SIZE,
    MAX_WIDTH,
    MEMBERSHIP,
    Box,
    Edge,
    Layout,
    Line,
    ego_diagram,
    ego_layout,
    network_diagram,
    network_layout,
    relation_class,
)
from generator import sanitize
from generator.sanitize import audit
from generator.schema import RELATION_KINDS

STYLESHEET = Path(__file__).resolve().parent.parent / "docs" / "assets" / "diagrams.css"
SVG = "{http://www.w3.org/2000/svg}"
CONTENT_COLUMN = 690  # Material's content column at 1280 px

NAMES = {
    "north-korea": "North Korea",
    "china": "China",
    "united-states": "United States",
    "south-korea": "South Korea",
    "kim-jong-un": "Kim Jong Un",
    "donald-trump": "Donald Trump",
    "xi-jinping": "Xi Jinping",
    "singapore": "Singapore",
    "singapore-summit": "Singapore summit (2018)",
}
EDGES = [
    Edge("china", "north-korea", "ally of", "ally"),
    Edge("china", "north-korea", "main trading partner of", "main-trading-partner"),
    Edge("united-states", "north-korea", "in negotiations with", "negotiating-partner"),
    Edge("south-korea", "north-korea", "in negotiations with", "negotiating-partner"),
    Edge("donald-trump", "kim-jong-un", "in negotiations with", "negotiating-partner"),
    Edge("singapore", "singapore-summit", "host of", "host"),
]
MEMBERSHIPS = [("kim-jong-un", "north-korea"), ("donald-trump", "united-states"), ("xi-jinping", "china")]
EIGHT_RELATIONS = [
    ("china", "ally of"), ("united-states", "in negotiations with"), ("south-korea", "in negotiations with"),
    ("russia", "ally of"), ("japan", "adversary of"), ("korea-development-institute", "has as main trading partner"),
    ("singapore-summit", "candidate host of"), ("vietnam", "trading partner of"),
]
EIGHT_NAMES = {
    "north-korea": "North Korea", "china": "China", "united-states": "United States", "south-korea": "South Korea",
    "russia": "Russia", "japan": "Japan", "korea-development-institute": "Korea Development Institute",
    "singapore-summit": "Singapore summit (2018)", "vietnam": "Vietnam",
}


def ego_edges(center: str, relations: list[tuple[str, str]]) -> list[Edge]:
    return [Edge(center, other, label) for other, label in relations]


def long_names(count: int) -> dict[str, str]:
    """Names far too long for a box, of the widest letters."""
    return {f"actor-{index}": f"{index} " + "WM" * 40 for index in range(count)}


Network = tuple[dict[str, str], list[Edge], list[tuple[str, str]]]  # names, edges, memberships


def random_network(seed: int, actors: int = 40, relations: int = 60) -> Network:
    """A dense network of countries, people and others with names of every length."""
    chooser = random.Random(seed)
    words = "Republic Korea United States People's Federation Institute Summit Council Party Workers Kingdom".split()
    names = {f"actor-{index}": " ".join(chooser.sample(words, chooser.randint(1, 6))) for index in range(actors)}
    keys = list(names)
    countries, people = keys[:10], keys[10:25]
    memberships = [(person, chooser.choice(countries)) for person in people]
    kinds = list(RELATION_KINDS)
    edges = []
    for _ in range(relations):
        source, target = chooser.sample(keys, 2)
        kind = chooser.choice(kinds)
        edges.append(Edge(source, target, RELATION_KINDS[kind].forward, kind))
    return names, edges, memberships


def layouts() -> list[Layout]:
    eight = ego_edges("north-korea", EIGHT_RELATIONS)
    many_names = long_names(30)
    many = ego_edges("actor-0", [(key, "has as main trading partner " * 3) for key in list(many_names)[1:]])
    return [
        ego_layout("north-korea", EIGHT_NAMES, eight),
        ego_layout("actor-0", many_names, many),
        network_layout(NAMES, EDGES, MEMBERSHIPS),
        network_layout(long_names(40), [Edge("actor-0", f"actor-{n}", "ally of", "ally") for n in range(1, 40)]),
        *(network_layout(*random_network(seed)) for seed in range(5)),
    ]


def svg_of(figure: str) -> ElementTree.Element:
    svg = ElementTree.fromstring(figure).find(f"{SVG}svg")
    assert svg is not None
    return svg


def crosses_inside(line: Line, box: Box) -> bool:
    """Whether the segment passes through the inside of `box` (touching its edge is not crossing):
    Liang-Barsky clipping against the box shrunk by half a pixel."""
    inset = 0.5
    dx, dy = line.x2 - line.x1, line.y2 - line.y1
    start, end = 0.0, 1.0
    for step, room in (
        (-dx, line.x1 - (box.left + inset)), (dx, (box.right - inset) - line.x1),
        (-dy, line.y1 - (box.top + inset)), (dy, (box.bottom - inset) - line.y1),
    ):
        if step == 0:
            if room < 0:
                return False
        elif step < 0:
            start = max(start, room / step)
        else:
            end = min(end, room / step)
    return start < end


def components(nodes: set[str], lines: tuple[Line, ...]) -> int:
    group = {node: node for node in nodes}

    def root(node: str) -> str:
        while group[node] != node:
            node = group[node]
        return node

    for line in lines:
        group[root(line.joins[0])] = root(line.joins[1])
    return len({root(node) for node in nodes})


def test_text_is_drawn_at_13_px_on_an_svg_drawn_at_its_own_size():
    assert FONT_SIZE >= 13
    for figure in (
        ego_diagram("north-korea", EIGHT_NAMES, ego_edges("north-korea", EIGHT_RELATIONS), key="relations-north-korea"),
        network_diagram(NAMES, EDGES, key="relations-network", memberships=MEMBERSHIPS),
    ):
        svg = svg_of(figure)
        assert svg.get("viewBox") == f"0 0 {svg.get('width')} {svg.get('height')}"  # one unit, one CSS pixel
        assert svg.get("font-size") == str(FONT_SIZE)
        assert "style=" not in figure
        assert re.findall(r'font-size="([^"]+)"', figure) == [str(FONT_SIZE)]  # nothing smaller inside


def test_no_box_overlaps_another():
    for layout in layouts():
        boxes = [node.box for node in layout.nodes]
        for index, box in enumerate(boxes):
            assert not any(box.overlaps(other) for other in boxes[index + 1:]), box


def test_no_line_crosses_a_box_so_no_label_sits_on_a_line():
    for layout in layouts():
        for line in layout.lines:
            assert not any(crosses_inside(line, node.box) for node in layout.nodes), line


def test_every_box_and_line_is_inside_the_drawing():
    for layout in layouts():
        for node in layout.nodes:
            assert 0 <= node.box.left and node.box.right <= layout.width
            assert 0 <= node.box.top and node.box.bottom <= layout.height
        for line in layout.lines:
            assert all(0 <= x <= layout.width for x in (line.x1, line.x2))
            assert all(0 <= y <= layout.height for y in (line.y1, line.y2))


def test_the_ego_diagram_writes_each_relation_in_the_other_actors_box():
    layout = ego_layout("north-korea", EIGHT_NAMES, ego_edges("north-korea", EIGHT_RELATIONS))
    relations = {node.key: node.relations for node in layout.nodes}
    assert relations["north-korea"] == ()
    for other, label in EIGHT_RELATIONS:
        assert relations[other] == (label,)
    assert {line.joins for line in layout.lines} == {("north-korea", other) for other, _ in EIGHT_RELATIONS}


def test_the_ego_diagram_writes_two_relations_with_one_actor_in_one_box():
    edges = ego_edges("north-korea", [("china", "ally of"), ("china", "has as main trading partner")])
    layout = ego_layout("north-korea", NAMES, edges)
    assert [node.relations for node in layout.nodes] == [(), ("ally of", "has as main trading partner")]
    assert len(layout.lines) == 1


def test_relation_labels_are_text_in_boxes_only():
    ego = ego_diagram("north-korea", EIGHT_NAMES, ego_edges("north-korea", EIGHT_RELATIONS), key="k")
    for group in svg_of(ego).iter(f"{SVG}g"):
        texts = group.findall(f"{SVG}text")
        assert [text.get("class") for text in texts][-1] is None  # the name, under its relations
    assert not [text for text in svg_of(ego).findall(f"{SVG}text")]  # no text outside a box
    network = network_diagram(NAMES, EDGES, key="k", memberships=MEMBERSHIPS)
    assert "edge-label" not in network  # chords are not labelled: their style says the kind


def test_the_network_draws_each_kind_in_its_own_class_and_names_it_in_the_key():
    figure = network_diagram(NAMES, EDGES, key="k", memberships=MEMBERSHIPS)
    svg = svg_of(figure)
    drawn = {line.get("class") for line in svg.iter(f"{SVG}line")} - {None}
    kinds = {edge.kind for edge in EDGES} | {MEMBERSHIP}
    assert drawn == {relation_class(kind) for kind in kinds}
    caption = ElementTree.fromstring(figure).find("figcaption")
    assert caption is not None
    legend = {"".join(item.itertext()).strip(): item.find("svg/line").get("class") for item in caption.iter("li")}
    assert legend == {
        "ally": "relation--ally", "main trading partner": "relation--main-trading-partner",
        "negotiating partner": "relation--negotiating-partner", "host": "relation--host",
        "acts for (a person and their country)": "relation--acts-for",
    }


def test_memberships_join_each_person_to_their_country_beside_it():
    without = network_layout(NAMES, EDGES)
    joined = network_layout(NAMES, EDGES, MEMBERSHIPS)
    korea = {"north-korea", "china", "united-states", "south-korea", "kim-jong-un", "donald-trump", "xi-jinping"}
    assert components(korea, tuple(line for line in without.lines if set(line.joins) <= korea)) > 1
    assert components(korea, tuple(line for line in joined.lines if set(line.joins) <= korea)) == 1
    membership_lines = {line.joins for line in joined.lines if line.kind == MEMBERSHIP}
    assert membership_lines == {tuple(sorted(pair)) for pair in MEMBERSHIPS}
    boxes = {node.key: node.box for node in joined.nodes}
    for person, country in MEMBERSHIPS:
        assert boxes[person].top > boxes[country].bottom  # under it, with no other box between
        assert not any(boxes[country].bottom <= box.top and box.bottom <= boxes[person].top
                       and box.left < boxes[person].right and boxes[person].left < box.right
                       for key, box in boxes.items() if key not in (person, country))


def test_memberships_of_actors_not_drawn_are_left_out():
    figure = network_diagram(NAMES, EDGES, key="k", memberships=[("kim-jong-un", "russia"), ("nobody", "china")])
    assert MEMBERSHIP not in figure and "acts for" not in figure


@pytest.mark.parametrize("count", [1, 8, 30])
def test_the_ego_diagram_fits_the_content_column(count):
    center, others = "actor-0", list(long_names(count + 1))[1:]
    wide = ego_layout(center, long_names(count + 1), ego_edges(center, [(other, "W" * 80) for other in others]))
    assert wide.width <= MAX_WIDTH <= CONTENT_COLUMN


def test_an_ego_diagram_of_eight_relations_fits_the_content_column():
    layout = ego_layout("north-korea", EIGHT_NAMES, ego_edges("north-korea", EIGHT_RELATIONS))
    assert layout.width <= CONTENT_COLUMN


def test_the_network_fits_the_content_column():
    for layout in layouts():
        assert layout.width <= MAX_WIDTH <= CONTENT_COLUMN


def test_long_names_are_shortened_with_an_ellipsis():
    names = {"a": "The " + "Very " * 30 + "Long Name", "b": "Short"}
    layout = ego_layout("a", names, [Edge("a", "b", "ally of")])
    drawn = {node.key: node.name for node in layout.nodes}
    assert drawn["a"].endswith("…") and names["a"].startswith(drawn["a"][:-1])
    assert drawn["b"] == "Short"
    figure = ego_diagram("a", names, [Edge("a", "b", "ally of")], key="k")
    assert names["a"] in figure  # in full in the title and the description


def test_names_are_escaped():
    hostile = {"a": "<script>alert(1)</script>", "b": 'Quote " & Co'}
    edges = [Edge("a", "b", "<b>ally</b> of", "ally")]
    for figure in (ego_diagram("a", hostile, edges, key="k"), network_diagram(hostile, edges, key="k")):
        assert "<script" not in figure and "<b>" not in figure
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in figure
        ElementTree.fromstring(figure)  # still well formed


def test_text_alternatives_name_every_relation():
    figure = network_diagram(NAMES, EDGES, key="relations-network", memberships=MEMBERSHIPS)
    svg = svg_of(figure)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "relations-network-title relations-network-desc"
    assert svg.find(f"{SVG}title").get("id") == "relations-network-title"
    description = svg.find(f"{SVG}desc")
    assert description.get("id") == "relations-network-desc"
    for edge in EDGES:
        assert f"{NAMES[edge.source]} {edge.label} {NAMES[edge.target]}" in description.text
    assert "Kim Jong Un acts for North Korea" in description.text
    legend = ElementTree.fromstring(figure).find("figcaption/ul")
    assert legend.get("aria-hidden") == "true"  # a key for the eye; the description says it in words


def test_nothing_to_draw_draws_nothing():
    assert ego_diagram("a", {"a": "A"}, [], key="k") == ""
    assert network_diagram({}, [], key="k") == ""


def test_the_diagrams_use_only_allowlisted_markup_and_the_line_classes_of_relation_kinds():
    line_classes = {relation_class(kind) for kind in (*RELATION_KINDS, MEMBERSHIP)}
    names, edges, memberships = random_network(1)
    for figure in (
        ego_diagram("north-korea", EIGHT_NAMES, ego_edges("north-korea", EIGHT_RELATIONS), key="k"),
        network_diagram(names, edges, key="k", memberships=memberships),
    ):
        found, links = audit(figure)
        assert found == [] and links == [], found
        assert {name for name in line_classes if f'class="{name}"' in figure} <= set(sanitize.CLASSES["line"])


def test_the_stylesheet_gives_every_kind_its_own_dash_pattern():
    rules = dict(re.findall(r"\.relation--([a-z-]+)\s*\{([^}]*)\}", STYLESHEET.read_text("utf-8")))
    assert set(rules) == {*RELATION_KINDS, MEMBERSHIP}
    looks = {kind: (re.search(r"stroke-dasharray:\s*([^;]+)", rule), re.search(r"stroke-width:\s*([^;]+)", rule))
             for kind, rule in rules.items()}
    styles = {kind: tuple(match.group(1) if match else None for match in pair) for kind, pair in looks.items()}
    assert len(set(styles.values())) == len(styles), styles  # told apart without colour
