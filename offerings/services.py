from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from core.services import BULK_BATCH, apply_draft_rule, free_slug, link_many, unique_slug
from core.signals import created_in_bulk
from network.models import Theme
from offerings.models import Offering


@transaction.atomic
def save_offering(offering: Offering, *, themes: Iterable[Theme], keep_published: bool) -> Offering:
    """Save an offering with its themes, applying the draft rule (core.services)."""
    apply_draft_rule(offering, keep_published=keep_published)
    if not offering.slug:
        offering.slug = unique_slug(Offering, offering.title, offering)
    offering.full_clean(exclude=["themes"])
    offering.save()
    offering.themes.set(themes)
    return offering


@dataclass
class NewOffering:
    """An offering for create_offerings with its themes (records or primary keys)."""

    offering: Offering
    themes: Sequence[Any] = ()


def create_offerings(new: Sequence[NewOffering], *, taken_slugs: set[str] | None = None) -> list[Offering]:
    """Create many new offerings with their themes in a few queries per thousand, by save_offering's rule (a free
    slug from the title); they come checked as its full_clean would check them. taken_slugs as in
    activities.services.create_activities."""
    if taken_slugs is None:
        taken_slugs = set(Offering.objects.values_list("slug", flat=True))
    offerings = [item.offering for item in new]
    for offering in offerings:
        if not offering.slug:
            offering.slug = free_slug(offering.title, taken_slugs)
    Offering.objects.bulk_create(offerings, batch_size=BULK_BATCH)
    link_many(Offering.themes, ((item.offering, theme) for item in new for theme in item.themes))
    created_in_bulk.send(Offering, records=offerings)
    return offerings
