"""The home page draws the impact model's three rings, with each ring's name and plain explanation beside them,
and links to the model page and the current programme's impact report."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core import invalidation
from core.pagecache import PAGES
from core.tests.fragments import _TABLE as TABLE
from core.tests.fragments import AROUND_THE_BLOCKS
from home.rings import rings_overview
from impact.models import Dimension, ImpactModel
from impact.terms import TERMS
from programmes.models import Programme

pytestmark = pytest.mark.django_db


def _rings_block(html: str) -> str:
    match = re.search(r'<section aria-labelledby="rings-heading">.*?</section>', html, re.S)
    assert match, "the home page has no rings block"
    return match.group(0)


@pytest.mark.parametrize(
    "prefix, language, heading, rings",
    [
        ("", "nl", "Zo werkt ons werk door", ["Eerstegraads impact", "Tweedegraads impact", "Derdegraads impact"]),
        (
            "/en",
            "en",
            "How our work ripples out",
            ["First-degree impact", "Second-degree impact", "Third-degree impact"],
        ),
    ],
)
def test_the_three_rings_with_a_plain_line_each_in_both_languages(anonymous_client, prefix, language, heading, rings):
    block = _rings_block(anonymous_client.get(f"{prefix}/").content.decode())
    assert heading in block
    assert 'role="img"' in block and 'aria-labelledby="home-rings-title"' in block
    with translation.override(language):
        for number, name in enumerate(rings, start=1):
            assert f"Ring {number}: {name}</h3>" in block
            assert str(TERMS[f"ring{number}"].explanation).capitalize()[:40] in block
        for dimension in Dimension.objects.filter(retired=False):
            assert str(dimension).replace("&", "&amp;") in block  # in the drawing and in the list beside it
    with translation.override(language):
        assert f'href="{reverse("impact:model")}"' in block


def test_a_retired_dimension_leaves_the_drawing_and_a_rename_shows_at_once(anonymous_client):
    first, second = Dimension.objects.filter(ring__number=1)[:2]
    assert "Ontmoeting &amp; bereik" in _rings_block(anonymous_client.get("/").content.decode())
    first.retired = True
    first.save()
    second.name = "Elkaar waarderen"
    second.save()
    block = _rings_block(anonymous_client.get("/").content.decode())
    assert "Elkaar waarderen" in block and "Ontmoeting" not in block


def test_links_to_the_model_and_the_current_programmes_impact_report(anonymous_client):
    assert "impactverslag" not in _rings_block(anonymous_client.get("/").content.decode())  # no programme yet
    programme = Programme.objects.create(
        slug="leren-2026",
        name="Leren 2026",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        publication_status="published",
    )
    block = _rings_block(anonymous_client.get("/").content.decode())
    assert f'href="{reverse("impact:model")}"' in block
    assert f'href="{reverse("reports:html", args=[programme.slug, "impact"])}"' in block
    assert "Het impactverslag van Leren 2026" in block


def test_without_an_impact_model_there_is_no_rings_block(anonymous_client):
    Dimension.objects.all().delete()
    ImpactModel.objects.all().delete()
    html = anonymous_client.get("/").content.decode()
    assert "rings-heading" not in html


def test_the_drawing_is_kept_until_the_model_changes(client: Client, count_queries):
    cache.clear()
    _response, first = count_queries(client, "/")
    _response, again = count_queries(client, "/")
    # The model, its rings and their dimensions (with the rest of the page's block): read once per version.
    assert again < first - 3
    Dimension.objects.filter(ring__number=3).update(name_en="")
    _response, after_a_write = count_queries(client, "/")
    assert after_a_write == first


def test_the_drawing_reads_only_tables_whose_writes_renew_it():
    invalidation.renew(invalidation.app_topic(PAGES, "impact"))
    with CaptureQueriesContext(connection) as context:
        rings_overview()
    read = {table.lower() for query in context.captured_queries for table in TABLE.findall(query["sql"])}
    assert read - invalidation.topics()[invalidation.app_topic(PAGES, "impact")] - AROUND_THE_BLOCKS == set()
