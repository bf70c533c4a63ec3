"""Do the rate limits hold in the production configuration? The probe of issue 20 (finding 2), repeatable.

Starts gunicorn as production does (deploy/gunicorn.conf.py: RIMPEL_WORKERS workers, 5 by default; RIMPEL_DEBUG off;
the shipped defaults, so no RIMPEL_CACHE and thus the shared database cache) on a new SQLite database in a temporary
folder. Then it sends --passwords wrong passwords for one user name, all at once, and --api anonymous API requests,
--clients at a time, and prints how many got through against the limits (5 per user name and address; 120 API
requests a minute per address). It also counts responses that name the server (`Server: gunicorn`). Not a timed
benchmark: it fails when more got through than the limit, or when a response names the server.
"""

# ruff: noqa: S310 - loopback URLs only
import re
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.views import LOGIN_ATTEMPTS_PER_USER
from devtools.bench.harness import PYTHON, ROOT, base_env, free_port, manage, stop_server

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")
# Run in the server's environment, in one process to save a start: migrate the new database (which makes the cache
# table too), then say what the settings make of the shipped defaults.
PREPARE = (
    "from django.conf import settings; from django.core.management import call_command; "
    "call_command('migrate', interactive=False, verbosity=0); "
    "print('SERVER_SETTINGS', settings.CACHES['default']['BACKEND'], settings.WORKERS, "
    "settings.API_LIMIT_PER_ADDRESS, settings.API_LIMIT_WINDOW)"
)


class Probe:
    """What came back: status codes per kind of request, and how many responses named the server."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: dict[str, Counter] = {"login": Counter(), "api": Counter()}
        self.responses = 0
        self.named_server = 0

    def request(self, kind: str, url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str]:
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, body, server = response.status, response.read().decode(), response.headers.get("Server")
                cookies = response.headers.get_all("Set-Cookie") or []
        except urllib.error.HTTPError as error:
            status, body, server, cookies = error.code, error.read().decode(), error.headers.get("Server"), []
        with self.lock:
            if kind:
                self.statuses[kind][status] += 1
            self.responses += 1
            self.named_server += server is not None
        return status, body + "\n" + "\n".join(cookies)


class Command(BaseCommand):
    help = "Start the production configuration (gunicorn, shipped defaults) and count what gets past the rate limits."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=None, help="RIMPEL_WORKERS (default: the shipped 5)")
        parser.add_argument("--passwords", type=int, default=25, help="wrong passwords for one user name")
        parser.add_argument("--api", type=int, default=400, help="anonymous API requests")
        parser.add_argument("--clients", type=int, default=20, help="API requests at a time")

    def handle(self, *args, **options):
        with tempfile.TemporaryDirectory(prefix="bench-limits-") as folder:
            env = self._environment(Path(folder), options["workers"])
            printed = manage(["shell", "-c", PREPARE], env, capture=True)
            backend, workers, api_limit, api_window = re.search(r"^SERVER_SETTINGS (.*)$", printed, re.M)[1].split()
            server = self._start(env, Path(folder) / "gunicorn.log")
            try:
                probe = Probe()
                base = f"http://{env['RIMPEL_BIND']}"
                self.stdout.write(f"gunicorn with {workers} workers (deploy/gunicorn.conf.py); cache: {backend}")
                passed = self._wrong_passwords(probe, base, options["passwords"])
                self.stdout.write(
                    f"wrong passwords: {options['passwords']} sent at once, {passed} checked, "
                    f"{probe.statuses['login'][429]} refused (429); the limit is {LOGIN_ATTEMPTS_PER_USER}"
                )
                answered = self._api(probe, base, options["api"], options["clients"], int(api_window))
                if options["api"]:
                    self.stdout.write(
                        f"API requests: {options['api']} sent, {options['clients']} at a time, {answered} answered, "
                        f"{probe.statuses['api'][429]} refused (429); the limit is {api_limit} "
                        f"in {api_window} s"
                    )
                self.stdout.write(f"responses naming the server: {probe.named_server} of {probe.responses}")
            finally:
                stop_server(server)
        problems = []
        if passed > LOGIN_ATTEMPTS_PER_USER:
            problems.append(f"{passed} wrong passwords checked, limit {LOGIN_ATTEMPTS_PER_USER}")
        if answered > int(api_limit):
            problems.append(f"{answered} API requests answered, limit {api_limit}")
        if probe.named_server:
            problems.append(f"{probe.named_server} responses carried a Server header")
        other = {kind: dict(codes) for kind, codes in probe.statuses.items() if set(codes) - {200, 429}}
        if other:
            problems.append(f"unexpected statuses: {other}")
        if problems:
            raise CommandError("; ".join(problems))

    def _environment(self, folder: Path, workers: int | None) -> dict:
        env = base_env(f"sqlite:///{folder / 'rimpel.sqlite3'}")
        # The shipped defaults: no development tools, static files from the apps (no collectstatic), and none of
        # the test run's choices (PYTEST_VERSION would keep the cache in memory).
        env.pop("PYTEST_VERSION", None)
        env.update({"RIMPEL_DEV_TOOLS": "0", "RIMPEL_COLLECTED_STATIC": "0", "RIMPEL_BIND": f"127.0.0.1:{free_port()}"})
        if workers is not None:
            env["RIMPEL_WORKERS"] = str(workers)
        return env

    def _start(self, env: dict, log_path: Path) -> subprocess.Popen:
        command = [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "rimpel.wsgi"]
        handle = open(log_path, "w")  # noqa: SIM115 - open for the server's life
        server = subprocess.Popen(  # noqa: S603 - a fixed command
            command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(f"gunicorn exited with {server.returncode}:\n{log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"http://{env['RIMPEL_BIND']}/health", timeout=5) as response:
                    if response.status == 200:
                        return server
            except OSError:
                time.sleep(0.3)
        stop_server(server)
        raise CommandError(f"gunicorn did not answer within 90 s:\n{log_path.read_text()[-3000:]}")

    def _wrong_passwords(self, probe: Probe, base: str, count: int) -> int:
        """All at once: each worker takes some, so a limit per worker would let 5 per worker through."""
        login = f"{base}/account/inloggen/"
        _status, page = probe.request("", login)
        token, cookie = CSRF_FIELD.search(page), CSRF_COOKIE.search(page)
        if not token or not cookie:
            raise CommandError("The login page has no CSRF token.")
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token[1], "username": "coordinator", "password": "not-the-password"}
        ).encode()
        headers = {"Cookie": f"csrftoken={cookie[1]}", "Referer": login}
        start = threading.Barrier(count) if count else None

        def attempt(_number: int) -> None:
            if start:
                start.wait()
            probe.request("login", login, data=body, headers=headers)

        with ThreadPoolExecutor(max_workers=max(count, 1)) as pool:
            list(pool.map(attempt, range(count)))
        return probe.statuses["login"][200]

    def _api(self, probe: Probe, base: str, count: int, clients: int, window: int) -> int:
        if not count:
            return 0
        # One window: a burst across the turn of the minute may pass the limit twice, by design of a fixed window.
        left = window - int(time.time()) % window
        if left < window / 2:
            self.stdout.write(f"(waiting {left} s for a new window of the API limit)")
            time.sleep(left + 0.2)
        with ThreadPoolExecutor(max_workers=clients) as pool:
            list(pool.map(lambda _number: probe.request("api", f"{base}/api/activities/"), range(count)))
        return probe.statuses["api"][200]
