"""Adding and editing people: editors only for their own organisations."""

import pytest

from network.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

CREATE_URL = "/mensen/nieuw/"


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/?next=")


def form_data(organisation, **overrides):
    data = {
        "name": "Sanne Jansen",
        "role": "verkenner",
        "job_title": "Leerkracht",
        "organisation": organisation.pk,
        "email": "sanne@example.org",
        "phone": "",
        "form_token": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def person_a(org_a):
    return PersonFactory(name="Piet Bakker", organisation=org_a, email="piet@example.org")


class TestCreate:
    @pytest.mark.parametrize(
        "persona_client, choices",
        [
            ("anonymous", None),
            ("coordinator", {"Organisatie A", "Organisatie B"}),
            ("editor_a", {"Organisatie A"}),
            ("editor_b", {"Organisatie B"}),
        ],
        indirect=["persona_client"],
    )
    def test_get_offers_only_own_organisations(self, persona_client, choices, org_a, org_b):
        response = persona_client.get(CREATE_URL)
        if choices is None:
            assert_login_redirect(response)
            return
        assert response.status_code == 200
        assert {org.name for org in response.context["form"].fields["organisation"].queryset} == choices

    def test_member_without_organisation_is_refused(self, member_client):
        assert member_client.get(CREATE_URL).status_code == 403
        assert member_client.post(CREATE_URL, {"name": "X"}).status_code == 403

    @pytest.mark.parametrize(
        "persona_client, allowed",
        [("anonymous", False), ("coordinator", True), ("editor_a", True), ("editor_b", False)],
        indirect=["persona_client"],
    )
    def test_post_for_organisation_a(self, persona_client, allowed, org_a):
        response = persona_client.post(CREATE_URL, form_data(org_a))
        person = Person.objects.filter(name="Sanne Jansen").first()
        if allowed:
            assert response.status_code == 302
            assert response["Location"] == person.get_absolute_url()
            assert person.organisation == org_a
        else:
            assert person is None
            if response.status_code == 200:  # editor B: the organisation is not a valid choice
                assert "organisation" in response.context["form"].errors

    def test_editor_a_cannot_add_someone_to_organisation_b(self, editor_a_client, org_b):
        response = editor_a_client.post(CREATE_URL, form_data(org_b))
        assert response.status_code == 200
        assert "organisation" in response.context["form"].errors
        assert 'value="Sanne Jansen"' in response.content.decode()
        assert not Person.objects.exists()

    def test_posted_twice_saves_once(self, editor_a_client, org_a):
        token = editor_a_client.get(CREATE_URL).context["form"].initial["form_token"]
        first = editor_a_client.post(CREATE_URL, form_data(org_a, form_token=token))
        second = editor_a_client.post(CREATE_URL, form_data(org_a, form_token=token))
        assert Person.objects.count() == 1
        assert second.status_code == 302
        assert second["Location"] == first["Location"] == Person.objects.get().get_absolute_url()

    def test_invalid_email_keeps_what_was_typed(self, editor_a_client, org_a):
        response = editor_a_client.post(CREATE_URL, form_data(org_a, email="geen-adres"))
        assert response.status_code == 200
        assert "email" in response.context["form"].errors
        assert 'value="Sanne Jansen"' in response.content.decode()
        assert not Person.objects.exists()


class TestEdit:
    @pytest.mark.parametrize(
        "persona_client, expected",
        [("anonymous", "login"), ("coordinator", 200), ("editor_a", 200), ("editor_b", 403)],
        indirect=["persona_client"],
    )
    def test_get(self, persona_client, expected, person_a):
        response = persona_client.get(f"/mensen/{person_a.pk}/bewerken/")
        if expected == "login":
            assert_login_redirect(response)
        else:
            assert response.status_code == expected
        if expected == 200:
            assert 'value="Piet Bakker"' in response.content.decode()

    @pytest.mark.parametrize(
        "persona_client, allowed",
        [("anonymous", False), ("coordinator", True), ("editor_a", True), ("editor_b", False)],
        indirect=["persona_client"],
    )
    def test_post(self, persona_client, allowed, person_a, org_a):
        response = persona_client.post(
            f"/mensen/{person_a.pk}/bewerken/", form_data(org_a, name="Piet Bakker", job_title="Directeur")
        )
        person_a.refresh_from_db()
        if allowed:
            assert response.status_code == 302
            assert response["Location"] == person_a.get_absolute_url()
            assert person_a.job_title == "Directeur"
        else:
            assert response.status_code in (302, 403)
            assert person_a.job_title == ""

    def test_editor_a_cannot_move_a_person_to_organisation_b(self, editor_a_client, person_a, org_a, org_b):
        response = editor_a_client.post(f"/mensen/{person_a.pk}/bewerken/", form_data(org_b, name="Piet Bakker"))
        assert response.status_code == 200
        assert "organisation" in response.context["form"].errors
        person_a.refresh_from_db()
        assert person_a.organisation == org_a

    def test_coordinator_may_move_a_person(self, coordinator_client, person_a, org_b):
        coordinator_client.post(f"/mensen/{person_a.pk}/bewerken/", form_data(org_b, name="Piet Bakker"))
        person_a.refresh_from_db()
        assert person_a.organisation == org_b

    def test_missing_person_is_404(self, coordinator_client):
        assert coordinator_client.get("/mensen/999999/bewerken/").status_code == 404
