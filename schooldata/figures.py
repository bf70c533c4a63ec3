"""A small read API on the data releases for the pages of other apps (the school guide, the monitor).

Each function reads the releases as imported; years are the school years of DUO's reference dates.
"""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from network.models import Organisation
from schooldata.models import DataRelease, PostcodeArea, PupilCount, ReleaseKind, SchoolWeighting


def pupil_history(organisation: Organisation) -> list[tuple[str, int]]:
    """The location's pupils per school year, oldest first: [("2023-2024", 212), ("2024-2025", 220)]."""
    return pupil_histories([organisation.pk]).get(organisation.pk, [])


def pupil_histories(organisation_ids: Iterable[int]) -> dict[int, list[tuple[str, int]]]:
    """pupil_history for a page of locations in one query: organisation id → its years, oldest first. A school
    year DUO published twice (a correction) counts once, from the later release."""
    histories: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        PupilCount.objects.filter(organisation_id__in=list(organisation_ids))
        .order_by("release__reference_date", "pk")
        .values_list("organisation_id", "release__school_year", "total")
    )
    for organisation_id, school_year, total in rows:
        histories[organisation_id][school_year] = total  # a later release overwrites; the order stays the first's
    return {organisation_id: list(years.items()) for organisation_id, years in histories.items()}


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
