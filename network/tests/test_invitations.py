"""Invitations: a coordinator or an editor invites, the mail's link sets a password, and the role takes effect."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from network import services
from network.models import Invitation, OrganisationRole
from tests.factories import ActivityFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

CREATE_URL = "/uitnodigingen/nieuw/"
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
def gemeente():
    return OrganisationFactory(name="Gemeente Leiden", slug="gemeente-leiden")


@pytest.fixture
def coordinator():
    return UserFactory(username="coordinator", is_coordinator=True, first_name="Cora", last_name="Dinator")


def link_in(message) -> str:
    return re.search(r"https?://\S+/uitnodiging/\S+/", message.body).group(0)


def path_of(link: str) -> str:
    return urlsplit(link).path


def invite_by_form(client, user, organisation, email="nieuwe.redacteur@example.org", role="editor", **extra):
    client.force_login(user)
    return client.post(CREATE_URL, {"email": email, "organisation": organisation.slug, "role": role, **extra})


def accept_by_form(client, link, **overrides):
    data = {"first_name": "Nina", "last_name": "Nieuw", "password1": PASSWORD, "password2": PASSWORD, **overrides}
    return client.post(path_of(link), data)


def test_a_coordinator_invites_an_editor_who_then_edits_only_that_organisation(client, coordinator, leiden, gemeente):
    PersonFactory(name="Nina Nieuw", organisation=leiden, email="Nieuwe.Redacteur@example.org")
    response = invite_by_form(client, coordinator, leiden)
    assert response.status_code == 302
    assert response["Location"] == "/organisaties/hogeschool-leiden/uitnodigingen/"
    [message] = mail.outbox
    assert message.to == ["nieuwe.redacteur@example.org"]
    assert "Hogeschool Leiden" in message.subject
    assert "Cora Dinator" in message.body and "redacteur" in message.body  # Dutch: the inviter's language
    assert message.alternatives[0][1] == "text/html"

    client.logout()
    link = link_in(message)
    form_page = client.get(path_of(link))
    assert form_page.status_code == 200 and "wachtwoord" in form_page.content.decode()
    response = accept_by_form(client, link)
    assert response.status_code == 302
    assert response["Location"] == "/account/mijn-werk/"

    user = leiden.editors.get()
    assert (user.username, user.email, user.get_full_name()) == (
        "nieuwe.redacteur@example.org",
        "nieuwe.redacteur@example.org",
        "Nina Nieuw",
    )
    assert user.person.name == "Nina Nieuw"  # linked to the directory's person with that address
    assert Invitation.objects.get().accepted_by == user
    # Logged in: edits Hogeschool Leiden's records, not the municipality's.
    own = ActivityFactory(organisers=[leiden])
    other = ActivityFactory(organisers=[gemeente])
    assert client.get(reverse("activities:edit", args=[own.slug])).status_code == 200
    assert client.get(reverse("activities:edit", args=[other.slug])).status_code == 403
    # and can log in with the address as user name
    client.logout()
    assert client.login(username="nieuwe.redacteur@example.org", password=PASSWORD)


def test_a_used_link_explains_itself_and_creates_nothing_more(client, coordinator, leiden):
    _invitation, link = services.invite(
        "a@example.org", leiden, "member", invited_by=coordinator, base_url="http://testserver", language="nl"
    )
    accept_by_form(client, link)
    client.logout()
    response = client.get(path_of(link))
    assert "already accepted" in response.content.decode() or "al aangenomen" in response.content.decode()
    response = accept_by_form(client, link, first_name="Ander")
    assert response.status_code == 200
    assert leiden.members.count() == 1


def test_an_expired_link_explains_itself(client, coordinator, leiden):
    invitation, link = services.invite(
        "a@example.org", leiden, "member", invited_by=coordinator, base_url="/", language="nl"
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get("/en" + path_of(link))
    assert "7 days, and that time has passed" in response.content.decode()
    assert accept_by_form(client, link).status_code == 200
    assert not leiden.members.exists()


def test_a_withdrawn_or_unknown_link_explains_itself(client, coordinator, leiden):
    invitation, link = services.invite(
        "a@example.org", leiden, "member", invited_by=coordinator, base_url="/", language="nl"
    )
    client.force_login(coordinator)
    assert client.get(f"/uitnodigingen/{invitation.pk}/intrekken/").status_code == 200
    client.post(f"/uitnodigingen/{invitation.pk}/intrekken/")
    client.logout()
    assert "was withdrawn" in client.get("/en" + path_of(link)).content.decode()
    assert "not complete or not right" in client.get("/en/uitnodiging/onzin/").content.decode()


def test_resending_gives_a_new_link_and_ends_the_old_one(client, coordinator, leiden):
    invitation, old_link = services.invite(
        "a@example.org", leiden, "editor", invited_by=coordinator, base_url="/", language="nl"
    )
    client.force_login(coordinator)
    response = client.post(f"/uitnodigingen/{invitation.pk}/opnieuw/")
    assert response.status_code == 302
    new_link = link_in(mail.outbox[-1])
    assert new_link != old_link
    client.logout()
    assert "was withdrawn" not in client.get("/en" + path_of(old_link)).content.decode()
    assert "not complete or not right" in client.get("/en" + path_of(old_link)).content.decode()
    assert accept_by_form(client, new_link).status_code == 302


def test_a_new_invitation_replaces_a_pending_one(coordinator, leiden):
    first, _link = services.invite(
        "a@example.org", leiden, "member", invited_by=coordinator, base_url="/", language="nl"
    )
    services.invite("A@example.org", leiden, "editor", invited_by=coordinator, base_url="/", language="nl")
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert Invitation.objects.pending().get().role == OrganisationRole.EDITOR


def test_an_editor_invites_to_their_own_organisation_only(client, leiden, gemeente):
    editor = UserFactory(username="redacteur")
    leiden.editors.add(editor)
    assert invite_by_form(client, editor, leiden, role="member").status_code == 302
    response = invite_by_form(client, editor, gemeente)
    assert response.status_code == 200  # not among the choices: the form refuses it
    assert "organisation" in response.context["form"].errors
    assert invite_by_form(client, editor, leiden, as_coordinator="on").status_code == 302
    assert not Invitation.objects.filter(as_coordinator=True).exists()  # the field is not there for editors
    assert client.get(f"/organisaties/{gemeente.slug}/uitnodigingen/").status_code == 403
    client.force_login(UserFactory(username="lid"))
    assert client.get(CREATE_URL).status_code == 403


def test_an_existing_account_accepts_after_logging_in(client, coordinator, leiden):
    existing = UserFactory(username="bestaand", email="b@example.org")
    _invitation, link = services.invite(
        "b@example.org", leiden, "editor", invited_by=coordinator, base_url="/", language="nl"
    )
    response = client.get("/en" + path_of(link))
    assert "already has an account" in response.content.decode()
    assert "form" not in response.context or response.context.get("form") is None
    client.force_login(UserFactory(username="iemand-anders", email="c@example.org"))
    assert "another address" in client.get("/en" + path_of(link)).content.decode()
    client.force_login(existing)
    assert client.post(path_of(link)).status_code == 302
    assert list(leiden.editors.all()) == [existing]


def test_the_password_is_checked_by_djangos_validators(client, coordinator, leiden):
    _invitation, link = services.invite(
        "a@example.org", leiden, "member", invited_by=coordinator, base_url="/", language="nl"
    )
    response = accept_by_form(client, link, password1="12345678", password2="12345678")
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    response = accept_by_form(client, link, password2="iets-anders-42")
    assert response.context["form"].errors["password2"]
    assert not leiden.members.exists()


def test_invitations_are_rate_limited_per_address(client, coordinator, leiden):
    for _ in range(3):
        assert invite_by_form(client, coordinator, leiden, email="x@example.org").status_code == 302
    assert invite_by_form(client, coordinator, leiden, email="X@example.org").status_code == 429
    assert len(mail.outbox) == 3


def test_the_invitations_page_lists_pending_and_earlier(client, coordinator, leiden):
    services.invite("open@example.org", leiden, "member", invited_by=coordinator, base_url="/", language="nl")
    used, link = services.invite(
        "klaar@example.org", leiden, "member", invited_by=coordinator, base_url="/", language="nl"
    )
    services.accept(used, UserFactory(username="klaar"))
    client.force_login(coordinator)
    response = client.get(f"/organisaties/{leiden.slug}/uitnodigingen/")
    assert [invitation.email for invitation in response.context["pending"]] == ["open@example.org"]
    assert [invitation.email for invitation in response.context["earlier"]] == ["klaar@example.org"]


def test_the_invitations_page_names_who_invited_not_their_user_name(client, coordinator, leiden):
    services.invite("open@example.org", leiden, "member", invited_by=coordinator, base_url="/", language="nl")
    client.force_login(coordinator)
    page = client.get(f"/organisaties/{leiden.slug}/uitnodigingen/").content.decode()
    assert "door Cora Dinator" in page
    assert "door coordinator" not in page


def test_the_command_invites_and_prints_the_link(capsys, leiden):
    call_command("invite", "eerste@example.org", organisation=leiden.slug, role="editor", coordinator=True)
    output = capsys.readouterr().out
    [message] = mail.outbox
    assert link_in(message) in output
    invitation = Invitation.objects.get()
    assert invitation.as_coordinator and invitation.role == "editor" and invitation.invited_by is None


def test_accepting_as_coordinator_makes_a_coordinator(client, leiden):
    _invitation, link = services.invite(
        "baas@example.org", leiden, "editor", invited_by=None, base_url="/", as_coordinator=True, language="nl"
    )
    accept_by_form(client, link)
    assert leiden.editors.get().is_coordinator


def test_the_command_refuses_an_unknown_organisation():
    with pytest.raises(CommandError):
        call_command("invite", "eerste@example.org", organisation="bestaat-niet", role="editor")
