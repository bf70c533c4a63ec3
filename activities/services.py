"""Writes for activities, the month grid of the calendar and the iCalendar export."""

import calendar
import datetime as dt
import re
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from activities.models import Activity, TargetSector
from core.dates import start_of_today
from core.parsing import FIRST_YEAR, LAST_YEAR
from core.services import BULK_BATCH, apply_draft_rule, free_slug, link_many, unique_slug
from core.signals import created_in_bulk
from core.views_helpers import slug_urls
from network.models import Line, Organisation, Theme


@transaction.atomic
def save_activity(
    activity: Activity,
    *,
    organisers: Iterable[Organisation],
    themes: Iterable[Theme],
    lines: Iterable[Line],
    sectors: Iterable[str],
    keep_published: bool,
) -> Activity:
    """Save an activity with all its relations in one transaction, applying the draft rule (core.services)."""
    apply_draft_rule(activity, keep_published=keep_published)
    if not activity.slug:
        activity.slug = unique_slug(Activity, activity.title, activity)
    activity.full_clean(exclude=["organisers", "themes", "lines"])
    activity.save()
    activity.organisers.set(organisers)
    activity.themes.set(themes)
    activity.lines.set(lines)
    activity.target_sectors.exclude(sector__in=sectors).delete()
    existing = set(activity.target_sectors.values_list("sector", flat=True))
    TargetSector.objects.bulk_create(_sector_rows(activity, sectors, existing))
    return activity


def _sector_rows(activity: Activity, sectors: Iterable[str], existing: Container[str] = ()) -> list[TargetSector]:
    """One row per sector the activity is for and does not have yet (a form or a sheet may name one twice)."""
    return [
        TargetSector(activity=activity, sector=sector) for sector in dict.fromkeys(sectors) if sector not in existing
    ]


@dataclass
class NewActivity:
    """An activity for create_activities with its links: records or their primary keys."""

    activity: Activity
    organisers: Sequence[Any]
    themes: Sequence[Any] = ()
    lines: Sequence[Any] = ()
    sectors: Sequence[str] = ()


def create_activities(new: Sequence[NewActivity], *, taken_slugs: set[str] | None = None) -> list[Activity]:
    """Create many new activities with their links in a few queries per thousand (imports, generated networks).

    The records come checked as save_activity's full_clean would check them (the import reports each problem by
    row and column before anything is written). The rules of save_activity hold: a slug no other activity has, the
    target sectors once each. The publication status is kept as given, as save_activity keeps it for a
    coordinator. taken_slugs, when given, are the slugs in use, and the new ones are added to it, so a caller that
    creates in several rounds reads them once. Listeners (the search index) hear of the records through
    core.signals.created_in_bulk."""
    if taken_slugs is None:
        taken_slugs = set(Activity.objects.values_list("slug", flat=True))
    activities = [item.activity for item in new]
    for activity in activities:
        if not activity.slug:
            activity.slug = free_slug(activity.title, taken_slugs)
    Activity.objects.bulk_create(activities, batch_size=BULK_BATCH)
    link_many(Activity.organisers, ((item.activity, organiser) for item in new for organiser in item.organisers))
    link_many(Activity.themes, ((item.activity, theme) for item in new for theme in item.themes))
    link_many(Activity.lines, ((item.activity, line) for item in new for line in item.lines))
    TargetSector.objects.bulk_create(
        [row for item in new for row in _sector_rows(item.activity, item.sectors)], batch_size=BULK_BATCH
    )
    created_in_bulk.send(Activity, records=activities)
    return activities


# A day of the month grid lists this many activities and links to the rest: a busy city has 60 on a day.
DAY_LIMIT = 4


@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    month_name: str  # the month as it stands in a date ("E"), in the page's language
    activities: list = field(default_factory=list)
    more: int = 0  # activities on this day beyond DAY_LIMIT, listed on the day's own page

    @property
    def label(self) -> str:
        """'7 december': what the date filter's "j E" gives, without formatting each of the grid's 42 days."""
        return f"{self.date.day} {self.month_name}"


