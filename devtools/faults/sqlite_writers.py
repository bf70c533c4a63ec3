"""Fault: many concurrent writers against SQLite under gunicorn; no user may see "database is locked".

On a temp SQLite database (never var/) with the demo network loaded, serves the app with gunicorn in its
production configuration (deploy/gunicorn.conf.py, 4 workers, RIMPEL_DEBUG=0) on a free loopback port, then for
SECONDS runs WRITERS threads that each fetch a collection link's public form (/v/<code>/: CSRF token and the
one-time submission token) and send a story, plus READERS threads reading the story book. PASS when no response
was ≥ 500, the server log has no "database is locked", and the stored stories equal the accepted submissions (302).
Bounded: about 40 s in all, every request has a timeout and gunicorn is stopped at the end.
"""

import collections
import http.cookiejar
import json
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from _common import PYTHON, ROOT, database, manage, temp_environment, verdict

SECONDS = 20
WRITERS = 16
READERS = 4
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SETUP = """
import json
from activities.models import Activity
from impact.models import Dimension
from programmes.models import Programme
from stories.models import CollectionLink
programme = Programme.objects.get(slug="lnos25")
activity = Activity.objects.filter(programme_actions__line__programme=programme).first()
dimension = Dimension.objects.filter(ring__number=1, retired=False).first()
link = CollectionLink.objects.create(code="fault" + "%s", programme=programme, title="sqlite_writers")
print(json.dumps({"link": link.pk, "url": link.public_url(), "activity": activity.pk, "dimension": dimension.pk,
                  "programme": programme.slug}))
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: collections.Counter = collections.Counter()
        self.accepted = 0
        self.requests = 0

    def add(self, what: str, status) -> None:
        with self.lock:
            self.statuses[f"{what} {status}"] += 1
            self.requests += 1
            if what == "POST" and status == 302:
                self.accepted += 1


def _open(opener, request, tally: Tally, what: str) -> str | None:
    try:
        response = opener.open(request, timeout=30)
        body = response.read().decode()
        tally.add(what, response.status)
        return body
    except urllib.error.HTTPError as error:
        tally.add(what, error.code)
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        tally.add(what, type(error).__name__)
    return None


def writer(form_url: str, setup: dict, deadline: float, tally: Tally) -> None:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)
    while time.monotonic() < deadline:
        page = _open(opener, form_url, tally, "GET")
        match = CSRF_FIELD.search(page or "")
        submission = re.search(r'name="submission" value="([^"]+)"', page or "")
        if not match or not submission:
            continue
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": match.group(1),
                "activity": setup["activity"],
                "respondent_role": "docent po",
                "sector": "po",
                "ring1_dimension": setup["dimension"],
                "consent": "role",
                "submission": submission.group(1),
                "ring1_text": f"Fout-test {uuid.uuid4()}: ik ontmoette collega's uit het mbo en leerde veel.",
            }
        ).encode()
        _open(opener, urllib.request.Request(form_url, data=body, headers={"Referer": form_url}), tally, "POST")


def reader(url: str, deadline: float, tally: Tally) -> None:
    while time.monotonic() < deadline:
        _open(urllib.request.build_opener(), url, tally, "GET(read)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    folder, env = temp_environment("rimpel-fault-writers-")
    db = database(folder)
    port = free_port()
    env.update(
        {
            "RIMPEL_BIND": f"127.0.0.1:{port}",
            "RIMPEL_WORKERS": "4",
            # One loopback address sends every story on purpose; plain HTTP, so cookies may not be Secure-only.
            "RIMPEL_STORY_LIMIT_PER_ADDRESS": "1000000",
            "RIMPEL_STORY_LIMIT_PER_LINK": "1000000",
            "RIMPEL_SECURE_COOKIES": "0",
        }
    )
    print(f"temp database: {db}")
    server = None
    log_path = folder / "server.log"
    try:
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "createcachetable")
        manage(env, "load_demo")
        setup = json.loads(manage(env, "shell", "-c", SETUP % uuid.uuid4().hex[:8]).strip().splitlines()[-1])
        gunicorn = str(Path(PYTHON).parent / "gunicorn")
        with log_path.open("wb") as log:
            server = subprocess.Popen(
                [gunicorn, "-c", "deploy/gunicorn.conf.py", "rimpel.wsgi"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                urllib.request.urlopen(base + setup["url"], timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if server.poll() is not None:
                    verdict(False, f"gunicorn exited: {log_path.read_text()[-1000:]}")
                time.sleep(0.2)
        else:
            verdict(False, "gunicorn did not answer within 30 s")
        print(
            f"gunicorn: 4 workers on {base}; link {setup['url']}; {WRITERS} writers + {READERS} readers for {SECONDS} s"
        )

        tally = Tally()
        deadline = time.monotonic() + SECONDS
        form_url = base + setup["url"]
        threads = [threading.Thread(target=writer, args=(form_url, setup, deadline, tally)) for _ in range(WRITERS)]
        threads += [
            threading.Thread(target=reader, args=(f"{base}/programmas/{setup['programme']}/verhalen/", deadline, tally))
            for _ in range(READERS)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=SECONDS + 60)
        elapsed = time.monotonic() - started
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    try:
        with sqlite3.connect(db, timeout=30) as connection:
            stored = connection.execute(
                "SELECT COUNT(*) FROM stories_story WHERE link_id = ?", (setup["link"],)
            ).fetchone()[0]
        log = log_path.read_text(errors="replace")
        locked = log.lower().count("database is locked")
        errors = sum(
            count
            for key, count in tally.statuses.items()
            if not key.split()[-1].isdigit() or int(key.split()[-1]) >= 500
        )
        print("responses: " + ", ".join(f"{key}: {count}" for key, count in sorted(tally.statuses.items())))
        print(
            f"{tally.requests} requests in {elapsed:.1f} s = {tally.requests / elapsed:.0f} requests/s; "
            f"stories accepted (302): {tally.accepted} = {tally.accepted / elapsed:.1f}/s; stored: {stored}; "
            f'"database is locked" in the server log: {locked}'
        )
        problems = []
        if errors:
            problems.append(f"{errors} responses were ≥ 500 or failed")
        if locked:
            problems.append(f'"database is locked" appears {locked} times in the server log')
        if stored != tally.accepted:
            problems.append(f"{tally.accepted} stories accepted but {stored} stored")
        if not tally.accepted:
            problems.append("no story was accepted at all")
        if problems:
            print(f"server log tail:\n{log[-1500:]}")
        verdict(not problems, "; ".join(problems) or "every accepted story was stored, no 5xx, no lock errors")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
