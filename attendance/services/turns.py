"""What every attendance write shares: taking turns, the invalidation topic year tables are cached under, days in
local time, and chunks of keys small enough for one query."""

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from attendance.models import AttendanceTurn

# Keys per query: stays under SQLite's limit on query parameters.
CHUNK = 500
BATCH = 1000
TURN_ROW = 1
TOPIC = "attendance"  # the invalidation topic the year tables are cached under (tables: AttendanceConfig.ready)


def chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def take_turn() -> None:
    """Start of every attendance write: lock the one AttendanceTurn row until the transaction ends.

    The lock makes writes take turns: first-time flags depend on other activities' rows, so a removal and a save
    that share people would otherwise compute from each other's half-done state, and a removal could delete a
    participant a save has just looked up. (update_or_create locks the row on PostgreSQL and writes it, which takes
    SQLite's write lock.) The year tables cached before the write go stale through the "attendance" topic once it
    commits; a write that rolls back leaves them in place.
    """
    AttendanceTurn.objects.update_or_create(pk=TURN_ROW, defaults={"taken_at": timezone.now()})
