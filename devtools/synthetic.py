"""Synthetic data for the benchmark commands: repeatable with random.seed(), never for real use."""

import datetime as dt
import random

from django.utils import timezone

from activities.models import Activity
from core.models import PublicationStatus
from impact.models import ActivityFigures, Dimension
from network.models import Organisation
from programmes.models import Action, Programme, ProgrammeLine, ReasoningLine, ReasoningStep


def synthetic_programme(activity_count: int, reasoning_count: int) -> Programme:
    """A published programme of three ambitions and nine actions over `activity_count` activities with figures,
    and `reasoning_count` reasoning lines; for benchmarks (call it inside a transaction you roll back)."""
    organisers = Organisation.objects.bulk_create(
        Organisation(
            name=f"Bench organisatie {i}", name_key=f"bench organisatie {i}", slug=f"bench-organisatie-{i}", sector="po"
        )
        for i in range(40)
    )
    programme = Programme.objects.create(
        slug="bench-programma",
        name="Benchmarkprogramma",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        publication_status=PublicationStatus.PUBLISHED,
    )
    lines = [
        ProgrammeLine.objects.create(
            programme=programme, kind="ambition", code=f"A{n}", title=f"Ambitie {n}", position=n
        )
        for n in range(1, 4)
    ]
    actions = [
        Action.objects.create(line=line, code=f"{line.code}.{n}", title=f"Actie {n}")
        for line in lines
        for n in range(1, 4)
    ]
    start = timezone.make_aware(dt.datetime(2025, 1, 6, 10))
    created = Activity.objects.bulk_create(
        Activity(
            title=f"Bench activiteit {i}",
            slug=f"bench-activiteit-{i}",
            start=start + dt.timedelta(hours=4 * i),
            end=start + dt.timedelta(hours=4 * i + 2),
            publication_status=PublicationStatus.PUBLISHED,
        )
        for i in range(activity_count)
    )
    Activity.organisers.through.objects.bulk_create(
        Activity.organisers.through(activity_id=a.pk, organisation_id=random.choice(organisers).pk) for a in created
    )
    through = Action.activities.through
    links = {(random.choice(actions).pk, a.pk) for a in created}
    links |= {(random.choice(actions).pk, a.pk) for a in random.sample(created, len(created) // 5)}
    through.objects.bulk_create(through(action_id=action, activity_id=activity) for action, activity in links)
    figures = ActivityFigures.objects.bulk_create(
        ActivityFigures(
            activity=a,
            participants=(p := random.randint(5, 400)),
            first_timers=random.randint(0, p) if random.random() < 0.6 else None,
        )
        for a in created
    )
    dimensions = {n: list(Dimension.objects.filter(ring__number=n, retired=False)) for n in (1, 2, 3)}
    for n in range(reasoning_count):
        reasoning = ReasoningLine.objects.create(
            programme=programme, line=random.choice(lines), title=f"Redeneerlijn {n}"
        )
        reasoning.activities.set(random.sample(created, 3))
        for position, ring in enumerate((1, 2, 2, 3)):
            step = ReasoningStep.objects.create(
                reasoning_line=reasoning,
                ring=ring,
                position=position,
                dimension=random.choice(dimensions[ring]),
                text="Effect.",
            )
            if ring == 1:
                step.activity_figures.set(random.sample(figures, 2))
    return programme
