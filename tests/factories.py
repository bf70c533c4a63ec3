"""Factories for every model; tests build exactly the data they need."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from activities.models import Activity, TargetSector
from core.models import PublicationStatus
from core.text import normalise_key
from network.models import Line, Organisation, OrganisationAlias, Person, Theme
from projects.models import Project, ProjectUpdate


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "password")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    name_key = factory.LazyAttribute(lambda o: normalise_key(o.name))
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    sector = "po"


class AliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationAlias

    organisation = factory.SubFactory(OrganisationFactory)
    alias = factory.Sequence(lambda n: f"AB{n}")
    key = factory.LazyAttribute(lambda o: normalise_key(o.alias))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Persoon {n}")
    role = "verkenner"
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"persoon{n}@example.org")


class LineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Line

    name = factory.Sequence(lambda n: f"Lijn {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = "dwarslijn"
    purpose = "Samen werken aan een vraag."


def in_days(days: int, hour: int = 10) -> dt.datetime:
    base = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(base, dt.time(hour, 0)))


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Activiteit {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    start = factory.LazyFunction(lambda: in_days(7))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=2))
    publication_status = PublicationStatus.PUBLISHED

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        if create:
            self.organisers.set(extracted or [OrganisationFactory()])

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def lines(self, create, extracted, **kwargs):
        if create and extracted:
            self.lines.set(extracted)

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            TargetSector.objects.bulk_create(TargetSector(activity=self, sector=s) for s in extracted)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"{n}x")
    title = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.LazyAttribute(lambda o: slugify(f"{o.code} {o.title}"))
    cluster = "kennisstad-breed"
    publication_status = PublicationStatus.PUBLISHED

    @factory.post_generation
    def leads(self, create, extracted, **kwargs):
        if create:
            self.leads.set(extracted or [OrganisationFactory()])

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class ProjectUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectUpdate

    project = factory.SubFactory(ProjectFactory)
    date = factory.LazyFunction(timezone.localdate)
    text = "Er is voortgang geboekt."
