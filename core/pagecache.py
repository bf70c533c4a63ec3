"""Whole-page cache for visitors who are not logged in, invalidated by a version every write renews.

Public pages are the same for every anonymous visitor, and they are read far more often than the network
changes. So a rendered public page is kept in the "pages" cache (each process's memory) under a key that holds
the *page version*: the token of the newest PageVersion row. Every statement that writes to a table behind the
pages (an INSERT, UPDATE, DELETE or TRUNCATE outside IGNORED_TABLES, whichever code sends it: services, imports,
restores, bulk updates, raw SQL) adds a version row once it is committed, one per transaction (see
`_note_write`), so every process stops using the pages cached before it. `migrate` and `flush` add one version
when they finish; while they run nothing is cached.

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
import re

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language

from core.models import PageVersion
from core.services import add_version

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

# Tables whose rows no public page shows: sessions, the cache's own table, one-time form tokens, pending
# uploads, API token use, and the version tables themselves (writing to them must not add a version).
IGNORED_TABLES = frozenset(
    {
        "django_session",
        "core_pageversion",
        "core_usedformtoken",
        "network_graphversion",
        "api_apitoken",
        "core_stagedupload",
        "exchange_importmapping",
    }
)
_WRITE = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO|TRUNCATE"
    r'(?:\s+TABLE)?)\s+["`]?(\w+)',
    re.IGNORECASE,
)
_paused = False  # while migrations run: the version table may not exist yet; post_migrate adds one version


def ignored_tables() -> frozenset[str]:
    location = settings.CACHES["default"].get("LOCATION", "")
    return IGNORED_TABLES | {location} if "DatabaseCache" in settings.CACHES["default"]["BACKEND"] else IGNORED_TABLES


def current_version(using: str = "default") -> str:
    token = PageVersion.objects.using(using).order_by("-pk").values_list("token", flat=True).first()
    return token or "none"


def renew(using: str = "default") -> str:
    return add_version(PageVersion, using)


def _note_write(execute, sql, params, many, context):
    """Execute wrapper: renew the page version once a statement's write to a table behind the pages is committed.

    The row is added after the commit, never inside the writing transaction: row numbers are handed out at insert,
    so a long transaction's row could otherwise be numbered before a short one's and committed after it, and pages
    cached under the short one's row would stay without the long one's data (PostgreSQL; SQLite writes one at a
    time). Numbered after its commit, every version row is newer than the data it stands for."""
    match = None if _paused else _WRITE.match(sql)
    if match is None or match.group(1).lower() in ignored_tables():
        return execute(sql, params, many, context)
    connection = context["connection"]
    result = execute(sql, params, many, context)
    if not connection.in_atomic_block:
        renew(connection.alias)
    elif not any(isinstance(entry[1], RenewAfterCommit) for entry in connection.run_on_commit):
        # Once per transaction; Django drops the callback with a rolled-back savepoint, so a later write in the same
        # transaction registers it again. Robust: a failure is logged and cannot turn a saved write into an error.
        connection.on_commit(RenewAfterCommit(connection.alias), robust=True)
    return result


class RenewAfterCommit:
    """The commit callback of a transaction that wrote to a table behind the pages (a class, so it is recognised
    on the connection's list of callbacks)."""

    def __init__(self, using: str):
        self.using = using

    def __call__(self) -> None:
        renew(self.using)


def watch_writes(sender, connection, **kwargs) -> None:
    if _note_write not in connection.execute_wrappers:
        connection.execute_wrappers.append(_note_write)


def pause_for_migrations(sender, **kwargs) -> None:
    global _paused  # noqa: PLW0603 - one switch for the whole process while `migrate` or `flush` runs
    _paused = True


def resume_after_migrations(sender, using="default", **kwargs) -> None:
    """Sent once per app: the first one renews the version."""
    global _paused  # noqa: PLW0603
    if _paused and PageVersion._meta.db_table in connections[using].introspection.table_names():
        renew(using)
    _paused = False


def watch_open_connections() -> None:
    """Watch connections opened from now on, and any already open (the app registry loads after some)."""
    connection_created.connect(watch_writes, dispatch_uid="core.pagecache.watch_writes")
    pre_migrate.connect(pause_for_migrations, dispatch_uid="core.pagecache.pause")
    post_migrate.connect(resume_after_migrations, dispatch_uid="core.pagecache.resume")
    for connection in connections.all(initialized_only=True):
        watch_writes(None, connection)


def through_cache(request, render, kind: str = "page"):
    """The response `render()` gives, or the one it gave before for this page version and key. For responses that
    are the same for every visitor without a session: the middleware's pages, and the API's anonymous reads (which
    come here after their rate limit, so every request is still counted). `kind` keeps their keys apart: the
    middleware must never find an API answer, which would skip the rate limit."""
    if settings.PAGE_CACHE_SECONDS <= 0 or _paused:
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
            and not _paused
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
            request.page_version = current_version()
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
