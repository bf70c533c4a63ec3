"""gunicorn settings for rimpel: `gunicorn -c deploy/gunicorn.conf.py rimpel.wsgi`; each one can come from the
environment."""

import os

import gunicorn.http.wsgi

from rimpel.env import worker_count  # gunicorn puts its working directory (the project) on the path first

# Behind a reverse proxy on the same machine: listen on loopback only.
bind = os.environ.get("RIMPEL_BIND") or "127.0.0.1:8000"
# Several worker processes (RIMPEL_WORKERS, default 5); reports and imports run in the request, so a slow one
# occupies one worker. The settings read the same variable: with several workers the cache must be shared.
workers = worker_count()
# PDF reports and large imports can take a while; the proxy should wait at least as long.
timeout = int(os.environ.get("RIMPEL_WORKER_TIMEOUT") or 120)
graceful_timeout = 30
# Renew workers now and then, so memory a large report or import left behind is given back.
max_requests = 1000
max_requests_jitter = 100
# Heartbeat files in memory, not on a possibly slow or full disk (gunicorn's documented advice; it only
# keeps empty, unlinked files there).
SHARED_MEMORY = "/dev/shm"  # noqa: S108
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None
# Load the application once in the master: settings that are not fit for production (core/startup.py) stop
# gunicorn right away with their message, instead of every worker failing in turn.
preload_app = True
# The proxy in front says whether the request was HTTPS (X-Forwarded-Proto); trust it from loopback only.
forwarded_allow_ips = os.environ.get("RIMPEL_FORWARDED_ALLOW_IPS") or "127.0.0.1"
# Requests are logged as JSON by the application (core.middleware.RequestLogMiddleware); gunicorn's own
# messages (start, worker restarts) go to standard error.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("RIMPEL_GUNICORN_LOG_LEVEL") or "info"


def on_starting(server) -> None:
    """Refuse a per-process cache also when the number of workers came from the command line (--workers)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rimpel.settings")
    from django.conf import settings

    from core.startup import cache_problems

    problems = cache_problems(settings, workers=server.cfg.workers)
    if problems:
        raise SystemExit("rimpel refuses to start: " + " ".join(problems))


# No "Server: gunicorn" on every response: naming the server and its version only helps someone looking for a known
# weakness. gunicorn has no setting for it, so its header lines are filtered once here, in the master, before the
# workers fork.
_default_headers = gunicorn.http.wsgi.Response.default_headers


def _without_server_header(response) -> list[str]:
    return [line for line in _default_headers(response) if not line.startswith("Server:")]


gunicorn.http.wsgi.Response.default_headers = _without_server_header
