from collections.abc import Iterable

from django.db import transaction

from core.models import PublicationStatus
from core.services import unique_slug
from network.models import Theme
from offerings.models import Offering


@transaction.atomic
def save_offering(offering: Offering, *, themes: Iterable[Theme], keep_published: bool) -> Offering:
    """Save an offering; a change by someone who may not publish sends a published one back to draft."""
    if not offering.slug:
        offering.slug = unique_slug(Offering, offering.title, offering)
    if not keep_published:
        offering.publication_status = PublicationStatus.DRAFT
    offering.full_clean(exclude=["themes"])
    offering.save()
    offering.themes.set(themes)
    return offering
