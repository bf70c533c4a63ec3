"""Offerings in the search index: published and current ones, with provider names and aliases."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.models import PublicationStatus
from network.models import OrganisationAlias
from offerings.models import Offering
from search.indexers import SUMMARY_LENGTH, index, organisation_names, register, theme_fields
from search.models import Kind
from search.signals import follow
from search.text import term_string


def offering_entry(offering: Offering) -> dict | None:
    if offering.publication_status != PublicationStatus.PUBLISHED:
        return None
    slugs, theme_names = theme_fields(offering)
    return {
        "title": offering.title,
        "summary": offering.description[:SUMMARY_LENGTH],
        "url": offering.get_absolute_url(),
        "date": None,
        "themes": slugs,
        "visible_until": offering.expires_on,
        "terms_title": term_string(offering.title),
        "terms_body": term_string(
            offering.description,
            offering.get_kind_display(),
            " ".join(offering.audience_list),
            organisation_names([offering.provider]),
            theme_names,
        ),
    }


register(Offering, Kind.OFFERING, offering_entry, prefetch=["themes", "provider__aliases"])
follow(Offering, [Offering.themes.through])


@receiver(post_save, sender=OrganisationAlias, dispatch_uid="search-alias-offerings")
@receiver(post_delete, sender=OrganisationAlias, dispatch_uid="search-alias-offerings-delete")
def _alias_changed(sender, instance, raw=False, **kwargs):
    """A new abbreviation of a provider makes its offerings findable by it."""
    if not raw:
        for offering in Offering.objects.filter(provider_id=instance.organisation_id):
            index(offering)
