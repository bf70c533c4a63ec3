"""What every stage of the generator shares: the sizes of a city, the mixes records are drawn from, small
helpers for bulk writes, unique slugs and weighted draws, and the Network that carries what later stages need."""

import bisect
import datetime as dt
import itertools
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db import connection

from activities.models import SchoolType
from core.text import normalise_key
from devtools.generator import name_parts, phrases
from projects.models import Cluster

TZ = ZoneInfo(settings.TIME_ZONE)
BATCH = 2000  # rows per INSERT; also how many records are built in memory before they are written
SHORT_SLUG = 44  # slugs of lines and programmes (a 50-character field), with room for a number ("-12")
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
    infix = rng.choice(name_parts.INFIXES)
    return " ".join(
        part for part in (rng.choice(name_parts.FIRST_NAMES), infix, rng.choice(name_parts.SURNAMES)) if part
    )


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

    def rng(self, kind: str) -> random.Random:
        return random.Random(f"{self.seed}:{kind}")  # noqa: S311 - repeatable made-up data, not secrets

    def slot_makers(self, region: Region) -> dict:
        themes = self.themes
        return {
            "topic": lambda rng: rng.choice(phrases.THEME_TOPICS[rng.choice(themes).slug]),
            "theme": lambda rng: rng.choice(themes).name,
            "place": lambda rng: rng.choice(region.places),
            "region": lambda rng: region.area,
            "neighbourhood": lambda rng: rng.choice(region.neighbourhoods),
            "organisation": lambda rng: self.orgs[weighted(rng, region.organisations, region.cumulative)].name,
            "sector": lambda rng: rng.choice(["het po", "het vo", "het mbo", "de kinderopvang", "de gemeente"]),
            "sector2": lambda rng: rng.choice(["het hbo", "de cultuursector", "het welzijnswerk", "de bibliotheek"]),
            "people": lambda rng: rng.choice(phrases.PEOPLE),
            "others": lambda rng: rng.choice(phrases.PEOPLE),
            "group": lambda rng: rng.choice(phrases.GROUPS),
            "year": lambda rng: str(self.today.year - 1),
            "article": lambda rng: rng.choice(name_parts.ARTICLES),
            "noun": lambda rng: rng.choice(name_parts.SCHOOL_NOUNS),
            "surname": lambda rng: rng.choice(name_parts.SURNAMES),
            "surname2": lambda rng: rng.choice(name_parts.SURNAMES),
        }

    def text(self, rng: random.Random, region: Region, templates: list[str], count: int, **fixed) -> str:
        makers = self.slot_makers(region)
        return " ".join(rng.choice(templates).format_map(Slots(rng, fixed, makers)) for _n in range(count))

    def done(self, kind: str, count: int, started: float) -> None:
        self.counts[kind] = count
        self.report(kind, count, time.perf_counter() - started)


def analyse() -> None:
    """Planner statistics on PostgreSQL from the rows this transaction wrote. Without them, queries were planned
    for empty tables: the search index's prefetches scanned a national network's 2 million story parts once per
    batch of 500 stories, and so did the stories' own look-up of their ring-3 claims."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
