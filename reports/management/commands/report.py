"""python manage.py report impact --programme lnos25 --format pdf --output lnos25.pdf"""

import time
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from programmes.models import Programme
from reports import data, renderers


class Command(BaseCommand):
    help = "Write a programme's impact or evaluation report as HTML, PDF or Word."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="impact, evaluation or storybook")
        parser.add_argument("--programme", required=True, help="the programme's slug, e.g. lnos25")
        parser.add_argument("--format", default="pdf", help="html, pdf or docx (default pdf)")
        parser.add_argument("--output", help="file to write; default <programme>-<kind>.<format>")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE, help="nl or en")
        parser.add_argument(
            "--base-url", default="http://localhost:8000", help="address of the site, for the links in the PDF"
        )
        parser.add_argument(
            "--timing",
            action="store_true",
            help="also print how long it took (CPU and wall seconds, WeasyPrint warmed up) and, for a PDF, "
            "WeasyPrint's own time for the same HTML and the ratio of the two",
        )

    def handle(  # noqa: A002
        self,
        *args: Any,
        kind: str,
        programme: str,
        format: str,
        output: str | None,
        language: str,
        base_url: str,
        timing: bool = False,
        **options: Any,
    ) -> None:
        if kind not in data.KINDS:
            raise CommandError(f"Unknown report {kind!r}; choose one of: {', '.join(data.KINDS)}.")
        if format not in renderers.FORMATS:
            raise CommandError(f"Unknown format {format!r}; choose one of: {', '.join(renderers.FORMATS)}.")
        # Reports are written in the languages of the whole site, not those of the parent pages only.
        languages = [code for code, _name in settings.LANGUAGES if code not in settings.PARENT_ONLY_LANGUAGES]
        if language not in languages:
            raise CommandError(f"Unknown language {language!r}; choose one of: {', '.join(languages)}.")
        found = Programme.objects.filter(slug=programme).first()
        if found is None:
            known = ", ".join(Programme.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"Unknown programme {programme!r}. Known programmes: {known}.")
        with translation.override(language):
            if timing and format == "pdf":  # a worker makes many: time a warm WeasyPrint, not its first start
                self._pdf(data.build(kind, found, language), base_url)
            started = _Clock()
            report = data.build(kind, found, language)
            if format == "html":
                body = renderers.render_html(report, for_pdf=True, base_url=base_url).encode()
            elif format == "pdf":
                body = self._pdf(report, base_url)
            else:
                body = renderers.render_docx(report)
            whole = started.elapsed()
            if timing:
                self.stdout.write(f"End to end (data, layout, file): {whole}.")
                if format == "pdf":  # the floor: WeasyPrint alone, for the same HTML
                    html = renderers.render_html(report, for_pdf=True, base_url=base_url)
                    floor = _Clock()
                    renderers.weasyprint_pdf(html, base_url)  # Pango is there: the end-to-end run succeeded
                    own = floor.elapsed()
                    self.stdout.write(
                        f"WeasyPrint alone for the same HTML: {own}; "
                        f"ratio {whole.cpu / own.cpu:.2f} (CPU), {whole.wall / own.wall:.2f} (wall)."
                    )
        path = Path(output or f"{programme}-{kind}.{format}")
        # Write beside the target and rename: a full disk leaves no half-written report (devtools/faults/full_disk.py).
        partial = path.with_name(f".{path.name}.partial")
        try:
            partial.write_bytes(body)
            partial.replace(path)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"Could not write {path}: {error.strerror}.") from error
        self.stdout.write(f"Wrote {path} ({len(body):,} bytes, {len(report.notes)} figures with their sources).")

    def _pdf(self, report: data.Report, base_url: str) -> bytes:
        try:
            return renderers.render_pdf(report, base_url)
        except renderers.PdfUnavailable as error:
            raise CommandError(str(error)) from error


class _Clock:
    """CPU seconds of this process beside wall seconds: on a busy machine the wall time says more about the others."""

    def __init__(self) -> None:
        self.cpu, self.wall = time.process_time(), time.perf_counter()

    def elapsed(self) -> "_Elapsed":
        return _Elapsed(time.process_time() - self.cpu, time.perf_counter() - self.wall)


class _Elapsed(NamedTuple):
    cpu: float
    wall: float

    def __str__(self) -> str:
        return f"{self.cpu:.2f} s CPU, {self.wall:.2f} s wall"
