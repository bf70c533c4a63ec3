"""Two small hand-written wijken (two squares side by side, the second with a hole), as PDOK writes them: in
WGS84 degrees and in RD New metres."""

import json


def _square(left: float, bottom: float, size: float) -> list[list[float]]:
    return [[left, bottom], [left + size, bottom], [left + size, bottom + size], [left, bottom + size], [left, bottom]]


def _collection(features: list, crs: str | None) -> dict:
    document: dict = {"type": "FeatureCollection", "features": features}
    if crs:
        document["crs"] = {"type": "name", "properties": {"name": crs}}
    return document


def _wijk(code: str, name: str, geometry: dict, name_key: str = "wijknaam") -> dict:
    return {"type": "Feature", "properties": {"wijkcode": code, name_key: name}, "geometry": geometry}


def wgs84(crs: str | None = "urn:ogc:def:crs:OGC:1.3:CRS84") -> dict:
    return _collection(
        [
            _wijk("WK054601", "Binnenstad", {"type": "Polygon", "coordinates": [_square(4.48, 52.15, 0.01)]}),
            _wijk(
                "WK054602",
                "Noorderhof",
                {
                    "type": "MultiPolygon",
                    "coordinates": [[_square(4.49, 52.15, 0.01), _square(4.493, 52.153, 0.003)[::-1]]],
                },
                name_key="statnaam",
            ),
        ],
        crs,
    )


def rd_new(crs: str | None = "urn:ogc:def:crs:EPSG::28992") -> dict:
    return _collection(
        [
            _wijk("WK054601", "Binnenstad", {"type": "Polygon", "coordinates": [_square(93000, 463000, 1000)]}),
            _wijk("WK054602", "Noorderhof", {"type": "Polygon", "coordinates": [_square(94000, 463000, 1000)]}),
        ],
        crs,
    )


def as_bytes(document: object) -> bytes:
    return json.dumps(document).encode()
