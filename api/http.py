"""What every API request goes through before and after its endpoint: the token, the rate limit and ETags."""

import functools
import hashlib
import json

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import gettext as _

from api import tokens
from core import ratelimit
from core.languages import whole_site_language
from core.pagecache import through_cache
from core.permissions import can_use_api_token
from core.ratelimit import client_address


def error(status: int, detail: str, **headers) -> HttpResponse:
    response = HttpResponse(json.dumps({"detail": detail}), status=status, content_type="application/json")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def bearer_secret(request) -> str | None:
    """The token sent as `Authorization: Bearer <token>`, "" for another or a malformed header, None without one."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _space, secret = header.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else ""


def _limited(key: str, limit: int) -> int | None:
    """Count this request in the current fixed window; the seconds until the window ends when over the limit."""
    window = max(settings.API_LIMIT_WINDOW, 1)
    if ratelimit.hit(f"api-limit:{key}", limit, window):
        return None
    return ratelimit.seconds_left(window)


def _etag(content: bytes) -> str:
    return 'W/"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _matches(if_none_match: str, etag: str) -> bool:
    # Weak comparison: W/"x" and "x" are the same representation for a conditional GET.
    wanted = {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}
    return "*" in wanted or etag.removeprefix("W/") in wanted


def _holds_nul(request) -> bool:
    """No text may hold a NUL character (PostgreSQL refuses it, and no one types it); the web forms refuse it
    through Django's form fields, the API here, in the query string and in the JSON body (escaped as \\u0000)."""
    if any("\x00" in value for _name, values in request.GET.lists() for value in values):
        return True
    body = request.body if request.method in ("POST", "PUT", "PATCH") else b""
    return b"\x00" in body or b"\\u0000" in body.lower()


def in_request_language(view):
    """Run the view in the language the client asks for (cookie or Accept-Language), Dutch by default and for the
    languages only the parent pages have.

    The API is outside i18n_patterns, where LocaleMiddleware would always choose the default language.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        language = whole_site_language(translation.get_language_from_request(request, check_path=False))
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, **kwargs)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        return response

    return wrapped


def api_view(view):
    """Wrap an API view: resolve the bearer token (401 when unknown or revoked), apply the rate limits
    (429 with Retry-After) and answer GETs with a weak ETag (304 when If-None-Match matches)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        request.api_token = None
        secret = bearer_secret(request)
        address_key = f"address:{client_address(request)}"
        if secret is not None:
            token = tokens.find(secret) if secret else None
            if not can_use_api_token(token):
                wait = _limited(address_key, settings.API_LIMIT_PER_ADDRESS)
                if wait:
                    return error(429, _("Too many requests. Try again later."), Retry_After=str(wait))
                return error(401, _("This API token is unknown or was revoked."), WWW_Authenticate="Bearer")
            request.api_token = token
            wait = _limited(f"token:{token.pk}", settings.API_LIMIT_PER_TOKEN)
        else:
            wait = _limited(address_key, settings.API_LIMIT_PER_ADDRESS)
        if wait:
            return error(429, _("Too many requests. Try again later."), Retry_After=str(wait))
        if request.api_token is not None:
            tokens.touch(request.api_token)
        if _holds_nul(request):
            return error(400, _("The request is not valid."))
        anonymous = request.api_token is None and settings.SESSION_COOKIE_NAME not in request.COOKIES
        if anonymous and request.method == "GET":
            # The same for every anonymous caller: served from the page cache (core.pagecache) in this language.
            response = through_cache(request, lambda: view(request, *args, **kwargs), kind="api")
        else:
            response = view(request, *args, **kwargs)
        patch_vary_headers(response, ["Accept-Language", "Authorization"])
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
            etag = _etag(response.content)
            response["ETag"] = etag
            response["Cache-Control"] = "private, no-cache"
            if_none_match = request.headers.get("If-None-Match")
            if if_none_match and _matches(if_none_match, etag):
                not_modified = HttpResponseNotModified()
                for header in ("ETag", "Cache-Control", "Vary"):
                    not_modified[header] = response[header]
                return not_modified
        return response

    return in_request_language(wrapped)
