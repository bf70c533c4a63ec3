"""Measure checking and saving a large attendance list; prints rows per second and peak memory, asserts little.

Builds a history (an earlier activity whose list shares part of the people), then reads a generated CSV of
--rows rows, previews it, holds it and saves it as the user would. Memory is measured in a second pass under
tracemalloc, so the timings are not slowed by it. Everything is rolled back at the end, so it can run against
any database.
"""

import datetime as dt
import random
import resource
import time
import tracemalloc

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from activities.models import Activity
from attendance import services
from attendance.reading import read_text, read_upload
from core.models import Sector
from network.models import Organisation


class Rollback(Exception):
    pass


def attendance_csv(rows: int, seed: int) -> bytes:
    rng = random.Random(seed)
    sectors = [label for _code, label in Sector.choices]
    lines = ["Naam;E-mail;Rol;Sector;Organisatie;Toestemming"]
    for number in range(rows):
        lines.append(
            f"Deelnemer {number:06d};deelnemer-{number:06d}@voorbeeld.invalid;"
            f"{rng.choice(['docent', 'leerkracht', 'student', 'onderzoeker', 'ouder'])};"
            f"{rng.choice(sectors)};{rng.choice(['Bench A', 'Bench B', 'Nergens bekend', ''])};"
            f"{rng.choice(['ja', 'nee', ''])}"
        )
    return "\r\n".join(lines).encode("utf-8")


class Command(BaseCommand):
    help = "Time reading, previewing and saving a generated attendance list of many rows; prints rows/s and memory."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=50_000)
        parser.add_argument(
            "--known",
            type=int,
            default=10_000,
            help="How many of them attended an earlier activity (returning participants).",
        )
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, rows, known, seed, **options):
        content = attendance_csv(rows, seed)
        try:
            with transaction.atomic():
                self._run(content, rows, known)
                raise Rollback
        except Rollback:
            pass

    def _run(self, content: bytes, rows: int, known: int):
        organisation = Organisation.objects.create(name="Bench A", name_key="bench a", slug="bench-a-attendance")
        start = timezone.now().replace(microsecond=0)
        earlier = self._activity("earlier", start - dt.timedelta(days=30), organisation)
        activity = self._activity("list", start, organisation)
        history = "\n".join(f"deelnemer-{number:06d}@voorbeeld.invalid" for number in range(known))
        if known:
            services.save_list(earlier, read_text(history).rows, None)

        began = time.perf_counter()
        reading = read_upload(SimpleUploadedFile("lijst.csv", content))
        read_seconds = time.perf_counter() - began
        began = time.perf_counter()
        preview = services.preview(activity, reading)
        preview_seconds = time.perf_counter() - began
        user = get_user_model().objects.create(username="bench-attendance")
        began = time.perf_counter()
        upload = services.hold(activity, user, reading)
        hold_seconds = time.perf_counter() - began
        began = time.perf_counter()
        saved = services.save_held(activity, upload, user)
        save_seconds = time.perf_counter() - began
        assert saved.rows == preview.people == rows, (saved.rows, preview.people)
        counts = services.head_counts([activity.pk])[activity.pk]
        assert counts["first_timers"] == preview.first_timers, (counts, preview)

        tracemalloc.start()
        reading = read_upload(SimpleUploadedFile("lijst.csv", content))
        services.preview(activity, reading)
        read_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        services.save_list(activity, reading.rows, None)
        save_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        self._report(
            len(content),
            rows,
            preview,
            (read_seconds, preview_seconds, hold_seconds, save_seconds),
            read_peak,
            save_peak,
        )

    def _activity(self, name: str, start, organisation) -> Activity:
        activity = Activity.objects.create(
            title=f"Bench {name}", slug=f"bench-attendance-{name}", start=start, end=start + dt.timedelta(hours=2)
        )
        activity.organisers.set([organisation])
        return activity

    def _report(self, size, rows, preview, seconds, read_peak, save_peak):
        read_seconds, preview_seconds, hold_seconds, save_seconds = seconds
        mib = 1024 * 1024
        self.stdout.write(
            f"attendance list of {rows} rows ({size / mib:.1f} MiB CSV) on {connection.vendor}:\n"
            f"  read {read_seconds:.2f} s ({rows / read_seconds:,.0f} rows/s); preview {preview_seconds:.2f} s; "
            f"check in total {read_seconds + preview_seconds:.2f} s "
            f"({rows / (read_seconds + preview_seconds):,.0f} rows/s)\n"
            f"  hold for confirmation {hold_seconds:.2f} s; "
            f"save {save_seconds:.2f} s ({rows / save_seconds:,.0f} rows/s); "
            f"{preview.first_timers} first-timers, {preview.returning} returning\n"
            f"  peak Python memory: check {read_peak / mib:.0f} MiB, save (replacing) {save_peak / mib:.0f} MiB; "
            f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
        )
