import datetime as dt

import pytest

from stories.models import Consent, Story, StoryStatus


@pytest.mark.usefixtures("english")
def test_the_coordinators_dashboard_counts_new_stories(coordinator_client):
    for status in (StoryStatus.NEW, StoryStatus.NEW, StoryStatus.PUBLISHED):
        Story.objects.create(
            respondent_role="docent", consent=Consent.ROLE, collected_on=dt.date(2026, 1, 5), status=status
        )
    page = coordinator_client.get("/en/account/mijn-werk/").content.decode()
    assert "Moderation queue: 2 new stories" in page


def test_an_editors_dashboard_offers_to_enter_a_story_but_no_queue(editor_a_client):
    page = editor_a_client.get("/account/mijn-werk/").content.decode()
    assert "/verhalen/nieuw/" in page
    assert "/verhalen/beheer/" not in page
