"""Measure large imports: an activities sheet (rows per second for the dry run and the real run, and peak
memory) and DUO's national list of school locations (seconds for the first import and for the same file again).

Generates a CSV of --rows activities (semicolons, Dutch column names, a handful of organisers named by name or
abbreviation), then checks it and imports it as import_data would. Memory is measured in a separate dry run under
tracemalloc, so the timings are not slowed by it. The schools are --schools locations shaped as DUO publishes them
(devtools.duo), imported as `import_data organisations FILE --set sector=po` would; targets: under 30 s, and under
15 s for the same file again, which changes nothing. Everything is rolled back at the end, so any database will do.
"""

import random
import resource
import time
import tracemalloc

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from devtools.duo import locations_csv
from exchange.import_kinds import ACTIVITIES, ORGANISATIONS
from exchange.references import Lookups
from exchange.spreadsheet import read_sheet, run
from network.models import Organisation, OrganisationAlias
from network.services import save_organisation


class Rollback(Exception):
    pass


def activities_csv(rows: int, names: list[str], seed: int) -> bytes:
    rng = random.Random(seed)
    lines = ["Titel;Datum;Begintijd;Eindtijd;Organisator;Locatie;Thema's;Omschrijving"]
    for number in range(rows):
        day, month, hour = 1 + number % 28, 1 + (number // 28) % 12, 8 + rng.randrange(10)
        subject = rng.choice(["taal", "rekenen", "natuur", "techniek"])
        lines.append(
            f"Werkplaats {number:06d};{day}-{month}-{2030 + number // 336 % 5};{hour}:00;{hour + 2}:00;"
            f"{rng.choice(names)};Lokaal {rng.randrange(1, 40)};;Samen leren over {subject}"
        )
    return "\r\n".join(lines).encode("utf-8")


def _peak_rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "Time checking and importing a generated activities spreadsheet; prints rows/s and peak memory."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument(
            "--apply-rows",
            type=int,
            default=None,
            help="Rows for the real run (default: all); saving goes through the activity service.",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--schools", type=int, default=6107, help="School locations in the DUO-shaped file (0: leave out)."
        )

    def handle(self, *args, rows, apply_rows, seed, schools, **options):
        try:
            with transaction.atomic():
                if schools:
                    self._schools(schools, seed)
                if rows:
                    self._run(rows, rows if apply_rows is None else apply_rows, seed)
                raise Rollback
        except Rollback:
            pass

    def _schools(self, count: int, seed: int) -> None:
        content = locations_csv(count, seed)
        self.stdout.write(f"DUO school locations: {count:,} rows, {len(content) / 1024 / 1024:.1f} MiB CSV (cp1252)")
        for attempt in ("first import", "the same file again"):
            started = time.perf_counter()
            sheet = read_sheet(SimpleUploadedFile("vestigingen.csv", content), ORGANISATIONS)
            outcome = run(ORGANISATIONS, sheet, Lookups(), write=True, preset={"sector": "po"})
            seconds = time.perf_counter() - started
            assert outcome.applied, outcome.errors[:3]
            self.stdout.write(f"{attempt}: {dict(outcome.counts)} in {seconds:.1f} s")

    def _run(self, rows: int, apply_rows: int, seed: int) -> None:
        names = []
        for number in range(8):
            organisation = save_organisation(
                Organisation(name=f"Bench organisatie {number}", sector="po"), [f"BO{number}"]
            )
            names += [organisation.name, f"BO{number}"]
        content = activities_csv(rows, names, seed)
        self.stdout.write(
            f"file: {rows:,} rows, {len(content) / 1024 / 1024:.1f} MiB CSV; "
            f"{OrganisationAlias.objects.count():,} aliases known"
        )

        started = time.perf_counter()
        sheet = read_sheet(SimpleUploadedFile("bench.csv", content), ACTIVITIES, max_bytes=len(content) + 1)
        read_seconds = time.perf_counter() - started
        outcome = run(ACTIVITIES, sheet, Lookups())
        dry_seconds = time.perf_counter() - started
        assert not outcome.errors, outcome.errors[:3]
        self.stdout.write(
            f"dry run: read {read_seconds:.2f} s, total {dry_seconds:.2f} s → "
            f"{rows / dry_seconds:,.0f} rows/s ({dict(outcome.counts)})"
        )

        tracemalloc.start()
        sheet = read_sheet(SimpleUploadedFile("bench.csv", content), ACTIVITIES, max_bytes=len(content) + 1)
        run(ACTIVITIES, sheet, Lookups())
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        self.stdout.write(
            f"dry run peak Python memory: {peak / 1024 / 1024:.0f} MiB; process peak RSS so far: {_peak_rss():.0f} MiB"
        )

        head = b"\r\n".join(content.split(b"\r\n")[: apply_rows + 1])
        started = time.perf_counter()
        sheet = read_sheet(SimpleUploadedFile("bench.csv", head), ACTIVITIES, max_bytes=len(head) + 1)
        outcome = run(ACTIVITIES, sheet, Lookups(), write=True)
        seconds = time.perf_counter() - started
        assert outcome.applied, outcome.errors[:3]
        self.stdout.write(
            f"import: {apply_rows:,} rows in {seconds:.1f} s → {apply_rows / seconds:,.0f} rows/s; "
            f"process peak RSS so far: {_peak_rss():.0f} MiB"
        )
        started = time.perf_counter()
        sheet = read_sheet(SimpleUploadedFile("bench.csv", head), ACTIVITIES, max_bytes=len(head) + 1)
        outcome = run(ACTIVITIES, sheet, Lookups(), write=True)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"the same file again: {dict(outcome.counts)} in {seconds:.1f} s → {apply_rows / seconds:,.0f} rows/s"
        )
        self.stdout.write(f"process peak RSS: {_peak_rss():.0f} MiB")
