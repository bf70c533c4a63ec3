"""Every table the offerings list's cached blocks read renews them (on the demo network, in a module of its own: the
demo stays loaded for the whole module)."""

import pytest
from django.test import Client

from accounts.models import User
from core.tests.fragments import unwatched_tables
from offerings.topics import OFFERINGS

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("demo_network")
@pytest.mark.parametrize("persona", ["visitor", "coordinator"])
@pytest.mark.parametrize("url", ["/aanbod/", "/aanbod/?doelgroep=po&groep=7-8&thema=duurzaamheid&gratis=on"])
def test_every_table_the_offerings_list_reads_renews_it(persona, url):
    client = Client()
    if persona == "coordinator":
        client.force_login(User.objects.get(username="coordinator"))
    assert unwatched_tables(client, url, OFFERINGS) == set()
