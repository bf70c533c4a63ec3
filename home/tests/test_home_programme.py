"""The home page shows what the network does: the current programme's headline figures, the latest stories the
public may read, and the ways in (calendar, offerings, open days, questions, stories, reports)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from programmes.models import Programme
from programmes.services import rollup
from stories.models import Story


@pytest.fixture
def demo(demo_network, db):
    """The demo with its logins, loaded once for the module; each test's writes are undone."""


def test_the_home_page_shows_the_current_programme_its_figures_and_the_ways_in(demo, client: Client):
    html = client.get("/").content.decode()
    today = dt.date.today()
    current = Programme.objects.filter(period_start__lte=today, period_end__gte=today).first()
    programme = current or Programme.objects.first()
    assert f"Wat we doen: {programme.name}" in html
    assert f'href="{programme.get_absolute_url()}"' in html
    figures = rollup(programme)
    assert f'<span class="rimpel-bignumber__value">{figures.participants:,}</span>'.replace(",", ".") in html
    for name, args in [
        ("activities:calendar", []),
        ("offerings:list", []),
        ("activities:open_days", []),
        ("questions:list", []),
        ("stories:book", []),
        ("reports:overview", [programme.slug]),
    ]:
        assert f'href="{reverse(name, args=args)}"' in html


def test_the_home_page_quotes_only_stories_the_public_may_read(demo, client: Client):
    latest = Story.objects.filter(status="published").order_by("-collected_on", "-pk").first()
    Story.objects.filter(pk=latest.pk).update(consent="internal")
    html = client.get("/").content.decode()
    assert "Nieuwste verhalen" in html
    assert latest.get_absolute_url() not in html
    client.force_login(User.objects.filter(is_coordinator=True).first())
    assert latest.get_absolute_url() not in client.get("/").content.decode()
