"""Small typed readers for settings taken from environment variables.

Each fails loudly with ImproperlyConfigured on a value it cannot use, so a
typo in a deployment shows at start-up rather than as odd behaviour later.
"""

import os
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, hint: str = "") -> str:
    """A text setting; an empty value counts as unset, so a copied but unfilled .env line is harmless."""
    value = os.environ.get(name) or default
    if value is None:
        raise ImproperlyConfigured(f"Environment variable {name} is required{' ' + hint if hint else ''}.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():  # empty counts as unset, as for env_str
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}.") from exc


def worker_count() -> int:
    """How many worker processes gunicorn runs: RIMPEL_WORKERS, else gunicorn's own WEB_CONCURRENCY, else 5. Read by
    deploy/gunicorn.conf.py and by the settings, so the start-up check knows whether a per-process cache would split
    every rate limit among the workers."""
    workers = env_int("RIMPEL_WORKERS", env_int("WEB_CONCURRENCY", 5))
    if workers < 1:
        raise ImproperlyConfigured(f"RIMPEL_WORKERS must be at least 1, got {workers}.")
    return workers


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


# The backends RIMPEL_EMAIL_URL can name besides SMTP.
_CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
_FILE_BACKEND = "core.mail_backends.EmlFileBackend"
_SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
_SMTP_DEFAULT_TIMEOUT = 30  # seconds; Django's default (none) would let a hanging server block the worker


def email_settings(name: str, url: str) -> dict[str, Any]:
    """Django's EMAIL_* settings from one URL:

        smtp://user:password@host:587/?tls=1   SMTP with STARTTLS (without tls=1: plain, port 25 by default)
        smtps://user:password@host             SMTP over TLS from the start (port 465 by default)
        console:                               print mails on standard output
        file:///srv/rimpel/mail                write each mail as an .eml file into that folder

    User and password are percent-encoded (%40 for @). Optional query: timeout=SECONDS. Anything else is refused; the
    message never repeats the URL, which may hold a password.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a valid URL ({exc}).") from exc
    scheme = parts.scheme.lower()
    if scheme == "console":
        if parts.netloc or parts.path or parts.query:
            raise ImproperlyConfigured(f"{name}: console: takes nothing after the colon.")
        return {"EMAIL_BACKEND": _CONSOLE_BACKEND}
    if scheme == "file":
        if parts.netloc or parts.query or not parts.path.startswith("/"):
            raise ImproperlyConfigured(f"{name}: write file: with an absolute folder, e.g. file:///srv/rimpel/mail.")
        return {"EMAIL_BACKEND": _FILE_BACKEND, "EMAIL_FILE_PATH": unquote(parts.path)}
    if scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(f"{name} must start with smtp://, smtps://, console: or file://, got {scheme!r}.")
    if not parts.hostname:
        raise ImproperlyConfigured(f"{name} has no host name.")
    if parts.path not in {"", "/"} or parts.fragment:
        raise ImproperlyConfigured(f"{name}: nothing may follow the host but ?tls=1 or ?timeout=SECONDS.")
    try:
        query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} has an unreadable query ({exc}).") from exc
    unknown = sorted(set(query) - {"tls", "timeout"})
    if unknown or any(len(values) > 1 for values in query.values()):
        raise ImproperlyConfigured(f"{name}: only tls and timeout may be given, once each (not {unknown}).")
    tls = _query_bool(name, "tls", query.get("tls", ["0"])[0])
    if scheme == "smtps" and tls:
        raise ImproperlyConfigured(f"{name}: smtps:// is TLS already; tls=1 is for STARTTLS on smtp://.")
    timeout_text = query.get("timeout", [str(_SMTP_DEFAULT_TIMEOUT)])[0]
    if not timeout_text.isdigit() or int(timeout_text) == 0:
        raise ImproperlyConfigured(f"{name}: timeout must be a whole number of seconds above 0.")
    return {
        "EMAIL_BACKEND": _SMTP_BACKEND,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or (465 if scheme == "smtps" else 587 if tls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": tls,
        "EMAIL_USE_SSL": scheme == "smtps",
        "EMAIL_TIMEOUT": int(timeout_text),
    }


def _query_bool(name: str, key: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}: {key} must be 1 or 0, got {raw!r}.")
