"""The nightly clean-up of what may be kept only a while (docs/deploy.md, "Scheduled jobs"):

- uploads awaiting confirmation (core.staging) once their day is over: an import file held for its preview can
  hold personal data, and an upload that is never confirmed would otherwise wait for the next upload;
- sign-ups whose link expired a while ago and that wait for nobody (network.services.purge_signups);
- rate-limit counters whose windows have passed (core.ratelimit);
- the names, addresses and answers of people who signed up for an activity that ended more than
  RIMPEL_REGISTRATION_RETENTION_DAYS ago, unless they agreed to keep their address (attendance.services.registration).

    python manage.py purge_expired
"""

from typing import Any

from django.core.management.base import BaseCommand

from attendance.services.registration import purge as purge_registrations
from core.ratelimit import purge_expired_counters
from core.staging import purge_expired as purge_staged_uploads
from network.services import purge_signups


class Command(BaseCommand):
    help = (
        "Delete uploads awaiting confirmation after a day, expired sign-ups, old rate-limit counters and the "
        "personal data of past activities' registrants."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        uploads, signups, counters = purge_staged_uploads(), purge_signups(), purge_expired_counters()
        registrants = purge_registrations()
        self.stdout.write(
            f"Deleted {uploads} uploads awaiting confirmation, {signups} expired sign-ups, "
            f"{counters} old rate-limit counters, the data of {registrants} past registrants."
        )
