"""Measure the whole-network export and restore on whatever network the database holds (the demo, or a synthetic
network from generate_network); prints figures, asserts nothing about time.

The restore runs inside a transaction that is rolled back: the database is emptied (every table, as `flush`
does), given the migration's default impact model as a new instance has, the file is restored and the counts are
compared; then everything is rolled back, so the database is as before. On PostgreSQL the tables stay locked
for that time: run it on a copy, not on a live instance.
"""

import gc
import json
import resource
import sys
import time
import tracemalloc

from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction

from exchange.network_export import (
    database_counts,
    dumps,
    export_network,
    problems_in,
    restore_network,
)


class Rollback(Exception):
    pass


def _mib(size: float) -> str:
    return f"{size / 1024 / 1024:.1f} MiB"


def _max_rss() -> int:
    """The process's peak resident memory in bytes (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


class Command(BaseCommand):
    help = (
        "Time the network export, the file's validation and a restore (in a rolled-back transaction) on the "
        "network in the database; prints record counts, file size, times and peak memory."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", help="also write the exported file here")
        parser.add_argument("--no-restore", action="store_true", help="only export and validate")
        parser.add_argument(
            "--no-memory",
            action="store_true",
            help="skip the second, traced pass that measures Python memory (tracemalloc)",
        )

    def handle(self, *args, file=None, no_restore=False, no_memory=False, **options):
        counts = database_counts()
        total = sum(counts.values())
        if not total:
            raise CommandError("The database holds no network: load the demo or generate one first.")
        self.stdout.write(f"database: {connection.vendor}; {total} records")
        for label, count in sorted(counts.items(), key=lambda item: -item[1]):
            if count:
                self.stdout.write(f"  {label:32} {count:>9}")

        started = time.perf_counter()
        data = export_network()
        collected = time.perf_counter()
        text = dumps(data)
        exported = time.perf_counter()
        size = len(text.encode())
        self.stdout.write(
            f"export: {exported - started:.2f} s (reading {collected - started:.2f} s, "
            f"JSON {exported - collected:.2f} s); file {_mib(size)} ({size} bytes)"
        )
        if file:
            with open(file, "w", encoding="utf-8") as handle:
                handle.write(text)
        del data

        started = time.perf_counter()
        parsed = json.loads(text)
        loaded = time.perf_counter()
        problems = problems_in(parsed)
        checked = time.perf_counter()
        if problems:
            raise CommandError("The export does not validate:\n" + "\n".join(problems))
        self.stdout.write(
            f"validation: {checked - started:.2f} s (parsing {loaded - started:.2f} s, schema and "
            f"references {checked - loaded:.2f} s)"
        )

        if not no_restore:
            self._restore(parsed, counts)
        if not no_memory:
            self._memory(no_restore)
        self.stdout.write(f"peak resident memory of the process (ru_maxrss): {_mib(_max_rss())}")

    def _empty(self) -> None:
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        from impact.defaults import create_defaults
        from impact.models import Dimension, ImpactModel, Ring, TargetGroup

        create_defaults(ImpactModel, Ring, Dimension, TargetGroup)

    def _restore(self, parsed, counts) -> None:
        try:
            with transaction.atomic():
                started = time.perf_counter()
                self._empty()
                emptied = time.perf_counter()
                result = restore_network(parsed)
                restored = time.perf_counter()
                same = database_counts() == counts
                phases = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in result.seconds.items())
                self.stdout.write(
                    f"restore (rolled back afterwards): {restored - emptied:.2f} s ({phases}); "
                    f"{sum(result.counts.values())} records, {result.links} links; emptying the "
                    f"database first took {emptied - started:.2f} s; counts identical: "
                    f"{'yes' if same else 'NO'}"
                )
                raise Rollback
        except Rollback:
            pass

    def _memory(self, no_restore: bool) -> None:
        """A second pass under tracemalloc (slower, so not timed): Python's peak allocation per step."""
        gc.collect()
        tracemalloc.start()
        text = dumps(export_network())
        _current, export_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        parsed = json.loads(text)
        del text
        problems_in(parsed)
        _current, validation_peak = tracemalloc.get_traced_memory()
        line = f"peak Python memory (tracemalloc): export {_mib(export_peak)}, validation {_mib(validation_peak)}"
        if not no_restore:
            tracemalloc.reset_peak()
            try:
                with transaction.atomic():
                    self._empty()
                    restore_network(parsed)
                    raise Rollback
            except Rollback:
                pass
            _current, restore_peak = tracemalloc.get_traced_memory()
            line += f", restore {_mib(restore_peak)} (file held in memory)"
        tracemalloc.stop()
        self.stdout.write(line)
