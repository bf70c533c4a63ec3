"""Screenshots of the main pages at 1280 and 390 px, in both themes, and of the impact report PDF, for a closing note.

    python manage.py screenshots [--url http://127.0.0.1:8000] [--out docs/screenshots/look/]

Without --url the command starts its own servers (`runserver` on this database, one per theme, stopped at the end);
with --url it uses that server, which must run on this database (the pages are looked up here), and takes the
second theme's pictures only when --gemeente-url points at a server started with RIMPEL_THEME=gemeente.
The logged-in pages use the demo coordinator (`load_demo --demo-users`). Playwright drives the Chromium at
/usr/bin/chromium (or RIMPEL_CHROMIUM); the PDF is made with the project's own renderer and rasterised with
pypdfium2.
"""

import contextlib
import io
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from activities.models import Activity
from network.models import Organisation
from programmes.models import Programme
from programmes.services import programme_activity_ids

WIDTHS = (1280, 390)
THEMED = ("home", "calendar", "programme")  # the pages also shown in the second theme
CHROMIUM = Path(os.environ.get("RIMPEL_CHROMIUM", "/usr/bin/chromium"))
SERVER_WAIT = 60  # seconds a started server gets to answer


@dataclass(frozen=True)
class Shot:
    name: str
    path: str
    logged_in: bool = False


