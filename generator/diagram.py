"""Relation diagrams drawn at build time as inline SVG: no script, legible in print, with text alternatives.

Pure functions from names and labelled edges to SVG text. Colours come from CSS classes, so the
diagrams follow the site's light and dark schemes and print in black on white.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

FONT_SIZE = 13
CHARACTER_WIDTH = 7.2  # average advance of the sans-serif at FONT_SIZE, to size boxes
NODE_HEIGHT = 26
NODE_PADDING = 10
MAX_LABEL_CHARACTERS = 32
LABEL_LINE_HEIGHT = 13


@dataclass(frozen=True)
class Edge:
    source: str  # node key
    target: str
    label: str


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL_CHARACTERS else text[: MAX_LABEL_CHARACTERS - 1] + "…"


def _box_width(text: str) -> float:
    return len(_short(text)) * CHARACTER_WIDTH + 2 * NODE_PADDING


def _node(x: float, y: float, name: str, css_class: str) -> str:
    width = _box_width(name)
    return (
        f'<g class="{css_class}"><rect x="{x - width / 2:.1f}" y="{y - NODE_HEIGHT / 2:.1f}" '
        f'width="{width:.1f}" height="{NODE_HEIGHT}" rx="6"/>'
        f'<text x="{x:.1f}" y="{y + FONT_SIZE / 2 - 2:.1f}" text-anchor="middle">{escape(_short(name))}</text></g>'
    )


def _edge(x1: float, y1: float, x2: float, y2: float, labels: list[str]) -> str:
    """A line, and its labels one per line at its middle, over a halo that keeps them legible."""
    mid_x, mid_y = (x1 + x2) / 2, (y1 + y2) / 2
    first_y = mid_y - (len(labels) - 1) * LABEL_LINE_HEIGHT / 2 + 4
    spans = "".join(
        f'<tspan x="{mid_x:.1f}" y="{first_y + i * LABEL_LINE_HEIGHT:.1f}">{escape(_short(label))}</tspan>'
        for i, label in enumerate(labels)
    )
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>'
        f'<text class="edge-label" text-anchor="middle">{spans}</text>'
    )


def _svg(width: float, height: float, title: str, description: str, body: list[str], key: str) -> str:
    return (
        f'<figure class="relations-diagram">'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" '
        f'aria-labelledby="{key}-title {key}-desc" font-size="{FONT_SIZE}">'
        f'<title id="{key}-title">{escape(title)}</title><desc id="{key}-desc">{escape(description)}</desc>'
        + "".join(body)
        + f"</svg><figcaption>{escape(title)}. The table below lists the same relations with their sources.</figcaption></figure>"
    )


def _merged_labels(edges: list[Edge]) -> dict[tuple[str, str], list[str]]:
    """One line per pair of nodes with all its labels: two relations do not draw over each other."""
    merged: dict[tuple[str, str], list[str]] = {}
    for edge in edges:
        labels = merged.setdefault((edge.source, edge.target), [])
        if edge.label not in labels:
            labels.append(edge.label)
    return merged


def ego_diagram(center: str, names: dict[str, str], edges: list[Edge], key: str) -> str:
    """One actor in the middle, the actors it relates to around it. `names`: node key -> name."""
    pairs = _merged_labels(edges)
    others = list(dict.fromkeys(target for (_source, target) in pairs))
    count = len(others)
    radius_x, radius_y = 190.0, 50.0 + 15.0 * min(count, 8)
    angles = [-math.pi / 2 + 2 * math.pi * index / count if count > 1 else -math.pi / 2 for index in range(count)]
    points = {other: (radius_x * math.cos(a), radius_y * math.sin(a)) for other, a in zip(others, angles)}
    half_width = max(_box_width(names[key_]) for key_ in (center, *others)) / 2 + 10
    xs = [0.0, *(x for x, _ in points.values())]
    ys = [0.0, *(y for _, y in points.values())]
    left, top = min(xs) - half_width, min(ys) - NODE_HEIGHT
    width, height = max(xs) + half_width - left, max(ys) + NODE_HEIGHT - top
    center_x, center_y = -left, -top
    lines, nodes = [], []
    for other in others:
        x, y = center_x + points[other][0], center_y + points[other][1]
        lines.append(_edge(center_x, center_y, x, y, pairs[(center, other)]))
        nodes.append(_node(x, y, names[other], "node"))
    nodes.append(_node(center_x, center_y, names[center], "node node--center"))
    description = "; ".join(
        f"{names[center]} {label} {names[other]}" for (_c, other), labels in pairs.items() for label in labels
    )
    return _svg(width, height, f"Relations of {names[center]}", description, lines + nodes, key)


def _neighbours_together(nodes: list[str], pairs: dict[tuple[str, str], list[str]]) -> list[str]:
    """Nodes in breadth-first order from the best connected, so related actors sit side by side
    on the ring and few chords cross."""
    neighbours: dict[str, list[str]] = {node: [] for node in nodes}
    for source, target in pairs:
        neighbours[source].append(target)
        neighbours[target].append(source)
    order: list[str] = []
    for start in sorted(nodes, key=lambda node: -len(neighbours[node])):
        queue = [start]
        while queue:
            node = queue.pop(0)
            if node not in order:
                order.append(node)
                queue += [n for n in neighbours[node] if n not in order]
    return order


def network_diagram(names: dict[str, str], edges: list[Edge], key: str) -> str:
    """Every actor on one ring, every relation a chord between two of them."""
    pairs = _merged_labels(edges)
    order = _neighbours_together(list(names), pairs)
    count = len(order)
    radius = 120.0 + 18.0 * count
    margin = max(_box_width(name) for name in names.values()) / 2 + 20
    size = 2 * (radius + margin)
    positions = {
        node: (size / 2 + radius * math.cos(2 * math.pi * i / count - math.pi / 2),
               size / 2 + radius * math.sin(2 * math.pi * i / count - math.pi / 2))
        for i, node in enumerate(order)
    }
    lines = [_edge(*positions[source], *positions[target], labels) for (source, target), labels in pairs.items()]
    nodes = [_node(*positions[node], names[node], "node") for node in order]
    description = "; ".join(f"{names[s]} {label} {names[t]}" for (s, t), labels in pairs.items() for label in labels)
    return _svg(size, size, "Relations between all actors", description, lines + nodes, key)
