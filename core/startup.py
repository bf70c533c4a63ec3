"""Settings a production server refuses to start without.

`rimpel.wsgi` calls `validate()` before it builds the application, so gunicorn (or any WSGI server) stops
with one clear message listing every problem instead of serving with a guessable key or an open host list.
The same problems are errors of `manage.py check --deploy`. Development (RIMPEL_DEBUG=1), the test suite and
management commands do not load `rimpel.wsgi` and are not affected.
"""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

# Django's own deploy check (security.W009) wants at least 50 characters with 5 different ones.
MINIMUM_SECRET_LENGTH = 50
# The keys settings.py (with RIMPEL_DEBUG=1) and manage.py fall back on.
DEVELOPMENT_SECRETS = {"insecure-development-key", "manage-py-development-key-not-for-serving"}


def production_problems(settings) -> list[str]:
    """What makes these settings unfit for a production server; empty when they are fine or DEBUG is on."""
    if settings.DEBUG:
        return []
    problems = []
    secret = settings.SECRET_KEY or ""
    if secret in DEVELOPMENT_SECRETS or secret.startswith("django-insecure"):
        problems.append("RIMPEL_SECRET_KEY is the development key; set a long random one.")
    elif len(secret) < MINIMUM_SECRET_LENGTH or len(set(secret)) < 5:
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
    problems = production_problems(settings) + mail_problems(settings)
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
