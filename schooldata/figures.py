"""A small read API on the data releases for the pages of other apps (the school guide, the monitor).

Each function reads the releases as imported; years are the school years of DUO's reference dates.
"""

from decimal import Decimal

from network.models import Organisation
from schooldata.models import DataRelease, PostcodeArea, PupilCount, ReleaseKind, SchoolWeighting


def pupil_history(organisation: Organisation) -> list[tuple[str, int]]:
    """The location's pupils per school year, oldest first: [("2023-2024", 212), ("2024-2025", 220)]."""
    return list(
        PupilCount.objects.filter(organisation=organisation)
        .order_by("release__reference_date")
        .values_list("release__school_year", "total")
    )


def weighting_history(organisation: Organisation) -> list[tuple[str, Decimal]]:
    """The location's school weighting per school year, oldest first."""
    return list(
        SchoolWeighting.objects.filter(organisation=organisation)
        .order_by("release__reference_date")
        .values_list("release__school_year", "weighting")
    )


def releases(kind: str) -> list[DataRelease]:
    """The releases of one kind (a ReleaseKind value), oldest first."""
    return list(DataRelease.objects.filter(kind=kind).order_by("reference_date", "pk"))


def latest_release(kind: str) -> DataRelease | None:
    return DataRelease.objects.filter(kind=kind).order_by("-reference_date", "-pk").first()


def postcode_wijken() -> dict[str, str]:
    """Four-digit postcode -> CBS wijk code, from the newest postcode release; empty without one."""
    release = latest_release(ReleaseKind.POSTCODE_AREAS)
    if release is None:
        return {}
    return dict(PostcodeArea.objects.filter(release=release).values_list("postcode4", "wijk_code"))
