import pytest
from django.utils import translation

from schools import geojson
from schools.geojson import MAX_BYTES, RD_NEW, WGS84, WIDTH, BoundaryError, read_boundaries
from schools.tests.boundaries import as_bytes, rd_new, wgs84


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "document, crs",
    [
        (wgs84(), WGS84),
        (wgs84(crs="EPSG:4326"), WGS84),
        (wgs84(crs=None), WGS84),  # recognised by the range of the coordinates
        (rd_new(), RD_NEW),
        (rd_new(crs="EPSG:28992"), RD_NEW),
        (rd_new(crs=None), RD_NEW),
    ],
)
def test_both_coordinate_systems_are_drawn_side_by_side(document, crs):
    drawing = read_boundaries(as_bytes(document))
    assert drawing.crs == crs
    assert [shape.name for shape in drawing.shapes] == ["Binnenstad", "Noorderhof"]
    assert [shape.code for shape in drawing.shapes] == ["WK054601", "WK054602"]
    assert drawing.width == WIDTH  # two squares side by side: twice as wide as high
    assert drawing.height in (WIDTH // 2 - 1, WIDTH // 2, WIDTH // 2 + 1) or crs == WGS84
    first, second = drawing.shapes
    # North up: the squares' bottoms lie at the bottom of the drawing; the first lies left of the second.
    assert first.path.startswith("M0.0 ")
    assert first.label_x < second.label_x
    assert 0 < first.label_y < drawing.height


def test_degrees_are_shortened_by_the_latitude():
    drawing = read_boundaries(as_bytes(wgs84()))
    # 0.02° of longitude against 0.01° of latitude at 52°: about 2 × cos(52°) ≈ 1.23 as wide as high.
    assert drawing.width / drawing.height == pytest.approx(2 * 0.6149, rel=0.01)


def test_a_hole_stays_a_second_ring_of_the_path():
    noorderhof = read_boundaries(as_bytes(wgs84())).shapes[1]
    assert noorderhof.path.count("M") == 2 and noorderhof.path.count("Z") == 2


def test_a_detailed_outline_is_simplified():
    steps = 2000
    wiggly = [[93000 + i * 0.5, 463000 + (i % 2) * 0.01] for i in range(steps)]  # a line with centimetre wiggles
    ring = [*wiggly, [93000 + steps * 0.5, 464000], [93000, 464000], wiggly[0]]
    document = rd_new()
    document["features"][0]["geometry"]["coordinates"] = [ring]
    path = read_boundaries(as_bytes(document)).shapes[0].path
    assert path.count("L") < 10


def _problem(data: bytes) -> str:
    with pytest.raises(BoundaryError) as refused:
        read_boundaries(data)
    return str(refused.value)


def _with_geometry(geometry: object) -> bytes:
    document = rd_new()
    document["features"][1]["geometry"] = geometry
    return as_bytes(document)


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "JSON"),
        (b"\xff\xfe\x00garbage", "UTF-8"),
        (b"{not json", "JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "JSON"),  # deeper than the parser goes
        (b'{"type": "FeatureCollection", "features": [NaN]}', "JSON"),
        (b'"just a string"', "FeatureCollection"),
        (b'{"type": "FeatureCollection", "features": []}', "no wijken"),
        (b'{"type": "FeatureCollection", "features": "many"}', "no wijken"),
        (b'{"type": "FeatureCollection", "features": [1, 2]}', "Feature"),
        (_with_geometry({"type": "Point", "coordinates": [93000, 463000]}), "Point"),
        (_with_geometry({"type": "LineString", "coordinates": [[1, 2], [3, 4]]}), "LineString"),
        (_with_geometry({"type": "GeometryCollection", "geometries": []}), "GeometryCollection"),
        (_with_geometry(None), "Polygon"),
        (_with_geometry({"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}), "four points"),
        (_with_geometry({"type": "Polygon", "coordinates": [[["a", "b"]] * 4]}), "four points"),
        (_with_geometry({"type": "Polygon", "coordinates": [[[True, False]] * 4]}), "four points"),
        (
            _with_geometry({"type": "Polygon", "coordinates": [[[9e99, 1]] * 4]}).replace(b"9e+99", b"1e400"),
            "four points",
        ),
        (_with_geometry({"type": "Polygon", "coordinates": [[[float("inf"), 1]] * 4]}), "JSON"),
        # An integer too large for a float (Python reads it exactly, then cannot compare it as a float).
        (_with_geometry({"type": "Polygon", "coordinates": [[[10**400, 1]] * 4]}), "four points"),
        (_with_geometry({"type": "Polygon", "coordinates": "[[0,0]]"}), "four points"),
        (_with_geometry({"type": "MultiPolygon", "coordinates": []}), "MultiPolygon"),
        # Degrees and metres mixed: neither system fits.
        (_with_geometry({"type": "Polygon", "coordinates": [[[4.4, 52.1]] * 4]}), "RD New"),
    ],
)
def test_hostile_or_wrong_files_get_a_sentence_not_an_exception(data, words):
    assert words in _problem(data)


def test_a_name_is_needed():
    document = rd_new()
    document["features"][0]["properties"] = {"aantal_inwoners": 1200}
    assert "wijknaam" in _problem(as_bytes(document))


def test_an_unknown_coordinate_system_is_named():
    assert "EPSG:3857" in _problem(as_bytes(rd_new(crs="EPSG:3857")))
    broken = rd_new()
    broken["crs"] = {"properties": ["EPSG:28992"]}
    assert "crs" in _problem(as_bytes(broken))


def test_a_declared_system_must_fit_the_coordinates():
    assert "RD New" in _problem(as_bytes(rd_new(crs="EPSG:4326")))


def test_size_and_point_limits(monkeypatch):
    assert "5 MB" in _problem(b" " * (MAX_BYTES + 1))
    monkeypatch.setattr(geojson, "MAX_POINTS", 9)  # the two squares have ten
    assert "more than 9 points" in _problem(as_bytes(rd_new()))
    monkeypatch.setattr(geojson, "MAX_WIJKEN", 1)
    assert "more than 1 areas" in _problem(as_bytes(rd_new()))


def test_the_sentences_are_dutch_for_dutch_pages():
    with translation.override("nl"):
        assert "alleen wijken als polygon" in _problem(_with_geometry({"type": "Point", "coordinates": [1, 2]})).lower()
