"""Render cost of the key pages, in-process: CPU milliseconds per request with the page cache off (issue 21 §1).

`make bench` measures the server under load; this measures what one request costs the processor, the figure that
decides how many logged-in users a worker can serve. The pages are `bench_pages`' choice for the database's
network; each is requested once to warm up, then `--runs` times, as a visitor and as a coordinator
(`Client.force_login`). CPU time (`time.process_time`), not wall time: on a shared machine wall time mostly
measures the neighbours. Cache contention from other processes still moves CPU time by a few per cent.
"""

import json
import logging
import os
import statistics
import time
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from core import invalidation

ROLES = ("visitor", "coordinator")
# Issue 21's targets in CPU ms: (every key page, story book and programme dashboard).
TARGETS = {"demo": (20, 40), "city": (30, 60)}
HEAVY = ("story_book", "programme_dashboard")
BASELINE = "/bench/baseline/"  # mounted with RIMPEL_BENCH=1: the floor of a request through the middleware


class Command(BaseCommand):
    help = (
        "Print the CPU milliseconds (median) and queries per request of the key pages, as a visitor and as a "
        "coordinator, in-process with the page cache off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=7, help="measured requests per page and role (default 7)")
        parser.add_argument("--page", action="append", help="only this page (a name from bench_pages; repeatable)")
        parser.add_argument(
            "--cold",
            action="store_true",
            help="renew every cache topic before each request: the cost of the first view after a write",
        )
        parser.add_argument("--targets", choices=list(TARGETS), help="mark the figures above this scale's targets")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print one JSON object instead of the table"
        )

    def handle(self, *args, runs, page, cold: bool, targets, as_json: bool, **options):
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        chosen = StringIO()
        call_command("bench_pages", stdout=chosen)
        network = json.loads(chosen.getvalue())
        pages: dict[str, str] = network["pages"]
        if page:
            unknown = set(page) - set(pages)
            if unknown:
                raise CommandError(f"Unknown page(s): {', '.join(sorted(unknown))}; known: {', '.join(pages)}.")
            pages = {name: path for name, path in pages.items() if name in page}
        if _mounted(BASELINE):
            pages = {"baseline": BASELINE, **pages}

        settings.PAGE_CACHE_SECONDS = 0  # every request renders (core.pagecache)
        # Every request comes from one address: the API's per-address limit would answer 429 within a few runs.
        settings.API_LIMIT_PER_ADDRESS = 1_000_000_000
        # One log line per request would flood the output; writing it is a few microseconds of the figure.
        logging.getLogger("rimpel.request").setLevel(logging.WARNING)
        clients = {"visitor": Client(HTTP_HOST="localhost"), "coordinator": Client(HTTP_HOST="localhost")}
        clients["coordinator"].force_login(_coordinator())

        results = {
            name: {role: _measure(clients[role], path, runs, cold) for role in ROLES} for name, path in pages.items()
        }
        if as_json:
            report = {"counts": network["counts"], "runs": runs, "cold": cold, "database": connection.vendor}
            report["pages"] = {name: {"path": pages[name], **results[name]} for name in pages}
            self.stdout.write(json.dumps(report))
            return
        self._table(network["counts"], pages, results, runs, cold, targets)

    def _table(self, counts, pages, results, runs, cold, targets) -> None:
        self.stdout.write(
            f"CPU ms per request (median of {runs} after one warm-up{', each after a write' if cold else ''}"
            f"{'; plus the PostgreSQL backend CPU, mean per request' if connection.vendor == 'postgresql' else ''}) "
            "and queries, page cache off, "
            f"{connection.vendor}: " + ", ".join(f"{count:,} {kind}" for kind, count in counts.items())
        )
        self.stdout.write("")
        self.stdout.write("| page | visitor | coordinator |")
        self.stdout.write("|---|---|---|")
        missed = 0
        for name in pages:
            cells = []
            for role in ROLES:
                figure = results[name][role]
                over = targets is not None and name != "baseline" and figure["ms"] > _target(targets, name)
                missed += over
                cells.append(f"{figure['ms']:.1f}{' !' if over else ''} ({figure['queries']} q)")
            self.stdout.write(f"| {name} | {' | '.join(cells)} |")
        if targets is not None:
            every, heavy = TARGETS[targets]
            self.stdout.write("")
            self.stdout.write(
                f"Targets at {targets} scale: {every} ms per key page, {heavy} ms for the story book and the "
                f"dashboard; {missed} figure(s) above them (marked !)."
            )


def _mounted(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _target(scale: str, name: str) -> int:
    every, heavy = TARGETS[scale]
    return heavy if name in HEAVY else every


def _coordinator():
    """The network's first active coordinator; a generated network has none, so one is made (a login, no data)."""
    User = get_user_model()
    user = User.objects.filter(is_coordinator=True, is_active=True).order_by("pk").first()
    if user is None:
        user, _created = User.objects.get_or_create(username="bench-coordinator", defaults={"is_coordinator": True})
    return user


def _measure(client: Client, path: str, runs: int, cold: bool) -> dict:
    """Median CPU ms of `runs` requests after one warm-up, and the queries of one more (counted apart, since
    capturing them costs time too). Cold: every topic renewed before each request, as by a write, so no cached
    block or result is used (the renewal is not counted).

    On SQLite the database works inside this process, so its CPU is in the figure. PostgreSQL works in its own
    backend process: when that runs on this machine, its CPU time per request (the mean over the runs: /proc counts
    in ticks of 10 ms) is added, so the figures of the two databases compare."""
    _get(client, path)
    cpu, database = [], []
    for _run in range(runs):
        if cold:
            _renew_every_topic()
        backend_before = _backend_cpu_seconds()
        began = time.process_time()
        _get(client, path)
        cpu.append((time.process_time() - began) * 1000)
        backend_after = _backend_cpu_seconds()
        if backend_before is not None and backend_after is not None:
            database.append((backend_after - backend_before) * 1000)
    if cold:
        _renew_every_topic()
    with CaptureQueriesContext(connection) as queries:
        _get(client, path)
    database_ms = statistics.mean(database) if len(database) == runs else 0.0
    return {
        "ms": round(statistics.median(cpu) + database_ms, 1),
        "database_ms": round(database_ms, 1),
        "queries": len(queries),
        "runs": [round(ms, 2) for ms in cpu],
    }


def _backend_cpu_seconds() -> float | None:
    """CPU seconds so far of the PostgreSQL backend serving this connection, if it runs on this machine."""
    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None  # a database on another machine: its CPU is not counted
    # After the command name: state is field 3, utime and stime fields 14 and 15 (proc(5)).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _renew_every_topic() -> None:
    for topic in invalidation.topics():
        invalidation.renew(topic)


def _get(client: Client, path: str) -> None:
    response = client.get(path)
    if response.status_code != 200:
        raise CommandError(f"{path} answered {response.status_code}.")