def month_grid(activities: Iterable["Span"], year: int, month: int) -> list[list[Day]]:
    """Weeks (Monday first) of the month, each day with the activities that touch it."""
    today = timezone.localdate()
    weeks = []
    days_by_date: dict[dt.date, Day] = {}
    month_names: dict[int, str] = {}  # the grid shows at most three months: format each name once
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for date in week:
            if date.month not in month_names:
                month_names[date.month] = date_format(date, "E")
            name = month_names[date.month]
            day = Day(date=date, in_month=date.month == month, is_today=date == today, month_name=name)
            days_by_date[date] = day
            row.append(day)
        weeks.append(row)
    for activity in activities:
        date, last = activity.local_start.date(), activity.local_end.date()
        while date <= last:
            touched = days_by_date.get(date)
            if touched is not None and len(touched.activities) < DAY_LIMIT:
                touched.activities.append(activity)
            elif touched is not None:
                touched.more += 1
            date += dt.timedelta(days=1)
    return weeks


LONG_RUNNING_DAYS = 7
FEED_HISTORY = dt.timedelta(days=365)


def split_long_running(activities: Iterable["Span"]) -> tuple[list["Span"], list["Span"]]:
    """Separate activities lasting a week or more (exhibitions, series), which would fill every
    day of the month grid, from the rest."""
    long_running: list[Span] = []
    short: list[Span] = []
    for activity in activities:
        days = (activity.local_end.date() - activity.local_start.date()).days
        (long_running if days >= LONG_RUNNING_DAYS else short).append(activity)
    return long_running, short


@dataclass
class Period:
    """What part of the calendar to show: a month grid, a whole year or one day listed, or what is coming up."""

    view: str  # "maand", "dag" or "lijst"
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def date(self) -> dt.date | None:
        if self.view != "dag" or self.year is None or self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)

    @property
    def month_value(self) -> str | None:
        """The month as the grid's query string has it (YYYY-MM), for a link back from a day."""
        return f"{self.year:04d}-{self.month:02d}" if self.month else None

    @property
    def hidden_fields(self) -> list[tuple[str, str]]:
        """The period as form fields, so changing a filter keeps it."""
        if self.view == "maand":
            return [("weergave", "maand"), ("maand", self.month_value or "")]
        if self.view == "dag" and (day := self.date) is not None:
            return [("dag", day.isoformat())]
        return [("jaar", str(self.year))] if self.year else []


def parse_period(params: Mapping[str, str], today: dt.date) -> tuple[Period, list[str]]:
    """The period asked for in the query string, and a message for each part that made no sense."""
    notices: list[str] = []
    raw_day = params.get("dag", "")
    if raw_day:
        try:
            day = dt.date.fromisoformat(raw_day) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw_day) else None
        except ValueError:
            day = None
        if day is not None and FIRST_YEAR <= day.year <= LAST_YEAR:
            return Period("dag", day.year, day.month, day.day), notices
        notices.append(_("“%(value)s” is not a day (use YYYY-MM-DD); it was ignored.") % {"value": raw_day})
    if params.get("weergave") == "maand":
        raw = params.get("maand", "")
        match = re.fullmatch(r"([0-9]{4})-([0-9]{2})", raw)
        if match and FIRST_YEAR <= int(match[1]) <= LAST_YEAR and 1 <= int(match[2]) <= 12:
            return Period("maand", int(match[1]), int(match[2])), notices
        if raw:
            notices.append(_("“%(value)s” is not a month (use YYYY-MM); showing this month.") % {"value": raw})
        return Period("maand", today.year, today.month), notices
    raw = params.get("jaar", "")
    if re.fullmatch(r"[0-9]{4}", raw) and FIRST_YEAR <= int(raw) <= LAST_YEAR:
        return Period("lijst", int(raw)), notices
    if raw:
        notices.append(_("“%(value)s” is not a year; showing what is coming up.") % {"value": raw})
    return Period("lijst"), notices


