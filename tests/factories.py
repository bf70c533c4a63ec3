"""Factories for every model; tests build exactly the data they need."""

import datetime as dt
import itertools

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from activities.models import Activity, TargetSector
from core.models import PublicationStatus
from core.text import normalise_key
from documents.models import Document
from network.models import (
    Line,
    LineQuestion,
    NetworkProfile,
    NetworkRole,
    Organisation,
    OrganisationAlias,
    Person,
    Theme,
)
from projects.models import Project, ProjectUpdate


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("password")


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


class LineQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LineQuestion

    line = factory.SubFactory(LineFactory)
    text = factory.Sequence(lambda n: f"Open vraag {n}?")
    position = factory.Sequence(lambda n: n)


class NetworkProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkProfile

    name = "Onderwijsnetwerk Leiden"
    tagline = "Samen leren in de stad."
    ambition = "Elk kind leert in een rijke omgeving."
    strategy = "Verbinden, makelen, pionieren en verdiepen."
    values = "Nieuwsgierig\nSamen"


class NetworkRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkRole

    profile = factory.SubFactory(NetworkProfileFactory)
    key = factory.Sequence(lambda n: f"rol-{n}")
    name = factory.Sequence(lambda n: f"Rol {n}")
    text = "Wat het netwerk in deze rol doet."
    position = factory.Sequence(lambda n: n)


_bulk_numbers = itertools.count()


def _split(rows, relations):
    for row in rows:
        fields = {key: value for key, value in row.items() if key not in relations}
        yield fields, {key: row.get(key, ()) for key in relations}


def bulk_activities(rows: list[dict]) -> list[Activity]:
    """Many activities in a handful of queries, for tests that need hundreds of rows.

    Each row holds Activity fields (start is required) plus optional lists
    organisers, themes, lines and sectors.
    """
    activities, relations = [], []
    for fields, related in _split(rows, ("organisers", "themes", "lines", "sectors")):
        fields.setdefault("title", f"Bulkactiviteit {next(_bulk_numbers)}")
        fields.setdefault("slug", slugify(fields["title"]))
        fields.setdefault("end", fields["start"] + dt.timedelta(hours=2))
        fields.setdefault("publication_status", PublicationStatus.PUBLISHED)
        activities.append(Activity(**fields))
        relations.append(related)
    Activity.objects.bulk_create(activities)
    pairs = list(zip(activities, relations, strict=True))
    Activity.organisers.through.objects.bulk_create(
        Activity.organisers.through(activity=a, organisation=o) for a, r in pairs for o in r["organisers"]
    )
    Activity.themes.through.objects.bulk_create(
        Activity.themes.through(activity=a, theme=t) for a, r in pairs for t in r["themes"]
    )
    Activity.lines.through.objects.bulk_create(
        Activity.lines.through(activity=a, line=line) for a, r in pairs for line in r["lines"]
    )
    TargetSector.objects.bulk_create(TargetSector(activity=a, sector=s) for a, r in pairs for s in r["sectors"])
    return activities


def bulk_projects(rows: list[dict]) -> list[Project]:
    """Many projects in a handful of queries; rows hold Project fields plus optional leads, partners and themes."""
    projects, relations = [], []
    for fields, related in _split(rows, ("leads", "partners", "themes")):
        number = next(_bulk_numbers)
        fields.setdefault("code", f"B{number}")
        fields.setdefault("title", f"Bulkproject {number}")
        fields.setdefault("slug", slugify(f"{fields['code']} {fields['title']}"))
        fields.setdefault("cluster", "kennisstad-breed")
        fields.setdefault("publication_status", PublicationStatus.PUBLISHED)
        projects.append(Project(**fields))
        relations.append(related)
    Project.objects.bulk_create(projects)
    pairs = list(zip(projects, relations, strict=True))
    Project.leads.through.objects.bulk_create(
        Project.leads.through(project=p, organisation=o) for p, r in pairs for o in r["leads"]
    )
    Project.partners.through.objects.bulk_create(
        Project.partners.through(project=p, organisation=o) for p, r in pairs for o in r["partners"]
    )
    Project.themes.through.objects.bulk_create(
        Project.themes.through(project=p, theme=t) for p, r in pairs for t in r["themes"]
    )
    return projects


class DocumentFactory(factory.django.DjangoModelFactory):
    """A link (no stored file) of the network as a whole, public; `target=` attaches it to a record."""

    class Meta:
        model = Document
        exclude = ["target"]

    title = factory.Sequence(lambda n: f"Document {n}")
    kind = "report"
    url = "https://example.org/podcast"
    year = 2025
    target = None
    target_kind = factory.LazyAttribute(lambda o: o.target._meta.label_lower if o.target is not None else "")
    target_id = factory.LazyAttribute(lambda o: o.target.pk if o.target is not None else None)
