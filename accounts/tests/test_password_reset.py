"""Password reset by e-mail with Django's views: same answer for every address, a single-use link, rate-limited."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.views import RESETS_PER_EMAIL
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_reverse_finds_djangos_url_names():
    assert reverse("password_reset").endswith("/account/wachtwoord-vergeten/")
    assert reverse("password_reset_done") and reverse("password_reset_complete")


def test_the_login_page_links_to_the_reset(client):
    assert reverse("password_reset") in client.get(reverse("accounts:login")).content.decode()


def test_reset_by_mail_sets_a_new_password_once(client):
    UserFactory(username="anna", email="anna@example.org")
    response = client.post(reverse("password_reset"), {"email": "Anna@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    [message] = mail.outbox
    assert message.to == ["anna@example.org"]
    assert "Kies een nieuw wachtwoord" in message.subject  # asked on the Dutch page: a Dutch mail
    assert "anna" in message.body
    assert message.alternatives[0][1] == "text/html"
    link = re.search(r"https?://\S+/account/wachtwoord/\S+/", message.body).group(0)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    new = "een-nieuw-wachtwoord-42"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done["Location"] == reverse("password_reset_complete")
    assert client.login(username="anna", password=new)
    client.logout()
    assert not client.get(path, follow=True).context["validlink"]  # used up


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post(reverse("password_reset"), {"email": "niemand@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_resets_are_limited_per_address(client):
    UserFactory(username="anna", email="anna@example.org")
    for _ in range(RESETS_PER_EMAIL + 2):
        response = client.post(reverse("password_reset"), {"email": "anna@example.org"})
        assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == RESETS_PER_EMAIL


def test_the_mail_is_in_english_from_the_english_page(client):
    UserFactory(username="anna", email="anna@example.org")
    client.post("/en/account/wachtwoord-vergeten/", {"email": "anna@example.org"})
    assert "Choose a new password" in mail.outbox[0].subject
    assert "/en/account/wachtwoord/" in mail.outbox[0].body
