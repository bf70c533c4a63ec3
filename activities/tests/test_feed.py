"""The iCalendar feed /agenda.ics and the per-activity .ics download, parsed back with icalendar."""

import datetime as dt
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from core.models import PublicationStatus
from tests.factories import ActivityFactory, LineFactory, OrganisationFactory, ThemeFactory, bulk_activities, in_days

pytestmark = pytest.mark.django_db

FEED = "/agenda.ics"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = dt.UTC
# The feed keeps a year of history, so the fixed-date events below lie in the coming year.
Y = dt.date.today().year + 1
# Summer time starts on the last Sunday of March at 02:00.
SWITCH = max(day for day in range(25, 32) if dt.date(Y, 3, day).weekday() == 6)


def local(*args):
    return dt.datetime(*args, tzinfo=AMSTERDAM)


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(response):
    """The feed's events by summary."""
    found = {}
    for event in parse(response).walk("VEVENT"):
        summary = str(event["SUMMARY"])
        assert summary not in found, f"{summary} appears twice"
        found[summary] = event
    return found


def utc(value):
    assert isinstance(value, dt.datetime) and value.tzinfo is not None, f"{value!r} is not an aware date-time"
    return value.astimezone(UTC)


@pytest.fixture
def summer(org_a):
    return ActivityFactory(
        title="Zomerschool",
        start=local(Y, 7, 1, 14, 0),
        end=local(Y, 7, 1, 16, 30),
        place="Bibliotheek Leiden",
        organisers=[org_a],
        description="Leren in de zomer.",
    )


@pytest.fixture
def winter():
    return ActivityFactory(title="Winteroverleg", start=local(Y, 1, 15, 14, 0), end=local(Y, 1, 15, 15, 0))


@pytest.fixture
def all_day():
    return ActivityFactory(title="Studiedag", start=local(Y, 5, 12), end=local(Y, 5, 12), all_day=True)


@pytest.fixture
def multi_day_all_day():
    return ActivityFactory(title="Festivalweekend", start=local(Y, 10, 3), end=local(Y, 10, 5), all_day=True)


@pytest.fixture
def multi_day_over_dst():
    # Starts two days before the switch to summer time (CET) and ends on the day itself (CEST).
    return ActivityFactory(
        title="Voorjaarscongres", start=local(Y, 3, SWITCH - 2, 9, 0), end=local(Y, 3, SWITCH, 17, 0)
    )


class TestFeedTimes:
    def test_summer_time_event(self, anonymous_client, summer):
        event = events(anonymous_client.get(FEED))["Zomerschool"]
        assert utc(event.decoded("DTSTART")) == dt.datetime(Y, 7, 1, 12, 0, tzinfo=UTC)
        assert utc(event.decoded("DTEND")) == dt.datetime(Y, 7, 1, 14, 30, tzinfo=UTC)
        assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"

    def test_winter_time_event(self, anonymous_client, winter):
        event = events(anonymous_client.get(FEED))["Winteroverleg"]
        assert utc(event.decoded("DTSTART")) == dt.datetime(Y, 1, 15, 13, 0, tzinfo=UTC)
        assert utc(event.decoded("DTEND")) == dt.datetime(Y, 1, 15, 14, 0, tzinfo=UTC)

    def test_all_day_event_has_dates_and_an_exclusive_end(self, anonymous_client, all_day):
        response = anonymous_client.get(FEED)
        event = events(response)["Studiedag"]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date and type(end) is dt.date
        assert start == dt.date(Y, 5, 12)
        assert end == dt.date(Y, 5, 13)
        assert f"DTSTART;VALUE=DATE:{Y}0512\r\n".encode() in response.content
        assert f"DTEND;VALUE=DATE:{Y}0513\r\n".encode() in response.content

    def test_multi_day_all_day_event(self, anonymous_client, multi_day_all_day):
        event = events(anonymous_client.get(FEED))["Festivalweekend"]
        assert event.decoded("DTSTART") == dt.date(Y, 10, 3)
        assert event.decoded("DTEND") == dt.date(Y, 10, 6)

    def test_multi_day_event_across_the_switch_to_summer_time(self, anonymous_client, multi_day_over_dst):
        event = events(anonymous_client.get(FEED))["Voorjaarscongres"]
        assert utc(event.decoded("DTSTART")) == dt.datetime(Y, 3, SWITCH - 2, 8, 0, tzinfo=UTC)
        assert utc(event.decoded("DTEND")) == dt.datetime(Y, 3, SWITCH, 15, 0, tzinfo=UTC)

    def test_calendar_carries_the_amsterdam_time_zone(self, anonymous_client, summer, winter):
        calendar = parse(anonymous_client.get(FEED))
        assert str(calendar["VERSION"]) == "2.0"
        assert str(calendar["PRODID"])
        assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Amsterdam"
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


