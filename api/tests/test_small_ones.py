"""Issue 20's smaller API findings: an empty PATCH changes nothing, the document requires what the server
requires, and an error answer speaks one language."""

import pytest

from tests.factories import ActivityFactory, ThemeFactory

from .test_writes import NEW, patch, post

# Words that only appear in pydantic's own English messages, never in rimpel's texts.
PYDANTIC_ENGLISH = ("Field required", "Input should", "String should", "valid integer", "valid date")


def test_an_empty_patch_leaves_a_published_activity_published(client, as_a, org_a):
    ThemeFactory(slug="natuur")
    activity = ActivityFactory(title="Open les", organisers=[org_a], sectors=["po"])
    assert activity.is_published
    for same in ({}, {"title": "Open les"}, {"themes": []}, {"target_sectors": ["po"]}):
        response = patch(client, f"/api/activities/{activity.slug}/", same, as_a)
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "published", same
        activity.refresh_from_db()
        assert activity.is_published, same
    # A real change still makes it a draft until a coordinator publishes it again.
    assert patch(client, f"/api/activities/{activity.slug}/", {"title": "Anders"}, as_a).json()["status"] == "draft"


def test_the_document_requires_what_the_server_requires(client):
    document = client.get("/api/openapi.json").json()
    required = set(document["components"]["schemas"]["ActivityIn"]["required"])
    assert {"title", "kind", "start_date"} <= required


def test_an_activity_without_kind_is_refused_as_the_document_says(client, as_a):
    without_kind = {name: value for name, value in NEW.items() if name != "kind"}
    response = post(client, "/api/activities/", without_kind, as_a)
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]


@pytest.mark.parametrize(
    "payload",
    [
        {"title": "Geen datum"},  # missing fields
        {**NEW, "title": "x" * 300},  # too long
        {**NEW, "start_date": "12 mei"},  # not a date
        {**NEW, "kind": "feest"},  # not a choice
        {**NEW, "themes": "natuur"},  # not a list
        {**NEW, "end_date": "2031-05-11"},  # the form's own check
    ],
)
@pytest.mark.parametrize("language,word", [("nl", "niet geldig"), ("en", "not valid")])
def test_api_errors_speak_the_language_asked_for(client, as_a, payload, language, word):
    response = post(client, "/api/activities/", payload, {**as_a, "HTTP_ACCEPT_LANGUAGE": language})
    assert response.status_code == 400
    body = response.json()
    assert word in body["detail"]
    messages = [message for field in body["errors"].values() for message in field]
    assert messages
    if language == "nl":
        for message in messages:
            assert not any(english in message for english in PYDANTIC_ENGLISH), message
