"""Reading an organisation's public iCalendar (.ics) file into events for the year calendar.

Rules (they match the activities app, see activities.models.Activity):
- aware times (UTC, a TZID, a VTIMEZONE block) are converted to UTC; floating times (no zone) are
  read as Europe/Amsterdam (settings.TIME_ZONE);
- an all-day event (DATE values) runs from the local midnight of its first day to the local midnight
  of its last day, inclusive; DTEND of a date is exclusive in iCalendar, so one day is taken off;
- without DTEND: DURATION when given, else one day (all-day) or one hour (timed);
- recurring events (RRULE, RDATE, EXDATE) are expanded within the chosen window, at most
  MAX_OCCURRENCES in all; each occurrence is identified by the UID plus its original start, and a
  RECURRENCE-ID override replaces the occurrence it names;
- only events touching the window are kept;
- an event that cannot be read (no DTSTART, no SUMMARY, an end before its start) becomes a problem of
  its own; the other events are still read. A file that is not a calendar is one error.
"""

import datetime as dt
import hashlib
import html
import re
import zoneinfo
from dataclasses import asdict, dataclass, field

from dateutil.rrule import rruleset, rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from icalendar import Calendar, Component
from icalendar.error import BrokenCalendarProperty

from activities.models import Activity

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_OCCURRENCES = 1000
MAX_WINDOW_DAYS = 731  # 24 months
TITLE_LENGTH = Activity._meta.get_field("title").max_length
PLACE_LENGTH = Activity._meta.get_field("place").max_length
UID_LENGTH = 400
DEFAULT_DURATION = dt.timedelta(hours=1)


@dataclass
class ImportEvent:
    uid: str
    title: str
    description: str
    place: str
    start: dt.datetime  # UTC
    end: dt.datetime  # UTC
    all_day: bool
    url: str = ""

    def to_dict(self) -> dict:
        data = asdict(self)
        data["start"], data["end"] = self.start.isoformat(), self.end.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "ImportEvent":
        return cls(
            **{**data, "start": dt.datetime.fromisoformat(data["start"]), "end": dt.datetime.fromisoformat(data["end"])}
        )


@dataclass
class Problem:
    where: str  # the event's UID or title, or "" for the whole file
    message: str


