"""Every table a cached block of a key page reads renews the block's topic (core.fragments), checked on the demo
network for a visitor and a coordinator. One module for all pages, so the demo is loaded once."""

import pytest
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from accounts.models import User
from activities.topics import CALENDAR
from core.tests.fragments import unwatched_tables
from home.topics import HOME
from network.models import Organisation
from network.topics import ORGANISATION
from offerings.topics import OFFERINGS
from programmes.models import Programme
from programmes.topics import DASHBOARD
from projects.topics import PORTFOLIO
from stories.topics import STORY_BOOK

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_network")]


def _busiest_organisation() -> str:
    return Organisation.objects.annotate(n=Count("activities")).order_by("-n").first().get_absolute_url()


def _programme_with_stories() -> str:
    slug = Programme.objects.filter(stories__isnull=False).values_list("slug", flat=True).first()
    return f"/programmas/{slug}/"


PAGES = [
    (HOME, "/"),
    (CALENDAR, "/agenda/"),
    (CALENDAR, lambda: f"/agenda/?weergave=maand&maand={timezone.localdate():%Y-%m}"),
    (CALENDAR, "/agenda/?jaar=2025&sector=po&thema=duurzaamheid"),
    (ORGANISATION, _busiest_organisation),
    (OFFERINGS, "/aanbod/"),
    (OFFERINGS, "/aanbod/?doelgroep=po&groep=7-8&thema=duurzaamheid&gratis=on"),
    (PORTFOLIO, "/projecten/"),
    (PORTFOLIO, "/projecten/?thema=duurzaamheid&page=2"),
    (STORY_BOOK, "/verhalen/"),
    (STORY_BOOK, "/verhalen/?thema=duurzaamheid&ring=2"),
    (STORY_BOOK, "/programmas/lnos25/verhalen/"),
    (DASHBOARD, _programme_with_stories),
]


@pytest.mark.parametrize("persona", ["visitor", "coordinator"])
@pytest.mark.parametrize(("topic", "url"), PAGES, ids=[f"{topic}-{index}" for index, (topic, _url) in enumerate(PAGES)])
def test_every_table_a_cached_block_reads_renews_it(persona, topic, url):
    client = Client()
    if persona == "coordinator":
        client.force_login(User.objects.get(username="coordinator"))
    assert unwatched_tables(client, url() if callable(url) else url, topic) == set()
