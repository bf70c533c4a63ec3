"""Reading an organisation's public iCalendar (.ics) file into events for the year calendar.

Rules (they match the activities app, see activities.models.Activity):
- aware times (UTC, a TZID, a VTIMEZONE block) are converted to UTC; floating times (no zone) are
  read in the calendar's X-WR-TIMEZONE (as Google and Outlook mean it), else as Europe/Amsterdam
  (settings.TIME_ZONE);
- an all-day event (DATE values) runs from the local midnight of its first day to the local midnight
  of its last day, inclusive; DTEND of a date is exclusive in iCalendar, so one day is taken off;
- without DTEND: DURATION when given, else one day (all-day) or one hour (timed);
- recurring events (RRULE, RDATE, EXDATE) are expanded within the chosen window by
  recurring-ical-events, at most MAX_OCCURRENCES in all, with a bounded amount of work: a repeat rule that
  takes more than MAX_RULE_STEPS to find its next date (one that never matches is worked out up to the year
  9999) becomes a problem of its own, and the whole file gets settings.INPUT_BUDGET_SECONDS (core.budget).
  Each occurrence is identified by the UID plus its original start, so a re-import finds the same activity
  again. A RECURRENCE-ID override replaces the occurrence it names; with RANGE=THISANDFUTURE it also changes
  the occurrences after it, which keep their own identity;
- only events touching the window are kept;
- an event that cannot be read (no DTSTART, no SUMMARY, an end before its start) becomes a problem of
  its own; the other events are still read. A file that is not a calendar is one error; a file with several
  calendars (VCALENDAR blocks) is read whole; a line outside the events that cannot be read is skipped with a
  notice. Problems are our own words in the page's language, never the library's English.
"""

import datetime as dt
import hashlib
import html
import re
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field

import recurring_ical_events  # type: ignore[import-untyped]  # ships no type information
import x_wr_timezone  # type: ignore[import-untyped]  # ships no type information
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Calendar, Component
from icalendar.error import BrokenCalendarProperty, InvalidCalendar
from icalendar.parser import Contentlines

from activities.models import Activity
from core.budget import Budget, OverBudget

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_OCCURRENCES = 1000
# Python calls an event's repeat rule may take to find its next date (about a third of a second): a daily rule
# that started in 1950 takes about 300,000; one that never matches would take tens of millions.
MAX_RULE_STEPS = 1_000_000
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


