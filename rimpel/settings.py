"""rimpel settings: every deployment choice comes from an environment variable (see .env.example)."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from rimpel.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("RIMPEL_DEBUG", default=False)
# The development key only works with DEBUG on; production must set its own.
SECRET_KEY = env_str("RIMPEL_SECRET_KEY", "insecure-development-key" if DEBUG else None)
ALLOWED_HOSTS = env_list("RIMPEL_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("RIMPEL_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "django_htmx",
    "accounts",
    "core",
    "network",
    "activities",
    "projects",
    "impact",
    "programmes",
    "stories",
    "reports",
    "search",
    "offerings",
    "questions",
    "attendance",
    "exchange",
    "api",
    "scale",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "core:home"

# The public story form: at most this many stories per hour from one address, and through one link.
STORY_LIMIT_PER_ADDRESS = env_int("RIMPEL_STORY_LIMIT_PER_ADDRESS", 20)
STORY_LIMIT_PER_LINK = env_int("RIMPEL_STORY_LIMIT_PER_LINK", 500)

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

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
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
STATIC_ROOT = BASE_DIR / "var" / "static" if COLLECTED_STATIC else None

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_SECURE = env_bool("RIMPEL_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The name shown in the header; one instance serves one network.
RIMPEL_NETWORK_NAME = env_str("RIMPEL_NETWORK_NAME", "Leiden Education Fieldlab")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("RIMPEL_LOG_LEVEL", "WARNING")},
}

# Filter dropdowns start with "All" rather than a row of dashes.
FILTERS_EMPTY_CHOICE_LABEL = _("All")

# `make bench` only: mounts the minimal baseline page /bench/baseline/ (scale.views.baseline).
# Never set it in production.
BENCH_BASELINE = env_bool("RIMPEL_BENCH", default=False)
