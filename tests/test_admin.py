"""The Django admin for support (core.admin_site): superusers only, every model shown read-only, no secrets, and the
few writes it allows go through the apps' services."""

import datetime as dt
from unittest import mock

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core import mail as outbox
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from api import tokens
from attendance.demo import load_demo_attendance
from attendance.models import AttendanceTurn, ErasedKey
from core import mail
from core.models import CacheVersion, OutgoingMail
from exchange.models import ImportedEvent, ImportMapping
from exchange.services import stage_spreadsheet
from home.demo import load_demo
from home.demo_directory import find_organisation
from impact.models import ActivityFigures, SurveyResult
from network import services as network_services
from network.models import Organisation
from network.services import invite
from notifications.models import Batch, Notification, Preferences
from stories.models import Selection, SelectionRound, Story, StoryPart, Substantiation
from tests.factories import UserFactory

PASSWORD = "een-lang-wachtwoord-42"


@pytest.fixture(scope="module")
def records(django_db_setup, django_db_blocker):
    """The demo network plus a record of every model it has none of, built once for the module and rolled back."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        load_demo(with_users=True)
        load_demo_attendance()  # the demo has no attendance of its own (it would change the seed's figures)
        root = User.objects.create_superuser("root", "root@example.org", PASSWORD)
        organisation = find_organisation("HsL")
        invitation, link = invite("nieuw@example.org", organisation, "editor", invited_by=root, base_url="/")
        token, secret = tokens.issue(organisation, "Website", root)
        stage_spreadsheet(
            root, "organisations", None, accept_suggestions=False, filename="o.csv", content=b"Naam;Sector\nC;po\n"
        )
        Group.objects.create(name="Ondersteuning")
        ImportedEvent.objects.create(organisation=organisation, uid="event-1@example.org", last_seen=timezone.now())
        ImportMapping.objects.create(kind="organisations", columns={"naam": "name"})
        ErasedKey.objects.create(key="e" * 64)
        AttendanceTurn.objects.get_or_create(pk=1)
        Preferences.objects.create(user=root)
        Batch.objects.create(recipient=root, name=Batch.Name.WEEKLY, period=dt.date(2026, 1, 5))
        Notification.objects.create(recipient=root, kind="help_offered", params={}, url="/")
        CacheVersion.objects.get_or_create(topic="admin-test", defaults={"token": "1"})
        DBTaskResult.objects.create(
            task_path="core.mail.deliver_mail", args_kwargs={"args": [1], "kwargs": {}}, backend_name="default"
        )
        SurveyResult.objects.create(
            figures=ActivityFigures.objects.first(), question="Wil je terugkomen?", share_percent=80, respondents=20
        )
        story = Story.objects.filter(status="accepted").first() or Story.objects.first()
        part = StoryPart.objects.filter(story=story).first()
        if not Substantiation.objects.exists():
            Substantiation.objects.create(part=part, name="Ineke", role="intern begeleider", date=dt.date(2025, 3, 1))
        if not Selection.objects.exists():
            selection_round = SelectionRound.objects.create(
                programme=story.programme, title="Ronde", panel="Kern", held_on=dt.date(2025, 4, 1)
            )
            Selection.objects.create(round=selection_round, story=story, reason="Raakt de kern.")
        yield {
            "root": root,
            "password_hash": root.password,
            "invitation_hash": invitation.token_hash,
            "invitation_token": link.rstrip("/").rsplit("/", 1)[1],
            "api_secret": secret,
            "api_hash": token.key_hash,
        }
        transaction.set_rollback(True)


@pytest.fixture
def root_client(records):
    client = Client()
    client.force_login(records["root"])
    return client


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


@pytest.mark.django_db
def test_every_app_with_models_registers_them(records):
    labels = {model._meta.app_label for model in admin.site._registry}
    assert labels >= {
        "accounts",
        "core",
        "network",
        "activities",
        "projects",
        "offerings",
        "questions",
        "impact",
        "programmes",
        "stories",
        "attendance",
        "reports",
        "search",
        "exchange",
        "api",
        "notifications",
    }


@pytest.mark.django_db
def test_a_superuser_opens_the_index_and_every_models_list_and_record(records, root_client):
    assert root_client.get(reverse("admin:index")).status_code == 200
    for app_label in {model._meta.app_label for model in admin.site._registry}:
        assert root_client.get(reverse("admin:app_list", args=(app_label,))).status_code == 200, app_label
    empty = [model._meta.label for model, _admin in _registered() if not model._default_manager.exists()]
    assert not empty, f"add a record of each to the records fixture: {empty}"
    for model, model_admin in _registered():
        record = model._default_manager.order_by("pk").first()
        changelist = root_client.get(_url(model, "changelist"))
        assert changelist.status_code == 200, model._meta.label
        change = root_client.get(_url(model, "change", record.pk))
        assert change.status_code == 200, model._meta.label
        assert not model_admin.has_change_permission(change.wsgi_request, record), model._meta.label
        if model_admin.search_fields:
            assert root_client.get(_url(model, "changelist"), {"q": "a"}).status_code == 200, model._meta.label


@pytest.mark.django_db
def test_no_page_shows_a_password_hash_or_a_token(records, root_client):
    secrets = [records[key] for key in ("password_hash", "invitation_hash", "invitation_token", "api_secret")]
    secrets.append(records["api_hash"])
    invitation_mail = OutgoingMail.objects.filter(to="nieuw@example.org").get()
    for model, _model_admin in _registered():
        for record in model._default_manager.order_by("-pk")[:3]:
            for url in (_url(model, "changelist"), _url(model, "change", record.pk)):
                page = root_client.get(url).content.decode()
                for secret in secrets:
                    assert secret not in page, f"{url} shows a secret"
    mail_page = root_client.get(_url(OutgoingMail, "change", invitation_mail.pk)).content.decode()
    assert "nieuw@example.org" in mail_page  # who and what, not the body with its link


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["coordinator", "editor", "staff"])
def test_others_who_are_logged_in_are_refused(records, persona):
    user = UserFactory(username=f"not-{persona}", is_coordinator=persona == "coordinator", is_staff=persona == "staff")
    if persona == "editor":
        Organisation.objects.first().editors.add(user)
    client = Client()
    client.force_login(user)
    organisation = Organisation.objects.first()
    for url in (
        reverse("admin:index"),
        reverse("admin:login"),
        _url(Organisation, "changelist"),
        _url(Organisation, "change", organisation.pk),
        _url(User, "changelist"),
    ):
        assert client.get(url).status_code == 403, url


@pytest.mark.django_db
def test_a_visitor_is_sent_to_the_sites_login_page(records):
    response = Client().get(_url(Organisation, "changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    assert Client().get(reverse("admin:login"))["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_a_superuser_at_the_login_address_goes_to_the_index(root_client):
    assert root_client.get(reverse("admin:login"))["Location"] == reverse("admin:index")


@pytest.mark.django_db
def test_adding_changing_and_deleting_are_refused(records, root_client):
    organisation = Organisation.objects.first()
    assert root_client.get(_url(Organisation, "add")).status_code == 403
    assert root_client.post(_url(Organisation, "add"), {"name": "Nieuw"}).status_code == 403
    assert root_client.post(_url(Organisation, "delete", organisation.pk), {"post": "yes"}).status_code == 403
    root_client.post(_url(Organisation, "change", organisation.pk), {"name": "Anders"})
    assert Organisation.objects.get(pk=organisation.pk).name == organisation.name
    response = root_client.post(
        _url(Organisation, "changelist"), {"action": "delete_selected", "_selected_action": [organisation.pk]}
    )
    assert response.status_code in (200, 302)
    assert Organisation.objects.filter(pk=organisation.pk).exists()


@pytest.mark.django_db
def test_deactivating_and_activating_logins_go_through_the_service(records, root_client):
    member = UserFactory(username="lid")
    root = records["root"]
    with mock.patch("network.services.set_active", wraps=network_services.set_active) as spy:
        root_client.post(_url(User, "changelist"), {"action": "deactivate", "_selected_action": [member.pk, root.pk]})
        spy.assert_called_once_with(member, False)
    member.refresh_from_db()
    root.refresh_from_db()
    assert not member.is_active
    assert root.is_active  # one's own login is left alone
    root_client.post(_url(User, "changelist"), {"action": "activate", "_selected_action": [member.pk]})
    member.refresh_from_db()
    assert member.is_active


@pytest.mark.django_db
def test_retrying_queued_mail_goes_through_the_mail_queue(records, root_client):
    given_up = OutgoingMail.objects.create(
        to="wacht@example.org",
        subject="Uitnodiging",
        text="Tekst",
        html="<p>Tekst</p>",
        status=OutgoingMail.Status.FAILED,
        attempts=mail.MAX_ATTEMPTS,
        next_attempt_at=timezone.now(),
    )
    outbox.outbox.clear()
    with mock.patch("core.mail.retry", wraps=mail.retry) as spy:
        response = root_client.post(
            _url(OutgoingMail, "changelist"), {"action": "retry", "_selected_action": [given_up.pk]}, follow=True
        )
    spy.assert_called_once()
    assert "1 mail staat klaar om opnieuw te versturen." in response.content.decode()
    given_up.refresh_from_db()
    assert given_up.status == OutgoingMail.Status.SENT  # the test suite's queue sends at once
    assert [message.to for message in outbox.outbox] == [["wacht@example.org"]]


@pytest.mark.django_db
def test_retry_leaves_sent_mail_alone(records):
    sent = OutgoingMail.objects.create(
        to="klaar@example.org", subject="S", text="T", html="H", status="sent", next_attempt_at=timezone.now()
    )
    assert mail.retry([sent.pk]) == 0
