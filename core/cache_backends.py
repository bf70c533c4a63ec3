"""Cache backends of `CACHES` (rimpel/settings.py), issue 21: a Redis that may be down, and a render lock for the
cached blocks.

**Redis that may be down** (`ResilientRedisCache`, the backend of every alias when RIMPEL_REDIS_URL is set). Redis
holds nothing that must survive, so while it cannot be reached a read is a miss and a write does nothing: pages and
blocks are rendered without the cache instead of answering 500. The outage is logged once per LOG_EVERY seconds
per process, not per request, and for RETRY_AFTER seconds after an error the process does not ask Redis at all, so
requests do not each wait for a connection timeout. Only counting cannot be a no-op: `incr` raises
CacheUnavailable, and core.ratelimit counts in the database instead while `is_down()` (so limits still hold).

**A render lock** (`RenderLockCache`, the `template_fragments` alias that Django's `{% cache %}` tag uses when it
exists). The tag does `get(key)`, and on a miss renders the block and `set`s it. When a topic is renewed, every
request at that moment misses the new key at once and renders the same block (100–300 ms each at city scale): a
stampede. Here the first miss takes a lock (`add`, atomic in Redis as SET NX and in the database cache as an
INSERT on the key) and renders; the others wait up to WAIT_SECONDS, polling, for its result, and render the block
themselves when it does not come. The lock is released by the `set` after the render, or at the end of the request
when the render failed; a lock whose process died expires after LOCK_SECONDS. Only the value under the exact key
(which holds the topic's current version, core.fragments) is ever returned, so nothing stale is served.
"""

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisCache
from django.core.signals import request_finished
from django.db import DatabaseError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LOG_EVERY = 60.0  # seconds between two log lines about the same outage, per process
RETRY_AFTER = 2.0  # seconds after an error during which Redis is not asked
WAIT_SECONDS = 2.0  # the longest a request waits for another's render of the same block
LOCK_SECONDS = 5  # a render lock whose holder died is gone after this
FIRST_POLL, LONGEST_POLL = 0.01, 0.1  # seconds between two looks for the other's result, growing

T = TypeVar("T")


class CacheUnavailable(Exception):
    """The cache cannot be reached: raised where no fallback value makes sense (counting)."""


class _Outage:
    """When the Redis at one address last failed, shared by every alias and thread of the process."""

    def __init__(self, server: str):
        parts = urlsplit(server)
        self.server = f"{parts.hostname}:{parts.port}" if parts.hostname else server  # no password in the log
        self.failed_at = float("-inf")
        self.logged_at = float("-inf")
        self.reported = False  # an error was logged and no recovery since

    def down(self) -> bool:
        return time.monotonic() - self.failed_at < RETRY_AFTER

    def failed(self, error: Exception) -> None:
        now = time.monotonic()
        self.failed_at = now
        if now - self.logged_at >= LOG_EVERY:
            self.logged_at, self.reported = now, True
            logger.error("Redis at %s cannot be reached (%s); pages are served without the cache", self.server, error)

    def answered(self) -> None:
        if self.reported:
            self.reported = False
            logger.warning("Redis at %s answers again", self.server)


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, where an unreachable Redis is a miss or a no-op (see the module's docstring)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        with _outages_lock:
            self.outage = _outages.setdefault(str(server), _Outage(str(server)))

    def is_down(self) -> bool:
        return self.outage.down()

    def _try(self, call: Callable[..., T], fallback: Any, *args: Any, **kwargs: Any) -> T:
        if self.outage.down():
            return fallback
        try:
            result = call(*args, **kwargs)
        except (RedisError, OSError) as error:
            self.outage.failed(error)
            return fallback
        self.outage.answered()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._try(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._try(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._try(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._try(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._try(super().has_key, False, key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        self._try(super().delete_many, None, keys, version)

    def clear(self):
        return self._try(super().clear, False)

    def incr(self, key, delta=1, version=None):
        """A count has no harmless fallback: the caller (core.ratelimit) counts elsewhere."""
        if self.outage.down():
            raise CacheUnavailable(self.outage.server)
        try:
            result = super().incr(key, delta, version)
        except (RedisError, OSError) as error:
            self.outage.failed(error)
            raise CacheUnavailable(self.outage.server) from error
        self.outage.answered()
        return result


def is_down(cache: BaseCache) -> bool:
    """Whether `cache` is a Redis that just failed (core.ratelimit then counts in the database)."""
    return isinstance(cache, ResilientRedisCache) and cache.is_down()


_held = threading.local()  # the render locks this thread took: {lock key: (the cache alias it is in, when)}


def _locks() -> dict[str, tuple[str, float]]:
    if not hasattr(_held, "locks"):
        _held.locks = {}
    return _held.locks


class RenderLockCache(BaseCache):
    """The cache of the `{% cache %}` blocks: another alias (LOCATION, e.g. "default") with a render lock on a miss
    (see the module's docstring)."""

    def __init__(self, server, params):
        super().__init__(params)
        self.alias = server or "default"

    @property
    def inner(self) -> BaseCache:
        return caches[self.alias]  # per thread, as Django's cache handler gives it

    def get(self, key, default=None, version=None):
        inner = self.inner
        value = inner.get(key, version=version)
        if value is not None or is_down(inner):
            return default if value is None else value
        lock = self._lock_key(key, version)
        if lock in _locks():  # this thread already renders it (a failed render in the same request): no waiting
            return default
        if inner.add(lock, 1, LOCK_SECONDS):
            _locks()[lock] = (self.alias, time.monotonic())
            return default  # the caller renders the block and sets it, which releases the lock
        deadline = time.monotonic() + WAIT_SECONDS
        pause = FIRST_POLL
        while (left := deadline - time.monotonic()) > 0:
            time.sleep(min(pause, left))
            value = inner.get(key, version=version)
            if value is not None or is_down(inner):  # Redis went down while waiting: render it here
                return default if value is None else value
            pause = min(pause * 1.5, LONGEST_POLL)
        return default  # the renderer is slow or gone: render it here rather than wait longer

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.inner.set(key, value, timeout, version=version)
        _release(self._lock_key(key, version))

    @staticmethod
    def _lock_key(key: str, version) -> str:
        return f"render-lock:{version or ''}:{key}"

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.inner.add(key, value, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.inner.touch(key, timeout, version=version)

    def delete(self, key, version=None):
        return self.inner.delete(key, version=version)

    def has_key(self, key, version=None):
        return self.inner.has_key(key, version=version)

    def clear(self):
        return self.inner.clear()


def _release(lock: str) -> None:
    held = _locks().pop(lock, None)
    if held is not None and time.monotonic() - held[1] < LOCK_SECONDS:  # not expired, so not someone else's now
        # The database cache drops a write it cannot make (SQLite's write lock held past the busy timeout) but
        # raises on a delete: the block is rendered, so the lock is left to expire rather than fail the page.
        with contextlib.suppress(DatabaseError):
            caches[held[0]].delete(lock)


def _release_at_request_end(**kwargs: Any) -> None:
    """A render that raised never reached its `set`: its locks go when the request ends, not after LOCK_SECONDS."""
    for lock in list(_locks()):
        _release(lock)


request_finished.connect(_release_at_request_end, dispatch_uid="core.cache_backends.release_render_locks")
