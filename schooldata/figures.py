"""A small read API on the data releases for the pages of other apps (the school guide).

Each function reads the releases as imported; years are the school years of DUO's reference dates.
"""

from collections import defaultdict
from collections.abc import Iterable

from schooldata.models import PupilCount


def pupil_histories(organisation_ids: Iterable[int]) -> dict[int, list[tuple[str, int]]]:
    """The pupils per school year of a page of locations, in one query: organisation id → [("2023-2024", 212),
    ("2024-2025", 220)], oldest first. A school year DUO published twice (a correction) counts once, from the later
    release; a total DUO suppressed entirely is left out."""
    histories: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        PupilCount.objects.filter(organisation_id__in=list(organisation_ids), total__isnull=False)
        .order_by("release__reference_date", "pk")
        .values_list("organisation_id", "release__school_year", "total")
    )
    for organisation_id, school_year, total in rows:
        histories[organisation_id][school_year] = total  # a later release overwrites; the order stays the first's
    return {organisation_id: list(years.items()) for organisation_id, years in histories.items()}
