"""The organisation page's activities, projects, documents, lines and people are one block cached per data version,
viewer scope and day (core.fragments): what changes shows at once, and contact details and drafts stay per scope."""

import pytest

from tests.factories import ActivityFactory, OrganisationFactory, PersonFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Bibliotheek Aan Zee", slug="bieb")


def test_a_new_activity_project_and_person_show_at_once(client, organisation):
    assert "No people registered yet" in client.get("/en/organisaties/bieb/").content.decode()
    ActivityFactory(title="Voorlezen op het strand", organisers=[organisation])
    ProjectFactory(title="Leesclub", leads=[organisation])
    PersonFactory(name="Anna de Boer", organisation=organisation)
    html = client.get("/en/organisaties/bieb/").content.decode()
    assert "Voorlezen op het strand" in html and "Leesclub" in html and "Anna de Boer" in html


def test_a_second_view_reads_the_block_from_the_cache(client, organisation, count_queries):
    ActivityFactory.create_batch(3, organisers=[organisation])
    _response, first = count_queries(client, "/organisaties/bieb/")
    _response, second = count_queries(client, "/organisaties/bieb/")
    assert second < first


def test_contact_details_and_drafts_stay_per_scope(client, member_client, org_a, editor_a_client, editor_b_client):
    PersonFactory(name="Piet", email="piet@example.org", organisation=org_a)
    ActivityFactory(title="Concept van A", organisers=[org_a], publication_status="draft")
    url = org_a.get_absolute_url()
    own = editor_a_client.get(url).content.decode()
    assert "Concept van A" in own and "piet@example.org" in own
    other = editor_b_client.get(url).content.decode()
    assert "Concept van A" not in other and "piet@example.org" in other
    assert "piet@example.org" in member_client.get(url).content.decode()
    public = client.get(url).content.decode()
    assert "Concept van A" not in public and "piet@example.org" not in public
