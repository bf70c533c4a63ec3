"""Synthetic networks: a realistic, repeatable network of a chosen size in an empty database (issue 9).

`generate(factor, seed, today)` fills the database with `factor` times a city (CITY): organisations with a
heavy-tailed share of the activities, activities spread over three past years and the coming year, projects,
offerings, programmes with their goal trees, attendance lists and stories. One function per kind of record; each
writes with bulk_create in batches and keeps only small tuples of what later kinds need, so a national network
(ten cities) fits in memory.

Deterministic: every kind draws from its own random.Random seeded with the seed and the kind's name, dates are
relative to `today`, and automatic timestamps are written from the data (explicit_timestamps), so one seed and one
day give the same records every time. Only the cache version tokens (core.CacheVersion) are random:
they key caches, and a token shared by two different databases could serve one database's cached results to the other.

bulk_create skips signals and the save services, so `_finish` does what they would have done: the search index is
rebuilt, the network map gets a new version, first-time flags and head counts are computed here (set-based) by the
rules of attendance.services, and story parts get their stems and evidence links.
"""

import array
import bisect
import datetime as dt
import hashlib
import itertools
import math
import random
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import ngettext

from activities.models import Activity, SchoolType, TargetSector
from attendance.models import Attendance, AttendanceList, Participant
from attendance.pseudonyms import key_for
from core.models import CodeList, PublicationStatus
from core.services import RESERVED_SLUGS
from core.text import normalise_key
from impact.defaults import create_defaults
from impact.models import (
    ActivityFigures,
    Composition,
    Dimension,
    ImpactModel,
    MediaReach,
    Ring,
    SurveyResult,
    TargetGroup,
)
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
from offerings.models import Offering
from programmes.models import (
    Action,
    ActionReport,
    BudgetLine,
    ImpactRoute,
    Indicator,
    Measurement,
    Programme,
    ProgrammeFigure,
    ProgrammeLine,
    ReasoningLine,
    ReasoningStep,
    Recommendation,
)
from projects.models import Cluster, Project, ProjectStatus, ProjectUpdate
from reports.models import EvaluationSource, ReportText, SourceKind, TextKey
from scale import words
from search.indexers import rebuild_all
from search.models import SearchEntry
from stories.models import (
    CollectionLink,
    Consent,
    Selection,
    SelectionRound,
    Story,
    StoryPart,
    StorySource,
    StoryStatus,
    Substantiation,
)
from stories.services import part_stems

TZ = ZoneInfo(settings.TIME_ZONE)
BATCH = 2000  # rows per INSERT; also how many records are built in memory before they are written
CITY = {
    "organisations": 1_000,
    "activities": 20_000,
    "stories": 100_000,
    "projects": 5_000,
    "offerings": 5_000,
    "programmes": 50,
    "participations": 200_000,
}
SCALES = {"demo": 0.1, "city": 1.0, "national": 10.0}
ORGANISATIONS_PER_REGION = 1_000  # a national network is ten cities, each with its own municipality and hub

SECTOR_MIX = [
    ("po", 34),
    ("kinderopvang", 12),
    ("voorschool", 5),
    ("vo", 8),
    ("so", 3),
    ("mbo", 1.2),
    ("hbo", 0.8),
    ("wo", 0.3),
    ("cultuur", 10),
    ("welzijn_zorg", 11),
    ("bedrijf", 6),
    ("kennisinstelling", 2),
    ("overig", 6),
]
# How active an organisation of each sector tends to be (multiplies a heavy-tailed draw).
SECTOR_ACTIVITY = {
    "gemeente": 6,
    "hbo": 5,
    "wo": 5,
    "mbo": 4,
    "kennisinstelling": 2.5,
    "cultuur": 2,
    "vo": 1.5,
    "welzijn_zorg": 1.2,
    "overig": 1,
    "po": 0.7,
    "so": 0.7,
    "bedrijf": 0.5,
    "voorschool": 0.5,
    "kinderopvang": 0.4,
}
# How likely an organisation of each sector is to provide an offering.
SECTOR_OFFERING = {
    "cultuur": 6,
    "kennisinstelling": 4,
    "hbo": 3,
    "wo": 3,
    "welzijn_zorg": 2,
    "bedrijf": 2,
    "mbo": 1.5,
    "overig": 1.5,
    "gemeente": 1,
    "vo": 0.5,
    "po": 0.2,
    "so": 0.2,
    "voorschool": 0.1,
    "kinderopvang": 0.1,
}
SCHOOL_SECTORS = {
    "po": SchoolType.PO,
    "vo": SchoolType.VO,
    "so": SchoolType.SO,
    "mbo": SchoolType.MBO,
    "voorschool": SchoolType.VOORSCHOOL,
}
KIND_MIX = [
    ("event", 22),
    ("meeting", 26),
    ("workshop", 24),
    ("festival", 3),
    ("open_day", 8),
    ("publication", 3),
    ("series", 3),
    ("other", 11),
]
ATTENDANCE_SIZE = {
    "meeting": (8, 30),
    "workshop": (10, 40),
    "event": (30, 180),
    "festival": (80, 500),
    "open_day": (40, 250),
    "publication": (20, 80),
    "series": (10, 40),
    "other": (8, 40),
}
LANGUAGES = ["en", "ar", "tr", "pl", "uk", "ti", "so", "fa", "es", "fr", "de", "zh"]
CLUSTER_CODES = {Cluster.HEALTH: "GW", Cluster.BIODIVERSITY: "BD", Cluster.HERITAGE: "CE", Cluster.KNOWLEDGE_CITY: "KS"}


def targets(factor: float) -> dict[str, int]:
    """The number of records of each main kind at `factor` times a city (at least one of each)."""
    return {kind: max(1, round(count * factor)) for kind, count in CITY.items()}


# --- small helpers ----------------------------------------------------------------------------------------------


@contextmanager
def explicit_timestamps():
    """Write auto_now / auto_now_add fields as given, so generated records carry dates that fit the data (a story
    made on the day it was collected) and the same seed gives the same rows. Restored on the way out."""
    fields = [
        model_field
        for model in apps.get_models()
        for model_field in model._meta.concrete_fields
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False)
    ]
    saved = [(model_field, model_field.auto_now, model_field.auto_now_add) for model_field in fields]
    for model_field in fields:
        model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in saved:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add


