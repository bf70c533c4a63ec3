"""School data from DUO's and CBS's open data, each imported file kept as a dated data release.

A release holds the rows of one file as published; deleting it deletes its rows. Years are compared by comparing
releases of one kind. Rows point at the directory's school locations (network.Organisation); rows of locations
outside the directory are counted at import, not kept.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models import Organisation


class ReleaseKind(models.TextChoices):
    PUPILS = "pupils", _("Pupils per school location")
    PUPILS_BY_POSTCODE = "pupils_by_postcode", _("Pupils per school location by the pupil's postcode")
    SCHOOL_WEIGHTING = "school_weighting", _("School weighting per school location")
    AREA_FIGURES = "area_figures", _("CBS key figures of wijken and buurten")
    POSTCODE_AREAS = "postcode_areas", _("CBS postcodes by buurt and wijk")


def school_year_of(reference_date: dt.date) -> str:
    """The school year a reference date falls in: DUO counts on 1 October, so 1 October 2024 is "2024-2025"."""
    start = reference_date.year if reference_date.month >= 8 else reference_date.year - 1
    return f"{start}-{start + 1}"


class DataRelease(models.Model):
    kind = models.CharField(_("kind"), max_length=30, choices=ReleaseKind.choices, db_index=True)
    # DUO's peildatum (1 October of the school year); for CBS files 1 January of the year the figures describe.
    reference_date = models.DateField(_("reference date"))
    school_year = models.CharField(_("school year"), max_length=9, editable=False, db_index=True)
    source_name = models.CharField(_("file"), max_length=255)
    # The same file imported twice would count every pupil twice: the hash refuses it.
    sha256 = models.CharField(max_length=64, unique=True, editable=False)
    # The municipality (CBS code, GM0546) the area files were cut to; empty for DUO's files.
    municipality_code = models.CharField(_("municipality code"), max_length=6, blank=True)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rows_imported = models.PositiveIntegerField(_("rows imported"), default=0)
    rows_skipped = models.PositiveIntegerField(_("rows skipped"), default=0)
    # [{"row": 12, "column": "TOTAAL", "message": "…"}]; row 0 for a remark on the whole file.
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    class Meta:
        ordering = ["kind", "-reference_date", "-pk"]
        # One release per kind and date: two would count the same pupils twice in a year's figures.
        constraints = [models.UniqueConstraint(fields=["kind", "reference_date"], name="one_release_per_kind_and_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.school_year}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.school_year = school_year_of(self.reference_date)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class PupilCount(models.Model):
    release = models.ForeignKey(DataRelease, on_delete=models.CASCADE, related_name="pupil_counts")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="pupil_counts")
    total = models.PositiveIntegerField(_("pupils"))
    # As the file gives them: by age ({"4": 21, "5": 19, …}) or by year group ({"groep 1": 20, …}); None where
    # DUO suppressed a small number.
    by_group = models.JSONField(_("by group"), default=dict, blank=True)

    class Meta:
        ordering = ["release", "organisation"]
        constraints = [
            models.UniqueConstraint(fields=["release", "organisation"], name="unique_pupil_count_per_release")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.total}"


class PupilsByPostcode(models.Model):
    release = models.ForeignKey(DataRelease, on_delete=models.CASCADE, related_name="pupils_by_postcode")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="pupils_by_postcode")
    postcode4 = models.CharField(_("postcode (4 digits)"), max_length=4)
    # NULL when DUO suppressed a small number ("<5"): the cell exists, its number is not published.
    pupils = models.PositiveIntegerField(_("pupils"), null=True, blank=True)
    suppressed = models.BooleanField(_("suppressed"), default=False)

    class Meta:
        ordering = ["release", "organisation", "postcode4"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "organisation", "postcode4"], name="unique_postcode_per_location_release"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.postcode4}"


class SchoolWeighting(models.Model):
    release = models.ForeignKey(DataRelease, on_delete=models.CASCADE, related_name="school_weightings")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="school_weightings")
    weighting = models.DecimalField(_("school weighting"), max_digits=6, decimal_places=2)
    spread = models.DecimalField(_("spread"), max_digits=6, decimal_places=2, null=True, blank=True)
    pupils = models.PositiveIntegerField(_("pupils"), null=True, blank=True)

    class Meta:
        ordering = ["release", "organisation"]
        constraints = [models.UniqueConstraint(fields=["release", "organisation"], name="unique_weighting_per_release")]

    def __str__(self) -> str:
        return f"{self.organisation} {self.weighting}"


class AreaKind(models.TextChoices):
    GEMEENTE = "gemeente", _("Municipality")
    WIJK = "wijk", _("Neighbourhood (wijk)")
    BUURT = "buurt", _("Buurt")


class AreaFigure(models.Model):
    release = models.ForeignKey(DataRelease, on_delete=models.CASCADE, related_name="area_figures")
    code = models.CharField(_("code"), max_length=10)  # CBS: GM0546, WK054601, BU05460101
    kind = models.CharField(_("kind"), max_length=10, choices=AreaKind.choices)
    name = models.CharField(_("name"), max_length=200)
    municipality_code = models.CharField(_("municipality code"), max_length=6)
    inhabitants = models.PositiveIntegerField(_("inhabitants"), null=True, blank=True)
    # The age band CBS gives (0 to 15 years); NULL when CBS writes "." or "x".
    children = models.PositiveIntegerField(_("children"), null=True, blank=True)
    # The other columns kept, by CBS's column name: numbers, or None where CBS publishes no figure.
    figures = models.JSONField(_("figures"), default=dict, blank=True)

    class Meta:
        ordering = ["release", "code"]
        constraints = [models.UniqueConstraint(fields=["release", "code"], name="unique_area_per_release")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PostcodeArea(models.Model):
    release = models.ForeignKey(DataRelease, on_delete=models.CASCADE, related_name="postcode_areas")
    postcode4 = models.CharField(_("postcode (4 digits)"), max_length=4)
    # The wijk most of the postcode's addresses lie in (a pc4 can straddle two wijken).
    wijk_code = models.CharField(_("wijk code"), max_length=10)
    buurt_code = models.CharField(_("buurt code"), max_length=10, null=True, blank=True)

    class Meta:
        ordering = ["release", "postcode4"]
        constraints = [models.UniqueConstraint(fields=["release", "postcode4"], name="unique_postcode_per_release")]

    def __str__(self) -> str:
        return f"{self.postcode4} {self.wijk_code}"
