"""The render lock of the cached blocks (core.cache_backends.RenderLockCache): when many requests miss the same
block at once, one renders it and the others get its result; a renderer that is gone or slow never holds the others
longer than WAIT_SECONDS. Against the memory cache and, in a process of its own, the database cache; against Redis
in core/tests/test_redis_cache.py."""

import json
import os
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connections
from django.template import Context, Template
from django.test import Client

from core import cache_backends

BLOCK = Template('{% load cache %}{% cache 600 "stampede" key %}{{ block.render }}{% endcache %}')


class CountingBlock:
    """A costly block: counts how often it is rendered."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.renders = 0
        self.lock = threading.Lock()

    def render(self) -> str:
        with self.lock:
            self.renders += 1
        time.sleep(self.seconds)  # the cost of a block at city scale
        return "the figures of the block"


def stampede(requests: int, key: str, seconds: float = 0.3) -> tuple[int, list[str], float]:
    """`requests` threads, each with its own database connection (as each worker has its own), miss the same block
    at the same moment; how often it was rendered, what each got, and the longest any of them took."""
    block = CountingBlock(seconds)
    start = threading.Barrier(requests)
    outputs: list[str] = []
    took: list[float] = []

    def request() -> None:
        try:
            start.wait()
            began = time.monotonic()
            outputs.append(BLOCK.render(Context({"key": key, "block": block})))
            took.append(time.monotonic() - began)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=request) for _ in range(requests)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(outputs) == requests, "a request failed"
    return block.renders, sorted(set(outputs)), max(took)


def test_many_misses_at_once_render_the_block_once(settings):
    assert settings.CACHES["template_fragments"]["BACKEND"] == "core.cache_backends.RenderLockCache"
    renders, outputs, longest = stampede(8, "memory-1")
    assert (renders, outputs) == (1, ["the figures of the block"])
    assert longest < cache_backends.WAIT_SECONDS


# SQLite: the test database is in memory, where connections lock whole tables and do not wait, so the stampede runs
# in a process of its own on a database file with the database cache, as a server has it.
STAMPEDE_ON_A_FILE = """
import json, sys, django
django.setup()
from django.core.management import call_command
from core.tests.test_render_lock import stampede
call_command("createcachetable", verbosity=0)
print(json.dumps(stampede(int(sys.argv[1]), sys.argv[2])))
"""


def test_many_misses_at_once_render_the_block_once_with_the_database_cache(tmp_path):
    result = _run_with_the_database_cache(tmp_path / "cache.sqlite3", STAMPEDE_ON_A_FILE, "8", "database-1")
    renders, outputs, longest = json.loads(result.stdout.strip().splitlines()[-1])
    assert (renders, outputs) == (1, ["the figures of the block"])
    assert longest < cache_backends.WAIT_SECONDS


def test_a_renderer_that_is_gone_holds_the_others_no_longer_than_the_bound(monkeypatch):
    monkeypatch.setattr(cache_backends, "WAIT_SECONDS", 0.2)
    fragments = caches["template_fragments"]
    # Another process took the lock for this block and died before it set the block.
    assert caches["default"].add("render-lock::gone-block", "theirs", cache_backends.LOCK_SECONDS)
    began = time.monotonic()
    assert fragments.get("gone-block") is None  # a miss: the caller renders it itself
    assert 0.15 < time.monotonic() - began < 1
    fragments.set("gone-block", "rendered here", 600)
    assert fragments.get("gone-block") == "rendered here"
    assert caches["default"].get("render-lock::gone-block") == "theirs"  # not ours to release: it expires


def test_a_lock_taken_by_a_render_that_failed_is_released_at_the_end_of_the_request():
    fragments = caches["template_fragments"]
    assert fragments.get("failing-block") is None  # this thread takes the lock and is to render the block
    assert caches["default"].get("render-lock::failing-block") is not None
    began = time.monotonic()
    assert fragments.get("failing-block") is None  # asked again by the same thread: no waiting for itself
    assert time.monotonic() - began < 0.1
    cache_backends._release_at_request_end()  # request_finished: the render raised and never set the block
    assert caches["default"].get("render-lock::failing-block") is None


@pytest.mark.django_db
def test_a_cached_page_renders_through_the_lock_and_releases_it(client: Client):
    caches["default"].clear()
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200
    assert not cache_backends._locks()
    assert not [key for key in caches["default"]._cache if "render-lock" in key]


# SQLite in a file, as a server has it: another connection holds the write lock (a long import or restore) for
# longer than the busy timeout, so every write of the database cache fails.
RELEASE_WHILE_LOCKED = """
import sqlite3, sys, django
django.setup()
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
call_command("createcachetable", verbosity=0)
fragments = caches["template_fragments"]
assert fragments.get("locked-block") is None  # this request takes the render lock and renders the block
with connection.cursor() as cursor:
    cursor.execute("PRAGMA busy_timeout=100")
writer = sqlite3.connect(sys.argv[1])
writer.execute("BEGIN IMMEDIATE")
fragments.set("locked-block", "the figures of the block", 600)  # the database cache drops a write it cannot make
print("rendered")
"""


def test_a_release_the_database_refuses_does_not_fail_the_rendered_block(tmp_path):
    database = tmp_path / "locked.sqlite3"
    result = _run_with_the_database_cache(database, RELEASE_WHILE_LOCKED, str(database))
    assert result.stdout.strip().splitlines()[-1] == "rendered"


def _run_with_the_database_cache(database, script: str, *args: str) -> subprocess.CompletedProcess:
    """`script` in a process of its own, with the database cache on the SQLite file `database`; it must succeed."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rimpel.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "RIMPEL_CACHE": "database",
    }
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result
