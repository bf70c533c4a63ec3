"""Figures counted from the lists: an activity's attendance, and the year tables (network-wide or per
programme), cached under the attendance version that every write renews."""

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, IntegerField, Max, Min, Q, QuerySet, Value, When
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from activities.models import Activity
from attendance.models import Attendance, AttendanceList
from attendance.services.turns import TOPIC, local_day, start_of_day
from core import invalidation
from core.models import Sector
from impact.models import ActivityFigures
from programmes.models import Programme
from programmes.services import programme_activity_ids

CACHE_SECONDS = 60 * 60
# What year_table may be restricted to: activity ids, or a .values("pk") subquery of activities.
ActivityIds = Iterable[int] | QuerySet[Activity, dict[str, Any]]


@dataclass
class Share:
    label: str
    count: int
    percent: float


@dataclass
class ActivityAttendance:
    participants: int
    first_timers: int
    returning: int
    erased: int
    sectors: list[Share]
    roles: list[Share]
    attendance_list: AttendanceList
    figures_follow: bool  # the activity's figures are still the ones the list set


ROLES_SHOWN = 12


def activity_attendance(activity: Activity) -> ActivityAttendance | None:
    attendance_list = AttendanceList.objects.filter(activity=activity).select_related("saved_by").first()
    if attendance_list is None:
        return None
    rows = Attendance.objects.filter(activity=activity)
    totals = rows.aggregate(
        participants=Count("pk"),
        first_timers=Count("pk", filter=Q(first_time=True)),
        erased=Count("pk", filter=Q(participant__isnull=True)),
    )
    total = totals["participants"]
    labels = dict(Sector.choices)
    sectors = [
        Share(str(labels.get(entry["sector"], _("Not given"))), entry["count"], _percent(entry["count"], total))
        for entry in rows.values("sector").annotate(count=Count("pk")).order_by("-count", "sector")
    ]
    figures = ActivityFigures.objects.filter(activity=activity).first()
    return ActivityAttendance(
        participants=total,
        first_timers=totals["first_timers"],
        returning=total - totals["first_timers"],
        erased=totals["erased"],
        sectors=sectors,
        roles=_roles(rows.values_list("role", flat=True), total),
        attendance_list=attendance_list,
        figures_follow=figures is not None and attendance_list.figures_follow(figures),
    )


def _roles(roles: Iterable[str], total: int) -> list[Share]:
    """Roles as written, counted without regard to case; the most frequent ones, then the rest together."""
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for role in roles:
        folded = role.strip().casefold()
        counts[folded] += 1
        spelling.setdefault(folded, role.strip())
    shares = [
        Share(spelling[folded] or _("Not given"), count, _percent(count, total))
        for folded, count in counts.most_common(ROLES_SHOWN)
    ]
    rest = total - sum(share.count for share in shares)
    if rest:
        shares.append(Share(_("Other roles"), rest, _percent(rest, total)))
    return shares


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


@dataclass
class Year:
    year: int
    activities: int
    attendances: int
    participants: int  # distinct people with a key; erased rows no longer say who they were
    per_participant: float | None
    core: int
    outside_core_percent: float | None
    first_timers: int  # people whose first network day fell in this year
    erased: int
    core_change: int | None = None
    outside_core_change: float | None = None  # percentage points

    @property
    def core_change_shown(self) -> str:
        return _signed(self.core_change)

    @property
    def outside_core_change_shown(self) -> str:
        return _signed(self.outside_core_change)


def _signed(value: float | None) -> str:
    if value is None:
        return ""
    return f"+{number_format(value)}" if value > 0 else number_format(value)


@dataclass
class YearTable:
    years: list[Year]
    core_minimum: int


