"""Redis as the cache shared by every server (RIMPEL_REDIS_URL): the settings choose it, rate limits count atomically
in it across servers, and a page one server rendered is served by another until a write renews it.

Against a real redis-server (Debian's package; .ci/run installs it) started on a free loopback port in a temporary
folder; skipped when the binary is absent.
"""

import importlib
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.test import Client

import rimpel.settings
from core import ratelimit
from tests.factories import OrganisationFactory

REDIS = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(REDIS is None, reason="redis-server is not installed (apt-get install redis-server)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("redis")
    port = free_port()
    server = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                    probe.sendall(b"PING\r\n")
                    if probe.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def on_redis(settings, redis_url) -> Iterator[str]:
    """The settings a server with RIMPEL_REDIS_URL runs with, on an empty Redis."""
    default = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    settings.CACHES = {"default": default, "pages": {**default, "KEY_PREFIX": "pages"}}
    caches["default"].clear()
    yield redis_url
    caches["default"].clear()


def other_server(redis_url: str):
    """A cache object of its own on the same Redis, as a second server's process holds."""
    from django.core.cache.backends.redis import RedisCache

    return RedisCache(redis_url, {})


def test_the_settings_choose_redis_when_a_url_is_given(monkeypatch):
    monkeypatch.delenv("RIMPEL_CACHE", raising=False)
    monkeypatch.setenv("RIMPEL_REDIS_URL", "redis://127.0.0.1:6390/0")
    try:
        shared = importlib.reload(rimpel.settings)
        assert shared.CACHES["default"] == {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6390/0",
        }
        assert shared.CACHES["pages"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
        monkeypatch.delenv("RIMPEL_REDIS_URL")
        monkeypatch.setenv("RIMPEL_CACHE_URL", "redis://127.0.0.1:6391/1")
        assert importlib.reload(rimpel.settings).CACHES["default"]["LOCATION"] == "redis://127.0.0.1:6391/1"
        monkeypatch.delenv("RIMPEL_CACHE_URL")
        monkeypatch.setenv("RIMPEL_CACHE", "redis")
        with pytest.raises(Exception, match="RIMPEL_CACHE=redis needs RIMPEL_REDIS_URL"):
            importlib.reload(rimpel.settings)
    finally:
        monkeypatch.undo()
        importlib.reload(rimpel.settings)


def test_requests_at_once_let_exactly_the_limit_through(on_redis):
    threads, hits_each, limit = 8, 15, 37
    allowed = []

    def send() -> None:
        for _ in range(hits_each):
            allowed.append(ratelimit.hit("login:203.0.113.9", limit, 3600))

    workers = [threading.Thread(target=send) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert allowed.count(True) == limit
    assert other_server(on_redis).get(f"ratelimit:login:203.0.113.9:{int(time.time()) // 3600 * 3600}") == 120


def test_a_second_server_counts_on_where_the_first_stopped(on_redis):
    assert [ratelimit.hit("form:198.51.100.7", 3, 3600) for _ in range(3)] == [True, True, True]
    key = f":1:ratelimit:form:198.51.100.7:{int(time.time()) // 3600 * 3600}"
    assert other_server(on_redis)._cache.incr(key, 1) == 4  # the other server's count, through Redis
    assert ratelimit.hit("form:198.51.100.7", 3, 3600) is False


@pytest.mark.django_db(transaction=True)
def test_a_page_one_server_rendered_is_served_by_another_until_a_write(settings, on_redis):
    settings.PAGE_CACHE_SECONDS = 600
    OrganisationFactory(name="Bibliotheek Rijnland")
    assert "Bibliotheek Rijnland" in Client().get("/organisaties/").content.decode()
    stored = list(other_server(on_redis)._cache.get_client().keys("pages:*"))
    assert stored, "the page is kept in Redis, where every server finds it"

    OrganisationFactory(name="Kinderopvang De Vlinder")
    assert "Kinderopvang De Vlinder" in Client().get("/organisaties/").content.decode()
