"""Geometry of the ripple drawing: three concentric rings, each cut into its dimensions.

Pure functions, so the SVG is drawn on the server and looks the same everywhere.
A route turns each ring so that its chosen dimension sits at the top, which lines
the three chosen dimensions up on one spoke.
"""

import functools
import math
from dataclasses import dataclass

SIZE = 420
CENTRE = SIZE / 2
CORE_RADIUS = 52
RING_WIDTH = 50
# Label type in the drawing's own units: the SVG scales as a whole, so labels keep their places at every size.
LABEL_FONT_SIZE = 11
LINE_HEIGHT = 1.1  # em, between the lines of one label
# An upper estimate of a character's width in em (DejaVu Sans, the report font, averages about 0.55; bold is wider).
CHAR_WIDTH = 0.6
BOLD_CHAR_WIDTH = 0.66
LABEL_PADDING = 2
WRAP_WIDTHS = (14, 10)
ANGLE_STEP = 4  # degrees a label may slide along its ring when its own place is taken
SECTOR_MARGIN = 6  # degrees a label's centre keeps from its sector's edge
RADIAL_SHIFTS = (0, 8, -8, 16)


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
    label_dy: str = "0.35em"  # the first line's offset, which centres the label's lines on label_y


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: "Box") -> bool:
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )


def label_box(x: float, y: float, lines: list[str], font_size: float = LABEL_FONT_SIZE, bold: bool = False) -> Box:
    """The space a label centred on (x, y) takes: its longest line wide, its lines high."""
    width = max((len(line) for line in lines), default=0) * (BOLD_CHAR_WIDTH if bold else CHAR_WIDTH) * font_size
    height = len(lines) * LINE_HEIGHT * font_size
    return Box(
        x - width / 2 - LABEL_PADDING,
        y - height / 2 - LABEL_PADDING,
        x + width / 2 + LABEL_PADDING,
        y + height / 2 + LABEL_PADDING,
    )


def first_line_offset(lines: int) -> str:
    """dy of a label's first line: 0.35em centres one line on y; each further line lifts the block half a line."""
    return f"{0.35 - (lines - 1) * LINE_HEIGHT / 2:.2f}em"


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


def _outside(box: Box, inner: float, outer: float, start: float, end: float) -> int:
    """How many of a 5 × 3 grid of points on the box lie outside its sector (the band between the radii,
    between the two angles): a label may cross a line of the drawing where it must, but as little as it can."""
    count = 0
    for i in range(5):
        for j in range(3):
            x = box.left + (box.right - box.left) * i / 4 - CENTRE
            y = box.top + (box.bottom - box.top) * j / 2 - CENTRE
            angle = (math.degrees(math.atan2(y, x)) - start) % 360
            count += not (inner <= math.hypot(x, y) <= outer and angle <= end - start)
    return count


def _fits(box: Box, taken: list[Box]) -> bool:
    """Inside the drawing, clear of the dark core (whose white word sits there) and of every label placed."""
    if box.left < 0 or box.top < 0 or box.right > SIZE or box.bottom > SIZE:
        return False
    nearest_x = min(max(CENTRE, box.left), box.right)
    nearest_y = min(max(CENTRE, box.top), box.bottom)
    if math.hypot(nearest_x - CENTRE, nearest_y - CENTRE) < CORE_RADIUS:
        return False
    return not any(box.overlaps(other) for other in taken)


def _angle_offsets(half_width: float) -> list[float]:
    """0, then ever further either way, as far as the sector allows."""
    reach = max(half_width - SECTOR_MARGIN, 0)
    offsets: list[float] = [0]
    step = ANGLE_STEP
    while step <= reach:
        offsets += [step, -step]
        step += ANGLE_STEP
    return offsets