class TestFeedContent:
    def test_event_fields(self, anonymous_client, summer, org_a, settings):
        event = events(anonymous_client.get(FEED))["Zomerschool"]
        assert str(event["LOCATION"]) == "Bibliotheek Leiden"
        assert str(event["URL"]) == "http://testserver/agenda/zomerschool/"
        description = str(event["DESCRIPTION"])
        assert "Leren in de zomer." in description and "Organisatie A" in description
        assert str(event["UID"]) == f"activity-{summer.pk}@{urlsplit(settings.RIMPEL_SITE_URL).hostname}"
        assert event.decoded("DTSTAMP").tzinfo is not None

    def test_categories_are_the_themes(self, anonymous_client):
        ActivityFactory(title="Thematisch", themes=[ThemeFactory(name="Natuur"), ThemeFactory(name="Taal")])
        event = events(anonymous_client.get(FEED))["Thematisch"]
        assert sorted(str(category) for category in event["CATEGORIES"].cats) == ["Natuur", "Taal"]

    def test_uids_are_unique(self, anonymous_client, summer, winter, all_day, multi_day_all_day):
        uids = [str(event["UID"]) for event in parse(anonymous_client.get(FEED)).walk("VEVENT")]
        assert len(uids) == len(set(uids)) == 4

    def test_empty_feed_is_still_a_valid_calendar(self, anonymous_client):
        calendar = parse(anonymous_client.get(FEED))
        assert calendar.walk("VEVENT") == []

    @pytest.mark.parametrize(
        "persona_client, sees",
        [("anonymous", False), ("editor_b", False), ("editor_a", True), ("coordinator", True)],
        indirect=["persona_client"],
    )
    def test_drafts_only_for_those_who_may_edit_them(self, persona_client, sees, org_a):
        ActivityFactory(title="Gepubliceerd", organisers=[org_a])
        ActivityFactory(title="Concept", organisers=[org_a], publication_status=PublicationStatus.DRAFT)
        found = events(persona_client.get(FEED))
        assert "Gepubliceerd" in found
        assert ("Concept" in found) is sees

    def test_english_feed(self, anonymous_client, summer):
        response = anonymous_client.get("/en/agenda.ics")
        assert "Zomerschool" in events(response)
        assert str(parse(response)["X-WR-CALNAME"]) == "Network calendar"


@pytest.fixture
def filtered_world(org_a, org_b):
    theme = ThemeFactory(name="Natuur")
    line = LineFactory(name="Dwarslijn Natuur")
    ActivityFactory(title="Met thema", organisers=[org_b], themes=[theme], start=in_days(1))
    ActivityFactory(title="Voor het mbo", organisers=[org_b], sectors=["mbo"], start=in_days(2))
    ActivityFactory(title="Op de lijn", organisers=[org_b], lines=[line], start=in_days(3))
    ActivityFactory(title="Van A", organisers=[org_a], start=in_days(4))
    ActivityFactory(title="Open", organisers=[org_b], open_for_partners=True, start=in_days(5))
    ActivityFactory(title="Overleg", organisers=[org_b], kind="meeting", start=in_days(6))
    return {"theme": theme.slug, "line": line.slug}


FILTERS = [
    ({"thema": "{theme}"}, {"Met thema"}),
    ({"sector": "mbo"}, {"Voor het mbo"}),
    ({"lijn": "{line}"}, {"Op de lijn"}),
    ({"organisator": "organisatie-a"}, {"Van A"}),
    ({"open": "on"}, {"Open"}),
    ({"soort": "meeting"}, {"Overleg"}),
    ({"organisator": "organisatie-b", "open": "on"}, {"Open"}),
]


