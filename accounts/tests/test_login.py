import pytest
from django.core.cache import cache

from accounts.views import LOGIN_ATTEMPTS, LOGIN_ATTEMPTS_PER_USER
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_login_with_the_right_password_leads_to_my_work(client, db):
    UserFactory(username="anna")
    response = client.post("/en/account/inloggen/", {"username": "anna", "password": "password"})
    assert response.status_code == 302
    assert response["Location"].endswith("/account/mijn-werk/")


def test_wrong_password_keeps_the_user_name_and_says_what_is_wrong(client, db):
    UserFactory(username="anna")
    response = client.post("/en/account/inloggen/", {"username": "anna", "password": "wrong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="anna"' in body
    assert "correct username and password" in body


def test_failed_attempts_for_one_user_are_limited_per_address_even_with_the_right_password(client, db):
    UserFactory(username="anna")
    for _attempt in range(LOGIN_ATTEMPTS_PER_USER):
        assert client.post("/en/account/inloggen/", {"username": "anna", "password": "wrong"}).status_code == 200
    response = client.post("/en/account/inloggen/", {"username": "Anna ", "password": "password"})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_limit_is_explained_in_dutch(client, db):
    UserFactory(username="anna")
    for _attempt in range(LOGIN_ATTEMPTS_PER_USER):
        client.post("/account/inloggen/", {"username": "anna", "password": "wrong"})
    response = client.post("/account/inloggen/", {"username": "anna", "password": "password"})
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.content.decode()


def test_failed_attempts_over_many_user_names_are_limited_per_address(client, db):
    UserFactory(username="anna")
    for attempt in range(LOGIN_ATTEMPTS):
        response = client.post("/en/account/inloggen/", {"username": f"guess-{attempt}", "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/en/account/inloggen/", {"username": "anna", "password": "password"})
    assert response.status_code == 429


def test_another_address_is_not_limited(client, db):
    UserFactory(username="anna")
    for _attempt in range(LOGIN_ATTEMPTS_PER_USER):
        client.post("/en/account/inloggen/", {"username": "anna", "password": "wrong"})
    response = client.post(
        "/en/account/inloggen/", {"username": "anna", "password": "password"}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_is_limited_not_the_proxy(client, db, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    UserFactory(username="anna")
    for _attempt in range(LOGIN_ATTEMPTS_PER_USER):
        client.post(
            "/en/account/inloggen/",
            {"username": "anna", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    # Someone else behind the same proxy still logs in; a forged first hop does not escape the limit.
    other = client.post(
        "/en/account/inloggen/",
        {"username": "anna", "password": "password"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert other.status_code == 302
    client.logout()
    forged = client.post(
        "/en/account/inloggen/",
        {"username": "anna", "password": "password"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9",
    )
    assert forged.status_code == 429


def test_forwarded_addresses_from_untrusted_clients_are_ignored(client, db):
    UserFactory(username="anna")
    for attempt in range(LOGIN_ATTEMPTS_PER_USER):
        client.post(
            "/en/account/inloggen/", {"username": "anna", "password": "wrong"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}"
        )
    assert client.post("/en/account/inloggen/", {"username": "anna", "password": "password"}).status_code == 429


def test_a_login_takes_the_e_mail_address_too_also_after_it_changed(client, db):
    user = UserFactory(username="nina@example.org", email="nina.nieuw@example.org")
    response = client.post("/en/account/inloggen/", {"username": "Nina.Nieuw@example.org ", "password": "password"})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


def test_an_address_two_logins_share_opens_neither_but_their_names_still_do(client, db):
    UserFactory(username="a", email="gedeeld@example.org")
    UserFactory(username="b", email="gedeeld@example.org")
    assert (
        client.post("/en/account/inloggen/", {"username": "gedeeld@example.org", "password": "password"}).status_code
        == 200
    )
    assert client.post("/en/account/inloggen/", {"username": "b", "password": "password"}).status_code == 302


def test_a_right_password_gives_its_attempt_back(client, db):
    """Every login is counted before its password is checked (so attempts at once cannot all be checked); one that
    succeeds gives its place back, so a school's staff behind one address are not locked out by logging in."""
    UserFactory(username="anna")
    for _attempt in range(LOGIN_ATTEMPTS + 2):
        assert client.post("/en/account/inloggen/", {"username": "anna", "password": "password"}).status_code == 302
        client.logout()
    for _attempt in range(LOGIN_ATTEMPTS_PER_USER):
        assert client.post("/en/account/inloggen/", {"username": "anna", "password": "wrong"}).status_code == 200
    assert client.post("/en/account/inloggen/", {"username": "anna", "password": "wrong"}).status_code == 429
