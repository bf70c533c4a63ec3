"""How many stories may arrive, for the public form and the API alike: per sending address in the last hour, and
per collection link in a short sliding window, so that a flood slows a link for some minutes but does not close it
for everyone for the rest of the hour. Only stories that passed the form's checks count against the link: a robot's
invalid or honeypot posts do not use up the room real visitors need.

Each count is the sum of a few per-slice cache counters, raised with the cache's atomic add/incr before it is
compared with the limit, so requests that race each other cannot all slip under it."""

import contextlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.ratelimit import client_address
from stories.models import CollectionLink

ADDRESS_WINDOW = 3600
SLICES = 10


def sender_key(request) -> str:
    """A keyed hash of the request's address: stories from one sender can be found together, the address is not
    kept."""
    return sender_key_for(client_address(request))


def sender_key_for(address: str) -> str:
    return salted_hmac("stories.sender", address).hexdigest()[:32]


def _slice_keys(key: str, window: int) -> tuple[str, list[str], int]:
    width = max(window // SLICES, 1)
    now = int(time.time()) // width
    return f"{key}:{now}", [f"{key}:{now - back}" for back in range(SLICES)], width


def _count(key: str, window: int) -> int:
    """Count one attempt under `key`; the attempts in the last `window` seconds, this one included.

    The one place that talks to the cache: when core.ratelimit offers a shared atomic counter, it goes here."""
    current, keys, width = _slice_keys(key, window)
    if not cache.add(current, 1, timeout=window + width):
        try:
            cache.incr(current)
        except ValueError:  # expired between add and incr
            cache.add(current, 1, timeout=window + width)
    return sum(cache.get_many(keys).values())


def _uncount(key: str, window: int) -> None:
    current, _keys, _width = _slice_keys(key, window)
    with contextlib.suppress(ValueError):  # the slice expired meanwhile: nothing left to take back
        cache.decr(current)


def is_live_event(link: CollectionLink) -> bool:
    return link.busy_until is not None and link.busy_until > timezone.now()


def address_allows(request, link: CollectionLink) -> bool:
    """Count this post from its address; False when the address sent too many in the last hour. Every post counts
    here, also an invalid one: a robot's retries slow only the robot."""
    limit = settings.STORY_LIMIT_PER_ADDRESS_LIVE if is_live_event(link) else settings.STORY_LIMIT_PER_ADDRESS
    return _count(f"story-address:{sender_key(request)}", ADDRESS_WINDOW) <= limit


def link_allows(link: CollectionLink) -> bool:
    """Count a checked story through this link; False (and not counted) when the link's recent ceiling is
    reached."""
    key, window = f"story-link:{link.pk}", settings.STORY_LINK_WINDOW
    if _count(key, window) <= settings.STORY_LIMIT_PER_LINK:
        return True
    _uncount(key, window)
    return False
