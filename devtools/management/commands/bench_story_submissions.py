"""Many people telling stories at once while others read: does every story arrive, and does the database hold?

Serves the app on loopback with Django's threaded server (one database connection per request thread, as
under a real multi-threaded server), then for --seconds runs --writers clients that each fetch the form and
send a story, and --readers clients that read the story book and the programme page. Prints what was
submitted against what was stored, errors (a "database is locked" surfaces as a 500) and latencies.
It works on the configured database; the stories it adds are removed afterwards unless --keep is given.
"""

import http.cookiejar
import re
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from django.db import connection

from activities.models import Activity
from impact.models import Dimension
from programmes.models import Programme
from stories.models import CollectionLink, Story

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.sent_tokens: list[str] = []
        self.write_times: list[float] = []
        self.read_times: list[float] = []
        self.errors: dict[str, int] = {}

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Command(BaseCommand):
    help = "Measure concurrent story submissions against concurrent reads on the configured database."

    def add_arguments(self, parser):
        parser.add_argument("--writers", type=int, default=20)
        parser.add_argument("--readers", type=int, default=10)
        parser.add_argument("--seconds", type=float, default=30.0)
        parser.add_argument("--programme", default="lnos25")
        parser.add_argument("--keep", action="store_true", help="Keep the submitted stories.")

    def handle(self, *args, **options):
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"Unknown programme {options['programme']!r}; run load_demo first.")
        activity = Activity.objects.filter(programme_actions__line__programme=programme).first()
        dimension = Dimension.objects.filter(ring__number=1, retired=False).first()
        if activity is None or dimension is None:
            raise CommandError("The programme needs an activity and the impact model a ring-1 dimension.")
        # The bench is one address sending many stories on purpose, over plain HTTP on loopback.
        settings.STORY_LIMIT_PER_ADDRESS = settings.STORY_LIMIT_PER_LINK = 10**9
        settings.CSRF_COOKIE_SECURE = settings.SESSION_COOKIE_SECURE = False
        link = CollectionLink.objects.create(
            code=f"bench{uuid.uuid4().hex[:8]}", programme=programme, title="bench_story_submissions"
        )
        connection.close()
        server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
        server.set_app(get_wsgi_application())
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        tally = Tally()
        deadline = time.monotonic() + options["seconds"]
        form_url = f"{base}{link.public_url()}"
        read_urls = [f"{base}/programmas/{programme.slug}/verhalen/", f"{base}/programmas/{programme.slug}/"]
        threads = [
            threading.Thread(target=self._write, args=(form_url, activity.pk, dimension.pk, deadline, tally))
            for _ in range(options["writers"])
        ]
        threads += [
            threading.Thread(target=self._read, args=(read_urls, deadline, tally)) for _ in range(options["readers"])
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        server.shutdown()
        stored = Story.objects.filter(link=link, submission_token__in=tally.sent_tokens).count()
        self._report(options, tally, stored, elapsed)
        if not options["keep"]:
            Story.objects.filter(link=link).delete()
            link.delete()
        if stored != len(tally.sent_tokens) or tally.errors:
            raise CommandError("Stories were lost or requests failed; see above.")

    def _write(self, form_url, activity_id, dimension_id, deadline, tally):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        while time.monotonic() < deadline:
            token = str(uuid.uuid4())
            started = time.monotonic()
            try:
                page = opener.open(form_url, timeout=30).read().decode()
                csrf = CSRF_FIELD.search(page).group(1)
                body = urllib.parse.urlencode(
                    {
                        "csrfmiddlewaretoken": csrf,
                        "activity": activity_id,
                        "respondent_role": "docent po",
                        "sector": "po",
                        "ring1_dimension": dimension_id,
                        "consent": "role",
                        "submission": token,
                        "ring1_text": f"Bench-verhaal {token}: ik ontmoette collega's uit het mbo en leerde veel.",
                    }
                ).encode()
                request = urllib.request.Request(form_url, data=body, headers={"Referer": form_url})
                response = opener.open(request, timeout=30)
                if "/bedankt/" not in response.geturl():
                    tally.error("no thank-you page")
                    continue
            except urllib.error.HTTPError as error:
                tally.error(f"HTTP {error.code} on submit")
                continue
            except (urllib.error.URLError, TimeoutError, AttributeError) as error:
                tally.error(type(error).__name__)
                continue
            with tally.lock:
                tally.sent_tokens.append(token)
                tally.write_times.append(time.monotonic() - started)

    def _read(self, urls, deadline, tally):
        number = 0
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                urllib.request.urlopen(urls[number % len(urls)], timeout=30).read()
            except urllib.error.HTTPError as error:
                tally.error(f"HTTP {error.code} on read")
            except (urllib.error.URLError, TimeoutError) as error:
                tally.error(type(error).__name__)
            else:
                with tally.lock:
                    tally.read_times.append(time.monotonic() - started)
            number += 1

    def _report(self, options, tally, stored, elapsed):
        write, read = tally.write_times, tally.read_times
        self.stdout.write(
            f"database: {connection.vendor}; {options['writers']} writers and {options['readers']} readers "
            f"for {elapsed:.1f} s\n"
            f"stories submitted (thank-you page seen): {len(tally.sent_tokens)}; stored: {stored}; "
            f"lost: {len(tally.sent_tokens) - stored}\n"
            f"submissions per second: {len(write) / elapsed:.1f}; form+submit p50 "
            f"{statistics.median(write) * 1000 if write else 0:.0f} ms, p95 {_percentile(write, 0.95) * 1000:.0f} ms\n"
            f"reads: {len(read)} ({len(read) / elapsed:.1f}/s); p50 "
            f"{statistics.median(read) * 1000 if read else 0:.0f} ms, p95 {_percentile(read, 0.95) * 1000:.0f} ms\n"
            f"errors: {tally.errors or 'none'}"
        )
