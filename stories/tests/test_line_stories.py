"""The line page shows the latest public stories about the line's activities (stories.sections.line_stories)."""

import pytest

from stories.tests.factories import make_story
from tests.factories import ActivityFactory, LineFactory

pytestmark = pytest.mark.django_db


def test_the_line_page_shows_public_stories_of_its_activities_only(anonymous_client, org_a):
    line = LineFactory(name="Welzijn")
    activity = ActivityFactory(organisers=[org_a], lines=[line])
    make_story(activity=activity, quote="Ik durf nu het gesprek aan te gaan.")
    make_story(activity=activity, quote="Nog niet gecontroleerd.", status="new")
    make_story(activity=ActivityFactory(organisers=[org_a]), quote="Over iets anders.")
    page = anonymous_client.get(line.get_absolute_url()).content.decode()
    assert "Ik durf nu het gesprek aan te gaan." in page
    assert "Nog niet gecontroleerd." not in page and "Over iets anders." not in page


def test_a_line_without_stories_shows_no_stories_section(anonymous_client):
    line = LineFactory()
    assert 'id="line-stories-heading"' not in anonymous_client.get(line.get_absolute_url()).content.decode()
