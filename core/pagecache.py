"""Whole-page cache for visitors who are not logged in, invalidated by the "pages" topic of core.invalidation.

Public pages are the same for every anonymous visitor, and they are read far more often than the network
changes. So a rendered public page is kept in the "pages" cache (each process's memory) under a key that holds
the *page version*: the current token of the "pages" topic. Each app declares the tables its public pages show
(`invalidation.register(PAGES, ...)` in its AppConfig.ready()); every committed write to one of them renews the
version, so every process stops using the pages cached before it. While `migrate` or `flush` runs nothing is
cached.

Only GET requests without a session or messages cookie are served from or stored in the cache; only 200
responses that set no cookie, used no CSRF token, carry no message and do not ask not to be cached are stored.
(The API marks its answers private, so the middleware leaves them alone; `api.http` serves its anonymous reads
through `through_cache` after counting them against the rate limit.) The key also holds the scheme and host, the
full path with its query string, the active language (a path without a language prefix takes it from the
visitor), the htmx request headers and today's date (pages that show "coming up" change at midnight without a
write). PAGE_CACHE_SECONDS bounds how long a page is kept, and so how long a page may lag if a process dies
between a commit and its version row; 0 switches the cache off.
"""

import hashlib

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language

from core import invalidation

PAGES = "pages"  # the invalidation topic of the public pages

LARGEST_PAGE = 512 * 1024  # bytes; larger downloads are rendered each time rather than filling the cache
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "ETag", "Last-Modified", "Vary")
# Requests that ask for a 304 or carry an API token go to the view, which knows how to answer them.
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_AUTHORIZATION")
# A response that varies on any other request header (the API docs follow Accept-Language) is not stored.
KEYED_VARY = {
    "",
    "cookie",
    "accept-encoding",
    "hx-request",
    "hx-target",
    "hx-trigger",
    "hx-boosted",
    "hx-history-restore-request",
}
HTMX_HEADERS = (
    "HTTP_HX_REQUEST",
    "HTTP_HX_TARGET",
    "HTTP_HX_TRIGGER",
    "HTTP_HX_BOOSTED",
    "HTTP_HX_HISTORY_RESTORE_REQUEST",
)


def through_cache(request, render, kind: str = "page"):
    """The response `render()` gives, or the one it gave before for this page version and key. For responses that
    are the same for every visitor without a session: the middleware's pages, and the API's anonymous reads (which
    come here after their rate limit, so every request is still counted). `kind` keeps their keys apart: the
    middleware must never find an API answer, which would skip the rate limit."""
    if settings.PAGE_CACHE_SECONDS <= 0 or invalidation.is_paused():
        return render()
    key = PageCacheMiddleware.key(request, kind)
    stored = caches["pages"].get(key)
    if stored is not None:
        return PageCacheMiddleware.rebuild(stored)
    response = render()
    if PageCacheMiddleware.cacheable_response(request, response):
        caches["pages"].set(key, PageCacheMiddleware.store(response), settings.PAGE_CACHE_SECONDS)
    return response


class PageCacheMiddleware:
    """Serve and store public pages (see the module's docstring); sits last, so every other middleware still
    adds its headers to a page served from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        return through_cache(request, lambda: self.get_response(request))

    @staticmethod
    def cacheable_request(request) -> bool:
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and not invalidation.is_paused()
            and request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES
            and not any(name in request.META for name in CONDITIONAL_HEADERS)
        )

    @staticmethod
    def cacheable_response(request, response) -> bool:
        cache_control = response.get("Cache-Control", "").lower()
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not len(get_messages(request))
            and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
            and not {name.strip().lower() for name in cc_delim_re.split(response.get("Vary", ""))} - KEYED_VARY
            and len(response.content) <= LARGEST_PAGE
        )

    @staticmethod
    def key(request, kind: str = "page") -> str:
        if not hasattr(request, "page_version"):  # read once per request: the API asks again inside the view
            request.page_version = invalidation.current(PAGES)
        parts = [
            kind,
            request.page_version,
            timezone.localdate().isoformat(),
            get_language(),
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            *(request.META.get(name, "") for name in HTMX_HEADERS),
        ]
        return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()

    @staticmethod
    def store(response) -> dict:
        return {
            "content": response.content,
            "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
        }

    @staticmethod
    def rebuild(stored: dict) -> HttpResponse:
        response = HttpResponse(stored["content"])
        for name, value in stored["headers"].items():
            response[name] = value
        return response
