import datetime as dt

from django.utils import translation

from exchange.calendar_import import read_calendar

UTC = dt.UTC


def ics(*events: str, extra: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\n{event.strip()}\nEND:VEVENT\n" for event in events)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//NL\n{extra}{body}END:VCALENDAR\n".encode()


def read(data, first=dt.date(2031, 1, 1), last=dt.date(2031, 12, 31)):
    return read_calendar(data, first, last)


def starts(reading):
    return [event.start for event in reading.events]


def test_weekly_with_count():
    reading = read(
        ics("UID:w\nSUMMARY:Les\nDTSTART:20310106T100000Z\nDTEND:20310106T110000Z\nRRULE:FREQ=WEEKLY;COUNT=3")
    )
    assert starts(reading) == [dt.datetime(2031, 1, d, 10, tzinfo=UTC) for d in (6, 13, 20)]
    assert len({event.uid for event in reading.events}) == 3
    assert all(event.uid.startswith("w/") for event in reading.events)


def test_weekly_with_until_exdate_and_rdate():
    reading = read(
        ics(
            "UID:w\nSUMMARY:Les\nDTSTART;TZID=Europe/Amsterdam:20310106T100000\n"
            "DTEND;TZID=Europe/Amsterdam:20310106T110000\nRRULE:FREQ=WEEKLY;UNTIL=20310127T235959Z\n"
            "EXDATE;TZID=Europe/Amsterdam:20310113T100000\nRDATE;TZID=Europe/Amsterdam:20310130T140000"
        )
    )
    assert starts(reading) == [
        dt.datetime(2031, 1, 6, 9, tzinfo=UTC),
        dt.datetime(2031, 1, 20, 9, tzinfo=UTC),
        dt.datetime(2031, 1, 27, 9, tzinfo=UTC),
        dt.datetime(2031, 1, 30, 13, tzinfo=UTC),
    ]


def test_recurrence_limited_to_window():
    reading = read(
        ics("UID:d\nSUMMARY:Dagelijks\nDTSTART:20300101T100000Z\nRRULE:FREQ=DAILY"),
        dt.date(2031, 3, 1),
        dt.date(2031, 3, 10),
    )
    assert len(reading.events) == 10


def test_occurrence_cap():
    reading = read(ics("UID:h\nSUMMARY:Elk uur\nDTSTART:20310101T000000Z\nRRULE:FREQ=HOURLY"))
    assert len(reading.events) == 1000
    assert any("1000" in problem.message for problem in reading.problems)


def test_all_day_single_and_multi_day():
    reading = read(
        ics(
            "UID:a\nSUMMARY:Een dag\nDTSTART;VALUE=DATE:20310115\nDTEND;VALUE=DATE:20310116",
            "UID:b\nSUMMARY:Week\nDTSTART;VALUE=DATE:20310701\nDTEND;VALUE=DATE:20310704",
        )
    )
    one, week = reading.events
    assert one.all_day and week.all_day
    # local midnight of the first day to local midnight of the last day (inclusive)
    assert (one.start, one.end) == (dt.datetime(2031, 1, 14, 23, tzinfo=UTC),) * 2
    assert (week.start, week.end) == (dt.datetime(2031, 6, 30, 22, tzinfo=UTC), dt.datetime(2031, 7, 2, 22, tzinfo=UTC))


VTIMEZONE_NY = """BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:STANDARD
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE
"""
VTIMEZONE_AMS = """BEGIN:VTIMEZONE
TZID:Europe/Amsterdam
BEGIN:STANDARD
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
"""


def test_vtimezone_summer_and_winter():
    reading = read(
        ics(
            "UID:1\nSUMMARY:W\nDTSTART;TZID=Europe/Amsterdam:20310115T100000",
            "UID:2\nSUMMARY:S\nDTSTART;TZID=Europe/Amsterdam:20310715T100000",
            "UID:3\nSUMMARY:W\nDTSTART;TZID=America/New_York:20310115T100000",
            "UID:4\nSUMMARY:S\nDTSTART;TZID=America/New_York:20310715T100000",
            extra=VTIMEZONE_NY + VTIMEZONE_AMS,
        )
    )
    by_uid = {event.uid: event.start for event in reading.events}
    assert by_uid == {
        "1": dt.datetime(2031, 1, 15, 9, tzinfo=UTC),
        "2": dt.datetime(2031, 7, 15, 8, tzinfo=UTC),
        "3": dt.datetime(2031, 1, 15, 15, tzinfo=UTC),
        "4": dt.datetime(2031, 7, 15, 14, tzinfo=UTC),
    }


def test_weekly_recurrence_keeps_local_time_across_dst():
    reading = read(
        ics(
            "UID:r\nSUMMARY:Les\nDTSTART;TZID=Europe/Amsterdam:20310320T190000\nRRULE:FREQ=WEEKLY;COUNT=3",
            extra=VTIMEZONE_AMS,
        )
    )
    assert [s.hour for s in starts(reading)] == [18, 18, 17]


def test_floating_time_is_amsterdam():
    reading = read(
        ics(
            "UID:f\nSUMMARY:Zomer\nDTSTART:20310715T100000\nDTEND:20310715T120000",
            "UID:g\nSUMMARY:Winter\nDTSTART:20311215T100000",
        )
    )
    summer, winter = reading.events
    assert summer.start == dt.datetime(2031, 7, 15, 8, tzinfo=UTC)
    assert summer.end == dt.datetime(2031, 7, 15, 10, tzinfo=UTC)
    assert winter.start == dt.datetime(2031, 12, 15, 9, tzinfo=UTC)


def test_missing_dtend():
    reading = read(
        ics(
            "UID:1\nSUMMARY:Uur\nDTSTART:20310301T100000Z",
            "UID:2\nSUMMARY:Duur\nDTSTART:20310302T100000Z\nDURATION:PT2H30M",
            "UID:3\nSUMMARY:Dag\nDTSTART;VALUE=DATE:20310303",
        )
    )
    hour, duration, day = reading.events
    assert hour.end - hour.start == dt.timedelta(hours=1)
    assert duration.end - duration.start == dt.timedelta(hours=2, minutes=30)
    assert day.all_day and day.start == day.end


def test_malformed_lines_and_events_are_problems_not_crashes():
    reading = read(
        ics(
            "UID:ok\nSUMMARY:Goed\nDTSTART:20310301T100000Z\nTHIS LINE IS BROKEN",
            "UID:nostart\nSUMMARY:Geen begin",
            "UID:badstart\nSUMMARY:Kapot\nDTSTART:garbage",
            "UID:notitle\nDTSTART:20310301T100000Z",
            "UID:backwards\nSUMMARY:Achteruit\nDTSTART:20310301T100000Z\nDTEND:20310301T090000Z",
            "UID:badrule\nSUMMARY:Regel\nDTSTART:20310301T100000Z\nRRULE:FREQ=NONSENSE",
        )
    )
    assert reading.error == ""
    assert [event.uid for event in reading.events] == ["ok"]
    where = {problem.where for problem in reading.problems}
    assert {"ok", "nostart", "badstart", "notitle", "backwards", "badrule"} <= where


@translation.override("en")
def test_not_a_calendar():
    for data in (
        b"naam;e-mail\nA;a@example.org\n",
        b"",
        b"\xff\xfe\x00",
        b"BEGIN:VCARD\nFN:X\nEND:VCARD\n",
        b"%PDF-1.4 binary",
    ):
        reading = read(data)
        assert "not an iCalendar" in reading.error
        assert reading.events == []


def test_html_stripped_and_title_cut():
    reading = read(
        ics(
            "UID:h\nSUMMARY:" + "x" * 300 + "\nDTSTART:20310301T100000Z\n"
            "DESCRIPTION:<p>Hallo &amp; welkom</p><script>x</script>\nURL:javascript:alert(1)"
        )
    )
    event = reading.events[0]
    assert len(event.title) == 200
    assert "<" not in event.description and "Hallo & welkom" in event.description
    assert event.url == ""
