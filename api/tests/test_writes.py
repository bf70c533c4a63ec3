"""Writing with an organisation's token: activities land as drafts, stories enter moderation."""

import uuid

import pytest

from activities.models import Activity
from api import tokens
from stories.models import Story
from stories.tests.factories import ENCOUNTER, UNDERSTANDING, dim, make_link, make_programme
from tests.factories import ActivityFactory, ThemeFactory

NEW = {
    "title": "Open les natuurkunde",
    "kind": "workshop",
    "start_date": "2031-05-12",
    "start_time": "14:00",
    "end_time": "16:00",
    "target_sectors": ["vo"],
    "place": "Leiden",
}


def post(client, url, data, headers):
    return client.post(url, data, content_type="application/json", **headers)


def patch(client, url, data, headers):
    return client.patch(url, data, content_type="application/json", **headers)


def test_a_token_adds_a_draft_activity_of_its_organisation(client, as_a, org_a):
    theme = ThemeFactory(slug="natuur")
    response = post(client, "/api/activities/", {**NEW, "themes": ["natuur"]}, as_a)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["organisers"] == [{"slug": org_a.slug, "name": org_a.name}]
    activity = Activity.objects.get(slug=body["slug"])
    assert activity.publication_status == "draft"
    assert list(activity.themes.all()) == [theme]
    assert activity.local_start.hour == 14 and activity.local_end.hour == 16
    # The draft is not public, but the token reads it back.
    assert client.get(f"/api/activities/{activity.slug}/").status_code == 404
    assert client.get(f"/api/activities/{activity.slug}/", **as_a).status_code == 200
    assert [a["slug"] for a in client.get("/api/activities/?status=draft", **as_a).json()["results"]] == [activity.slug]


def test_invalid_activities_get_per_field_errors(client, as_a):
    response = post(client, "/api/activities/", {**NEW, "kind": "open_day", "end_date": "2031-05-11"}, as_a)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"school_type", "end_date"}
    assert post(client, "/api/activities/", {"title": "No date"}, as_a).status_code == 400
    assert post(client, "/api/activities/", {**NEW, "themes": ["unknown"]}, as_a).json()["errors"]["themes"]


def test_a_token_cannot_name_another_organisation(client, as_a, org_b):
    response = post(client, "/api/activities/", {**NEW, "organisers": [org_b.slug]}, as_a)
    assert response.status_code == 400
    assert "organisers" in response.json()["errors"]


def test_changing_an_activity_makes_it_a_draft_again(client, as_a, org_a, org_b):
    activity = ActivityFactory(title="Oud", organisers=[org_a, org_b], sectors=["po"])
    response = patch(client, f"/api/activities/{activity.slug}/", {"title": "Nieuw"}, as_a)
    assert response.status_code == 200, response.content
    activity.refresh_from_db()
    assert activity.title == "Nieuw"
    assert activity.publication_status == "draft"
    assert set(activity.organisers.all()) == {org_a, org_b}  # the co-organiser stays
    assert list(activity.target_sectors.values_list("sector", flat=True)) == ["po"]


def test_a_token_may_not_change_another_organisations_activity(client, as_a, org_b):
    activity = ActivityFactory(organisers=[org_b])
    response = patch(client, f"/api/activities/{activity.slug}/", {"title": "Gekaapt"}, as_a)
    assert response.status_code == 403
    assert response.json()["detail"]
    activity.refresh_from_db()
    assert activity.title != "Gekaapt"


def test_writing_needs_a_token(client):
    response = post(client, "/api/activities/", NEW, {})
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_revoked_token_is_refused(client, org_a, coordinator):
    token, secret = tokens.issue(org_a, "Oud", coordinator)
    tokens.revoke(token)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert post(client, "/api/activities/", NEW, headers).status_code == 401
    assert client.get("/api/activities/", **headers).status_code == 401  # reads too: the token is wrong
    assert client.get("/api/activities/", HTTP_AUTHORIZATION="Bearer rimpel_made-up").status_code == 401
    assert client.get("/api/activities/", HTTP_AUTHORIZATION="Basic abc").status_code == 401
    assert not Activity.objects.exists()


