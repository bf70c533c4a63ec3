"""What every attendance write shares: taking turns, the version year tables are cached under, days in local time,
and chunks of keys small enough for one query."""

import datetime as dt
import uuid
from collections.abc import Iterator

from django.utils import timezone

from attendance.models import AttendanceVersion

# Keys per query: stays under SQLite's limit on query parameters.
CHUNK = 500
BATCH = 1000
VERSION_ROW = 1


def chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def take_turn() -> None:
    """Start of every attendance write: lock the one AttendanceVersion row until the transaction ends, and renew
    its token.

    The lock makes writes take turns: first-time flags depend on other activities' rows, so a removal and a save
    that share people would otherwise compute from each other's half-done state, and a removal could delete a
    participant a save has just looked up. The new token makes year tables cached before this write stale once it
    commits; a write that rolls back leaves the old token, whose tables still hold.
    """
    AttendanceVersion.objects.get_or_create(pk=VERSION_ROW, defaults={"token": uuid.uuid4().hex})
    AttendanceVersion.objects.filter(pk=VERSION_ROW).update(token=uuid.uuid4().hex)


def current_version() -> str | None:
    """The token year tables are cached under; None before the first write, when there is nothing to cache."""
    return AttendanceVersion.objects.filter(pk=VERSION_ROW).values_list("token", flat=True).first()
