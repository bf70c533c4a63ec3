"""Whole-page cache for visitors who are not logged in, invalidated by topic (core.invalidation).

Public pages are the same for every anonymous visitor, and they are read far more often than the network
changes. So a rendered public page is kept in the "pages" cache (each process's memory; Redis, shared by every
server, when RIMPEL_REDIS_URL is set) under a key that holds the *page version*: the current tokens of the topics
the page reads. Each app declares the tables its public pages show (`invalidation.register(PAGES, ...)` in its
AppConfig.ready()); the "pages" topic is split by app, so a write to a story renews "pages" and "pages.stories".
READS below says which apps' topics each page reads; a page it does not name keys on "pages", renewed by every
write to a public table. Every committed write renews its topics, so every process stops using the pages cached
before it. While `migrate` or `flush` runs nothing is cached.

Only GET requests without a session or messages cookie are served from or stored in the cache; only 200
responses that set no cookie, used no CSRF token, carry no message and do not ask not to be cached are stored.
(The API marks its answers private, so the middleware leaves them alone; `api.http` serves its anonymous reads
through `through_cache` after counting them against the rate limit.) The key also holds the scheme and host, the
full path with its query string, the active language (a path without a language prefix takes it from the
visitor), the htmx request headers and today's date (pages that show "coming up" change at midnight without a
write). PAGE_CACHE_SECONDS bounds how long a page is kept, and so how long a page may lag if a process dies
between a commit and its version row; 0 switches the cache off.
"""

import functools
import hashlib

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language

from core import invalidation

PAGES = "pages"  # the invalidation topic of the public pages: every table any public page shows
invalidation.split_by_app(PAGES)  # and per app, "pages.stories": the topics a page declares below

# What each public page reads, as the apps whose tables it shows (its own app's, those of the apps below it that it
# lists, and those of the sections higher apps contribute): a write renews the pages that read its app's tables and
# no others (a new story renews the story book and the programme pages, not the calendar). By the URL's full name; a
# page not named here is renewed by every write to a public table, so a new page is never stale, only renewed more
# often than it needs. core/tests/test_page_topics.py renders every page named here and checks that it reads no table
# outside the apps named here. The search index (search) is rewritten with each record: a page that reads it is
# renewed by nearly every write.
_CALENDAR = ("activities", "network")
_PROGRAMME = ("activities", "attendance", "documents", "impact", "network", "programmes", "projects", "stories")
_STORIES = ("activities", "documents", "impact", "network", "programmes", "stories")
_REPORTS = ("activities", "impact", "network", "programmes", "reports", "stories")
READS: dict[str, tuple[str, ...]] = {
    "home:home": ("activities", "impact", "network", "programmes", "projects", "stories"),
    "privacy": ("network",),
    "network:organisation_list": _CALENDAR,
    "network:organisation_detail": ("activities", "documents", "network", "projects"),
    "network:line_list": _CALENDAR,
    "network:line_detail": ("activities", "documents", "network", "programmes", "projects", "questions", "stories"),
    "network:identity": ("documents", "network"),
    "networkmap:map": ("activities", "network", "programmes", "projects"),
    "networkmap:map_list": ("activities", "network", "programmes", "projects"),
    "networkmap:map_data": ("activities", "network", "programmes", "projects"),
    "activities:calendar": _CALENDAR,
    "activities:feed": _CALENDAR,
    "activities:ics": _CALENDAR,
    "activities:open_days": _CALENDAR,
    "activities:open_days_feed": _CALENDAR,
    "activities:detail": ("activities", "attendance", "documents", "impact", "network", "programmes", "stories"),
    "projects:portfolio": ("network", "projects"),
    "projects:feed": ("network", "projects"),
    "projects:detail": ("documents", "network", "projects"),
    "documents:library": ("activities", "documents", "network", "programmes", "projects", "stories"),
    "documents:detail": ("activities", "documents", "network", "programmes", "projects", "stories"),
    "impact:model": ("impact",),
    "programmes:list": ("programmes",),
    "programmes:detail": _PROGRAMME,
    "programmes:action": _PROGRAMME,
    "programmes:activities": _PROGRAMME,
    "stories:book": _STORIES,
    "stories:programme_book": _STORIES,
    "stories:patterns": _STORIES,
    "stories:detail": _STORIES,
    "stories:feed": _STORIES,
    "reports:overview": ("programmes", "reports"),
    "reports:html": _REPORTS,
    "search:results": ("search",),
    "offerings:list": ("network", "offerings"),
    "offerings:feed": ("network", "offerings"),
    "offerings:detail": ("network", "offerings"),
    "questions:list": ("network", "questions"),
    "questions:detail": ("activities", "network", "offerings", "projects", "questions", "search", "stories"),
    "api:activities": ("activities", "attendance", "network"),
    "api:activity": ("activities", "attendance", "network"),
    "api:organisations": _CALENDAR,
    "api:organisation": _CALENDAR,
    "api:projects": ("network", "projects"),
    "api:lines": ("network", "projects"),
    "api:line": ("network", "projects"),
    "api:offerings": ("network", "offerings"),
    "api:programmes": ("network", "programmes"),
    "api:programme": ("activities", "impact", "network", "programmes"),
    "api:stories": _STORIES,
    "api:dimensions": ("impact",),
    "api:themes": ("network",),
    "api:network": ("network",),
}

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
            tokens = invalidation.current_of(page_topics(request.path_info, get_language()))
            request.page_version = ":".join(tokens[topic] for topic in sorted(tokens))
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


@functools.lru_cache(maxsize=4096)
def page_topics(path: str, language: str) -> tuple[str, ...]:
    """The topics the page at `path` is keyed on (see READS); the language picks the i18n patterns' prefix."""
    try:
        match = resolve(path)
    except Resolver404:
        return (PAGES,)
    apps = READS.get(match.view_name)
    return tuple(invalidation.app_topic(PAGES, app) for app in apps) if apps else (PAGES,)
