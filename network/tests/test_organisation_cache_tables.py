"""Every table the organisation page's cached block reads renews it (on the demo network, in a module of its own:
the demo stays loaded for the whole module)."""

import pytest
from django.db.models import Count
from django.test import Client

from accounts.models import User
from core.tests.fragments import unwatched_tables
from network.models import Organisation
from network.topics import ORGANISATION

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("demo_network")
@pytest.mark.parametrize("persona", ["visitor", "coordinator"])
def test_every_table_the_organisation_page_reads_renews_it(persona):
    client = Client()
    if persona == "coordinator":
        client.force_login(User.objects.get(username="coordinator"))
    busiest = Organisation.objects.annotate(n=Count("activities")).order_by("-n").first()
    assert unwatched_tables(client, busiest.get_absolute_url(), ORGANISATION) == set()
