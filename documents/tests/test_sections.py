"""The documents of a record on its page: activities, projects, programmes, stories and lines."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from core.models import PublicationStatus
from stories.tests.factories import make_programme, make_story
from tests.factories import ActivityFactory, DocumentFactory, LineFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_an_activity_page_shows_its_documents_and_hides_members_only_ones(client, member_client):
    activity = ActivityFactory()
    DocumentFactory(title="Verslag middag", target=activity)
    DocumentFactory(title="Deelnemerslijst", target=activity, members_only=True)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Verslag middag" in page and "Deelnemerslijst" not in page
    assert "Deelnemerslijst" in member_client.get(activity.get_absolute_url()).content.decode()
    assert "Document of link toevoegen" not in page


def test_the_programme_and_story_pages_show_theirs_with_the_attach_link_for_the_coordinator(coordinator_client):
    programme = make_programme()
    story = make_story(programme=programme)
    DocumentFactory(title="Evaluatie", target=programme)
    DocumentFactory(title="Audioportret", target=story)
    programme_page = coordinator_client.get(programme.get_absolute_url()).content.decode()
    assert "Evaluatie" in programme_page and "Document of link toevoegen" in programme_page
    assert "Audioportret" in coordinator_client.get(story.get_absolute_url()).content.decode()
    assert 'Wijzigen <span class="rimpel-visually-hidden">Evaluatie</span>' in programme_page


def test_a_line_shows_what_is_attached_to_it_and_what_is_tagged_with_it(rf: RequestFactory):
    line = LineFactory()
    DocumentFactory(title="Aan de lijn", target=line)
    DocumentFactory(title="Met de lijn").lines.add(line)
    DocumentFactory(title="Concept", target=ProjectFactory(publication_status=PublicationStatus.DRAFT)).lines.add(line)
    request = rf.get("/")
    request.user = AnonymousUser()
    html = Template('{% load contributions %}{% contributed "line_detail.documents" line %}').render(
        Context({"request": request, "line": line})
    )
    assert "Aan de lijn" in html and "Met de lijn" in html and "Concept" not in html
