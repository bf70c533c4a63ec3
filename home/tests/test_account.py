"""Each person's own account: the page, changing the e-mail address, downloading their data, closing the account, the
operator's account_data command and the privacy statement."""

import json
import re
import time
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client

from attendance.models import Registration
from attendance.services import registration as signup
from core import mail as core_mail
from core.models import OutgoingMail
from home import account_services
from network import services as network_services
from network.models import Invitation, OrganisationRole
from notifications.models import Kind, Notification, Preferences
from notifications.services import notify
from questions.models import Question
from questions.services import member_label, respond, save_question
from tests.factories import ActivityFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "password"  # UserFactory's
BASE = "http://testserver/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def leiden():
    return OrganisationFactory(name="Hogeschool Leiden", slug="hogeschool-leiden")


@pytest.fixture
def anna(leiden):
    user = UserFactory(username="anna", email="anna@example.org", first_name="Anna", last_name="de Vries")
    leiden.editors.add(user)
    return user


@pytest.fixture
def client_anna(anna):
    client = Client()
    client.force_login(anna)
    return client


def _question(asker, title="Wie helpt met taal?"):
    return save_question(Question(title=title, looking_for="Ideeën", asker=asker), themes=[], sector_codes=[])


def _link(message) -> str:
    return re.search(r"https?://\S+(/account/e-mail/\S+/)", message.body).group(1)


# --- The page ------------------------------------------------------------------------------------------------------


def test_the_account_page_shows_name_email_roles_and_links(client_anna, leiden):
    response = client_anna.get("/account/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "anna@example.org",
        "Hogeschool Leiden",
        "/meldingen/instellingen/",
        "/meldingen/",
        "/account/e-mail/",
    ):
        assert text in html
    assert "/account/wachtwoord-wijzigen/" in html and "/account/mijn-gegevens/" in html
    assert "/account/opheffen/" in html and 'href="/privacy/"' in html
    assert 'href="/account/"' in html  # the header's link with the user's name


def test_the_page_asks_for_login(client):
    assert client.get("/account/").url.startswith("/account/inloggen/")


def test_the_name_is_saved_with_a_message(client_anna, anna):
    response = client_anna.post("/account/", {"first_name": "Anne", "last_name": "Jansen"}, follow=True)
    anna.refresh_from_db()
    assert (anna.first_name, anna.last_name) == ("Anne", "Jansen")
    assert "Je naam is opgeslagen." in response.content.decode()


