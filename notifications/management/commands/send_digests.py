"""Scheduled mails: `python manage.py send_digests [--daily] [--weekly] [--dry-run]`, run daily by cron or a systemd
timer (docs/deploy.md). The daily part also tells people about the activities they follow that start within a
week (once per person and activity). Without --daily or --weekly it does both; the weekly digest goes out on the
first run of a week (Monday to Sunday). Every part sends at most once per person per period, so running it twice
is harmless."""

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from core import mail
from notifications import digest, services
from notifications.models import Batch


class Command(BaseCommand):
    help = "Send the daily summaries (and tell coordinators what waits) and the network's weekly digest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--daily", action="store_true", help="Only the daily part: work waiting, activities coming up, summaries."
        )
        parser.add_argument("--weekly", action="store_true", help="Only the network's weekly digest.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Compose everything, send and record nothing, print the timing."
        )

    def handle(self, *args: Any, daily: bool, weekly: bool, dry_run: bool, **options: Any) -> None:
        both = not daily and not weekly
        today = timezone.localdate()
        if daily or both:
            self.daily(today, dry_run)
        if weekly or both:
            self.weekly(today - dt.timedelta(days=today.weekday()), dry_run)

    def daily(self, today: dt.date, dry_run: bool) -> None:
        told = services.collect_waiting(today, dry_run=dry_run)
        self.stdout.write(f"Work waiting: {told} coordinator(s) {'would be ' if dry_run else ''}told.")
        if not dry_run:  # before the summaries, so a person who chose the daily summary finds them in today's
            self.stdout.write(f"Activities coming up: {services.collect_coming_up(timezone.now())} reminder(s) made.")
        if dry_run:
            pending = services.pending_daily()
            started = time.perf_counter()
            for recipient, notifications in pending.items():
                mail.compose(**services.daily_summary(recipient, notifications))
            self._timing("daily summaries", len(pending), time.perf_counter() - started)
            return
        self.stdout.write(f"Daily summaries sent: {services.send_daily(today)}.")

    def weekly(self, monday: dt.date, dry_run: bool) -> None:
        started = time.perf_counter()
        shared = digest.shared_content(timezone.now())
        shared_seconds = time.perf_counter() - started
        already = Batch.objects.filter(name=Batch.Name.WEEKLY, period=monday).values("recipient_id")
        people = list(digest.recipients().exclude(pk__in=already))
        themes = digest.themes_by_user([person.pk for person in people])
        follows = digest.follows_by_user([person.pk for person in people])
        news = digest.followed_news(timezone.now(), follows)
        composed = sent = 0
        for person in people:
            followed = digest.from_what_you_follow(follows.get(person.pk, digest.Followed()), news)
            arguments = digest.weekly_digest(person, shared, themes.get(person.pk, set()), followed)
            if arguments is None:
                continue
            composed += 1
            if dry_run:
                mail.compose(**arguments)
                continue
            with transaction.atomic():
                _batch, created = Batch.objects.get_or_create(recipient=person, name=Batch.Name.WEEKLY, period=monday)
                if created:  # another run may have sent it meanwhile
                    mail.send(**arguments)
                    sent += 1
        total = time.perf_counter() - started
        self.stdout.write(
            f"Weekly digest of the week of {monday}: {len(people)} recipient(s) waiting, {composed} with news."
        )
        if dry_run:
            self.stdout.write(f"Shared content read in {shared_seconds:.3f} s.")
            self._timing("weekly digests", composed, total)
        else:
            self.stdout.write(f"Weekly digests sent: {sent}.")

    def _timing(self, what: str, count: int, seconds: float) -> None:
        each = f"{seconds / count * 1000:.1f} ms per recipient" if count else "no recipients"
        self.stdout.write(f"Dry run: composed {count} {what} in {seconds:.3f} s ({each}); nothing sent.")
