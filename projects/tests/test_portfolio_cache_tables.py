"""Every table the project list's cached blocks read renews them (on the demo network, in a module of its own: the
demo stays loaded for the whole module)."""

import pytest
from django.test import Client

from accounts.models import User
from core.tests.fragments import unwatched_tables
from projects.topics import PORTFOLIO

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("demo_network")
@pytest.mark.parametrize("persona", ["visitor", "coordinator"])
@pytest.mark.parametrize("url", ["/projecten/", "/projecten/?thema=duurzaamheid&page=2"])
def test_every_table_the_project_list_reads_renews_it(persona, url):
    client = Client()
    if persona == "coordinator":
        client.force_login(User.objects.get(username="coordinator"))
    assert unwatched_tables(client, url, PORTFOLIO) == set()
