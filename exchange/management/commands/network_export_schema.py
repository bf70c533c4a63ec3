from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from exchange.network_export import SCHEMA_PATH, schema_text


class Command(BaseCommand):
    help = f"Write the JSON Schema of the network export to {SCHEMA_PATH} (after a model change); --check compares."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="fail when the committed schema is out of date")

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        path = settings.BASE_DIR / SCHEMA_PATH
        text = schema_text()
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if check:
            if current != text:
                raise CommandError(f"{SCHEMA_PATH} is out of date: run 'python manage.py network_export_schema'.")
            self.stdout.write(f"{SCHEMA_PATH} is up to date.")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {SCHEMA_PATH}."))
