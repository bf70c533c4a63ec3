"""Running the stages in one transaction on an empty database, rebuilding what signals would have kept, and
comparing two generated databases (digest)."""

import datetime as dt
import hashlib
import time

from django.apps import apps
from django.db import transaction

from activities.models import Activity
from attendance.models import Participant
from core.batching import batched
from devtools.generator.accounts import make_accounts
from devtools.generator.activities import make_activities, make_offerings, make_projects
from devtools.generator.attendance import make_attendance, make_figures
from devtools.generator.base import TZ, Network, analyse, explicit_timestamps, targets
from devtools.generator.directory import make_lines, make_organisations, make_regions, make_themes
from devtools.generator.programmes import make_programme_details, make_programmes
from devtools.generator.stories import make_stories
from network.models import Line, Organisation, Person, Theme
from offerings.models import Offering
from programmes.models import Programme
from projects.models import Project
from search.indexers import index
from search.models import SearchEntry
from search.services import forget_vocabulary
from stories.models import Story


def index_the_rest() -> None:
    """Inside the stages' batch, after the last write: index the kinds written without a bulk service (lines,
    programmes: nothing announced them); leaving the batch then indexes every record, set-based. Fresh planner
    statistics on PostgreSQL first, so the index's prefetch queries are planned for the tables as they are."""
    analyse()
    for model in (Line, Programme):
        for record in model.objects.order_by("pk"):
            index(record)


def finish(net: Network, started: float) -> None:
    """What the save services' signals would have kept besides the search index: search's cached vocabulary (the
    cache versions follow the inserts themselves, core.invalidation); then planner statistics again for the first
    pages after generation."""
    forget_vocabulary()
    analyse()
    net.done("search entries", SearchEntry.objects.count(), started)


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
]
# What must be absent for the database to count as empty (the impact model's defaults come with the migrations).
CONTENT = [Organisation, Theme, Person, Line, Activity, Project, Offering, Programme, Story, Participant]


def is_empty() -> bool:
    return not any(model.objects.exists() for model in CONTENT)


def generate(factor: float, seed: int = 1, today: dt.date | None = None, report=None, accounts: int = 0) -> dict:
    """Fill an empty database with a network of `factor` times a city; returns the number of records per kind.
    With `accounts`, that many of the people get a login (and some ask questions: devtools.generator.accounts).

    One transaction: a failed run leaves the database empty, so it can simply be run again (a half-filled database
    would be refused as not empty)."""
    if today is None:
        today = dt.datetime.now(TZ).date()
    net = Network(seed=seed, today=today, targets=targets(factor), report=report or (lambda *args: None))
    with explicit_timestamps(), transaction.atomic():
        # The bulk create services announce their records (core.signals.created_in_bulk); within a batch search
        # indexes them once at its end, a few hundred per query, rather than one by one as they come.
        with batched():
            for step in STEPS:
                step(net)
            if accounts:
                make_accounts(net, accounts)
            started = time.perf_counter()
            index_the_rest()
        finish(net, started)
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
