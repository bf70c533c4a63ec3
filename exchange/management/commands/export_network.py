import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from exchange.network_export import dumps, export_network


class Command(BaseCommand):
    help = (
        "Write the whole network as one JSON file (format rimpel-network, described by "
        "docs/network-export.schema.json). For coordinators only: it holds logins (without passwords) and stories "
        "with their consent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default="-", help="where to write; '-' (the default) is standard output")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        data = export_network()
        text = dumps(data)
        if file == "-":
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        with open(file, "w", encoding="utf-8") as handle:
            handle.write(text)
        total = sum(data["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Network exported to {file}: {total} records of {len(data['counts'])} kinds, "
                f"{len(text.encode()) / 1024:.0f} KiB."
            )
        )
