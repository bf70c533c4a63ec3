"""Geometry of the ripple drawing: three concentric rings, each cut into its dimensions.

Pure functions, so the SVG is drawn on the server and looks the same everywhere.
A route turns each ring so that its chosen dimension sits at the top, which lines
the three chosen dimensions up on one spoke.
"""

import math
from dataclasses import dataclass

SIZE = 420
CENTRE = SIZE / 2
CORE_RADIUS = 52
RING_WIDTH = 50


@dataclass
class Sector:
    ring: int
    dimension_id: int
    name: str
    path: str
    label_x: float
    label_y: float
    label_lines: list[str]
    chosen: bool


def _point(radius: float, degrees: float) -> tuple[float, float]:
    radians = math.radians(degrees)
    return CENTRE + radius * math.cos(radians), CENTRE + radius * math.sin(radians)


def _sector_path(inner: float, outer: float, start: float, end: float) -> str:
    large = 1 if end - start > 180 else 0
    x1, y1 = _point(outer, start)
    x2, y2 = _point(outer, end)
    x3, y3 = _point(inner, end)
    x4, y4 = _point(inner, start)
    return (
        f"M {x1:.1f} {y1:.1f} A {outer} {outer} 0 {large} 1 {x2:.1f} {y2:.1f} "
        f"L {x3:.1f} {y3:.1f} A {inner} {inner} 0 {large} 0 {x4:.1f} {y4:.1f} Z"
    )


def _wrap(name: str, width: int = 14) -> list[str]:
    lines, current = [], ""
    for word in name.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines


def ring_sectors(rings: list[tuple[int, list]], chosen_ids: set[int] | frozenset[int] = frozenset()) -> list[Sector]:
    """Sectors for each (ring number, dimensions) pair, ring 1 innermost.

    A ring with a chosen dimension is turned so that dimension is centred at the top.
    """
    sectors = []
    for number, dimensions in rings:
        if not dimensions:
            continue
        width = 360 / len(dimensions)
        chosen_index = next((i for i, d in enumerate(dimensions) if d.pk in chosen_ids), 0)
        offset = -90 - (chosen_index + 0.5) * width
        inner = CORE_RADIUS + (number - 1) * RING_WIDTH
        outer = inner + RING_WIDTH
        for index, dimension in enumerate(dimensions):
            start = offset + index * width
            end = start + width
            label_x, label_y = _point((inner + outer) / 2, (start + end) / 2)
            sectors.append(
                Sector(
                    ring=number,
                    dimension_id=dimension.pk,
                    name=str(dimension),
                    path=_sector_path(inner, outer, start, end) if len(dimensions) > 1 else "",
                    label_x=round(label_x, 1),
                    label_y=round(label_y, 1),
                    label_lines=_wrap(str(dimension)),
                    chosen=dimension.pk in chosen_ids,
                )
            )
    return sectors


def drawing(rings: list[tuple[int, list]], chosen_ids: set[int] | frozenset[int] = frozenset()) -> dict:
    """Everything impact/_rings.html needs to draw the rings."""
    return {
        "sectors": ring_sectors(rings, chosen_ids),
        "size": SIZE,
        "centre": CENTRE,
        "core_radius": CORE_RADIUS,
    }