@dataclass
class Reading:
    events: list[ImportEvent] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    error: str = ""  # the file as a whole could not be read; nothing can be imported

    def to_dict(self) -> dict:
        return {
            "events": [event.to_dict() for event in self.events],
            "problems": [asdict(problem) for problem in self.problems],
            "error": self.error,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Reading":
        return cls(
            events=[ImportEvent.from_dict(event) for event in data["events"]],
            problems=[Problem(**problem) for problem in data["problems"]],
            error=data["error"],
        )


class EventError(Exception):
    """One event cannot be read; the message says why."""


def local_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def read_calendar(data: bytes, window_start: dt.date, window_end: dt.date) -> Reading:
    """The events of the calendar that touch the window (first day to last day, inclusive)."""
    reading = Reading()
    try:
        calendar = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError, TypeError, UnicodeError):
        reading.error = _("This file is not an iCalendar (.ics) file. Export the agenda as .ics and try again.")
        return reading
    calendars = calendar if isinstance(calendar, list) else [calendar]  # several calendars: read them all
    if not all(getattr(item, "name", "") == "VCALENDAR" for item in calendars):
        reading.error = _("This file is not an iCalendar (.ics) file. Export the agenda as .ics and try again.")
        return reading
    zone = local_zone()
    start = dt.datetime.combine(window_start, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(window_end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    components = [component for item in calendars for component in item.walk("VEVENT")]
    overridden = _overridden(components)
    seen: set[str] = set()
    budget = [MAX_OCCURRENCES]
    for component in components:
        where = str(component.get("UID") or component.get("SUMMARY") or _("event without a name"))
        for _name, message in getattr(component, "errors", []):
            reading.problems.append(
                Problem(where, _("A line could not be read and was skipped: %(message)s") % {"message": message})
            )
        try:
            events = _read_event(component, start, end, overridden, budget)
        except EventError as error:
            reading.problems.append(Problem(where, str(error)))
            continue
        except (BrokenCalendarProperty, ValueError, TypeError) as error:
            reading.problems.append(
                Problem(where, _("The event could not be read (%(error)s); it was skipped.") % {"error": error})
            )
            continue
        for event in events:
            if event.uid in seen:
                reading.problems.append(Problem(where, _("This event appears twice in the file; it was read once.")))
                continue
            seen.add(event.uid)
            reading.events.append(event)
        if budget[0] <= 0:
            reading.problems.append(
                Problem(
                    "",
                    _(
                        "The file has more than %(count)s events in this period; only "
                        "the first %(count)s were read. Choose a shorter period."
                    )
                    % {"count": MAX_OCCURRENCES},
                )
            )
            break
    reading.events.sort(key=lambda event: (event.start, event.title))
    return reading


def _overridden(components: list[Component]) -> set[tuple[str, str]]:
    """(UID, occurrence key) of every occurrence replaced by a RECURRENCE-ID event."""
    keys: set[tuple[str, str]] = set()
    for component in components:
        if component.get("RECURRENCE-ID") is not None and component.get("UID"):
            value = _dt(component, "RECURRENCE-ID")
            if isinstance(value, dt.date):
                keys.add((str(component["UID"]), _occurrence_key(value)))
    return keys


def _read_event(
    component: Component,
    window_start: dt.datetime,
    window_end: dt.datetime,
    overridden: set[tuple[str, str]],
    budget: list[int],
) -> list[ImportEvent]:
    dtstart = _dt(component, "DTSTART")
    if not isinstance(dtstart, dt.date):
        raise EventError(_("The event has no start (DTSTART) that can be read; it was skipped."))
    title = " ".join(_text(component.get("SUMMARY")).split())
    if not title:
        raise EventError(_("The event has no title (SUMMARY); it was skipped."))
    all_day = not isinstance(dtstart, dt.datetime)
    duration = _duration(component, dtstart, all_day)
    uid = str(component.get("UID") or "").strip()
    if not uid:
        # Without a UID the event is recognised by its start and title only.
        uid = "no-uid-" + hashlib.sha256(f"{dtstart.isoformat()}|{title}".encode()).hexdigest()[:32]
    if len(uid) > UID_LENGTH:
        uid = "long-uid-" + hashlib.sha256(uid.encode()).hexdigest()
    description = _text(component.get("DESCRIPTION"))
    place = _text(component.get("LOCATION"))[:PLACE_LENGTH]
    url = _url(component.get("URL"))
    recurring = any(component.get(name) is not None for name in ("RRULE", "RDATE"))
    recurrence_id = _dt(component, "RECURRENCE-ID")
    if recurring and recurrence_id is None:
        starts = _occurrences(component, dtstart, all_day, window_start - duration, window_end)
        keyed = [
            (start, f"{uid}/{_occurrence_key(start)}")
            for start in starts
            if (uid, _occurrence_key(start)) not in overridden
        ]
    else:
        key = f"{uid}/{_occurrence_key(recurrence_id)}" if isinstance(recurrence_id, dt.date) else uid
        keyed = [(dtstart, key)]
    events = []
    for start, key in keyed:
        begin, end = _bounds(start, duration, all_day)
        if end <= window_start.astimezone(dt.UTC) or begin >= window_end.astimezone(dt.UTC):
            continue
        if budget[0] <= 0:
            break
        budget[0] -= 1
        events.append(
            ImportEvent(
                uid=key,
                title=title[:TITLE_LENGTH],
                description=description,
                place=place,
                start=begin,
                end=end,
                all_day=all_day,
                url=url,
            )
        )
    return events


def _duration(component: Component, dtstart: dt.date, all_day: bool) -> dt.timedelta:
    dtend = _dt(component, "DTEND")
    if isinstance(dtend, dt.date):
        if isinstance(dtend, dt.datetime) != (not all_day):
            raise EventError(_("The start and the end of the event are not both dates or both times."))
        if isinstance(dtend, dt.datetime) and isinstance(dtstart, dt.datetime):
            duration = _as_aware(dtend) - _as_aware(dtstart)
        else:
            duration = dtend - dtstart
    else:
        given = _dt(component, "DURATION")
        default = dt.timedelta(days=1) if all_day else DEFAULT_DURATION
        duration = given if isinstance(given, dt.timedelta) else default
    if duration < dt.timedelta(0):
        raise EventError(_("The event ends before it starts; it was skipped."))
    if all_day and duration < dt.timedelta(days=1):
        duration = dt.timedelta(days=1)
    return duration


def _dt(component: Component, name: str) -> dt.date | dt.timedelta | None:
    """A property's date, time or duration; None when missing or broken (icalendar keeps broken values)."""
    try:
        return getattr(component.get(name), "dt", None)
    except BrokenCalendarProperty:
        return None


def _as_aware(value: dt.datetime) -> dt.datetime:
    """A floating time is a time in Europe/Amsterdam."""
    return value if value.tzinfo is not None else value.replace(tzinfo=local_zone())


def _bounds(start: dt.date, duration: dt.timedelta, all_day: bool) -> tuple[dt.datetime, dt.datetime]:
    if all_day:
        zone = local_zone()
        first = start if not isinstance(start, dt.datetime) else start.date()
        days = max(duration.days, 1)
        last = first + dt.timedelta(days=days - 1)  # DTEND of a date is exclusive
        begin = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(last, dt.time.min, tzinfo=zone)
    else:
        assert isinstance(start, dt.datetime)  # a timed event starts at a time (_read_event, _occurrences)
        begin = _as_aware(start)
        end = begin + duration
    return begin.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _occurrence_key(value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        return _as_aware(value).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


def _wall(value: dt.date, zone: dt.tzinfo | None, all_day: bool) -> dt.datetime:
    """A date or time as a naive wall-clock time in the event's own zone, as the recurrence rules count."""
    if all_day:
        return dt.datetime.combine(value if not isinstance(value, dt.datetime) else value.date(), dt.time.min)
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time.min)
    if value.tzinfo is not None and zone is not None:
        value = value.astimezone(zone)
    return value.replace(tzinfo=None)


def _values(component: Component, name: str) -> list[dt.date]:
    """The dates of a multi-valued property (EXDATE, RDATE), over all its lines."""
    prop = component.get(name)
    if prop is None:
        return []
    props = prop if isinstance(prop, list) else [prop]
    values = []
    for item in props:
        for entry in getattr(item, "dts", []):
            value = getattr(entry, "dt", None)
            if isinstance(value, tuple):  # a PERIOD: its start
                value = value[0]
            if isinstance(value, dt.date):
                values.append(value)
    return values


def _occurrences(
    component: Component, dtstart: dt.date, all_day: bool, window_start: dt.datetime, window_end: dt.datetime
) -> list[dt.date]:
    """The starts of the occurrences within the window, in the event's own zone (dates for all-day events)."""
    zone = dtstart.tzinfo if isinstance(dtstart, dt.datetime) else None
    first = _wall(dtstart, zone, all_day)
    rules = rruleset()
    rrule = component.get("RRULE")
    for rule in rrule if isinstance(rrule, list) else [rrule] if rrule is not None else []:
        rule = rule.copy()
        until = rule.get("UNTIL")
        if until:
            value = until[0]
            if isinstance(value, dt.datetime) and value.tzinfo is not None:
                value = _wall(value, zone or local_zone(), all_day=False)
            elif not isinstance(value, dt.datetime):
                value = dt.datetime.combine(value, dt.time.max.replace(microsecond=0))
            rule["UNTIL"] = [value]
        try:
            rules.rrule(rrulestr(rule.to_ical().decode(), dtstart=first, ignoretz=True))
        except (ValueError, TypeError) as error:
            raise EventError(_("The repeat rule (RRULE) cannot be read: %(error)s") % {"error": error}) from error
    rules.rdate(first)
    for value in _values(component, "RDATE"):
        rules.rdate(_wall(value, zone, all_day))
    for value in _values(component, "EXDATE"):
        rules.exdate(_wall(value, zone, all_day))
    # Compare in wall-clock time, with a day's margin either side for zone differences.
    low = window_start.astimezone(zone or local_zone()).replace(tzinfo=None) - dt.timedelta(days=1)
    high = window_end.astimezone(zone or local_zone()).replace(tzinfo=None) + dt.timedelta(days=1)
    starts = []
    for wall in rules.xafter(low, count=MAX_OCCURRENCES + 1, inc=True):
        if wall >= high:
            break
        if all_day:
            starts.append(wall.date())
        else:
            starts.append(wall.replace(tzinfo=zone) if zone is not None else wall)
    return starts


TAG = re.compile(r"<[a-zA-Z/!][^>]*>")


def _text(value: object) -> str:
    """Plain text: HTML tags (some calendars put them in descriptions) taken out, spaces tidied."""
    if value is None:
        return ""
    text = str(value)
    if TAG.search(text):
        text = html.unescape(strip_tags(re.sub(r"<br\s*/?>|</p>", "\n", text, flags=re.I)))
    text = text.replace("\r\n", "\n").replace("\x00", "")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def _url(value: object) -> str:
    text = str(value or "").strip()
    if not text:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        return ""
    max_length = Activity._meta.get_field("registration_url").max_length
    return text if max_length is None or len(text) <= max_length else ""
