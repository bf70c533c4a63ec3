"""Measure the programme dashboard on a synthetic programme; prints figures, asserts nothing.

Everything it builds is rolled back at the end, so it can run against any database.
"""

import datetime as dt
import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities.models import Activity
from core.models import PublicationStatus
from impact.models import ActivityFigures, Dimension
from network.models import Organisation
from programmes.models import Action, Programme, ProgrammeLine, ReasoningLine, ReasoningStep


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Render a synthetic programme's dashboard and print its median time and query count."

    def add_arguments(self, parser):
        parser.add_argument("--activities", type=int, default=2000)
        parser.add_argument("--reasoning-lines", type=int, default=50)
        parser.add_argument("--runs", type=int, default=7)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, activities, reasoning_lines, runs, seed, **options):
        random.seed(seed)
        try:
            with transaction.atomic():
                started = time.perf_counter()
                programme = self._build(activities, reasoning_lines)
                built = time.perf_counter() - started
                client = Client(HTTP_HOST="localhost")
                url = programme.get_absolute_url()
                client.get(url)  # warm caches and templates
                timings = []
                for _run in range(runs):
                    with CaptureQueriesContext(connection) as queries:
                        begin = time.perf_counter()
                        response = client.get(url)
                        timings.append(time.perf_counter() - begin)
                    assert response.status_code == 200, response.status_code
                self._report(activities, reasoning_lines, built, timings, len(queries.captured_queries),
                             len(response.content))
                raise Rollback
        except Rollback:
            pass

    def _build(self, activity_count: int, reasoning_count: int) -> Programme:
        organisers = Organisation.objects.bulk_create(
            Organisation(name=f"Bench organisatie {i}", name_key=f"bench organisatie {i}",
                         slug=f"bench-organisatie-{i}", sector="po")
            for i in range(40)
        )
        programme = Programme.objects.create(
            slug="bench-programma", name="Benchmarkprogramma", period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 12, 31), publication_status=PublicationStatus.PUBLISHED,
        )
        lines = [ProgrammeLine.objects.create(programme=programme, kind="ambition", code=f"A{n}",
                                              title=f"Ambitie {n}", position=n) for n in range(1, 4)]
        actions = [Action.objects.create(line=line, code=f"{line.code}.{n}", title=f"Actie {n}")
                   for line in lines for n in range(1, 4)]
        start = timezone.make_aware(dt.datetime(2025, 1, 6, 10))
        created = Activity.objects.bulk_create(
            Activity(title=f"Bench activiteit {i}", slug=f"bench-activiteit-{i}",
                     start=start + dt.timedelta(hours=4 * i), end=start + dt.timedelta(hours=4 * i + 2),
                     publication_status=PublicationStatus.PUBLISHED)
            for i in range(activity_count)
        )
        Activity.organisers.through.objects.bulk_create(
            Activity.organisers.through(activity_id=a.pk, organisation_id=random.choice(organisers).pk)
            for a in created
        )
        through = Action.activities.through
        links = {(random.choice(actions).pk, a.pk) for a in created}
        links |= {(random.choice(actions).pk, a.pk) for a in random.sample(created, len(created) // 5)}
        through.objects.bulk_create(through(action_id=action, activity_id=activity) for action, activity in links)
        figures = ActivityFigures.objects.bulk_create(
            ActivityFigures(activity=a, participants=(p := random.randint(5, 400)),
                            first_timers=random.randint(0, p) if random.random() < 0.6 else None)
            for a in created
        )
        dimensions = {n: list(Dimension.objects.filter(ring__number=n, retired=False)) for n in (1, 2, 3)}
        for n in range(reasoning_count):
            reasoning = ReasoningLine.objects.create(programme=programme, line=random.choice(lines),
                                                     title=f"Redeneerlijn {n}")
            reasoning.activities.set(random.sample(created, 3))
            for position, ring in enumerate((1, 2, 2, 3)):
                step = ReasoningStep.objects.create(reasoning_line=reasoning, ring=ring, position=position,
                                                    dimension=random.choice(dimensions[ring]), text="Effect.")
                if ring == 1:
                    step.activity_figures.set(random.sample(figures, 2))
        return programme

    def _report(self, activities, reasoning_lines, built, timings, queries, size):
        median_ms = statistics.median(timings) * 1000
        self.stdout.write(
            f"programme dashboard, {activities} activities with figures, {reasoning_lines} reasoning lines "
            f"({connection.vendor}):\n"
            f"  build {built:.1f} s; render median {median_ms:.0f} ms "
            f"(min {min(timings) * 1000:.0f}, max {max(timings) * 1000:.0f}, {len(timings)} runs); "
            f"{queries} queries; {size / 1024:.0f} KiB of HTML"
        )
