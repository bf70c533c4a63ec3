"""Small builders for the attendance tests."""

import datetime as dt

from django.utils import timezone

from attendance.reading import Row
from core.pseudonyms import key_for
from tests.factories import ActivityFactory


def at(day: str, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)))


def activity_on(day: str, hour: int = 10, **extra):
    return ActivityFactory(start=at(day, hour), **extra)


def rows(*people: str, sector: str = "", role: str = "") -> list[Row]:
    """Rows for people given by e-mail address or name."""
    return [
        Row(number=number, key=key_for(person), consent=None, name="", role=role, sector=sector, organisation="")
        for number, person in enumerate(people, 1)
    ]
