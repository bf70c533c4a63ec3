"""The coordinator's pages for API tokens: list, issue (the secret shown once), revoke."""

import pytest

from api import tokens
from api.models import ApiToken


@pytest.mark.parametrize("persona_client", ["anonymous", "editor_a", "editor_b"], indirect=True)
@pytest.mark.parametrize("url", ["/api-sleutels/", "/api-sleutels/nieuw/"])
def test_only_coordinators_manage_tokens(persona_client, url):
    response = persona_client.get(url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/account/" in response["Location"]


def test_editors_cannot_issue_or_revoke(editor_a_client, org_a, coordinator):
    token, _secret = tokens.issue(org_a, "Site", coordinator)
    assert editor_a_client.post("/api-sleutels/nieuw/", {"organisation": org_a.slug, "label": "x"}).status_code == 403
    assert editor_a_client.post(f"/api-sleutels/{token.pk}/intrekken/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None and ApiToken.objects.count() == 1


def test_issuing_shows_the_secret_once_and_stores_only_its_hash(coordinator_client, org_a, client):
    response = coordinator_client.post("/api-sleutels/nieuw/", {"organisation": org_a.slug, "label": "Website"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = response.context["secret"]
    assert secret.encode() in response.content
    token = ApiToken.objects.get()
    assert token.organisation == org_a and token.label == "Website" and token.created_by.username == "coordinator"
    assert secret not in (token.key_hash, token.prefix) and secret.startswith(token.prefix)
    assert token.key_hash == tokens.hash_secret(secret)
    listing = coordinator_client.get(f"/api-sleutels/?organisatie={org_a.slug}")
    assert token.prefix.encode() in listing.content
    assert secret.encode() not in listing.content
    assert client.get("/api/activities/?status=draft", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_revoking_asks_first_then_refuses_the_token(coordinator_client, org_a, coordinator, client):
    token, secret = tokens.issue(org_a, "Website", coordinator)
    page = coordinator_client.get(f"/api-sleutels/{token.pk}/intrekken/")
    assert page.status_code == 200 and b'<form method="post"' in page.content
    token.refresh_from_db()
    assert token.revoked_at is None
    response = coordinator_client.post(f"/api-sleutels/{token.pk}/intrekken/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/activities/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_the_dashboard_links_coordinators_to_the_tokens(coordinator_client, editor_a_client):
    assert b"/api-sleutels/" in coordinator_client.get("/account/mijn-werk/").content
    assert b"/api-sleutels/" not in editor_a_client.get("/account/mijn-werk/").content
