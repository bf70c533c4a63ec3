"""Every table the story book's cached blocks read renews them (on the demo network, in a module of its own: the
demo stays loaded for the whole module)."""

import pytest
from django.test import Client

from accounts.models import User
from core.tests.fragments import unwatched_tables
from stories.topics import STORY_BOOK

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("demo_network")
@pytest.mark.parametrize("persona", ["visitor", "coordinator"])
@pytest.mark.parametrize("url", ["/verhalen/", "/verhalen/?thema=duurzaamheid&ring=2", "/programmas/lnos25/verhalen/"])
def test_every_table_the_story_book_reads_renews_it(persona, url):
    client = Client()
    if persona == "coordinator":
        client.force_login(User.objects.get(username="coordinator"))
    assert unwatched_tables(client, url, STORY_BOOK) == set()
