"""Measure the network's weekly digest on a large synthetic network; prints, asserts nothing, sends nothing.

    DATABASE_URL=sqlite:////tmp/city.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/city.sqlite3 python manage.py generate_network --scale city --accounts 2000
    DATABASE_URL=sqlite:////tmp/city.sqlite3 python manage.py bench_digest [--profile 25]

Runs `send_digests --weekly --dry-run` (every recipient's digest composed, text and HTML, nothing sent or recorded)
and reports the time in total and per recipient, the number of queries, and the size of the data it read.
"""

import cProfile
import io
import pstats
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from activities.models import Activity
from network.models import Organisation
from notifications import digest
from offerings.models import Offering
from questions.models import Question
from stories.models import Story


class Command(BaseCommand):
    help = "Time the weekly digest (send_digests --weekly --dry-run) on the current database: seconds, queries."

    def add_arguments(self, parser):
        parser.add_argument("--profile", type=int, default=0, help="also print the N most costly functions")

    def handle(self, *args, profile, **options):
        now = timezone.now()
        sizes = {
            "organisations": Organisation.objects.count(),
            "activities": Activity.objects.count(),
            "activities in the coming 3 weeks": Activity.objects.filter(
                start__gte=now, start__lt=now + digest.AHEAD
            ).count(),
            "stories": Story.objects.count(),
            "offerings": Offering.objects.count(),
            "open questions": Question.objects.filter(status="open").count(),
            "users": User.objects.count(),
            "digest recipients": digest.recipients().count(),
        }
        self.stdout.write(f"Data ({connection.vendor}): " + ", ".join(f"{n:,} {what}" for what, n in sizes.items()))

        output = io.StringIO()
        profiler = cProfile.Profile() if profile else None
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            call_command("send_digests", "--weekly", "--dry-run", stdout=output)
            if profiler:
                profiler.disable()
            seconds = time.perf_counter() - started
        self.stdout.write(output.getvalue().rstrip())
        recipients = sizes["digest recipients"]
        each = f"{seconds / recipients * 1000:.1f} ms" if recipients else "-"
        self.stdout.write(
            f"Total {seconds:.2f} s for {recipients:,} recipients: {each} per recipient, "
            f"{len(queries.captured_queries)} queries."
        )
        if profiler:
            stats = io.StringIO()
            pstats.Stats(profiler, stream=stats).sort_stats("cumulative").print_stats(profile)
            self.stdout.write(stats.getvalue())
