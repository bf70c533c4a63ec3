"""Helpers for the tests of cached blocks (core.fragments): which tables a request reads."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import invalidation

# Read around the blocks: the session, its user, the versions, the cache itself, the per-user follow button.
AROUND_THE_BLOCKS = {"django_session", "accounts_user", "core_cacheversion", "rimpel_cache", "notifications_follow"}
_TABLE = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"', re.IGNORECASE)


def tables_read(client, url: str) -> set[str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return {table.lower() for query in context.captured_queries for table in _TABLE.findall(query["sql"])}


def unwatched_tables(client, url: str, topic: str) -> set[str]:
    """The tables a fresh render of the page reads that a write to would not renew the topic: should be none."""
    invalidation.renew(topic)
    return tables_read(client, url) - invalidation.topics()[topic] - AROUND_THE_BLOCKS
