"""Settings a production server refuses to start without.

`rimpel.wsgi` calls `validate()` before it builds the application, so gunicorn (or any WSGI server) stops
with one clear message listing every problem instead of serving with a guessable key, an open host list or rate
limits that each worker counts for itself.
The same problems are errors of `manage.py check --deploy`. Development (RIMPEL_DEBUG=1), the test suite and
management commands do not load `rimpel.wsgi` and are not affected.
"""

from pathlib import Path

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

# Django's own deploy check (security.W009) wants at least 50 characters with 5 different ones.
MINIMUM_SECRET_LENGTH = 50
# The keys settings.py (with RIMPEL_DEBUG=1) and manage.py fall back on, and the beginnings of keys made for
# development and test runs (the test suite's "test-only-not-secret", Django's "django-insecure-…").
DEVELOPMENT_KEYS = {
    "insecure-development-key",
    "insecure-development-attendance-key",
    "manage-py-development-key-not-for-serving",
}
DEVELOPMENT_PREFIXES = ("insecure", "django-insecure", "test-only")
# The example environment file: a key copied from it is public.
ENV_EXAMPLE = Path(__file__).resolve().parent.parent / ".env.example"
# Caches each worker process keeps for itself: with several workers every rate limit would count per worker.
PER_PROCESS_CACHES = {"django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache"}


def production_problems(settings) -> list[str]:
    """What makes these settings unfit for a production server; empty when they are fine or DEBUG is on."""
    if settings.DEBUG:
        return []
    problems = []
    secret = settings.SECRET_KEY or ""
    if len(secret) < MINIMUM_SECRET_LENGTH or len(set(secret)) < 5:
        problems.append(
            f"RIMPEL_SECRET_KEY is too short or too simple (at least {MINIMUM_SECRET_LENGTH} characters); "
            'make one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    if not getattr(settings, "ALLOWED_HOSTS_FROM_ENVIRONMENT", False) or not settings.ALLOWED_HOSTS:
        problems.append(
            "RIMPEL_ALLOWED_HOSTS is not set; list the host names the site answers to, comma-separated "
            "(e.g. RIMPEL_ALLOWED_HOSTS=rimpel.example.org)."
        )
    return problems


def example_values(path: Path = ENV_EXAMPLE) -> dict[str, str]:
    """The values filled in the example environment file, by variable."""
    if not path.exists():
        return {}
    lines = (line.partition("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    pairs = (line.partition("=") for line in lines if "=" in line)
    return {name.strip(): value.strip() for name, _is, value in pairs if value.strip()}


def key_problems(settings, example: Path = ENV_EXAMPLE) -> list[str]:
    """Development, test or example keys in production: anyone who read the code could sign sessions or reverse
    the attendance hashes. Empty when the keys are fine or DEBUG is on."""
    if settings.DEBUG:
        return []
    examples = example_values(example)

    def known(variable: str, value: str) -> bool:
        return value in DEVELOPMENT_KEYS or value.startswith(DEVELOPMENT_PREFIXES) or value == examples.get(variable)

    problems = []
    secret = settings.SECRET_KEY or ""
    if known("RIMPEL_SECRET_KEY", secret):
        problems.append("RIMPEL_SECRET_KEY is a development, test or example key; set a long random one.")
    attendance = getattr(settings, "ATTENDANCE_KEY", "") or ""
    # Without RIMPEL_ATTENDANCE_KEY it is the secret key, which the line above judged already.
    if attendance != secret and known("RIMPEL_ATTENDANCE_KEY", attendance):
        problems.append(
            "RIMPEL_ATTENDANCE_KEY is a development, test or example key; set a long random one once and keep it."
        )
    return problems


def cache_problems(settings, workers: int | None = None) -> list[str]:
    """A cache of each process's own with several workers: every rate limit would let through its limit times the
    number of workers (the probe of issue 20 got 25 wrong passwords checked under a limit of 5). Empty when the cache
    is shared, one worker runs, or DEBUG is on. `workers`: the number gunicorn really starts, when known."""
    if settings.DEBUG:
        return []
    workers = getattr(settings, "WORKERS", 1) if workers is None else workers
    if workers > 1 and settings.CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
        return [
            f"RIMPEL_CACHE=memory keeps a cache in each of the {workers} worker processes, so each counts its own "
            "rate limits; use RIMPEL_CACHE=database (the default without RIMPEL_DEBUG), or RIMPEL_WORKERS=1."
        ]
    return []


def mail_problems(settings) -> list[str]:
    """What keeps mail from leaving a production server; empty when it can, or DEBUG is on (mail goes to var/mail/)."""
    if settings.DEBUG:
        return []
    problems = []
    if not getattr(settings, "EMAIL_URL_FROM_ENVIRONMENT", False):
        problems.append(
            "RIMPEL_EMAIL_URL is not set; without it no invitation, reset or notification leaves "
            "(e.g. RIMPEL_EMAIL_URL=smtp://user:password@smtp.example.org:587/?tls=1)."
        )
    if not getattr(settings, "EMAIL_FROM_FROM_ENVIRONMENT", False):
        problems.append("RIMPEL_EMAIL_FROM is not set; give the network's from-address (e.g. rimpel@example.org).")
    return problems


def validate(settings=None) -> None:
    """Raise ImproperlyConfigured naming every production problem, so the server does not start."""
    if settings is None:
        from django.conf import settings
    problems = (
        production_problems(settings) + mail_problems(settings) + key_problems(settings) + cache_problems(settings)
    )
    if problems:
        raise ImproperlyConfigured(
            "rimpel refuses to start with RIMPEL_DEBUG off:\n  - "
            + "\n  - ".join(problems)
            + "\nSee .env.example and docs/deploy.md."
        )


@checks.register(checks.Tags.security, deploy=True)
def check_production_settings(app_configs, **kwargs):
    from django.conf import settings

    return [checks.Error(problem, id="rimpel.E001") for problem in production_problems(settings)]


@checks.register(checks.Tags.security, deploy=True)
def check_mail_settings(app_configs, **kwargs):
    from django.conf import settings

    return [checks.Error(problem, id="rimpel.E002") for problem in mail_problems(settings)]


@checks.register(checks.Tags.security, deploy=True)
def check_keys(app_configs, **kwargs):
    from django.conf import settings

    return [checks.Error(problem, id="rimpel.E003") for problem in key_problems(settings)]


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    from django.conf import settings

    return [checks.Error(problem, id="rimpel.E004") for problem in cache_problems(settings)]
