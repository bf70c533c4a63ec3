"""Logging in and the "my work" dashboard: own organisations, drafts and the publish queue."""

import pytest

from core.models import PublicationStatus
from tests.factories import ActivityFactory, ProjectFactory

pytestmark = pytest.mark.django_db

URL = "/account/mijn-werk/"
DRAFT = PublicationStatus.DRAFT


@pytest.fixture
def drafts(org_a, org_b):
    ActivityFactory(title="Concept van A", organisers=[org_a], publication_status=DRAFT)
    ActivityFactory(title="Concept van B", organisers=[org_b], publication_status=DRAFT)
    ActivityFactory(title="Gepubliceerd van A", organisers=[org_a])
    ProjectFactory(code="A1", title="Projectconcept A", leads=[org_a], publication_status=DRAFT)
    ProjectFactory(code="B1", title="Projectconcept B", leads=[org_b], publication_status=DRAFT)


def titles(response, key):
    """The titles of the drafts of a kind ("draft_activities", "draft_projects") the page lists."""
    label = {"draft_activities": "Activiteiten", "draft_projects": "Projecten"}[key]
    [kind] = [kind for kind in response.context["work"].drafts or [] if str(kind.label) == label] or [None]
    return sorted(draft.record.title for draft in kind.drafts) if kind else []


def test_anonymous_goes_to_login(anonymous_client):
    response = anonymous_client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/account/inloggen/?next={URL}"


def test_login_leads_to_the_dashboard(anonymous_client, editor_a):
    response = anonymous_client.post("/account/inloggen/", {"username": "editor-a", "password": "password"})
    assert response.status_code == 302
    assert response["Location"] == URL
    assert "Organisatie A" in anonymous_client.get(URL).content.decode()


def test_wrong_password_stays_on_the_login_page(anonymous_client, editor_a):
    response = anonymous_client.post("/account/inloggen/", {"username": "editor-a", "password": "fout"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in anonymous_client.session


def test_editor_sees_own_organisations_and_drafts_only(editor_a_client, drafts):
    response = editor_a_client.get(URL)
    assert response.status_code == 200
    assert [org.name for org in response.context["organisations"]] == ["Organisatie A"]
    assert titles(response, "draft_activities") == ["Concept van A"]
    assert titles(response, "draft_projects") == ["Projectconcept A"]
    assert not response.context["may_publish"]
    html = response.content.decode()
    assert "Concept van A" in html and "Concept van B" not in html and "Gepubliceerd van A" not in html
    assert 'href="/agenda/nieuw/"' in html and 'href="/projecten/nieuw/"' in html
    assert 'href="/organisaties/nieuw/"' not in html


def test_coordinator_sees_every_draft(coordinator_client, drafts):
    response = coordinator_client.get(URL)
    assert titles(response, "draft_activities") == ["Concept van A", "Concept van B"]
    assert titles(response, "draft_projects") == ["Projectconcept A", "Projectconcept B"]
    assert response.context["may_publish"]
    assert 'href="/organisaties/nieuw/"' in response.content.decode()


def test_member_without_organisation_sees_no_drafts_and_no_create_links(member_client, drafts):
    response = member_client.get(URL)
    assert response.status_code == 200
    assert titles(response, "draft_activities") == []
    assert titles(response, "draft_projects") == []
    assert 'href="/agenda/nieuw/"' not in response.content.decode()


def test_a_draft_with_two_own_organisers_is_listed_once(editor_a_client, editor_a, org_a, org_b):
    org_b.editors.add(editor_a)
    ActivityFactory(title="Gedeeld concept", organisers=[org_a, org_b], publication_status=DRAFT)
    assert titles(editor_a_client.get(URL), "draft_activities") == ["Gedeeld concept"]


def test_logout(editor_a_client):
    response = editor_a_client.post("/account/uitloggen/")
    assert response.status_code == 302
    assert editor_a_client.get(URL).status_code == 302
