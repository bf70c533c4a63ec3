"""rimpel settings: every deployment choice comes from an environment variable (see .env.example)."""

import os
from email.utils import formataddr, parseaddr
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from rimpel.env import email_settings, env_bool, env_int, env_list, env_str, worker_count

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("RIMPEL_DEBUG", default=False)
# The development key only works with DEBUG on; production must set its own.
# A production server also refuses a short key or unset RIMPEL_ALLOWED_HOSTS (core/startup.py).
SECRET_KEY = env_str(
    "RIMPEL_SECRET_KEY",
    "insecure-development-key" if DEBUG else None,
    hint='with RIMPEL_DEBUG off; make one with: python -c "import secrets; print(secrets.token_urlsafe(50))"',
)
ALLOWED_HOSTS = env_list("RIMPEL_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
ALLOWED_HOSTS_FROM_ENVIRONMENT = bool(env_list("RIMPEL_ALLOWED_HOSTS"))
CSRF_TRUSTED_ORIGINS = env_list("RIMPEL_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "rimpel.apps.AdminConfig",  # django.contrib.admin with the superusers-only site (core.admin_site)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "core",
    "network",
    "documents",
    "activities",
    "projects",
    "impact",
    "programmes",
    "stories",
    "reports",
    "search",
    "networkmap",
    "offerings",
    "questions",
    "meetings",
    "schooldata",
    "attendance",
    "exchange",
    "api",
    "notifications",
    "parler",
    "parents",
    "home",
    "schools",
]
# The development tools (devtools: network generator, benchmarks, fault scripts) are never part of production. On by
# default with RIMPEL_DEBUG and in test runs: pytest sets PYTEST_VERSION before pytest-django loads these settings.
DEV_TOOLS = env_bool("RIMPEL_DEV_TOOLS", default=DEBUG or "PYTEST_VERSION" in os.environ)
if DEV_TOOLS:
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    "core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.languages.ParentOnlyLanguagesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.DropNulBytesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.pagecache.PageCacheMiddleware",
]

ROOT_URLCONF = "rimpel.urls"
WSGI_APPLICATION = "rimpel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'rimpel.sqlite3'}"),
        conn_max_age=env_int("RIMPEL_DB_CONN_MAX_AGE", 0),
        # With persistent connections (RIMPEL_DB_CONN_MAX_AGE > 0), check a reused connection at the start of a
        # request: after a PostgreSQL restart each worker's first request would otherwise fail on its dead
        # connection (devtools/faults/postgres_restart.py).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one request writes; IMMEDIATE avoids
    # "database is locked" errors when two writes start at once. A writer waits
    # up to 20 s for its turn: under a burst of submissions (bench_story_submissions)
    # 5 s was sometimes not enough, and a slow save beats a lost story.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        "transaction_mode": "IMMEDIATE",
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.EmailOrUsernameBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:dashboard"
LOGOUT_REDIRECT_URL = "home:home"

# Addresses of reverse proxies in front of the app (e.g. 127.0.0.1 for nginx on the same machine): for requests
# from them, rate limits read the client's address from X-Forwarded-For (core.ratelimit.client_address).
TRUSTED_PROXIES = env_list("RIMPEL_TRUSTED_PROXIES", [])

# Rate limits and cached figures live in the cache. "database" (a table `migrate` makes) is shared by every worker, so
# limits hold across them: the default in production. "memory" is per process: development and the test suite, or a
# server with a single worker; a production server refuses it with more (core.startup, rimpel.E004). "redis" (the
# default when RIMPEL_REDIS_URL is set, e.g. redis://127.0.0.1:6379/0) is shared by every worker on every server:
# the cache of a site on more than one app server (docs/deploy.md).
REDIS_URL = env_str("RIMPEL_REDIS_URL", "")
_cache_url = env_str("RIMPEL_CACHE_URL", "")
if _cache_url.startswith(("redis://", "rediss://", "unix://")) and not REDIS_URL:
    REDIS_URL = _cache_url
CACHE_BACKEND = env_str(
    "RIMPEL_CACHE",
    "redis" if REDIS_URL else "memory" if DEBUG or "PYTEST_VERSION" in os.environ else "database",
)
if CACHE_BACKEND not in {"memory", "database", "redis"}:
    raise ImproperlyConfigured(f"RIMPEL_CACHE must be memory, database or redis, got {CACHE_BACKEND!r}.")
