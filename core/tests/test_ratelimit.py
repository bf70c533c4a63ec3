"""core.ratelimit: check and count in one atomic step, in the cache or (with the database cache) in core.RateCounter;
and the production checks that keep the limits from being split among workers (issue 20, findings 2 and 6)."""

import json
import os
import subprocess
import sys
import threading
from io import StringIO
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection, connections

from core import ratelimit
from core.apps import create_cache_table
from core.models import RateCounter

DATABASE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "rimpel_cache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
MEMORY_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
NOON = 1_767_268_800  # a full hour: 2026-01-01 12:00 UTC


@pytest.fixture(params=["memory", "database"])
def counters(request, settings, db):
    """Each test runs on both places counters live."""
    settings.CACHES = MEMORY_CACHE if request.param == "memory" else DATABASE_CACHE
    cache.clear() if request.param == "memory" else None
    yield request.param
    settings.CACHES = MEMORY_CACHE
    cache.clear()


def at(seconds: float):
    return mock.patch("core.ratelimit.time.time", return_value=seconds)


def test_exactly_the_limit_gets_through(counters):
    with at(NOON + 10):
        allowed = [ratelimit.hit("login:x", 5, 900) for _ in range(25)]
    assert allowed == [True] * 5 + [False] * 20
    if counters == "database":
        assert RateCounter.objects.get(key="login:x").count == 25  # an attempt over the limit counts too


def test_keys_and_windows_are_counted_apart(counters):
    with at(NOON + 10):
        assert [ratelimit.hit("a", 1, 60) for _ in range(2)] == [True, False]
        assert ratelimit.hit("b", 1, 60)
    with at(NOON + 60):  # the next full minute: a new window
        assert ratelimit.hit("a", 1, 60)


def test_a_refund_gives_one_attempt_back(counters):
    with at(NOON + 10):
        assert ratelimit.hit("k", 1, 60)
        ratelimit.refund("k", 60)
        assert ratelimit.hit("k", 1, 60)
        assert not ratelimit.hit("k", 1, 60)
    with at(NOON + 70):
        ratelimit.refund("k", 60)  # the window turned: nothing to give back, no error
        assert ratelimit.hit("k", 1, 60)


def test_the_sliding_window_holds_a_burst_across_the_turn(counters):
    with at(NOON + 3590):
        assert sum(ratelimit.hit("link", 100, 3600, sliding=True) for _ in range(100)) == 100
    with at(NOON + 3600 + 900):  # a quarter into the next hour: 75 of the previous hour's 100 still count
        assert sum(ratelimit.hit("link", 100, 3600, sliding=True) for _ in range(100)) == 25
    with at(NOON + 3600 + 900):  # a fixed window would have let all 100 through again
        assert sum(ratelimit.hit("fixed", 100, 3600) for _ in range(100)) == 100


def test_seconds_left_is_what_remains_of_the_window():
    with at(NOON + 45):
        assert ratelimit.seconds_left(60) == 15
        assert ratelimit.seconds_left(3600) == 3555


def test_a_very_long_key_is_stored_as_its_hash(settings, db):
    settings.CACHES = DATABASE_CACHE
    long_key = "story-ip:" + "x" * 500
    assert ratelimit.hit(long_key, 1, 60)
    assert not ratelimit.hit(long_key, 1, 60)
    (stored,) = RateCounter.objects.values_list("key", flat=True)
    assert stored.startswith("sha256:") and len(stored) <= 200


def test_expired_counters_are_purged_when_a_new_one_is_made(settings, db):
    settings.CACHES = DATABASE_CACHE
    with at(NOON):
        ratelimit.hit("old", 5, 60)
    with at(NOON + 121):  # two windows later the old row is of no use, even to the sliding variant
        ratelimit.hit("new", 5, 60)
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["new"]


def burst(threads: int, hits_each: int, limit: int) -> tuple[int, int]:
    """`threads` threads, each with its own database connection (as each worker has its own), hit one key at the same
    moment; how many were allowed, and how many were counted."""
    allowed = []
    start = threading.Barrier(threads)
    lock = threading.Lock()

    def client() -> None:
        try:
            start.wait()
            mine = [ratelimit.hit("burst", limit, 10**8) for _ in range(hits_each)]
            with lock:
                allowed.extend(mine)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(allowed) == threads * hits_each, "a thread failed"
    return sum(allowed), RateCounter.objects.get(key="burst").count


# SQLite: the test database is in memory, where connections lock whole tables and do not wait, so the burst runs in
# a process of its own on a database file, as a server has it.
BURST_ON_A_FILE = """
import json, sys, django
django.setup()
from django.db import connection
from core.models import RateCounter
from core.tests.test_ratelimit import burst
with connection.schema_editor() as editor:
    editor.create_model(RateCounter)
print(json.dumps(burst(*map(int, sys.argv[1:]))))
"""


