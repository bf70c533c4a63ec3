"""Calendars as Outlook and Google export them: Windows and Olson time zone blocks, X-WR-TIMEZONE, a weekly
series with one occurrence moved (RECURRENCE-ID) and one change for that occurrence and all after it
(RECURRENCE-ID;RANGE=THISANDFUTURE). Every occurrence keeps the UID and its original start as its identity."""

import datetime as dt

import pytest

from exchange import services
from exchange.calendar_import import read_calendar
from exchange.models import ImportedEvent

UTC = dt.UTC
FIRST, LAST = dt.date(2031, 1, 1), dt.date(2031, 6, 30)
WINDOW = (dt.datetime(2031, 1, 1, tzinfo=UTC), dt.datetime(2031, 7, 1, tzinfo=UTC))

OUTLOOK = """BEGIN:VCALENDAR
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
VERSION:2.0
METHOD:PUBLISH
X-CALSTART:20310107T180000Z
X-WR-RELCALID:{0000002E-1234-ABCD-0000-000000000000}
X-WR-CALNAME:Agenda Bibliotheek
X-MS-OLK-FORCEINSPECTOROPEN:TRUE
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16011028T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
CLASS:PUBLIC
CREATED:20301201T101500Z
DESCRIPTION:Elke dinsdag voorlezen voor peuters en ouders.\\n
DTEND;TZID="W. Europe Standard Time":20310107T200000
DTSTAMP:20301215T090000Z
DTSTART;TZID="W. Europe Standard Time":20310107T190000
LAST-MODIFIED:20301215T090000Z
LOCATION:Bibliotheek Centrum
PRIORITY:5
RRULE:FREQ=WEEKLY;COUNT=6;BYDAY=TU
SEQUENCE:0
SUMMARY;LANGUAGE=nl:Voorleesavond
TRANSP:OPAQUE
UID:040000008200E00074C5B7101A82E00800000000D0F0A1B2C3D4E501000000000000000010000000A1B2C3D4E5F6
X-MICROSOFT-CDO-BUSYSTATUS:BUSY
X-MICROSOFT-CDO-IMPORTANCE:1
END:VEVENT
BEGIN:VEVENT
CLASS:PUBLIC
DESCRIPTION:Deze week op donderdag.\\n
DTEND;TZID="W. Europe Standard Time":20310116T210000
DTSTAMP:20301215T090000Z
DTSTART;TZID="W. Europe Standard Time":20310116T200000
LOCATION:Bibliotheek Centrum
RECURRENCE-ID;TZID="W. Europe Standard Time":20310114T190000
SEQUENCE:1
SUMMARY;LANGUAGE=nl:Voorleesavond
UID:040000008200E00074C5B7101A82E00800000000D0F0A1B2C3D4E501000000000000000010000000A1B2C3D4E5F6
END:VEVENT
BEGIN:VEVENT
CLASS:PUBLIC
DESCRIPTION:Vanaf nu in de nieuwe leeszaal\\, een half uur eerder.\\n
DTEND;TZID="W. Europe Standard Time":20310128T193000
DTSTAMP:20301215T090000Z
DTSTART;TZID="W. Europe Standard Time":20310128T183000
LOCATION:Leeszaal
RECURRENCE-ID;RANGE=THISANDFUTURE;TZID="W. Europe Standard Time":20310128T190000
SEQUENCE:2
SUMMARY;LANGUAGE=nl:Voorleesavond (leeszaal)
UID:040000008200E00074C5B7101A82E00800000000D0F0A1B2C3D4E501000000000000000010000000A1B2C3D4E5F6
END:VEVENT
END:VCALENDAR
"""

