"""Small builders for the stories tests: a programme with ambitions and activities, stories with parts, links."""

import datetime as dt
import time

from django.utils import timezone

from impact.services import find_dimension
from programmes.models import Action, Programme, ProgrammeLine, ReasoningLine, ReasoningStep
from stories.forms import fill_stamp
from stories.models import CollectionLink, Story, StoryPart
from stories.services import part_stems

# The default impact model's dimensions, by ring and Dutch name (impact/defaults.py).
ENCOUNTER = (1, "Ontmoeting & bereik")
APPRECIATION = (1, "Waardering & betrokkenheid")
KNOWLEDGE = (1, "Kennis & bewustzijn")
UNDERSTANDING = (2, "Begrip & beeldvorming")
CONNECTIONS = (2, "Verbindingen & initiatieven")
BEHAVIOUR = (2, "Houding & gedrag")
SOCIAL = (3, "Sociaal-culturele effecten")
ECONOMIC = (3, "Economische effecten")
EMBEDDING = (3, "Structurele verankering")


def dim(key):
    """A default dimension from one of the constants above."""
    dimension = find_dimension(*key)
    assert dimension is not None, key
    return dimension


def make_programme(slug="p", name="Programma", organisations=(), published=True) -> Programme:
    programme = Programme.objects.create(
        slug=slug,
        name=name,
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2026, 12, 31),
        publication_status="published" if published else "draft",
    )
    programme.organisations.set(organisations)
    return programme


def make_line(programme, code="1", title="Ambitie", activities=(), position=None) -> ProgrammeLine:
    """An ambition with one action that serves the given activities."""
    line = ProgrammeLine.objects.create(
        programme=programme,
        kind="ambition",
        code=code,
        title=title,
        position=int(code) if position is None and code.isdigit() else 0,
    )
    action = Action.objects.create(line=line, code=f"{code}.1", title=f"Actie {code}")
    action.activities.set(activities)
    return line


def make_story(
    *,
    programme=None,
    line=None,
    activity=None,
    parts=None,
    status="published",
    consent="role",
    role="leerkracht",
    sector="",
    name="",
    organisation_name="",
    organisation=None,
    email="",
    themes=(),
    quote="",
    collected_on=None,
) -> Story:
    """A story straight in the database (no consent clean-up), with parts {ring: (dimension key, text)}."""
    story = Story.objects.create(
        programme=programme,
        line=line,
        activity=activity,
        respondent_role=role,
        sector=sector,
        respondent_name=name,
        organisation_name=organisation_name,
        organisation=organisation,
        email=email,
        consent=consent,
        quote=quote,
        status=status,
        collected_on=collected_on or timezone.localdate(),
    )
    story.themes.set(themes)
    if parts is None:
        parts = {1: (ENCOUNTER, "Ik ontmoette collega's van andere scholen.")}
    for ring, (key, text) in parts.items():
        StoryPart.objects.create(story=story, ring=ring, dimension=dim(key), text=text, stems=part_stems(text))
    return story


def make_link(*, code="abcdefg", activity=None, programme=None, **extra) -> CollectionLink:
    return CollectionLink.objects.create(code=code, activity=activity, programme=programme, **extra)


def make_reasoning_line(programme, title="Redeneerlijn", activities=(), steps=()) -> tuple:
    """A reasoning line and its steps, each step given as (ring, dimension key, text)."""
    reasoning_line = ReasoningLine.objects.create(programme=programme, title=title)
    reasoning_line.activities.set(activities)
    made = [
        ReasoningStep.objects.create(
            reasoning_line=reasoning_line, ring=ring, dimension=dim(key), text=text, position=position
        )
        for position, (ring, key, text) in enumerate(steps)
    ]
    return reasoning_line, made


def started(seconds_ago: float = 60) -> str:
    """The public form's signed start time, as if it was opened `seconds_ago`: a person's pace, not a robot's."""
    return fill_stamp(time.time() - seconds_ago)
