"""A small fixed-window rate limit on Django's cache, for public forms such as the login."""

from django.core.cache import cache


def client_address(request) -> str:
    # Behind a proxy, configure it to set REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips);
    # X-Forwarded-For is not trusted here because any client can send it.
    return request.META.get("REMOTE_ADDR", "unknown")


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
