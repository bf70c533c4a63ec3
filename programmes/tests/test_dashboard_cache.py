"""The programme dashboard's figures are cached per data version and viewer (core.fragments): a write shows at once,
every table the block reads renews it, and a viewer never gets another scope's block."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.tests.test_dashboard import add_activities, programme  # noqa: F401 - the fixture
from stories.tests.factories import make_story

pytestmark = pytest.mark.django_db


def test_a_second_view_reads_the_block_from_the_cache(client, programme, count_queries):  # noqa: F811
    add_activities(programme, 3)
    _response, first = count_queries(client, "/programmas/p/")
    _response, second = count_queries(client, "/programmas/p/")
    assert second < first / 3


def test_new_figures_show_at_once(client, programme):  # noqa: F811
    add_activities(programme, 2)
    assert "20" in _figures(client)
    add_activities(programme, 3)
    assert "50" in _figures(client)


def test_each_viewer_scope_has_its_own_block(client, programme, coordinator_client):  # noqa: F811
    add_activities(programme, 1)
    edit_link = "/acties/nieuw/"  # "Add an action", inside the block
    assert edit_link in coordinator_client.get("/programmas/p/").content.decode()
    assert edit_link not in client.get("/programmas/p/").content.decode()


def test_a_new_story_renews_the_block(client, programme):  # noqa: F811
    add_activities(programme, 1)
    assert "Story book (0 stories)" in client.get("/en/programmas/p/").content.decode()
    make_story(programme=programme)
    assert "Story book (1 story)" in client.get("/en/programmas/p/").content.decode()


def test_a_new_story_leaves_the_figures_warm_and_shows_at_once(client, programme):  # noqa: F811
    """The figures, goal tree and budget follow the apps they read (programmes.topics.FIGURES_APPS): a story
    renews only the sections on stories, and still shows at once."""
    add_activities(programme, 2)
    client.get("/en/programmas/p/")
    make_story(programme=programme)
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/en/programmas/p/").content.decode()
    assert "Story book (1 story)" in html
    assert "20" in html[html.index('id="figures-heading"') :]
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "programmes_actionreport" not in read  # the goal tree's
    assert "programmes_budgetline" not in read
    add_activities(programme, 1)  # an activity's figures renew them
    assert "30" in _figures(client)


def _figures(client) -> str:
    html = client.get("/programmas/p/").content.decode()
    start = html.index('id="figures-heading"')
    return html[start : start + 3000]