@pytest.mark.parametrize("query, expected", FILTERS)
def test_feed_honours_the_calendar_filters(anonymous_client, filtered_world, query, expected):
    query = {key: value.format(**filtered_world) for key, value in query.items()}
    assert set(events(anonymous_client.get(FEED, query))) == expected
    # The calendar shows the same selection.
    calendar = anonymous_client.get("/agenda/", query)
    assert {activity.title for activity in calendar.context["page"].object_list} == expected


def test_feed_link_on_the_calendar_carries_the_filters(anonymous_client, filtered_world):
    html = anonymous_client.get("/agenda/", {"sector": "mbo", "weergave": "maand"}).content.decode()
    assert 'href="/agenda.ics?sector=mbo"' in html


def test_feed_ignores_an_unknown_filter_value(anonymous_client, filtered_world):
    response = anonymous_client.get(FEED, {"sector": "xyz"})
    assert len(events(response)) == 6


def test_feed_is_not_limited_to_upcoming(anonymous_client):
    ActivityFactory(title="Vorig jaar", start=in_days(-365))
    assert "Vorig jaar" in events(anonymous_client.get(FEED))


def test_feed_query_count_does_not_grow_with_rows(anonymous_client, count_queries):
    theme, organisers = ThemeFactory(name="Thema"), OrganisationFactory.create_batch(3)

    def add(count):
        bulk_activities([{"start": in_days(n), "themes": [theme], "organisers": organisers} for n in range(count)])

    add(10)
    _response, with_few = count_queries(anonymous_client, FEED)
    add(190)
    response, with_many = count_queries(anonymous_client, FEED)
    assert len(events(response)) == 200
    assert with_few == with_many


class TestActivityDownload:
    def test_one_event_as_attachment(self, anonymous_client, summer, winter):
        response = anonymous_client.get(f"{summer.get_absolute_url()}agenda.ics")
        assert response["Content-Disposition"] == 'attachment; filename="zomerschool.ics"'
        found = events(response)
        assert list(found) == ["Zomerschool"]
        assert utc(found["Zomerschool"].decoded("DTSTART")) == dt.datetime(Y, 7, 1, 12, 0, tzinfo=UTC)
        assert str(parse(response)["X-WR-CALNAME"]) == "Zomerschool"

    def test_winter_download(self, anonymous_client, winter):
        event = events(anonymous_client.get(f"{winter.get_absolute_url()}agenda.ics"))["Winteroverleg"]
        assert utc(event.decoded("DTSTART")) == dt.datetime(Y, 1, 15, 13, 0, tzinfo=UTC)

    def test_all_day_download(self, anonymous_client, multi_day_all_day):
        event = events(anonymous_client.get(f"{multi_day_all_day.get_absolute_url()}agenda.ics"))["Festivalweekend"]
        assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (dt.date(Y, 10, 3), dt.date(Y, 10, 6))

    @pytest.mark.parametrize(
        "persona_client, status",
        [("anonymous", 404), ("editor_b", 404), ("editor_a", 200), ("coordinator", 200)],
        indirect=["persona_client"],
    )
    def test_draft_download(self, persona_client, status, org_a):
        draft = ActivityFactory(title="Concept", organisers=[org_a], publication_status=PublicationStatus.DRAFT)
        response = persona_client.get(f"{draft.get_absolute_url()}agenda.ics")
        assert response.status_code == status
        if status == 200:
            assert list(events(response)) == ["Concept"]

    def test_missing_activity_is_404(self, anonymous_client):
        assert anonymous_client.get("/agenda/bestaat-niet/agenda.ics").status_code == 404


def test_the_feed_keeps_one_year_of_history(client):
    ActivityFactory(title="Lang geleden", start=in_days(-400), end=in_days(-400, hour=12))
    ActivityFactory(title="Vorig seizoen", start=in_days(-100), end=in_days(-100, hour=12))
    found = events(client.get(FEED))
    assert "Vorig seizoen" in found and "Lang geleden" not in found


def test_feed_uids_are_stable_whatever_host_and_port_the_feed_is_read_through(client, settings):
    settings.RIMPEL_SITE_URL = "https://rimpel.example.nl:8443"
    settings.ALLOWED_HOSTS = ["*"]
    activity = ActivityFactory(title="Overal gelijk")
    uids = {
        str(events(client.get(FEED, HTTP_HOST=host))["Overal gelijk"]["UID"])
        for host in ("testserver", "127.0.0.1:8000", "rimpel.example.nl")
    }
    assert uids == {f"activity-{activity.pk}@rimpel.example.nl"}
