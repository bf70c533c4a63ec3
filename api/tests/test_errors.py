"""Every error the API gives is JSON with a detail; rate limits answer 429 with Retry-After."""

import pytest

from tests.factories import ActivityFactory


def test_errors_are_json(client, as_a, org_b):
    cases = [
        (client.get("/api/activities/?kind=nope"), 400),
        (client.get("/api/activities/", HTTP_AUTHORIZATION="Bearer wrong"), 401),
        (client.post("/api/activities/", {}, content_type="application/json"), 401),
        (
            client.patch(
                f"/api/activities/{ActivityFactory(organisers=[org_b]).slug}/",
                {},
                content_type="application/json",
                **as_a,
            ),
            403,
        ),
        (client.get("/api/activities/nope/"), 404),
        (client.post("/api/activities/", "not json", content_type="application/json", **as_a), 400),
    ]
    for response, status in cases:
        assert response.status_code == status, response.content
        assert isinstance(response.json()["detail"], str) and response.json()["detail"]


def test_anonymous_requests_are_limited_per_address(client, settings):
    settings.API_LIMIT_PER_ADDRESS = 3
    for _attempt in range(3):
        assert client.get("/api/activities/").status_code == 200
    limited = client.get("/api/activities/")
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= settings.API_LIMIT_WINDOW
    assert limited.json()["detail"]
    # Another address has its own count.
    assert client.get("/api/activities/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_a_token_has_its_own_limit(client, settings, as_a):
    settings.API_LIMIT_PER_ADDRESS = 1
    settings.API_LIMIT_PER_TOKEN = 2
    assert client.get("/api/activities/").status_code == 200
    assert client.get("/api/activities/").status_code == 429
    assert client.get("/api/activities/", **as_a).status_code == 200
    assert client.get("/api/activities/", **as_a).status_code == 200
    assert client.get("/api/activities/", **as_a).status_code == 429


def test_wrong_tokens_count_against_the_address(client, settings):
    settings.API_LIMIT_PER_ADDRESS = 2
    headers = {"HTTP_AUTHORIZATION": "Bearer rimpel_guess"}
    assert [client.get("/api/activities/", **headers).status_code for _ in range(3)] == [401, 401, 429]


@pytest.mark.parametrize("method", ["put", "delete"])
def test_unsupported_methods_are_refused(client, method):
    assert getattr(client, method)("/api/activities/").status_code == 405
