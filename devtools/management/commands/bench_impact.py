"""Measure the programme dashboard on a synthetic programme; prints figures, asserts nothing.

Everything it builds is rolled back at the end, so it can run against any database.
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from devtools.synthetic import synthetic_programme


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
                programme = synthetic_programme(activities, reasoning_lines)
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
                self._report(
                    activities, reasoning_lines, built, timings, len(queries.captured_queries), len(response.content)
                )
                raise Rollback
        except Rollback:
            pass

    def _report(self, activities, reasoning_lines, built, timings, queries, size):
        median_ms = statistics.median(timings) * 1000
        self.stdout.write(
            f"programme dashboard, {activities} activities with figures, {reasoning_lines} reasoning lines "
            f"({connection.vendor}):\n"
            f"  build {built:.1f} s; render median {median_ms:.0f} ms "
            f"(min {min(timings) * 1000:.0f}, max {max(timings) * 1000:.0f}, {len(timings)} runs); "
            f"{queries} queries; {size / 1024:.0f} KiB of HTML"
        )
