"""The activity list at scale: a page costs the same queries for more activities, and its count and ids, kept per
version of the activities' tables, follow every write at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Activity, TargetSector
from api import tokens
from attendance.services import registration as signup
from core import invalidation
from tests.factories import ActivityFactory, LineFactory, OrganisationFactory, ThemeFactory, in_days


def _activity_with_everything(title, organisation, days=7):
    activity = ActivityFactory(
        title=title,
        start=in_days(days),
        organisers=[organisation, OrganisationFactory()],
        themes=[ThemeFactory(), ThemeFactory()],
        lines=[LineFactory()],
        sectors=["po", "vo"],
    )
    signup.save_setup(activity, capacity=5, deadline=None, audience="public", questions=[], base_url="http://x/")
    signup.register(
        activity, name="Anna", email=f"{title}@example.org", answers=[], consent=False, user=None, base_url="http://x/"
    )
    return activity


def test_the_list_of_activities_takes_the_same_queries_for_more_activities(client, org_a, django_assert_num_queries):
    _activity_with_everything("Eerste", org_a)
    client.get("/api/activities/")  # warm up what is read once per process
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/activities/").json()["count"] == 1
    queries = len(one)  # read now: each request empties the connection's log
    for number in range(4):
        _activity_with_everything(f"Activiteit {number}", org_a)
    client.get("/api/activities/")  # the new count and ids are kept from here on
    with django_assert_num_queries(queries):
        body = client.get("/api/activities/").json()
    assert body["count"] == 5
    first = body["results"][0]
    assert len(first["organisers"]) == 2 and len(first["themes"]) == 2 and len(first["lines"]) == 1
    assert first["target_sectors"] == ["po", "vo"]
    assert first["registration"]["places_left"] == 4


def test_the_list_shows_the_same_records_as_each_record_s_own_address(client, org_a):
    for number in range(3):
        _activity_with_everything(f"Activiteit {number}", org_a, days=number + 1)
    listed = client.get("/api/activities/").json()["results"]
    assert listed == [client.get(f"/api/activities/{record['slug']}/").json() for record in listed]


def test_the_kept_count_and_page_follow_each_write(client, org_a):
    theme = ThemeFactory(slug="natuur")
    later = ActivityFactory(title="Later", start=in_days(20), organisers=[org_a])
    first = client.get("/api/activities/?page_size=1").json()
    assert (first["count"], [record["title"] for record in first["results"]]) == (1, ["Later"])
    ActivityFactory(title="Eerder", start=in_days(2))
    first = client.get("/api/activities/?page_size=1").json()
    assert (first["count"], [record["title"] for record in first["results"]]) == (2, ["Eerder"])
    assert client.get("/api/activities/?theme=natuur").json()["count"] == 0
    later.themes.add(theme)  # a link table
    assert [record["title"] for record in client.get("/api/activities/?theme=natuur").json()["results"]] == ["Later"]
    TargetSector.objects.create(activity=later, sector="mbo")
    assert client.get("/api/activities/?sector=mbo").json()["count"] == 1
    later.delete()
    assert client.get("/api/activities/?page_size=1").json()["count"] == 1


def test_each_token_counts_only_its_own_drafts(client, org_a, org_b, coordinator):
    ActivityFactory(title="Concept A", organisers=[org_a], publication_status="draft")
    secret_a = tokens.issue(org_a, "A", coordinator)[1]
    secret_b = tokens.issue(org_b, "B", coordinator)[1]

    def drafts(secret):
        body = client.get("/api/activities/?status=draft", HTTP_AUTHORIZATION=f"Bearer {secret}").json()
        return body["count"], [record["title"] for record in body["results"]]

    assert drafts(secret_a) == (1, ["Concept A"])
    assert drafts(secret_b) == (0, [])


def test_kept_ids_that_lag_a_write_never_show_a_record_that_is_no_longer_public(client, org_a, monkeypatch):
    activity = ActivityFactory(title="Open dag", start=in_days(3), organisers=[org_a])
    assert [record["title"] for record in client.get("/api/activities/").json()["results"]] == ["Open dag"]
    # A process that dies between its commit and the topic's renewal (core.invalidation): the kept ids lag.
    monkeypatch.setattr(invalidation, "renew_after_commit", lambda connection, topic: None)
    Activity.objects.filter(pk=activity.pk).update(publication_status="draft", title="Geheim concept")
    assert client.get("/api/activities/").json()["results"] == []
