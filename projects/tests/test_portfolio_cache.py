"""The project list's filters and projects are cached per data version and viewer (core.fragments): a new or
renamed project or partner shows at once, and a viewer never gets another scope's drafts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_a_new_project_and_a_renamed_partner_show_at_once(client):
    partner = OrganisationFactory(name="Oude naam")
    ProjectFactory(title="Groene schoolpleinen", partners=[partner])
    assert "Groene schoolpleinen" in client.get("/projecten/").content.decode()
    ProjectFactory(title="Lezen met opa")
    partner.name = "Nieuwe naam"
    partner.save()
    html = client.get("/projecten/").content.decode()
    assert "Lezen met opa" in html and "Groene schoolpleinen" in html
    assert "Nieuwe naam" in html and "Oude naam" not in html


def test_a_second_view_reads_the_blocks_from_the_cache(client, count_queries):
    ProjectFactory.create_batch(3)
    _response, first = count_queries(client, "/projecten/")
    _response, second = count_queries(client, "/projecten/")
    assert second < first / 2


def test_each_viewer_scope_has_its_own_drafts(client, org_a, editor_a_client, editor_b_client):
    ProjectFactory(title="Concept van A", leads=[org_a], publication_status="draft")
    assert "Concept van A" in editor_a_client.get("/projecten/").content.decode()
    assert "Concept van A" not in editor_b_client.get("/projecten/").content.decode()
    assert "Concept van A" not in client.get("/projecten/").content.decode()


def test_filters_and_htmx_keep_working(client):
    ProjectFactory(title="Alleen dit project")
    assert client.get("/en/projecten/", {"page": "x", "thema": "<b>"}).status_code == 200
    partial = client.get("/en/projecten/", headers={"HX-Request": "true"}).content.decode()
    assert "Alleen dit project" in partial and "1 result found" in partial


def test_the_list_reads_only_what_its_cards_show(client):
    """Leads, not partners or themes (those are in the export), and a fixed number of queries however many projects."""
    partner = OrganisationFactory(name="Stille partner")
    ProjectFactory.create_batch(3, partners=[partner])
    with CaptureQueriesContext(connection) as few:
        client.get("/projecten/")
    ProjectFactory.create_batch(6, partners=[partner])
    with CaptureQueriesContext(connection) as many:
        html = client.get("/projecten/").content.decode()
    assert len(many) == len(few)
    assert not any("projects_project_partners" in query["sql"] for query in many)
    assert not any("projects_project_themes" in query["sql"] for query in many)
    assert "9 projecten" in html
    export = client.get("/projecten/", {"formaat": "csv"}).content.decode()
    assert "Stille partner" in export


def test_an_organisation_page_links_the_projects_it_leads_and_is_a_partner_in(client):
    organisation = OrganisationFactory(name="Bieb", slug="bieb")
    led = ProjectFactory(title="Leesclub", leads=[organisation])
    partnered = ProjectFactory(title="Groen plein", partners=[organisation])
    html = client.get("/organisaties/bieb/").content.decode()
    assert f'href="{led.get_absolute_url()}">{led.code} Leesclub</a>' in html
    assert f'href="{partnered.get_absolute_url()}">{partnered.code} Groen plein</a>' in html
    english = client.get("/en/organisaties/bieb/").content.decode()
    assert f'href="/en/projecten/{partnered.slug}/"' in english
