"""The RSS feeds of the list pages: valid RSS, only what the public may see, the page's filters honoured."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from core.models import PublicationStatus
from stories.models import Consent, Story, StoryStatus
from tests.factories import ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return [item.findtext("title") for item in ET.fromstring(response.content).iter("item")]


def test_the_project_feed_lists_published_projects_with_the_portfolios_filters(anonymous_client):
    green = ThemeFactory(slug="groen", name="Groen")
    ProjectFactory(code="1a", title="Groene pleinen", themes=[green])
    ProjectFactory(code="1b", title="Rekenles")
    ProjectFactory(code="1c", title="Geheim groen", themes=[green], publication_status=PublicationStatus.DRAFT)
    assert sorted(titles(anonymous_client.get("/projecten.rss"))) == ["1a Groene pleinen", "1b Rekenles"]
    assert titles(anonymous_client.get("/projecten.rss", {"thema": "groen"})) == ["1a Groene pleinen"]


def test_the_story_feed_lists_only_stories_the_public_may_read(anonymous_client):
    def story(role, status, consent):
        return Story.objects.create(
            respondent_role=role,
            status=status,
            consent=consent,
            collected_on=dt.date(2026, 1, 5),
            quote=f"Citaat van {role}",
        )

    story("docent", StoryStatus.PUBLISHED, Consent.ROLE)
    story("ouder", StoryStatus.PUBLISHED, Consent.INTERNAL)
    story("student", StoryStatus.NEW, Consent.ROLE)
    listed = titles(anonymous_client.get("/verhalen.rss"))
    assert len(listed) == 1 and listed[0].startswith("docent")