@pytest.mark.django_db(transaction=True)
def test_requests_at_once_let_exactly_the_limit_through(settings, tmp_path):
    """The old check-then-count let each request pass what it had read (507 stories through a limit of 500); the
    atomic counter lets exactly the limit through, on SQLite and on PostgreSQL (DATABASE_URL)."""
    threads, hits_each, limit = 8, 15, 37
    if connection.vendor == "sqlite":
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "rimpel.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'counters.sqlite3'}",
            "RIMPEL_CACHE": "database",
        }
        result = subprocess.run(
            [sys.executable, "-c", BURST_ON_A_FILE, str(threads), str(hits_each), str(limit)],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        allowed, counted = json.loads(result.stdout.strip().splitlines()[-1])
    else:
        settings.CACHES = DATABASE_CACHE
        allowed, counted = burst(threads, hits_each, limit)
    assert (allowed, counted) == (limit, threads * hits_each)


# --- the cache table and the production checks ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_migrate_makes_the_database_caches_table(settings):
    settings.CACHES = {"default": {**DATABASE_CACHE["default"], "LOCATION": "rimpel_cache_made_by_migrate"}}
    try:
        create_cache_table(sender=None, using="default", verbosity=0)
        assert "rimpel_cache_made_by_migrate" in connection.introspection.table_names()
    finally:
        with connection.schema_editor() as editor:
            editor.execute("DROP TABLE IF EXISTS rimpel_cache_made_by_migrate")


GOOD_KEY = "k" * 40 + "abcdefghij"


@pytest.fixture
def production(settings, monkeypatch):
    """Settings a production server would start with (rimpel.settings without RIMPEL_DEBUG): check --deploy finds
    no rimpel error in them."""
    # The browser tests' conftest sets it for Playwright's event loop; a production server has it not (async.E001).
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    settings.DEBUG = False
    settings.SECRET_KEY = GOOD_KEY
    settings.ATTENDANCE_KEY = "a" * 20 + GOOD_KEY
    settings.ALLOWED_HOSTS = ["rimpel.example.org"]
    settings.ALLOWED_HOSTS_FROM_ENVIRONMENT = True
    settings.EMAIL_URL_FROM_ENVIRONMENT = settings.EMAIL_FROM_FROM_ENVIRONMENT = True
    settings.CACHES = DATABASE_CACHE
    settings.WORKERS = 5
    yield settings
    settings.CACHES = MEMORY_CACHE


def check_deploy() -> str:
    """The rimpel errors of `manage.py check --deploy`; empty when it passes."""
    try:
        call_command("check", "--deploy", stdout=StringIO(), stderr=StringIO())
    except SystemCheckError as error:
        return str(error)
    return ""


def test_check_deploy_passes_production_settings(production, db):
    assert check_deploy() == ""


def test_check_deploy_refuses_a_per_process_cache_with_several_workers(production, db):
    production.CACHES = MEMORY_CACHE
    assert "rimpel.E004" in check_deploy()
    production.WORKERS = 1  # a single process: its memory is the only one
    assert check_deploy() == ""


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("ATTENDANCE_KEY", "insecure-development-attendance-key"),
        ("ATTENDANCE_KEY", "test-only-attendance-" + GOOD_KEY),
        ("SECRET_KEY", "test-only-not-secret-" + GOOD_KEY),
        ("SECRET_KEY", "insecure-" + GOOD_KEY),
        ("SECRET_KEY", "django-insecure-" + GOOD_KEY),
    ],
)
def test_check_deploy_refuses_development_keys(production, db, setting, value):
    setattr(production, setting, value)
    assert "rimpel.E003" in check_deploy()


def test_a_key_copied_from_the_example_file_is_refused(production, tmp_path):
    from core import startup

    example = tmp_path / ".env.example"
    example.write_text("# keys\nRIMPEL_ATTENDANCE_KEY=copied-from-the-example-" + GOOD_KEY + "  # a comment\n")
    production.ATTENDANCE_KEY = "copied-from-the-example-" + GOOD_KEY
    assert startup.key_problems(production, example=example)
    production.ATTENDANCE_KEY = "b" * 20 + GOOD_KEY
    assert startup.key_problems(production, example=example) == []


def test_the_shipped_example_file_holds_no_key():
    from core import startup

    values = startup.example_values()
    assert "RIMPEL_SECRET_KEY" not in values and "RIMPEL_ATTENDANCE_KEY" not in values


def test_without_debug_the_default_cache_is_the_shared_database_one(monkeypatch):
    """Outside the test run (no PYTEST_VERSION) and without RIMPEL_DEBUG or RIMPEL_CACHE, the settings choose the
    database cache; with RIMPEL_DEBUG the memory one."""
    import importlib

    import rimpel.settings

    monkeypatch.delenv("PYTEST_VERSION", raising=False)
    monkeypatch.delenv("RIMPEL_CACHE", raising=False)
    monkeypatch.setenv("RIMPEL_DEBUG", "0")
    monkeypatch.setenv("RIMPEL_WORKERS", "3")
    try:
        production = importlib.reload(rimpel.settings)
        assert production.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
        assert production.WORKERS == 3
        monkeypatch.setenv("RIMPEL_DEBUG", "1")
        development = importlib.reload(rimpel.settings)
        assert development.CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    finally:
        monkeypatch.undo()
        importlib.reload(rimpel.settings)
