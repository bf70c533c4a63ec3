"""Every table a cached block of a key page reads renews the block's topic (core.fragments), checked on the demo
network for a visitor and a coordinator. One module for all pages, so the demo is loaded once."""

from unittest.mock import patch

import pytest
from django.db import connection
from django.db.models import Count
from django.templatetags.cache import CacheNode
from django.test import Client
from django.utils import timezone

from accounts.models import User
from activities.topics import CALENDAR, CALENDAR_FILTERS
from core import invalidation
from core.tests.fragments import _TABLE as TABLE
from core.tests.fragments import AROUND_THE_BLOCKS, unwatched_tables
from home.topics import HOME
from network.models import Organisation
from network.topics import ORGANISATION
from offerings.topics import OFFERINGS
from programmes.models import Programme
from programmes.topics import DASHBOARD, figures_topics
from projects.topics import PORTFOLIO
from stories.topics import STORY_BOOK

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_network")]
cache_node_render = CacheNode.render


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


# Filter panels under a narrower topic than their page's results: each is checked with the results block warm, so
# that only the panel is made anew.
PANELS = [
    (CALENDAR_FILTERS, "/agenda/?jaar=2025&sector=po&thema=duurzaamheid&lijn=x&organisator=y"),
    (CALENDAR_FILTERS, lambda: f"/agenda/?weergave=maand&maand={timezone.localdate():%Y-%m}"),
]


@pytest.mark.parametrize("persona", ["visitor", "coordinator"])
@pytest.mark.parametrize(
    ("topic", "url"), PANELS, ids=[f"{topic}-{index}" for index, (topic, _url) in enumerate(PANELS)]
)
def test_every_table_a_filter_panel_reads_renews_it(persona, topic, url):
    client = Client()
    if persona == "coordinator":
        client.force_login(User.objects.get(username="coordinator"))
    url = url() if callable(url) else url
    client.get(url)
    assert unwatched_tables(client, url, topic) == set()


@pytest.mark.parametrize("persona", ["visitor", "coordinator"])
def test_the_dashboards_figures_blocks_read_only_the_apps_they_follow(persona):
    """The blocks inside the dashboard's (programme-figures) are keyed on FIGURES_APPS' topics only: every table
    read while one is made anew must renew one of those, or a write to it would leave the figures stale."""
    client = Client()
    if persona == "coordinator":
        client.force_login(User.objects.get(username="coordinator"))
    for topic in [DASHBOARD, *figures_topics()]:
        invalidation.renew(topic)
    inside = []  # depth of figures blocks being rendered
    read: set[str] = set()

    def render(node, context):
        inside.append(node.fragment_name == '"programme-figures"')  # the name as written in the tag
        try:
            return cache_node_render(node, context)
        finally:
            inside.pop()

    def note(execute, sql, params, many, context):
        if any(inside):
            read.update(table.lower() for table in TABLE.findall(sql))
        return execute(sql, params, many, context)

    with patch.object(CacheNode, "render", render), connection.execute_wrapper(note):
        assert client.get(_programme_with_stories()).status_code == 200
    followed = set().union(*(invalidation.topics()[topic] for topic in figures_topics()))
    assert read, "no figures block was made anew"
    assert read - followed - AROUND_THE_BLOCKS == set()
