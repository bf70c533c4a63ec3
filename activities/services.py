"""Writes for activities, the month grid of the calendar and the iCalendar export."""

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from activities.models import Activity, TargetSector
from core.models import PublicationStatus
from core.services import unique_slug

# The years the calendar handles; far outside them date arithmetic (month grid, .ics end dates) overflows.
FIRST_YEAR, LAST_YEAR = 1901, 2999


@transaction.atomic
def save_activity(activity: Activity, *, organisers, themes, lines, sectors, keep_published: bool) -> Activity:
    """Save an activity with all its relations in one transaction.

    Without keep_published (an editor's change), a published activity goes back to draft
    so the change waits for a coordinator.
    """
    if not keep_published:
        activity.publication_status = PublicationStatus.DRAFT
    if not activity.slug:
        activity.slug = unique_slug(Activity, activity.title, activity)
    activity.full_clean(exclude=["organisers", "themes", "lines"])
    activity.save()
    activity.organisers.set(organisers)
    activity.themes.set(themes)
    activity.lines.set(lines)
    activity.target_sectors.exclude(sector__in=sectors).delete()
    existing = set(activity.target_sectors.values_list("sector", flat=True))
    TargetSector.objects.bulk_create(
        TargetSector(activity=activity, sector=sector) for sector in sectors if sector not in existing
    )
    return activity


@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    activities: list = field(default_factory=list)


def month_grid(activities, year: int, month: int) -> list[list[Day]]:
    """Weeks (Monday first) of the month, each day with the activities that touch it."""
    today = timezone.localdate()
    weeks = []
    days_by_date: dict[dt.date, Day] = {}
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for date in week:
            day = Day(date=date, in_month=date.month == month, is_today=date == today)
            days_by_date[date] = day
            row.append(day)
        weeks.append(row)
    for activity in activities:
        date, last = activity.local_start.date(), activity.local_end.date()
        while date <= last:
            if date in days_by_date:
                days_by_date[date].activities.append(activity)
            date += dt.timedelta(days=1)
    return weeks


LONG_RUNNING_DAYS = 7


def split_long_running(activities) -> tuple[list, list]:
    """Separate activities lasting a week or more (exhibitions, series), which would fill every
    day of the month grid, from the rest."""
    long_running, short = [], []
    for activity in activities:
        days = (activity.local_end.date() - activity.local_start.date()).days
        (long_running if days >= LONG_RUNNING_DAYS else short).append(activity)
    return long_running, short


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of the month and of the next month, in local time."""
    tz = timezone.get_default_timezone()
    first = dt.datetime(year, month, 1, tzinfo=tz)
    following = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
    return first, following


def to_ical(activities, base_url: str, name: str) -> bytes:
    """An iCalendar file with one VEVENT per activity; times carry the Europe/Amsterdam zone."""
    cal = Calendar()
    cal.add("prodid", "-//rimpel//rimpel calendar//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    host = base_url.split("//", 1)[-1].split("/", 1)[0]
    dates = []
    for activity in activities:
        dates += [activity.local_start.date(), activity.local_end.date()]
        event = Event()
        event.add("uid", f"activity-{activity.pk}@{host}")
        event.add("summary", activity.title)
        event.add("status", "CONFIRMED" if activity.is_published else "TENTATIVE")
        event.add("dtstamp", activity.updated_at)
        event.add("last-modified", activity.updated_at)
        if activity.all_day:
            event.add("dtstart", activity.local_start.date())
            event.add("dtend", activity.local_end.date() + dt.timedelta(days=1))
        else:
            event.add("dtstart", activity.local_start)
            event.add("dtend", activity.local_end)
        if activity.place:
            event.add("location", activity.place)
        url = base_url + activity.get_absolute_url()
        event.add("url", url)
        organisers = ", ".join(org.name for org in activity.organisers.all())
        event.add("description", "\n\n".join(part for part in [activity.description, organisers, url] if part))
        event.add("categories", [str(theme) for theme in activity.themes.all()] or [activity.get_kind_display()])
        cal.add_component(event)
    if dates:
        # Describe the zone's transitions only for the years the events need, not since 1970.
        cal.add_missing_timezones(first_date=min(dates) - dt.timedelta(days=366),
                                  last_date=max(dates) + dt.timedelta(days=366))
    return cal.to_ical()