def read_calendar(data: bytes, window_start: dt.date, window_end: dt.date, work: Budget | None = None) -> Reading:
    """The events of the calendar that touch the window (first day to last day, inclusive), read within the
    work budget (by default settings.INPUT_BUDGET_SECONDS from now)."""
    reading = Reading()
    work = work or Budget()
    not_a_calendar = _("This file is not an iCalendar (.ics) file. Export the agenda as .ics and try again.")
    try:
        with work.steps():
            calendars = Calendar.from_ical(_readable(data, reading), multiple=True)
    except (ValueError, IndexError, KeyError, TypeError, UnicodeError):
        reading.error = not_a_calendar
        return reading
    except OverBudget:
        reading.error = _("This file is too large or too complicated to read. Export a shorter period.")
        return reading
    if not calendars or not all(getattr(item, "name", "") == "VCALENDAR" for item in calendars):
        reading.error = not_a_calendar
        return reading
    zone = local_zone()
    start = dt.datetime.combine(window_start, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(window_end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    seen: set[str] = set()
    budget = MAX_OCCURRENCES
    for series, where in _all_series(calendars, reading):
        if work.spent:
            reading.problems.append(
                Problem(
                    where,
                    _("Reading the file took longer than %(seconds)s seconds; this event was not read.")
                    % {"seconds": work.seconds},
                )
            )
            continue
        try:
            with work.steps(MAX_RULE_STEPS) as steps:
                events = _read_series(series, start, end, budget, steps.progress)
        except OverBudget:
            reading.problems.append(
                Problem(
                    where,
                    _(
                        "The repeat rule of “%(title)s” gives no dates in this period, or too many to work out; "
                        "the event was not read."
                    )
                    % {"title": _title(series.components[0])},
                )
            )
            continue
        except EventError as error:
            reading.problems.append(Problem(where, str(error)))
            continue
        except (BrokenCalendarProperty, InvalidCalendar, ValueError, TypeError):
            reading.problems.append(Problem(where, _("The event could not be read; it was skipped.")))
            continue
        budget -= len(events)
        for event in events:
            if event.uid in seen:
                reading.problems.append(Problem(where, _("This event appears twice in the file; it was read once.")))
                continue
            seen.add(event.uid)
            reading.events.append(event)
        if budget <= 0:
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


def _readable(data: bytes, reading: Reading) -> str:
    """The file's text without the lines outside events that cannot be read (noted). Inside an event
    icalendar skips such a line itself and says so in the event's errors; at calendar level it would
    refuse the whole file."""
    lines = Contentlines.from_ical(data)
    kept: list[str] = []
    depth: list[str] = []
    skipped = 0
    for line in lines:
        if not line:
            continue
        try:
            name, _params, value = line.parts()
        except ValueError:
            if "VEVENT" not in depth:
                skipped += 1
                continue
            name, value = "", ""
        if name.upper() == "BEGIN":
            depth.append(str(value).upper())
        elif name.upper() == "END" and depth:
            depth.pop()
        kept.append(line)
    if skipped:
        reading.problems.append(
            Problem(
                "",
                ngettext(
                    "%(count)s line outside the events could not be read and was skipped.",
                    "%(count)s lines outside the events could not be read and were skipped.",
                    skipped,
                )
                % {"count": skipped},
            )
        )
    return "\r\n".join(kept) + "\r\n"


@dataclass
class Series:
    """The events of one UID in one calendar: the event itself and its RECURRENCE-ID overrides, with the calendar
    (its time zones) they are expanded in."""

    uid: str
    calendar: Calendar
    components: list[Component]

    @property
    def recurring(self) -> bool:
        return any(
            component.get("RECURRENCE-ID") is None and any(component.get(name) is not None for name in RECURRENCE)
            for component in self.components
        )


RECURRENCE = ("RRULE", "RDATE")


def _all_series(calendars: list[Calendar], reading: Reading) -> Iterator[tuple[Series, str]]:
    """(series, where to report its problems) in file order. An event that cannot be read is a problem of its
    own and is left out of its series; the rest of the series is still read."""
    for item in calendars:
        # Times in UTC or floating under X-WR-TIMEZONE become times in that zone (RFC 5545 does not know it).
        calendar = x_wr_timezone.to_standard(item)
        frame = calendar.copy()  # its properties, without its events
        frame.subcomponents = calendar.walk("VTIMEZONE")
        series: dict[str, Series] = {}
        for number, component in enumerate(calendar.walk("VEVENT")):
            where = str(component.get("UID") or component.get("SUMMARY") or _("event without a name"))
            for name, _message in getattr(component, "errors", []):
                reading.problems.append(
                    Problem(where, _("The line %(name)s could not be read and was skipped.") % {"name": name})
                    if name
                    else Problem(where, _("A line could not be read and was skipped."))
                )
            try:
                uid = _check(component)
            except EventError as error:
                reading.problems.append(Problem(where, str(error)))
                continue
            except (BrokenCalendarProperty, ValueError, TypeError):
                reading.problems.append(Problem(where, _("The event could not be read; it was skipped.")))
                continue
            # Events without a UID are each a series of their own.
            key = uid if component.get("UID") else f"{uid}#{number}"
            series.setdefault(key, Series(uid, frame, [])).components.append(component)
        for one in series.values():
            yield one, one.uid


def _check(component: Component) -> str:
    """The event's identifier, once what every occurrence needs can be read; EventError says what cannot."""
    dtstart = _dt(component, "DTSTART")
    if not isinstance(dtstart, dt.date):
        raise EventError(_("The event has no start (DTSTART) that can be read; it was skipped."))
    title = _title(component)
    if not title:
        raise EventError(_("The event has no title (SUMMARY); it was skipped."))
    _duration(component, dtstart, not isinstance(dtstart, dt.datetime))
    uid = str(component.get("UID") or "").strip()
    if not uid:
        # Without a UID the event is recognised by its start and title only.
        uid = "no-uid-" + hashlib.sha256(f"{dtstart.isoformat()}|{title}".encode()).hexdigest()[:32]
    if len(uid) > UID_LENGTH:
        uid = "long-uid-" + hashlib.sha256(uid.encode()).hexdigest()
    return uid


def _title(component: Component) -> str:
    return " ".join(_text(component.get("SUMMARY")).split())


def _read_series(
    series: Series, window_start: dt.datetime, window_end: dt.datetime, budget: int, progress: Callable[[], None]
) -> list[ImportEvent]:
    """The series' events touching the window, at most budget of them; progress() is called for each occurrence."""
    overrides = {
        _occurrence_key(recurrence_id): component
        for component in series.components
        if isinstance(recurrence_id := _dt(component, "RECURRENCE-ID"), dt.date)
    }
    if not series.recurring:
        occurrences: Iterable[Component] = series.components
    else:
        calendar = series.calendar.copy()
        calendar.subcomponents = [*series.calendar.subcomponents, *series.components]
        occurrences = _expanded(recurring_ical_events.of(calendar), window_start, window_end, budget)
    events: list[ImportEvent] = []
    for occurrence in occurrences:
        progress()
        start = _start(occurrence)
        recurrence_id = _dt(occurrence, "RECURRENCE-ID")
        # The event the occurrence comes from, whose duration counts: an override, or the series' event.
        source = occurrence
        if series.recurring:
            override = overrides.get(_occurrence_key(recurrence_id)) if isinstance(recurrence_id, dt.date) else None
            source = override or next(
                component for component in series.components if component.get("RECURRENCE-ID") is None
            )
        all_day = not isinstance(start, dt.datetime)
        begin, end = _bounds(start, _duration(source, _start(source), all_day), all_day)
        if begin >= window_end.astimezone(dt.UTC):
            if series.recurring:
                break
            continue
        if end <= window_start.astimezone(dt.UTC):
            continue
        if len(events) >= budget:
            break
        events.append(
            ImportEvent(
                uid=_identity(series, occurrence, source),
                title=_title(occurrence)[:TITLE_LENGTH],
                description=_text(occurrence.get("DESCRIPTION")),
                place=_text(occurrence.get("LOCATION"))[:PLACE_LENGTH],
                start=begin,
                end=end,
                all_day=all_day,
                url=_url(occurrence.get("URL")),
            )
        )
    return events


FIRST_SPAN = dt.timedelta(days=7)


def _expanded(
    query: recurring_ical_events.CalendarQuery, window_start: dt.datetime, window_end: dt.datetime, budget: int
) -> Iterator[Component]:
    """A series' occurrences from a day before the window (one may reach into it, in whatever zone) to its end,
    in order of their start. Expanded span by span, each twice as long as the one before while the occurrences
    are few, so a rule that repeats every minute stops at the budget rather than filling the window."""
    start = window_start - dt.timedelta(days=1)
    at, span, found = start, FIRST_SPAN, 0
    while at < window_end and found <= budget:
        stop = min(at + span, window_end)
        # between() gives the occurrences that overlap the span: each is taken in the span it starts in.
        chunk = sorted(
            (
                (_as_moment(_start(occurrence)).astimezone(dt.UTC), index, occurrence)
                for index, occurrence in enumerate(query.between(at, stop))
            ),
            key=lambda item: item[:2],
        )
        for begin, _index, occurrence in chunk:
            if (at == start or begin >= at.astimezone(dt.UTC)) and begin < stop.astimezone(dt.UTC):
                found += 1
                yield occurrence
        at = stop
        if len(chunk) < budget // 4:
            span *= 2


def _identity(series: Series, occurrence: Component, source: Component) -> str:
    """The UID, with the occurrence's original start for an occurrence of a series or an override.

    An occurrence that a RANGE=THISANDFUTURE override moved names that override's RECURRENCE-ID: its original
    start is its start moved back by as much as the override moved its own.
    """
    recurrence_id = _dt(source, "RECURRENCE-ID")
    if isinstance(recurrence_id, dt.date):
        original = recurrence_id
        if _this_and_future(source):
            original = _as_moment(_start(occurrence)) - (_as_moment(_start(source)) - _as_moment(recurrence_id))
            original = original if isinstance(recurrence_id, dt.datetime) else original.date()
        return f"{series.uid}/{_occurrence_key(original)}"
    if series.recurring:
        own_id = _dt(occurrence, "RECURRENCE-ID")
        return f"{series.uid}/{_occurrence_key(own_id if isinstance(own_id, dt.date) else _start(occurrence))}"
    return series.uid


def _this_and_future(component: Component) -> bool:
    prop = component.get("RECURRENCE-ID")
    return str(getattr(prop, "params", {}).get("RANGE", "")).upper() == "THISANDFUTURE"


def _as_moment(value: dt.date) -> dt.datetime:
    """A date or time as an aware time, so dates and times of one series can be subtracted alike."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time.min)
    return _as_aware(value)


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


def _start(component: Component) -> dt.date:
    """The start of an event that _check has read, or of one of its occurrences."""
    start = _dt(component, "DTSTART")
    assert isinstance(start, dt.date)  # _check leaves out events without a readable start
    return start


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
        assert isinstance(start, dt.datetime)  # a timed event starts at a time (not all_day)
        begin = _as_aware(start)
        end = begin + duration
    return begin.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _occurrence_key(value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        return _as_aware(value).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


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
