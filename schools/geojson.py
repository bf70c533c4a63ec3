"""Reading an uploaded GeoJSON file of wijk boundaries into a drawing, without any map service.

CBS publishes the "wijk- en buurtkaart"; PDOK serves it as GeoJSON in WGS84 (EPSG:4326, degrees) or in RD New
(EPSG:28992, metres). The coordinate system is read from the file's `crs` member, or else recognised by the range
of the coordinates. Each wijk is projected onto a plane (RD is one already; degrees of longitude are shortened by
the cosine of the middle latitude), scaled to a drawing WIDTH units wide, simplified (Douglas–Peucker) and kept as
an SVG path. Anything else than Polygons and MultiPolygons, a file too large, too many points, numbers that are not
finite: a BoundaryError with a Dutch sentence the coordinator can act on, never an exception of the parser.
"""

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_WIJKEN = 500
MAX_POINTS = 200_000
WIDTH = 1000  # drawing units; the SVG scales to the page
TOLERANCE = 0.8  # drawing units a simplified line may stray from the original (under a pixel on a phone)

WGS84 = "EPSG:4326"
RD_NEW = "EPSG:28992"
NAME_KEYS = ("wijknaam", "statnaam", "wk_naam", "naam", "name")
CODE_KEYS = ("wijkcode", "statcode", "wk_code", "code")

Point = tuple[float, float]
Ring = list[Point]


class BoundaryError(ValueError):
    """The file cannot be drawn; the message says why, in words for the coordinator."""


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str  # SVG path data in drawing units
    label_x: int
    label_y: int


@dataclass(frozen=True)
class Drawing:
    crs: str
    width: int
    height: int
    shapes: list[Shape]


def read_boundaries(data: bytes) -> Drawing:
    if len(data) > MAX_BYTES:
        raise too_large()
    document = _parse(data)
    features = _features(document)
    crs = _declared_crs(document)
    wijken = [_wijk(number, feature) for number, feature in enumerate(features, start=1)]
    points = [point for _code, _name, polygons in wijken for polygon in polygons for ring in polygon for point in ring]
    if len(points) > MAX_POINTS:
        raise BoundaryError(
            _("The file has more than %(count)s points. Choose a simpler (generalised) map.") % {"count": MAX_POINTS}
        )
    crs = _checked_crs(crs, points)
    project = _projection(crs, points)
    planar = [(code, name, [[[project(p) for p in ring] for ring in polygon] for polygon in polygons])
              for code, name, polygons in wijken]  # fmt: skip
    xs = [x for _c, _n, polygons in planar for polygon in polygons for ring in polygon for x, _y in ring]
    ys = [y for _c, _n, polygons in planar for polygon in polygons for ring in polygon for _x, y in ring]
    span = max(max(xs) - min(xs), max(ys) - min(ys))
    if span <= 0:
        raise BoundaryError(_("The wijken in the file have no size; the map cannot be drawn."))
    scale = WIDTH / span
    left, top = min(xs), max(ys)
    shapes = []
    for code, name, polygons in planar:
        drawn = [
            [[((x - left) * scale, (top - y) * scale) for x, y in ring] for ring in polygon] for polygon in polygons
        ]
        shapes.append(_shape(code, name, drawn))
    return Drawing(
        crs=crs,
        width=max(1, round((max(xs) - left) * scale)),
        height=max(1, round((top - min(ys)) * scale)),
        shapes=shapes,
    )


