"""The services' housekeeping: organisations resolved in bulk, writes taking turns, the cached year table,
checked lists that expire."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from attendance import services
from attendance.models import AttendanceTurn
from attendance.reading import read_text
from attendance.services import checking, turns
from attendance.tests.helpers import activity_on, at, rows
from core.models import StagedUpload
from network.services import resolve_organisation
from stories.tests.factories import make_line, make_programme
from tests.factories import AliasFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- Organisations ------------------------------------------------------------------------------------------------


def test_organisations_resolve_in_bulk_as_one_by_one():
    hogeschool = OrganisationFactory(name="Hogeschool Leiden")
    AliasFactory(organisation=hogeschool, alias="HsL")
    # "Leiden" is one organisation's name and, normalised, another's alias: the first by name wins.
    OrganisationFactory(name="Leiden")
    AliasFactory(organisation=OrganisationFactory(name="Gemeente Leiden"), alias="leiden!")
    AliasFactory(organisation=OrganisationFactory(name="Universiteit Leiden"), alias="UL/FSW")
    names = [
        "HsL",
        "hsl",
        " HsL ",
        "H.S.L.",
        "hogeschool-leiden",
        "Hogeschool  Léiden",
        "Leiden",
        "LEIDEN!",
        "ul fsw",
        "UL/FSW",
        "Nergens bekend",
        "",
        "  ",
        "!!!",
    ]
    expected = {name: resolve_organisation(name) for name in names}
    assert expected["HsL"] == hogeschool and expected["Nergens bekend"] is None  # the cases are real
    assert checking.resolve_organisations(names) == expected


def test_organisations_take_two_queries_for_many_names(django_assert_num_queries):
    for number in range(40):
        AliasFactory(organisation=OrganisationFactory(name=f"School {number}"), alias=f"S{number}")
    names = [f"S{number}" for number in range(40)] + [f"school {number}" for number in range(40)] + ["Elders"]
    with django_assert_num_queries(2):
        resolved = checking.resolve_organisations(names)
    assert resolved["S7"].name == "School 7" and resolved["school 7"].name == "School 7"
    assert resolved["Elders"] is None


# --- Writes take turns --------------------------------------------------------------------------------------------


def test_every_write_takes_its_turn_first(monkeypatch):
    taken = []
    real = turns.take_turn
    monkeypatch.setattr(turns, "take_turn", lambda: taken.append(True) or real())
    activity, other = activity_on("2025-03-01"), activity_on("2025-04-01")
    for write in (
        lambda: services.save_list(activity, rows("a@x.nl"), None),
        lambda: services.save_list(other, rows("a@x.nl"), None),
        lambda: services.remove_list(other),
        lambda: services.erase([rows("a@x.nl")[0].key]),
        lambda: setattr(activity, "start", at("2025-02-01")) or activity.save(),  # recount_activity
        activity.delete,
    ):  # forget_activity
        before = len(taken)
        write()
        assert len(taken) == before + 1


def test_a_turn_locks_the_turn_row():
    turns.take_turn()
    first = AttendanceTurn.objects.get().taken_at
    with CaptureQueriesContext(connection) as queries:
        turns.take_turn()
    # An UPDATE keeps the row locked until the transaction ends (and, on SQLite, takes the write lock).
    updates = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("UPDATE")]
    assert updates and updates[-1].startswith('UPDATE "attendance_attendanceturn" SET "taken_at"')
    assert AttendanceTurn.objects.get().taken_at >= first


# --- The year table -----------------------------------------------------------------------------------------------


def test_the_year_table_is_cached_and_shows_every_change_at_once(django_assert_max_num_queries, settings):
    settings.ATTENDANCE_CORE_MINIMUM = 2
    march, april = activity_on("2025-03-01"), activity_on("2025-04-01")
    programme = make_programme(slug="lnos25")
    make_line(programme, "1", activities=[march])
    services.save_list(march, rows("a@x.nl", "b@x.nl"), None)

    def network():
        return [(year.year, year.participants, year.core) for year in services.year_table().years]

    def in_programme():
        return [(year.year, year.participants, year.core) for year in services.programme_attendance(programme).years]

    assert network() == in_programme() == [(2025, 2, 0)]
    with django_assert_max_num_queries(3):  # the version twice and the programme's activities, no counting
        assert network() == [(2025, 2, 0)] and in_programme() == [(2025, 2, 0)]

    services.save_list(april, rows("a@x.nl"), None)
    assert network() == [(2025, 2, 1)] and in_programme() == [(2025, 2, 0)]
    make_line(programme, "2", activities=[april])  # the programme's activities changed, not the lists
    assert in_programme() == [(2025, 2, 1)]
    april.start, april.end = at("2026-04-01"), at("2026-04-01", 12)
    april.save()
    assert network() == [(2025, 2, 0), (2026, 1, 0)]
    services.erase([rows("b@x.nl")[0].key])
    assert network() == [(2025, 1, 0), (2026, 1, 0)]
    services.remove_list(march)
    assert network() == [(2026, 1, 0)]


# --- Checked lists waiting for confirmation -----------------------------------------------------------------------


def test_checked_lists_older_than_a_day_go_when_any_is_looked_up():
    user, activity, other = UserFactory(), activity_on("2025-03-01"), activity_on("2025-04-01")
    recent = services.hold(other, user, read_text("b@x.nl"))
    old = services.hold(activity, user, read_text("a@x.nl"))
    StagedUpload.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert services.held(other, user, recent.token) == recent
    assert list(StagedUpload.objects.all()) == [recent]
