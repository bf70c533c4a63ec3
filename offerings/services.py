from django.db import transaction

from core.services import apply_draft_rule, unique_slug
from offerings.models import Offering


@transaction.atomic
def save_offering(offering: Offering, *, themes, keep_published: bool) -> Offering:
    """Save an offering with its themes, applying the draft rule (core.services)."""
    apply_draft_rule(offering, keep_published=keep_published)
    if not offering.slug:
        offering.slug = unique_slug(Offering, offering.title, offering)
    offering.full_clean(exclude=["themes"])
    offering.save()
    offering.themes.set(themes)
    return offering
