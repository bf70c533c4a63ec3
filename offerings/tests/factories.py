"""Offerings built the way the demo loader and the views build them: codes packed, themes set after saving."""

import factory
from django.utils.text import slugify

from core.models import CodeList, PublicationStatus
from offerings.models import Offering
from tests.factories import OrganisationFactory


class OfferingFactory(factory.django.DjangoModelFactory):
    """A published, free workshop for primary schools without groups; pass audiences/languages as lists."""

    class Meta:
        model = Offering
        skip_postgeneration_save = True
        exclude = ["audience_codes", "language_codes"]

    provider = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Aanbod {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    kind = "workshop"
    description = "Een les over de stad."
    audience_codes = ("po",)
    language_codes = ("nl",)
    audiences = factory.LazyAttribute(lambda o: CodeList.pack(o.audience_codes))
    languages = factory.LazyAttribute(lambda o: CodeList.pack(o.language_codes))
    is_free = True
    publication_status = PublicationStatus.PUBLISHED

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
