"""A site on Redis (RIMPEL_REDIS_URL) while Redis cannot be reached (core.cache_backends.ResilientRedisCache): pages,
cached blocks and logins work without the cache, the outage is logged once, and rate limits still refuse, counted
in the database. Here Redis' address is a port where nothing listens; core/tests/test_redis_cache.py kills a real
redis-server mid-test."""

import logging

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from core import ratelimit
from core.cache_backends import CacheUnavailable
from core.models import RateCounter
from core.tests.redis_server import free_port, redis_caches
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings) -> str:
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    settings.CACHES = redis_caches(url)
    settings.PAGE_CACHE_SECONDS = 600
    return url


def log_lines(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "core.cache_backends"]


def wrong_passwords_until_refused(username: str, most: int = 20) -> int:
    """How many wrong passwords one client sends before the login refuses (429)."""
    client = Client()
    for attempt in range(1, most + 1):
        answer = client.post(reverse("accounts:login"), {"username": username, "password": "wrong"})
        if answer.status_code == 429:
            return attempt
        assert answer.status_code == 200
    raise AssertionError(f"no refusal in {most} attempts")


def test_pages_blocks_and_logins_work_while_redis_is_down(redis_down, caplog):
    caplog.set_level(logging.WARNING, logger="core.cache_backends")
    OrganisationFactory(name="Bibliotheek Rijnland")
    visitor = Client()
    for _ in range(3):
        assert "Bibliotheek Rijnland" in visitor.get("/organisaties/").content.decode()  # the page cache
        assert visitor.get("/").status_code == 200  # the cached block of the home page, through the render lock
    UserFactory(username="margriet")
    person = Client()
    answer = person.post(reverse("accounts:login"), {"username": "margriet", "password": "password"})
    assert answer.status_code == 302
    assert person.get(reverse("home:dashboard")).status_code == 200
    lines = log_lines(caplog)
    assert len(lines) == 1, "logged once per interval, not per request"
    assert "cannot be reached" in lines[0] and redis_down.removeprefix("redis://").removesuffix("/0") in lines[0]


def test_rate_limits_hold_while_redis_is_down_counted_in_the_database(redis_down):
    UserFactory(username="margriet")
    assert wrong_passwords_until_refused("margriet") == 6  # 5 per name and address, as with Redis up
    assert RateCounter.objects.filter(key__startswith="login-failures:").exists()


def test_a_count_started_in_redis_that_fails_goes_to_the_database(redis_down):
    cache = caches["default"]
    assert not cache.is_down()  # not asked yet
    with pytest.raises(CacheUnavailable):
        cache.incr("ratelimit:anything")
    assert cache.is_down()
    assert cache.get("x", "missing") == "missing" and cache.add("x", 1) is False and cache.get_many(["x"]) == {}
    assert [ratelimit.hit("form:192.0.2.1", 2, 60) for _ in range(3)] == [True, True, False]
    ratelimit.refund("form:192.0.2.1", 60)
    assert ratelimit.hit("form:192.0.2.1", 2, 60, sliding=True) is False  # 3 - 1 + 1, read from the table
