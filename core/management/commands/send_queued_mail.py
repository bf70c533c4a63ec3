"""Send the mails that are due now, outside the worker: the safety net behind the tasks (see core.mail), for cron
or by hand after a mail server outage (--retry-failed also retries the mails given up on)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core import mail


class Command(BaseCommand):
    help = "Send the queued mails that are due (and remove sent ones older than 30 days)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--retry-failed", action="store_true", help="Also retry the mails given up on.")

    def handle(self, *args: Any, retry_failed: bool = False, **options: Any) -> None:
        sent, waiting = mail.send_due(retry_failed=retry_failed)
        self.stdout.write(f"Sent {sent} mail(s); {waiting} still waiting for the mail server.")
