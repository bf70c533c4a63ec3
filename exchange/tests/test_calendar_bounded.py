"""Hostile and unusual calendar files (issue 20): bounded work for repeat rules, several calendars in one file,
stray lines, our own messages, and the shapes Outlook and Google export."""

import datetime as dt
import time

from django.test import override_settings
from django.utils import translation

from core.budget import Budget
from exchange.calendar_import import read_calendar
from exchange.tests.test_calendar_exports import OUTLOOK
from exchange.tests.test_calendar_import import ics, read

UTC = dt.UTC
NEVER = (
    "RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30",
    "RRULE:FREQ=MINUTELY;BYYEARDAY=366;BYMONTH=1",
)


def never_matching(count: int) -> bytes:
    return ics(*(f"UID:never-{n}\nSUMMARY:Nooit {n}\nDTSTART:20310101T000000Z\n{NEVER[n % 2]}" for n in range(count)))


def test_fifteen_rules_that_never_match_are_refused_within_five_seconds():
    data = never_matching(15)
    assert len(data) < 2500  # the probe's file was 2.3 KB
    began = time.monotonic()
    reading = read(data)
    # The "Done when" asks for this bound; the budget itself is the setting INPUT_BUDGET_SECONDS.
    assert time.monotonic() - began < 5
    assert reading.events == []
    assert {problem.where for problem in reading.problems} == {f"never-{n}" for n in range(15)}


@override_settings(INPUT_BUDGET_SECONDS=120)
def test_a_rule_that_never_matches_is_a_problem_of_its_own_and_the_rest_is_read():
    reading = read(
        ics(
            f"UID:never\nSUMMARY:Nooit\nDTSTART:20310101T000000Z\n{NEVER[0]}",
            "UID:ok\nSUMMARY:Les\nDTSTART:20310106T100000Z\nRRULE:FREQ=WEEKLY;COUNT=2",
        )
    )
    assert [event.uid.split("/")[0] for event in reading.events] == ["ok", "ok"]
    with translation.override("nl"):
        reading = read(ics(f"UID:never\nSUMMARY:Nooit\nDTSTART:20310101T000000Z\n{NEVER[1]}"))
    [problem] = reading.problems
    assert problem.where == "never"
    assert "herhaalregel van “Nooit”" in problem.message


@override_settings(INPUT_BUDGET_SECONDS=120)
def test_a_daily_rule_from_long_before_the_window_is_still_read():
    reading = read(ics("UID:d\nSUMMARY:Dagelijks\nDTSTART:19600101T100000Z\nRRULE:FREQ=DAILY"))
    assert len(reading.events) == 365
    assert reading.problems == []


def test_a_file_over_its_time_budget_is_refused_not_read():
    reading = read_calendar(never_matching(1), dt.date(2031, 1, 1), dt.date(2031, 12, 31), Budget(0))
    assert reading.error and reading.events == []


def test_two_calendar_blocks_are_both_read():
    data = ics("UID:a\nSUMMARY:Een\nDTSTART:20310105T100000Z") + ics("UID:b\nSUMMARY:Twee\nDTSTART:20310106T100000Z")
    reading = read(data)
    assert not reading.error
    assert [event.title for event in reading.events] == ["Een", "Twee"]


def test_a_stray_line_at_calendar_level_is_a_notice_not_a_refusal():
    data = ics("UID:a\nSUMMARY:Een\nDTSTART:20310105T100000Z", extra="dit hoort hier niet\n")
    with translation.override("nl"):
        reading = read(data)
    assert not reading.error
    assert [event.title for event in reading.events] == ["Een"]
    [problem] = reading.problems
    assert problem.where == "" and "overgeslagen" in problem.message


def test_calendar_problems_are_in_the_pages_language_without_the_librarys_english():
    data = ics(
        "UID:a\nSUMMARY:Een\nDTSTART:20310105T100000Z\nDTEND:20310105T110000Z\nGEO:niet;goed",
        "UID:b\nSUMMARY:Twee\nDTSTART:2031-01-05",
    )
    with translation.override("nl"):
        reading = read(data)
    messages = " ".join(problem.message for problem in reading.problems)
    assert reading.problems and "kon" in messages
    for english in ("could not", "Expected", "parse", "invalid", "Invalid"):
        assert english not in messages


OUTLOOK_ALL_DAY_AND_EXDATE = OUTLOOK.split("BEGIN:VEVENT", 1)[0] + (
    "BEGIN:VEVENT\n"
    "UID:outlook-dag\n"
    "SUMMARY;LANGUAGE=nl:Open dag\n"
    "DTSTART;VALUE=DATE:20310301\n"
    "DTEND;VALUE=DATE:20310302\n"
    "END:VEVENT\n"
    "BEGIN:VEVENT\n"
    "UID:outlook-reeks\n"
    "SUMMARY;LANGUAGE=nl:Spreekuur\n"
    'DTSTART;TZID="W. Europe Standard Time":20310303T090000\n'
    'DTEND;TZID="W. Europe Standard Time":20310303T100000\n'
    "RRULE:FREQ=WEEKLY;COUNT=3;BYDAY=MO\n"
    'EXDATE;TZID="W. Europe Standard Time":20310310T090000\n'
    "END:VEVENT\n"
    "END:VCALENDAR\n"
)


def test_outlook_all_day_event_and_exdate_in_a_windows_zone():
    reading = read_calendar(
        OUTLOOK_ALL_DAY_AND_EXDATE.replace("\n", "\r\n").encode(), dt.date(2031, 1, 1), dt.date(2031, 6, 30)
    )
    assert reading.problems == [] and not reading.error
    day, *series = reading.events
    assert day.all_day and day.start == dt.datetime(2031, 2, 28, 23, tzinfo=UTC)
    # 09:00 in W. Europe Standard Time is 08:00 UTC in March; the 10th is left out.
    assert [event.start for event in series] == [
        dt.datetime(2031, 3, 3, 8, tzinfo=UTC),
        dt.datetime(2031, 3, 17, 8, tzinfo=UTC),
    ]