def test_last_use_is_recorded(client, as_a, org_a):
    client.get("/api/activities/", **as_a)
    assert org_a.api_tokens.get().last_used_at is not None


def _story(link_code, **extra):
    return {
        "link": link_code,
        "respondent_role": "docent vo",
        "consent": "role",
        "parts": [{"ring": 1, "dimension": dim(ENCOUNTER).pk, "text": "Ik leerde collega's kennen."}],
        **extra,
    }


def test_a_story_through_the_organisations_link_waits_for_moderation(client, as_a, org_a):
    activity = ActivityFactory(organisers=[org_a])
    make_link(code="abc2345", activity=activity)
    response = post(client, "/api/stories/", _story("abc2345", respondent_name="Piet", email="p@example.org"), as_a)
    assert response.status_code == 201, response.content
    story = Story.objects.get(pk=response.json()["id"])
    assert response.json()["status"] == "new" == story.status
    assert story.activity == activity
    assert story.respondent_name == "" and story.email == ""  # consent "role": no name kept
    assert client.get("/api/stories/").json()["count"] == 0  # not published yet


def test_a_story_can_be_retried_safely(client, as_a, org_a):
    make_link(code="abc2345", activity=ActivityFactory(organisers=[org_a]))
    submission = str(uuid.uuid4())
    first = post(client, "/api/stories/", _story("abc2345", submission=submission), as_a)
    second = post(client, "/api/stories/", _story("abc2345", submission=submission), as_a)
    assert first.json()["id"] == second.json()["id"]
    assert Story.objects.count() == 1


def test_a_story_for_a_programme_link(client, as_a, org_a):
    programme = make_programme(organisations=[org_a])
    make_link(code="prog234", programme=programme)
    response = post(
        client,
        "/api/stories/",
        _story(
            "prog234",
            parts=[
                {"ring": 1, "dimension": dim(ENCOUNTER).pk, "text": "Ontmoeting"},
                {"ring": 2, "dimension": dim(UNDERSTANDING).pk, "text": "Begrip"},
            ],
        ),
        as_a,
    )
    assert response.status_code == 201, response.content
    story = Story.objects.get()
    assert story.programme == programme and story.activity is None
    assert story.parts.count() == 2


@pytest.mark.parametrize(
    "change, field",
    [
        ({"parts": []}, "non_field"),
        ({"parts": [{"ring": 2, "dimension": 1, "text": "Alleen ring 2"}]}, "parts.1.text"),
        ({"consent": "named"}, "respondent_name"),
        ({"email": "geen-adres"}, "email"),
    ],
)
def test_invalid_stories_get_per_field_errors(client, as_a, org_a, change, field):
    make_link(code="abc2345", activity=ActivityFactory(organisers=[org_a]))
    response = post(client, "/api/stories/", {**_story("abc2345"), **change}, as_a)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_a_story_through_another_organisations_link_is_forbidden(client, as_a, org_b):
    make_link(code="bbb2345", activity=ActivityFactory(organisers=[org_b]))
    assert post(client, "/api/stories/", _story("bbb2345"), as_a).status_code == 403
    assert post(client, "/api/stories/", _story("nolink9"), as_a).status_code == 400
    assert not Story.objects.exists()


def test_a_closed_link_takes_no_stories(client, as_a, org_a):
    make_link(code="abc2345", activity=ActivityFactory(organisers=[org_a]), is_open=False)
    response = post(client, "/api/stories/", _story("abc2345"), as_a)
    assert response.status_code == 400
    assert "link" in response.json()["errors"]


def test_times_are_local_and_without_offset(client, as_a):
    response = post(client, "/api/activities/", {**NEW, "start_time": "14:00:00Z"}, as_a)
    assert response.status_code == 400
    assert "start_time" in response.json()["errors"]


def test_a_nul_character_anywhere_is_refused_before_the_database_sees_it(client, as_a):
    # Found by the fuzz test on PostgreSQL, which cannot store NUL: a link code "\u0000" gave a 500.
    assert post(client, "/api/stories/", _story("\u0000"), as_a).status_code == 400
    assert post(client, "/api/activities/", {**NEW, "title": "Les\u0000"}, as_a).status_code == 400
    assert client.get("/api/activities/", {"theme": "x\x00"}).status_code == 400
