"""The coordinator's People pages: every login, filters, role changes, deactivation."""

import pytest
from django.core.cache import cache

from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/gebruikers/"


@pytest.fixture
def world(client):
    cache.clear()
    leiden = OrganisationFactory(name="Hogeschool Leiden", slug="hogeschool-leiden")
    gemeente = OrganisationFactory(name="Gemeente Leiden", slug="gemeente-leiden")
    coordinator = UserFactory(username="coordinator", is_coordinator=True, email="coo@example.org")
    anna = UserFactory(username="anna", first_name="Anna", last_name="Aalders", email="anna@example.org")
    bram = UserFactory(username="bram", first_name="Bram", last_name="Bos", email="bram@example.org")
    leiden.editors.add(anna)
    gemeente.members.add(bram)
    client.force_login(coordinator)
    return leiden, gemeente, coordinator, anna, bram


def usernames(response):
    return [account.username for account in response.context["page"].object_list]


def test_the_list_filters_by_organisation_role_status_and_search(client, world):
    leiden, gemeente, coordinator, anna, bram = world
    assert set(usernames(client.get(LIST_URL))) == {"coordinator", "anna", "bram"}
    assert usernames(client.get(LIST_URL, {"organisatie": gemeente.slug})) == ["bram"]
    assert usernames(client.get(LIST_URL, {"rol": "editor"})) == ["anna"]
    assert usernames(client.get(LIST_URL, {"rol": "member"})) == ["bram"]
    assert usernames(client.get(LIST_URL, {"rol": "coordinator"})) == ["coordinator"]
    assert usernames(client.get(LIST_URL, {"zoek": "bram@exa"})) == ["bram"]
    assert usernames(client.get(LIST_URL, {"zoek": "aalders"})) == ["anna"]
    assert usernames(client.get(LIST_URL, {"sorteer": "-naam", "rol": "editor"})) == ["anna"]
    bram.is_active = False
    bram.save()
    assert usernames(client.get(LIST_URL, {"actief": "nee"})) == ["bram"]
    body = client.get("/en" + LIST_URL).content.decode()
    assert "Hogeschool Leiden (editor)" in body and "Gemeente Leiden (member)" in body


def test_the_search_folds_the_case_of_every_letter(client, world):
    """Issue 20, finding 5: on SQLite too (core.sqlite_functions), as on PostgreSQL."""
    UserFactory(username="emile", first_name="Émile", last_name="Privé-Tester", email="emile@MÜNCHEN.de")
    assert usernames(client.get(LIST_URL, {"zoek": "émile privé-tester"})) == ["emile"]
    assert usernames(client.get(LIST_URL, {"zoek": "ÉMILE münchen"})) == ["emile"]


def test_an_account_without_a_role_says_so_instead_of_an_empty_cell(client, world):
    body = client.get(LIST_URL, {"rol": "coordinator"}).content.decode()
    assert '<span class="rimpel-meta">geen rol</span>' in body
    assert '<span class="rimpel-meta">geen rol</span>' not in client.get(LIST_URL, {"rol": "editor"}).content.decode()


def test_a_coordinator_changes_a_role(client, world):
    leiden, gemeente, coordinator, anna, bram = world
    response = client.post(f"/gebruikers/{bram.pk}/rol/", {"organisation": gemeente.slug, "role": "editor"})
    assert response.status_code == 302
    assert list(gemeente.editors.all()) == [bram] and not gemeente.members.exists()
    client.post(f"/gebruikers/{bram.pk}/rol/", {"organisation": gemeente.slug, "role": ""})
    assert not gemeente.editors.exists()
    assert client.get(f"/gebruikers/{anna.pk}/").context["roles"] == [(leiden, "editor")]


def test_deactivating_keeps_the_account_and_ends_its_login(client, world):
    leiden, gemeente, coordinator, anna, bram = world
    other = client.__class__()
    other.force_login(anna)
    assert client.get(f"/gebruikers/{anna.pk}/actief/").status_code == 200  # asks first
    anna.refresh_from_db()
    assert anna.is_active
    client.post(f"/gebruikers/{anna.pk}/actief/")
    anna.refresh_from_db()
    assert not anna.is_active and leiden.editors.filter(pk=anna.pk).exists()  # nothing removed
    assert other.get("/account/mijn-werk/").status_code == 302  # the session no longer counts
    client.post(f"/gebruikers/{anna.pk}/actief/")
    anna.refresh_from_db()
    assert anna.is_active


def test_a_coordinator_cannot_deactivate_themselves(client, world):
    coordinator = world[2]
    client.post(f"/gebruikers/{coordinator.pk}/actief/")
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_editors_do_not_see_the_people_pages(client, world):
    client.force_login(world[3])
    assert client.get(LIST_URL).status_code == 403