def too_large() -> BoundaryError:
    return BoundaryError(
        _("The file is larger than %(size)s MB. Choose a file with only the wijken of your municipality.")
        % {"size": MAX_BYTES // (1024 * 1024)}
    )


def _parse(data: bytes) -> object:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BoundaryError(_("The file is not a GeoJSON text file (it is not UTF-8 text).")) from None
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        raise BoundaryError(_("The file is not valid GeoJSON: it cannot be read as JSON.")) from None


def _refuse_constant(name: str) -> float:
    raise ValueError(name)  # NaN and Infinity are not JSON


def _features(document: object) -> list:
    if isinstance(document, dict) and document.get("type") == "Feature":
        document = {"type": "FeatureCollection", "features": [document]}
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise BoundaryError(_("The file is not a GeoJSON FeatureCollection of wijken."))
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise BoundaryError(_("The file holds no wijken."))
    if len(features) > MAX_WIJKEN:
        raise BoundaryError(
            _("The file holds more than %(count)s areas. Choose the wijken of your municipality only.")
            % {"count": MAX_WIJKEN}
        )
    return features


def _declared_crs(document: object) -> str:
    """The system the crs member names ("" without one): "EPSG:28992", "urn:ogc:def:crs:EPSG::28992", "CRS84"."""
    crs = document.get("crs") if isinstance(document, dict) else None
    if crs is None:
        return ""
    properties = crs.get("properties") if isinstance(crs, dict) else None
    name = properties.get("name") if isinstance(properties, dict) else None
    if not isinstance(name, str):
        raise BoundaryError(_("The file's coordinate system (crs) cannot be read."))
    if name.endswith("28992"):
        return RD_NEW
    if name.endswith(("4326", "CRS84")):
        return WGS84
    raise BoundaryError(
        _("The file uses the coordinate system %(name)s. Use WGS84 (EPSG:4326) or RD New (EPSG:28992).")
        % {"name": name[:80]}
    )


def _wijk(number: int, feature: object) -> tuple[str, str, list[list[Ring]]]:
    if not isinstance(feature, dict):
        raise BoundaryError(_("Area %(number)s is not a GeoJSON Feature.") % {"number": number})
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        raise BoundaryError(_("Area %(number)s has no readable properties.") % {"number": number})
    lowered = {str(key).lower(): value for key, value in properties.items()}
    name = next((str(lowered[key]).strip() for key in NAME_KEYS if lowered.get(key)), "")[:100]
    code = next((str(lowered[key]).strip() for key in CODE_KEYS if lowered.get(key)), "")[:20]
    if not name and not code:
        raise BoundaryError(
            _("Area %(number)s has no name: the file needs a property wijknaam or statnaam.") % {"number": number}
        )
    geometry = feature.get("geometry")
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    label = name or code
    if kind == "Polygon":
        polygons = [_polygon(label, coordinates)]
    elif kind == "MultiPolygon" and isinstance(coordinates, list) and coordinates:
        polygons = [_polygon(label, polygon) for polygon in coordinates]
    else:
        raise BoundaryError(
            _("The area “%(name)s” is a %(kind)s. Only wijken as Polygon or MultiPolygon can be drawn.")
            % {"name": label, "kind": str(kind)[:40] if kind else _("shape without geometry")}
        )
    return code, name or code, polygons


def _polygon(label: str, rings: object) -> list[Ring]:
    if not isinstance(rings, list) or not rings:
        raise _bad_coordinates(label)
    return [_ring(label, ring) for ring in rings]


def _ring(label: str, ring: object) -> Ring:
    if not isinstance(ring, list) or len(ring) < 4:
        raise _bad_coordinates(label)
    points = []
    for position in ring:
        if not isinstance(position, list) or len(position) < 2:
            raise _bad_coordinates(label)
        x, y = position[0], position[1]
        if not all(_is_number(value) for value in (x, y)):
            raise _bad_coordinates(label)
        points.append((float(x), float(y)))
    return points


def _is_number(value: object) -> bool:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # JSON's integers have no limit: 10**400 is read exactly but is no float
        return False


def _bad_coordinates(label: str) -> BoundaryError:
    return BoundaryError(
        _("The coordinates of the area “%(name)s” are not a valid polygon (rings of at least four points).")
        % {"name": label}
    )


def _checked_crs(declared: str, points: list[Point]) -> str:
    """The declared system if the coordinates fit it, else the one they fit: degrees, or metres in the Netherlands."""
    in_degrees = all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in points)
    in_rd = all(-7_000 <= x <= 300_000 and 289_000 <= y <= 629_000 for x, y in points)
    if declared == WGS84 and in_degrees or declared == RD_NEW and in_rd:
        return declared
    if not declared and in_degrees:
        return WGS84
    if not declared and in_rd:
        return RD_NEW
    raise BoundaryError(
        _(
            "The coordinates are not in WGS84 (degrees) or RD New (metres in the Netherlands). "
            "Export the map again in one of these."
        )
    )


def _projection(crs: str, points: list[Point]):
    if crs == RD_NEW:
        return lambda point: point
    middle = math.radians((min(y for _x, y in points) + max(y for _x, y in points)) / 2)
    shrink = math.cos(middle)
    return lambda point: (point[0] * shrink, point[1])


def _shape(code: str, name: str, polygons: list[list[Ring]]) -> Shape:
    rings = [simple for polygon in polygons for ring in polygon if len(simple := _simplify(ring)) >= 4]
    # A sliver narrower than the tolerance disappears; a wijk that small altogether is drawn as it came.
    rings = rings or [ring for polygon in polygons for ring in polygon]
    path = "".join("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in ring[:-1]) + "Z" for ring in rings)
    outer = max((polygon[0] for polygon in polygons), key=lambda ring: abs(_area(ring)))
    x, y = _centroid(outer)
    return Shape(code=code, name=name, path=path, label_x=round(x), label_y=round(y))


def _simplify(ring: Ring) -> Ring:
    """Douglas–Peucker without recursion: keep the points that stray more than TOLERANCE from the line between kept
    neighbours."""
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    spans = [(0, len(ring) - 1)]
    while spans:
        first, last = spans.pop()
        farthest, distance = 0, 0.0
        for index in range(first + 1, last):
            away = _distance(ring[index], ring[first], ring[last])
            if away > distance:
                farthest, distance = index, away
        if distance > TOLERANCE:
            keep[farthest] = True
            spans += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(ring, keep, strict=True) if kept]


def _distance(point: Point, start: Point, end: Point) -> float:
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    return abs(dy * px - dx * py + bx * ay - by * ax) / math.hypot(dx, dy)


def _area(ring: Ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in _edges(ring)) / 2


def _centroid(ring: Ring) -> Point:
    area = _area(ring)
    if area == 0:
        return (sum(x for x, _y in ring) / len(ring), sum(y for _x, y in ring) / len(ring))
    cx = sum((x1 + x2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in _edges(ring)) / (6 * area)
    cy = sum((y1 + y2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in _edges(ring)) / (6 * area)
    return cx, cy


def _edges(ring: Ring) -> Iterator[tuple[Point, Point]]:
    return zip(ring, ring[1:] + ring[:1], strict=True)
