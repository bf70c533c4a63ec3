"""A small fixed-window rate limit on Django's cache, for public forms such as the login."""

from django.conf import settings
from django.core.cache import cache


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


def is_limited(key: str, limit: int) -> bool:
    return cache.get(key, 0) >= limit


def record_attempt(key: str, window_seconds: int) -> int:
    """Count one attempt in the current window and return the count so far."""
    if cache.add(key, 1, timeout=window_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return 1
