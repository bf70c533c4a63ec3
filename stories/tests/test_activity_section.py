"""The activity page shows what stories contributes to it: how many stories the reader may read about the
activity, and for its editors the way to collect more."""

import pytest

from stories.tests.factories import make_story
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(org_a):
    return ActivityFactory(title="Netwerkdag", organisers=[org_a])


def page(client, activity) -> str:
    return client.get(f"/en/agenda/{activity.slug}/").content.decode()


def test_no_story_yet(anonymous_client, activity):
    assert "Nobody has told a story about this activity yet." in page(anonymous_client, activity)


def test_counts_the_published_stories_the_reader_may_read(anonymous_client, coordinator_client, activity):
    make_story(activity=activity)
    make_story(activity=activity)
    make_story(activity=activity, consent="internal")
    make_story(activity=activity, status="new")
    book = f"/en/verhalen/?activiteit={activity.slug}"
    assert f'href="{book}">Read 2 stories about this activity' in page(anonymous_client, activity)
    assert f'href="{book}">Read 3 stories about this activity' in page(coordinator_client, activity)


def test_only_its_editors_may_collect_stories(anonymous_client, editor_a_client, editor_b_client, activity):
    collect = f"/en/verhalen/links/nieuw/?activiteit={activity.slug}"
    assert collect in page(editor_a_client, activity)
    assert collect not in page(editor_b_client, activity)
    assert collect not in page(anonymous_client, activity)
