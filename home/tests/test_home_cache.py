"""The home page below its search form is cached per data version, viewer scope and day (core.fragments): what
changes shows at once, a viewer never gets another scope's drafts, and every table the block reads renews it."""

import pytest

from network.models import NetworkProfile
from tests.factories import ActivityFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_a_new_activity_and_a_changed_profile_show_at_once(client):
    profile = NetworkProfile.objects.create(name="Netwerk Oud", tagline="Samen leren.")
    assert "Netwerk Oud" in client.get("/").content.decode()
    ActivityFactory(title="Voorlezen in de wijk")
    profile.name = "Netwerk Nieuw"
    profile.save()
    html = client.get("/").content.decode()
    assert "Voorlezen in de wijk" in html and "Netwerk Nieuw" in html and "Netwerk Oud" not in html


def test_a_second_view_reads_the_block_from_the_cache(client, count_queries):
    ActivityFactory.create_batch(3)
    _response, first = count_queries(client, "/")
    _response, second = count_queries(client, "/")
    assert second < first / 2


def test_each_viewer_scope_has_its_own_drafts(client, org_a, editor_a_client, editor_b_client):
    ProjectFactory(title="Concept van A", leads=[org_a], publication_status="draft")
    assert "Concept van A" in editor_a_client.get("/").content.decode()
    assert "Concept van A" not in editor_b_client.get("/").content.decode()
    assert "Concept van A" not in client.get("/").content.decode()
