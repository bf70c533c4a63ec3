import time

from django.core.management.base import BaseCommand

from search.indexers import rebuild_all
from search.models import SearchEntry


class Command(BaseCommand):
    help = "Fill the search index again from every record (after an import, a restore or an upgrade)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="only when the index holds nothing yet")

    def handle(self, *args, if_empty, **options):
        if if_empty and SearchEntry.objects.exists():
            return
        started = time.perf_counter()
        counts = rebuild_all()
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Search index rebuilt in {seconds:.1f} s: "
            + ", ".join(f"{count} {kind}" for kind, count in counts.items())
        )
