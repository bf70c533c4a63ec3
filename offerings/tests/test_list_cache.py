"""The offerings list's filters and offerings are cached per data version, viewer and day (core.fragments): a new
or changed offering shows at once, and a viewer never gets another scope's drafts."""

import pytest

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
