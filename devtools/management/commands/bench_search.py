"""Measure search on a large synthetic network: full index rebuild time and query latency; prints, asserts nothing.

Everything it creates is rolled back at the end, so it can run against any database (including the index
entries it rebuilt: the index is as it was before).
"""

import datetime as dt
import json
import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from activities.models import Activity
from core.models import CodeList, PublicationStatus
from network.models import Organisation, OrganisationAlias
from offerings.models import Offering
from projects.models import Project
from search.indexers import rebuild_all
from search.models import SearchEntry
from search.services import search

WORDS = [
    "school",
    "scholen",
    "leerlingen",
    "docenten",
    "leraren",
    "onderwijs",
    "les",
    "lessen",
    "klas",
    "groep",
    "kinderen",
    "jongeren",
    "ouders",
    "duurzaam",
    "duurzaamheid",
    "natuur",
    "klimaat",
    "energie",
    "afval",
    "groen",
    "tuin",
    "water",
    "biodiversiteit",
    "stad",
    "wijk",
    "buurt",
    "museum",
    "bibliotheek",
    "erfgoed",
    "cultuur",
    "kunst",
    "muziek",
    "theater",
    "dans",
    "film",
    "lezen",
    "taal",
    "schrijven",
    "verhalen",
    "wetenschap",
    "onderzoek",
    "techniek",
    "robot",
    "programmeren",
    "digitaal",
    "ai",
    "data",
    "rekenen",
    "wiskunde",
    "natuurkunde",
    "gezondheid",
    "sport",
    "bewegen",
    "voeding",
    "welzijn",
    "zorg",
    "armoede",
    "kansen",
    "gelijke",
    "inclusie",
    "burgerschap",
    "democratie",
    "samenwerken",
    "netwerk",
    "partners",
    "gemeente",
    "hogeschool",
    "universiteit",
    "mbo",
    "stage",
    "loopbaan",
    "beroep",
    "vakmanschap",
    "workshop",
    "gastles",
    "excursie",
    "festival",
    "conferentie",
    "bijeenkomst",
    "training",
    "cursus",
    "begeleiding",
    "coaching",
    "professionalisering",
    "innovatie",
    "pilot",
    "project",
    "programma",
    "aanpak",
    "route",
    "ontmoeting",
    "verbinding",
    "trots",
]
PREFIXES = ["Stichting", "Basisschool", "Kindcentrum", "Vereniging", "Centrum", "Lab", "Atelier", "Academie"]
PLACES = ["Leiden", "Oegstgeest", "Leiderdorp", "Voorschoten", "Katwijk", "Zoeterwoude"]


class Rollback(Exception):
    pass


# Dutch glues words together: the synthetic vocabulary adds compounds of the base words ("natuurles",
# "klimaatproject"), and words are drawn with a Zipf-like distribution, as in real text: a few common
# words, a long tail of rare ones. The offset stands for the stop words, which the index leaves out:
# the most common remaining word is in about a third of the texts, as "onderwijs" would be.
VOCABULARY: list[str] = []
WEIGHTS: list[float] = []


def _vocabulary(seed: int, compounds: int = 3000) -> None:
    chooser = random.Random(seed)
    words = list(WORDS)
    seen = set(words)
    while len(words) < len(WORDS) + compounds:
        word = chooser.choice(WORDS) + chooser.choice(WORDS)
        if word not in seen:
            seen.add(word)
            words.append(word)
    chooser.shuffle(words)
    VOCABULARY[:] = words
    WEIGHTS[:] = [1 / (rank + 30) for rank in range(len(words))]


def _words(count: int) -> list[str]:
    return random.choices(VOCABULARY, WEIGHTS, k=count)


def _text(words: int) -> str:
    return " ".join(_words(words)).capitalize() + "."


