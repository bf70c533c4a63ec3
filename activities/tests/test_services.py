"""activities.services: saving with relations, publication, the month grid and its bounds."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Activity
from activities.services import NewActivity, create_activities, month_bounds, month_grid, month_view, save_activity
from core.models import PublicationStatus
from core.services import set_publication
from search.models import SearchEntry
from tests.factories import ActivityFactory, LineFactory, ThemeFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(*args):
    return dt.datetime(*args, tzinfo=AMSTERDAM)


def test_save_activity_with_relations_and_sectors(org_a):
    theme, line = ThemeFactory(name="Natuur"), LineFactory()
    activity = Activity(title="Nieuw", start=local(2025, 7, 1, 14), end=local(2025, 7, 1, 16))
    save_activity(activity, organisers=[org_a], themes=[theme], lines=[line], sectors=["po", "vo"], keep_published=True)
    assert activity.slug == "nieuw-1"  # 'nieuw' is the create page's path
    assert list(activity.organisers.all()) == [org_a]
    save_activity(activity, organisers=[org_a], themes=[], lines=[], sectors=["vo", "mbo"], keep_published=True)
    assert sorted(activity.target_sectors.values_list("sector", flat=True)) == ["mbo", "vo"]
    assert not activity.themes.exists() and not activity.lines.exists()


def test_save_activity_refuses_end_before_start_and_saves_nothing(org_a):
    activity = Activity(title="Omgekeerd", start=local(2025, 7, 1, 14), end=local(2025, 7, 1, 12))
    with pytest.raises(ValidationError):
        save_activity(activity, organisers=[org_a], themes=[], lines=[], sectors=["po"], keep_published=True)
    assert not Activity.objects.exists()


def test_set_publication_twice():
    activity = ActivityFactory(publication_status=PublicationStatus.DRAFT)
    set_publication(activity, True)
    set_publication(activity, True)
    activity.refresh_from_db()
    assert activity.is_published
    set_publication(activity, False)
    activity.refresh_from_db()
    assert not activity.is_published


@pytest.mark.parametrize(
    "year, month, first, following",
    [
        (2025, 1, (2025, 1, 1), (2025, 2, 1)),
        (2025, 11, (2025, 11, 1), (2025, 12, 1)),
        (2025, 12, (2025, 12, 1), (2026, 1, 1)),
    ],
)
def test_month_bounds_are_local_midnights(year, month, first, following):
    assert month_bounds(year, month) == (local(*first), local(*following))


def test_month_bounds_in_summer_time():
    first, following = month_bounds(2025, 7)
    assert first.utcoffset() == dt.timedelta(hours=2)
    assert first.astimezone(dt.UTC) == dt.datetime(2025, 6, 30, 22, 0, tzinfo=dt.UTC)


def test_month_grid_places_activities_on_every_day_they_touch():
    multi = ActivityFactory.build(title="Drie dagen", start=local(2025, 2, 27, 20), end=local(2025, 3, 1, 2))
    late = ActivityFactory.build(title="Laat", start=local(2025, 2, 10, 23, 30), end=local(2025, 2, 10, 23, 45))
    weeks = month_grid([multi, late], 2025, 2)
    days = {day.date: [a.title for a in day.activities] for week in weeks for day in week if day.activities}
    assert days == {
        dt.date(2025, 2, 10): ["Laat"],  # 22:30 UTC, still the 10th in Amsterdam
        dt.date(2025, 2, 27): ["Drie dagen"],
        dt.date(2025, 2, 28): ["Drie dagen"],
        dt.date(2025, 3, 1): ["Drie dagen"],  # shown in the grid's trailing days
    }
    assert len(weeks) == 5 and all(len(week) == 7 for week in weeks)
    assert weeks[0][0].date == dt.date(2025, 1, 27)  # weeks start on Monday
    assert [day.in_month for day in weeks[-1]] == [True] * 5 + [False] * 2


def test_an_editors_change_sends_a_published_activity_back_to_draft(org_a):
    activity = Activity(
        title="Open les", start=local(2025, 7, 1, 14), end=local(2025, 7, 1, 16), publication_status="published"
    )
    save_activity(activity, organisers=[org_a], themes=[], lines=[], sectors=[], keep_published=True)
    assert activity.is_published
    save_activity(activity, organisers=[org_a], themes=[], lines=[], sectors=[], keep_published=False)
    activity.refresh_from_db()
    assert not activity.is_published


def test_create_activities_in_bulk_follows_the_save_rules_and_reaches_the_search_index(org_a, org_b):
    theme, line = ThemeFactory(name="Natuur"), LineFactory()
    ActivityFactory(title="Open dag")
    new = [
        NewActivity(
            Activity(title="Open dag", start=local(2025, 7, day, 14), end=local(2025, 7, day, 16), **published),
            organisers=[org_a, org_b.pk],
            themes=[theme],
            lines=[line.pk],
            sectors=["po", "po", "vo"],
        )
        for day, published in ((1, {"publication_status": PublicationStatus.PUBLISHED}), (2, {}))
    ]
    with CaptureQueriesContext(connection) as queries:
        made = create_activities(new)
    assert [activity.slug for activity in made] == ["open-dag-2", "open-dag-3"]
    # A few per table, none per record. (The cache versions the test run renews at each write are left out: in
    # production they are renewed once, after the commit, outside the service.)
    service_queries = [query for query in queries if "core_cacheversion" not in query["sql"]]
    assert len(service_queries) < 20
    first = Activity.objects.get(slug="open-dag-2")
    assert set(first.organisers.all()) == {org_a, org_b} and list(first.themes.all()) == [theme]
    assert list(first.lines.all()) == [line]
    assert sorted(first.target_sectors.values_list("sector", flat=True)) == ["po", "vo"]
    assert Activity.objects.get(slug="open-dag-3").publication_status == PublicationStatus.DRAFT
    # Only the published one may be found.
    assert SearchEntry.objects.filter(kind="activity", object_id=first.pk).exists()
    assert not SearchEntry.objects.filter(kind="activity", object_id=made[1].pk).exists()


def test_month_view_reads_two_queries_whatever_the_month_holds(org_a):
    """The dates of the month's activities, then the shown ones' titles and links: no organisers or themes, no
    query per activity. Over DAY_LIMIT on a day, the rest is counted."""
    theme = ThemeFactory(name="Natuur")
    for hour in range(6):
        ActivityFactory(
            title=f"Les {hour}", start=local(2025, 3, 4, 9 + hour), end=local(2025, 3, 4, 10 + hour), themes=[theme]
        )
    long_one = ActivityFactory(title="Tentoonstelling", start=local(2025, 3, 1, 10), end=local(2025, 3, 20, 17))
    with CaptureQueriesContext(connection) as queries:
        month = month_view(Activity.objects.for_listing(), 2025, 3)
    assert len(queries) == 2
    assert month["month_count"] == 7
    assert [entry.url for entry in month["long_running"]] == [long_one.get_absolute_url()]
    day = next(day for week in month["weeks"] for day in week if day.date == dt.date(2025, 3, 4))
    assert [entry.title for entry in day.activities] == ["Les 0", "Les 1", "Les 2", "Les 3"]
    assert day.more == 2
    assert day.activities[0].url == Activity.objects.get(title="Les 0").get_absolute_url()
    assert day.activities[0].local_start == local(2025, 3, 4, 9)
