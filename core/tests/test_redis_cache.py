"""Redis as the cache shared by every server (RIMPEL_REDIS_URL): the settings choose it, rate limits count atomically
in it across servers, a page one server rendered is served by another until a write renews it, a block missed by
many at once is rendered once, and when Redis dies the site works on without it (core.cache_backends).

Against a real redis-server (Debian's package; .ci/run installs it) started on a free loopback port in a temporary
folder; skipped when the binary is absent.
"""

import importlib
import logging
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

import rimpel.settings
from core import cache_backends, ratelimit
from core.tests.redis_server import REDIS, redis_caches, start_redis
from core.tests.test_cache_outage import log_lines
from core.tests.test_render_lock import stampede
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.skipif(REDIS is None, reason="redis-server is not installed (apt-get install redis-server)")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory) -> Iterator[str]:
    server, url = start_redis(tmp_path_factory.mktemp("redis"))
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def on_redis(settings, redis_url) -> Iterator[str]:
    """The settings a server with RIMPEL_REDIS_URL runs with, on an empty Redis."""
    settings.CACHES = redis_caches(redis_url)
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
        assert redis_caches("redis://127.0.0.1:6390/0") == shared.CACHES
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


def test_many_misses_at_once_render_a_block_once_on_redis(on_redis):
    renders, outputs, longest = stampede(8, "redis-1")
    assert (renders, outputs) == (1, ["the figures of the block"])
    assert longest < cache_backends.WAIT_SECONDS
    assert not other_server(on_redis)._cache.get_client().keys("*render-lock*"), "the lock is released"


@pytest.fixture
def own_redis(tmp_path) -> Iterator[list[subprocess.Popen]]:
    """Redis servers a test starts and kills itself; whatever still runs is stopped at the end."""
    servers: list[subprocess.Popen] = []
    yield servers
    for server in servers:
        server.kill()
        server.wait(timeout=10)


@pytest.mark.django_db
def test_when_redis_dies_pages_and_logins_work_and_limits_hold_until_it_is_back(
    settings, tmp_path, monkeypatch, caplog, own_redis
):
    caplog.set_level(logging.WARNING, logger="core.cache_backends")
    monkeypatch.setattr(cache_backends, "RETRY_AFTER", 0)  # ask Redis at every call: no waiting for it to be back
    server, url = start_redis(tmp_path)
    own_redis.append(server)
    settings.CACHES = redis_caches(url)
    settings.PAGE_CACHE_SECONDS = 600
    OrganisationFactory(name="Bibliotheek Rijnland")
    UserFactory(username="margriet")
    visitor, wrong = Client(), Client()
    assert visitor.get("/organisaties/").status_code == 200
    assert other_server(url)._cache.get_client().keys("pages:*"), "Redis is in use"
    for _ in range(3):
        assert wrong.post(reverse("accounts:login"), {"username": "margriet", "password": "x"}).status_code == 200

    server.kill()  # SIGKILL: no goodbye to the open connections
    server.wait(timeout=10)
    for _ in range(3):
        assert "Bibliotheek Rijnland" in visitor.get("/organisaties/").content.decode()
        assert visitor.get("/").status_code == 200
    person = Client()
    assert person.post(reverse("accounts:login"), {"username": "margriet", "password": "password"}).status_code == 302
    assert person.get(reverse("home:dashboard")).status_code == 200
    # The 3 counted in Redis are out of reach; the database counts from zero: refused after 5 more, not never.
    answers = [
        wrong.post(reverse("accounts:login"), {"username": "margriet", "password": "x"}).status_code for _ in range(6)
    ]
    assert answers == [200] * 5 + [429]
    assert [line for line in log_lines(caplog) if "cannot be reached" in line] and len(log_lines(caplog)) == 1

    server, url = start_redis(tmp_path, port=int(url.rsplit(":", 1)[1].split("/")[0]))  # back on the same port
    own_redis.append(server)
    assert visitor.get("/organisaties/").status_code == 200
    assert other_server(url)._cache.get_client().keys("pages:*"), "the page is kept in Redis again"
    assert "answers again" in log_lines(caplog)[-1]