@dataclass(frozen=True)
class Entry:
    """An activity as the month grid shows it: a link, a title and when."""

    url: str
    title: str
    all_day: bool
    local_start: dt.datetime
    local_end: dt.datetime

    @property
    def start_time(self) -> str:
        """'09:30', as the time filter's "H:i" gives it."""
        return f"{self.local_start:%H:%M}"


@dataclass(frozen=True)
class Span:
    """When an activity runs, which is all the month grid needs to place it."""

    pk: int
    local_start: dt.datetime
    local_end: dt.datetime


def month_view(activities: QuerySet[Activity], year: int, month: int) -> dict[str, Any]:
    """Everything the month grid shows: weeks with their activities, long-running ones apart.

    Only the dates of every activity in the month are read (from an index, see Activity.Meta); titles and links
    only for those shown. A busy city month holds 1,700 activities, and the grid shows DAY_LIMIT a day."""
    first, following = month_bounds(year, month)
    in_month = activities.filter(start__lt=following, end__gte=first)
    zone = timezone.get_current_timezone()  # once: timezone.localtime looks it up for every value
    spans = [
        Span(pk, start.astimezone(zone), end.astimezone(zone))
        for pk, start, end in in_month.values_list("pk", "start", "end")
    ]
    long_running, short = split_long_running(spans)
    weeks = month_grid(short, year, month)
    days = [day for week in weeks for day in week]
    # The grid shows a title, a time and a link: the shown records' few columns, without organisers or themes.
    shown = {span.pk for span in long_running} | {span.pk for day in days for span in day.activities}
    url = slug_urls("activities:detail")
    records = {
        pk: Entry(url(slug), title, all_day, start.astimezone(zone), end.astimezone(zone))
        for pk, slug, title, all_day, start, end in Activity.objects.filter(pk__in=shown).values_list(
            "pk", "slug", "title", "all_day", "start", "end"
        )
    }
    for day in days:
        day.activities = [records[span.pk] for span in day.activities]
    return {
        "weeks": weeks,
        "long_running": [records[span.pk] for span in long_running],
        "month_start": first,
        "month_count": len(spans),
        "previous_month": (first - dt.timedelta(days=1)).strftime("%Y-%m"),
        "next_month": following.strftime("%Y-%m"),
    }


def listed(activities: QuerySet[Activity], period: Period) -> QuerySet[Activity]:
    """The activities of one day or a whole year, or those not yet over."""
    if period.view == "dag" and (day := period.date) is not None:
        first = dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_default_timezone())
        return activities.filter(start__lt=first + dt.timedelta(days=1), end__gte=first)
    if period.year:
        first, _ = month_bounds(period.year, 1)
        return activities.filter(start__lt=first.replace(year=period.year + 1), end__gte=first)
    return activities.filter(end__gte=start_of_today())


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of the month and of the next month, in local time."""
    tz = timezone.get_default_timezone()
    first = dt.datetime(year, month, 1, tzinfo=tz)
    following = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
    return first, following


def to_ical(activities: Iterable[Activity], base_url: str, name: str) -> bytes:
    """An iCalendar file with one VEVENT per activity; times carry the Europe/Amsterdam zone."""
    cal = Calendar()
    cal.add("prodid", "-//rimpel//rimpel calendar//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    # The UID's domain is the site's configured host without a port, not the request's: a feed read through
    # another host name or port must give the same UIDs, or calendars show every event twice.
    host = urlsplit(settings.RIMPEL_SITE_URL).hostname or "rimpel"
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
        cal.add_missing_timezones(
            first_date=min(dates) - dt.timedelta(days=366), last_date=max(dates) + dt.timedelta(days=366)
        )
    return cal.to_ical()