GOOGLE = """BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-CALNAME:Museum agenda
X-WR-TIMEZONE:Europe/Amsterdam
X-WR-CALDESC:Publieksactiviteiten
BEGIN:VTIMEZONE
TZID:Europe/Amsterdam
X-LIC-LOCATION:Europe/Amsterdam
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
DTSTART;TZID=Europe/Amsterdam:20310107T190000
DTEND;TZID=Europe/Amsterdam:20310107T200000
RRULE:FREQ=WEEKLY;WKST=MO;COUNT=6;BYDAY=TU
DTSTAMP:20301215T090000Z
UID:5k2j3h4g5f6d7s8a9q0w1e2r3t@google.com
CREATED:20301201T101500Z
DESCRIPTION:Elke dinsdag voorlezen voor peuters en ouders.
LAST-MODIFIED:20301215T090000Z
LOCATION:Museumcafé
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Voorleesavond
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Amsterdam:20310116T200000
DTEND;TZID=Europe/Amsterdam:20310116T210000
DTSTAMP:20301215T090000Z
UID:5k2j3h4g5f6d7s8a9q0w1e2r3t@google.com
RECURRENCE-ID;TZID=Europe/Amsterdam:20310114T190000
CREATED:20301201T101500Z
DESCRIPTION:Deze week op donderdag.
LAST-MODIFIED:20301215T090000Z
LOCATION:Museumcafé
SEQUENCE:1
STATUS:CONFIRMED
SUMMARY:Voorleesavond
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Amsterdam:20310128T183000
DTEND;TZID=Europe/Amsterdam:20310128T193000
DTSTAMP:20301215T090000Z
UID:5k2j3h4g5f6d7s8a9q0w1e2r3t@google.com
RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Amsterdam:20310128T190000
CREATED:20301201T101500Z
DESCRIPTION:Vanaf nu in de nieuwe leeszaal, een half uur eerder.
LAST-MODIFIED:20301215T090000Z
LOCATION:Leeszaal
SEQUENCE:2
STATUS:CONFIRMED
SUMMARY:Voorleesavond (leeszaal)
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART:20310301T090000Z
DTEND:20310301T150000Z
DTSTAMP:20301215T090000Z
UID:9z8y7x6w5v4u3t2s1r0q@google.com
CREATED:20301201T101500Z
DESCRIPTION:
LAST-MODIFIED:20301215T090000Z
LOCATION:
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Open dag
TRANSP:OPAQUE
END:VEVENT
END:VCALENDAR
"""


def series(calendar: str) -> list[tuple[str, dt.datetime, dt.datetime, str, str]]:
    reading = read_calendar(calendar.replace("\n", "\r\n").encode(), FIRST, LAST)
    assert reading.problems == [] and reading.error == ""
    return [
        (event.uid.rsplit("/", 1)[-1], event.start, event.end, event.title, event.place)
        for event in reading.events
        if "/" in event.uid
    ]


def utc(day: int, hour: int, minute: int = 0, month: int = 1) -> dt.datetime:
    return dt.datetime(2031, month, day, hour, minute, tzinfo=UTC)


# (original start as the occurrence's identity, start, end, title, place); Amsterdam is UTC+1 in winter.
EXPECTED = [
    ("20310107T180000Z", utc(7, 18), utc(7, 19), "Voorleesavond", "{place}"),
    ("20310114T180000Z", utc(16, 19), utc(16, 20), "Voorleesavond", "{place}"),  # moved to Thursday
    ("20310121T180000Z", utc(21, 18), utc(21, 19), "Voorleesavond", "{place}"),
    # This one and all after it: half an hour earlier, in the reading room, under a new title.
    ("20310128T180000Z", utc(28, 17, 30), utc(28, 18, 30), "Voorleesavond (leeszaal)", "Leeszaal"),
    ("20310204T180000Z", utc(4, 17, 30, 2), utc(4, 18, 30, 2), "Voorleesavond (leeszaal)", "Leeszaal"),
    ("20310211T180000Z", utc(11, 17, 30, 2), utc(11, 18, 30, 2), "Voorleesavond (leeszaal)", "Leeszaal"),
]


@pytest.mark.parametrize(("calendar", "place"), [(OUTLOOK, "Bibliotheek Centrum"), (GOOGLE, "Museumcafé")])
def test_a_weekly_series_with_a_moved_occurrence_and_a_change_from_then_on(calendar, place):
    expected = [(key, start, end, title, where.format(place=place)) for key, start, end, title, where in EXPECTED]
    assert series(calendar) == expected


def test_a_single_google_event_in_utc():
    reading = read_calendar(GOOGLE.encode(), FIRST, LAST)
    [single] = [event for event in reading.events if "/" not in event.uid]
    assert (single.uid, single.start, single.end) == (
        "9z8y7x6w5v4u3t2s1r0q@google.com",
        utc(1, 9, month=3),
        utc(1, 15, month=3),
    )


@pytest.mark.django_db
def test_a_change_from_then_on_updates_the_same_activities(org_a, editor_a):
    """Imported before the change, then after it: the same six activities, four of them changed."""
    before = GOOGLE[: GOOGLE.index("BEGIN:VEVENT\nDTSTART;TZID=Europe/Amsterdam:20310128T183000")]
    before += GOOGLE[GOOGLE.index("BEGIN:VEVENT\nDTSTART:20310301T090000Z") :]
    services.apply(org_a, read_calendar(before.encode(), FIRST, LAST), editor_a, WINDOW)
    activities = dict(ImportedEvent.objects.values_list("uid", "activity_id"))
    result = services.apply(org_a, read_calendar(GOOGLE.encode(), FIRST, LAST), editor_a, WINDOW)
    assert result.counts == {"new": 0, "updated": 3, "unchanged": 4, "skipped": 0, "removed": 0}
    assert dict(ImportedEvent.objects.values_list("uid", "activity_id")) == activities