if CACHE_BACKEND == "redis" and not REDIS_URL:
    raise ImproperlyConfigured("RIMPEL_CACHE=redis needs RIMPEL_REDIS_URL, e.g. redis://127.0.0.1:6379/0.")
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if CACHE_BACKEND == "memory"
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "rimpel_cache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
    # Rendered public pages (core.pagecache), in each process's memory with the memory or database cache: a miss
    # then costs no database write, and the page version, read from the database, keeps every process current.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}
if CACHE_BACKEND == "redis":
    # One Redis for all: every server serves a page another rendered. Redis drops the least used keys when full
    # (maxmemory-policy allkeys-lru in deploy/redis.conf); rate-limit counts are counted with INCR, which is atomic.
    # While Redis is down a read is a miss and a write does nothing (core.cache_backends), so pages are rendered
    # without the cache; the timeouts keep an unreachable host from holding each request for minutes.
    CACHES["default"] = {
        "BACKEND": "core.cache_backends.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}
# The `{% cache %}` blocks (core.fragments) in the default cache, behind a render lock: when a block's topic is
# renewed, one request renders it and those at the same moment wait briefly for its result (core.cache_backends).
CACHES["template_fragments"] = {"BACKEND": "core.cache_backends.RenderLockCache", "LOCATION": "default"}

# Worker processes gunicorn runs (deploy/gunicorn.conf.py reads the same variable): the start-up check needs it.
WORKERS = worker_count()

# Public pages are cached for anonymous visitors (core.pagecache) for at most this many seconds; every write
# renews their version, so this only bounds how long a page that shows "now" may lag. 0 switches the cache off.
PAGE_CACHE_SECONDS = env_int("RIMPEL_PAGE_CACHE_SECONDS", 600)

# The public story form and POST /api/stories/ (stories.limits): at most this many stories from one address in the
# last hour (more during a live event the coordinator switched on), and through one link in the last
# STORY_LINK_WINDOW seconds, so a flood slows a link for minutes instead of closing it for the hour.
STORY_LIMIT_PER_ADDRESS = env_int("RIMPEL_STORY_LIMIT_PER_ADDRESS", 20)
STORY_LIMIT_PER_ADDRESS_LIVE = env_int("RIMPEL_STORY_LIMIT_PER_ADDRESS_LIVE", 300)
STORY_LIMIT_PER_LINK = env_int("RIMPEL_STORY_LIMIT_PER_LINK", 60)
STORY_LINK_WINDOW = env_int("RIMPEL_STORY_LINK_WINDOW", 600)
# A person needs more than this many seconds to fill in the form; a robot does not.
STORY_MIN_FILL_SECONDS = env_int("RIMPEL_STORY_MIN_FILL_SECONDS", 3)

# The open API (/api/): requests per window (in seconds) from one address without a token, and per token.
API_LIMIT_PER_ADDRESS = env_int("RIMPEL_API_LIMIT_PER_ADDRESS", 120)
API_LIMIT_PER_TOKEN = env_int("RIMPEL_API_LIMIT_PER_TOKEN", 600)
API_LIMIT_WINDOW = env_int("RIMPEL_API_LIMIT_WINDOW", 60)

# Attendance lists store people under a keyed hash of their e-mail address or name. The key must
# stay the same for the life of the network (a new key makes everyone a first-timer again), so it
# is its own setting and not tied to SECRET_KEY, which may be rotated.
ATTENDANCE_KEY = env_str("RIMPEL_ATTENDANCE_KEY", "insecure-development-attendance-key" if DEBUG else SECRET_KEY)
# A participant at this many activities in a year belongs to that year's returning core.
ATTENDANCE_CORE_MINIMUM = env_int("RIMPEL_ATTENDANCE_CORE_MINIMUM", 3)
# Seconds of work one uploaded file (a calendar) may cause before reading it stops (core.budget).
INPUT_BUDGET_SECONDS = env_int("RIMPEL_INPUT_BUDGET_SECONDS", 3)

LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("tr", _("Turkish")),
    ("pl", _("Polish")),
    ("uk", _("Ukrainian")),
]
# The whole site is in Dutch and English; these languages only on the pages for parents (school choice, open
# days). Any other page asked for in one of them is sent to its Dutch address (core.languages).
PARENT_ONLY_LANGUAGES = ["ar", "tr", "pl", "uk"]
# django-parler keeps the parent pages' texts (parents.ParentPage) per language; parents.services shows the Dutch
# text with a note when a language has none.
PARLER_DEFAULT_LANGUAGE_CODE = "nl"
PARLER_LANGUAGES = {None: tuple({"code": code} for code, _name in LANGUAGES), "default": {"fallbacks": ["nl"]}}
# parents.services reads the translations in one prefetch; parler's own cache would be a second copy to keep fresh.
PARLER_ENABLE_CACHING = False
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "static/"
# Production runs `collectstatic` and sets RIMPEL_COLLECTED_STATIC=1 for hashed, compressed files;
# otherwise static files are served straight from the apps.
COLLECTED_STATIC = env_bool("RIMPEL_COLLECTED_STATIC", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if COLLECTED_STATIC
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not COLLECTED_STATIC
# Uploaded documents and media (documents app) go through the "default" storage above: the file system under
# MEDIA_ROOT unless production names another backend there, e.g. an S3-compatible store with django-storages
# ("storages.backends.s3.S3Storage" and its AWS_* settings; the package is not a dependency of rimpel). Files are
# never served from MEDIA_URL: documents.views.download checks who may see each one.
MEDIA_ROOT = env_str("RIMPEL_MEDIA_ROOT", str(BASE_DIR / "var" / "media"))
# The largest document or image one may upload, in bytes (RIMPEL_DOCUMENTS_MAX_MB, default 25). Larger files are
# refused while they arrive, never read whole into memory: Django writes uploads above FILE_UPLOAD_MAX_MEMORY_SIZE
# (2.5 MB) to a temporary file, and documents.uploads stops taking a file at this size.
# The school guide (/scholen/) lists the schools of this municipality (Organisation.municipality, or its place when
# that is empty); empty: every school organisation of the network.
SCHOOL_GUIDE_MUNICIPALITY = env_str("RIMPEL_MUNICIPALITY", "")
DOCUMENTS_MAX_UPLOAD_BYTES = env_int("RIMPEL_DOCUMENTS_MAX_MB", 25) * 1024 * 1024
# Images are re-encoded with this longest edge at most (pixels), without their EXIF data.
DOCUMENTS_IMAGE_MAX_EDGE = 2400
STATIC_ROOT = BASE_DIR / "var" / "static" if COLLECTED_STATIC else None

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_SECURE = env_bool("RIMPEL_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# An expired form shows the page again in the site's layout; the public story form comes back with what was typed.
CSRF_FAILURE_VIEW = "rimpel.errors.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HSTS on HTTPS responses (a year by default in production). Subdomains and preloading only when the
# whole domain is HTTPS-only, which a municipality's domain may not be: opt in.
SECURE_HSTS_SECONDS = env_int("RIMPEL_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("RIMPEL_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("RIMPEL_HSTS_PRELOAD", default=False)
# Behind a proxy that terminates TLS the proxy redirects to HTTPS; set 1 when Django faces clients itself.
SECURE_SSL_REDIRECT = env_bool("RIMPEL_SSL_REDIRECT", default=False)
# The header the proxy sets to say the original request was HTTPS, e.g. X-Forwarded-Proto. Only set it when
# the proxy always overwrites that header; otherwise a client could claim HTTPS.
_proxy_ssl_header = env_str("RIMPEL_PROXY_SSL_HEADER", "")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https") if _proxy_ssl_header else None
)
# Content-Security-Policy (core.middleware): no inline scripts or styles, nothing from other origins.
CONTENT_SECURITY_POLICY = env_str(
    "RIMPEL_CONTENT_SECURITY_POLICY",
    "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    ),
)

# The name shown in the header; one instance serves one network.
RIMPEL_NETWORK_NAME = env_str("RIMPEL_NETWORK_NAME", "Leiden Education Fieldlab")
# The house style: "rimpel" (the default) or "gemeente", a theme class on <html> over the same design tokens
# (core/static/rimpel/tokens.css), so a network brands its instance with this setting alone.
RIMPEL_THEMES = ("rimpel", "gemeente")
RIMPEL_THEME = env_str("RIMPEL_THEME", "rimpel")
if RIMPEL_THEME not in RIMPEL_THEMES:
    raise ImproperlyConfigured(f"RIMPEL_THEME must be one of {', '.join(RIMPEL_THEMES)}, got {RIMPEL_THEME!r}.")
# Professionals may sign up themselves (network.views_signup); off, the page says to ask a coordinator for an
# invitation. Whether a coordinator must approve each sign-up is the network's own setting (NetworkProfile).
SIGNUP_OPEN = env_bool("RIMPEL_SIGNUP", default=True)
# Sign-up for activities (attendance.services.registration): registrants' names and addresses are removed this many
# days after the activity (purge_expired), unless they agreed to keep the address for later activities.
RIMPEL_REGISTRATION_RETENTION_DAYS = env_int("RIMPEL_REGISTRATION_RETENTION_DAYS", 90)
# The site's address as people reach it, for the links in mails sent outside a request (digests, notifications).
RIMPEL_SITE_URL = env_str("RIMPEL_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Mail (core.mail). RIMPEL_EMAIL_URL says how it leaves (rimpel.env.email_settings: smtp://, smtps://, console:,
# file://); without it development writes each mail as an .eml file into var/mail/ (listed on /dev/mail/) and a
# production server refuses to start (core.startup). Tests use Django's in-memory outbox whatever is set here.
_email_url = env_str("RIMPEL_EMAIL_URL", "")
EMAIL_URL_FROM_ENVIRONMENT = bool(_email_url)
_email = email_settings("RIMPEL_EMAIL_URL", _email_url) if _email_url else {}
EMAIL_BACKEND = _email.get(
    "EMAIL_BACKEND", "core.mail_backends.EmlFileBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH", BASE_DIR / "var" / "mail")
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = _email.get("EMAIL_TIMEOUT", 30)
# The network's from-address; a bare address gets the network's name, so mail reads "Leiden Education Fieldlab".
_email_from = env_str("RIMPEL_EMAIL_FROM", "")
EMAIL_FROM_FROM_ENVIRONMENT = bool(_email_from)
_from_name, _from_address = parseaddr(_email_from or "rimpel@example.org")
if "@" not in _from_address:
    raise ImproperlyConfigured(f"RIMPEL_EMAIL_FROM must be an e-mail address, got {_email_from!r}.")
DEFAULT_FROM_EMAIL = formataddr((_from_name or RIMPEL_NETWORK_NAME, _from_address))
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (django-tasks): the database backend, worked off by `manage.py db_worker` (deploy/rimpel-worker
# .service; `make run` starts one). Test runs execute each task at once, in the enqueuing process.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if "PYTEST_VERSION" in os.environ
        else "django_tasks_db.DatabaseBackend"
    }
}
# A background job (core.tasks) renews its heartbeat this often (seconds) while a worker runs it; one not heard of
# for three times as long lost its worker and is run again.
BACKGROUND_JOB_HEARTBEAT = float(env_str("RIMPEL_JOB_HEARTBEAT", "10"))

# Logs go to standard output: one JSON object per line in production (RIMPEL_LOG_FORMAT=json, the default
# with RIMPEL_DEBUG off), plain text in development. Each request is logged by core.middleware.RequestLogMiddleware
# on the "rimpel.request" logger at INFO: set RIMPEL_LOG_LEVEL=INFO to see them.
LOG_FORMAT = env_str("RIMPEL_LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"RIMPEL_LOG_FORMAT must be json or text, got {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "rimpel.logformat.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": env_str("RIMPEL_LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django logs 4xx/5xx requests itself; the request log already has them (with the duration).
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "ERROR"},
    },
}

# Filter dropdowns start with "All" rather than a row of dashes.
FILTERS_EMPTY_CHOICE_LABEL = _("All")

# `make bench` only: with the development tools installed, mounts the minimal baseline page /bench/baseline/
# (devtools.urls). Never set it in production.
BENCH_BASELINE = env_bool("RIMPEL_BENCH", default=False)
