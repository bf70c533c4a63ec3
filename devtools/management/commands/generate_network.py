"""Fill an empty database with a synthetic network: python manage.py generate_network --scale city --seed 1."""

import datetime as dt
import resource
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from devtools.generator.base import SCALES, targets
from devtools.generator.run import generate, is_empty


class Command(BaseCommand):
    help = (
        "Fill an empty database with a realistic, repeatable synthetic network: demo (a tenth of a city), city "
        "(1,000 organisations, 20,000 activities, 100,000 stories …) or national (ten cities)."
    )

    def add_arguments(self, parser):
        size = parser.add_mutually_exclusive_group(required=True)
        size.add_argument("--scale", choices=list(SCALES))
        size.add_argument("--factor", type=float, help="a multiple of a city, e.g. 0.01 (for tests)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            help="the reference day (YYYY-MM-DD) dates are spread around; default today. Give it "
            "for an identical database on every run.",
        )

        parser.add_argument(
            "--accounts",
            type=int,
            default=0,
            help="give this many of the generated people a login with their address (editor or member of their "
            "organisation), and let one in twenty ask a question: for measuring mails (bench_digest)",
        )

    def handle(self, *args, scale, factor, seed, today, accounts, **options):
        factor = SCALES[scale] if scale else factor
        if factor is None or factor <= 0:
            raise CommandError("--factor must be more than 0.")
        if not is_empty():
            raise CommandError(
                "The database already holds a network (organisations, activities, …). "
                "generate_network only fills an empty database: create a new one and migrate it."
            )
        wanted = targets(factor)
        self.stdout.write(
            f"Generating a network of {factor:g} × a city on {connection.vendor} (seed {seed}): "
            + ", ".join(f"{count:,} {kind}" for kind, count in wanted.items())
        )
        started = time.perf_counter()

        def report(kind, count, seconds):
            self.stdout.write(f"  {kind:<22} {count:>10,}  {seconds:8.1f} s")
            self.stdout.flush()

        counts = generate(factor, seed=seed, today=today, report=report, accounts=accounts)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {seconds:.1f} s (peak memory {peak:.0f} MiB): "
                + ", ".join(f"{count:,} {kind}" for kind, count in counts.items())
            )
        )
