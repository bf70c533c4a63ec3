"""Deleting an activity, project or person: asked first, allowed to the same people who may edit it."""

import pytest

from activities.models import Activity
from network.models import Person
from projects.models import Project
from tests.factories import ActivityFactory, PersonFactory, ProjectFactory

# persona → may delete a record of organisation A
ALLOWED = {"anonymous": False, "coordinator": True, "editor_a": True, "editor_b": False}


def _records(org_a, status="draft"):
    return {
        "activity": (
            ActivityFactory(organisers=[org_a], publication_status=status),
            Activity,
            "/agenda/{0.slug}/verwijderen/",
        ),
        "project": (
            ProjectFactory(leads=[org_a], publication_status=status),
            Project,
            "/projecten/{0.slug}/verwijderen/",
        ),
        "person": (PersonFactory(organisation=org_a), Person, "/mensen/{0.pk}/verwijderen/"),
    }


@pytest.mark.parametrize("kind", ["activity", "project", "person"])
@pytest.mark.parametrize("persona_client", list(ALLOWED), indirect=True)
def test_only_editors_of_the_organisation_and_coordinators_may_delete(persona_client, request, org_a, kind):
    record, model, url_pattern = _records(org_a)[kind]
    url = url_pattern.format(record)
    persona = request.node.callspec.params["persona_client"]

    confirmation = persona_client.get(url)
    response = persona_client.post(url)

    if ALLOWED[persona]:
        assert confirmation.status_code == 200
        assert str(record) in confirmation.content.decode()
        assert model.objects.filter(pk=record.pk).exists() is False
        assert response.status_code == 302
    else:
        # A draft (activity, project) is hidden from an editor of another organisation: 404, not 403 (issue 20).
        hidden = persona != "anonymous" and getattr(record, "is_published", True) is False
        expected = 302 if persona == "anonymous" else 404 if hidden else 403
        assert confirmation.status_code == expected
        assert response.status_code == expected
        if persona == "anonymous":
            assert "/account/inloggen/" in response["Location"]
        assert model.objects.filter(pk=record.pk).exists()


def test_asking_does_not_delete(coordinator_client, org_a):
    activity = ActivityFactory(organisers=[org_a])
    response = coordinator_client.get(f"/agenda/{activity.slug}/verwijderen/")
    assert response.status_code == 200
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert activity.get_absolute_url() in response.content.decode()


def test_deleting_a_person_leads_back_to_their_organisation(editor_a_client, org_a):
    person = PersonFactory(organisation=org_a, name="Sanne de Vries")
    response = editor_a_client.post(f"/mensen/{person.pk}/verwijderen/")
    assert response["Location"] == org_a.get_absolute_url()
    page = editor_a_client.get(org_a.get_absolute_url()).content.decode()
    assert "Sanne de Vries" not in page


@pytest.mark.parametrize("kind", ["activity", "project"])
def test_an_editor_cannot_delete_what_is_published(editor_a_client, coordinator_client, org_a, kind):
    record, model, url_pattern = _records(org_a, status="published")[kind]
    url = url_pattern.format(record)
    assert editor_a_client.post(url).status_code == 403
    assert model.objects.filter(pk=record.pk).exists()
    assert coordinator_client.post(url).status_code == 302
    assert not model.objects.filter(pk=record.pk).exists()