class Command(BaseCommand):
    help = "Time a full search-index rebuild and 200 searches on a synthetic network of about 100,000 records."

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=100_000)
        parser.add_argument("--queries", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, records, queries, seed, **options):
        random.seed(seed)
        _vocabulary(seed)
        try:
            with transaction.atomic():
                started = time.perf_counter()
                self._build(records)
                built = time.perf_counter() - started
                started = time.perf_counter()
                counts = rebuild_all()
                rebuilt = time.perf_counter() - started
                timings, found = self._queries(queries)
                self._report(records, built, rebuilt, counts, timings, found)
                raise Rollback
        except Rollback:
            pass

    def _build(self, records: int) -> None:
        organisation_count = max(20, records // 50)
        project_count = records // 10
        offering_count = records // 10
        activity_count = records - organisation_count - project_count - offering_count
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"{random.choice(PREFIXES)} {_text(2)[:-1]} {n}",
                name_key=f"bench {n}",
                slug=f"bench-org-{n}",
                sector=random.choice(["po", "vo", "mbo"]),
                description=_text(25),
            )
            for n in range(organisation_count)
        )
        OrganisationAlias.objects.bulk_create(
            OrganisationAlias(organisation=organisation, alias=f"BO{n}", key=f"bo{n}")
            for n, organisation in enumerate(organisations[:500])
        )
        # A few very active organisations and many small ones, as in a real network.
        weights = [1 / (rank + 1) for rank in range(len(organisations))]
        start = timezone.make_aware(dt.datetime(2024, 1, 1, 9))
        activities = Activity.objects.bulk_create(
            Activity(
                title=_text(5)[:-1],
                slug=f"bench-activity-{n}",
                description=_text(40),
                place=random.choice(PLACES),
                start=start + dt.timedelta(hours=7 * n),
                end=start + dt.timedelta(hours=7 * n + 2),
                publication_status=PublicationStatus.PUBLISHED,
            )
            for n in range(activity_count)
        )
        through = Activity.organisers.through
        through.objects.bulk_create(
            through(activity_id=activity.pk, organisation_id=random.choices(organisations, weights)[0].pk)
            for activity in activities
        )
        Project.objects.bulk_create(
            Project(
                code=f"B{n}",
                slug=f"bench-project-{n}",
                title=_text(5)[:-1],
                description=_text(40),
                cluster="kennisstad",
                publication_status=PublicationStatus.PUBLISHED,
            )
            for n in range(project_count)
        )
        Offering.objects.bulk_create(
            Offering(
                provider=random.choices(organisations, weights)[0],
                title=_text(4)[:-1],
                slug=f"bench-offering-{n}",
                kind="workshop",
                description=_text(30),
                audiences=CodeList.pack(["po"]),
                publication_status=PublicationStatus.PUBLISHED,
            )
            for n in range(offering_count)
        )

    def _queries(self, count: int):
        queries = []
        for n in range(count):
            # One, two or three words as people type them, and an abbreviation with a word.
            shape = n % 4
            if shape == 3:
                queries.append(f"BO{random.randrange(500)} {_words(1)[0]}")
            else:
                queries.append(" ".join(_words(shape + 1)))
        timings, found = [], []
        search(queries[0], member=False)  # warm up
        for query in queries:
            started = time.perf_counter()
            results = search(query, member=False)
            timings.append(time.perf_counter() - started)
            found.append(results.total)
        return timings, found

    def _report(self, records, built, rebuilt, counts, timings, found):
        ordered = sorted(timings)
        p95 = ordered[int(0.95 * (len(ordered) - 1))] * 1000
        figures = {
            "bench": "search",
            "database": connection.vendor,
            "entries": SearchEntry.objects.count(),
            "records_made": records,
            "build_s": round(built, 1),
            "rebuild_s": round(rebuilt, 1),
            "queries": len(timings),
            "p50_ms": round(statistics.median(timings) * 1000, 1),
            "p95_ms": round(p95, 1),
            "max_ms": round(max(timings) * 1000, 1),
            "median_hits": statistics.median(found),
            "per_kind": counts,
        }
        self.stdout.write(
            f"search on {connection.vendor}: {figures['entries']:,} index entries "
            f"(synthetic records made in {built:.1f} s)\n"
            f"  full rebuild {rebuilt:.1f} s\n"
            f"  {len(timings)} queries: p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
            f"max {figures['max_ms']} ms; median {figures['median_hits']} hits per query"
        )
        self.stdout.write(json.dumps(figures))
