"""Offerings in the search index: published and current ones, with provider names and aliases."""

from django.utils import timezone

from core.models import PublicationStatus
from offerings.models import Offering
from search.indexers import SUMMARY_LENGTH, organisation_names, register, theme_fields
from search.models import Kind
from search.signals import follow
from search.text import term_string


def offering_entry(offering: Offering) -> dict | None:
    expired = offering.expires_on is not None and offering.expires_on < timezone.localdate()
    if offering.publication_status != PublicationStatus.PUBLISHED or expired:
        return None
    slugs, theme_names = theme_fields(offering)
    return {
        "title": offering.title, "summary": offering.description[:SUMMARY_LENGTH],
        "url": offering.get_absolute_url(), "date": None, "themes": slugs,
        "terms_title": term_string(offering.title),
        "terms_body": term_string(offering.description, offering.get_kind_display(),
                                  " ".join(offering.audience_list), organisation_names([offering.provider]),
                                  theme_names),
    }


register(Offering, Kind.OFFERING, offering_entry, prefetch=["themes", "provider__aliases"])
follow(Offering, [Offering.themes.through])
