import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from exchange.network_export import RestoreRefused, restore_network


class Command(BaseCommand):
    help = (
        "Rebuild an empty instance (freshly migrated) from a network file made by export_network: the records keep "
        "their ids, all in one transaction; then the search index is rebuilt. Refuses a database that already holds "
        "a network and a file that is not a valid rimpel network file, before writing anything."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the JSON file made by export_network ('-' reads standard input)")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            if file == "-":
                import sys

                data = json.load(sys.stdin)
            else:
                with open(file, encoding="utf-8") as handle:
                    data = json.load(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{file} is not a JSON file: {error}.") from error
        try:
            result = restore_network(data)
        except RestoreRefused as refused:
            shown = refused.problems[:20]
            lines = [str(refused), *(f"  {problem}" for problem in shown)]
            if len(refused.problems) > len(shown):
                lines.append(f"  … and {len(refused.problems) - len(shown)} more")
            raise CommandError("\n".join(lines)) from refused
        total = sum(result.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Network restored: {total} records of {len(result.counts)} kinds and {result.links} links."
            )
        )
        entries = ", ".join(f"{count} {kind}" for kind, count in result.search.items())
        self.stdout.write(f"Search index rebuilt: {entries}.")
        if result.logins:
            self.stdout.write(
                self.style.WARNING(
                    f"{result.logins} logins were restored without a password (the file holds none). Set one with "
                    "'python manage.py changepassword USERNAME', or let people use the password reset."
                )
            )
        self.stdout.write(
            "Attendance participants are keyed hashes: later lists find the same people only if this instance uses "
            "the same RIMPEL_ATTENDANCE_KEY as the exported one."
        )
