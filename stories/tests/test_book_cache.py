"""The story book's filters and stories are cached per data version and viewer (core.fragments): a new story shows
at once, and a viewer never gets another scope's stories.
The filter panel has a topic of its own (STORY_BOOK_FILTERS): a story's write leaves it cached."""

import pytest

from core import invalidation
from core.tests.fragments import unwatched_tables
from network.models import Theme
from stories.models import Story
from stories.tests.factories import ENCOUNTER, make_line, make_programme, make_story
from stories.topics import STORY_BOOK_FILTERS

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


def test_an_edited_or_unpublished_story_shows_so_at_once_in_the_book_and_on_home(client, programme):
    story = Story.objects.get(quote="Iedereen deed mee.")
    assert "Iedereen deed mee." in client.get("/verhalen/").content.decode()
    assert "Iedereen deed mee." in client.get("/").content.decode()
    story.quote = "Iedereen deed weer mee."
    story.save()
    assert "Iedereen deed weer mee." in client.get("/verhalen/").content.decode()
    assert "Iedereen deed weer mee." in client.get("/").content.decode()
    Story.objects.filter(pk=story.pk).update(status="new")
    assert "Iedereen deed weer mee." not in client.get("/verhalen/").content.decode()
    assert "Iedereen deed weer mee." not in client.get("/").content.decode()


def test_a_new_story_shows_at_once_on_home(client, programme):
    client.get("/")
    make_story(programme=programme, quote="Een verhaal voor de voorpagina.")
    assert "Een verhaal voor de voorpagina." in client.get("/").content.decode()


FILTERED = "/verhalen/?thema=duurzaamheid&ring=2&programma=lnos&woord=brug"


def test_a_story_leaves_the_filter_panel_cached_and_a_new_theme_shows_in_it(client, programme):
    filters = invalidation.current(STORY_BOOK_FILTERS)
    make_story(programme=programme, quote="Nog een verhaal.")
    assert invalidation.current(STORY_BOOK_FILTERS) == filters
    assert "Waterbeheer" not in client.get("/verhalen/").content.decode()
    Theme.objects.create(name="Waterbeheer", slug="waterbeheer")
    assert "Waterbeheer" in client.get("/verhalen/").content.decode()


@pytest.mark.parametrize("persona", ["visitor", "coordinator"])
def test_every_table_the_filter_panel_reads_renews_it(client, coordinator_client, programme, persona):
    viewer = coordinator_client if persona == "coordinator" else client
    viewer.get(FILTERED)  # both blocks cached; renewing the panel's topic renders the panel alone anew
    assert unwatched_tables(viewer, FILTERED, STORY_BOOK_FILTERS) == set()
