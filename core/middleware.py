"""Site-wide middleware: the Content-Security-Policy header, one log line per request, and NUL bytes dropped."""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, QueryDict

request_log = logging.getLogger("rimpel.request")


class ContentSecurityPolicyMiddleware:
    """Send settings.CONTENT_SECURITY_POLICY with every response that does not set its own.

    The policy allows scripts and styles from the site's own files only: no inline <script>, on…= handlers,
    <style> elements or style attributes in templates (htmx's indicator style is switched off in base.html).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response


class RequestLogMiddleware:
    """Log method, path, status and duration of every request on "rimpel.request" (INFO; 5xx as ERROR).

    The query string is left out: it can carry search words or tokens that do not belong in a log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        status = response.status_code
        level = logging.ERROR if status >= 500 else logging.INFO
        if request_log.isEnabledFor(level):
            request_log.log(
                level,
                "%s %s %s %.1fms",
                request.method,
                request.path,
                status,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": duration_ms,
                },
            )
        return response


class DropNulBytesMiddleware:
    """NUL bytes are taken out of query parameters, and an address holding one is not found, before any view runs.

    No text of rimpel holds one, and PostgreSQL cannot even compare a text column with it (a 500 in every lookup by
    slug, name or filter the fuzz test sent it to). Query parameters are read leniently everywhere (odd values are
    ignored), so the parameter is kept without its NUL; form fields are left to the forms, which refuse NUL with a
    message (Django's ProhibitNullCharactersValidator)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise Http404
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
            cleaned._mutable = False
            request.GET = cleaned  # type: ignore[assignment]  # the stubs know only the immutable subclass
        return self.get_response(request)
