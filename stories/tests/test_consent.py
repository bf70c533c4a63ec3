"""Who sees which story, and how much of its respondent: consent × status × persona."""

import itertools
import json
import re

import pytest

from stories.models import Story
from stories.tests.factories import make_line, make_programme, make_story
from tests.factories import ActivityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CONSENTS = ("role", "named", "internal")
STATUSES = ("new", "published", "rejected")
PUBLIC = {("role", "published"), ("named", "published")}


def details(consent, status):
    return {
        "role": f"rol-{consent}-{status}",
        "name": f"Naam-{consent}-{status}",
        "organisation_name": f"Organisatie-{consent}-{status}",
        "email": f"{consent}.{status}@example.org",
    }


@pytest.fixture
def matrix(org_a):
    """One story per consent and status, about an activity organised by org_a, with every personal detail filled
    in (as an editor may have entered them), so any leak shows."""
    programme = make_programme(organisations=[org_a])
    activity = ActivityFactory(title="Netwerkdag", organisers=[org_a])
    line = make_line(programme, "1", "Kansen", activities=[activity])
    return {
        (consent, status): make_story(
            programme=programme,
            line=line,
            activity=activity,
            consent=consent,
            status=status,
            **details(consent, status),
        )
        for consent, status in itertools.product(CONSENTS, STATUSES)
    }


def shown_roles(body):
    return set(re.findall(r"rol-(\w+)-(\w+)", body))


@pytest.mark.parametrize("url", ["/en/verhalen/", "/en/programmas/p/verhalen/"])
@pytest.mark.parametrize("persona_client", ["anonymous", "editor_b"], indirect=True)
def test_the_public_book_shows_accepted_stories_that_may_be_published(persona_client, matrix, url):
    body = persona_client.get(url).content.decode()
    assert "2 stories</p>" in body
    assert shown_roles(body) == PUBLIC
    assert "@example.org" not in body
    assert "Naam-named-published" in body and "Organisatie-named-published" in body
    assert "Naam-role-published" not in body and "Organisatie-role-published" not in body


@pytest.mark.parametrize("persona_client", ["anonymous", "editor_b"], indirect=True)
def test_a_story_page_exists_for_the_public_only_when_it_may_be_published(persona_client, matrix):
    for (consent, status), story in matrix.items():
        response = persona_client.get(f"/en/verhalen/{story.pk}/")
        if (consent, status) not in PUBLIC:
            assert response.status_code == 404, (consent, status)
            continue
        body = response.content.decode()
        assert response.status_code == 200
        assert f"rol-{consent}-{status}" in body
        assert "@example.org" not in body
        assert "Edit</a>" not in body and "Curate" not in body
        named = consent == "named"
        assert (f"Naam-{consent}-{status}" in body) is named
        assert (f"Organisatie-{consent}-{status}" in body) is named


@pytest.mark.parametrize("persona_client", ["coordinator", "editor_a"], indirect=True)
def test_the_coordinator_and_the_activitys_editor_see_every_story_in_full(persona_client, matrix):
    for (consent, status), story in matrix.items():
        response = persona_client.get(f"/en/verhalen/{story.pk}/")
        assert response.status_code == 200, (consent, status)
        body = response.content.decode()
        for value in details(consent, status).values():
            assert value in body, (consent, status, value)
        assert f'href="/en/verhalen/{story.pk}/bewerken/"' in body


def test_the_activitys_editor_sees_accepted_internal_stories_in_the_book_in_full(editor_a_client, matrix):
    body = editor_a_client.get("/en/verhalen/").content.decode()
    assert shown_roles(body) == PUBLIC | {("internal", "published")}
    assert "Naam-role-published" in body and "Naam-internal-published" in body
    assert "@example.org" not in body  # the book never shows addresses; the story page does


def test_only_the_coordinator_sees_the_curating_tools(coordinator_client, editor_a_client, matrix):
    story = matrix["role", "new"]
    assert "Curate" in coordinator_client.get(f"/en/verhalen/{story.pk}/").content.decode()
    assert "Curate" not in editor_a_client.get(f"/en/verhalen/{story.pk}/").content.decode()


def test_a_merged_story_is_not_public(anonymous_client, matrix):
    story = matrix["role", "published"]
    Story.objects.filter(pk=story.pk).update(status="merged", merged_into=matrix["named", "published"])
    assert anonymous_client.get(f"/en/verhalen/{story.pk}/").status_code == 404
    assert "1 story</p>" in anonymous_client.get("/en/verhalen/").content.decode()


def test_the_respondent_export_holds_everything_for_the_coordinator(coordinator_client, matrix):
    response = coordinator_client.post(
        "/en/verhalen/respondent/", {"respondent": "internal.new@example.org", "action": "export"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="respondent.json"'
    (exported,) = json.loads(response.content)["stories"]
    assert exported["id"] == matrix["internal", "new"].pk
    assert {key: exported[key] for key in ("role", "name", "organisation", "email", "consent")} == {
        "role": "rol-internal-new",
        "name": "Naam-internal-new",
        "organisation": "Organisatie-internal-new",
        "email": "internal.new@example.org",
        "consent": "internal",
    }
    assert [part["ring"] for part in exported["parts"]] == [1]


@pytest.mark.parametrize(
    "persona_client, expected", [("anonymous", 302), ("editor_a", 403), ("editor_b", 403)], indirect=["persona_client"]
)
def test_nobody_else_gets_a_respondents_data_or_erases_it(persona_client, expected, matrix):
    for data in (
        {"respondent": "named.new@example.org", "action": "export"},
        {"respondent": "named.new@example.org", "action": "anonymise"},
        {"respondent": "named.new@example.org", "action": "delete", "confirm": "1"},
    ):
        response = persona_client.post("/en/verhalen/respondent/", data)
        assert response.status_code == expected
        assert b"example.org" not in response.content
        if expected == 302:
            assert "/account/inloggen/" in response["Location"]
    search = persona_client.get("/en/verhalen/respondent/?respondent=named.new@example.org")
    assert search.status_code == expected and b"Naam-named-new" not in search.content
    story = Story.objects.get(pk=matrix["named", "new"].pk)
    assert (story.respondent_name, story.email) == ("Naam-named-new", "named.new@example.org")


def test_a_member_without_organisations_gets_no_export(member_client, matrix):
    assert (
        member_client.post(
            "/en/verhalen/respondent/", {"respondent": "role.new@example.org", "action": "export"}
        ).status_code
        == 403
    )


def test_anonymising_through_the_page_keeps_the_story_by_role(coordinator_client, anonymous_client, matrix):
    story = matrix["named", "published"]
    response = coordinator_client.post(
        "/en/verhalen/respondent/", {"respondent": "Naam-named-published", "action": "anonymise"}
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.respondent_name, story.email, story.organisation_name, story.consent) == ("", "", "", "role")
    body = anonymous_client.get(f"/en/verhalen/{story.pk}/").content.decode()
    assert "rol-named-published" in body and "Naam-named-published" not in body


def test_deleting_through_the_page_needs_the_confirmation(coordinator_client, matrix):
    story = matrix["named", "new"]
    unconfirmed = coordinator_client.post(
        "/en/verhalen/respondent/", {"respondent": "named.new@example.org", "action": "delete"}
    )
    assert unconfirmed.status_code == 302
    assert Story.objects.filter(pk=story.pk).exists()
    confirmed = coordinator_client.post(
        "/en/verhalen/respondent/", {"respondent": "named.new@example.org", "action": "delete", "confirm": "1"}
    )
    assert confirmed.status_code == 302
    assert not Story.objects.filter(pk=story.pk).exists()
    assert Story.objects.count() == 8