def local(day: dt.date, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def stamp(day: dt.date) -> dt.datetime:
    """A record's timestamp on a day: noon there."""
    return local(day, 12)


def chunked(iterable, size: int = BATCH):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def insert(model, objects) -> list:
    """bulk_create in batches of BATCH; returns the objects with their primary keys."""
    made = []
    for chunk in chunked(objects):
        made.extend(model.objects.bulk_create(chunk, batch_size=BATCH))
    return made


class Slugs:
    """Unique slugs as core.services.unique_slug makes them ('werkplaats-lezen-2'), kept in memory."""

    def __init__(self, max_length: int = 200):
        self.taken, self.next, self.max_length = set(), {}, max_length

    def __call__(self, text: str) -> str:
        base = slugify(text)[: self.max_length - 6].strip("-") or "item"
        if base in RESERVED_SLUGS:
            base = f"{base}-1"
        number = self.next.get(base, 1)
        slug = base if number == 1 else f"{base}-{number}"
        while slug in self.taken:
            number += 1
            slug = f"{base}-{number}"
        self.next[base] = number + 1
        self.taken.add(slug)
        return slug


class Slots(dict):
    """Fills a template's {slots} on demand: format_map asks only for the slots the template has."""

    def __init__(self, rng: random.Random, fixed: dict, makers: dict):
        super().__init__(fixed)
        self.rng, self.makers = rng, makers

    def __missing__(self, key):
        return self.makers[key](self.rng)


def weighted(rng: random.Random, items: list, cumulative: list):
    return items[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


def cumulate(weights) -> list[float]:
    return list(itertools.accumulate(weights))


def person_name(rng: random.Random) -> str:
    infix = rng.choice(words.INFIXES)
    return " ".join(part for part in (rng.choice(words.FIRST_NAMES), infix, rng.choice(words.SURNAMES)) if part)


def email_for(name: str, domain: str) -> str:
    return f"{normalise_key(name).replace(' ', '.')}@{domain}"


# --- the shared state between kinds -----------------------------------------------------------------------------


@dataclass
class Region:
    name: str  # the city
    area: str  # the wider region ("Veenland")
    places: list[str]
    neighbourhoods: list[str]
    organisations: list[int] = field(default_factory=list)  # indexes into Network.orgs
    cumulative: list[float] = field(default_factory=list)  # cumulative activity weights of those


@dataclass
class Org:
    pk: int
    name: str
    slug: str
    sector: str
    region: int
    neighbourhood: str
    weight: float
    themes: list[int]
    alias: str = ""


@dataclass
class Act:
    pk: int
    day: dt.date
    kind: str
    region: int
    organisers: tuple
    published: bool
    themes: tuple
    programmes: tuple = ()  # programme pks through the actions it serves
    lines: tuple = ()  # programme line pks


@dataclass
class Prog:
    pk: int
    slug: str
    region: int
    start: dt.date
    end: dt.date
    themes: list[int]
    published: bool
    lines: list = field(default_factory=list)  # (pk, code, kind, route dimension pks by ring or None)
    actions: list = field(default_factory=list)  # (pk, line pk)
    link: int | None = None  # the collection link's pk
    activities: list = field(default_factory=list)  # activity pks


@dataclass
class Network:
    seed: int
    today: dt.date
    targets: dict
    report: object  # callable(kind, count, seconds)
    counts: dict = field(default_factory=dict)
    regions: list[Region] = field(default_factory=list)
    orgs: list[Org] = field(default_factory=list)
    themes: list = field(default_factory=list)  # Theme
    people: list = field(default_factory=list)  # (pk, name, org index)
    line_pks: list = field(default_factory=list)
    acts: list[Act] = field(default_factory=list)
    act_index: dict = field(default_factory=dict)  # pk → Act
    programmes: list[Prog] = field(default_factory=list)
    dimensions: dict = field(default_factory=dict)  # ring → [pk]
    figures: dict = field(default_factory=dict)  # activity pk → (figures pk, participants)
    evidence: dict = field(default_factory=dict)  # (programme pk, activity pk) → [(ring, dimension pk, step pk)]

    def rng(self, kind: str) -> random.Random:
        return random.Random(f"{self.seed}:{kind}")  # noqa: S311 - repeatable made-up data, not secrets

    def slot_makers(self, region: Region) -> dict:
        themes = self.themes
        return {
            "topic": lambda rng: rng.choice(words.THEME_TOPICS[rng.choice(themes).slug]),
            "theme": lambda rng: rng.choice(themes).name,
            "place": lambda rng: rng.choice(region.places),
            "region": lambda rng: region.area,
            "neighbourhood": lambda rng: rng.choice(region.neighbourhoods),
            "organisation": lambda rng: self.orgs[weighted(rng, region.organisations, region.cumulative)].name,
            "sector": lambda rng: rng.choice(["het po", "het vo", "het mbo", "de kinderopvang", "de gemeente"]),
            "sector2": lambda rng: rng.choice(["het hbo", "de cultuursector", "het welzijnswerk", "de bibliotheek"]),
            "people": lambda rng: rng.choice(words.PEOPLE),
            "others": lambda rng: rng.choice(words.PEOPLE),
            "group": lambda rng: rng.choice(words.GROUPS),
            "year": lambda rng: str(self.today.year - 1),
            "article": lambda rng: rng.choice(words.ARTICLES),
            "noun": lambda rng: rng.choice(words.SCHOOL_NOUNS),
            "surname": lambda rng: rng.choice(words.SURNAMES),
            "surname2": lambda rng: rng.choice(words.SURNAMES),
        }

    def text(self, rng: random.Random, region: Region, templates: list[str], count: int, **fixed) -> str:
        makers = self.slot_makers(region)
        return " ".join(rng.choice(templates).format_map(Slots(rng, fixed, makers)) for _n in range(count))

    def done(self, kind: str, count: int, started: float) -> None:
        self.counts[kind] = count
        self.report(kind, count, time.perf_counter() - started)


# --- the kinds, in the order they are made ------------------------------------------------------------------------


def make_themes(net: Network) -> None:
    started = time.perf_counter()
    net.themes = insert(Theme, (Theme(slug=slug, name=name, name_en=name_en) for slug, name, name_en in words.THEMES))
    create_defaults(ImpactModel, Ring, Dimension, TargetGroup)
    for dimension in Dimension.objects.filter(retired=False).select_related("ring").order_by("pk"):
        net.dimensions.setdefault(dimension.ring.number, []).append(dimension.pk)
    net.done("themes", len(net.themes), started)


def _place(rng: random.Random) -> str:
    root, ending = rng.choice(words.PLACE_ROOTS), rng.choice(words.PLACE_ENDINGS)
    return f"{rng.choice(words.PLACE_PREFIXES)}{root}{ending}"


def make_regions(net: Network) -> None:
    rng = net.rng("regions")
    count = max(1, round(net.targets["organisations"] / ORGANISATIONS_PER_REGION))
    used = set()
    for _n in range(count):
        while (name := _place(rng)) in used:
            pass
        used.add(name)
        places = [name, *(_place(rng) for _m in range(rng.randint(2, 5)))]
        area = f"{rng.choice(words.PLACE_ROOTS)}{rng.choice(['land', 'streek', 'gouw', 'waard'])}"
        neighbourhoods = sorted(
            {
                f"{rng.choice(words.NEIGHBOURHOOD_ROOTS)}{rng.choice(words.NEIGHBOURHOOD_ENDINGS)}"
                for _m in range(rng.randint(8, 16))
            }
        )
        net.regions.append(Region(name=name, area=area, places=places, neighbourhoods=neighbourhoods))


def _org_name(rng: random.Random, sector: str, region: Region, neighbourhood: str) -> str:
    fill = {
        "article": rng.choice(words.ARTICLES),
        "noun": rng.choice(words.SCHOOL_NOUNS),
        "place": rng.choice(region.places),
        "region": region.area,
        "neighbourhood": neighbourhood,
        "surname": rng.choice(words.SURNAMES),
        "surname2": rng.choice(words.SURNAMES),
        "topic": rng.choice(words.KNOWLEDGE_TOPICS),
    }
    if sector == "po":
        return f"{rng.choice(words.PO_PREFIXES)} {fill['article']} {fill['noun']}"
    patterns = {
        "vo": words.VO_PATTERNS,
        "so": words.SO_PATTERNS,
        "mbo": words.MBO_PATTERNS,
        "hbo": words.HBO_PATTERNS,
        "wo": words.WO_PATTERNS,
        "kinderopvang": words.KINDEROPVANG_PATTERNS,
        "voorschool": words.VOORSCHOOL_PATTERNS,
        "cultuur": words.CULTUUR_PATTERNS,
        "welzijn_zorg": words.WELZIJN_PATTERNS,
        "bedrijf": words.BEDRIJF_PATTERNS,
        "kennisinstelling": words.KENNIS_PATTERNS,
        "overig": words.OVERIG_PATTERNS,
    }[sector]
    return rng.choice(patterns).format_map(fill)


def _alias(name: str) -> str:
    """Initials as documents abbreviate ('Basisschool De Regenboog' → 'BDR')."""
    return "".join(word[0] for word in name.replace("-", " ").split() if word[0].isalpha()).upper()


def make_organisations(net: Network) -> None:
    """Organisations per region: a hub (the network's own organisation), the municipality with departments, mbo
    and hbo, then a mix like a real city's. Each draws a heavy-tailed activity weight (SECTOR_ACTIVITY times a
    Pareto draw); ranked within the region, the weights fall off as 1/(rank + 5): a few organisations organise
    hundreds of activities, most a handful."""
    started = time.perf_counter()
    rng = net.rng("organisations")
    total, regions = net.targets["organisations"], net.regions
    sectors, cumulative = [s for s, _w in SECTOR_MIX], cumulate(w for _s, w in SECTOR_MIX)
    keys, slugs = set(), Slugs()
    rows = []  # (name, sector, region, neighbourhood, parent row index or None, score)

    def add(name, sector, region, neighbourhood, parent=None, score=None):
        key = normalise_key(name)
        if key in keys:
            name = f"{name} ({neighbourhood})"
            key = normalise_key(name)
        number = 2
        base = name
        while key in keys:
            name, number = f"{base} {number}", number + 1
            key = normalise_key(name)
        keys.add(key)
        if score is None:
            score = SECTOR_ACTIVITY[sector] * rng.paretovariate(1.3)
        rows.append((name, sector, region, neighbourhood, parent, score))
        return len(rows) - 1

    for index, region in enumerate(regions):
        quota = total // len(regions) + (1 if index < total % len(regions) else 0)
        first = len(rows)
        centre = region.neighbourhoods[0]
        fixed = [
            (f"Onderwijsnetwerk {region.name}", "overig", 1000.0),
            (f"Gemeente {region.name}", "gemeente", 500.0),
            (f"ROC {region.area}", "mbo", None),
            (f"Hogeschool {region.name}", "hbo", None),
        ]
        if index == 0:
            fixed.append((f"Universiteit {region.name}", "wo", None))
        for name, sector, score in fixed[: max(1, min(len(fixed), quota // 10 + 1))]:
            parent = add(name, sector, index, centre, score=score)
            if quota >= 50 and sector in ("gemeente", "hbo", "wo"):
                departments = words.MUNICIPALITY_DEPARTMENTS if sector == "gemeente" else words.DEPARTMENTS
                for department in rng.sample(departments, 3 if sector != "hbo" else 2):
                    add(f"{name} – {department}", sector, index, centre, parent=parent)
        while len(rows) - first < quota:
            sector = weighted(rng, sectors, cumulative)
            neighbourhood = rng.choice(region.neighbourhoods)
            add(_org_name(rng, sector, region, neighbourhood), sector, index, neighbourhood)
        del rows[first + quota :]

    organisations = []
    for name, sector, region, _neighbourhood, _parent, _score in rows:
        slug = slugs(name)
        description = net.text(rng, regions[region], words.SENTENCES[:4], 2)
        organisations.append(
            Organisation(
                name=name,
                name_key=normalise_key(name),
                slug=slug,
                sector=sector,
                website=f"https://www.{slug}.example/",
                description=description,
                updated_at=stamp(net.today - dt.timedelta(days=rng.randint(1, 900))),
            )
        )
    # Parents first: a department points at an organisation that already has its key.
    order = sorted(range(len(rows)), key=lambda i: rows[i][4] is not None)
    made = dict(zip(order, insert(Organisation, (organisations[i] for i in order)), strict=True))
    children = []
    for i, row in enumerate(rows):
        if row[4] is not None:
            made[i].parent_id = made[row[4]].pk
            children.append(made[i])
    Organisation.objects.bulk_update(children, ["parent"], batch_size=BATCH)

    theme_count = len(net.themes)
    for i, (name, sector, region, neighbourhood, _parent, score) in enumerate(rows):
        themes = rng.sample(range(theme_count), rng.randint(1, 3))
        net.orgs.append(
            Org(
                pk=made[i].pk,
                name=name,
                slug=made[i].slug,
                sector=sector,
                region=region,
                neighbourhood=neighbourhood,
                weight=score,
                themes=themes,
            )
        )
    for index, region in enumerate(regions):
        members = sorted(
            (i for i, org in enumerate(net.orgs) if org.region == index), key=lambda i: -net.orgs[i].weight
        )
        for rank, i in enumerate(members):
            net.orgs[i].weight = 1 / (rank + 5)
        region.organisations = members
        region.cumulative = cumulate(net.orgs[i].weight for i in members)

    through = Organisation.themes.through
    insert(
        through, (through(organisation_id=org.pk, theme_id=net.themes[t].pk) for org in net.orgs for t in org.themes)
    )
    alias_keys, aliases = set(), []
    for org in net.orgs:
        if org.weight > 0.02 or rng.random() < 0.15:
            alias = _alias(org.name)
            key = normalise_key(alias)
            if len(alias) >= 2 and key not in alias_keys and key not in keys:
                alias_keys.add(key)
                org.alias = alias
                aliases.append(OrganisationAlias(organisation_id=org.pk, alias=alias, key=key))
    insert(OrganisationAlias, aliases)
    _make_people(net, rng)
    _make_profile(net)
    net.done("organisations", len(net.orgs), started)
    net.counts["people"] = len(net.people)


def _make_people(net: Network, rng: random.Random) -> None:
    people = []
    for index, org in enumerate(net.orgs):
        count = 1 + (rng.random() < 0.5) + (3 if org.weight > 0.05 else 1 if org.weight > 0.02 else 0)
        for number in range(count):
            name = person_name(rng)
            role = (
                "coordinator"
                if org.name.startswith("Onderwijsnetwerk") and number == 0
                else ("verkenner" if number == 0 else "medewerker")
            )
            people.append(
                (
                    Person(
                        name=name,
                        role=role,
                        job_title=rng.choice(words.PERSON_TITLES),
                        organisation_id=org.pk,
                        email=email_for(name, f"{org.slug}.example"),
                    ),
                    index,
                )
            )
    made = insert(Person, (person for person, _i in people))
    net.people = [(person.pk, person.name, index) for person, (_p, index) in zip(made, people, strict=True)]


def _make_profile(net: Network) -> None:
    region = net.regions[0]
    profile = NetworkProfile.objects.create(
        name=f"Onderwijsnetwerk {region.name}",
        short_name=f"ON{region.name[:3].upper()}",
        tagline=f"Samen leren en vernieuwen in het onderwijs van {region.name}.",
        tagline_en=f"Learning and innovating together in the schools of {region.name}.",
        ambition="Elk kind in de stad krijgt de kansen die het verdient.",
        ambition_en="Every child in the city gets the chances it deserves.",
        values="Samen\nNieuwsgierig\nDichtbij",
        values_en="Together\nCurious\nClose by",
    )
    NetworkRole.objects.bulk_create(
        NetworkRole(profile=profile, key=key, name=name, name_en=name_en, text=text, position=position)
        for position, (key, name, name_en, text) in enumerate(words.NETWORK_ROLES)
    )


def make_lines(net: Network) -> None:
    """Sight lines and cross lines, a dozen for a city, with holders from the larger organisations."""
    started = time.perf_counter()
    rng = net.rng("lines")
    count = max(2, round(12 * math.sqrt(net.targets["organisations"] / CITY["organisations"])))
    slugs, names, lines, holders, questions = Slugs(50), set(), [], [], []
    by_org = defaultdict(list)
    for pk, _name, index in net.people:
        by_org[index].append(pk)
    for number in range(count):
        theme = rng.choice(net.themes)
        kind = "zichtlijn" if number % 5 < 3 else "dwarslijn"
        name = f"{'Zichtlijn' if kind == 'zichtlijn' else 'Dwarslijn'} {theme.name}"
        if name in names:
            name = f"{name} {net.regions[number % len(net.regions)].name}"
        if name in names:
            name = f"{name} {number}"
        names.add(name)
        region = net.regions[number % len(net.regions)]
        lines.append(
            Line(
                name=name,
                slug=slugs(name),
                kind=kind,
                purpose=net.text(rng, region, words.SENTENCES, 2, topic=words.THEME_TOPICS[theme.slug][0]),
            )
        )
    made = insert(Line, lines)
    net.line_pks = [line.pk for line in made]
    theme_through, holder_through = Line.themes.through, Line.holders.through
    theme_rows = []
    for line in made:
        region = net.regions[rng.randrange(len(net.regions))]
        for theme_index in rng.sample(range(len(net.themes)), 2):
            theme_rows.append(theme_through(line_id=line.pk, theme_id=net.themes[theme_index].pk))
        chosen = set()
        for _h in range(rng.randint(1, 3)):
            org = weighted(rng, region.organisations, region.cumulative)
            if by_org[org]:
                chosen.add(rng.choice(by_org[org]))
        holders.extend(holder_through(line_id=line.pk, person_id=pk) for pk in sorted(chosen))
        for position in range(rng.randint(2, 3)):
            questions.append(
                LineQuestion(
                    line=line,
                    position=position,
                    text=net.text(
                        rng,
                        region,
                        [
                            "Hoe versterken we {topic} in {neighbourhood}?",
                            "Wie heeft ervaring met {topic}?",
                            "Wat werkt bij {topic} voor {group}?",
                        ],
                        1,
                    ),
                )
            )
    insert(theme_through, theme_rows)
    insert(holder_through, holders)
    insert(LineQuestion, questions)
    Person.objects.filter(pk__in=[row.person_id for row in holders]).update(role="zichthouder")
    net.done("lines", len(made), started)


def make_programmes(net: Network) -> None:
    """Programmes with their goal tree (ambitions or action lines → actions), routes and budget lines. Activities
    and projects are attached while they are made; reports, indicators and reasoning come in make_programme_details."""
    started = time.perf_counter()
    rng = net.rng("programmes")
    count, today = net.targets["programmes"], net.today
    slugs, names, programmes = Slugs(50), set(), []
    target_groups = list(TargetGroup.objects.order_by("position", "pk").values_list("pk", flat=True))
    for number in range(count):
        region_index = number % len(net.regions)
        region = net.regions[region_index]
        themes = rng.sample(range(len(net.themes)), 2)
        theme = net.themes[themes[0]]
        name = rng.choice(words.PROGRAMME_NAMES).format(
            theme=theme.name, topic=words.THEME_TOPICS[theme.slug][0], place=region.name, region=region.area
        )
        first_year = rng.randint(today.year - 3, today.year)
        start, end = dt.date(first_year, 1, 1), dt.date(first_year + rng.randint(1, 3), 12, 31)
        if name in names:
            name = f"{name} ({region.area} {first_year})"
        if name in names:
            name = f"{name} {number}"
        names.add(name)
        short = "".join(word[0] for word in name.split() if word[0].isalpha()).upper()[:8] + str(start.year)[2:]
        programmes.append(
            Programme(
                slug=slugs(name),
                name=name,
                short_name=short,
                description=net.text(rng, region, words.SENTENCES, 3, topic=words.THEME_TOPICS[theme.slug][0]),
                foreword=net.text(rng, region, words.REPORT_SENTENCES, 2),
                introduction=net.text(rng, region, words.REPORT_SENTENCES, 3),
                period_start=start,
                period_end=end,
                budget=None,
                publication_status=PublicationStatus.PUBLISHED
                if number == 0 or rng.random() < 0.9
                else PublicationStatus.DRAFT,
                updated_at=stamp(min(today, start + dt.timedelta(days=rng.randint(0, 400)))),
            )
        )
        net.programmes.append(
            Prog(
                pk=0,
                slug="",
                region=region_index,
                start=start,
                end=end,
                themes=themes,
                published=programmes[-1].publication_status == PublicationStatus.PUBLISHED,
            )
        )
    made = insert(Programme, programmes)
    owners = Programme.organisations.through
    owner_rows, lines, line_owner = [], [], []
    for prog, programme in zip(net.programmes, made, strict=True):
        prog.pk, prog.slug = programme.pk, programme.slug
        region = net.regions[prog.region]
        chosen = {
            region.organisations[0],
            *(weighted(rng, region.organisations, region.cumulative) for _n in range(rng.randint(0, 2))),
        }
        owner_rows.extend(owners(programme_id=prog.pk, organisation_id=net.orgs[i].pk) for i in sorted(chosen))
        ambitions = rng.random() < 0.7
        for position in range(rng.randint(2, 4)):
            theme = net.themes[rng.choice(prog.themes)]
            code = f"A{position + 1}" if ambitions else f"AL{position + 1}"
            title = rng.choice(words.AMBITIONS).format(topic=rng.choice(words.THEME_TOPICS[theme.slug]))
            lines.append(
                ProgrammeLine(
                    programme_id=prog.pk,
                    kind="ambition" if ambitions else "action_line",
                    code=code,
                    title=title,
                    position=position,
                    description=net.text(rng, region, words.SENTENCES, 2),
                    goal=net.text(rng, region, words.AMBITIONS, 1),
                )
            )
            line_owner.append(prog)
    insert(owners, owner_rows)
    made_lines = insert(ProgrammeLine, lines)
    routes, budgets, actions, action_owner, action_orgs = [], [], [], [], []
    for line, prog in zip(made_lines, line_owner, strict=True):
        route = None
        if line.kind == "ambition":
            route = {ring: rng.choice(net.dimensions[ring]) for ring in (1, 2, 3)}
            for target_group in rng.sample(target_groups, rng.choice([1, 1, 2])):
                routes.append(
                    ImpactRoute(
                        line_id=line.pk,
                        target_group_id=target_group,
                        ring1_id=route[1],
                        ring2_id=route[2],
                        ring3_id=route[3],
                    )
                )
        prog.lines.append((line.pk, line.code, line.kind, route))
        for year in range(prog.start.year, prog.end.year + 1):
            planned = Decimal(rng.randrange(20_000, 400_000, 500))
            realised = None
            if year < net.today.year:
                realised = (planned * Decimal(rng.uniform(0.7, 1.1))).quantize(Decimal("1"))
            elif year == net.today.year:
                realised = (planned * Decimal(net.today.timetuple().tm_yday / 366 * rng.uniform(0.6, 1.0))).quantize(
                    Decimal("1")
                )
            budgets.append(BudgetLine(line_id=line.pk, year=year, planned=planned, realised=realised))
        region = net.regions[prog.region]
        for position in range(rng.randint(2, 3)):
            actions.append(
                Action(
                    line_id=line.pk,
                    code=f"{line.code}.{position + 1}",
                    position=position,
                    title=net.text(rng, region, words.ACTIONS, 1),
                    description=net.text(rng, region, words.SENTENCES, 2),
                )
            )
            action_owner.append((prog, line.pk))
    insert(ImpactRoute, routes)
    insert(BudgetLine, budgets)
    made_actions = insert(Action, actions)
    through = Action.organisations.through
    for action, (prog, line_pk) in zip(made_actions, action_owner, strict=True):
        prog.actions.append((action.pk, line_pk))
        region = net.regions[prog.region]
        chosen = {weighted(rng, region.organisations, region.cumulative) for _n in range(rng.randint(1, 4))}
        action_orgs.extend(through(action_id=action.pk, organisation_id=net.orgs[i].pk) for i in sorted(chosen))
    insert(through, action_orgs)
    Programme.objects.bulk_update(
        [
            Programme(
                pk=prog.pk,
                budget=sum((b.planned for b in budgets if b.line_id in {pk for pk, *_r in prog.lines}), Decimal(0)),
            )
            for prog in net.programmes
        ],
        ["budget"],
        batch_size=BATCH,
    )
    net.done("programmes", len(made), started)
    net.counts.update(
        {
            "programme lines": len(made_lines),
            "actions": len(made_actions),
            "routes": len(routes),
            "budget lines": len(budgets),
        }
    )


def _activity_day(rng: random.Random, today: dt.date, kind: str) -> dt.date:
    """Three past years with the network growing (more activities each year), and the coming months; few
    activities in the summer holiday or at weekends, open days in the open-day season."""
    if rng.random() < 0.8:
        first = dt.date(today.year - 3, 1, 1)
        span = (today - first).days
        day = first + dt.timedelta(days=min(span - 1, int(span * math.sqrt(rng.random()))))
    else:
        day = today + dt.timedelta(days=min(540, int(rng.expovariate(1 / 120))))
    if kind == "open_day":
        day = dt.date(day.year, rng.choice([1, 2, 2, 3, 3, 11]), rng.randint(1, 28))
        return day
    if ((day.month == 7 and day.day > 14) or day.month == 8) and rng.random() < 0.85:
        day += dt.timedelta(days=42)
    if day.weekday() >= 5 and kind != "festival" and rng.random() < 0.9:
        day -= dt.timedelta(days=day.weekday() - 4)
    return day


def _times(rng: random.Random, kind: str, day: dt.date) -> tuple[dt.datetime, dt.datetime, bool]:
    if kind == "series" or (kind in ("festival", "publication") and rng.random() < 0.4):
        last = day + dt.timedelta(days=rng.randint(7, 60) if kind == "series" else rng.randint(0, 2))
        return local(day), local(last), True
    if kind == "open_day":
        if day.weekday() == 5:
            return local(day, 10), local(day, 13), False
        return local(day, 18, 30), local(day, 20, 30), False
    hours = {
        "meeting": [9, 10, 13, 15, 16, 19],
        "workshop": [9, 13, 14, 15],
        "event": [13, 14, 15, 19],
        "festival": [10, 11, 12],
        "publication": [15, 16],
        "other": [9, 10, 14, 16],
    }[kind]
    start = local(day, rng.choice(hours), rng.choice([0, 0, 30]))
    return start, start + dt.timedelta(minutes=rng.choice([60, 90, 120, 120, 180, 240])), False


def _co_organisers(rng, net: Network, region: Region, first: int, count: int) -> list[int]:
    """Partners of an activity or project: half from the same neighbourhood, the rest from the whole region."""
    neighbourhood = net.orgs[first].neighbourhood
    chosen = [first]
    for _n in range(count * 3):
        if len(chosen) > count:
            break
        if rng.random() < 0.5:
            candidate = rng.choice(region.organisations)
            if net.orgs[candidate].neighbourhood != neighbourhood:
                continue
        else:
            candidate = weighted(rng, region.organisations, region.cumulative)
        if candidate not in chosen:
            chosen.append(candidate)
    return chosen


def make_activities(net: Network) -> None:
    """Activities of a heavy-tailed set of organisers; about one in four co-organised (the network map's ties);
    92% published (drafts mostly among coming activities); some 45% serve a programme of their region."""
    started = time.perf_counter()
    rng = net.rng("activities")
    count, today = net.targets["activities"], net.today
    kinds, kind_cumulative = [k for k, _w in KIND_MIX], cumulate(w for _k, w in KIND_MIX)
    region_cumulative = cumulate(len(region.organisations) for region in net.regions)
    slugs = Slugs(220)
    programmes_by_region = defaultdict(list)
    for prog in net.programmes:
        programmes_by_region[prog.region].append(prog)
    pending = []  # (Activity, organisers, themes, sectors, line, actions)

    def flush():
        made = Activity.objects.bulk_create([row[0] for row in pending], batch_size=BATCH)
        organisers, themes, sectors, lines, actions = [], [], [], [], []
        for activity, (_a, orgs, theme_list, sector_list, line, action_list, region_index) in zip(
            made, pending, strict=True
        ):
            organisers.extend(
                Activity.organisers.through(activity_id=activity.pk, organisation_id=net.orgs[i].pk) for i in orgs
            )
            themes.extend(
                Activity.themes.through(activity_id=activity.pk, theme_id=net.themes[t].pk) for t in theme_list
            )
            sectors.extend(TargetSector(activity_id=activity.pk, sector=sector) for sector in sector_list)
            if line:
                lines.append(Activity.lines.through(activity_id=activity.pk, line_id=line))
            actions.extend(
                Action.activities.through(action_id=action_pk, activity_id=activity.pk)
                for action_pk, _l, _p in action_list
            )
            act = Act(
                pk=activity.pk,
                day=activity.start.astimezone(TZ).date(),
                kind=activity.kind,
                region=region_index,
                organisers=tuple(net.orgs[i].pk for i in orgs),
                published=activity.publication_status == PublicationStatus.PUBLISHED,
                themes=tuple(theme_list),
                programmes=tuple(sorted({p for _a, _l, p in action_list})),
                lines=tuple(sorted({line_pk for _a, line_pk, _p in action_list})),
            )
            net.acts.append(act)
            for programme_pk in act.programmes:
                programmes[programme_pk].activities.append(activity.pk)
        for model, rows in (
            (Activity.organisers.through, organisers),
            (Activity.themes.through, themes),
            (TargetSector, sectors),
            (Activity.lines.through, lines),
            (Action.activities.through, actions),
        ):
            model.objects.bulk_create(rows, batch_size=BATCH)
        pending.clear()

    programmes = {prog.pk: prog for prog in net.programmes}
    sector_codes = [code for code, _w in SECTOR_MIX] + ["gemeente"]
    for _n in range(count):
        region_index = weighted(rng, range(len(net.regions)), region_cumulative)
        region = net.regions[region_index]
        first = weighted(rng, region.organisations, region.cumulative)
        org = net.orgs[first]
        kind = weighted(rng, kinds, kind_cumulative)
        if kind == "open_day" and org.sector not in SCHOOL_SECTORS:
            kind = "event"
        day = _activity_day(rng, today, kind)
        start, end, all_day = _times(rng, kind, day)
        # A quarter are co-organised, mostly by two or three; the odd one by many.
        extra = min(6, int(rng.paretovariate(1.8))) if kind != "open_day" and rng.random() < 0.25 else 0
        organisers = _co_organisers(rng, net, region, first, extra) if extra else [first]
        themes = sorted({rng.choice(org.themes), *rng.sample(range(len(net.themes)), rng.randint(0, 2))})
        action_list = []
        candidates = [prog for prog in programmes_by_region[region_index] if prog.start <= day <= prog.end]
        if candidates and kind != "open_day" and rng.random() < 0.45:
            prog = rng.choice(candidates)
            action_pk, line_pk = rng.choice(prog.actions)
            action_list.append((action_pk, line_pk, prog.pk))
            if rng.random() < 0.06:
                second = rng.choice(prog.actions)
                if second[0] != action_pk:
                    action_list.append((*second, prog.pk))
            if rng.random() < 0.02 and len(candidates) > 1:
                other = rng.choice([p for p in candidates if p is not prog])
                action_list.append((*rng.choice(other.actions), other.pk))
            themes = sorted({*themes, rng.choice(prog.themes)})
        main = net.themes[themes[0]]
        slots = {"theme": main.name, "topic": rng.choice(words.THEME_TOPICS[main.slug])}
        if kind == "open_day":
            title = f"Open dag {org.name}"
        else:
            title = net.text(rng, region, words.ACTIVITY_TITLES[kind], 1, **slots)
        future = day >= today
        published = rng.random() > (0.15 if future else 0.03)
        neighbourhood = org.neighbourhood
        activity = Activity(
            title=title[:200],
            slug=slugs(title),
            kind=kind,
            start=start,
            end=end,
            all_day=all_day,
            description=net.text(rng, region, words.SENTENCES, rng.randint(2, 4), **slots),
            place=f"{org.name}, {neighbourhood}" if rng.random() < 0.7 else rng.choice(region.places),
            open_for_partners=rng.random() < 0.3,
            publication_status=PublicationStatus.PUBLISHED if published else PublicationStatus.DRAFT,
            updated_at=stamp(min(today, day - dt.timedelta(days=rng.randint(3, 60)))),
        )
        if rng.random() < 0.3:
            activity.registration_url = f"https://aanmelden.example/{activity.slug}"
        sectors = sorted(set(rng.sample(sector_codes, rng.randint(1, 3))))
        if kind == "open_day":
            activity.school_type = SCHOOL_SECTORS[org.sector]
            activity.neighbourhood = neighbourhood
            activity.languages = CodeList.pack(["nl", *rng.sample(LANGUAGES, rng.choice([0, 0, 1, 2, 3]))])
            sectors = [org.sector]
        line = rng.choice(net.line_pks) if kind == "meeting" and rng.random() < 0.12 else None
        pending.append((activity, organisers, themes, sectors, line, action_list, region_index))
        if len(pending) >= BATCH:
            flush()
    if pending:
        flush()
    net.act_index = {act.pk: act for act in net.acts}
    net.done("activities", len(net.acts), started)


def make_projects(net: Network) -> None:
    """Projects led by one or two organisations (the active ones lead more), with partners from the neighbourhood
    and the region; status follows when they started; a fifth serve a programme's action."""
    started = time.perf_counter()
    rng = net.rng("projects")
    count, today = net.targets["projects"], net.today
    slugs, projects, links = Slugs(220), [], []
    clusters = list(Cluster)
    programmes_by_region = defaultdict(list)
    for prog in net.programmes:
        programmes_by_region[prog.region].append(prog)
    region_cumulative = cumulate(len(region.organisations) for region in net.regions)
    for number in range(count):
        region_index = weighted(rng, range(len(net.regions)), region_cumulative)
        region = net.regions[region_index]
        first = weighted(rng, region.organisations, region.cumulative)
        organisations = _co_organisers(rng, net, region, first, rng.choice([1, 2, 2, 3, 4, 5, 7]))
        leads = organisations[: 1 + (len(organisations) > 2 and rng.random() < 0.3)]
        partners = organisations[len(leads) :]
        cluster = rng.choice(clusters)
        theme_indexes = sorted({rng.choice(net.orgs[first].themes), *rng.sample(range(len(net.themes)), 1)})
        theme = net.themes[theme_indexes[0]]
        title = net.text(
            rng, region, words.PROJECT_TITLES, 1, theme=theme.name, topic=rng.choice(words.THEME_TOPICS[theme.slug])
        )
        begun = today - dt.timedelta(days=rng.randint(-120, 4 * 365))
        age = (today - begun).days
        status = (
            ProjectStatus.PLANNED
            if age < 0
            else ProjectStatus.COMPLETED
            if age > 700 and rng.random() < 0.7
            else ProjectStatus.PAUSED
            if rng.random() < 0.05
            else ProjectStatus.RUNNING
        )
        projects.append(
            (
                Project(
                    code=f"{CLUSTER_CODES[cluster]}-{number + 1:05d}",
                    slug=slugs(title),
                    title=title[:200],
                    cluster=cluster,
                    status=status,
                    description=net.text(rng, region, words.SENTENCES, rng.randint(2, 4)),
                    publication_status=PublicationStatus.PUBLISHED if rng.random() < 0.9 else PublicationStatus.DRAFT,
                    updated_at=stamp(min(today, max(begun, today - dt.timedelta(days=rng.randint(0, 500))))),
                ),
                leads,
                partners,
                theme_indexes,
                begun,
                region_index,
            )
        )
    made = insert(Project, (row[0] for row in projects))
    leads_rows, partner_rows, theme_rows, updates = [], [], [], []
    for project, (_p, leads, partners, theme_indexes, begun, region_index) in zip(made, projects, strict=True):
        leads_rows.extend(Project.leads.through(project_id=project.pk, organisation_id=net.orgs[i].pk) for i in leads)
        partner_rows.extend(
            Project.partners.through(project_id=project.pk, organisation_id=net.orgs[i].pk) for i in partners
        )
        theme_rows.extend(
            Project.themes.through(project_id=project.pk, theme_id=net.themes[t].pk) for t in theme_indexes
        )
        if begun < today:
            for _u in range(rng.choice([0, 1, 1, 2, 3])):
                day = begun + dt.timedelta(days=rng.randint(0, (today - begun).days))
                updates.append(
                    ProjectUpdate(
                        project_id=project.pk,
                        date=day,
                        text=net.text(rng, net.regions[region_index], words.REPORT_SENTENCES, 2),
                    )
                )
        candidates = [prog for prog in programmes_by_region[region_index] if prog.start <= today]
        if candidates and rng.random() < 0.2:
            action_pk, _line = rng.choice(rng.choice(candidates).actions)
            links.append(Action.projects.through(action_id=action_pk, project_id=project.pk))
    for model, rows in (
        (Project.leads.through, leads_rows),
        (Project.partners.through, partner_rows),
        (Project.themes.through, theme_rows),
        (ProjectUpdate, updates),
        (Action.projects.through, links),
    ):
        insert(model, rows)
    net.done("projects", len(made), started)
    net.counts["project updates"] = len(updates)


def make_offerings(net: Network) -> None:
    """Standing offers, mostly from culture, knowledge institutes and higher education; for primary schools often
    with groups; four in ten free; one in ten past its end date, one in ten a draft."""
    started = time.perf_counter()
    rng = net.rng("offerings")
    count, today = net.targets["offerings"], net.today
    providers = list(range(len(net.orgs)))
    cumulative = cumulate(SECTOR_OFFERING[net.orgs[i].sector] * (net.orgs[i].weight ** 0.5) for i in providers)
    kinds = list(words.OFFERING_TITLES)
    audiences_all = ["voorschool", "po", "po", "po", "vo", "vo", "so", "mbo", "hbo", "wo", "professionals", "ouders"]
    slugs, offerings, theme_rows = Slugs(220), [], []
    for _n in range(count):
        org = net.orgs[weighted(rng, providers, cumulative)]
        region = net.regions[org.region]
        kind = rng.choice(kinds)
        theme_indexes = sorted({rng.choice(org.themes), *rng.sample(range(len(net.themes)), rng.randint(0, 2))})
        theme = net.themes[theme_indexes[0]]
        title = net.text(
            rng,
            region,
            words.OFFERING_TITLES[kind],
            1,
            theme=theme.name,
            organisation=org.name,
            topic=rng.choice(words.THEME_TOPICS[theme.slug]),
        )
        audiences = sorted(set(rng.sample(audiences_all, rng.randint(1, 3))))
        grade_from = grade_to = None
        if "po" in audiences and rng.random() < 0.6:
            grade_from = rng.randint(1, 7)
            grade_to = rng.randint(grade_from, 8)
        free = rng.random() < 0.4
        expiry = rng.random()
        contact = person_name(rng)
        offering = Offering(
            provider_id=org.pk,
            title=title[:200],
            slug=slugs(title),
            kind=kind,
            description=net.text(rng, region, words.SENTENCES, rng.randint(2, 4), theme=theme.name),
            audiences=CodeList.pack(audiences),
            grade_from=grade_from,
            grade_to=grade_to,
            is_free=free,
            price=None if free else Decimal(rng.randrange(25, 750, 5)),
            price_note="" if free else rng.choice(["per klas", "per groep", "inclusief materiaal", "per leerling"]),
            duration=rng.choice(["1 uur", "1,5 uur", "een ochtend", "een dagdeel", "4 lessen", "6 weken", ""]),
            place=rng.choice([org.name, f"{org.neighbourhood}, {region.name}", "Op school"]),
            at_school=rng.random() < 0.45,
            languages=CodeList.pack(["nl", *rng.sample(LANGUAGES, rng.choice([0, 0, 0, 1, 2]))]),
            contact=f"{contact}, {email_for(contact, f'{org.slug}.example')}",
            booking=f"https://www.{org.slug}.example/boeken"
            if rng.random() < 0.6
            else "Mail of bel de contactpersoon.",
            expires_on=None
            if expiry < 0.6
            else today + dt.timedelta(days=rng.randint(1, 500))
            if expiry < 0.9
            else today - dt.timedelta(days=rng.randint(1, 400)),
            publication_status=PublicationStatus.PUBLISHED if rng.random() < 0.9 else PublicationStatus.DRAFT,
            updated_at=stamp(today - dt.timedelta(days=rng.randint(0, 900))),
        )
        offerings.append((offering, theme_indexes))
    made = insert(Offering, (row[0] for row in offerings))
    for offering, (_o, theme_indexes) in zip(made, offerings, strict=True):
        theme_rows.extend(
            Offering.themes.through(offering_id=offering.pk, theme_id=net.themes[t].pk) for t in theme_indexes
        )
    insert(Offering.themes.through, theme_rows)
    net.done("offerings", len(made), started)


def _has_door(act: Act) -> bool:
    # As attendance.demo: series and broadcasts have no door at which people are counted.
    return act.kind not in ("series", "publication")


def make_attendance(net: Network) -> None:
    """Attendance lists for past published activities (most programme activities, some others) with exactly the
    declared number of participations in all. People have a heavy-tailed appetite (a returning core, many who come
    once) and stay in their region. First-time flags and head counts follow attendance.services: a person is a
    first-timer at every activity of the local day they were first seen; the figures hold the list's counts."""
    started = time.perf_counter()
    rng = net.rng("attendance")
    target, today = net.targets["participations"], net.today
    candidates = [act for act in net.acts if act.published and act.day < today and _has_door(act)]
    rng.shuffle(candidates)
    candidates.sort(key=lambda act: not act.programmes)  # programme activities first: they keep lists most
    sizes, chosen = [], []
    for act in candidates:
        if sum(sizes) >= target:
            break
        if not act.programmes and rng.random() < 0.5:
            continue
        low, high = ATTENDANCE_SIZE[act.kind]
        sizes.append(min(high * 3, int(low * rng.paretovariate(1.5)) if rng.random() < 0.8 else rng.randint(low, high)))
        chosen.append(act)
    if not chosen:  # a tiny network with no past activity: there is nothing to attend
        net.done("participations", 0, started)
        return
    people_count = max(max(sizes), target * 10 // 33)
    # Fit the total exactly: trim the last lists or spread what is missing over all of them.
    while sum(sizes) > target:
        excess = sum(sizes) - target
        sizes[-1] -= min(excess, sizes[-1] - 1)
        if sum(sizes) > target:
            sizes.pop(), chosen.pop()
    missing = target - sum(sizes)
    people_count = max(people_count, (target + len(sizes) - 1) // len(sizes))
    index = 0
    while missing:
        if sizes[index % len(sizes)] < people_count:
            sizes[index % len(sizes)] += 1
            missing -= 1
        index += 1

    # People: per region, each with a Pareto appetite; a home organisation, sector and role.
    regions = len(net.regions)
    person_region = array.array("i", (number % regions for number in range(people_count)))
    pools = [[n for n in range(people_count) if person_region[n] == r] for r in range(regions)]
    appetite = [rng.paretovariate(1.1) for _n in range(people_count)]
    pool_cumulative = [cumulate(appetite[n] for n in pool) for pool in pools]
    listed = {}  # activity pk → array of person numbers
    for act, size in zip(chosen, sizes, strict=True):
        pool, cumulative = pools[act.region], pool_cumulative[act.region]
        if not pool:
            pool, cumulative = pools[0], pool_cumulative[0]
        size = min(size, len(pool))
        if size * 2 > len(pool):
            people = rng.sample(pool, size)
        else:
            seen = {}
            while len(seen) < size:
                for number in rng.choices(pool, cum_weights=cumulative, k=size - len(seen) + 5):
                    seen.setdefault(number, None)
            people = list(seen)[:size]
        listed[act.pk] = array.array("i", people)
    # A short list may have been cut to its pool; make up the total on the largest lists.
    shortfall = target - sum(len(people) for people in listed.values())
    for act in sorted(chosen, key=lambda act: -len(listed[act.pk])):
        if shortfall <= 0:
            break
        pool = pools[act.region] or pools[0]
        present = set(listed[act.pk])
        extra = [n for n in pool if n not in present][:shortfall]
        listed[act.pk].extend(extra)
        shortfall -= len(extra)

    first_day = {}
    for act in chosen:
        for number in listed[act.pk]:
            if number not in first_day or act.day < first_day[number]:
                first_day[number] = act.day
    numbers = sorted(first_day)
    participants = []
    for number in numbers:
        consent = rng.random() < 0.05
        participants.append(
            Participant(
                key=key_for(f"deelnemer-{number:07d}@voorbeeld.invalid"),
                display_name=person_name(rng) if consent else "",
                created_at=stamp(first_day[number]),
            )
        )
    made = insert(Participant, participants)
    participant_pk = dict(zip(numbers, (participant.pk for participant in made), strict=True))
    del participants, made

    # A profile per person: an organisation of their region (or none), its sector, a role.
    profile = {}
    for number in numbers:
        region = net.regions[person_region[number]]
        if rng.random() < 0.8:
            org = net.orgs[
                weighted(rng, region.organisations, region.cumulative)
                if rng.random() < 0.5
                else rng.choice(region.organisations)
            ]
            written = org.alias if org.alias and rng.random() < 0.3 else org.name
            profile[number] = (org.pk, written, org.sector, rng.choice(words.ROLES[org.sector]))
        else:
            profile[number] = (None, "", "", rng.choice(["ouder", "bewoner", ""]))
    with translation.override(settings.LANGUAGE_CODE):
        sources = {}
        for act in chosen:
            rows = len(listed[act.pk])
            sources[act.pk] = ngettext("attendance list (%(rows)s row)", "attendance list (%(rows)s rows)", rows) % {
                "rows": rows
            }
    figures, lists, total = [], [], 0

    def rows():
        nonlocal total
        for act in chosen:
            first_timers = 0
            for number in listed[act.pk]:
                org_pk, written, sector, role = profile[number]
                first = first_day[number] == act.day
                first_timers += first
                total += 1
                yield Attendance(
                    activity_id=act.pk,
                    participant_id=participant_pk[number],
                    role=role,
                    sector=sector,
                    organisation_id=org_pk,
                    organisation_name=written,
                    first_time=first,
                )
            participants_count = len(listed[act.pk])
            saved = stamp(min(today, act.day + dt.timedelta(days=rng.randint(0, 14))))
            figures.append(
                ActivityFigures(
                    activity_id=act.pk,
                    participants=participants_count,
                    first_timers=first_timers,
                    source=sources[act.pk],
                    updated_at=saved,
                )
            )
            lists.append(
                AttendanceList(
                    activity_id=act.pk,
                    rows=participants_count,
                    saved_at=saved,
                    figures_source=sources[act.pk],
                    written_participants=participants_count,
                    written_first_timers=first_timers,
                    created_figures=True,
                )
            )

    insert(Attendance, rows())
    made_figures = insert(ActivityFigures, figures)
    insert(AttendanceList, lists)
    for item in made_figures:
        net.figures[item.activity_id] = (item.pk, item.participants)
    net.done("participations", total, started)
    net.counts.update({"participants": len(numbers), "attendance lists": len(lists)})


def make_figures(net: Network) -> None:
    """Head counts recorded by hand for a third of the other past activities, some with the make-up of the
    audience, media reach, a survey result or partner organisations involved."""
    started = time.perf_counter()
    rng = net.rng("figures")
    today = net.today
    pending = []
    for act in net.acts:
        if act.day >= today or act.pk in net.figures or rng.random() > 0.33:
            continue
        low, high = ATTENDANCE_SIZE[act.kind]
        participants = rng.randint(low, high * 2)
        first_timers = rng.randint(0, participants) if rng.random() < 0.4 else None
        pending.append(
            ActivityFigures(
                activity_id=act.pk,
                participants=participants,
                first_timers=first_timers,
                source=rng.choice(["telling bij de deur", "registratie organisator", "aanmeldlijst", "schatting"]),
                updated_at=stamp(min(today, act.day + dt.timedelta(days=rng.randint(0, 30)))),
            )
        )
    made = insert(ActivityFigures, pending)
    compositions, media, surveys, involved = [], [], [], []
    for item in made:
        act = net.act_index[item.activity_id]
        net.figures[act.pk] = (item.pk, item.participants)
        if rng.random() < 0.2:
            left = 100.0
            for group in rng.sample(["leraren", "schoolleiders", "ouders", "studenten", "beleidsmakers"], 2):
                share = round(rng.uniform(10, left * 0.8), 1)
                left -= share
                compositions.append(
                    Composition(
                        figures_id=item.pk, group=group, share_percent=Decimal(str(share)), base=item.participants
                    )
                )
        if act.kind in ("festival", "publication", "series") or rng.random() < 0.05:
            kind = rng.choice(["video", "podcast", "article", "social"])
            unit = {"video": "weergaven", "podcast": "luisteraars", "article": "lezers", "social": "volgers"}[kind]
            media.append(
                MediaReach(
                    figures_id=item.pk,
                    kind=kind,
                    count=rng.randint(1, 5),
                    reach=rng.randint(100, 20_000),
                    unit=unit,
                    source="eigen statistieken",
                )
            )
        if rng.random() < 0.1:
            surveys.append(
                SurveyResult(
                    figures_id=item.pk,
                    question="Ging met energie naar huis",
                    share_percent=Decimal(str(round(rng.uniform(60, 100), 1))),
                    respondents=rng.randint(5, item.participants),
                )
            )
        if len(act.organisers) > 1 or rng.random() < 0.15:
            region = net.regions[act.region]
            others = {
                net.orgs[weighted(rng, region.organisations, region.cumulative)].pk for _n in range(rng.randint(1, 3))
            } - set(act.organisers)
            involved.extend(
                ActivityFigures.involved_organisations.through(activityfigures_id=item.pk, organisation_id=pk)
                for pk in sorted(others)
            )
    for model, rows in (
        (Composition, compositions),
        (MediaReach, media),
        (SurveyResult, surveys),
        (ActivityFigures.involved_organisations.through, involved),
    ):
        insert(model, rows)
    net.done("hand-counted figures", len(made), started)


def make_programme_details(net: Network) -> None:
    """What programme leads write and measure: a report per action per year so far, recommendations, indicators
    with yearly measurements, figures for the programme as a whole, report texts, evaluation sources and a
    collection link; and reasoning lines from a few of the programme's activities over the three rings, their
    ring-1 steps citing the activities' head counts."""
    started = time.perf_counter()
    rng = net.rng("programme details")
    today = net.today
    reports, recommendations, indicators, texts, sources, links, figures = [], [], [], [], [], [], []
    indicator_years = []
    for number, prog in enumerate(net.programmes):
        region = net.regions[prog.region]
        years = list(range(prog.start.year, min(prog.end.year, today.year) + 1)) if prog.start <= today else []
        for action_pk, _line in prog.actions:
            for year in years:
                fill = {"year": str(year)}
                reports.append(
                    ActionReport(
                        action_id=action_pk,
                        period=str(year),
                        goal=net.text(rng, region, words.AMBITIONS, 1),
                        efforts=net.text(rng, region, words.SENTENCES, 2),
                        outputs=net.text(rng, region, words.REPORT_SENTENCES, 2, **fill),
                        reflection=net.text(rng, region, words.REPORT_SENTENCES, 2, **fill),
                    )
                )
            for _r in range(rng.choice([0, 0, 1, 2])):
                recommendations.append(
                    Recommendation(
                        action_id=action_pk,
                        text=net.text(rng, region, words.REPORT_SENTENCES, 1),
                        owner=rng.choice(["programmaleider", "stuurgroep", "gemeente", ""]),
                        status=rng.choice(["open", "in_progress", "done"]),
                    )
                )
            for name, unit in rng.sample(words.INDICATORS, rng.randint(1, 2)):
                baseline = Decimal(rng.randint(5, 60))
                direction = "down" if "thuiszitters" in name else "up"
                target = baseline * Decimal("0.6" if direction == "down" else "1.5")
                indicators.append(
                    Indicator(
                        action_id=action_pk,
                        name=name,
                        unit=unit,
                        baseline=baseline,
                        target=target.quantize(Decimal("1")),
                        direction=direction,
                    )
                )
                indicator_years.append((years, baseline, target))
        for label, unit in rng.sample(words.PROGRAMME_FIGURES, rng.randint(2, 4)):
            figures.append(
                ProgrammeFigure(
                    programme_id=prog.pk,
                    label=label,
                    value=Decimal(rng.randint(20, 5000)),
                    qualifier=rng.choice(["exact", "at_least", "about"]),
                    unit=unit,
                    year=rng.choice(years) if years else None,
                    source=rng.choice(["jaarverslag", "monitor gemeente", "eigen telling"]),
                )
            )
        if rng.random() < 0.6 or number == 0:
            texts.extend(
                ReportText(
                    programme_id=prog.pk,
                    key=key,
                    text=net.text(rng, region, words.REPORT_SENTENCES, 3),
                    updated_at=stamp(today),
                )
                for key in TextKey.values
            )
        for _s in range(rng.randint(1, 3)):
            invited = rng.randint(10, 300)
            sources.append(
                EvaluationSource(
                    programme_id=prog.pk,
                    kind=rng.choice(SourceKind.values),
                    title=net.text(
                        rng,
                        region,
                        ["Interviews met {people}", "Vragenlijst onder {people}", "Groepsgesprek {theme}"],
                        1,
                    ),
                    held_on=today - dt.timedelta(days=rng.randint(10, 700)),
                    invited=invited,
                    responded=rng.randint(1, invited),
                    description=net.text(rng, region, words.REPORT_SENTENCES, 1),
                )
            )
        links.append(
            CollectionLink(
                code=f"p{number + 1}-{prog.slug[:10].strip('-')}",
                title="Verhalen",
                programme_id=prog.pk,
                created_at=stamp(max(prog.start, today - dt.timedelta(days=700))),
            )
        )
    made_links = insert(CollectionLink, links)
    for prog, link in zip(net.programmes, made_links, strict=True):
        prog.link = link.pk
    insert(ActionReport, reports)
    insert(Recommendation, recommendations)
    measurements = []
    for indicator, (years, baseline, target) in zip(insert(Indicator, indicators), indicator_years, strict=True):
        for step, year in enumerate(years, 1):
            share = Decimal(str(min(1.0, step / (len(years) + 1) * rng.uniform(0.6, 1.3))))
            measurements.append(
                Measurement(
                    indicator_id=indicator.pk,
                    date=min(today, dt.date(year, 12, 31)),
                    value=(baseline + (target - baseline) * share).quantize(Decimal("0.1")),
                    source="monitor",
                )
            )
    insert(Measurement, measurements)
    made_figures = insert(ProgrammeFigure, figures)
    insert(ReportText, texts)
    insert(EvaluationSource, sources)
    programme_figures = defaultdict(list)
    for item in made_figures:
        programme_figures[item.programme_id].append(item.pk)
    _make_reasoning(net, rng, programme_figures)
    net.done("programme details", len(reports) + len(indicators) + len(measurements) + len(figures), started)


def _make_reasoning(net: Network, rng: random.Random, programme_figures: dict) -> None:
    lines, meta = [], []
    for prog in net.programmes:
        past = [pk for pk in prog.activities if net.act_index[pk].day < net.today and net.act_index[pk].published]
        if len(past) < 2:
            continue
        for number in range(rng.randint(2, 5)):
            line_pk, code, _kind, route = rng.choice(prog.lines)
            chosen = rng.sample(past, min(len(past), rng.randint(2, 5)))
            lines.append(
                ReasoningLine(
                    programme_id=prog.pk,
                    line_id=line_pk,
                    title=f"Redeneerlijn {code}.{number + 1}: van ontmoeting naar verankering",
                )
            )
            meta.append((prog, chosen, route))
    made = insert(ReasoningLine, lines)
    activity_rows, steps, step_meta = [], [], []
    for reasoning, (prog, chosen, route) in zip(made, meta, strict=True):
        activity_rows.extend(
            ReasoningLine.activities.through(reasoningline_id=reasoning.pk, activity_id=pk) for pk in chosen
        )
        for position, ring in enumerate((1, 2, 2, 3)[: rng.randint(3, 4)]):
            dimension = route[ring] if route and rng.random() < 0.7 else rng.choice(net.dimensions[ring])
            steps.append(
                ReasoningStep(
                    reasoning_line_id=reasoning.pk,
                    ring=ring,
                    dimension_id=dimension,
                    position=position,
                    text=rng.choice(words.STORY_RING_SENTENCES[ring]).format_map(
                        Slots(rng, {}, net.slot_makers(net.regions[prog.region]))
                    ),
                )
            )
            step_meta.append((prog, chosen, ring, dimension))
    insert(ReasoningLine.activities.through, activity_rows)
    cited, cited_programme = [], []
    net.evidence = defaultdict(list)
    for step, (prog, chosen, ring, dimension) in zip(insert(ReasoningStep, steps), step_meta, strict=True):
        for activity_pk in chosen:
            net.evidence[(prog.pk, activity_pk)].append((ring, dimension, step.pk))
        if ring == 1:
            cited.extend(
                ReasoningStep.activity_figures.through(reasoningstep_id=step.pk, activityfigures_id=net.figures[pk][0])
                for pk in chosen
                if pk in net.figures
            )
        elif ring == 3 and programme_figures[prog.pk] and rng.random() < 0.5:
            cited_programme.append(
                ReasoningStep.programme_figures.through(
                    reasoningstep_id=step.pk, programmefigure_id=rng.choice(programme_figures[prog.pk])
                )
            )
    insert(ReasoningStep.activity_figures.through, cited)
    insert(ReasoningStep.programme_figures.through, cited_programme)
    net.counts["reasoning lines"] = len(made)


def make_stories(net: Network) -> None:
    """Stories about past published activities (programme activities and well-attended ones more often), told
    ring by ring: ring 1 nearly always, ring 2 in three of four, ring 3 in under half; dimensions mostly follow
    the ambition's route. Accepted: about four in five once a month has passed; consent allows publication for
    85%. A few are merged into an earlier story of the same activity, some ring-3 claims are substantiated, and
    accepted parts are linked as evidence to the reasoning steps they speak to (stories.services.link_evidence)."""
    started = time.perf_counter()
    rng = net.rng("stories")
    target, today = net.targets["stories"], net.today
    candidates = [act for act in net.acts if act.published and act.day < today]
    cumulative = cumulate(
        (4 if act.programmes else 1) * math.sqrt(net.figures.get(act.pk, (0, 9))[1] or 9) for act in candidates
    )
    programmes = {prog.pk: prog for prog in net.programmes}
    whole = [prog for prog in net.programmes if prog.start <= today]
    evidence = net.evidence
    last_published = {}  # activity pk → a published story of it, to merge into
    chosen_for_round = defaultdict(list)
    made_total = parts_total = substantiated = linked = 0
    themes_through, steps_through = Story.themes.through, StoryPart.reasoning_steps.through
    for chunk_start in range(0, target, BATCH):
        stories, story_meta = [], []
        for _n in range(min(BATCH, target - chunk_start)):
            act = weighted(rng, candidates, cumulative) if candidates and (rng.random() > 0.05 or not whole) else None
            if act is None and not whole:
                act = None
            prog = (
                programmes[act.programmes[0]]
                if act and len(act.programmes) == 1
                else (None if act else rng.choice(whole) if whole else None)
            )
            line = None
            route = None
            if prog is not None:
                own = [(pk, r) for pk, _c, _k, r in prog.lines if act is None or pk in act.lines]
                if act is not None and len(own) == 1:
                    line, route = own[0]
            day = act.day if act else max(prog.start, today - dt.timedelta(days=400)) if prog else today
            collected = min(today, day + dt.timedelta(days=rng.randint(0, 60)))
            age = (today - collected).days
            draw = rng.random()
            if age < 30:
                status = StoryStatus.NEW if draw < 0.6 else StoryStatus.PUBLISHED
            else:
                status = (
                    StoryStatus.PUBLISHED
                    if draw < 0.82
                    else StoryStatus.NEW
                    if draw < 0.88
                    else StoryStatus.REJECTED
                    if draw < 0.96
                    else StoryStatus.MERGED
                )
            merged_into = None
            if status == StoryStatus.MERGED:
                merged_into = last_published.get(act.pk) if act else None
                if merged_into is None:
                    status = StoryStatus.PUBLISHED
            draw = rng.random()
            consent = Consent.ROLE if draw < 0.6 else Consent.NAMED if draw < 0.85 else Consent.INTERNAL
            region = net.regions[act.region if act else prog.region if prog else 0]
            org = net.orgs[weighted(rng, region.organisations, region.cumulative)]
            named = consent == Consent.NAMED
            name = person_name(rng) if named else ""
            source = rng.choice(
                [StorySource.FORM] * 7 + [StorySource.INTERVIEW] * 2 + [StorySource.SURVEY, StorySource.DOCUMENT]
            )
            theme_pool = act.themes if act else prog.themes
            story = Story(
                programme_id=prog.pk if prog else None,
                line_id=line,
                activity_id=act.pk if act else None,
                link_id=prog.link if prog and source == StorySource.FORM else None,
                respondent_role=rng.choice(words.ROLES[org.sector]),
                sector=org.sector,
                respondent_name=name,
                organisation_name=org.name if named or rng.random() < 0.4 else "",
                organisation_id=org.pk if named or rng.random() < 0.3 else None,
                email=email_for(name, f"{org.slug}.example") if named and rng.random() < 0.5 else "",
                consent=consent,
                quote=rng.choice(words.QUOTES) if rng.random() < 0.4 else "",
                source=source,
                collected_on=collected,
                status=status,
                merged_into_id=merged_into,
                reject_reason="Gaat niet over een activiteit van het netwerk."
                if status == StoryStatus.REJECTED
                else "",
                created_at=stamp(collected),
                updated_at=stamp(min(today, collected + dt.timedelta(days=rng.randint(0, 20)))),
            )
            stories.append(story)
            rings = [ring for ring, chance in ((1, 0.95), (2, 0.75), (3, 0.45)) if rng.random() < chance] or [1]
            story_meta.append(
                (act, prog, route, rings, sorted(set(rng.sample(theme_pool, min(len(theme_pool), rng.randint(1, 2))))))
            )
        made = Story.objects.bulk_create(stories, batch_size=BATCH)
        parts, part_meta, theme_rows = [], [], []
        for story, (act, prog, route, rings, theme_indexes) in zip(made, story_meta, strict=True):
            theme_rows.extend(themes_through(story_id=story.pk, theme_id=net.themes[t].pk) for t in theme_indexes)
            region = net.regions[act.region if act else prog.region if prog else 0]
            for ring in rings:
                dimension = route[ring] if route and rng.random() < 0.6 else rng.choice(net.dimensions[ring])
                text = net.text(rng, region, words.STORY_RING_SENTENCES[ring], rng.randint(1, 3))
                parts.append(
                    StoryPart(story_id=story.pk, ring=ring, dimension_id=dimension, text=text, stems=part_stems(text))
                )
                part_meta.append((story, act, prog, ring, dimension))
            if story.status == StoryStatus.PUBLISHED:
                if act is not None:
                    last_published[act.pk] = story.pk
                if prog is not None and story.consent != Consent.INTERNAL:
                    pool = chosen_for_round[prog.pk]
                    if len(pool) < 30:
                        pool.append(story.pk)
                    elif rng.random() < 0.1:
                        pool[rng.randrange(30)] = story.pk
        made_parts = StoryPart.objects.bulk_create(parts, batch_size=BATCH)
        step_rows, substantiations = [], []
        for part, (story, act, prog, ring, dimension) in zip(made_parts, part_meta, strict=True):
            if story.status != StoryStatus.PUBLISHED:
                continue
            if act is not None and prog is not None:
                step_rows.extend(
                    steps_through(storypart_id=part.pk, reasoningstep_id=step)
                    for step_ring, step_dimension, step in evidence.get((prog.pk, act.pk), ())
                    if step_ring == ring and step_dimension == dimension
                )
            if ring == 3 and rng.random() < 0.1:
                substantiations.append(
                    Substantiation(
                        part_id=part.pk,
                        name=person_name(rng),
                        role=rng.choice(["schoolleider", "wethouder", "bestuurder"]),
                        date=min(today, story.collected_on + dt.timedelta(days=rng.randint(5, 90))),
                        note="Bevestigt dat de samenwerking sindsdien vast is geregeld.",
                    )
                )
        themes_through.objects.bulk_create(theme_rows, batch_size=BATCH)
        steps_through.objects.bulk_create(step_rows, batch_size=BATCH)
        Substantiation.objects.bulk_create(substantiations, batch_size=BATCH)
        made_total += len(made)
        parts_total += len(made_parts)
        substantiated += len(substantiations)
        linked += len(step_rows)
    _make_rounds(net, rng, chosen_for_round)
    net.done("stories", made_total, started)
    net.counts.update({"story parts": parts_total, "substantiations": substantiated, "evidence links": linked})


def _make_rounds(net: Network, rng: random.Random, chosen: dict) -> None:
    """A Most Significant Change round for each programme with enough accepted stories."""
    rounds, meta = [], []
    for prog in net.programmes:
        pool = chosen.get(prog.pk, [])
        if len(pool) < 5:
            continue
        held = net.today - dt.timedelta(days=rng.randint(5, 300))
        rounds.append(
            SelectionRound(
                programme_id=prog.pk,
                title=f"Verhalenronde {held.year}",
                panel="De binnenkring: vijf partners uit po, vo, mbo, hbo en gemeente.",
                held_on=held,
                is_closed=(net.today - held).days > 30,
            )
        )
        meta.append(rng.sample(pool, rng.randint(3, min(8, len(pool)))))
    selections = []
    for selection_round, stories in zip(insert(SelectionRound, rounds), meta, strict=True):
        selections.extend(
            Selection(round_id=selection_round.pk, story_id=pk, reason=rng.choice(words.QUOTES)) for pk in stories
        )
    insert(Selection, selections)
    net.counts["selections"] = len(selections)


def finish(net: Network) -> None:
    """What the signals would have kept: the search index (the cache versions follow the inserts themselves,
    core.invalidation); then fresh planner statistics on PostgreSQL, so the first pages after generation are
    planned for the tables as they are."""
    started = time.perf_counter()
    analyse()
    # Chunks of 500: with search's default of 2000, one prefetch query over a city-sized network fails on SQLite
    # with "Expression tree is too large (maximum depth 1000)".
    counts = rebuild_all(batch=500)
    analyse()
    net.done("search entries", sum(counts.values()), started)


def analyse() -> None:
    """Planner statistics on PostgreSQL from the rows this transaction wrote. Without them, the index rebuild's
    prefetch queries were planned for empty tables and scanned a national network's 2 million story parts once
    per batch of 500 stories."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


STEPS = [
    make_themes,
    make_regions,
    make_organisations,
    make_lines,
    make_programmes,
    make_activities,
    make_projects,
    make_offerings,
    make_attendance,
    make_figures,
    make_programme_details,
    make_stories,
    finish,
]
# What must be absent for the database to count as empty (the impact model's defaults come with the migrations).
CONTENT = [Organisation, Theme, Person, Line, Activity, Project, Offering, Programme, Story, Participant]


def is_empty() -> bool:
    return not any(model.objects.exists() for model in CONTENT)


def generate(factor: float, seed: int = 1, today: dt.date | None = None, report=None) -> dict:
    """Fill an empty database with a network of `factor` times a city; returns the number of records per kind.

    One transaction: a failed run leaves the database empty, so it can simply be run again (a half-filled database
    would be refused as not empty)."""
    if today is None:
        today = dt.datetime.now(TZ).date()
    net = Network(seed=seed, today=today, targets=targets(factor), report=report or (lambda *args: None))
    with explicit_timestamps(), transaction.atomic():
        for step in STEPS:
            step(net)
    return net.counts


# --- comparing two generated databases ----------------------------------------------------------------------------


def digest() -> str:
    """A SHA-256 over every generated row, with primary and foreign keys counted from the smallest key of their table,
    so two databases filled with the same seed and day compare equal even when their id sequences started elsewhere
    (PostgreSQL sequences do not roll back). Version tokens and the attendance turn's time are left out: they differ
    on purpose."""
    skipped = {"core.cacheversion", "attendance.attendanceturn", "search.searchentry"}
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in ("auth", "contenttypes", "sessions", "admin")
        and model._meta.label_lower not in skipped
    ]
    lowest = {}
    for model in models:
        lowest[model] = model.objects.order_by("pk").values_list("pk", flat=True).first() or 0
    hasher = hashlib.sha256()
    for model in sorted(models, key=lambda model: model._meta.label_lower):
        fields = model._meta.concrete_fields
        names = [f.attname for f in fields]
        hasher.update(model._meta.label_lower.encode())
        for row in model.objects.order_by("pk").values_list(*names).iterator(chunk_size=5000):
            values = []
            for model_field, value in zip(fields, row, strict=True):
                if (
                    value is not None
                    and (model_field.primary_key or model_field.is_relation)
                    and isinstance(value, int)
                ):
                    target = model if model_field.primary_key else model_field.related_model
                    value = value - lowest.get(target, lowest.get(apps.get_model(target._meta.label), 0))
                values.append(value)
            hasher.update(repr(values).encode())
    # A search entry's url and object_id hold ids; kind, title and terms say what was indexed.
    entries = SearchEntry.objects.values_list("kind", "title", "terms_title", "terms_body", "date", "visible_until")
    hasher.update(repr(sorted(entries)).encode())
    return hasher.hexdigest()
