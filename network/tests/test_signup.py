"""Self sign-up: the form mails a link (or, for an address with a login, a pointer to the password reset), the link
sets a password once, and the login is a member at once or after a coordinator approves."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from accounts.models import User
from network import services
from network.models import NetworkProfile, SignUp
from notifications.models import Kind, Notification
from notifications.services import collect_waiting, waiting_work
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/aanmelden/"
SENT_URL = "/aanmelden/verstuurd/"
LIST_URL = "/aanmeldingen/"
PASSWORD = "een-lang-wachtwoord-42"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def leiden():
    return OrganisationFactory(name="Hogeschool Leiden", slug="hogeschool-leiden")


@pytest.fixture
def coordinator():
    return UserFactory(username="coordinator", is_coordinator=True)


@pytest.fixture
def approval_on():
    services.set_signup_needs_approval(True)


def form_data(**overrides) -> dict:
    return {
        "first_name": "Sanne",
        "last_name": "de Vries",
        "email": "sanne@example.org",
        "organisation": "Hogeschool Leiden",
        "consent": "on",
        **overrides,
    }


def link_in(message) -> str:
    return urlsplit(re.search(r"https?://\S+/aanmelden/\S+/", message.body).group(0)).path


def sign_up(client, **overrides):
    return client.post(SIGNUP_URL, form_data(**overrides))


def sign_up_and_verify(client, **overrides):
    sign_up(client, **overrides)
    link = link_in(mail.outbox[-1])
    return client.post(link, {"password1": PASSWORD, "password2": PASSWORD})


def test_a_new_address_gets_a_link_that_makes_a_member_of_the_chosen_organisation(client, leiden):
    person = PersonFactory(name="Sanne de Vries", organisation=leiden, email="Sanne@example.org")
    page = client.get(SIGNUP_URL).content.decode()
    assert '<option value="Hogeschool Leiden">' in page and 'list="organisation-names"' in page
    assert 'href="/privacy/"' in page

    response = sign_up(client)
    assert response.status_code == 302 and response["Location"] == SENT_URL
    [message] = mail.outbox
    assert message.to == ["sanne@example.org"]
    assert "Bevestig je aanmelding" in message.subject  # Dutch, the page's language
    assert message.alternatives[0][1] == "text/html"
    signup = SignUp.objects.get()
    token = link_in(message).rstrip("/").rsplit("/", 1)[1]
    assert token not in signup.token_hash  # only the hash is stored
    assert abs(signup.expires_at - signup.created_at - timedelta(hours=48)) < timedelta(seconds=5)

    link = link_in(message)
    assert "wachtwoord" in client.get(link).content.decode()
    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/account/mijn-werk/"
    user = User.objects.get(email="sanne@example.org")
    assert user.is_active and user.get_full_name() == "Sanne de Vries"
    assert list(user.member_organisations.all()) == [leiden] and not user.editable_organisations.exists()
    person.refresh_from_db()
    assert person.user == user
    dashboard = client.get("/account/mijn-werk/").content.decode()
    assert "Welkom" in dashboard and "Hogeschool Leiden" in dashboard
    assert client.get("/vragen/nieuw/").status_code == 200  # a member asks questions

    # The link works once.
    client.logout()
    used = client.get(link)
    assert "al gebruikt" in used.content.decode()
    assert client.post(link, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 200
    assert User.objects.filter(email="sanne@example.org").count() == 1


def test_an_address_with_an_account_gets_the_password_reset_and_the_same_page(client, leiden):
    UserFactory(username="bestaand", email="Sanne@example.org")
    response = sign_up(client)
    assert response["Location"] == SENT_URL
    [message] = mail.outbox
    assert "/account/wachtwoord" in message.body and "/aanmelden/" not in message.body
    assert not SignUp.objects.exists()
    assert "Kijk in je mail" in client.get(SENT_URL).content.decode()


def test_the_form_keeps_what_was_typed_and_asks_for_a_known_organisation_or_the_tick(client, leiden):
    response = sign_up(client, organisation="Onbekende school")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sanne" in page and "Onbekende school" in page and "niet in de lijst" in page
    assert not mail.outbox
    assert sign_up(client, consent="").status_code == 200  # consent is required
    assert not mail.outbox


def test_an_organisation_not_in_the_list_waits_for_a_coordinator_who_chooses_one(client, leiden, coordinator):
    response = sign_up_and_verify(client, organisation="Basisschool De Regenboog", not_listed="on")
    assert response.status_code == 200 and "coördinator" in response.content.decode()
    signup = SignUp.objects.get()
    assert signup.organisation is None and signup.organisation_text == "Basisschool De Regenboog"
    user = User.objects.get(email="sanne@example.org")
    assert not user.is_active  # cannot log in yet
    assert not client.login(username=user.username, password=PASSWORD)
    assert list(services.pending_signups()) == [signup]

    client.force_login(coordinator)
    assert "Basisschool De Regenboog" in client.get(LIST_URL).content.decode()
    decide = f"{LIST_URL}{signup.pk}/"
    response = client.post(decide, {"decision": "approve", "organisation": ""})
    assert response.status_code == 200 and "Kies de organisatie" in response.content.decode()
    response = client.post(decide, {"decision": "approve", "organisation": "Hogeschool Leiden"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active and list(user.member_organisations.all()) == [leiden]
    approved = mail.outbox[-1]
    assert approved.to == ["sanne@example.org"] and "goedgekeurd" in approved.subject
    assert "/account/inloggen/" in approved.body
    assert not services.pending_signups().exists()
    assert client.get(decide).status_code == 404  # decided


def test_with_approval_on_a_coordinator_declines_and_the_waiting_login_goes(client, leiden, coordinator, approval_on):
    sign_up_and_verify(client)
    signup = SignUp.objects.get()
    assert signup.verified_at and signup.decided_at is None
    assert not User.objects.get(email="sanne@example.org").is_active

    client.force_login(coordinator)
    response = client.post(f"{LIST_URL}{signup.pk}/", {"decision": "decline", "organisation": "Hogeschool Leiden"})
    assert response.status_code == 302
    declined = mail.outbox[-1]
    assert declined.to == ["sanne@example.org"] and "niet goedgekeurd" in declined.subject
    signup.refresh_from_db()
    assert signup.approved is False and signup.decided_by == coordinator and signup.user is None
    assert not User.objects.filter(email="sanne@example.org").exists()  # the address is free again


def test_a_second_sign_up_while_one_waits_explains_itself(client, leiden, approval_on):
    sign_up_and_verify(client)
    sign_up(client)
    assert "wacht" in client.get(link_in(mail.outbox[-1])).content.decode()


def test_the_coordinator_switches_approval_on_and_off(client, coordinator):
    client.force_login(coordinator)
    assert client.post(f"{LIST_URL}instelling/", {"needs_approval": "on"}).status_code == 302
    assert NetworkProfile.objects.get().signup_needs_approval
    assert services.signup_needs_approval()
    client.post(f"{LIST_URL}instelling/", {})
    assert not services.signup_needs_approval()


def test_an_expired_link_explains_itself_and_offers_to_start_again(client, leiden):
    sign_up(client)
    SignUp.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    page = client.get(link_in(mail.outbox[0])).content.decode()
    assert "48 uur" in page and 'href="/aanmelden/"' in page
    assert not User.objects.filter(email="sanne@example.org").exists()


def test_an_unknown_link_explains_itself(client):
    assert "niet compleet" in client.get("/aanmelden/verkeerd-token/").content.decode()


def test_only_the_newest_link_works(client, leiden):
    sign_up(client)
    first = link_in(mail.outbox[0])
    sign_up(client)
    assert SignUp.objects.count() == 1
    assert "niet compleet" in client.get(first).content.decode()
    assert "wachtwoord" in client.get(link_in(mail.outbox[1])).content.decode()


def test_over_the_limits_the_page_reads_the_same_but_nothing_is_sent(client, leiden):
    for _ in range(3):
        assert sign_up(client)["Location"] == SENT_URL
    assert len(mail.outbox) == 3
    assert sign_up(client)["Location"] == SENT_URL
    assert len(mail.outbox) == 3  # per address
    for number in range(6):
        sign_up(client, email=f"collega{number}@example.org")
    assert len(mail.outbox) == 9  # ten tries from this client address so far, one of them over the address limit
    sign_up(client, email="nog-een@example.org")
    assert len(mail.outbox) == 9  # the eleventh try: over the client limit


def test_sign_up_closed(client, settings, leiden):
    settings.SIGNUP_OPEN = False
    assert "gesloten" in client.get(SIGNUP_URL).content.decode()
    sign_up(client)
    assert not mail.outbox and not SignUp.objects.exists()
    assert "/aanmelden/" not in client.get("/account/inloggen/").content.decode()
    settings.SIGNUP_OPEN = True
    assert 'href="/aanmelden/"' in client.get("/account/inloggen/").content.decode()
    assert 'href="/aanmelden/"' in client.get("/vragen/").content.decode()


def test_the_mails_are_in_the_language_of_the_page(client, leiden):
    client.post("/en/aanmelden/", form_data())
    [message] = mail.outbox
    assert "Confirm your sign-up" in message.subject and "/en/aanmelden/" in message.body


def test_waiting_sign_ups_are_in_the_coordinators_daily_notification(client, leiden, coordinator, approval_on):
    sign_up_and_verify(client)
    assert waiting_work()["signups"] == 1
    assert collect_waiting(timezone.localdate()) == 1
    notification = Notification.objects.get(recipient=coordinator, kind=Kind.WAITING)
    assert "1 aanmelding om goed te keuren" in notification.text


def test_the_people_page_links_to_the_waiting_sign_ups(client, leiden, coordinator, approval_on):
    sign_up_and_verify(client)
    client.force_login(coordinator)
    assert "Aanmeldingen: 1 wacht" in client.get("/gebruikers/").content.decode()


def test_old_sign_ups_are_removed_but_waiting_ones_stay(leiden, approval_on):
    common = {"last_name": "B", "organisation": leiden, "organisation_text": "", "base_url": "/"}
    assert services.request_signup(first_name="A", email="oud@example.org", **common)
    waiting, _link = services.request_signup(first_name="C", email="wacht@example.org", **common)
    services.verify_signup(waiting, PASSWORD)
    SignUp.objects.update(expires_at=timezone.now() - timedelta(days=31))
    assert services.purge_signups() == 1
    assert list(SignUp.objects.all()) == [waiting]