class Command(BaseCommand):
    help = (
        "Take PNG screenshots of home, calendar, an organisation, the programme, its story book, the reasoning-line "
        "editor, the figures form and search at 1280 and 390 px (three of them also in the 'gemeente' theme), and of "
        "the impact report PDF's cover and two inner pages."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", default="docs/screenshots/look/", help="Directory for the PNGs.")
        parser.add_argument("--url", help="A running server on this database (default: start one per theme).")
        parser.add_argument("--gemeente-url", help="With --url: a server running with RIMPEL_THEME=gemeente.")
        parser.add_argument("--programme", default="lnos25", help="Slug of the programme to show.")
        parser.add_argument("--organisation", default="hogeschool-leiden", help="Slug of the organisation to show.")
        parser.add_argument("--query", default="duurzaamheid", help="What to search for.")
        parser.add_argument("--username", default="coordinator", help="Coordinator login for the editors' pages.")
        parser.add_argument("--password", default="rimpel-demo")
        parser.add_argument("--max-height", type=int, default=2400, help="Cut long pages at this many CSS px.")
        parser.add_argument(
            "--only", nargs="*", default=None, help="Take only these (names as in the files, 'pdf' for the report)."
        )

    def handle(self, *args, **options) -> None:
        if not CHROMIUM.exists():
            raise CommandError(f"No Chromium at {CHROMIUM}; install it or set RIMPEL_CHROMIUM.")
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        only = set(options["only"]) if options["only"] is not None else None
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"No programme {options['programme']!r}: load the demo (load_demo --demo-users).")
        shots = [shot for shot in self._shots(programme, options) if only is None or shot.name in only]
        written: list[Path] = []
        if only is None or "pdf" in only:
            written += self._report_pages(programme, out)
        themes = {"rimpel": options["url"], "gemeente": options["gemeente_url"]}
        for theme, url in themes.items():
            themed = [shot for shot in shots if theme == "rimpel" or shot.name in THEMED]
            if not themed or (options["url"] and not url):
                continue
            with self._server(theme, url) as base:
                written += self._take(base, themed, theme, out, options)
        size = sum(path.stat().st_size for path in written)
        self.stdout.write(self.style.SUCCESS(f"{len(written)} PNGs in {out}, {size / 1_000_000:.1f} MB."))

    def _shots(self, programme: Programme, options: dict) -> list[Shot]:
        """The pages, looked up in this database; the reasoning line and activity are the programme's first."""
        with translation.override(settings.LANGUAGE_CODE):
            organisation = (
                Organisation.objects.filter(slug=options["organisation"]).first()
                or Organisation.objects.order_by("name").first()
            )
            reasoning = programme.reasoning_lines.order_by("pk").first()
            activity = (
                Activity.objects.filter(pk__in=programme_activity_ids(programme), figures__isnull=False)
                .order_by("start")
                .first()
            )
            shots = [
                Shot("home", reverse("home:home")),
                Shot("calendar", reverse("activities:calendar")),
                Shot("programme", reverse("programmes:detail", args=[programme.slug])),
                Shot("storybook", reverse("stories:programme_book", args=[programme.slug])),
                Shot("search", reverse("search:results") + f"?q={options['query']}"),
            ]
            if organisation:
                shots.insert(2, Shot("organisation", reverse("network:organisation_detail", args=[organisation.slug])))
            if reasoning:
                shots.append(
                    Shot("reasoning", reverse("programmes:reasoning_edit", args=[programme.slug, reasoning.pk]), True)
                )
            else:
                shots.append(Shot("reasoning", reverse("programmes:reasoning_create", args=[programme.slug]), True))
            if activity:
                shots.append(Shot("figures", reverse("impact:activity_figures", args=[activity.slug]), True))
        return shots

    def _report_pages(self, programme: Programme, out: Path) -> list[Path]:
        """The impact report PDF (nl) made as the site makes it: its cover, the page with the first route drawing
        and the one where the first-degree figures start (else pages 3 and 4)."""
        import pypdf
        import pypdfium2

        from reports import data, renderers

        with translation.override("nl"):
            report = data.build("impact", programme, "nl")
            pdf = renderers.render_pdf(report, "http://localhost/")
            # The first route's drawing (its "Doelgroep: …" line) and the first-degree figures' heading.
            markers = (
                _("Target group: %(group)s. Route: %(steps)s.").split("%")[0],
                _("First-degree impact in figures"),
            )
        texts = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
        wanted = [0]
        for marker in markers:
            found = next((i for i, text in enumerate(texts) if i > 1 and marker in text), None)
            if found is not None and found not in wanted:
                wanted.append(found)
        wanted += [i for i in (2, 3, 4) if i < len(texts) and i not in wanted][: 3 - len(wanted)]
        document = pypdfium2.PdfDocument(pdf)
        written = []
        for number, index in enumerate(sorted(wanted)):
            path = out / f"report-{'cover' if index == 0 else f'page{index + 1}'}.png"
            image = document[index].render(scale=110 / 72).to_pil()  # 110 dpi: A4 at about 910 × 1290 px
            _save(image, path)
            written.append(path)
            self.stdout.write(f"{path} (page {index + 1} of {len(texts)}{', the cover' if number == 0 else ''})")
        document.close()
        return written

    @contextlib.contextmanager
    def _server(self, theme: str, url: str | None) -> Iterator[str]:
        """The given server, or a `runserver` of this project in the theme, stopped afterwards."""
        if url:
            yield url.rstrip("/")
            return
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        # A development server: RIMPEL_DEBUG is what lets runserver start without production settings.
        environment = {**os.environ, "RIMPEL_THEME": theme, "RIMPEL_DEBUG": "1"}
        manage = Path(settings.BASE_DIR) / "manage.py"
        server = subprocess.Popen(  # noqa: S603 (this project's own manage.py, no outside input)
            [sys.executable, str(manage), "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + SERVER_WAIT
            while True:
                try:
                    urllib.request.urlopen(base + "/", timeout=5).close()  # noqa: S310 (our own local server)
                    break
                except (urllib.error.URLError, ConnectionError):
                    if server.poll() is not None or time.monotonic() > deadline:
                        errors = server.stderr.read().decode() if server.stderr and server.poll() is not None else ""
                        raise CommandError(f"The {theme} server did not start. {errors[-2000:]}") from None
                    time.sleep(0.5)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)

    def _take(self, base: str, shots: list[Shot], theme: str, out: Path, options: dict) -> list[Path]:
        from playwright.sync_api import sync_playwright

        written = []
        suffix = "" if theme == "rimpel" else f"-{theme}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
            )
            try:
                for width in WIDTHS:
                    context = browser.new_context(
                        locale="nl-NL",
                        timezone_id="Europe/Amsterdam",
                        viewport={"width": width, "height": 900 if width > 600 else 844},
                        device_scale_factor=1,
                    )
                    page = context.new_page()
                    logged_in = False
                    for shot in sorted(shots, key=lambda shot: shot.logged_in):
                        if shot.logged_in and not logged_in:
                            self._log_in(page, base, options["username"], options["password"])
                            logged_in = True
                        page.goto(base + shot.path, wait_until="networkidle")
                        height = min(page.evaluate("document.documentElement.scrollHeight"), options["max_height"])
                        path = out / f"{shot.name}{suffix}-{width}.png"
                        image = page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})
                        _save_bytes(image, path)
                        written.append(path)
                        self.stdout.write(f"{path} ({base}{shot.path})")
                    context.close()
            finally:
                browser.close()
        return written

    def _log_in(self, page, base: str, username: str, password: str) -> None:
        page.goto(base + reverse("accounts:login"))
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        page.locator("form.rimpel-form button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        if reverse("accounts:login") in page.url:
            raise CommandError(f"Could not log in as {username!r}: load the demo with --demo-users.")


def _save_bytes(png: bytes, path: Path) -> None:
    from PIL import Image

    _save(Image.open(io.BytesIO(png)), path)


def _save(image, path: Path) -> None:
    """As a 256-colour PNG: a third of the size, and screen text and flat colours lose nothing that shows."""
    image.convert("RGB").quantize(colors=256).save(path, optimize=True)
