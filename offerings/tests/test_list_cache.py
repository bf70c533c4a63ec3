"""The offerings list's filters and offerings are cached per data version, viewer and day (core.fragments): a new
or changed offering shows at once, and a viewer never gets another scope's drafts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from offerings.tests.factories import OfferingFactory

pytestmark = pytest.mark.django_db

URL = "/aanbod/?doelgroep=po&gratis=on"


def test_a_new_and_a_changed_offering_show_at_once(client):
    offering = OfferingFactory(title="Stadswandeling")
    assert "Stadswandeling" in client.get(URL).content.decode()
    OfferingFactory(title="Museumles")
    offering.is_free = False
    offering.save()
    html = client.get(URL).content.decode()
    assert "Museumles" in html and "Stadswandeling" not in html


def test_a_second_view_reads_the_blocks_from_the_cache(client, count_queries):
    OfferingFactory.create_batch(3)
    _response, first = count_queries(client, URL)
    _response, second = count_queries(client, URL)
    assert second < first


def test_each_viewer_scope_has_its_own_drafts(client, org_a, editor_a_client, editor_b_client):
    OfferingFactory(title="Concept van A", provider=org_a, publication_status="draft")
    assert "Concept van A" in editor_a_client.get("/aanbod/").content.decode()
    assert "Concept van A" not in editor_b_client.get("/aanbod/").content.decode()
    assert "Concept van A" not in client.get("/aanbod/").content.decode()


def test_filters_and_htmx_keep_working(client):
    OfferingFactory(title="Alleen dit aanbod")
    assert client.get("/en/aanbod/", {"page": "x", "groep": "<b>"}).status_code == 200
    partial = client.get("/en/aanbod/", headers={"HX-Request": "true"}).content.decode()
    assert "Alleen dit aanbod" in partial and "1 result found" in partial


def test_the_list_reads_the_cards_columns_not_the_long_texts(client):
    OfferingFactory(title="Stadswandeling", description="Een lange tekst over de wandeling.")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(URL).content.decode()
    assert "Stadswandeling" in html
    listed = [query["sql"] for query in queries if 'FROM "offerings_offering"' in query["sql"]]
    assert listed and not any('"offerings_offering"."description"' in sql for sql in listed)
