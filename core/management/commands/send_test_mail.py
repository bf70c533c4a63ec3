"""Check the mail settings: send one test message now, past the queue, and say what the mail server answered."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import mail


class Command(BaseCommand):
    help = "Send a test message to ADDRESS at once (not through the queue) to check RIMPEL_EMAIL_URL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address")
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES], default=None)

    def handle(self, *args: Any, address: str, language: str | None = None, **options: Any) -> None:
        message = mail.compose("core/mail/test", to=address, context={}, language=language)
        try:
            mail.deliver(message)
        except Exception as exc:  # the point of the command: show the operator what went wrong
            raise CommandError(f"The mail server did not take the message: {type(exc).__name__}: {exc}") from exc
        self.stdout.write(f"Sent a test message to {address} from {settings.DEFAULT_FROM_EMAIL}.")
