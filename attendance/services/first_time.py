"""First-timer arithmetic: recounting the first-time flags of the people a write touches, and the head counts
that follow from them into the activities' figures (while those still hold what a list wrote)."""

import datetime as dt
from collections.abc import Collection
from typing import NamedTuple

from django.db.models import Count, Q

from attendance.models import Attendance, AttendanceList
from attendance.services.turns import chunks, local_day
from impact.figures import save_figures
from impact.models import ActivityFigures


class Recount(NamedTuple):
    first_days: dict[int, dt.date]  # by participant id
    changed: set[int]  # activities whose flags changed


def refresh_first_time(participant_ids: set[int], joining: tuple[set[int], dt.date] | None = None) -> Recount:
    """Recompute the first-time flags of these participants' attendances.

    joining: participants about to be written as attending on a day, which counts towards their first day.
    """
    joining_ids, joining_day = joining or (set(), None)
    days: dict[int, dt.date] = {}
    first_days: dict[int, dt.date] = {}
    now_first: list[int] = []
    no_longer_first: list[int] = []
    changed: set[int] = set()
    for ids in chunks(sorted(participant_ids)):
        rows = list(
            Attendance.objects.filter(participant_id__in=ids).values_list(
                "pk", "participant_id", "activity_id", "activity__start", "first_time"
            )
        )
        first_day = {person: joining_day for person in ids if joining_day is not None and person in joining_ids}
        for _pk, person, activity_id, start, _flag in rows:
            day = days.setdefault(activity_id, local_day(start))
            first_day[person] = min(day, first_day.get(person, day))
        for pk, person, activity_id, _start, flag in rows:
            first_time = days[activity_id] == first_day[person]
            if first_time != flag:
                (now_first if first_time else no_longer_first).append(pk)
                changed.add(activity_id)
        first_days.update(first_day)
    # Two plain updates per chunk: far quicker than bulk_update's per-row CASE for tens of thousands of rows.
    for pks, first_time in ((now_first, True), (no_longer_first, False)):
        for part in chunks(pks):
            Attendance.objects.filter(pk__in=part).update(first_time=first_time)
    return Recount(first_days, changed)


def head_counts(activity_ids: Collection[int]) -> dict[int, dict]:
    counts = (
        Attendance.objects.filter(activity_id__in=activity_ids)
        .values("activity_id")
        .annotate(participants=Count("pk"), first_timers=Count("pk", filter=Q(first_time=True)))
    )
    found = {count["activity_id"]: count for count in counts}
    return {pk: found.get(pk, {"participants": 0, "first_timers": 0}) for pk in activity_ids}


def refresh_figures(activity_ids: set[int]) -> None:
    """Other activities whose first-timers changed: their figures follow their list, unless edited by hand since."""
    lists = {
        attendance_list.activity_id: attendance_list
        for attendance_list in AttendanceList.objects.filter(activity_id__in=activity_ids).select_related("activity")
    }
    following = [
        figures.activity_id
        for figures in ActivityFigures.objects.filter(activity_id__in=lists)
        if lists[figures.activity_id].figures_follow(figures)
    ]
    for activity_id, counts in head_counts(following).items():
        write_figures(lists[activity_id], counts)


def write_figures(attendance_list: AttendanceList, counts: dict) -> None:
    """Put the list's head counts into the activity's figures, and remember them: the figures follow the list
    while they still hold what it wrote."""
    save_figures(
        attendance_list.activity,
        participants=counts["participants"],
        first_timers=counts["first_timers"],
        source=attendance_list.figures_source,
    )
    attendance_list.written_participants = counts["participants"]
    attendance_list.written_first_timers = counts["first_timers"]
    attendance_list.save()
