"""The story book's filters and stories are cached per data version and viewer (core.fragments): a new story shows
at once, and a viewer never gets another scope's stories."""

import pytest

from stories.tests.factories import ENCOUNTER, make_line, make_programme, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(org_a):
    programme = make_programme(slug="lnos", organisations=[org_a])
    line = make_line(programme, "A1", "Brede vorming")
    make_story(programme=programme, line=line, quote="Iedereen deed mee.")
    make_story(programme=programme, line=line, consent="internal", quote="Alleen voor ons.")
    return programme


def test_a_new_story_shows_at_once(client, programme):
    assert "Iedereen deed mee." in client.get("/verhalen/").content.decode()
    make_story(programme=programme, quote="Een nieuw verhaal.")
    html = client.get("/verhalen/").content.decode()
    assert "Een nieuw verhaal." in html and "Iedereen deed mee." in html


def test_a_second_view_reads_the_blocks_from_the_cache(client, programme, count_queries):
    _response, first = count_queries(client, "/verhalen/")
    _response, second = count_queries(client, "/verhalen/")
    assert second < first / 2


def test_each_viewer_scope_has_its_own_stories(client, programme, coordinator_client):
    assert "Alleen voor ons." in coordinator_client.get("/verhalen/").content.decode()
    assert "Alleen voor ons." not in client.get("/verhalen/").content.decode()


def test_filters_and_htmx_keep_working(client, programme):
    make_story(programme=programme, quote="Over iets anders.", parts={1: (ENCOUNTER, "Wij bouwden een brug.")})
    filtered = client.get("/en/verhalen/", {"woord": "brug"}).content.decode()
    assert "1 story</p>" in filtered and 'value="brug"' in filtered and "Iedereen deed mee." not in filtered
    partial = client.get("/en/verhalen/", {"woord": "brug"}, headers={"HX-Request": "true"}).content.decode()
    assert "Over iets anders." in partial and "1 result found" in partial
