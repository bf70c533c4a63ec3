"""The wijk map as the page draws it: each wijk of the uploaded map with its school count and its link."""

from dataclasses import dataclass
from urllib.parse import urlencode

from schools.models import Wijk, WijkMap

MARGIN = 10  # drawing units around the wijken, so their outlines are not cut off


@dataclass(frozen=True)
class Area:
    name: str
    path: str
    label_x: int
    label_y: int
    count: int
    url: str


@dataclass(frozen=True)
class MapDrawing:
    view_box: str
    areas: list[Area]
    wijk_map: WijkMap


def map_drawing(counts: dict[str, int], list_url: str) -> MapDrawing | None:
    """None without an uploaded map. A wijk counts the schools whose wijk has its name (as the list's filter does)."""
    wijk_map = WijkMap.objects.first()
    if wijk_map is None:
        return None
    areas = [_area(wijk, counts, list_url) for wijk in Wijk.objects.filter(wijk_map=wijk_map)]
    view_box = f"{-MARGIN} {-MARGIN} {wijk_map.width + 2 * MARGIN} {wijk_map.height + 2 * MARGIN}"
    return MapDrawing(view_box=view_box, areas=areas, wijk_map=wijk_map)


def _area(wijk: Wijk, counts: dict[str, int], list_url: str) -> Area:
    return Area(
        name=wijk.name,
        path=wijk.path,
        label_x=wijk.label_x,
        label_y=wijk.label_y,
        count=counts.get(wijk.name.strip().lower(), 0),
        url=f"{list_url}?{urlencode({'wijk': wijk.name})}",
    )


def map_wijk_names() -> list[str]:
    return list(Wijk.objects.values_list("name", flat=True))