def _place_label(
    name: str, band: tuple[float, float], sector: tuple[float, float], bold: bool, taken: list[Box]
) -> tuple[float, float, list[str]]:
    """The label's centre and lines: of the places that overlap no label placed before, the one that
    sticks out of its sector least, then lies nearest the sector's middle, then keeps the longer lines.

    Candidates slide along the ring within the sector and a little in or out. If none is free (a ring with
    very many dimensions), the middle.
    """
    inner, outer = band
    start, end = sector
    radius, middle = (inner + outer) / 2, (start + end) / 2
    best: tuple[float, float, float, list[str]] | None = None
    for penalty, wrap_width in enumerate(WRAP_WIDTHS):
        lines = _wrap(name, wrap_width)
        for shift in RADIAL_SHIFTS:
            for offset in _angle_offsets((end - start) / 2):
                distance = abs(offset) / ANGLE_STEP + abs(shift) / 8 + penalty * 2
                if best is not None and distance >= best[0]:
                    continue  # cannot beat the best so far
                x, y = _point(radius + shift, middle + offset)
                box = label_box(x, y, lines, bold=bold)
                if not _fits(box, taken):
                    continue
                cost = _outside(box, inner, outer, start, end) * 4 + distance
                if best is None or cost < best[0]:
                    best = (cost, x, y, lines)
    if best is None:
        x, y = _point(radius, middle)
        best = (0, x, y, _wrap(name))
    _cost, x, y, lines = best
    taken.append(label_box(x, y, lines, bold=bold))
    return x, y, lines


@dataclass(frozen=True)
class _Slot:
    """Where a label may go: its sector's band and angles, its name, and whether it is chosen (bold)."""

    inner: float
    outer: float
    start: float
    end: float
    name: str
    chosen: bool


@functools.lru_cache(maxsize=256)
def _label_places(slots: tuple[_Slot, ...]) -> tuple[tuple[float, float, tuple[str, ...]], ...]:
    """Each slot's label centre and lines, placed from the inner ring outwards and chosen ones first.

    Cached: the search takes tens of milliseconds, and a programme page draws the same few routes again and again.
    """
    order = sorted(range(len(slots)), key=lambda i: (slots[i].inner, not slots[i].chosen))
    taken: list[Box] = []
    places: dict[int, tuple[float, float, tuple[str, ...]]] = {}
    for i in order:
        slot = slots[i]
        x, y, lines = _place_label(slot.name, (slot.inner, slot.outer), (slot.start, slot.end), slot.chosen, taken)
        places[i] = (x, y, tuple(lines))
    return tuple(places[i] for i in range(len(slots)))


def ring_sectors(rings: list[tuple[int, list]], chosen_ids: set[int] | frozenset[int] = frozenset()) -> list[Sector]:
    """Sectors for each (ring number, dimensions) pair, ring 1 innermost.

    A ring with a chosen dimension is turned so that dimension is centred at the top. Each label goes where
    it overlaps no other (see _place_label).
    """
    sectors, slots = [], []
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
            sectors.append(
                Sector(
                    ring=number,
                    dimension_id=dimension.pk,
                    name=str(dimension),
                    path=_sector_path(inner, outer, start, end) if len(dimensions) > 1 else "",
                    label_x=0,
                    label_y=0,
                    label_lines=[],
                    chosen=dimension.pk in chosen_ids,
                )
            )
            slots.append(_Slot(inner, outer, start, end, str(dimension), dimension.pk in chosen_ids))
    for sector, (x, y, lines) in zip(sectors, _label_places(tuple(slots)), strict=True):
        sector.label_x, sector.label_y = round(x, 1), round(y, 1)
        sector.label_lines = list(lines)
        sector.label_dy = first_line_offset(len(lines))
    return sectors


def drawing(rings: list[tuple[int, list]], chosen_ids: set[int] | frozenset[int] = frozenset()) -> dict:
    """Everything impact/_rings.html needs to draw the rings."""
    return {
        "sectors": ring_sectors(rings, chosen_ids),
        "size": SIZE,
        "centre": CENTRE,
        "core_radius": CORE_RADIUS,
        "label_font_size": LABEL_FONT_SIZE,
    }
