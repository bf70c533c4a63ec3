"""The calendar's filters and activities are cached per data version, viewer and day (core.fragments): a new or
changed activity shows at once, in the list and in the month, and a viewer never gets another scope's drafts.
The filter panel has a topic of its own (CALENDAR_FILTERS): an activity's write leaves it cached."""

import pytest
from django.utils import timezone

from activities.topics import CALENDAR_FILTERS
from core import invalidation
from core.tests.fragments import unwatched_tables
from network.models import Line, Theme
from tests.factories import ActivityFactory, in_days

pytestmark = pytest.mark.django_db

MONTH = f"/agenda/?weergave=maand&maand={timezone.localdate():%Y-%m}"


@pytest.mark.parametrize("url", ["/agenda/", MONTH])
def test_a_new_activity_shows_at_once(client, url):
    ActivityFactory(title="Lezen in de tuin", start=in_days(0, hour=23))
    assert "Lezen in de tuin" in client.get(url).content.decode()
    ActivityFactory(title="Rekenen op het plein", start=in_days(0, hour=23))
    html = client.get(url).content.decode()
    assert "Rekenen op het plein" in html and "Lezen in de tuin" in html


def test_a_changed_title_shows_at_once(client):
    activity = ActivityFactory(title="Oude titel")
    assert "Oude titel" in client.get("/agenda/").content.decode()
    activity.title = "Nieuwe titel"
    activity.save()
    html = client.get("/agenda/").content.decode()
    assert "Nieuwe titel" in html and "Oude titel" not in html


def test_a_second_view_reads_the_blocks_from_the_cache(client, count_queries):
    ActivityFactory.create_batch(3)
    _response, first = count_queries(client, "/agenda/")
    _response, second = count_queries(client, "/agenda/")
    assert second < first / 2


def test_each_viewer_scope_has_its_own_drafts(client, org_a, editor_a_client, coordinator_client):
    ActivityFactory(title="Concept van A", organisers=[org_a], publication_status="draft")
    assert "Concept van A" in editor_a_client.get("/agenda/").content.decode()
    assert "Concept van A" in coordinator_client.get("/agenda/").content.decode()
    assert "Concept van A" not in client.get("/agenda/").content.decode()


def test_filters_and_htmx_keep_working(client):
    ActivityFactory(title="Alleen deze", start=in_days(3))
    filtered = client.get("/en/agenda/", {"q": "deze", "jaar": "abc"})
    assert filtered.status_code == 200
    partial = client.get("/en/agenda/", headers={"HX-Request": "true"}).content.decode()
    assert "Alleen deze" in partial and "1 result found" in partial


def test_an_editor_given_another_organisation_sees_its_drafts_at_once(org_a, org_b, editor_a, editor_a_client):
    ActivityFactory(title="Concept van B", organisers=[org_b], publication_status="draft")
    assert "Concept van B" not in editor_a_client.get("/agenda/").content.decode()
    org_b.editors.add(editor_a)  # the role renews the block: the editors table is in the calendar topic
    assert "Concept van B" in editor_a_client.get("/agenda/").content.decode()


def test_an_activity_leaves_the_filter_panel_cached_and_a_new_theme_or_line_shows_in_it(client, org_a):
    filters = invalidation.current(CALENDAR_FILTERS)
    ActivityFactory(title="Nog een activiteit", organisers=[org_a])
    assert invalidation.current(CALENDAR_FILTERS) == filters
    assert "Waterbeheer" not in client.get(MONTH).content.decode()
    Theme.objects.create(name="Waterbeheer", slug="waterbeheer")
    assert "Waterbeheer" in client.get(MONTH).content.decode()
    Line.objects.create(name="Leerlijn water", slug="leerlijn-water")
    assert "Leerlijn water" in client.get(MONTH).content.decode()


@pytest.mark.parametrize("persona", ["visitor", "coordinator"])
def test_every_table_the_filter_panel_reads_renews_it(client, coordinator_client, org_a, persona):
    viewer = coordinator_client if persona == "coordinator" else client
    ActivityFactory(organisers=[org_a], start=in_days(1))
    url = f"{MONTH}&organisator={org_a.slug}&thema=duurzaamheid"
    viewer.get(url)  # both blocks cached; renewing the panel's topic renders the panel alone anew
    assert unwatched_tables(viewer, url, CALENDAR_FILTERS) == set()