def year_table(activity_ids: ActivityIds | None = None) -> YearTable:
    """Per calendar year (local time): participants, their returning core (at ≥ ATTENDANCE_CORE_MINIMUM
    activities that year), the share outside the core and first-timers, with the change from the year before.

    activity_ids (a queryset of pks) restricts everything, the core included, to those activities. Cached under
    the attendance topic's version (renewed by every write to attendances, participants or activities) and the
    activities counted.
    """
    minimum = settings.ATTENDANCE_CORE_MINIMUM
    version = invalidation.current(TOPIC)
    scope = "all"
    if activity_ids is not None:
        ids = Activity.objects.filter(pk__in=activity_ids).order_by("pk").values_list("pk", flat=True)
        scope = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()
    key = f"attendance:years:{version}:{minimum}:{scope}"
    table = cache.get(key)
    if table is None:
        table = _year_table(activity_ids, minimum)
        cache.set(key, table, CACHE_SECONDS)
    return table


def _year_table(activity_ids: ActivityIds | None, minimum: int) -> YearTable:
    rows = Attendance.objects.order_by()
    if activity_ids is not None:
        rows = rows.filter(activity__in=activity_ids)
    bounds = rows.aggregate(first=Min("activity__start"), last=Max("activity__start"))
    if bounds["first"] is None:
        return YearTable(years=[], core_minimum=minimum)
    # The local year as comparisons on the start: SQLite extracts a year by calling Python for every row, which took
    # most of the time at 150,000 attendances.
    rows = rows.annotate(
        year=Case(
            *(
                When(activity__start__lt=start_of_day(dt.date(year + 1, 1, 1)), then=Value(year))
                for year in range(local_day(bounds["first"]).year, local_day(bounds["last"]).year + 1)
            ),
            output_field=IntegerField(),
        )
    )
    years = {}
    for entry in rows.values("year").annotate(
        activities=Count("activity", distinct=True),
        attendances=Count("pk"),
        erased=Count("pk", filter=Q(participant__isnull=True)),
    ):
        years[entry["year"]] = Year(
            year=entry["year"],
            activities=entry["activities"],
            attendances=entry["attendances"],
            participants=0,
            per_participant=None,
            core=0,
            outside_core_percent=None,
            first_timers=0,
            erased=entry["erased"],
        )
    for year, participants, core, first_timers in _people_per_year(rows, minimum):
        figures = years[year]
        figures.participants, figures.core, figures.first_timers = participants, core, first_timers
    previous = None
    for year in sorted(years):
        figures = years[year]
        if figures.participants:
            figures.per_participant = round((figures.attendances - figures.erased) / figures.participants, 1)
            figures.outside_core_percent = _percent(figures.participants - figures.core, figures.participants)
        if previous is not None:
            figures.core_change = figures.core - previous.core
            if figures.outside_core_percent is not None and previous.outside_core_percent is not None:
                figures.outside_core_change = round(figures.outside_core_percent - previous.outside_core_percent, 1)
        previous = figures
    return YearTable(years=[years[year] for year in sorted(years)], core_minimum=minimum)


def _people_per_year(
    rows: QuerySet[Any, Any],  # attendances annotated with their year
    minimum: int,
) -> list[tuple[int, int, int, int]]:
    """(year, participants, of them in the core, of them first-timers) per year, counted by the database: each
    person once per year, from their attendances and first-time flags that year."""
    people = (
        rows.filter(participant__isnull=False)
        .values("year", "participant_id")
        .annotate(activities=Count("pk"), first_times=Count("pk", filter=Q(first_time=True)))
    )
    inner, params = people.query.sql_with_params()
    year, activities, first_times = map(connection.ops.quote_name, ("year", "activities", "first_times"))
    sql = (
        f"SELECT {year}, COUNT(*), SUM(CASE WHEN {activities} >= %s THEN 1 ELSE 0 END), "  # noqa: S608 - only names
        f"SUM(CASE WHEN {first_times} > 0 THEN 1 ELSE 0 END) FROM ({inner}) people GROUP BY {year}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [minimum, *params])
        return cursor.fetchall()


def programme_attendance(programme: Programme) -> YearTable:
    """The year table over the programme's published activities only."""
    return year_table(programme_activity_ids(programme))
