"""Writes of the school guide: the one wijk map, replaced by an upload or removed."""

from django.db import transaction

from schools.geojson import Drawing
from schools.models import Wijk, WijkMap


@transaction.atomic
def replace_wijk_map(drawing: Drawing, file_name: str) -> WijkMap:
    """The drawing becomes the map; the map before it goes (there is one map, so no choice of which is active)."""
    WijkMap.objects.all().delete()
    wijk_map = WijkMap.objects.create(
        file_name=file_name[:200], source_crs=drawing.crs, width=drawing.width, height=drawing.height
    )
    Wijk.objects.bulk_create(
        Wijk(
            wijk_map=wijk_map,
            code=shape.code,
            name=shape.name,
            path=shape.path,
            label_x=shape.label_x,
            label_y=shape.label_y,
        )
        for shape in drawing.shapes
    )
    return wijk_map


def remove_wijk_map() -> None:
    WijkMap.objects.all().delete()
