"""Shared by the search tests: a clean cache (the spelling vocabulary is cached) and the Dutch corpus."""

import pytest
from django.core.cache import cache, caches
from django.db import transaction
from django.utils import translation

from search.tests.corpus import build


@pytest.fixture(autouse=True)
def clean_slate():
    """Suggestions read a vocabulary cached for ten minutes; each test starts without it. A request to an /en/
    page leaves English active in the thread, and the index stores what is saved in the active language (see
    test_index.py), so each test starts and ends in the default language, as a management command runs. The
    rankings kept per index version (search.services._matched) go too: a module's corpus is built in a
    transaction that never commits, so its index version is the one every module starts with."""
    cache.clear()
    caches["pages"].clear()
    translation.deactivate()
    yield
    cache.clear()
    caches["pages"].clear()
    translation.deactivate()


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """The corpus, built once per module inside a transaction that is rolled back afterwards.

    Each test runs in its own savepoint within it (pytest-django's db fixture), so a test may add or change
    records without the next test seeing them.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield build()
        transaction.set_rollback(True)
