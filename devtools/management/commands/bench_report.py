"""Time the reports in every format, for the demo programmes and a large synthetic one; prints, asserts nothing.

The synthetic programme (500 activities, 1,000 stories by default) is built inside a transaction that is
rolled back, so the command can run against any database.
"""

import datetime as dt
import json
import random
import resource
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone, translation

from devtools.synthetic import synthetic_programme
from impact.models import Dimension
from programmes.models import Programme
from reports import data, renderers
from reports.services import save_texts
from stories.models import Consent, Story, StoryPart, StoryStatus


class Rollback(Exception):
    pass


def _peak_mib() -> float:
    # The process's peak resident memory so far (Linux reports KiB); it only grows, so each row shows
    # the highest point reached by the end of that render.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(render) -> tuple[float, float, int]:
    """Seconds, process peak memory (MiB) and size of one render."""
    started = time.perf_counter()
    body = render()
    return time.perf_counter() - started, _peak_mib(), len(body)


class Command(BaseCommand):
    help = "Time the impact and evaluation reports as HTML, PDF and Word."

    def add_arguments(self, parser):
        parser.add_argument("--activities", type=int, default=500)
        parser.add_argument("--stories", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--skip-demo", action="store_true")

    def handle(self, *args, activities, stories, seed, skip_demo, **options):
        random.seed(seed)
        results = []
        with translation.override("nl"):
            if not skip_demo:
                for slug, kind in (("lnos25", "impact"), ("gelijke-kansen-2024-2026", "evaluation")):
                    programme = Programme.objects.filter(slug=slug).first()
                    if programme:
                        results += self._time(f"demo {slug}", kind, programme)
            try:
                with transaction.atomic():
                    started = time.perf_counter()
                    programme = synthetic_programme(activities, 20)
                    self._add_stories(programme, stories)
                    save_texts(programme, {f"ring{n}": "Synthese van de verhalen. " * 40 for n in (1, 2, 3)})
                    built = time.perf_counter() - started
                    label = f"synthetic {activities} activities, {stories} stories"
                    for kind in data.KINDS:
                        results += self._time(label, kind, programme)
                    raise Rollback
            except Rollback:
                pass
        self.stdout.write(f"database: {connection.vendor}; synthetic programme built in {built:.1f} s (rolled back)")
        self.stdout.write(
            f"{'programme':<44} {'report':<11} {'format':<6} {'seconds':>8} {'peak RSS MiB':>12} {'size KiB':>9}"
        )
        for row in results:
            self.stdout.write(
                f"{row['programme']:<44} {row['report']:<11} {row['format']:<6} "
                f"{row['seconds']:>8.2f} {row['peak_mib']:>12.0f} {row['kib']:>9.0f}"
            )
        self.stdout.write(f"process peak resident memory: {_peak_mib():.0f} MiB")
        self.stdout.write(json.dumps({"bench": "report", "database": connection.vendor, "results": results}))

    def _time(self, label: str, kind: str, programme: Programme) -> list[dict]:
        rows = []
        built_seconds, built_peak, _size = _measure(lambda: [data.build(kind, programme, "nl")])
        report = data.build(kind, programme, "nl")
        renders = {
            "html": lambda: renderers.render_html(report),
            "pdf": lambda: renderers.render_pdf(report, "http://localhost:8000"),
            "docx": lambda: renderers.render_docx(report),
        }
        for fmt, render in renders.items():
            seconds, peak, size = _measure(render)
            # The report data is built once per request: count it in every format's time.
            rows.append(
                {
                    "programme": label,
                    "report": kind,
                    "format": fmt,
                    "seconds": round(built_seconds + seconds, 3),
                    "peak_mib": round(max(built_peak, peak), 1),
                    "kib": round(size / 1024),
                }
            )
        return rows

    def _add_stories(self, programme: Programme, count: int) -> None:
        lines = list(programme.lines.all())
        activities = list(programme.lines.values_list("actions__activities", flat=True).distinct())
        dimensions = {n: list(Dimension.objects.filter(ring__number=n, retired=False)) for n in (1, 2, 3)}
        words = [
            "ontmoeting",
            "leerlingen",
            "docenten",
            "school",
            "samenwerking",
            "nieuwe",
            "ideeën",
            "wijk",
            "bibliotheek",
            "museum",
            "ouders",
            "gemeente",
            "kennis",
            "energie",
            "netwerk",
            "lessen",
            "vak",
            "trots",
            "onderzoek",
        ]
        created = Story.objects.bulk_create(
            Story(
                programme=programme,
                line=random.choice(lines),
                activity_id=random.choice(activities),
                respondent_role=random.choice(["docent po", "docent vo", "schoolleider", "ouder", "student"]),
                sector=random.choice(["po", "vo", "mbo", "hbo"]),
                consent=Consent.ROLE,
                status=StoryStatus.PUBLISHED,
                collected_on=dt.date(2025, 11, 1),
                quote=" ".join(random.sample(words, 8)) if random.random() < 0.3 else "",
                created_at=timezone.now(),
            )
            for _ in range(count)
        )
        StoryPart.objects.bulk_create(
            StoryPart(
                story=story,
                ring=ring,
                dimension=random.choice(dimensions[ring]),
                text=" ".join(random.choices(words, k=40)),
            )
            for story in created
            for ring in (1, 2, 3)
        )
