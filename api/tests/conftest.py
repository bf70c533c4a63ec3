import pytest
from django.core.cache import cache, caches
from django.test import Client

from api import tokens


@pytest.fixture(autouse=True)
def unthrottled(settings):
    """API tests (and the fuzzing) make many requests: lift the rate limits and start with empty counters, and
    without the counts and pages kept per data version (api.endpoints.common.per_version)."""
    settings.API_LIMIT_PER_ADDRESS = settings.API_LIMIT_PER_TOKEN = 1_000_000
    cache.clear()
    caches["pages"].clear()
    yield
    cache.clear()
    caches["pages"].clear()


@pytest.fixture
def client(db):
    return Client()


@pytest.fixture
def secret_a(org_a, coordinator):
    """The secret of a token issued to organisation A."""
    return tokens.issue(org_a, "Website A", coordinator)[1]


@pytest.fixture
def as_a(secret_a):
    """Headers that authenticate as organisation A's token."""
    return {"HTTP_AUTHORIZATION": f"Bearer {secret_a}"}
