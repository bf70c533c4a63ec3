"""The home page below its search form is cached per data version, viewer scope and day (core.fragments): what
changes shows at once, a viewer never gets another scope's drafts, and every table the block reads renews it.
The programme's figures are kept apart (HOME_FIGURES), so a new story does not count them again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import invalidation
from core.tests.fragments import _TABLE as TABLE
from core.tests.fragments import AROUND_THE_BLOCKS
from home.topics import HOME_FIGURES
from home.views import _figures
from impact.models import ActivityFigures
from network.models import NetworkProfile
from programmes.models import Action, Programme, ProgrammeLine
from stories.tests.factories import make_story
from tests.factories import ActivityFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_a_new_activity_and_a_changed_profile_show_at_once(client):
    profile = NetworkProfile.objects.create(name="Netwerk Oud", tagline="Samen leren.")
    assert "Netwerk Oud" in client.get("/").content.decode()
    ActivityFactory(title="Voorlezen in de wijk")
    profile.name = "Netwerk Nieuw"
    profile.save()
    html = client.get("/").content.decode()
    assert "Voorlezen in de wijk" in html and "Netwerk Nieuw" in html and "Netwerk Oud" not in html


def test_a_second_view_reads_the_block_from_the_cache(client, count_queries):
    ActivityFactory.create_batch(3)
    _response, first = count_queries(client, "/")
    _response, second = count_queries(client, "/")
    assert second < first / 2


def test_each_viewer_scope_has_its_own_drafts(client, org_a, editor_a_client, editor_b_client):
    ProjectFactory(title="Concept van A", leads=[org_a], publication_status="draft")
    assert "Concept van A" in editor_a_client.get("/").content.decode()
    assert "Concept van A" not in editor_b_client.get("/").content.decode()
    assert "Concept van A" not in client.get("/").content.decode()


@pytest.fixture
def current_programme():
    today = timezone.localdate()
    programme = Programme.objects.create(
        slug="nu", name="Nu", period_start=today, period_end=today, publication_status="published"
    )
    line = ProgrammeLine.objects.create(programme=programme, kind="ambition", code="1", title="Ambitie")
    action = Action.objects.create(line=line, code="1.1", title="Actie")
    return programme, action


def _participants(client) -> str:
    html = client.get("/").content.decode()
    return html.split('rimpel-bignumber__value">')[2].split("<")[0]


def test_the_programme_figures_stay_counted_after_a_story_and_change_with_an_activity(client, current_programme):
    programme, action = current_programme
    first = ActivityFactory(title="Eerste")
    action.activities.add(first)
    ActivityFigures.objects.create(activity=first, participants=12)
    assert _participants(client) == "12"
    figures = invalidation.current(HOME_FIGURES)
    make_story(programme=programme, quote="Mooi.")
    assert invalidation.current(HOME_FIGURES) == figures  # the story renews the block, not the figures
    assert _participants(client) == "12"
    second = ActivityFactory(title="Tweede")
    action.activities.add(second)
    ActivityFigures.objects.create(activity=second, participants=30)
    assert _participants(client) == "42"


def test_every_table_the_programme_figures_read_renews_them(client, current_programme):
    programme, action = current_programme
    action.activities.add(ActivityFactory())
    invalidation.renew(HOME_FIGURES)
    with CaptureQueriesContext(connection) as context:
        _figures(programme)
    read = {table.lower() for query in context.captured_queries for table in TABLE.findall(query["sql"])}
    assert read - invalidation.topics()[HOME_FIGURES] - AROUND_THE_BLOCKS == set()


def test_a_story_without_parts_is_quoted_by_its_quote_or_shown_without_text(client):
    """A filter's argument is resolved even when the value is there, and a missing one raised: a published story
    without parts (as it stands between its own insert and its parts') made the home page a 500."""
    make_story(parts={}, quote="Wij werken nu samen met de bibliotheek.")
    make_story(parts={}, role="ouder")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wij werken nu samen met de bibliotheek." in html and "ouder" in html