def test_the_password_change_page_works(client_anna, anna):
    new = "Een-nieuw-lang-wachtwoord-7"
    response = client_anna.post(
        "/account/wachtwoord-wijzigen/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.url == "/account/wachtwoord-wijzigen/klaar/"
    anna.refresh_from_db()
    assert anna.check_password(new)
    assert client_anna.get("/account/").status_code == 200  # still logged in


# --- Changing the e-mail address -----------------------------------------------------------------------------------


def test_a_change_mails_the_new_address_a_link_and_the_old_one_a_notice(client_anna, anna):
    response = client_anna.post("/account/e-mail/", {"new_email": "anna@nieuw.example.org", "password": PASSWORD})
    assert response.url == "/account/"
    anna.refresh_from_db()
    assert anna.email == "anna@example.org"  # not yet
    [to_new] = [m for m in mail.outbox if m.to == ["anna@nieuw.example.org"]]
    [notice] = [m for m in mail.outbox if m.to == ["anna@example.org"]]
    assert "24 uur" in to_new.body
    assert "anna@nieuw.example.org" in notice.body and "/account/e-mail/" not in notice.body
    link = _link(to_new)

    page = Client().get(link)  # from any device, without logging in
    assert page.status_code == 200 and "anna@nieuw.example.org" in page.content.decode()
    anna.refresh_from_db()
    assert anna.email == "anna@example.org"  # opening shows a button; a link checker changes nothing

    response = client_anna.post(link, follow=True)
    anna.refresh_from_db()
    assert anna.email == "anna@nieuw.example.org"
    assert "anna@nieuw.example.org" in response.content.decode()

    again = client_anna.post(link)  # once only
    assert "werkt niet meer" in again.content.decode()
    assert "werkt niet meer" in client_anna.get(link).content.decode()


def test_the_link_expires_after_a_day(client_anna, anna, monkeypatch):
    client_anna.post("/account/e-mail/", {"new_email": "anna@nieuw.example.org", "password": PASSWORD})
    [to_new] = [m for m in mail.outbox if m.to == ["anna@nieuw.example.org"]]
    later = time.time() + 25 * 60 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = client_anna.post(_link(to_new))
    monkeypatch.undo()
    assert "werkt niet meer" in response.content.decode()
    anna.refresh_from_db()
    assert anna.email == "anna@example.org"


def test_a_taken_address_gets_the_same_page_and_a_mail_that_says_so(client_anna, anna):
    UserFactory(username="bert", email="bert@example.org")
    response = client_anna.post(
        "/account/e-mail/", {"new_email": "Bert@example.org", "password": PASSWORD}, follow=True
    )
    assert "We hebben een link gestuurd naar Bert@example.org" in response.content.decode()
    [to_taken] = [m for m in mail.outbox if m.to == ["Bert@example.org"]]
    assert "/account/e-mail/" not in to_taken.body and "al een ander account" in to_taken.body
    anna.refresh_from_db()
    assert anna.email == "anna@example.org"


def test_an_address_taken_after_the_request_is_not_taken_over(client_anna, anna):
    client_anna.post("/account/e-mail/", {"new_email": "nieuw@example.org", "password": PASSWORD})
    [to_new] = [m for m in mail.outbox if m.to == ["nieuw@example.org"]]
    UserFactory(username="snel", email="nieuw@example.org")
    assert "werkt niet meer" in client_anna.post(_link(to_new)).content.decode()
    anna.refresh_from_db()
    assert anna.email == "anna@example.org"


def test_a_wrong_password_changes_nothing_and_keeps_what_was_typed(client_anna):
    response = client_anna.post("/account/e-mail/", {"new_email": "anna@nieuw.example.org", "password": "fout"})
    assert response.status_code == 200
    assert "Dit is niet je wachtwoord." in response.content.decode()
    assert 'value="anna@nieuw.example.org"' in response.content.decode()
    assert mail.outbox == []


def test_changes_are_rate_limited(client_anna):
    for number in range(5):
        client_anna.post("/account/e-mail/", {"new_email": f"n{number}@example.org", "password": PASSWORD})
    sent = len(mail.outbox)
    response = client_anna.post("/account/e-mail/", {"new_email": "n9@example.org", "password": PASSWORD})
    assert response.status_code == 429 and len(mail.outbox) == sent


# --- Download my data ----------------------------------------------------------------------------------------------


def test_the_download_holds_everything_about_the_person(client_anna, anna, leiden):
    PersonFactory(name="Anna de Vries", organisation=leiden, email="anna@example.org", phone="071-1234", user=anna)
    question = _question(anna)
    other = UserFactory(username="bert", email="bert@example.org")
    respond(_question(other, "Wie kent een school?"), anna, "Ik help graag.")
    respond(question, other, "Ik ook.")  # a notification for Anna
    Preferences.objects.create(user=anna, weekly_digest=False)
    network_services.invite(
        "anna@example.org", OrganisationFactory(name="Gemeente"), "member", invited_by=None, base_url=BASE
    )

    response = client_anna.get("/account/mijn-gegevens/")
    assert response["Content-Disposition"] == 'attachment; filename="mijn-gegevens.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == "anna@example.org" and data["account"]["first_name"] == "Anna"
    assert "password" not in json.dumps(data["account"])
    assert data["organisations"] == [
        {"organisation": "Hogeschool Leiden", "slug": "hogeschool-leiden", "role": "editor"}
    ]
    assert data["directory_entry"]["phone"] == "071-1234"
    assert [q["title"] for q in data["questions"]] == ["Wie helpt met taal?"]
    assert [r["message"] for r in data["help_offered"]] == ["Ik help graag."]
    assert data["notification_settings"]["weekly_digest"] is False
    assert [n["kind"] for n in data["notifications"]] == [Kind.HELP_OFFERED]
    assert [i["organisation"] for i in data["invitations_received"]] == ["Gemeente"]
    subjects = [m["subject"] for m in data["mails"]]
    assert len(subjects) == 2 and all(subject.startswith("[") for subject in subjects)  # help offered, invitation


def test_the_operator_command_prints_the_same_data(anna):
    out = StringIO()
    call_command("account_data", "ANNA@example.org", stdout=out)
    assert json.loads(out.getvalue())["account"]["username"] == "anna"
    with pytest.raises(CommandError):
        call_command("account_data", "niemand@example.org")


def test_the_data_of_an_address_is_found_whatever_the_case_of_its_letters(db):
    """Issue 20, finding 5: `email__iexact` folded ASCII only on SQLite; every letter now (core.sqlite_functions)."""
    from datetime import timedelta

    from django.utils import timezone

    UserFactory(username="emile", email="emile@münchen.de")
    now = timezone.now()
    Invitation.objects.create(
        email="EMILE@MÜNCHEN.DE",
        organisation=OrganisationFactory(name="Gemeente"),
        role=OrganisationRole.MEMBER,
        language="nl",
        token_hash="x" * 64,
        sent_at=now,
        expires_at=now + timedelta(days=7),
    )
    OutgoingMail.objects.create(to="Emile@München.de", subject="Uitnodiging", text="", html="", next_attempt_at=now)
    out = StringIO()
    call_command("account_data", "EMILE@MÜNCHEN.de", stdout=out)
    data = json.loads(out.getvalue())
    assert data["account"]["username"] == "emile"
    assert [i["organisation"] for i in data["invitations_received"]] == ["Gemeente"]
    assert [m["subject"] for m in data["mails"]] == ["Uitnodiging"]


# --- Closing the account -------------------------------------------------------------------------------------------


def test_closing_removes_the_personal_data_and_keeps_the_records(client_anna, anna, leiden):
    person = PersonFactory(name="Anna de Vries", organisation=leiden, email="anna@example.org", phone="071", user=anna)
    leiden.members.add(UserFactory(username="lid"))
    question = _question(anna)
    other = UserFactory(username="bert", email="bert@example.org")
    offer, _created = respond(_question(other, "Wie kent een school?"), anna, "Ik help graag.")
    respond(question, other, "Ik ook.")
    Preferences.objects.create(user=anna)
    gemeente = OrganisationFactory(name="Gemeente")
    invitation, _link = network_services.invite("anna@example.org", gemeente, "member", invited_by=None, base_url=BASE)
    core_mail.queue(core_mail.Message(to="anna@example.org", subject="wacht", text="t", html="h"))
    OutgoingMail.objects.filter(to="anna@example.org").update(status=OutgoingMail.Status.QUEUED)
    other_session = Client()
    other_session.force_login(anna)

    assert "blijft je naam staan in de gids" in client_anna.get("/account/opheffen/").content.decode()
    assert client_anna.post("/account/opheffen/", {"password": "fout"}).status_code == 200
    response = client_anna.post("/account/opheffen/", {"password": PASSWORD})
    assert response.url == "/account/opgeheven/"

    anna.refresh_from_db()
    assert not anna.is_active and not anna.has_usable_password()
    assert (anna.first_name, anna.last_name, anna.email) == ("", "", "")
    assert anna.username.startswith("opgeheven-")
    assert not anna.editable_organisations.exists() and not anna.member_organisations.exists()
    person.refresh_from_db()
    assert (person.user, person.email, person.phone, person.name) == (None, "", "", "Anna de Vries")
    assert not OutgoingMail.objects.filter(to__iexact="anna@example.org").exists()
    assert not Notification.objects.filter(recipient=anna).exists()
    assert not Preferences.objects.filter(user=anna).exists()
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None and invitation.email == ""
    # Logged out here and everywhere else.
    assert client_anna.get("/account/").status_code == 302
    assert other_session.get("/account/").status_code == 302
    # The records stay, under "a former member".
    assert Question.objects.filter(pk=question.pk).exists()
    label = member_label(anna, viewer=other)
    assert label.name == "een voormalig lid" and label.organisation == ""
    page = Client()
    page.force_login(other)
    assert "een voormalig lid" in page.get(offer.question.get_absolute_url()).content.decode()


def test_a_closed_address_can_be_used_again(client_anna, anna, leiden):
    client_anna.post("/account/opheffen/", {"password": PASSWORD})
    mail.outbox.clear()
    invitation, link = network_services.invite("anna@example.org", leiden, "member", invited_by=None, base_url=BASE)
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert network_services.account_for_address("anna@example.org") is None  # the page asks for a new password
    user = network_services.create_invited_account(invitation, first_name="Anna", last_name="V", password="x-Lang-42!")
    assert user.pk != anna.pk and user.email == "anna@example.org"
    assert (leiden, OrganisationRole.MEMBER) in network_services.roles_of(user)


def test_the_last_coordinator_cannot_close(leiden):
    only = UserFactory(username="coordinatie", email="c@example.org", is_coordinator=True)
    client = Client()
    client.force_login(only)
    page = client.get("/account/opheffen/").content.decode()
    assert "enige actieve coördinator" in page
    client.post("/account/opheffen/", {"password": PASSWORD})
    only.refresh_from_db()
    assert only.is_active and only.email == "c@example.org"
    with pytest.raises(CommandError):
        call_command("account_data", "c@example.org", "--close")

    UserFactory(username="tweede", is_coordinator=True)
    assert client.post("/account/opheffen/", {"password": PASSWORD}).url == "/account/opgeheven/"


def test_the_operator_command_closes_an_account(anna):
    call_command("account_data", "anna@example.org", "--close", stdout=StringIO())
    anna.refresh_from_db()
    assert not anna.is_active and anna.email == ""
    assert get_user_model().objects.filter(email__iexact="anna@example.org").count() == 0


def test_a_closed_account_gets_no_notification_mail(anna):
    account_services.close_account(anna)
    anna.refresh_from_db()
    mail.outbox.clear()
    notify(anna, Kind.PUBLISHED, {"title": "X"}, "/")
    assert mail.outbox == []


# --- Privacy statement ---------------------------------------------------------------------------------------------


def test_the_privacy_statement_in_both_languages(client, leiden):
    PersonFactory(name="Cora Coördinator", role="coordinator", organisation=leiden, email="cora@example.org")
    dutch = client.get("/privacy/").content.decode()
    assert "Privacyverklaring" in dutch and "cora@example.org" in dutch and "30 dagen" in dutch
    english = client.get("/en/privacy/").content.decode()
    assert "Privacy statement" in english and "Cookies" in english
    assert 'href="/privacy/"' in client.get("/").content.decode()  # the footer


def test_closing_leaves_other_addresses_invitations_alone(anna, leiden):
    other, _link = network_services.invite("ander@example.org", leiden, "member", invited_by=None, base_url=BASE)
    account_services.close_account(anna)
    other.refresh_from_db()
    assert other.is_pending and other.email == "ander@example.org"
    assert Invitation.objects.filter(email="ander@example.org").count() == 1


def test_every_table_that_points_to_an_account_is_known_to_the_download_and_the_closing():
    """A new model with a link to the user must be added to home/account_services.py (or said here why not)."""
    import inspect
    import re

    from django.apps import apps

    from home import account_services

    source = inspect.getsource(account_services)
    # Related through another record the service already covers, or not personal.
    covered_elsewhere = {
        "Organisation",  # editors and members: the roles, listed and cleared
        "SignUp",  # a sign-up in flight; its login is this account, the row is removed 30 days after its link expired
        "Group",  # Django's groups and permissions: rimpel does not use them
        "Permission",
        "LogEntry",  # the admin's log of support actions by superusers: kept as the audit trail
    }
    pointing = {
        model.__name__
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation and field.related_model is get_user_model() and not field.auto_created
    } - {"User"}
    missing = {name for name in pointing - covered_elsewhere if not re.search(rf"\b{name}\b", source)}
    assert not missing, f"Add these to home/account_services.py: {sorted(missing)}"


def test_sign_ups_for_activities_are_in_the_download_and_lose_the_person_when_the_account_closes(anna):
    activity = ActivityFactory(title="Open les")
    signup.save_setup(activity, capacity=None, deadline=None, audience="members", questions=["Dieet?"], base_url=BASE)
    signup.register(activity, name="Anna", email=anna.email, answers=["geen"], consent=True, user=anna, base_url=BASE)
    (entry,) = account_services.personal_data(anna)["registrations"]
    assert (entry["activity"], entry["status"], entry["answers"]) == ("Open les", "registered", ["geen"])

    account_services.close_account(anna)
    registration = Registration.objects.get()
    assert (registration.user, registration.email, registration.name, registration.answers) == (None, "", "", [])
    assert registration.status == "registered"  # still counted


def test_background_jobs_and_school_imports_are_in_the_download_and_go_when_the_account_closes(anna):
    import datetime as dt

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from core.models import BackgroundJob
    from schooldata.models import DataRelease

    name = default_storage.save("jobs/export-anna.json", ContentFile(b"{}"))
    BackgroundJob.objects.create(
        kind="export", title="Netwerkexport", requested_by=anna, status="done", result_file=name
    )
    DataRelease.objects.create(
        kind="pupils", reference_date=dt.date(2024, 10, 1), source_name="leerlingen.csv", sha256="1", imported_by=anna
    )
    records = account_services.personal_data(anna)["records"]
    assert [job["title"] for job in records["background_jobs"]] == ["Netwerkexport"]
    assert [release["file"] for release in records["school_data_imported"]] == ["leerlingen.csv"]

    account_services.close_account(anna)
    assert not BackgroundJob.objects.exists() and not default_storage.exists(name)
    assert DataRelease.objects.get().imported_by is None  # the open data stays with the network
