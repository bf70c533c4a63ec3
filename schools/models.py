from django.db import models
from django.utils.translation import gettext_lazy as _


class WijkMap(models.Model):
    """The wijk boundaries a coordinator uploaded, ready to draw (schools.geojson). At most one: a new upload
    replaces it (schools.services.replace_wijk_map)."""

    file_name = models.CharField(_("file"), max_length=200)
    source_crs = models.CharField(_("coordinate system"), max_length=20)  # EPSG:4326 or EPSG:28992, as read
    width = models.PositiveIntegerField()  # of the drawing, in its own units
    height = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.file_name


class Wijk(models.Model):
    """One wijk of the map: its outline as SVG path data in the map's drawing units and where its label goes."""

    wijk_map = models.ForeignKey(WijkMap, on_delete=models.CASCADE, related_name="wijken")
    code = models.CharField(_("code"), max_length=20, blank=True)  # CBS: WK054601
    name = models.CharField(_("name"), max_length=100)
    path = models.TextField()
    label_x = models.IntegerField()
    label_y = models.IntegerField()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "wijken"

    def __str__(self) -> str:
        return self.name
