"""Every table the calendar's cached blocks read renews them (on the demo network, in a module of its own: the demo
stays loaded for the whole module)."""

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from activities.topics import CALENDAR
from core.tests.fragments import unwatched_tables

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("demo_network")
@pytest.mark.parametrize("persona", ["visitor", "coordinator"])
@pytest.mark.parametrize(
    "url",
    [
        "/agenda/",
        f"/agenda/?weergave=maand&maand={timezone.localdate():%Y-%m}",
        "/agenda/?jaar=2025&sector=po&thema=duurzaamheid",
    ],
)
def test_every_table_the_calendar_reads_renews_it(persona, url):
    client = Client()
    if persona == "coordinator":
        client.force_login(User.objects.get(username="coordinator"))
    assert unwatched_tables(client, url, CALENDAR) == set()
