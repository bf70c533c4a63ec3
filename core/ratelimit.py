"""Rate limits for public forms and the API: check and count in one atomic step.

`hit(key, limit, window)` counts one attempt in the current window and says whether it is within the limit. The
decision is taken on the number the count itself returned, never on a read before it: with N requests at once
through several workers exactly `limit` get through (a check followed by a separate count let every worker pass
what it had read; the probe of issue 20 saw 507 stories through a limit of 500).

Windows are fixed and aligned to the clock: a window of 3600 s runs from the full hour, one of 60 s from the full
minute. At the turn of a window a client may send `limit` just before and `limit` just after it. `sliding=True`
closes that gap for limits where it matters (a collection link's higher ceiling): the previous window's count is
weighed by the share of it that still lies within the last `window` seconds, and added to the current count.

Where the counters live: with the database cache (RIMPEL_CACHE=database, the production default) in the table
core.RateCounter, counted by one UPDATE … SET count = count + 1 whose row stays locked until the request has read its
own number (Django's database cache does incr as a get and a set, which two workers can interleave). With the
memory cache (development, tests, a single process) in the cache with add + incr, which LocMemCache does under a lock.
With Redis (RIMPEL_REDIS_URL, several app servers) in Redis with the same add + incr: SET NX and INCR, each atomic
in Redis, so the servers count on one number.

While Redis is down (core.cache_backends: an error in the last seconds) the counts go to the table, as with the
database cache: the database is shared by every server too, so the limits still hold, only their counts start again
from zero in the table (and again in Redis when it is back): at an outage's start and end a client gets at most one
window's limit more.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F

from core.cache_backends import CacheUnavailable, is_down
from core.models import RATE_KEY_LENGTH, RateCounter


def client_address(request) -> str:
    """The address a request came from, also behind a reverse proxy.

    X-Forwarded-For is only read when the request comes from one of settings.TRUSTED_PROXIES (e.g. nginx on
    127.0.0.1), because any client can send that header; then the address the proxy appended last, i.e. the one
    it saw, is the client. Without that setting every request behind a proxy would share the proxy's address,
    and one person's failed logins would lock everyone out.
    """
    address = request.META.get("REMOTE_ADDR", "unknown")
    if address in settings.TRUSTED_PROXIES:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        for hop in reversed(forwarded):
            if hop and hop not in settings.TRUSTED_PROXIES:
                return hop
    return address


def hit(key: str, limit: int, window: int, *, sliding: bool = False) -> bool:
    """Count one attempt under `key` in the current window of `window` seconds; whether it is within `limit`.

    An attempt over the limit counts too, so hammering does not shorten the wait.
    """
    window = max(int(window), 1)
    now = int(time.time())
    start = now - now % window
    key = _stored_key(key)
    count = _count_in_table(key, start, window, now) if _in_database() else _count_in_cache(key, start, window, now)
    if not sliding:
        return count <= limit
    previous = _read(key, start - window)
    still_in_view = (window - (now - start)) / window
    return previous * still_in_view + count <= limit


def refund(key: str, window: int) -> None:
    """Give back one attempt counted in the current window: the login whose password was right after all."""
    window = max(int(window), 1)
    now = int(time.time())
    start = now - now % window
    key = _stored_key(key)
    if not _in_database():
        try:
            cache.decr(_cache_key(key, start))
            return
        except ValueError:  # the window turned since: nothing left to give back
            return
        except CacheUnavailable:  # Redis is down: the attempt was counted in the table
            pass
    RateCounter.objects.filter(key=key, window_start=start, count__gt=0).update(count=F("count") - 1)


def seconds_left(window: int) -> int:
    """Seconds until the current window of `window` seconds ends: what Retry-After says."""
    window = max(int(window), 1)
    return window - int(time.time()) % window


def _in_database() -> bool:
    return isinstance(caches["default"], DatabaseCache) or is_down(caches["default"])


def _stored_key(key: str) -> str:
    if len(key) <= RATE_KEY_LENGTH:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def _cache_key(key: str, start: int) -> str:
    return f"ratelimit:{key}:{start}"


def _count_in_cache(key: str, start: int, window: int, now: int) -> int:
    name = _cache_key(key, start)
    for _attempt in range(3):
        cache.add(name, 0, timeout=2 * window)  # two windows: the sliding variant still reads the previous one
        try:
            return cache.incr(name)
        except ValueError:  # culled between add and incr: add it again
            continue
        except CacheUnavailable:  # Redis went down just now: count where it is counted while Redis is down
            return _count_in_table(key, start, window, now)
    return 1  # a cache too full to hold one counter: let the request through rather than refuse everyone


def _count_in_table(key: str, start: int, window: int, now: int) -> int:
    rows = RateCounter.objects.filter(key=key, window_start=start)
    made = False
    with transaction.atomic():
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, window_start=start, count=1, expires_at=start + 2 * window)
                made = True
            except IntegrityError:  # another request made the row a moment ago (PostgreSQL): count on it
                rows.update(count=F("count") + 1)
        # Read inside the transaction: the UPDATE holds the row, so no one else's count lands in between.
        count = rows.values_list("count", flat=True).get()
    if made:
        _purge(now)
    return count


def purge_expired_counters() -> int:
    """Delete the counters whose windows have passed; how many. Nightly (purge_expired), besides the tidying at
    each new counter, which only a request for a new key does."""
    return RateCounter.objects.filter(expires_at__lte=int(time.time())).delete()[0]


def _purge(now: int) -> None:
    try:
        with transaction.atomic():
            RateCounter.objects.filter(expires_at__lte=now).delete()
    except OperationalError:  # two purges crossing on PostgreSQL (a deadlock): the next new row tidies up
        pass


def _read(key: str, start: int) -> int:
    if _in_database():
        return RateCounter.objects.filter(key=key, window_start=start).values_list("count", flat=True).first() or 0
    return cache.get(_cache_key(key, start), 0)
