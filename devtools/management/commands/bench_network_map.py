"""Measure the network map on a synthetic network (default 1,000 organisations, about 20,000 ties); prints figures.

Everything it builds is rolled back at the end, so it can run against any database. "Cold" is the first
request after a change (the graph is built and its metrics computed); "warm" is served from the cache.
"""

import datetime as dt
import random
import statistics
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from activities.models import Activity
from core import invalidation
from core.models import PublicationStatus, Sector
from network.models import Line, Organisation, Person, Theme
from networkmap import analytics, cache
from networkmap.cache import MAP
from networkmap.shapes import Filters, Viewer
from projects.models import Project, ProjectUpdate


class Rollback(Exception):
    pass


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


class Command(BaseCommand):
    help = "Time the network map, its list view and data on a large synthetic network (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=1000)
        parser.add_argument("--activities", type=int, default=6000)
        parser.add_argument("--projects", type=int, default=400)
        parser.add_argument("--runs", type=int, default=7)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, organisations, activities, projects, runs, seed, **options):
        self.random = random.Random(seed)
        try:
            with transaction.atomic():
                started = time.perf_counter()
                self._network(organisations, activities, projects)
                self.stdout.write(
                    f"synthetic network built in {time.perf_counter() - started:.1f} s ({connection.vendor})"
                )
                self._measure(runs)
                raise Rollback
        except Rollback:
            pass

    def _network(self, organisation_count, activity_count, project_count):
        pick = self.random
        sectors = Sector.values
        themes = Theme.objects.bulk_create(Theme(name=f"Benchthema {n}", slug=f"benchthema-{n}") for n in range(18))
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Bench organisatie {n}",
                name_key=f"bench organisatie {n}",
                slug=f"bench-organisatie-{n}",
                sector=pick.choice(sectors),
            )
            for n in range(organisation_count)
        )
        Organisation.themes.through.objects.bulk_create(
            Organisation.themes.through(organisation_id=organisation.pk, theme_id=theme.pk)
            for organisation in organisations
            for theme in pick.sample(themes, pick.randint(1, 4))
        )
        # Skewed: a few organisations take part in very much, most in a little (Zipf-like weights).
        weights = [1 / (rank + 1) ** 0.6 for rank in range(organisation_count)]

        def some(low, high):
            return set(pick.choices(organisations, weights=weights, k=pick.randint(low, high)))

        first_day = timezone.make_aware(dt.datetime(2022, 1, 3, 10))
        created = Activity.objects.bulk_create(
            Activity(
                title=f"Bench activiteit {n}",
                slug=f"bench-activiteit-{n}",
                start=(start := first_day + dt.timedelta(hours=pick.randint(0, 5 * 365 * 24))),
                end=start + dt.timedelta(hours=2),
                publication_status=PublicationStatus.PUBLISHED,
            )
            for n in range(activity_count)
        )
        Activity.organisers.through.objects.bulk_create(
            Activity.organisers.through(activity_id=activity.pk, organisation_id=organisation.pk)
            for activity in created
            for organisation in some(2, 4)
        )
        Activity.themes.through.objects.bulk_create(
            Activity.themes.through(activity_id=activity.pk, theme_id=pick.choice(themes).pk) for activity in created
        )
        made = Project.objects.bulk_create(
            Project(
                code=f"BP{n}",
                slug=f"bench-project-{n}",
                title=f"Benchproject {n}",
                cluster="kennisstad-breed",
                publication_status=PublicationStatus.PUBLISHED,
            )
            for n in range(project_count)
        )
        Project.leads.through.objects.bulk_create(
            Project.leads.through(project_id=project.pk, organisation_id=pick.choice(organisations).pk)
            for project in made
        )
        Project.partners.through.objects.bulk_create(
            Project.partners.through(project_id=project.pk, organisation_id=organisation.pk)
            for project in made
            for organisation in some(1, 7)
        )
        ProjectUpdate.objects.bulk_create(
            ProjectUpdate(project=project, date=dt.date(pick.randint(2022, 2026), 6, 1), text="Voortgang.")
            for project in made
        )
        lines = Line.objects.bulk_create(
            Line(name=f"Benchlijn {n}", slug=f"benchlijn-{n}", kind="dwarslijn") for n in range(20)
        )
        people = Person.objects.bulk_create(
            Person(name=f"Bench persoon {n}", role="zichthouder", organisation=pick.choice(organisations))
            for n in range(120)
        )
        Line.holders.through.objects.bulk_create(
            Line.holders.through(line_id=line.pk, person_id=person.pk)
            for line in lines
            for person in pick.sample(people, pick.randint(3, 8))
        )

    def _measure(self, runs):
        coordinator = get_user_model().objects.create(username="bench-kaart", is_coordinator=True)
        public = Client(HTTP_HOST="localhost")
        staff = Client(HTTP_HOST="localhost")
        staff.force_login(coordinator)

        for client in (public, staff):
            client.get("/netwerk/?sector=so")  # templates, imports and connections warm; the graph stays cold
        builds = []
        for _run in range(3):
            viewer = Viewer(AnonymousUser(), "public", invalidation.renew(MAP))
            began = time.perf_counter()
            network = cache.network(Filters(), viewer)
            builds.append(time.perf_counter() - began)
        began = time.perf_counter()
        metrics = analytics.summarise(network, timezone.localdate().year)
        summarised = time.perf_counter() - began
        betweenness = f"estimated from {network.sampled} sources" if network.sampled else "exact"
        self.stdout.write(
            f"  {metrics.organisations} organisations, {metrics.ties} ties "
            f"({Activity.objects.count()} activities, {Project.objects.count()} projects, {Line.objects.count()} "
            f"lines); betweenness {betweenness}"
        )
        self.stdout.write(
            f"  service, uncached: graph + betweenness median {_ms(statistics.median(builds))} "
            f"(3 runs), metrics {_ms(summarised)}"
        )

        for label, client, url in [
            ("map page, public", public, "/netwerk/"),
            ("map page, coordinator (with 'not yet connected')", staff, "/netwerk/"),
            ("map data (JSON)", public, "/netwerk.json"),
            ("list view, organisations", public, "/netwerk/lijst/?sorteer=makelaars"),
            ("list view, ties", public, "/netwerk/lijst/?toon=banden"),
            ("map page filtered (theme, sectors po+vo)", public, "/netwerk/?thema=benchthema-3&sector=po&sector=vo"),
        ]:
            cold = []
            for _run in range(3):
                invalidation.renew(MAP)  # as after an edit: nothing cached
                cold.append(self._get(client, url)[0])
            warm, size = zip(*(self._get(client, url) for _run in range(runs)), strict=True)
            self.stdout.write(
                f"  {label}: cold median {_ms(statistics.median(cold))} (max {_ms(max(cold))}, 3 runs), "
                f"warm median {_ms(statistics.median(warm))} (max {_ms(max(warm))}, {runs} runs); "
                f"{size[0] / 1024:.0f} KiB"
            )

    def _get(self, client, url):
        began = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - began
        assert response.status_code == 200, (url, response.status_code)
        return elapsed, len(response.content)
